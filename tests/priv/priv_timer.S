/*
 * priv_timer.S - CLINT timer and software interrupts:
 *   mtime counts up, the time CSR follows mtime, mtime is writable;
 *   mip.MTIP = (mtime >= mtimecmp), cleared by writing a larger mtimecmp,
 *   32-bit halves of mtimecmp; machine timer interrupt taken in M with MIE
 *   and MTIE, not without MTIE, from U regardless of MIE; msip sets
 *   mip.MSIP and raises a machine software interrupt; a timer forwarded to
 *   S by M software setting mip.STIP (mideleg.STI) is taken in S; without
 *   Sstc the stimecmp CSR does not exist.
 * Waits are bounded polling loops (no dependence on wall-clock speed).
 */
#include "priv_macros.h"

#define DELTA       1000                /* ticks (100 us at 10 MHz) */
#define FAR         10000000            /* 1 s */
#define POLL        2000000             /* iterations */

/* a0 = mtime */
#define READ_MTIME  li t0, CLINT_MTIME; ld a0, 0(t0)
/* mtimecmp = mtime + d */
#define MTIMECMP_IN(d) \
    li t0, CLINT_MTIME; ld t1, 0(t0); li t0, d; add t1, t1, t0; \
    li t0, CLINT_MTIMECMP; sd t1, 0(t0)
/* spin (bounded) waiting for an expected interrupt, then fail */
#define SPIN_FAIL   li t1, POLL; 1: addi t1, t1, -1; bnez t1, 1b; j test_fail

PRIV_TEST_BEGIN

    MTIMECMP_NEVER
    MSIP_WRITE(0)
    csrci mstatus, MSTATUS_MIE
    csrw mie, zero

    /* ---- mtime ---- */
    li TESTNUM, 1
    READ_MTIME
    mv s0, a0
    li s1, POLL
1:  READ_MTIME
    bne a0, s0, 2f
    addi s1, s1, -1
    bnez s1, 1b
    j test_fail
2:  bltu a0, s0, test_fail              /* increased */
    /* the time CSR lies between two reads of mtime */
    li TESTNUM, 2
    READ_MTIME
    mv s0, a0
    csrr s1, time
    READ_MTIME
    bltu s1, s0, test_fail
    bltu a0, s1, test_fail
    /* mtime is writable */
    li TESTNUM, 3
    li s0, 0x123456789a
    li t0, CLINT_MTIME
    sd s0, 0(t0)
    READ_MTIME
    bltu a0, s0, test_fail
    li t0, FAR
    add t0, t0, s0
    bgeu a0, t0, test_fail
    csrr a1, time
    bltu a1, s0, test_fail

    /* ---- MTIP ---- */
    MTIMECMP_NEVER
    TEST_CASE(4, a4, 0, csrr a4, mip; andi a4, a4, MIP_MTIP)
    MTIMECMP_SET(0)
    li TESTNUM, 5
    WAIT_MIP(MIP_MTIP, MIP_MTIP)
    csrr a4, mip
    andi a4, a4, MIP_MTIP
    CHECK_VAL(a4, MIP_MTIP)
    /* a larger mtimecmp clears it */
    MTIMECMP_IN(FAR)
    TEST_CASE(6, a4, 0, csrr a4, mip; andi a4, a4, MIP_MTIP)
    /* set once mtime reaches mtimecmp, and then mtime >= mtimecmp */
    MTIMECMP_IN(DELTA)
    li TESTNUM, 7
    WAIT_MIP(MIP_MTIP, MIP_MTIP)
    csrr a4, mip
    andi a4, a4, MIP_MTIP
    CHECK_VAL(a4, MIP_MTIP)
    li TESTNUM, 8
    READ_MTIME
    li t0, CLINT_MTIMECMP
    ld a1, 0(t0)
    bltu a0, a1, test_fail
    /* 32-bit halves: mtimecmp = 0xffffffff_00000000 -> clear */
    li t0, CLINT_MTIMECMP
    li t1, -1
    sw t1, 4(t0)
    sw zero, 0(t0)
    TEST_CASE(9, a4, 0xffffffff00000000, li t0, CLINT_MTIMECMP; ld a4, 0(t0))
    TEST_CASE(10, a4, 0, csrr a4, mip; andi a4, a4, MIP_MTIP)
    TEST_CASE(11, a4, 0xffffffff, li t0, CLINT_MTIMECMP; lwu a4, 4(t0))
    /* high half 0 -> mtimecmp = 0 -> set */
    li t0, CLINT_MTIMECMP
    sw zero, 4(t0)
    li TESTNUM, 12
    WAIT_MIP(MIP_MTIP, MIP_MTIP)
    csrr a4, mip
    andi a4, a4, MIP_MTIP
    CHECK_VAL(a4, MIP_MTIP)
    MTIMECMP_NEVER

    /* ---- machine timer interrupt in M ---- */
    li a1, MIP_MTIP
    csrs mie, a1
    MTIMECMP_IN(DELTA)
    TRAP_SETUP(13)
    csrsi mstatus, MSTATUS_MIE
    SPIN_FAIL
