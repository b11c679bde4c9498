/*
 * priv_modes.S - privilege modes M, S, U without paging:
 *   entering S and U with mret / sret, ecall causes 8 / 9 / 11 and their
 *   epc, ebreak (cause 3, tval = pc), the state a trap into M saves
 *   (MPP, MPIE, MIE = 0), the state mret / sret restore (xIE = xPIE,
 *   xPIE = 1, xPP = U, MPRV cleared when leaving M), CSR privilege checks
 *   (M CSRs from S and U, S CSRs from U; writes to read-only CSRs), mret
 *   illegal in S and U, sret illegal in U and in S with TSR = 1,
 *   sfence.vma illegal in U and in S with TVM = 1, satp illegal in S with
 *   TVM = 1, and an illegal-instruction tval of 0 or the instruction bits.
 */
#include "priv_macros.h"

#define CSRR_MSTATUS    0x30002773  /* csrr a4, mstatus */
#define CSRR_SSTATUS    0x10002773  /* csrr a4, sstatus */

/* ebreak: cause 3, epc = tval = its address, taken at level lvl
 * (QEMU 7.2 writes tval = 0 for ebreak, which the spec also allows) */
#ifdef QEMU_QUIRKS
#define TEST_EBREAK(n, lvl) \
    TEST_TRAP_TVAL_0_OR_PC(n, CAUSE_BREAKPOINT, ebreak); CHECK_VAL(s11, lvl)
#else
#define TEST_EBREAK(n, lvl) \
    TEST_TRAP(n, CAUSE_BREAKPOINT, ebreak); CHECK_EQ(t6, t3); CHECK_VAL(s11, lvl)
#endif

PRIV_TEST_BEGIN

    /* ---------------- M ---------------- */
    TEST_TRAP_AT(1, 3, CAUSE_ECALL_M, ecall)
    /* ebreak in M: tval = pc */
    TEST_EBREAK(3, 3)
    /* M-mode exceptions are never delegated */
    li a1, -1
    csrw medeleg, a1
    TEST_TRAP_AT(4, 3, CAUSE_ECALL_M, ecall)
    TEST_TRAP_AT(5, 3, CAUSE_ILLEGAL, .word 0)
    TEST_TRAP_AT(6, 3, CAUSE_BREAKPOINT, ebreak)
    csrw medeleg, zero

    /* ---------------- M -> S ---------------- */
    /* mret: MIE = MPIE, MPIE = 1, MPP = U (least-privileged mode) */
    li a1, MSTATUS_MIE
    csrc mstatus, a1
    li a1, MSTATUS_MPIE
    csrs mstatus, a1
    ENTER_S
    /* in S: mstatus is not accessible */
    TEST_TRAP_AT(7, 3, CAUSE_ILLEGAL, csrr a4, mstatus)
    CHECK_MPP(1)
    /* the trap saved MIE (1 after the mret) in MPIE and cleared MIE */
    li TESTNUM, 8
    andi a1, s10, MSTATUS_MPIE
    CHECK_VAL(a1, MSTATUS_MPIE)
    andi a1, s10, MSTATUS_MIE
    CHECK_VAL(a1, 0)
    /* ecall from S */
    TEST_TRAP_AT(9, 3, CAUSE_ECALL_S, ecall)
    CHECK_MPP(1)
    /* ebreak from S */
    TEST_EBREAK(10, 3)
    /* illegal instruction tval: 0 or the instruction bits */
    TEST_ILLEGAL(11, CSRR_MSTATUS, csrr a4, mstatus)
    /* other M-level CSRs */
    TEST_ILLEGAL_M(12, csrr a4, mscratch)
    TEST_ILLEGAL_M(13, csrw mscratch, zero)
    TEST_ILLEGAL_M(14, csrr a4, mepc)
    TEST_ILLEGAL_M(15, csrr a4, medeleg)
    TEST_ILLEGAL_M(16, csrr a4, mideleg)
    TEST_ILLEGAL_M(17, csrr a4, mie)
    TEST_ILLEGAL_M(18, csrr a4, mip)
    TEST_ILLEGAL_M(19, csrr a4, mtvec)
    TEST_ILLEGAL_M(20, csrr a4, mhartid)
    TEST_ILLEGAL_M(21, csrr a4, misa)
    TEST_ILLEGAL_M(22, csrr a4, pmpcfg0)
    TEST_ILLEGAL_M(23, csrr a4, pmpaddr0)
    TEST_ILLEGAL_M(24, csrr a4, mcycle)
    TEST_ILLEGAL_M(25, csrr a4, mcounteren)
    TEST_ILLEGAL_M(26, csrr a4, menvcfg)
    TEST_ILLEGAL_M(27, csrr a4, mcause)
    TEST_ILLEGAL_M(28, csrr a4, mtval)
    TEST_ILLEGAL_M(29, csrr a4, mcountinhibit)
    TEST_ILLEGAL_M(30, csrr a4, mconfigptr)
    /* S-level CSRs are accessible */
    TEST_CASE(31, a4, 0x1234, li a1, 0x1234; csrw sscratch, a1; csrr a4, sscratch)
    TEST_CASE(32, a4, 2, csrr a4, sstatus; srli a4, a4, 32; andi a4, a4, 3)
    TEST_CASE(33, a4, 0, csrr a4, satp)
    TEST_CASE(34, a4, 0, csrr a1, sie; csrr a1, sip; csrr a1, stvec; csrr a1, sepc; csrr a1, scause; csrr a1, stval; csrr a1, scounteren; csrr a1, senvcfg; li a4, 0)
    /* read-only user counters cannot be written */
    TEST_ILLEGAL_M(35, csrw cycle, zero)
    /* mret is illegal in S */
    TEST_ILLEGAL_M(36, mret)
    /* sret with TSR = 0 works: to S (SPP = 1) at sepc, SIE = SPIE, SPIE = 1, SPP = U */
    li TESTNUM, 37
    li a1, MSTATUS_SPP | MSTATUS_SPIE
    csrs sstatus, a1
    li a1, MSTATUS_SIE
    csrc sstatus, a1
    la a1, 1f
    csrw sepc, a1
    sret
    j test_fail
