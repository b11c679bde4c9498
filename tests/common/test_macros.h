/*
 * test_macros.h - assembler macros for self-checking bare-metal RISC-V
 * guest tests (libvsim).  Include from a .S file (preprocessed by cpp).
 *
 * Exit protocol (virt-style syscon "test" device at 0x100000):
 *   PASS:  32-bit store of 0x5555
 *   FAIL:  32-bit store of 0x3333 | (code << 16)
 *
 * Failure codes:
 *   1 .. 191        number of the failing check (value of TESTNUM)
 *   0xFFC0 | cause  unexpected interrupt      (QEMU exit status 192..223)
 *   0xFFE0 | cause  unexpected exception      (QEMU exit status 224..255)
 *   0xFFFF          failure before any check number was set
 * QEMU only reports the low 8 bits of the code as its exit status, so keep
 * check numbers in 1..191.  On failure a line such as "FAIL 7" or
 * "TRAP mcause=0x.. mepc=0x.. mtval=0x.. test=7" is printed on the UART.
 *
 * Register conventions used by the macros:
 *   gp (x3)   TESTNUM: number of the current check
 *   tp (x4)   expected-trap resume address (0 = no trap expected)
 *   t4 (x29)  mepc  of the last expected trap   (written by the handler)
 *   t5 (x30)  mcause of the last expected trap  (written by the handler)
 *   t6 (x31)  mtval of the last expected trap   (written by the handler)
 *   t2 (x7)   expected value in checks (clobbered by every check)
 *   t3 (x28)  scratch used by checks
 *   a1, a2    source operands; a4 result (the standard op macros)
 *   sp        stack (16 KiB, top = __stack_top)
 * All other registers are free for the test body.  Instructions inside the
 * macros never write the registers being compared before the comparison.
 *
 * Layout of a test file:
 *     #include "test_macros.h"
 *     TEST_BEGIN
 *       TEST_RR_OP(1, add, 3, 1, 2)
 *       ...
 *     TEST_END
 *     TEST_DATA
 *     mydata: .dword ...
 *
 * TEST_BEGIN selects ".option norvc" and ".option norelax" so that exactly
 * the written 32-bit instructions are emitted; compressed tests switch to
 * ".option rvc" explicitly around the code under test.
 */
#ifndef TEST_MACROS_H
#define TEST_MACROS_H

#define TESTNUM gp

#define SYSCON_BASE   0x100000
#define SYSCON_PASS   0x5555
#define SYSCON_FAIL   0x3333
#define UART_BASE     0x10000000
#define UART_LSR      5
#define UART_LSR_THRE 0x20

/* ---------------------------------------------------------------------
 * Basic checks
 * ------------------------------------------------------------------- */

/* set the number of the current check */
#define SET_TEST(n)         li TESTNUM, n

/* fail unless register r == register e */
#define CHECK_EQ(r, e)      beq r, e, 9f; j test_fail; 9:

/* fail unless register r == constant val (clobbers t2) */
#define CHECK_VAL(r, val)   li t2, val; CHECK_EQ(r, t2)

/* run code (any ';'-separated instructions) then check reg == expected */
#define TEST_CASE(n, reg, expected, ...) \
    li TESTNUM, n; __VA_ARGS__; li t2, expected; CHECK_EQ(reg, t2)

/* unconditional pass / fail */
#define PASS                j test_pass
#define FAIL(n)             li TESTNUM, n; j test_fail

/* ---------------------------------------------------------------------
 * Register-register operations:  rd = inst(rs1, rs2)
 * ------------------------------------------------------------------- */

/* a4 = inst(a1 = v1, a2 = v2); also checks the sources survive */
#define TEST_RR_OP(n, inst, expected, v1, v2) \
    li TESTNUM, n; li a1, v1; li a2, v2; inst a4, a1, a2; \
    li t2, expected; CHECK_EQ(a4, t2); \
    li t2, v1; CHECK_EQ(a1, t2); li t2, v2; CHECK_EQ(a2, t2)

