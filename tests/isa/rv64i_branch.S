/*
 * rv64i_branch.S - RV64I conditional branches beq bne blt bge bltu bgeu:
 * taken and not taken, forward and backward, signed/unsigned boundaries,
 * full 64-bit comparisons, x0 and identical operands, branches do not write
 * registers, and the extreme offsets +4092 / -4096.
 */
#include "test_macros.h"

TEST_BEGIN

    /* beq */
    TEST_BR_TAKEN(1, beq, 0, 0)
    TEST_BR_TAKEN(2, beq, 1, 1)
    TEST_BR_TAKEN(3, beq, 0xffffffffffffffff, 0xffffffffffffffff)
    TEST_BR_NOT_TAKEN(4, beq, 0, 1)
    TEST_BR_NOT_TAKEN(5, beq, 1, 0)
    TEST_BR_NOT_TAKEN(6, beq, 0xffffffffffffffff, 1)
    TEST_BR_NOT_TAKEN(7, beq, 1, 0xffffffffffffffff)
    TEST_BR_NOT_TAKEN(8, beq, 0xfffffffffffffffe, 0xffffffffffffffff)
    TEST_BR_NOT_TAKEN(9, beq, 0xffffffffffffffff, 0xfffffffffffffffe)
    TEST_BR_NOT_TAKEN(10, beq, 0x8000000000000000, 0x7fffffffffffffff)
    TEST_BR_NOT_TAKEN(11, beq, 0x7fffffffffffffff, 0x8000000000000000)
    TEST_BR_NOT_TAKEN(12, beq, 0x8000000000000000, 0)
    TEST_BR_NOT_TAKEN(13, beq, 0, 0x8000000000000000)
    TEST_BR_NOT_TAKEN(14, beq, 0x100000000, 0)
    TEST_BR_NOT_TAKEN(15, beq, 0xfffffffe, 0x100000000)
    TEST_BR_NOT_TAKEN(16, beq, 0x80000000, 0x7fffffff)

    /* bne */
    TEST_BR_NOT_TAKEN(17, bne, 0, 0)
    TEST_BR_NOT_TAKEN(18, bne, 1, 1)
    TEST_BR_NOT_TAKEN(19, bne, 0xffffffffffffffff, 0xffffffffffffffff)
    TEST_BR_TAKEN(20, bne, 0, 1)
    TEST_BR_TAKEN(21, bne, 1, 0)
    TEST_BR_TAKEN(22, bne, 0xffffffffffffffff, 1)
    TEST_BR_TAKEN(23, bne, 1, 0xffffffffffffffff)
    TEST_BR_TAKEN(24, bne, 0xfffffffffffffffe, 0xffffffffffffffff)
    TEST_BR_TAKEN(25, bne, 0xffffffffffffffff, 0xfffffffffffffffe)
    TEST_BR_TAKEN(26, bne, 0x8000000000000000, 0x7fffffffffffffff)
    TEST_BR_TAKEN(27, bne, 0x7fffffffffffffff, 0x8000000000000000)
    TEST_BR_TAKEN(28, bne, 0x8000000000000000, 0)
    TEST_BR_TAKEN(29, bne, 0, 0x8000000000000000)
    TEST_BR_TAKEN(30, bne, 0x100000000, 0)
    TEST_BR_TAKEN(31, bne, 0xfffffffe, 0x100000000)
    TEST_BR_TAKEN(32, bne, 0x80000000, 0x7fffffff)

    /* blt */
    TEST_BR_NOT_TAKEN(33, blt, 0, 0)
    TEST_BR_NOT_TAKEN(34, blt, 1, 1)
    TEST_BR_NOT_TAKEN(35, blt, 0xffffffffffffffff, 0xffffffffffffffff)
    TEST_BR_TAKEN(36, blt, 0, 1)
    TEST_BR_NOT_TAKEN(37, blt, 1, 0)
    TEST_BR_TAKEN(38, blt, 0xffffffffffffffff, 1)
    TEST_BR_NOT_TAKEN(39, blt, 1, 0xffffffffffffffff)
    TEST_BR_TAKEN(40, blt, 0xfffffffffffffffe, 0xffffffffffffffff)
    TEST_BR_NOT_TAKEN(41, blt, 0xffffffffffffffff, 0xfffffffffffffffe)
    TEST_BR_TAKEN(42, blt, 0x8000000000000000, 0x7fffffffffffffff)
    TEST_BR_NOT_TAKEN(43, blt, 0x7fffffffffffffff, 0x8000000000000000)
    TEST_BR_TAKEN(44, blt, 0x8000000000000000, 0)
    TEST_BR_NOT_TAKEN(45, blt, 0, 0x8000000000000000)
    TEST_BR_NOT_TAKEN(46, blt, 0x100000000, 0)
    TEST_BR_TAKEN(47, blt, 0xfffffffe, 0x100000000)
    TEST_BR_NOT_TAKEN(48, blt, 0x80000000, 0x7fffffff)

    /* bge */
    TEST_BR_TAKEN(49, bge, 0, 0)
    TEST_BR_TAKEN(50, bge, 1, 1)
    TEST_BR_TAKEN(51, bge, 0xffffffffffffffff, 0xffffffffffffffff)
    TEST_BR_NOT_TAKEN(52, bge, 0, 1)
    TEST_BR_TAKEN(53, bge, 1, 0)
    TEST_BR_NOT_TAKEN(54, bge, 0xffffffffffffffff, 1)
    TEST_BR_TAKEN(55, bge, 1, 0xffffffffffffffff)
    TEST_BR_NOT_TAKEN(56, bge, 0xfffffffffffffffe, 0xffffffffffffffff)
    TEST_BR_TAKEN(57, bge, 0xffffffffffffffff, 0xfffffffffffffffe)
    TEST_BR_NOT_TAKEN(58, bge, 0x8000000000000000, 0x7fffffffffffffff)
    TEST_BR_TAKEN(59, bge, 0x7fffffffffffffff, 0x8000000000000000)
    TEST_BR_NOT_TAKEN(60, bge, 0x8000000000000000, 0)
    TEST_BR_TAKEN(61, bge, 0, 0x8000000000000000)
    TEST_BR_TAKEN(62, bge, 0x100000000, 0)
    TEST_BR_NOT_TAKEN(63, bge, 0xfffffffe, 0x100000000)
    TEST_BR_TAKEN(64, bge, 0x80000000, 0x7fffffff)

    /* bltu */
    TEST_BR_NOT_TAKEN(65, bltu, 0, 0)
    TEST_BR_NOT_TAKEN(66, bltu, 1, 1)
    TEST_BR_NOT_TAKEN(67, bltu, 0xffffffffffffffff, 0xffffffffffffffff)
    TEST_BR_TAKEN(68, bltu, 0, 1)
    TEST_BR_NOT_TAKEN(69, bltu, 1, 0)
    TEST_BR_NOT_TAKEN(70, bltu, 0xffffffffffffffff, 1)
    TEST_BR_TAKEN(71, bltu, 1, 0xffffffffffffffff)
    TEST_BR_TAKEN(72, bltu, 0xfffffffffffffffe, 0xffffffffffffffff)
    TEST_BR_NOT_TAKEN(73, bltu, 0xffffffffffffffff, 0xfffffffffffffffe)
    TEST_BR_NOT_TAKEN(74, bltu, 0x8000000000000000, 0x7fffffffffffffff)
    TEST_BR_TAKEN(75, bltu, 0x7fffffffffffffff, 0x8000000000000000)
    TEST_BR_NOT_TAKEN(76, bltu, 0x8000000000000000, 0)
    TEST_BR_TAKEN(77, bltu, 0, 0x8000000000000000)
    TEST_BR_NOT_TAKEN(78, bltu, 0x100000000, 0)
    TEST_BR_TAKEN(79, bltu, 0xfffffffe, 0x100000000)
    TEST_BR_NOT_TAKEN(80, bltu, 0x80000000, 0x7fffffff)

    /* bgeu */
    TEST_BR_TAKEN(81, bgeu, 0, 0)
    TEST_BR_TAKEN(82, bgeu, 1, 1)
    TEST_BR_TAKEN(83, bgeu, 0xffffffffffffffff, 0xffffffffffffffff)
    TEST_BR_NOT_TAKEN(84, bgeu, 0, 1)
    TEST_BR_TAKEN(85, bgeu, 1, 0)
    TEST_BR_TAKEN(86, bgeu, 0xffffffffffffffff, 1)
    TEST_BR_NOT_TAKEN(87, bgeu, 1, 0xffffffffffffffff)
    TEST_BR_NOT_TAKEN(88, bgeu, 0xfffffffffffffffe, 0xffffffffffffffff)
    TEST_BR_TAKEN(89, bgeu, 0xffffffffffffffff, 0xfffffffffffffffe)
    TEST_BR_TAKEN(90, bgeu, 0x8000000000000000, 0x7fffffffffffffff)
    TEST_BR_NOT_TAKEN(91, bgeu, 0x7fffffffffffffff, 0x8000000000000000)
    TEST_BR_TAKEN(92, bgeu, 0x8000000000000000, 0)
    TEST_BR_NOT_TAKEN(93, bgeu, 0, 0x8000000000000000)
    TEST_BR_TAKEN(94, bgeu, 0x100000000, 0)
    TEST_BR_NOT_TAKEN(95, bgeu, 0xfffffffe, 0x100000000)
    TEST_BR_TAKEN(96, bgeu, 0x80000000, 0x7fffffff)

    /* same register / x0 operands / other registers */
    TEST_BR_TAKEN_REGS(97, beq, a1, 5, a1, 5)
    TEST_BR_NOT_TAKEN_REGS(98, bne, a1, 5, a1, 5)
    TEST_BR_NOT_TAKEN_REGS(99, blt, a1, -5, a1, -5)
    TEST_BR_TAKEN_REGS(100, bge, a1, -5, a1, -5)
    TEST_BR_NOT_TAKEN_REGS(101, bltu, a1, -5, a1, -5)
    TEST_BR_TAKEN_REGS(102, bgeu, a1, -5, a1, -5)
    TEST_BR_TAKEN_REGS(103, beq, x0, 0, x0, 0)
    TEST_BR_TAKEN_REGS(104, bne, a1, 1, x0, 0)
    TEST_BR_TAKEN_REGS(105, blt, a1, -1, x0, 0)
    TEST_BR_NOT_TAKEN_REGS(106, bltu, a1, -1, x0, 0)
    TEST_BR_TAKEN_REGS(107, bltu, x0, 0, a2, 1)
    TEST_BR_TAKEN_REGS(108, bge, x0, 0, a2, -1)
    TEST_BR_NOT_TAKEN_REGS(109, bgeu, x0, 0, a2, 1)
    TEST_BR_TAKEN_REGS(110, blt, x31, 0x7ffffffffffffffe, x30, 0x7fffffffffffffff)
    TEST_BR_TAKEN_REGS(111, bgeu, x1, 2, x15, 1)

    /* a branch writes no register */
    li TESTNUM, 112
    li a1, 7
    li a2, 7
    li a4, 0x1234
    beq a1, a2, 1f
    j test_fail
1:  CHECK_VAL(a1, 7)
    CHECK_VAL(a2, 7)
    CHECK_VAL(a4, 0x1234)
    bne a1, a2, test_fail
    CHECK_VAL(a1, 7)
    CHECK_VAL(a2, 7)

    /* largest forward offset: beq at X, target at X + 4092 */
    li TESTNUM, 113
2:  beq x0, x0, 1f
    .rept 1022
    j test_fail
    .endr
1:  la t3, 2b
    li t2, 4092
    add t3, t3, t2
    la a4, 1b
    CHECK_EQ(a4, t3)

    /* largest backward offset: target at X - 4096 */
    li TESTNUM, 114
    j 2f
1:  j 3f
    .rept 1023
    j test_fail
    .endr
2:  bne x0, a2, 1b
    j test_fail
3:
    /* a not-taken branch with the largest backward offset */
    li TESTNUM, 115
    j 2f
1:  j test_fail
    .rept 1023
    j test_fail
    .endr
2:  bne x0, x0, 1b

TEST_END
