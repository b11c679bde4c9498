/*
 * priv_deleg.S - trap delegation and interrupt priorities:
 *   medeleg: a delegated exception from U or S goes to S (scause, sepc,
 *   stval, SPP, SPIE written; mcause / mepc untouched), a non-delegated one
 *   goes to M (scause / sepc untouched); ecall-from-S delegation; load /
 *   store access faults with stval = address.
 *   mideleg: delegated SSI / STI / SEI are taken in S (scause with the
 *   interrupt bit), never in M (even with MIE = SIE = 1), in S only with
 *   SIE = 1, in U always; non-delegated interrupts are taken in M from S / U
 *   regardless of MIE, in M only with MIE = 1.
 *   priorities: MSI > MTI > SEI > SSI > STI in M, SEI > SSI > STI in S, and
 *   an interrupt for M before a higher-priority one for S.
 *   (QEMU 7.2 takes SSI first among pending interrupts of the same target
 *   mode: the order checks are skipped with QEMU_QUIRKS.)
 */
#include "priv_macros.h"

/* take the next interrupt in M: enable MIE at label 7 and expect it there */
#define TAKE_M_IRQ(n, code) \
    TRAP_SETUP(n); 7: csrsi mstatus, MSTATUS_MIE; nop; j test_fail; \
    8: CHECK_VAL(t5, INTR | code); CHECK_VAL(s11, 3)

PRIV_TEST_BEGIN

    MTIMECMP_NEVER
    MSIP_WRITE(0)
    csrwi mcounteren, 7
    csrwi scounteren, 7

    /* ---------------- exceptions ---------------- */
    li a1, (1 << CAUSE_ILLEGAL) | (1 << CAUSE_ECALL_U) | (1 << CAUSE_LOAD_ACCESS)
    csrw medeleg, a1
    li a1, 0x55
    csrw mcause, a1
    csrw mepc, zero
    ENTER_U
    /* delegated illegal instruction from U -> S */
    TEST_TRAP_AT(1, 1, CAUSE_ILLEGAL, csrr a4, sstatus)
    CHECK_SPP(0)
    /* delegated ecall from U -> S */
    TEST_TRAP_AT(2, 1, CAUSE_ECALL_U, ecall)
    /* delegated load access fault: stval = address */
    li s0, NOMEM_ADDR + 0x18
    TEST_TRAP_TVALR_AT(3, 1, CAUSE_LOAD_ACCESS, s0, ld a4, 0(s0))
    /* not delegated: store access fault -> M, mtval = address */
    TEST_TRAP_TVALR_AT(4, 3, CAUSE_STORE_ACCESS, s0, sw a4, 0(s0))
    CHECK_MPP(0)
    /* breakpoint not delegated -> M */
    TEST_TRAP_AT(5, 3, CAUSE_BREAKPOINT, ebreak)
    ENTER_M
    /* mcause was overwritten by the non-delegated traps only */
    TEST_CASE(6, a4, CAUSE_ECALL_S, csrr a4, mcause)   /* the ENTER_M forward */
    TEST_CASE(7, a4, CAUSE_ECALL_U, csrr a4, scause)

    /* delegated traps do not write mcause / mepc / mtval */
    li a1, 0x55
    csrw mcause, a1
    csrw mepc, zero
    csrw mtval, zero
    ENTER_S
    TEST_TRAP_AT(8, 1, CAUSE_ILLEGAL, .word 0)
    CHECK_SPP(1)
    /* sepc / scause / stval as seen by S */
    TEST_TRAP_TVALR_AT(9, 1, CAUSE_LOAD_ACCESS, s0, lw a4, 0(s0))
    TEST_CASE(10, a4, CAUSE_LOAD_ACCESS, csrr a4, scause)
    TEST_CASE(11, a4, 0, csrr a4, stval; sub a4, a4, s0)
    /* SPIE gets SIE; SIE cleared */
    li a1, MSTATUS_SIE
    csrs sstatus, a1
    TEST_TRAP_AT(12, 1, CAUSE_ILLEGAL, .word 0)
    li TESTNUM, 12
    andi a1, s10, MSTATUS_SPIE
    CHECK_VAL(a1, MSTATUS_SPIE)
    andi a1, s10, MSTATUS_SIE
    CHECK_VAL(a1, 0)
    li a1, MSTATUS_SIE
    csrc sstatus, a1
    ENTER_M
    TEST_CASE(13, a4, CAUSE_ECALL_S, csrr a4, mcause)
    csrw mcause, zero
    /* a non-delegated trap from S -> M leaves scause alone */
    li a1, 0x77
    csrw scause, a1
    csrw medeleg, zero
    ENTER_S
    TEST_TRAP_AT(14, 3, CAUSE_ILLEGAL, .word 0)
    CHECK_MPP(1)
    TEST_CASE(15, a4, 0x77, csrr a4, scause)
    ENTER_M

    /* ecall from S delegated: S handles it */
    li a1, 1 << CAUSE_ECALL_S
    csrw medeleg, a1
    ENTER_S
    TEST_TRAP_AT(16, 1, CAUSE_ECALL_S, ecall)
    CHECK_SPP(1)
    ENTER_M_EBREAK
    csrw medeleg, zero

    /* ---------------- interrupts: delegation ---------------- */
    csrci mstatus, MSTATUS_MIE
    csrw mie, zero
    li a1, MIP_SSIP | MIP_STIP | MIP_SEIP
    csrw mideleg, a1
    /* delegated SSI pending and enabled in sie, SIE = MIE = 1: not taken in M */
    li a1, MIP_SSIP
    csrs mip, a1
    csrs mie, a1
    li a1, MSTATUS_SIE | MSTATUS_MIE
    csrs mstatus, a1
    TEST_NO_TRAP(17, nop; nop; nop; nop)
    li a1, MSTATUS_MIE
    csrc mstatus, a1
    /* ... taken in S as soon as S runs with SIE = 1 */
    li TESTNUM, 18
    TRAP_SETUP(18)
    li a1, MSTATUS_MPP
    csrc mstatus, a1
    li a1, MSTATUS_MPP_S
    csrs mstatus, a1
    la a1, 7f
    csrw mepc, a1
    mret
