/*
 * misaligned.S - misaligned loads and stores (lh lhu lw lwu ld sh sw sd at
 * odd / non-natural addresses, within a dword, crossing an 8-byte boundary
 * and crossing a 4 KiB page boundary).  Like QEMU, the simulator performs
 * these in M-mode without trapping; the data must be exactly right.
 */
#include "test_macros.h"

TEST_BEGIN

    /* misaligned loads inside one dword and crossing the 8-byte boundary */
    TEST_LD(1, lh, 0xffffffffffffa392, 1, mdat)
    TEST_LD(2, lh, 0xffffffffffffc5b4, 3, mdat)
    TEST_LD(3, lh, 0xffffffffffffe7d6, 5, mdat)
    TEST_LD(4, lh, 0x9f8, 7, mdat)
    TEST_LD(5, lh, 0xffffffffffff9180, 15, mdat)
    TEST_LD(6, lhu, 0xa392, 1, mdat)
    TEST_LD(7, lhu, 0xc5b4, 3, mdat)
    TEST_LD(8, lhu, 0xe7d6, 5, mdat)
    TEST_LD(9, lhu, 0x9f8, 7, mdat)
    TEST_LD(10, lhu, 0x9180, 15, mdat)
    TEST_LD(11, lw, 0xffffffffc5b4a392, 1, mdat)
    TEST_LD(12, lw, 0xffffffffd6c5b4a3, 2, mdat)
    TEST_LD(13, lw, 0xffffffffe7d6c5b4, 3, mdat)
    TEST_LD(14, lw, 0x9f8e7d6, 5, mdat)
    TEST_LD(15, lw, 0x1a09f8e7, 6, mdat)
    TEST_LD(16, lw, 0x2b1a09f8, 7, mdat)
    TEST_LD(17, lw, 0xffffffff91806f5e, 13, mdat)
    TEST_LD(18, lwu, 0xc5b4a392, 1, mdat)
    TEST_LD(19, lwu, 0xd6c5b4a3, 2, mdat)
    TEST_LD(20, lwu, 0xe7d6c5b4, 3, mdat)
    TEST_LD(21, lwu, 0x9f8e7d6, 5, mdat)
    TEST_LD(22, lwu, 0x1a09f8e7, 6, mdat)
    TEST_LD(23, lwu, 0x2b1a09f8, 7, mdat)
    TEST_LD(24, lwu, 0x91806f5e, 13, mdat)
    TEST_LD(25, ld, 0x9f8e7d6c5b4a392, 1, mdat)
    TEST_LD(26, ld, 0x1a09f8e7d6c5b4a3, 2, mdat)
    TEST_LD(27, ld, 0x2b1a09f8e7d6c5b4, 3, mdat)
    TEST_LD(28, ld, 0x3c2b1a09f8e7d6c5, 4, mdat)
    TEST_LD(29, ld, 0x4d3c2b1a09f8e7d6, 5, mdat)
    TEST_LD(30, ld, 0x5e4d3c2b1a09f8e7, 6, mdat)
    TEST_LD(31, ld, 0x6f5e4d3c2b1a09f8, 7, mdat)
    TEST_LD(32, ld, 0x91806f5e4d3c2b1a, 9, mdat)
    TEST_LD(33, ld, 0xc4b3a291806f5e4d, 12, mdat)

    /* negative offset, rd == base */
    TEST_LD(34, ld, 0x2b1a09f8e7d6c5b4, -7, mdat+10)
    TEST_LD_DEST_EQ_BASE(35, lw, 0x9f8e7d6, 5, mdat)

    /* crossing a 4 KiB page boundary */
    TEST_LD(36, ld, 0x2e2b2825221f1c19, -5, pgdat)
    TEST_LD(37, ld, 0x3a3734312e2b2825, -1, pgdat)
    TEST_LD(38, lw, 0x2825221f, -3, pgdat)
    TEST_LD(39, lwu, 0x2b282522, -2, pgdat)
    TEST_LD(40, lh, 0x2825, -1, pgdat)
    TEST_LD(41, lhu, 0x2825, -1, pgdat)

    /* misaligned stores; read back with the same width and as aligned dwords */
    TEST_ST(42, sh, lh, 0xffffffffffff8182, 0x8182, 1, sdat)
    TEST_ST(43, sh, lh, 0xffffffffffffa1a2, 0xa1a2, 7, sdat)
    TEST_ST(44, sw, lw, 0xffffffffb1b2b3b4, 0xb1b2b3b4, 10, sdat)
    TEST_ST(45, sw, lw, 0xffffffffc1c2c3c4, 0xc1c2c3c4, 13, sdat)
    TEST_ST(46, sw, lw, 0x75767778, 0x7172737475767778, 3, sdat)
    TEST_ST(47, sd, ld, 0xd1d2d3d4d5d6d7d8, 0xd1d2d3d4d5d6d7d8, 17, sdat)
    TEST_ST(48, sd, ld, 0x102030405060708, 0x102030405060708, 22, sdat)
    TEST_ST(49, sh, lh, 0xffffffffffffeeff, 0xeeff, 29, sdat)
    TEST_MEM64(50, 0xa275767778818200, sdat+0)
    TEST_MEM64(51, 0xc2c3c4b2b3b400a1, sdat+8)
    TEST_MEM64(52, 0x708d4d5d6d7d8c1, sdat+16)
    TEST_MEM64(53, 0xeeff0203040506, sdat+24)

    /* misaligned stores crossing a page boundary */
    TEST_ST(54, sd, ld, 0x1122334455667788, 0x1122334455667788, -3, pgst)
    TEST_ST(55, sw, lw, 0xffffffff99aabbcc, 0x99aabbcc, -1, pgst)
    TEST_ST(56, sh, lh, 0xffffffffffffddee, 0xddee, -1, pgst)
    TEST_MEM64(57, 0xee77880000000000, pgst-8)
    TEST_MEM64(58, 0x112299aadd, pgst)

TEST_END

TEST_DATA
    .balign 64
mdat:
    .byte 0x81, 0x92, 0xa3, 0xb4, 0xc5, 0xd6, 0xe7, 0xf8
    .byte 0x09, 0x1a, 0x2b, 0x3c, 0x4d, 0x5e, 0x6f, 0x80
    .byte 0x91, 0xa2, 0xb3, 0xc4, 0xd5, 0xe6, 0xf7, 0x08
    .byte 0x19, 0x2a, 0x3b, 0x4c, 0x5d, 0x6e, 0x7f, 0x90

    .balign 64
sdat:
    .fill 32, 1, 0

    .balign 4096
    .fill 4096 - 8, 1, 0
    .byte 0x10, 0x13, 0x16, 0x19, 0x1c, 0x1f, 0x22, 0x25
pgdat:
    .byte 0x28, 0x2b, 0x2e, 0x31, 0x34, 0x37, 0x3a, 0x3d

    .balign 4096
    .fill 4096 - 8, 1, 0
    .fill 8, 1, 0
pgst:
    .fill 8, 1, 0