1:  csrr a4, sstatus
    andi a1, a4, MSTATUS_SIE
    CHECK_VAL(a1, MSTATUS_SIE)
    andi a1, a4, MSTATUS_SPIE
    CHECK_VAL(a1, MSTATUS_SPIE)
    andi a1, a4, MSTATUS_SPP
    CHECK_VAL(a1, 0)
    TEST_ILLEGAL_M(38, csrr a4, mstatus)        /* still in S */
    li a1, MSTATUS_SIE
    csrc sstatus, a1
    /* sfence.vma and satp are allowed with TVM = 0 */
    TEST_NO_TRAP(39, sfence.vma; sfence.vma zero, zero; csrw satp, zero)
    ENTER_M
    /* after ENTER_M: the handler's mret left MPP = U */
    TEST_CASE(40, a4, 0, csrr a4, mstatus; li a1, MSTATUS_MPP; and a4, a4, a1)
    /* TSR = 1: sret in S is illegal; TVM = 1: sfence.vma and satp are */
    li a1, MSTATUS_TSR | MSTATUS_TVM
    csrs mstatus, a1
    ENTER_S
    TEST_ILLEGAL_M(41, sret)
    TEST_ILLEGAL_M(42, sfence.vma)
    TEST_ILLEGAL_M(43, sfence.vma a1, zero)
    TEST_ILLEGAL_M(44, csrr a4, satp)
    TEST_ILLEGAL_M(45, csrw satp, zero)
    ENTER_M
    /* TSR / TVM do not affect M */
    TEST_NO_TRAP(46, sfence.vma; csrr a4, satp; csrw satp, zero)
    li a1, MSTATUS_TSR | MSTATUS_TVM
    csrc mstatus, a1

    /* ---------------- M -> U ---------------- */
    li a1, 7
    csrw mcounteren, a1
    csrw scounteren, a1
    li a1, MSTATUS_MPIE
    csrc mstatus, a1
    /* mret to U clears MPRV */
    li a1, MSTATUS_MPRV
    csrs mstatus, a1
    ENTER_U
    TEST_TRAP_AT(47, 3, CAUSE_ECALL_U, ecall)
    CHECK_MPP(0)
    li TESTNUM, 48
    andi a1, s10, MSTATUS_MPIE          /* MIE was 0 (MPIE was 0 at mret) */
    CHECK_VAL(a1, 0)
