/*
 * priv_trigger.S - the debug-trigger CSRs of a hart with no triggers (RISC-V
 * Debug Specification, Trigger Module): tselect (WARL) reads 0 whatever is
 * written; tdata1 reads type 0 ("no trigger at this tselect") with every
 * other bit 0, writes ignored; tdata2 / tdata3 read 0, writes ignored;
 * tinfo reads 1 ("the selected trigger does not exist"); riscv-tests'
 * breakpoint probe and the spec's enumeration algorithm find no trigger
 * without trapping; tcontrol, mcontext and the Debug-Mode CSRs do not
 * exist; all trigger CSRs are M-level: illegal from S and U.
 *
 * QEMU 7.2 implements two mcontrol triggers, so with QEMU_QUIRKS only the
 * checks that hold for any number of triggers are made.
 */
#include "priv_macros.h"

#define TDATA1_TYPE_SHIFT   60
#define MCONTROL_TYPE       2
#define MCONTROL_M          (1 << 6)
#define MCONTROL_EXECUTE    (1 << 2)

PRIV_TEST_BEGIN

    /* ---------------- M-mode access does not trap ---------------- */
    TEST_NO_TRAP(1, csrw tselect, zero; csrr a4, tselect; csrr a4, tdata1; csrr a4, tdata2; csrr a4, tdata3; csrr a4, tinfo)
    /* tselect = 0 reads back as 0 */
    TEST_CASE(2, a4, 0, csrw tselect, zero; csrr a4, tselect)

#ifndef QEMU_QUIRKS
    /* ---------------- tselect: WARL, always 0 ---------------- */
    TEST_CASE(3, a4, 0, li a1, 1; csrw tselect, a1; csrr a4, tselect)
    TEST_CASE(4, a4, 0, li a1, -1; csrw tselect, a1; csrr a4, tselect)
    TEST_CASE(5, a4, 0, csrwi tselect, 5; csrr a4, tselect)
    TEST_CASE(6, a4, 0, csrsi tselect, 3; csrr a4, tselect)
    /* csrrw returns the old value (0) */
    TEST_CASE(7, a4, 0, li a1, 7; csrrw a4, tselect, a1)
    TEST_CASE(8, a4, 0, csrrci a4, tselect, 1)

    /* ---------------- tdata1: type 0, everything else 0 ---------------- */
    TEST_CASE(9, a4, 0, csrw tselect, zero; csrr a4, tdata1)
    /* writing an mcontrol trigger (M-mode execute) is ignored */
    TEST_CASE(10, a4, 0, li a1, (MCONTROL_TYPE << TDATA1_TYPE_SHIFT) | MCONTROL_M | MCONTROL_EXECUTE; csrw tdata1, a1; csrr a4, tdata1)
    TEST_CASE(11, a4, 0, li a1, -1; csrw tdata1, a1; csrr a4, tdata1)
    TEST_CASE(12, a4, 0, li a1, -1; csrs tdata1, a1; csrr a4, tdata1; srli a4, a4, TDATA1_TYPE_SHIFT)
    TEST_CASE(13, a4, 0, li a1, -1; csrrw a4, tdata1, a1)

    /* ---------------- tdata2 / tdata3: read 0 ---------------- */
    TEST_CASE(14, a4, 0, la a1, test_body; csrw tdata2, a1; csrr a4, tdata2)
    TEST_CASE(15, a4, 0, li a1, -1; csrw tdata2, a1; csrr a4, tdata2)
    TEST_CASE(16, a4, 0, li a1, -1; csrw tdata3, a1; csrr a4, tdata3)
    TEST_CASE(17, a4, 0, csrsi tdata3, 31; csrr a4, tdata3)

    /* ---------------- tinfo: 1 (no trigger here), writes ignored ---------------- */
    TEST_CASE(18, a4, 1, csrr a4, tinfo)
    TEST_CASE(19, a4, 1, csrw tinfo, zero; csrr a4, tinfo)
    TEST_CASE(20, a4, 1, li a1, -1; csrw tinfo, a1; csrr a4, tinfo)

    /* the written values went nowhere: an execute trigger on the next
     * instruction would have raised a breakpoint (no trap expected) */
    la a1, .Lwould_break
    csrw tdata2, a1
    li a1, (MCONTROL_TYPE << TDATA1_TYPE_SHIFT) | MCONTROL_M | MCONTROL_EXECUTE
    csrw tdata1, a1
.Lwould_break:
    TEST_NO_TRAP(21, nop)
#endif

    /* ---------------- riscv-tests rv64mi breakpoint probe ----------------
     * "Skip tselect if hard-wired", then "make sure there's a breakpoint
     * there": with no triggers it takes the first exit with tselect = 0
     * or the second with type != 2. */
    li TESTNUM, 22
    csrw tselect, x0
    csrr a1, tselect
    bne x0, a1, 2f
    csrr a0, tdata1
    srli a0, a0, TDATA1_TYPE_SHIFT
    li a1, MCONTROL_TYPE
    bne a0, a1, 2f
