/*
 * priv_mprv.S - mstatus.MPRV:
 *   with MPRV = 1 M-mode loads and stores are translated and checked with
 *   the privilege in MPP (S: S pages, U pages only with SUM; U: U pages
 *   only), MXR applies, faults are taken in M (never delegated) with
 *   tval = the virtual address; instruction fetches are not translated
 *   (M keeps running with the identity mapping removed); MPP = M means no
 *   translation; MPRV = 0 means no translation.
 * A trap into M overwrites MPP, so MPP is set again before every check.
 */
#include "priv_macros.h"
#include "priv_vm.h"

#define MPRV_ON(mpp) \
    li t0, MSTATUS_MPP; csrc mstatus, t0; li t0, (mpp) << 11; csrs mstatus, t0; \
    li t0, MSTATUS_MPRV; csrs mstatus, t0
#define MPRV_OFF    li t0, MSTATUS_MPRV; csrc mstatus, t0

PRIV_TEST_BEGIN

    jal vm_init_sv39
    VM_MAP(0, vm_page0, PTE_V | PTE_R | PTE_W | PTE_A | PTE_D)
    VM_MAP(1, vm_page1, PTE_V | PTE_R | PTE_A)
    VM_MAP(2, vm_code_page, PTE_V | PTE_X | PTE_A)
    VM_MAP(6, vm_page6, PTE_V | PTE_R | PTE_W | PTE_U | PTE_A | PTE_D)
    sfence.vma
    /* page faults delegated: M's faults must still be taken in M */
    li a1, (1 << CAUSE_LOAD_PAGE) | (1 << CAUSE_STORE_PAGE)
    csrw medeleg, a1
    li s0, VA(0)
    li s1, VA(1)
    li s2, VA(2)
    li s6, VA(6)

    /* MPRV = 1, MPP = S */
    MPRV_ON(1)
    TEST_CASE(1, a4, PAGE_MAGIC + 0, ld a4, 0(s0))
    MPRV_ON(1)
    TEST_CASE(2, a4, 0x21, li a1, 0x21; sd a1, 8(s0); ld a4, 8(s0))
    MPRV_ON(1)
    TEST_CASE(3, a4, PAGE_MAGIC + 1, ld a4, 0(s1))
    MPRV_ON(1)
    TEST_STORE_FAULT(4, 3, CAUSE_STORE_PAGE, s1)
    MPRV_ON(1)
    TEST_LOAD_FAULT(5, 3, CAUSE_LOAD_PAGE, s6)          /* U page, SUM = 0 */
    MPRV_ON(1)
    TEST_LOAD_FAULT(6, 3, CAUSE_LOAD_PAGE, s2)          /* X only, MXR = 0 */
    MPRV_ON(1)
    li a1, MSTATUS_SUM | MSTATUS_MXR
    csrs mstatus, a1
    MPRV_ON(1)
    TEST_CASE(7, a4, PAGE_MAGIC + 6, ld a4, 0(s6))
    MPRV_ON(1)
    TEST_CASE(8, a4, CODE_WORD0, lwu a4, 0(s2))
    MPRV_ON(1)
    li a1, MSTATUS_SUM | MSTATUS_MXR
    csrc mstatus, a1
    /* MPP = U */
    MPRV_ON(0)
    TEST_CASE(9, a4, PAGE_MAGIC + 6, ld a4, 0(s6))
    MPRV_ON(0)
    TEST_LOAD_FAULT(10, 3, CAUSE_LOAD_PAGE, s0)
    MPRV_ON(0)
    TEST_STORE_FAULT(11, 3, CAUSE_STORE_PAGE, s0)
    /* MPP = M: physical */
    MPRV_ON(3)
    la a1, vm_page4
    MPRV_ON(3)
    TEST_CASE(12, a4, PAGE_MAGIC + 4, ld a4, 0(a1))
    MPRV_OFF
    TEST_MEM64(13, 0x21, vm_page0 + 8)

    /* fetches are not translated: remove the identity gigapage and keep
     * executing in M with MPRV = 1, MPP = S */
    la s3, vm_root
    ld s4, 2 * 8(s3)
    sd zero, 2 * 8(s3)
    sfence.vma
    MPRV_ON(1)
    TEST_CASE(14, a4, PAGE_MAGIC + 0, ld a4, 0(s0))
    /* ... while a translated load of RAM (no longer mapped) faults.  (A
     * data page: QEMU 7.2 lets M loads with MPRV = 1 hit the TLB entry of
     * a page it has just fetched from, untranslated.) */
    la s5, vm_page3
    MPRV_ON(1)
    TEST_LOAD_FAULT(15, 3, CAUSE_LOAD_PAGE, s5)
    MPRV_OFF
    /* MPRV = 0: M loads are physical again */
    TEST_CASE(16, a4, CODE_WORD0, la a1, vm_code_page; lwu a4, 0(a1))
    sd s4, 2 * 8(s3)
    sfence.vma
    csrw medeleg, zero

PRIV_TEST_END

VM_CODE
VM_DATA