/* general form with arbitrary registers; if rs1 == rs2 pass v1 == v2 */
#define TEST_RR_REGS(n, inst, expected, rd, rs1, v1, rs2, v2) \
    li TESTNUM, n; li rs1, v1; li rs2, v2; inst rd, rs1, rs2; \
    li t2, expected; CHECK_EQ(rd, t2)

#define TEST_RR_SRC1_EQ_DEST(n, inst, expected, v1, v2) \
    TEST_RR_REGS(n, inst, expected, a1, a1, v1, a2, v2)
#define TEST_RR_SRC2_EQ_DEST(n, inst, expected, v1, v2) \
    TEST_RR_REGS(n, inst, expected, a2, a1, v1, a2, v2)
#define TEST_RR_SRC12_EQ_DEST(n, inst, expected, v1) \
    TEST_RR_REGS(n, inst, expected, a1, a1, v1, a1, v1)
#define TEST_RR_SAME_SRC(n, inst, expected, v1) \
    TEST_RR_REGS(n, inst, expected, a4, a1, v1, a1, v1)

/* rs1 = x0 / rs2 = x0 / both */
#define TEST_RR_ZEROSRC1(n, inst, expected, v2) \
    li TESTNUM, n; li a2, v2; inst a4, x0, a2; CHECK_VAL(a4, expected)
#define TEST_RR_ZEROSRC2(n, inst, expected, v1) \
    li TESTNUM, n; li a1, v1; inst a4, a1, x0; CHECK_VAL(a4, expected)
#define TEST_RR_ZEROSRC12(n, inst, expected) \
    li TESTNUM, n; li a4, 0x5a5a; inst a4, x0, x0; CHECK_VAL(a4, expected)

/* rd = x0: result must be discarded, sources unchanged */
#define TEST_RR_ZERODEST(n, inst, v1, v2) \
    li TESTNUM, n; li a1, v1; li a2, v2; inst x0, a1, a2; \
    mv a4, x0; CHECK_EQ(a4, x0); CHECK_EQ(x0, zero); \
    li t2, v1; CHECK_EQ(a1, t2); li t2, v2; CHECK_EQ(a2, t2)

/* ---------------------------------------------------------------------
 * Register-immediate operations:  rd = inst(rs1, imm)
 * ------------------------------------------------------------------- */

#define TEST_IMM_OP(n, inst, expected, v1, imm) \
    li TESTNUM, n; li a1, v1; inst a4, a1, imm; \
    li t2, expected; CHECK_EQ(a4, t2); li t2, v1; CHECK_EQ(a1, t2)

#define TEST_IMM_REGS(n, inst, expected, rd, rs1, v1, imm) \
    li TESTNUM, n; li rs1, v1; inst rd, rs1, imm; CHECK_VAL(rd, expected)

#define TEST_IMM_SRC1_EQ_DEST(n, inst, expected, v1, imm) \
    TEST_IMM_REGS(n, inst, expected, a1, a1, v1, imm)

#define TEST_IMM_ZEROSRC1(n, inst, expected, imm) \
    li TESTNUM, n; li a4, 0x5a5a; inst a4, x0, imm; CHECK_VAL(a4, expected)

#define TEST_IMM_ZERODEST(n, inst, v1, imm) \
    li TESTNUM, n; li a1, v1; inst x0, a1, imm; \
    mv a4, x0; CHECK_EQ(a4, zero); CHECK_VAL(a1, v1)

/* ---------------------------------------------------------------------
 * Loads and stores.  'addr' is a symbol expression (e.g. tdat+8); the
 * access is inst rd, off(base) with base = addr.
 * ------------------------------------------------------------------- */

#define TEST_LD(n, inst, expected, off, addr) \
    li TESTNUM, n; la a1, addr; inst a4, off(a1); \
    CHECK_VAL(a4, expected); la t3, addr; CHECK_EQ(a1, t3)

/* destination register == base register */
#define TEST_LD_DEST_EQ_BASE(n, inst, expected, off, addr) \
    li TESTNUM, n; la a1, addr; inst a1, off(a1); CHECK_VAL(a1, expected)

/* load into x0: performed, but result discarded */
#define TEST_LD_ZERODEST(n, inst, off, addr) \
    li TESTNUM, n; la a1, addr; inst x0, off(a1); mv a4, x0; \
    CHECK_EQ(a4, zero); la t3, addr; CHECK_EQ(a1, t3)

