/*
 * priv_wfi.S - WFI:
 *   in M with MIE = 0, wfi returns once an interrupt enabled in mie becomes
 *   pending (or is pending already) and execution continues after it
 *   without a trap; with MIE = 1 the interrupt is taken with mepc = the
 *   instruction after the wfi; in S with TW = 0 wfi completes when an
 *   interrupt is pending and enabled in sie although SIE = 0, and a machine
 *   timer interrupt wakes it and traps to M; wfi is illegal in U (S-mode
 *   exists; nothing pending) and, with TW = 1, in S and U.
 */
#include "priv_macros.h"

#define DELTA       1000
#define MTIMECMP_IN(d) \
    li t0, CLINT_MTIME; ld t1, 0(t0); li t0, d; add t1, t1, t0; \
    li t0, CLINT_MTIMECMP; sd t1, 0(t0)

PRIV_TEST_BEGIN

    MTIMECMP_NEVER
    MSIP_WRITE(0)
    csrci mstatus, MSTATUS_MIE
    csrw mie, zero

    /* ---- M, MIE = 0: wake up without a trap ---- */
    li a1, MIP_MTIP
    csrw mie, a1
    MTIMECMP_IN(DELTA)
    li TESTNUM, 1
    wfi
    /* (wfi may also return early: wait for the interrupt anyway) */
    WAIT_MIP(MIP_MTIP, MIP_MTIP)
    TEST_CASE(2, a4, MIP_MTIP, csrr a4, mip; andi a4, a4, MIP_MTIP)
    /* pending already: returns at once */
    TEST_NO_TRAP(3, wfi; wfi)
    MTIMECMP_NEVER

    /* ---- M, MIE = 1: trap with mepc after the wfi ---- */
    MTIMECMP_IN(DELTA)
    li a1, MIP_MTIP
    csrw mie, a1
    TRAP_SETUP(4)
    csrsi mstatus, MSTATUS_MIE
7:  wfi
after_wfi_m:
    li t1, 2000000
1:  addi t1, t1, -1
    bnez t1, 1b
    j test_fail
8:  CHECK_VAL(t5, INTR | IRQ_M_TIMER)
    la t3, after_wfi_m
    CHECK_EQ(t4, t3)
    MTIMECMP_NEVER

    /* ---- software interrupt wakes an M wfi (MIE = 0) ---- */
    csrci mstatus, MSTATUS_MIE
    MSIP_WRITE(1)
    li a1, MIP_MSIP
    csrw mie, a1
    TEST_NO_TRAP(5, wfi)
    MSIP_WRITE(0)
    csrw mie, zero

    /* ---- S, TW = 0: pending + enabled in sie, SIE = 0: completes ---- */
    li a1, MIP_SSIP
    csrw mideleg, a1
    csrs mip, a1
    csrs mie, a1
    li a1, MSTATUS_SIE
    csrc mstatus, a1
    ENTER_S
    TEST_NO_TRAP(6, wfi)
    ENTER_M
    li a1, MIP_SSIP
    csrc mip, a1
    csrw mie, zero
    csrw mideleg, zero

    /* ---- S, TW = 0: a machine timer interrupt wakes it, taken in M ---- */
    li a1, MIP_MTIP
    csrw mie, a1
    li a1, MSTATUS_MPIE
    csrc mstatus, a1
    ENTER_S
    MTIMECMP_IN(DELTA)
    TRAP_SETUP(7)
7:  wfi
after_wfi_s:
    li t1, 2000000
1:  addi t1, t1, -1
    bnez t1, 1b
    j test_fail
8:  CHECK_VAL(t5, INTR | IRQ_M_TIMER)
    CHECK_TRAP_IN_M
    CHECK_MPP(1)
    la t3, after_wfi_s
    CHECK_EQ(t4, t3)
    ENTER_M
    MTIMECMP_NEVER
    csrw mie, zero

    /* ---- U: illegal (nothing pending) ---- */
    ENTER_U
    TEST_ILLEGAL_M(8, wfi)
    ENTER_M

    /* ---- TW = 1: illegal in S and U ---- */
    li a1, MSTATUS_TW
    csrs mstatus, a1
    ENTER_S
    TEST_ILLEGAL_M(9, wfi)
    ENTER_M
    ENTER_U
    TEST_ILLEGAL_M(10, wfi)
    ENTER_M
    /* TW does not affect M */
    csrci mstatus, MSTATUS_MIE
    li a1, MIP_MTIP
    csrw mie, a1
    MTIMECMP_SET(0)
    WAIT_MIP(MIP_MTIP, MIP_MTIP)
    TEST_NO_TRAP(11, wfi)
    MTIMECMP_NEVER
    csrw mie, zero
    li a1, MSTATUS_TW
    csrc mstatus, a1

PRIV_TEST_END
