/*
 * rv64i_ldst.S - RV64I loads lb lh lw ld lbu lhu lwu (sign / zero
 * extension, positive / negative / extreme offsets, rd == base, rd == x0)
 * and stores sb sh sw sd (only the low bytes of rs2 stored, neighbours
 * untouched, little-endian layout, x0 as the source, negative offsets).
 * All accesses here are naturally aligned (see misaligned.S).
 */
#include "test_macros.h"

TEST_BEGIN

    /* lb */
    TEST_LD(1, lb, 0xffffffffffffff88, 0, ldat)
    TEST_LD(2, lb, 0x11, 7, ldat)
    TEST_LD(3, lb, 0x7f, 8, ldat)
    TEST_LD(4, lb, 0xffffffffffffff80, 9, ldat)
    TEST_LD(5, lb, 0xffffffffffffffff, 10, ldat)
    TEST_LD(6, lb, 0, 11, ldat)
    TEST_LD(7, lb, 0xfffffffffffffffe, 13, ldat)
    TEST_LD(8, lb, 0xffffffffffffff80, 15, ldat)
    TEST_LD(9, lb, 0xfffffffffffffffe, -35, ldat+48)
    TEST_LD(10, lb, 0xffffffffffffff80, -33, ldat+48)
    TEST_LD_DEST_EQ_BASE(11, lb, 0x11, 7, ldat)
    TEST_LD_ZERODEST(12, lb, 7, ldat)

    /* lbu */
    TEST_LD(13, lbu, 0x88, 0, ldat)
    TEST_LD(14, lbu, 0x11, 7, ldat)
    TEST_LD(15, lbu, 0x7f, 8, ldat)
    TEST_LD(16, lbu, 0x80, 9, ldat)
    TEST_LD(17, lbu, 0xff, 10, ldat)
    TEST_LD(18, lbu, 0, 11, ldat)
    TEST_LD(19, lbu, 0xfe, 13, ldat)
    TEST_LD(20, lbu, 0x80, 15, ldat)
    TEST_LD(21, lbu, 0xfe, -35, ldat+48)
    TEST_LD(22, lbu, 0x80, -33, ldat+48)
    TEST_LD_DEST_EQ_BASE(23, lbu, 0x11, 7, ldat)
    TEST_LD_ZERODEST(24, lbu, 7, ldat)

    /* lh */
    TEST_LD(25, lh, 0x7788, 0, ldat)
    TEST_LD(26, lh, 0x1122, 6, ldat)
    TEST_LD(27, lh, 0xffffffffffff807f, 8, ldat)
    TEST_LD(28, lh, 0xff, 10, ldat)
    TEST_LD(29, lh, 0xfffffffffffffe01, 12, ldat)
    TEST_LD(30, lh, 0xffffffffffff8000, 14, ldat)
    TEST_LD(31, lh, 0xffffffffffffdead, 18, ldat)
    TEST_LD(32, lh, 0x7fff, 22, ldat)
    TEST_LD(33, lh, 0, 30, ldat)
    TEST_LD(34, lh, 0x7fff, -26, ldat+48)
    TEST_LD(35, lh, 0, -18, ldat+48)
    TEST_LD_DEST_EQ_BASE(36, lh, 0x1122, 6, ldat)
    TEST_LD_ZERODEST(37, lh, 6, ldat)

    /* lhu */
    TEST_LD(38, lhu, 0x7788, 0, ldat)
    TEST_LD(39, lhu, 0x1122, 6, ldat)
    TEST_LD(40, lhu, 0x807f, 8, ldat)
    TEST_LD(41, lhu, 0xff, 10, ldat)
    TEST_LD(42, lhu, 0xfe01, 12, ldat)
    TEST_LD(43, lhu, 0x8000, 14, ldat)
    TEST_LD(44, lhu, 0xdead, 18, ldat)
    TEST_LD(45, lhu, 0x7fff, 22, ldat)
    TEST_LD(46, lhu, 0, 30, ldat)
    TEST_LD(47, lhu, 0x7fff, -26, ldat+48)
    TEST_LD(48, lhu, 0, -18, ldat+48)
    TEST_LD_DEST_EQ_BASE(49, lhu, 0x1122, 6, ldat)
    TEST_LD_ZERODEST(50, lhu, 6, ldat)

    /* lw */
    TEST_LD(51, lw, 0x55667788, 0, ldat)
    TEST_LD(52, lw, 0x11223344, 4, ldat)
    TEST_LD(53, lw, 0xff807f, 8, ldat)
    TEST_LD(54, lw, 0xffffffff8000fe01, 12, ldat)
    TEST_LD(55, lw, 0xffffffffdeadbeef, 16, ldat)
    TEST_LD(56, lw, 0x7fffffff, 20, ldat)
    TEST_LD(57, lw, 0xffffffff80000000, 24, ldat)
    TEST_LD(58, lw, 1, 28, ldat)
    TEST_LD(59, lw, 0xffffffffffffffff, 32, ldat)
    TEST_LD(60, lw, 1, -20, ldat+48)
    TEST_LD(61, lw, 0xffffffffffffffff, -16, ldat+48)
    TEST_LD_DEST_EQ_BASE(62, lw, 0x11223344, 4, ldat)
    TEST_LD_ZERODEST(63, lw, 4, ldat)

    /* lwu */
    TEST_LD(64, lwu, 0x55667788, 0, ldat)
    TEST_LD(65, lwu, 0x11223344, 4, ldat)
    TEST_LD(66, lwu, 0xff807f, 8, ldat)
    TEST_LD(67, lwu, 0x8000fe01, 12, ldat)
    TEST_LD(68, lwu, 0xdeadbeef, 16, ldat)
    TEST_LD(69, lwu, 0x7fffffff, 20, ldat)
    TEST_LD(70, lwu, 0x80000000, 24, ldat)
    TEST_LD(71, lwu, 1, 28, ldat)
    TEST_LD(72, lwu, 0xffffffff, 32, ldat)
    TEST_LD(73, lwu, 1, -20, ldat+48)
    TEST_LD(74, lwu, 0xffffffff, -16, ldat+48)
    TEST_LD_DEST_EQ_BASE(75, lwu, 0x11223344, 4, ldat)
    TEST_LD_ZERODEST(76, lwu, 4, ldat)

    /* ld */
    TEST_LD(77, ld, 0x1122334455667788, 0, ldat)
    TEST_LD(78, ld, 0x8000fe0100ff807f, 8, ldat)
    TEST_LD(79, ld, 0x7fffffffdeadbeef, 16, ldat)
    TEST_LD(80, ld, 0x180000000, 24, ldat)
    TEST_LD(81, ld, 0xffffffffffffffff, 32, ldat)
    TEST_LD(82, ld, 0x8000000000000000, 40, ldat)
    TEST_LD(83, ld, 0xffffffffffffffff, -16, ldat+48)
    TEST_LD(84, ld, 0x8000000000000000, -8, ldat+48)
    TEST_LD_DEST_EQ_BASE(85, ld, 0x8000fe0100ff807f, 8, ldat)
    TEST_LD_ZERODEST(86, ld, 8, ldat)

    /* largest positive / negative immediate offsets */
    TEST_LD(87, ld, 0x8000fe0100ff807f, 2047, ldat-2039)
    TEST_LD(88, lbu, 0x80, -2048, ldat+2048+9)
    TEST_LD(89, lw, 0x7fffffff, -2048, ldat+2048+20)

    /* stores: value read back; only the low bytes of rs2 are stored */
    TEST_ST(90, sd, ld, 0x1111111111111111, 0x1111111111111111, 0, sdat)
    TEST_ST(91, sd, ld, 0x2222222222222222, 0x2222222222222222, 8, sdat)
    TEST_ST(92, sd, ld, 0x3333333333333333, 0x3333333333333333, 16, sdat)
    TEST_ST(93, sb, lb, 0xffffffffffffffa5, 0xaabbccddeeff00a5, 3, sdat)
    TEST_ST(94, sb, lb, 0xffffffffffffff80, 0xffffffffffffff80, 0, sdat)
    TEST_ST(95, sb, lb, 0x7f, 0x7f, 7, sdat)
    TEST_ST(96, sh, lh, 0xffffffffffffbeef, 0x123456789abcbeef, 6, sdat)
    TEST_ST(97, sh, lh, 0xffffffffffff8001, 0xffffffffffff8001, 8, sdat)
    TEST_ST(98, sh, lh, 0x7ffe, 0x7ffe, 14, sdat)
    TEST_ST(99, sw, lw, 0x76543210, 0xfedcba9876543210, 12, sdat)
    TEST_ST(100, sw, lw, 0xffffffff80000000, 0xffffffff80000000, 16, sdat)
    TEST_ST(101, sw, lw, 0x7fffffff, 0x7fffffff, 20, sdat)
    TEST_ST(102, sd, ld, 0x8000000000000001, 0x8000000000000001, 24, sdat)
    TEST_ST(103, sd, ld, 0x123456789abcdef, 0x123456789abcdef, 32, sdat)
    TEST_ST(104, sb, lb, 0, 0, 33, sdat)
    TEST_ST(105, sh, lh, 0xffffffffffffffff, 0xffff, 36, sdat)

    /* the neighbouring bytes are untouched (whole dwords) */
    TEST_MEM64(106, 0xbeef1111a5111180, sdat+0)
    TEST_MEM64(107, 0x7654321022228001, sdat+8)
    TEST_MEM64(108, 0x7fffffff80000000, sdat+16)
    TEST_MEM64(109, 0x8000000000000001, sdat+24)
    TEST_MEM64(110, 0x123ffff89ab00ef, sdat+32)

    /* little-endian: dword read back as bytes, halves, words */
    TEST_LD(111, lbu, 0xef, 32, sdat)
    TEST_LD(112, lbu, 0, 33, sdat)
    TEST_LD(113, lb, 0xffffffffffffffab, 34, sdat)
    TEST_LD(114, lhu, 0x123, 38, sdat)
    TEST_LD(115, lh, 0xffffffffffffffff, 36, sdat)
    TEST_LD(116, lw, 0x123ffff, 36, sdat)
    TEST_LD(117, lwu, 0x89ab00ef, 32, sdat)

    /* negative store offsets, and x0 as the source */
    TEST_ST(118, sb, lb, 0x5a, 0x5a, -23, sdat+64)
    TEST_ST(119, sh, lh, 0xffffffffffffa55a, 0xa55a, -22, sdat+64)
    TEST_ST(120, sw, lw, 0xffffffffdeadbeef, 0xdeadbeef, -20, sdat+64)
    TEST_ST(121, sd, ld, 0xcafef00dd00dfeed, 0xcafef00dd00dfeed, -16, sdat+64)
    TEST_CASE(122, a4, 0, la a1, sdat; sd x0, 48(a1); ld a4, 48(a1))
    TEST_CASE(123, a4, 0, la a1, sdat; sw x0, 40(a1); lw a4, 40(a1))
    TEST_CASE(124, a4, 0, la a1, sdat; sh x0, 34(a1); lh a4, 34(a1))
    TEST_CASE(125, a4, 0, la a1, sdat; sb x0, 24(a1); lb a4, 24(a1))
    TEST_MEM64(126, 0x8000000000000000, sdat+24)
    TEST_MEM64(127, 0x123ffff000000ef, sdat+32)
    TEST_MEM64(128, 0xdeadbeef00000000, sdat+40)
    TEST_MEM64(129, 0, sdat+48)

    /* store with base == data register */
    TEST_CASE(130, a4, 1, la a1, sdat+56; sd a1, 0(a1); ld a4, 0(a1); sub a4, a4, a1; seqz a4, a4)

    /* largest immediate offsets for stores */
    TEST_CASE(131, a4, 0x7e, la a1, sdat+56-2047; sb a2, 2047(a1); li a2, 0x7e; sb a2, 2047(a1); la a3, sdat; lbu a4, 56(a3))
    TEST_CASE(132, a4, 0x1357, la a1, sdat+2048+58; li a2, 0x1357; sh a2, -2048(a1); la a3, sdat; lhu a4, 58(a3))

TEST_END

TEST_DATA
    .balign 64
ldat:
    .byte 0x88, 0x77, 0x66, 0x55, 0x44, 0x33, 0x22, 0x11
    .byte 0x7f, 0x80, 0xff, 0x00, 0x01, 0xfe, 0x00, 0x80
    .byte 0xef, 0xbe, 0xad, 0xde, 0xff, 0xff, 0xff, 0x7f
    .byte 0x00, 0x00, 0x00, 0x80, 0x01, 0x00, 0x00, 0x00
    .byte 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff
    .byte 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x80

    .balign 64
sdat:
    .fill 64, 1, 0
    .fill 64, 1, 0