/* store val with 'st', read back with 'ld', expect 'expected' */
#define TEST_ST(n, st, ld, expected, val, off, addr) \
    li TESTNUM, n; la a1, addr; li a2, val; st a2, off(a1); \
    ld a4, off(a1); CHECK_VAL(a4, expected); \
    li t2, val; CHECK_EQ(a2, t2); la t3, addr; CHECK_EQ(a1, t3)

/* check the 64-bit (aligned) dword at addr */
#define TEST_MEM64(n, expected, addr) \
    li TESTNUM, n; la a1, addr; ld a4, 0(a1); CHECK_VAL(a4, expected)

/* ---------------------------------------------------------------------
 * Branches.  Taken: a forward and a backward taken branch.
 * Not taken: a forward and a backward not-taken branch.
 * ------------------------------------------------------------------- */

#define TEST_BR_TAKEN_REGS(n, inst, r1, v1, r2, v2) \
    li TESTNUM, n; li r1, v1; li r2, v2; \
    inst r1, r2, 2f; j test_fail; \
    1: j 3f; \
    2: inst r1, r2, 1b; j test_fail; \
    3:

#define TEST_BR_NOT_TAKEN_REGS(n, inst, r1, v1, r2, v2) \
    li TESTNUM, n; li r1, v1; li r2, v2; \
    inst r1, r2, 1f; j 2f; \
    1: j test_fail; \
    2: inst r1, r2, 1b; \
    3:

#define TEST_BR_TAKEN(n, inst, v1, v2) \
    TEST_BR_TAKEN_REGS(n, inst, a1, v1, a2, v2)
#define TEST_BR_NOT_TAKEN(n, inst, v1, v2) \
    TEST_BR_NOT_TAKEN_REGS(n, inst, a1, v1, a2, v2)

/* ---------------------------------------------------------------------
 * Expected traps.  The instruction(s) after the setup must trap; the
 * handler records mepc/mcause/mtval in t4/t5/t6 and resumes after the
 * check's trap point.  The trapping instruction is at local label 7.
 * ------------------------------------------------------------------- */

#define TRAP_SETUP(n) \
    li TESTNUM, n; li t4, -1; li t5, -1; li t6, -1; la tp, 8f

/* trap with mcause == cause and mepc == address of the first instruction */
#define TEST_TRAP(n, cause, ...) \
    TRAP_SETUP(n); 7: __VA_ARGS__; j test_fail; \
    8: CHECK_VAL(t5, cause); la t3, 7b; CHECK_EQ(t4, t3)

/* ... and mtval == tval */
#define TEST_TRAP_TVAL(n, cause, tval, ...) \
    TEST_TRAP(n, cause, __VA_ARGS__); CHECK_VAL(t6, tval)

/* ... and mtval == 0 or mtval == the address of the instruction */
#define TEST_TRAP_TVAL_0_OR_PC(n, cause, ...) \
    TEST_TRAP(n, cause, __VA_ARGS__); beqz t6, 6f; CHECK_EQ(t6, t3); 6:

/* illegal instruction: mcause 2, mtval == 0 or == the instruction bits */
#define TEST_ILLEGAL(n, bits, ...) \
    TEST_TRAP(n, 2, __VA_ARGS__); beqz t6, 6f; CHECK_VAL(t6, bits); 6:

/* illegal instruction given as a raw 32-bit word */
#define TEST_ILLEGAL_WORD(n, w) TEST_ILLEGAL(n, w, .word w)

/* ---------------------------------------------------------------------
 * Test program skeleton
 * ------------------------------------------------------------------- */

.macro TEST_BEGIN
    .option norvc
    .option norelax
    .section .text.init, "ax", @progbits
    .globl _start
_start:
    la t0, test_trap_handler
    csrw mtvec, t0
    la sp, __stack_top
    li gp, 0
    li tp, 0
    j test_body
    .text
    .balign 4
test_body:
.endm

.macro TEST_END
    j test_pass

    .balign 4
test_pass:
    li t0, SYSCON_BASE
    li t1, SYSCON_PASS
    sw t1, 0(t0)
