/*
 * rv64m_mul.S - M extension multiplies: mul mulh mulhsu mulhu mulw,
 * with signed/unsigned operand combinations for the high-half forms,
 * overflow, most-negative values, sign extension of mulw, x0 and aliasing.
 */
#include "test_macros.h"

TEST_BEGIN

    /* mul */
    TEST_RR_OP(1, mul, 0, 0, 0)
    TEST_RR_OP(2, mul, 1, 1, 1)
    TEST_RR_OP(3, mul, 0x15, 3, 7)
    TEST_RR_OP(4, mul, 0, 0, 0xffffffffffffffff)
    TEST_RR_OP(5, mul, 1, 0xffffffffffffffff, 0xffffffffffffffff)
    TEST_RR_OP(6, mul, 0xffffffffffffffff, 0xffffffffffffffff, 1)
    TEST_RR_OP(7, mul, 0, 0x8000000000000000, 0x8000000000000000)
    TEST_RR_OP(8, mul, 0x8000000000000000, 0x8000000000000000, 0xffffffffffffffff)
    TEST_RR_OP(9, mul, 0, 0x8000000000000000, 2)
    TEST_RR_OP(10, mul, 1, 0x7fffffffffffffff, 0x7fffffffffffffff)
    TEST_RR_OP(11, mul, 0x8000000000000000, 0x7fffffffffffffff, 0x8000000000000000)
    TEST_RR_OP(12, mul, 0x8000000000000001, 0xffffffffffffffff, 0x7fffffffffffffff)
    TEST_RR_OP(13, mul, 0xfffffffe00000001, 0xffffffff, 0xffffffff)
    TEST_RR_OP(14, mul, 0, 0x100000000, 0x100000000)
    TEST_RR_OP(15, mul, 0x236d88fe5618cf00, 0x123456789abcdef0, 0xfedcba9876543210)
    TEST_RR_OP(16, mul, 0xffffffffffffffeb, 0xfffffffffffffff9, 3)
    TEST_RR_OP(17, mul, 0xffffffffffffffeb, 7, 0xfffffffffffffffd)

    /* mulh */
    TEST_RR_OP(18, mulh, 0, 0, 0)
    TEST_RR_OP(19, mulh, 0, 1, 1)
    TEST_RR_OP(20, mulh, 0, 3, 7)
    TEST_RR_OP(21, mulh, 0, 0, 0xffffffffffffffff)
    TEST_RR_OP(22, mulh, 0, 0xffffffffffffffff, 0xffffffffffffffff)
    TEST_RR_OP(23, mulh, 0xffffffffffffffff, 0xffffffffffffffff, 1)
    TEST_RR_OP(24, mulh, 0x4000000000000000, 0x8000000000000000, 0x8000000000000000)
    TEST_RR_OP(25, mulh, 0, 0x8000000000000000, 0xffffffffffffffff)
    TEST_RR_OP(26, mulh, 0xffffffffffffffff, 0x8000000000000000, 2)
    TEST_RR_OP(27, mulh, 0x3fffffffffffffff, 0x7fffffffffffffff, 0x7fffffffffffffff)
    TEST_RR_OP(28, mulh, 0xc000000000000000, 0x7fffffffffffffff, 0x8000000000000000)
    TEST_RR_OP(29, mulh, 0xffffffffffffffff, 0xffffffffffffffff, 0x7fffffffffffffff)
    TEST_RR_OP(30, mulh, 0, 0xffffffff, 0xffffffff)
    TEST_RR_OP(31, mulh, 1, 0x100000000, 0x100000000)
    TEST_RR_OP(32, mulh, 0xffeb49923cc09532, 0x123456789abcdef0, 0xfedcba9876543210)
    TEST_RR_OP(33, mulh, 0xffffffffffffffff, 0xfffffffffffffff9, 3)
    TEST_RR_OP(34, mulh, 0xffffffffffffffff, 7, 0xfffffffffffffffd)

    /* mulhsu */
    TEST_RR_OP(35, mulhsu, 0, 0, 0)
    TEST_RR_OP(36, mulhsu, 0, 1, 1)
    TEST_RR_OP(37, mulhsu, 0, 3, 7)
    TEST_RR_OP(38, mulhsu, 0, 0, 0xffffffffffffffff)
    TEST_RR_OP(39, mulhsu, 0xffffffffffffffff, 0xffffffffffffffff, 0xffffffffffffffff)
    TEST_RR_OP(40, mulhsu, 0xffffffffffffffff, 0xffffffffffffffff, 1)
    TEST_RR_OP(41, mulhsu, 0xc000000000000000, 0x8000000000000000, 0x8000000000000000)
    TEST_RR_OP(42, mulhsu, 0x8000000000000000, 0x8000000000000000, 0xffffffffffffffff)
    TEST_RR_OP(43, mulhsu, 0xffffffffffffffff, 0x8000000000000000, 2)
    TEST_RR_OP(44, mulhsu, 0x3fffffffffffffff, 0x7fffffffffffffff, 0x7fffffffffffffff)
    TEST_RR_OP(45, mulhsu, 0x3fffffffffffffff, 0x7fffffffffffffff, 0x8000000000000000)
    TEST_RR_OP(46, mulhsu, 0xffffffffffffffff, 0xffffffffffffffff, 0x7fffffffffffffff)
    TEST_RR_OP(47, mulhsu, 0, 0xffffffff, 0xffffffff)
    TEST_RR_OP(48, mulhsu, 1, 0x100000000, 0x100000000)
    TEST_RR_OP(49, mulhsu, 0x121fa00ad77d7422, 0x123456789abcdef0, 0xfedcba9876543210)
    TEST_RR_OP(50, mulhsu, 0xffffffffffffffff, 0xfffffffffffffff9, 3)
    TEST_RR_OP(51, mulhsu, 6, 7, 0xfffffffffffffffd)

    /* mulhu */
    TEST_RR_OP(52, mulhu, 0, 0, 0)
    TEST_RR_OP(53, mulhu, 0, 1, 1)
    TEST_RR_OP(54, mulhu, 0, 3, 7)
    TEST_RR_OP(55, mulhu, 0, 0, 0xffffffffffffffff)
    TEST_RR_OP(56, mulhu, 0xfffffffffffffffe, 0xffffffffffffffff, 0xffffffffffffffff)
    TEST_RR_OP(57, mulhu, 0, 0xffffffffffffffff, 1)
    TEST_RR_OP(58, mulhu, 0x4000000000000000, 0x8000000000000000, 0x8000000000000000)
    TEST_RR_OP(59, mulhu, 0x7fffffffffffffff, 0x8000000000000000, 0xffffffffffffffff)
    TEST_RR_OP(60, mulhu, 1, 0x8000000000000000, 2)
    TEST_RR_OP(61, mulhu, 0x3fffffffffffffff, 0x7fffffffffffffff, 0x7fffffffffffffff)
    TEST_RR_OP(62, mulhu, 0x3fffffffffffffff, 0x7fffffffffffffff, 0x8000000000000000)
    TEST_RR_OP(63, mulhu, 0x7ffffffffffffffe, 0xffffffffffffffff, 0x7fffffffffffffff)
    TEST_RR_OP(64, mulhu, 0, 0xffffffff, 0xffffffff)
    TEST_RR_OP(65, mulhu, 1, 0x100000000, 0x100000000)
    TEST_RR_OP(66, mulhu, 0x121fa00ad77d7422, 0x123456789abcdef0, 0xfedcba9876543210)
    TEST_RR_OP(67, mulhu, 2, 0xfffffffffffffff9, 3)
    TEST_RR_OP(68, mulhu, 6, 7, 0xfffffffffffffffd)

    /* mulw: low 32 bits of the product, sign-extended; upper input halves ignored */
    TEST_RR_OP(69, mulw, 0, 0, 0)
    TEST_RR_OP(70, mulw, 1, 1, 1)
    TEST_RR_OP(71, mulw, 0x15, 3, 7)
    TEST_RR_OP(72, mulw, 0xfffffffffffffffe, 0x7fffffff, 2)
    TEST_RR_OP(73, mulw, 0xffffffff80000000, 0x80000000, 0xffffffffffffffff)
    TEST_RR_OP(74, mulw, 1, 0xffffffff, 0xffffffff)
    TEST_RR_OP(75, mulw, 0, 0x10000, 0x10000)
    TEST_RR_OP(76, mulw, 0xf, 0x1234567800000003, 0xabcdef0000000005)
    TEST_RR_OP(77, mulw, 1, 0x7fffffff, 0x7fffffff)
    TEST_RR_OP(78, mulw, 0xffffffffffffffeb, 0xfffffffffffffff9, 3)
    TEST_RR_OP(79, mulw, 0x242d2080, 0x12345678, 0x9abcdef0)

    /* register combinations and x0 */
    TEST_RR_SRC1_EQ_DEST(80, mul, 0x8f, 0xd, 0xb)
    TEST_RR_SRC2_EQ_DEST(81, mulh, 0xfffffffffffffffe, 0x8000000000000000, 3)
    TEST_RR_SRC12_EQ_DEST(82, mulhu, 0xfffffffffffffffe, 0xffffffffffffffff)
    TEST_RR_SAME_SRC(83, mulhsu, 0xffffffffffffffff, 0xffffffffffffffff)
    TEST_RR_ZEROSRC1(84, mul, 0, 15)
    TEST_RR_ZEROSRC2(85, mulh, 0, -1)
    TEST_RR_ZEROSRC12(86, mulw, 0)
    TEST_RR_ZERODEST(87, mul, 0x12345678, 0x33)
    TEST_RR_ZERODEST(88, mulh, 0x12345678, 0x33)
    TEST_RR_ZERODEST(89, mulhsu, 0x12345678, 0x33)
    TEST_RR_ZERODEST(90, mulhu, 0x12345678, 0x33)
    TEST_RR_ZERODEST(91, mulw, 0x12345678, 0x33)

    /* mulh + mul give the full 128-bit signed product */
    TEST_CASE(92, a5, 0xfffffffffffffffe, li a1, 0x8000000000000000; li a2, 3; mulh a5, a1, a2; mul a4, a1, a2; li t2, 0x8000000000000000; CHECK_EQ(a4, t2))
    TEST_CASE(93, a5, 0x123456788, li a1, 0xffffffffffffffff; li a2, 0x123456789; mulhu a5, a1, a2; mul a1, a1, a2; li t2, 0xfffffffedcba9877; CHECK_EQ(a1, t2))

TEST_END