8:  CHECK_VAL(t5, INTR | IRQ_M_TIMER)
    CHECK_TRAP_IN_M
    /* the handler cleared MTIE and MPIE */
    TEST_CASE(14, a4, 0, csrr a4, mstatus; andi a4, a4, MSTATUS_MIE)
    TEST_CASE(15, a4, MIP_MTIP, csrr a4, mip; andi a4, a4, MIP_MTIP)
    /* without MTIE: no interrupt, even with MIE */
    csrsi mstatus, MSTATUS_MIE
    TEST_NO_TRAP(16, nop; nop; nop; nop)
    csrci mstatus, MSTATUS_MIE
    MTIMECMP_NEVER
    TEST_CASE(17, a4, 0, csrr a4, mip; andi a4, a4, MIP_MTIP)

    /* ---- from U, MIE = 0 ---- */
    li a1, MSTATUS_MPIE
    csrc mstatus, a1
    li a1, MIP_MTIP
    csrs mie, a1
    MTIMECMP_IN(DELTA)
    TRAP_SETUP(18)
    ENTER_U
    SPIN_FAIL
8:  CHECK_VAL(t5, INTR | IRQ_M_TIMER)
    CHECK_TRAP_IN_M
    CHECK_MPP(0)
    ENTER_M
    MTIMECMP_NEVER

    /* ---- software interrupt ---- */
    MSIP_WRITE(1)
    TEST_CASE(19, a4, MIP_MSIP, csrr a4, mip; andi a4, a4, MIP_MSIP)
    TEST_CASE(20, a4, 1, li t0, CLINT_MSIP; lw a4, 0(t0))
    li a1, MIP_MSIP
    csrs mie, a1
    TRAP_SETUP(21)
    csrsi mstatus, MSTATUS_MIE
    SPIN_FAIL
8:  CHECK_VAL(t5, INTR | IRQ_M_SOFT)
    CHECK_TRAP_IN_M
    MSIP_WRITE(0)
    TEST_CASE(22, a4, 0, csrr a4, mip; andi a4, a4, MIP_MSIP)
    TEST_CASE(23, a4, 0, li t0, CLINT_MSIP; lw a4, 0(t0))

    /* ---- timer forwarded to S ---- */
    /* M's timer handler (fwd_mtrap) sets mip.STIP and masks MTIE; STI is
     * delegated and taken by S */
    la a1, fwd_mtrap
    csrw mtvec, a1
    li a1, MIP_STIP
    csrw mideleg, a1
    li a1, MIP_MTIP | MIP_STIP
    csrw mie, a1
    li a1, MSTATUS_SPIE
    csrs mstatus, a1
    ENTER_S
    li a1, MSTATUS_SIE
    csrs sstatus, a1
    MTIMECMP_IN(DELTA)                  /* CLINT is accessible from S (PMP) */
    TRAP_SETUP(24)
    SPIN_FAIL
8:  CHECK_VAL(t5, INTR | IRQ_S_TIMER)
    CHECK_TRAP_IN_S
    CHECK_SPP(1)
    TEST_CASE(25, a4, MIP_STIP, csrr a4, sip; andi a4, a4, MIP_STIP)
    /* S cannot clear STIP itself */
    TEST_CASE(26, a4, MIP_STIP, li a1, MIP_STIP; csrc sip, a1; csrr a4, sip; andi a4, a4, MIP_STIP)
    ENTER_M
    li a1, MIP_STIP
    csrc mip, a1
    MTIMECMP_NEVER
    TEST_CASE(27, a4, 0, csrr a4, mip; andi a4, a4, MIP_STIP | MIP_MTIP)
    la a1, priv_mtrap
    csrw mtvec, a1
    csrw mideleg, zero
    csrw mie, zero

#ifndef QEMU_QUIRKS
    /* no Sstc: stimecmp (0x14d) is not a CSR */
    TEST_ILLEGAL_M(28, csrr a4, 0x14d)
#endif

PRIV_TEST_END

    .balign 64
fwd_mtrap:
    csrr t5, mcause
    li t4, INTR | IRQ_M_TIMER
    bne t5, t4, priv_mtrap
    li t4, MIP_MTIP
    csrc mie, t4
    li t4, MIP_STIP
    csrs mip, t4
    mret