1:  j 1b

    /* failing check: number in TESTNUM */
    .balign 4
test_fail:
    mv s0, TESTNUM
    li t0, 0xffff
    and s0, s0, t0
    bnez s0, 1f
    li s0, 0xffff
1:
    la t0, test_exit_fail
    csrw mtvec, t0            /* any fault while printing: just exit */
    la a0, test_str_fail
    jal test_puts
    mv a0, s0
    jal test_putdec
    li a0, '\n'
    jal test_putc
    j test_exit_fail

    /* trap handler: expected (tp != 0) or unexpected */
    .balign 64
test_trap_handler:
    beqz tp, test_unexpected_trap
    csrr t4, mepc
    csrr t5, mcause
    csrr t6, mtval
    csrw mepc, tp
    li tp, 0
    mret

test_unexpected_trap:
    csrr s1, mcause
    csrr s2, mepc
    csrr s3, mtval
    andi s0, s1, 0x1f
    li t0, 0xffe0
    bgez s1, 1f
    li t0, 0xffc0
1:  or s0, s0, t0
    la t0, test_exit_fail
    csrw mtvec, t0
    la a0, test_str_trap
    jal test_puts
    mv a0, s1
    jal test_puthex
    la a0, test_str_mepc
    jal test_puts
    mv a0, s2
    jal test_puthex
    la a0, test_str_mtval
    jal test_puts
    mv a0, s3
    jal test_puthex
    la a0, test_str_test
    jal test_puts
    mv a0, gp
    jal test_putdec
    li a0, '\n'
    jal test_putc
    j test_exit_fail

    /* exit with failure code s0 */
    .balign 64
test_exit_fail:
    li t0, SYSCON_BASE
    slli t1, s0, 16
    li t2, SYSCON_FAIL
    or t1, t1, t2
    sw t1, 0(t0)
1:  j 1b

    /* putc(a0): bounded wait for THR empty, then write; clobbers t0, t1 */
test_putc:
    li t0, UART_BASE
    li t1, 100000
1:  lbu t2, UART_LSR(t0)
    andi t2, t2, UART_LSR_THRE
    bnez t2, 2f
    addi t1, t1, -1
    bnez t1, 1b
2:  sb a0, 0(t0)
    ret

    /* puts(a0 = NUL-terminated string); clobbers a0, a1, t0-t2, a7 */
test_puts:
    mv a7, ra
    mv a1, a0
1:  lbu a0, 0(a1)
    beqz a0, 2f
    jal test_putc
    addi a1, a1, 1
    j 1b
2:  mv ra, a7
    ret

    /* putdec(a0 = unsigned value) */
test_putdec:
    mv a7, ra
    addi sp, sp, -32
    mv a1, sp                 /* digits stored backwards */
    li a2, 10
1:  remu a3, a0, a2
    addi a3, a3, '0'
    sb a3, 0(a1)
    addi a1, a1, 1
    divu a0, a0, a2
    bnez a0, 1b
2:  addi a1, a1, -1
    lbu a0, 0(a1)
    jal test_putc
    bne a1, sp, 2b
    addi sp, sp, 32
    mv ra, a7
    ret

    /* puthex(a0): "0x" + 16 hex digits */
test_puthex:
    mv a6, ra
    mv a3, a0
    li a0, '0'
    jal test_putc
    li a0, 'x'
    jal test_putc
    li a2, 60
1:  srl a0, a3, a2
    andi a0, a0, 15
    addi a0, a0, '0'
    li t2, '9'
    ble a0, t2, 2f
    addi a0, a0, 'a' - '0' - 10
2:  jal test_putc
    addi a2, a2, -4
    bgez a2, 1b
    mv ra, a6
    ret

    .section .rodata
test_str_fail:  .asciz "FAIL "
test_str_trap:  .asciz "TRAP mcause="
test_str_mepc:  .asciz " mepc="
test_str_mtval: .asciz " mtval="
test_str_test:  .asciz " test="
    .text
.endm

/* start of the data area of a test */
#define TEST_DATA   .data; .balign 16

#endif /* TEST_MACROS_H */