#ifndef QEMU_QUIRKS
    j test_fail                 /* a type-2 trigger at tselect 0 */
#endif
2:

    /* ---------------- the Debug Specification's enumeration ----------------
     * for i = 0, 1, ...: write i to tselect, stop unless it reads back i;
     * read tinfo, stop if it is 1 (if tinfo traps, read tdata1 and stop if
     * its type is 0); count the trigger. No trap is expected anywhere. */
    li TESTNUM, 23
    li s0, 0                    /* i */
    li s1, 0                    /* triggers found */
.Lenum_next:
    la tp, .Lenum_trap          /* no trap expected here */
    csrw tselect, s0
    csrr a1, tselect
    bne a1, s0, .Lenum_done
    la tp, .Lenum_no_tinfo      /* tinfo may be missing */
    csrr a1, tinfo
    li tp, 0
    li a2, 1
    beq a1, a2, .Lenum_done
    j .Lenum_found
.Lenum_no_tinfo:
    CHECK_VAL(t5, CAUSE_ILLEGAL)
    la tp, .Lenum_trap
    csrr a1, tdata1
    li tp, 0
    srli a1, a1, TDATA1_TYPE_SHIFT
    beqz a1, .Lenum_done
.Lenum_found:
    addi s1, s1, 1
    addi s0, s0, 1
    li a2, 64
    bltu s0, a2, .Lenum_next
.Lenum_done:
    li tp, 0
    j .Lenum_end
.Lenum_trap:
    j test_fail
.Lenum_end:
#ifndef QEMU_QUIRKS
    CHECK_VAL(s1, 0)
#endif
    csrw tselect, zero

#ifndef QEMU_QUIRKS
    /* ---------------- CSRs that do not exist ---------------- */
    /* tcontrol (0x7a5) and mcontext (0x7a8): optional, left out */
    TEST_ILLEGAL_M(24, csrr a4, 0x7a5)
    TEST_ILLEGAL_M(25, csrw 0x7a5, zero)
    TEST_ILLEGAL_M(26, csrr a4, 0x7a8)
    TEST_ILLEGAL_M(27, csrw 0x7a8, zero)
    /* Debug-Mode-only CSRs (dcsr, dpc, dscratch0/1): no Debug Mode */
    TEST_ILLEGAL_M(28, csrr a4, 0x7b0)
    TEST_ILLEGAL_M(29, csrr a4, 0x7b1)
    TEST_ILLEGAL_M(30, csrr a4, 0x7b2)
    TEST_ILLEGAL_M(31, csrr a4, 0x7b3)
    /* the other trigger-module numbers are unused */
    TEST_ILLEGAL_M(32, csrr a4, 0x7a6)
    TEST_ILLEGAL_M(33, csrr a4, 0x7aa)
#endif

    /* ---------------- M-level: illegal from S ---------------- */
    ENTER_S
    TEST_ILLEGAL_M(40, csrr a4, tselect)
    TEST_ILLEGAL_M(41, csrw tselect, zero)
    TEST_ILLEGAL_M(42, csrr a4, tdata1)
    TEST_ILLEGAL_M(43, csrw tdata1, zero)
    TEST_ILLEGAL_M(44, csrr a4, tdata2)
    TEST_ILLEGAL_M(45, csrw tdata2, zero)
    TEST_ILLEGAL_M(46, csrr a4, tdata3)
    TEST_ILLEGAL_M(47, csrw tdata3, zero)
    TEST_ILLEGAL_M(48, csrr a4, tinfo)
    TEST_ILLEGAL_M(49, csrsi tselect, 1)
    /* the riscv-tests probe's first instruction, from S */
    TEST_ILLEGAL_M(50, csrw tselect, x0)
    ENTER_M
    /* ... delegated: the S-mode access traps to S */
    li a1, 1 << CAUSE_ILLEGAL
    csrw medeleg, a1
    ENTER_S
    TEST_TRAP_AT(51, 1, CAUSE_ILLEGAL, csrr a4, tdata1)
    ENTER_M
    csrw medeleg, zero

    /* ---------------- and from U ---------------- */
    ENTER_U
    TEST_ILLEGAL_M(52, csrr a4, tselect)
    TEST_ILLEGAL_M(53, csrw tdata1, zero)
    TEST_ILLEGAL_M(54, csrr a4, tdata2)
    TEST_ILLEGAL_M(55, csrr a4, tinfo)
    ENTER_M

    /* back in M the registers still read as before */
#ifndef QEMU_QUIRKS
    TEST_CASE(56, a4, 1, csrr a4, tinfo)
    TEST_CASE(57, a4, 0, csrr a4, tdata1)
#endif
    TEST_CASE(58, a4, 0, csrr a4, tselect)

PRIV_TEST_END
