/*
 * fp_macros.h - floating-point (F/D) test helpers for libvsim guest tests.
 *
 * Assembler part (.S files): builds on tests/common/test_macros.h.
 *
 *     #include "fp_macros.h"
 *     FP_TEST_BEGIN            // TEST_BEGIN + mstatus.FS = Initial, fcsr = 0
 *       FP_NEXT; FP_SRC_S(fa0, 0x3f800000); FP_SRC_S(fa1, 0x3f800000);
 *       fsflags zero; fadd.s fa3, fa0, fa1, rne;
 *       FP_RES_F(fa3, 0xffffffff40000000, 0)
 *     FP_TEST_END              // TEST_END + the FP failure reporter
 *
 * Check numbers are assigned automatically by FP_NEXT (assembler symbol
 * fp_testno, 1, 2, 3, ...).  A failing check prints
 *     FAIL <check> (line <source line>): got 0x... expected 0x...
 * on the UART.  The exit code is the check number, clamped to 191 (QEMU
 * only reports the low 8 bits, and a multiple of 256 would read as a pass).
 *
 * Registers: a4 = value compared, a5 = fflags read after the operation,
 * t0 = scratch for loading operands, t2 = expected value; s9/s10/s11 are
 * written only on the failure path.  The other test_macros.h conventions
 * (gp = check number, tp/t4/t5/t6 for expected traps) apply.
 *
 * C part (fp_digest.c, bench_nbody.c): fp_enable() sets mstatus.FS.
 */
#ifndef FP_MACROS_H
#define FP_MACROS_H

#define MSTATUS_FS_SHIFT   13
#define MSTATUS_FS_MASK    (3 << 13)
#define MSTATUS_FS_OFF     (0 << 13)
#define MSTATUS_FS_INITIAL (1 << 13)
#define MSTATUS_FS_CLEAN   (2 << 13)
#define MSTATUS_FS_DIRTY   (3 << 13)

/* fflags bits */
#define FFLAG_NX 0x01
#define FFLAG_UF 0x02
#define FFLAG_OF 0x04
#define FFLAG_DZ 0x08
#define FFLAG_NV 0x10

/* canonical NaNs (a single-precision result as read by fmv.x.d is boxed) */
#define CNAN_S    0x7fc00000
#define CNAN_S_BOX 0xffffffff7fc00000
#define CNAN_D    0x7ff8000000000000

#ifdef __ASSEMBLER__

#include "test_macros.h"

/* next check: bump the automatic check number and load it into TESTNUM */
#define FP_NEXT  .set fp_testno, fp_testno + 1; li TESTNUM, fp_testno

/* fail unless r == e (r, e must not be s9-s11); reports both values */
#define FP_CHECK_EQ(r, e) \
    beq r, e, 9f; li s9, __LINE__; mv s10, r; mv s11, e; j fp_fail; 9:

/* fail unless register r == constant (clobbers t2) */
#define FP_CHECK_VAL(r, val)  li t2, val; FP_CHECK_EQ(r, t2)

/* load an operand: single (fmv.w.x, NaN-boxed), double / raw 64 bits
 * (fmv.d.x), integer */
#define FP_SRC_S(f, bits)  li t0, bits; fmv.w.x f, t0
#define FP_SRC_D(f, bits)  li t0, bits; fmv.d.x f, t0
#define FP_SRC_X(x, bits)  li x, bits

/* check an f-register result (all 64 bits, so a single must be boxed) and
 * the fflags accrued since the last fsflags */
#define FP_RES_F(f, expected, flags) \
    frflags a5; fmv.x.d a4, f; FP_CHECK_VAL(a4, expected); \
    FP_CHECK_VAL(a5, flags)

/* check an x-register result and the fflags */
#define FP_RES_X(x, expected, flags) \
    frflags a5; mv a4, x; FP_CHECK_VAL(a4, expected); FP_CHECK_VAL(a5, flags)

/* check only fflags */
#define FP_FLAGS(flags)   frflags a5; FP_CHECK_VAL(a5, flags)

/* the instruction(s) must trap with mcause == cause at their first
 * instruction (label 7); mepc/mcause/mtval end up in t4/t5/t6 */
#define FP_TEST_TRAP(cause, ...) \
    FP_NEXT; li t4, -1; li t5, -1; li t6, -1; la tp, 8f; \
    7: __VA_ARGS__; li s9, __LINE__; li s10, -1; li s11, cause; j fp_fail; \
    8: FP_CHECK_VAL(t5, cause); la t3, 7b; FP_CHECK_EQ(t4, t3)

/* illegal instruction: mcause 2, mtval == 0 or the instruction bits */
#define FP_TEST_ILLEGAL(bits, ...) \
    FP_TEST_TRAP(2, __VA_ARGS__); beqz t6, 6f; FP_CHECK_VAL(t6, bits); 6:

/* illegal instruction: mcause 2, mtval == 0 or the bits of the trapping
 * instruction itself (read back from memory: 16 or 32 bits) */
#define FP_TEST_ILLEGAL_SELF(...) \
    FP_TEST_TRAP(2, __VA_ARGS__); beqz t6, 6f; lhu t2, 0(t4); andi t0, t2, 3; \
    li t1, 3; bne t0, t1, 5f; lwu t2, 0(t4); 5: FP_CHECK_EQ(t6, t2); 6:

/* the raw 32-bit instruction w must be an illegal instruction */
#define FP_TEST_ILLEGAL_WORD(w) FP_TEST_ILLEGAL(w, .word w)

.macro FP_TEST_BEGIN
    TEST_BEGIN
    .set fp_testno, 0
    li t0, MSTATUS_FS_INITIAL
    csrs mstatus, t0
    csrwi fcsr, 0
.endm

.macro FP_TEST_END
    TEST_END

    /* failing FP check: TESTNUM = check, s9 = line, s10 = got,
     * s11 = expected */
    .balign 4
fp_fail:
    la t0, test_exit_fail
    csrw mtvec, t0            /* any fault while printing: just exit */
    mv s0, TESTNUM
    li t0, 191
    bleu s0, t0, 1f
    mv s0, t0
1:  bnez s0, 2f
    li s0, 0xffff
2:  la a0, fp_str_fail
    jal test_puts
    mv a0, TESTNUM
    jal test_putdec
    la a0, fp_str_line
    jal test_puts
    mv a0, s9
    jal test_putdec
    la a0, fp_str_got
    jal test_puts
    mv a0, s10
    jal test_puthex
    la a0, fp_str_exp
    jal test_puts
    mv a0, s11
    jal test_puthex
    li a0, '\n'
    jal test_putc
    j test_exit_fail

    .section .rodata
fp_str_fail: .asciz "FAIL "
fp_str_line: .asciz " (line "
fp_str_got:  .asciz "): got "
fp_str_exp:  .asciz " expected "
    .text
.endm

#else /* C */

/* set mstatus.FS = Initial; call before any FP instruction is executed */
static inline __attribute__((always_inline)) void fp_enable(void)
{
    __asm__ volatile("csrs mstatus, %0\n\tcsrwi fcsr, 0"
                     : : "r"(MSTATUS_FS_INITIAL) : "memory");
}

#endif /* __ASSEMBLER__ */

#endif /* FP_MACROS_H */
