/*
 * priv_sfence.S - SFENCE.VMA makes page-table changes visible:
 *   after a PTE is changed (by M or by S itself through its identity
 *   mapping), sfence.vma with rs1 = rs2 = x0, with an address, with an
 *   ASID and with both makes the new translation (new physical page,
 *   invalid PTE, upgraded permission) take effect; a remapped code page
 *   (with fence.i) runs the new code.  Only the state after the fence is
 *   checked, never that a stale translation survives.
 */
#include "priv_macros.h"
#include "priv_vm.h"

/* remap VA(i) to sym with flags, from M, without a fence */
#define REMAP(i, sym, flags)    VM_MAP(i, sym, flags)
#define RW                      (PTE_V | PTE_R | PTE_W | PTE_A | PTE_D)

PRIV_TEST_BEGIN

    jal vm_init_sv39
    /* use ASID 1 if ASIDs are implemented (ASIDLEN may be 0) */
    csrr a1, satp
    li a2, 1 << SATP_ASID_SHIFT
    or a1, a1, a2
    csrw satp, a1
    csrr a1, satp
    srli s9, a1, SATP_ASID_SHIFT
    li a2, 0xffff
    and s9, s9, a2                      /* s9 = current ASID (0 or 1) */
    REMAP(0, vm_page0, RW)
    REMAP(1, vm_page1, PTE_V | PTE_R | PTE_A)
    REMAP(2, vm_code_page, PTE_V | PTE_X | PTE_A)
    sfence.vma

    ENTER_S
    li s0, VA(0)
    TEST_CASE(1, a4, PAGE_MAGIC + 0, ld a4, 0(s0))
    li s1, VA(2)
    TEST_CASE(2, a4, 0x77, li a4, 0; jalr ra, 0(s1))
    ENTER_M

    /* global fence */
    REMAP(0, vm_page1, RW)
    sfence.vma zero, zero
    ENTER_S
    TEST_CASE(3, a4, PAGE_MAGIC + 1, ld a4, 0(s0))
    ENTER_M
    /* fence for the address */
    REMAP(0, vm_page2, RW)
    li a1, VA(0)
    sfence.vma a1, zero
    ENTER_S
    TEST_CASE(4, a4, PAGE_MAGIC + 2, ld a4, 0(s0))
    ENTER_M
    /* fence for the ASID */
    REMAP(0, vm_page3, RW)
    sfence.vma zero, s9
    ENTER_S
    TEST_CASE(5, a4, PAGE_MAGIC + 3, ld a4, 0(s0))
    ENTER_M
    /* address and ASID */
    REMAP(0, vm_page4, RW)
    li a1, VA(0) + 0x100                /* any address within the page */
    sfence.vma a1, s9
    ENTER_S
    TEST_CASE(6, a4, PAGE_MAGIC + 4, ld a4, 0(s0))
    ENTER_M
    /* invalidate */
    REMAP(0, vm_page4, RW & ~PTE_V)
    li a1, VA(0)
    sfence.vma a1, zero
    ENTER_S
    TEST_LOAD_FAULT(7, 3, CAUSE_LOAD_PAGE, s0)
    ENTER_M
    /* upgrade read-only to read-write */
    ENTER_S
    li s1, VA(1)
    TEST_STORE_FAULT(8, 3, CAUSE_STORE_PAGE, s1)
    ENTER_M
    REMAP(1, vm_page1, RW)
    sfence.vma
    ENTER_S
    TEST_CASE(9, a4, 0x99, li a1, 0x99; sd a1, 8(s1); ld a4, 8(s1))
    ENTER_M

    /* S changes its own page table and fences */
    li a0, VA(0)
    jal vm_pte
    mv s2, a0                           /* PTE address (identity mapped) */
    la a1, vm_page5
    MKPTE(s3, a1, RW)
    la a1, vm_page6
    MKPTE(s4, a1, RW)
    ENTER_S
    sd s3, 0(s2)
    sfence.vma s0, zero
    TEST_CASE(10, a4, PAGE_MAGIC + 5, ld a4, 0(s0))
    sd s4, 0(s2)
    sfence.vma
    TEST_CASE(11, a4, PAGE_MAGIC + 6, ld a4, 0(s0))
    ENTER_M

    /* remap a code page: new instructions in vm_page7 */
    la a1, vm_page7
    li a2, 0x08800713                   /* li a4, 0x88 */
    sw a2, 0(a1)
    li a2, 0x00008067                   /* ret */
    sw a2, 4(a1)
    fence.i
    REMAP(2, vm_page7, PTE_V | PTE_X | PTE_A)
    sfence.vma
    ENTER_S
    fence.i
    li s1, VA(2)
    TEST_CASE(12, a4, 0x88, li a4, 0; jalr ra, 0(s1))
    ENTER_M

PRIV_TEST_END

VM_CODE
VM_DATA
