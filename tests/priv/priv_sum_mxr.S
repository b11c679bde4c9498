/*
 * priv_sum_mxr.S - mstatus.SUM and mstatus.MXR under Sv39:
 *   S accesses to U pages fault with SUM = 0 and work with SUM = 1 (loads,
 *   stores, AMOs) but S never executes U pages; MXR = 1 makes execute-only
 *   pages readable (S pages from S, U pages from U, U pages from S only
 *   with SUM as well) but not writable; SUM does not let U access S pages;
 *   SUM / MXR are writable through sstatus from S and take effect at once.
 */
#include "priv_macros.h"
#include "priv_vm.h"

PRIV_TEST_BEGIN

    jal vm_init_sv39
    VM_MAP(0, vm_page0, PTE_V | PTE_R | PTE_W | PTE_U | PTE_A | PTE_D)
    VM_MAP(1, vm_code_page, PTE_V | PTE_X | PTE_U | PTE_A)
    VM_MAP(2, vm_code_page, PTE_V | PTE_X | PTE_A)
    VM_MAP(3, vm_code_page, PTE_V | PTE_R | PTE_X | PTE_U | PTE_A)
    VM_MAP(4, vm_page4, PTE_V | PTE_R | PTE_W | PTE_A | PTE_D)
    sfence.vma
    li a1, MSTATUS_SUM | MSTATUS_MXR
    csrc mstatus, a1

    ENTER_S
    /* SUM = 0 */
    li s0, VA(0)
    TEST_LOAD_FAULT(1, 3, CAUSE_LOAD_PAGE, s0)
    TEST_STORE_FAULT(2, 3, CAUSE_STORE_PAGE, s0)
    /* SUM = 1 (set from S) */
    li a1, MSTATUS_SUM
    csrs sstatus, a1
    TEST_CASE(3, a4, PAGE_MAGIC, ld a4, 0(s0))
    TEST_CASE(4, a4, 0x31, li a1, 0x31; sd a1, 8(s0); ld a4, 8(s0))
    TEST_CASE(5, a4, 0x31, li a1, 1; amoadd.d a4, a1, (s0); ld a4, 8(s0))
    /* never execute a U page from S */
    li s0, VA(3)
    TEST_FETCH_FAULT(6, 3, CAUSE_FETCH_PAGE, s0)
    TEST_CASE(7, a4, CODE_WORD0, lwu a4, 0(s0))
    /* U execute-only page: SUM alone does not make it readable */
    li s0, VA(1)
    TEST_LOAD_FAULT(8, 3, CAUSE_LOAD_PAGE, s0)
    /* S execute-only page: MXR = 0 faults, MXR = 1 reads */
    li s0, VA(2)
    TEST_LOAD_FAULT(9, 3, CAUSE_LOAD_PAGE, s0)
    li a1, MSTATUS_MXR
    csrs sstatus, a1
    TEST_CASE(10, a4, CODE_WORD0, lwu a4, 0(s0))
    /* ... but not writable */
    TEST_STORE_FAULT(11, 3, CAUSE_STORE_PAGE, s0)
    /* U execute-only page with SUM = MXR = 1 */
    li s0, VA(1)
    TEST_CASE(12, a4, CODE_WORD0, lwu a4, 0(s0))
    /* SUM = 0, MXR = 1: U page still not accessible */
    li a1, MSTATUS_SUM
    csrc sstatus, a1
    TEST_LOAD_FAULT(13, 3, CAUSE_LOAD_PAGE, s0)
    li s0, VA(0)
    TEST_LOAD_FAULT(14, 3, CAUSE_LOAD_PAGE, s0)
    li a1, MSTATUS_MXR
    csrc sstatus, a1
    ENTER_M
    TEST_MEM64(15, 0x31, vm_page0 + 8)
    TEST_MEM64(16, PAGE_MAGIC + 1, vm_page0)

    /* ---- U ---- */
    li a0, 1
    jal vm_code_user
    li a1, MSTATUS_SUM
    csrs mstatus, a1
    ENTER_U
    /* SUM does not give U access to S pages */
    li s0, VA(4)
    TEST_LOAD_FAULT(17, 3, CAUSE_LOAD_PAGE, s0)
    /* U execute-only: MXR = 0 faults */
    li s0, VA(1)
    TEST_LOAD_FAULT(18, 3, CAUSE_LOAD_PAGE, s0)
    TEST_CASE(19, a4, 0x77, li a4, 0; jalr ra, 0(s0))
    ENTER_M
    li a1, MSTATUS_MXR
    csrs mstatus, a1
    ENTER_U
    li s0, VA(1)
    TEST_CASE(20, a4, CODE_WORD0, lwu a4, 0(s0))
    TEST_STORE_FAULT(21, 3, CAUSE_STORE_PAGE, s0)
    /* MXR does not give U access to S execute-only pages */
    li s0, VA(2)
    TEST_LOAD_FAULT(22, 3, CAUSE_LOAD_PAGE, s0)
    ENTER_M
    li a1, MSTATUS_SUM | MSTATUS_MXR
    csrc mstatus, a1
    li a0, 0
    jal vm_code_user

PRIV_TEST_END

VM_CODE
VM_DATA
