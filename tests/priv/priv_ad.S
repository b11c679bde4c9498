/*
 * priv_ad.S - hardware update of the PTE A and D bits (no Svade):
 *   a load or LR sets A (not D), a store or AMO sets A and D, a fetch sets
 *   A, a store to a page with A = 1, D = 0 sets D, from S and from U; a
 *   faulting store (read-only page) does not set D; non-leaf PTEs are not
 *   modified.  PTEs are checked in memory from M.
 */
#include "priv_macros.h"
#include "priv_vm.h"

/* a4 = A/D bits of the PTE of VA(i) (from M) */
#define PTE_AD(i)   li a0, VA(i); jal vm_pte; ld a4, 0(a0); andi a4, a4, PTE_A | PTE_D
/* a4 = whole PTE of VA(i) */
#define PTE_ALL(i)  li a0, VA(i); jal vm_pte; ld a4, 0(a0)

PRIV_TEST_BEGIN

    jal vm_init_sv39
    VM_MAP(0, vm_page0, PTE_V | PTE_R | PTE_W)
    VM_MAP(1, vm_page1, PTE_V | PTE_R | PTE_W)
    VM_MAP(2, vm_page2, PTE_V | PTE_R | PTE_W | PTE_A)
    VM_MAP(3, vm_code_page, PTE_V | PTE_X)
    VM_MAP(4, vm_page4, PTE_V | PTE_R)
    VM_MAP(5, vm_page5, PTE_V | PTE_R | PTE_W)
    VM_MAP(6, vm_page6, PTE_V | PTE_R | PTE_W | PTE_U)
    VM_MAP(7, vm_page7, PTE_V | PTE_R | PTE_W | PTE_U)
    sfence.vma
    la a0, vm_l1
    ld s8, 0(a0)                        /* non-leaf PTE, to compare later */
    TEST_CASE(1, a4, 0, PTE_AD(0))

    ENTER_S
    li s0, VA(0)
    TEST_CASE(2, a4, PAGE_MAGIC, ld a4, 0(s0))
    li s0, VA(1)
    TEST_CASE(3, a4, 0x42, li a1, 0x42; sd a1, 8(s0); li a4, 0x42)
    li s0, VA(2)
    TEST_CASE(4, a4, 0x43, li a1, 0x43; sw a1, 8(s0); lw a4, 8(s0))
    li s0, VA(3)
    TEST_CASE(5, a4, 0x77, li a4, 0; jalr ra, 0(s0))
    li s0, VA(4)
    TEST_STORE_FAULT(6, 3, CAUSE_STORE_PAGE, s0)
    li s0, VA(5)
    TEST_CASE(7, a4, PAGE_MAGIC + 5, li a1, 1; amoadd.d a4, a1, (s0))
    ENTER_M
    /* load: A only */
    TEST_CASE(8, a4, PTE_A, PTE_AD(0))
    /* store: A and D */
    TEST_CASE(9, a4, PTE_A | PTE_D, PTE_AD(1))
    TEST_MEM64(10, 0x42, vm_page1 + 8)
    /* store with A already set: D set */
    TEST_CASE(11, a4, PTE_A | PTE_D, PTE_AD(2))
    /* fetch: A only */
    TEST_CASE(12, a4, PTE_A, PTE_AD(3))
    /* faulting store: D not set */
    TEST_CASE(13, a4, 0, PTE_AD(4); andi a4, a4, PTE_D)
    /* AMO: A and D */
    TEST_CASE(14, a4, PTE_A | PTE_D, PTE_AD(5))
    TEST_MEM64(15, PAGE_MAGIC + 6, vm_page5)
    /* the rest of the PTE is unchanged */
    la a1, vm_page1
    MKPTE(s1, a1, PTE_V | PTE_R | PTE_W | PTE_A | PTE_D)
    TEST_CASE(16, a4, 0, PTE_ALL(1); sub a4, a4, s1)
    /* non-leaf PTE unchanged */
    TEST_CASE(17, a4, 0, la a0, vm_l1; ld a4, 0(a0); sub a4, a4, s8)

    /* a load after clearing A again (with sfence) sets it again */
    li a0, VA(0)
    jal vm_pte
    ld a1, 0(a0)
    andi a1, a1, ~(PTE_A | PTE_D)
    sd a1, 0(a0)
    sfence.vma
    ENTER_S
    li s0, VA(0)
    TEST_CASE(18, a4, 0x99, li a1, 0x99; amoswap.d zero, a1, (s0); ld a4, 0(s0))
    ENTER_M
    TEST_CASE(19, a4, PTE_A | PTE_D, PTE_AD(0))

    /* LR: A, not D */
    li a0, VA(1)
    jal vm_pte
    ld a1, 0(a0)
    andi a1, a1, ~(PTE_A | PTE_D)
    sd a1, 0(a0)
    sfence.vma
    ENTER_S
    li s0, VA(1)
    TEST_CASE(20, a4, 0x42, lr.d a4, (s0); ld a4, 8(s0))
    ENTER_M
    TEST_CASE(21, a4, PTE_A, PTE_AD(1))

    /* from U */
    li a0, 1
    jal vm_code_user
    ENTER_U
    li s0, VA(6)
    TEST_CASE(22, a4, PAGE_MAGIC + 6, ld a4, 0(s0))
    li s0, VA(7)
    TEST_CASE(23, a4, 7, li a1, 7; sd a1, 0(s0); ld a4, 0(s0))
    ENTER_M
    li a0, 0
    jal vm_code_user
    TEST_CASE(24, a4, PTE_A, PTE_AD(6))
    TEST_CASE(25, a4, PTE_A | PTE_D, PTE_AD(7))

PRIV_TEST_END

VM_CODE
VM_DATA