#ifndef QEMU_QUIRKS
    /* (QEMU 7.2 does not clear MPRV on an mret to S / U) */
    li TESTNUM, 49
    li a1, MSTATUS_MPRV
    and a1, s10, a1
    CHECK_VAL(a1, 0)
#endif
    TEST_EBREAK(75, 3)
    TEST_ILLEGAL(50, CSRR_SSTATUS, csrr a4, sstatus)
    TEST_ILLEGAL_M(51, csrr a4, mstatus)
    TEST_ILLEGAL_M(52, csrw sscratch, zero)
    TEST_ILLEGAL_M(53, csrr a4, satp)
    TEST_ILLEGAL_M(54, csrr a4, stvec)
    TEST_ILLEGAL_M(55, csrr a4, sepc)
    TEST_ILLEGAL_M(56, csrr a4, sie)
    TEST_ILLEGAL_M(57, csrr a4, sip)
    TEST_ILLEGAL_M(58, csrr a4, scounteren)
    TEST_ILLEGAL_M(59, csrr a4, senvcfg)
    TEST_ILLEGAL_M(60, csrr a4, mcycle)
    TEST_ILLEGAL_M(61, csrw cycle, zero)
    TEST_ILLEGAL_M(62, mret)
    TEST_ILLEGAL_M(63, sret)
    TEST_ILLEGAL_M(64, sfence.vma)
    /* user counters are readable when enabled */
    TEST_NO_TRAP(65, csrr a4, cycle; csrr a4, time; csrr a4, instret)
    ENTER_M
    li a1, MSTATUS_MPRV
    csrc mstatus, a1

    /* ---------------- S -> U, traps into S ---------------- */
    li a1, (1 << CAUSE_ECALL_U) | (1 << CAUSE_ILLEGAL) | (1 << CAUSE_BREAKPOINT)
    csrw medeleg, a1
    ENTER_S
    /* SIE = 1 before entering U: the trap into S saves it in SPIE */
    li a1, MSTATUS_SPIE
    csrs sstatus, a1
    ENTER_U_FROM_S                      /* SIE = SPIE = 1 */
    li a7, 0
    TEST_TRAP_AT(66, 1, CAUSE_ECALL_U, ecall)
    CHECK_SPP(0)
    li TESTNUM, 67
    andi a1, s10, MSTATUS_SPIE
    CHECK_VAL(a1, MSTATUS_SPIE)
    andi a1, s10, MSTATUS_SIE
    CHECK_VAL(a1, 0)
    TEST_TRAP_AT(68, 1, CAUSE_ILLEGAL, csrr a4, sstatus)
    TEST_EBREAK(69, 1)
    TEST_TRAP_AT(70, 1, CAUSE_ILLEGAL, mret)
    /* ENTER_M from U with ecall delegated: forwarded by the S handler */
    ENTER_M
    TEST_CASE(71, a4, 0, csrr a4, mscratch; li a4, 0)   /* in M */
    /* S-mode traps from S also go to S when delegated (SPP = 1) */
    ENTER_S
    TEST_TRAP_AT(72, 1, CAUSE_ILLEGAL, .word 0)
    CHECK_SPP(1)
    TEST_TRAP_AT(73, 1, CAUSE_BREAKPOINT, ebreak)
    /* ecall from S is not delegated: M */
    li a7, 0
    TEST_TRAP_AT(74, 3, CAUSE_ECALL_S, ecall)
    ENTER_M
    csrw medeleg, zero

PRIV_TEST_END
