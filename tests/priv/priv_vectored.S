/*
 * priv_vectored.S - vectored trap vectors:
 *   mtvec MODE = 1: interrupts jump to BASE + 4 * cause (SSI 1, MSI 3,
 *   STI 5, MTI 7, SEI 9), exceptions to BASE; the same for stvec with
 *   delegated interrupts (SSI, STI, SEI) and delegated exceptions; direct
 *   mode sends interrupts to BASE.
 * Each vector slot k jumps to a stub that sets s9 = k and continues in the
 * ordinary handler, so s9 tells which slot was used.
 */
#include "priv_macros.h"

/* expect an interrupt in M when MIE is set at label 7; slot s9 == slot */
#define TAKE_M_IRQ_SLOT(n, code, slot) \
    li s9, -1; TRAP_SETUP(n); 7: csrsi mstatus, MSTATUS_MIE; nop; j test_fail; \
    8: CHECK_VAL(t5, INTR | code); CHECK_VAL(s11, 3); CHECK_VAL(s9, slot)

PRIV_TEST_BEGIN

    MTIMECMP_NEVER
    MSIP_WRITE(0)
    csrci mstatus, MSTATUS_MIE
    la a1, mvec
    ori a1, a1, 1
    csrw mtvec, a1
    /* exceptions use BASE */
    li s9, -1
    TEST_TRAP_AT(1, 3, CAUSE_ILLEGAL, .word 0)
    CHECK_VAL(s9, 0)
    li s9, -1
    TEST_TRAP_AT(2, 3, CAUSE_ECALL_M, ecall)
    CHECK_VAL(s9, 0)
    /* interrupts: one at a time */
    li a1, MIP_SSIP
    csrs mip, a1
    csrs mie, a1
    TAKE_M_IRQ_SLOT(3, IRQ_S_SOFT, 1)
    csrc mip, a1
    li a1, MIP_STIP
    csrs mip, a1
    csrs mie, a1
    TAKE_M_IRQ_SLOT(4, IRQ_S_TIMER, 5)
    csrc mip, a1
    li a1, MIP_SEIP
    csrs mip, a1
    csrs mie, a1
    TAKE_M_IRQ_SLOT(5, IRQ_S_EXT, 9)
    csrc mip, a1
    MSIP_WRITE(1)
    li a1, MIP_MSIP
    csrs mie, a1
    TAKE_M_IRQ_SLOT(6, IRQ_M_SOFT, 3)
    MSIP_WRITE(0)
    MTIMECMP_SET(0)
    WAIT_MIP(MIP_MTIP, MIP_MTIP)
    li a1, MIP_MTIP
    csrs mie, a1
    TAKE_M_IRQ_SLOT(7, IRQ_M_TIMER, 7)
    MTIMECMP_NEVER
    /* an interrupt from S to M through the vector */
    li a1, MIP_SSIP
    csrs mip, a1
    csrs mie, a1
    li s9, -1
    TRAP_SETUP(8)
    ENTER_S
7:  nop
    j test_fail
8:  CHECK_VAL(t5, INTR | IRQ_S_SOFT)
    CHECK_TRAP_IN_M
    CHECK_VAL(s9, 1)
    ENTER_M
    li a1, MIP_SSIP
    csrc mip, a1

    /* direct mode again: interrupts go to BASE */
    la a1, mvec
    csrw mtvec, a1
    li a1, MIP_STIP
    csrs mip, a1
    csrs mie, a1
    TAKE_M_IRQ_SLOT(9, IRQ_S_TIMER, 0)
    li a1, MIP_STIP
    csrc mip, a1

    /* ---------------- stvec ---------------- */
    la a1, mvec
    ori a1, a1, 1
    csrw mtvec, a1
    la a1, svec
    ori a1, a1, 1
    csrw stvec, a1
    TEST_CASE(10, a4, 1, csrr a4, stvec; andi a4, a4, 3)
    li a1, MIP_SSIP | MIP_STIP | MIP_SEIP
    csrw mideleg, a1
    li a1, 1 << CAUSE_ILLEGAL
    csrw medeleg, a1
    li a1, MSTATUS_SIE
    csrc mstatus, a1
    ENTER_S
    li s9, -1
    TEST_TRAP_AT(11, 1, CAUSE_ILLEGAL, .word 0)
    CHECK_VAL(s9, 0x100)
    li a1, MIP_SSIP
    csrs sip, a1
    csrs sie, a1
    li s9, -1
    TRAP_SETUP(12); 7: csrsi sstatus, MSTATUS_SIE; nop; j test_fail; 8: CHECK_VAL(t5, INTR | IRQ_S_SOFT); CHECK_TRAP_IN_S; CHECK_VAL(s9, 0x101)
    li a1, MIP_SSIP
    csrc sip, a1
    ENTER_M
    /* STI / SEI are set by M; taken in U */
    li a1, MIP_STIP
    csrs mip, a1
    csrs mie, a1
    li s9, -1
    TRAP_SETUP(13)
    ENTER_U
7:  nop
    j test_fail
8:  CHECK_VAL(t5, INTR | IRQ_S_TIMER)
    CHECK_TRAP_IN_S
    CHECK_VAL(s9, 0x105)
    ENTER_M
    li a1, MIP_STIP
    csrc mip, a1
    li a1, MIP_SEIP
    csrs mip, a1
    csrs mie, a1
    li s9, -1
    TRAP_SETUP(14)
    ENTER_U
7:  nop
    j test_fail
8:  CHECK_VAL(t5, INTR | IRQ_S_EXT)
    CHECK_TRAP_IN_S
    CHECK_VAL(s9, 0x109)
    ENTER_M
    li a1, MIP_SEIP
    csrc mip, a1
    csrw mideleg, zero
    csrw medeleg, zero
    la a1, priv_strap
    csrw stvec, a1
    la a1, priv_mtrap
    csrw mtvec, a1

PRIV_TEST_END

    /* vector tables: slot k -> stub setting s9 = k */
    .balign 256
mvec:
    .irp k, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15
    j mstub\k
    .endr
    .irp k, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15
mstub\k:
    li s9, \k
    j priv_mtrap
    .endr

    .balign 256
svec:
    .irp k, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15
    j sstub\k
    .endr
    .irp k, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15
sstub\k:
    li s9, 0x100 + \k
    j priv_strap
    .endr
