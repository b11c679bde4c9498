/*
 * priv_sv48.S - Sv48 translation (four-level walk):
 *   4 KiB pages through all four levels, permissions and faults as in Sv39,
 *   a 512 GiB terapage (leaf in the root) translating the low 39 bits,
 *   addresses that are invalid in Sv39 but valid in Sv48 (bit 39 set),
 *   addresses whose bits 63:48 differ from bit 47, a misaligned terapage,
 *   a non-leaf root PTE with U set, and unmapped high-half addresses.
 */
#include "priv_macros.h"
#include "priv_vm.h"

#define TERA_VA     0x8000000000        /* root48[1] -> PA 0 */
#define TERA_BAD_VA 0x10000000000       /* root48[2] -> PA 0x80000000 */
#define NLU_VA      0x18040000000       /* root48[3] -> vm_root with U */
#define BAD48_1     0x0001000040000000  /* bit 48 set, bit 47 clear */
#define BAD48_2     0xffff000040000000  /* bits 63:48 set, bit 47 clear */
#define HIGH_VA     0xffff800040000000  /* valid, root48[256] unmapped */

PRIV_TEST_BEGIN

    jal vm_init_sv48
    VM_MAP(0, vm_page0, PTE_V | PTE_R | PTE_W | PTE_A | PTE_D)
    VM_MAP(1, vm_page1, PTE_V | PTE_R | PTE_A)
    VM_MAP(2, vm_code_page, PTE_V | PTE_X | PTE_A)
    VM_MAP(3, vm_page3, PTE_R | PTE_W | PTE_A | PTE_D)     /* V = 0 */
    VM_MAP(4, vm_page4, PTE_V | PTE_R | PTE_W | PTE_U | PTE_A | PTE_D)
    la s1, vm_root48
    li a1, PTE_OF(0, PTE_LEAF_RWX)
    sd a1, 1 * 8(s1)
    li a1, PTE_OF(RAM_BASE, PTE_LEAF_RWX)
    sd a1, 2 * 8(s1)
    la a2, vm_root
    MKPTE(a1, a2, PTE_V | PTE_U)
    sd a1, 3 * 8(s1)
    sfence.vma
    TEST_CASE(1, a4, 9, csrr a4, satp; srli a4, a4, 60)

    ENTER_S
    li s0, VA(0)
    TEST_CASE(2, a4, PAGE_MAGIC + 0, ld a4, 0(s0))
    TEST_CASE(3, a4, 0x48, li a1, 0x48; sd a1, 8(s0); ld a4, 8(s0))
    li s0, VA(1)
    TEST_CASE(4, a4, PAGE_MAGIC + 1, ld a4, 0(s0))
    TEST_STORE_FAULT(5, 3, CAUSE_STORE_PAGE, s0)
    TEST_FETCH_FAULT(6, 3, CAUSE_FETCH_PAGE, s0)
    li s0, VA(2)
    TEST_CASE(7, a4, 0x77, li a4, 0; jalr ra, 0(s0))
    TEST_LOAD_FAULT(8, 3, CAUSE_LOAD_PAGE, s0)
    li s0, VA(3)
    TEST_LOAD_FAULT(9, 3, CAUSE_LOAD_PAGE, s0)
    li s0, VA(4)
    TEST_LOAD_FAULT(10, 3, CAUSE_LOAD_PAGE, s0)
    /* terapage: TERA_VA + x -> x */
    li s0, TERA_VA
    la a1, vm_page2
    add s1, s0, a1
    TEST_CASE(11, a4, PAGE_MAGIC + 2, ld a4, 0(s1))
    TEST_CASE(12, a4, 0x4848, li a1, 0x4848; sd a1, 16(s1); ld a4, 16(s1))
    la a1, vm_code_page
    add s1, s0, a1
    TEST_CASE(13, a4, 0x77, li a4, 0; jalr ra, 0(s1))
    /* misaligned terapage */
    li s0, TERA_BAD_VA
    TEST_LOAD_FAULT(14, 3, CAUSE_LOAD_PAGE, s0)
    TEST_STORE_FAULT(15, 3, CAUSE_STORE_PAGE, s0)
    TEST_FETCH_FAULT(16, 3, CAUSE_FETCH_PAGE, s0)
    /* non-leaf root PTE with U */
    li s0, NLU_VA
    TEST_LOAD_FAULT(17, 3, CAUSE_LOAD_PAGE, s0)
    /* not sign-extended from bit 47 */
    li s0, BAD48_1
    TEST_LOAD_FAULT(18, 3, CAUSE_LOAD_PAGE, s0)
    TEST_STORE_FAULT(19, 3, CAUSE_STORE_PAGE, s0)
    TEST_FETCH_FAULT(20, 3, CAUSE_FETCH_PAGE, s0)
    li s0, BAD48_2
    TEST_LOAD_FAULT(21, 3, CAUSE_LOAD_PAGE, s0)
    /* valid high-half address, not mapped */
    li s0, HIGH_VA
    TEST_LOAD_FAULT(22, 3, CAUSE_LOAD_PAGE, s0)
    ENTER_M
    TEST_MEM64(23, 0x48, vm_page0 + 8)
    TEST_MEM64(24, 0x4848, vm_page2 + 16)
    /* A / D through four levels */
    VM_MAP(5, vm_page5, PTE_V | PTE_R | PTE_W)
    sfence.vma
    ENTER_S
    li s0, VA(5)
    TEST_CASE(25, a4, 5, li a1, 5; sd a1, 8(s0); ld a4, 8(s0))
    ENTER_M
    TEST_CASE(26, a4, PTE_A | PTE_D, li a0, VA(5); jal vm_pte; ld a4, 0(a0); andi a4, a4, PTE_A | PTE_D)

    /* U through Sv48 */
    li a0, 1
    jal vm_code_user
    ENTER_U
    li s0, VA(4)
    TEST_CASE(27, a4, PAGE_MAGIC + 4, ld a4, 0(s0))
    li s0, VA(0)
    TEST_LOAD_FAULT(28, 3, CAUSE_LOAD_PAGE, s0)
    ENTER_M
    li a0, 0
    jal vm_code_user

PRIV_TEST_END

VM_CODE
VM_DATA