7:  nop
    j test_fail
8:  CHECK_VAL(t5, INTR | IRQ_S_SOFT)
    la t3, 7b
    CHECK_EQ(t4, t3)
    CHECK_TRAP_IN_S
    CHECK_SPP(1)
    /* the handler cleared sie.SSIE and SPIE: SIE = 0 now */
    TEST_CASE(19, a4, 0, csrr a4, sstatus; andi a4, a4, MSTATUS_SIE)
    TEST_CASE(20, a4, MIP_SSIP, csrr a4, sip; andi a4, a4, MIP_SSIP)
    /* SIE = 0 in S: a delegated interrupt waits */
    li a1, MIP_SSIP
    csrs sie, a1
    TEST_NO_TRAP(21, nop; nop; nop; nop)
    /* in U it is taken whatever SIE */
    li TESTNUM, 22
    TRAP_SETUP(22)
    li a1, MSTATUS_SPP
    csrc sstatus, a1
    la a1, 7f
    csrw sepc, a1
    sret
7:  nop
    j test_fail
8:  CHECK_VAL(t5, INTR | IRQ_S_SOFT)
    CHECK_TRAP_IN_S
    CHECK_SPP(0)
    /* S clears its software interrupt through sip */
    ENTER_M
    ENTER_S
    TEST_CASE(23, a4, 0, li a1, MIP_SSIP; csrc sip, a1; csrr a4, sip; andi a4, a4, MIP_SSIP)
    /* S can raise it through sip (delegated) */
    TEST_CASE(24, a4, MIP_SSIP, li a1, MIP_SSIP; csrs sip, a1; csrr a4, sip; andi a4, a4, MIP_SSIP)
    li a1, MIP_SSIP
    csrc sip, a1
    ENTER_M

    /* delegated STI from M-software: mip.STIP, taken in S */
    li a1, MIP_STIP
    csrs mip, a1
    csrs mie, a1
    li TESTNUM, 25
    TRAP_SETUP(25)
    ENTER_U
7:  nop
    j test_fail
8:  CHECK_VAL(t5, INTR | IRQ_S_TIMER)
    CHECK_TRAP_IN_S
    ENTER_M
    li a1, MIP_STIP
    csrc mip, a1
    /* delegated SEI */
    li a1, MIP_SEIP
    csrs mip, a1
    csrs mie, a1
    li TESTNUM, 26
    TRAP_SETUP(26)
    ENTER_U
7:  nop
    j test_fail
8:  CHECK_VAL(t5, INTR | IRQ_S_EXT)
    CHECK_TRAP_IN_S
    ENTER_M
    li a1, MIP_SEIP
    csrc mip, a1

    /* not delegated: SSI taken in M from S even with MIE = 0 */
    csrw mideleg, zero
    li a1, MSTATUS_MIE | MSTATUS_MPIE
    csrc mstatus, a1
    li a1, MIP_SSIP
    csrs mip, a1
    csrs mie, a1
    li TESTNUM, 27
    TRAP_SETUP(27)
    ENTER_S
7:  nop
    j test_fail
8:  CHECK_VAL(t5, INTR | IRQ_S_SOFT)
    CHECK_TRAP_IN_M
    CHECK_MPP(1)
    ENTER_M
    /* in M only with MIE = 1 */
    li a1, MIP_SSIP
    csrs mie, a1
    TEST_NO_TRAP(28, nop; nop; nop; nop)
    TAKE_M_IRQ(29, IRQ_S_SOFT)
    li a1, MIP_SSIP
    csrc mip, a1
    /* MSI through the CLINT, from U */
    MSIP_WRITE(1)
    li a1, MIP_MSIP
    csrs mie, a1
    li TESTNUM, 30
    TRAP_SETUP(30)
    ENTER_U
7:  nop
    j test_fail
8:  CHECK_VAL(t5, INTR | IRQ_M_SOFT)
    CHECK_TRAP_IN_M
    CHECK_MPP(0)
    ENTER_M
    MSIP_WRITE(0)
    TEST_CASE(31, a4, 0, csrr a4, mip; andi a4, a4, MIP_MSIP)

    /* ---------------- priorities in M ---------------- */
    csrci mstatus, MSTATUS_MIE
    csrw mideleg, zero
    MSIP_WRITE(1)
    MTIMECMP_SET(0)
    WAIT_MIP(MIP_MTIP, MIP_MTIP)
    li a1, MIP_SSIP | MIP_STIP | MIP_SEIP
    csrs mip, a1
    li a1, MIP_SSIP | MIP_MSIP | MIP_STIP | MIP_MTIP | MIP_SEIP
    csrw mie, a1
#ifndef QEMU_QUIRKS
    TAKE_M_IRQ(32, IRQ_M_SOFT)
    TAKE_M_IRQ(33, IRQ_M_TIMER)
    TAKE_M_IRQ(34, IRQ_S_EXT)
    TAKE_M_IRQ(35, IRQ_S_SOFT)
    TAKE_M_IRQ(36, IRQ_S_TIMER)
    TEST_CASE(37, a4, 0, csrr a4, mie)
#else
    /* (QEMU 7.2 takes SSI before MSI / MTI / SEI: skip the order) */
    csrw mie, zero
#endif
    MSIP_WRITE(0)
    MTIMECMP_NEVER

    /* ---------------- priorities in S ---------------- */
    csrci mstatus, MSTATUS_MIE
    li a1, MIP_SSIP | MIP_STIP | MIP_SEIP
    csrw mideleg, a1
    csrw mie, a1
#ifndef QEMU_QUIRKS
    ENTER_S
    TRAP_SETUP(38); 7: csrsi sstatus, MSTATUS_SIE; nop; j test_fail; 8: CHECK_VAL(t5, INTR | IRQ_S_EXT); CHECK_TRAP_IN_S
    TRAP_SETUP(39); 7: csrsi sstatus, MSTATUS_SIE; nop; j test_fail; 8: CHECK_VAL(t5, INTR | IRQ_S_SOFT); CHECK_TRAP_IN_S
    TRAP_SETUP(40); 7: csrsi sstatus, MSTATUS_SIE; nop; j test_fail; 8: CHECK_VAL(t5, INTR | IRQ_S_TIMER); CHECK_TRAP_IN_S
    TEST_CASE(41, a4, 0, csrr a4, sie)
    ENTER_M
#endif

    /* ---------------- M-level before S-level ---------------- */
    /* in S: SSI delegated (to S), STI not delegated (to M): the interrupt
     * for M is taken first although SSI has the higher priority */
    csrci mstatus, MSTATUS_MIE
    li a1, MIP_SSIP
    csrw mideleg, a1
    li a1, MIP_SSIP | MIP_STIP
    csrw mie, a1
    /* enter S with SIE = 1 (not effective in M): both interrupts can be
     * taken at once; M's STI must come first */
    li a1, MSTATUS_SIE
    csrs mstatus, a1
    la a1, s_catch
    csrw stvec, a1
    li s9, 0
    TRAP_SETUP(42)
    li a1, MSTATUS_MPP
    csrc mstatus, a1
    li a1, MSTATUS_MPP_S
    csrs mstatus, a1
    la a1, 7f
    csrw mepc, a1
    mret
7:  nop
    nop
    j test_fail
8:  /* resumed in S with SIE = 1: S's SSI is taken here at once, by
     * s_catch, which continues at after_ssi */
    nop
    j test_fail
after_ssi:
    CHECK_VAL(t5, INTR | IRQ_S_TIMER)
    CHECK_TRAP_IN_M
    CHECK_MPP(1)
    li TESTNUM, 43
    CHECK_VAL(s9, INTR | IRQ_S_SOFT)
    ENTER_M
    la a1, priv_strap
    csrw stvec, a1
    li a1, MIP_SSIP | MIP_STIP | MIP_SEIP
    csrc mip, a1
    csrw mie, zero
    csrw mideleg, zero

PRIV_TEST_END

    .balign 4
s_catch:                                /* S handler for check 43 */
    csrr s9, scause
    li t0, MIP_SSIP
    csrc sie, t0
    la t0, after_ssi
    csrw sepc, t0
    sret
