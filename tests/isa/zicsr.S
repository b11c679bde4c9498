/*
 * zicsr.S - Zicsr instructions and the basic M-mode CSRs:
 *   csrrw csrrs csrrc csrrwi csrrsi csrrci on mscratch (old value returned,
 *   new value written; rs1 = x0 / uimm = 0 forms of csrrs/csrrc do not
 *   write; rd = x0 forms still write; rd == rs1),
 *   mhartid = 0, misa (MXL = 2, I M A C present),
 *   mcycle / minstret / cycle / instret count up (minstret by at least the
 *   number of retired instructions), writable mcycle / minstret,
 *   mtvec / mepc / mcause / mtval read-back, mret to mepc,
 *   writes to read-only CSRs and accesses to an unallocated CSR are illegal
 *   instructions, while reads of read-only CSRs with rs1 = x0 / uimm = 0 are
 *   allowed.
 */
#include "test_macros.h"

TEST_BEGIN

    /* ---- mscratch and the six instructions ---- */
    TEST_CASE(1, a4, 0x123456789abcdef0, li a1, 0x123456789abcdef0; csrw mscratch, a1; csrr a4, mscratch)
    TEST_CASE(2, a4, 0x123456789abcdef0, li a2, 0x8000000000000001; csrrw a4, mscratch, a2)
    TEST_CASE(3, a4, 0x8000000000000001, csrr a4, mscratch)
    /* csrrs: old value, then old | rs1 */
    TEST_CASE(4, a4, 0x8000000000000001, li a2, 0x00000000000000f0; csrrs a4, mscratch, a2)
    TEST_CASE(5, a4, 0x80000000000000f1, csrr a4, mscratch)
    /* csrrc: old value, then old & ~rs1 */
    TEST_CASE(6, a4, 0x80000000000000f1, li a2, 0x8000000000000011; csrrc a4, mscratch, a2)
    TEST_CASE(7, a4, 0x00000000000000e0, csrr a4, mscratch)
    /* rs1 = x0: csrrs / csrrc do not write */
    TEST_CASE(8, a4, 0xe0, csrrs a4, mscratch, x0)
    TEST_CASE(9, a4, 0xe0, csrrc a4, mscratch, x0)
    TEST_CASE(10, a4, 0xe0, csrr a4, mscratch)
    /* csrrwi: zero-extended 5-bit immediate */
    TEST_CASE(11, a4, 0xe0, csrrwi a4, mscratch, 0x1f)
    TEST_CASE(12, a4, 0x1f, csrr a4, mscratch)
    /* csrrsi / csrrci */
    TEST_CASE(13, a4, 0x15, li a1, -1; csrw mscratch, a1; csrrci a4, mscratch, 0x15; csrr a4, mscratch; not a4, a4)
    TEST_CASE(14, a4, 0xfffffffffffffffe, li a1, -1; csrw mscratch, a1; csrrci a4, mscratch, 1; csrr a4, mscratch)
    TEST_CASE(15, a4, 0x10, csrw mscratch, x0; csrrsi a4, mscratch, 0x10; csrr a4, mscratch)
    TEST_CASE(16, a4, 0x10, csrrsi a4, mscratch, 0x1; csrrsi a4, mscratch, 0x4; csrr a4, mscratch; andi a4, a4, 0x10)
    TEST_CASE(17, a4, 0x15, csrr a4, mscratch)
    /* uimm = 0: csrrsi / csrrci do not write */
    TEST_CASE(18, a4, 0x15, csrrsi a4, mscratch, 0)
    TEST_CASE(19, a4, 0x15, csrrci a4, mscratch, 0; csrr a4, mscratch)
    /* csrrwi with uimm = 0 does write (zero) */
    TEST_CASE(20, a4, 0x15, csrrwi a4, mscratch, 0)
    TEST_CASE(21, a4, 0, csrr a4, mscratch)
    /* rd = x0 forms still write */
    TEST_CASE(22, a4, 0x55, li a1, 0x55; csrrw x0, mscratch, a1; csrr a4, mscratch)
    TEST_CASE(23, a4, 0x75, li a1, 0x20; csrrs x0, mscratch, a1; csrr a4, mscratch)
    TEST_CASE(24, a4, 0x35, li a1, 0x40; csrrc x0, mscratch, a1; csrr a4, mscratch)
    TEST_CASE(25, a4, 0x3f, csrrsi x0, mscratch, 0xa; csrr a4, mscratch)
    TEST_CASE(26, a4, 0x3b, csrrci x0, mscratch, 0x4; csrr a4, mscratch)
    TEST_CASE(27, a4, 0x09, csrrwi x0, mscratch, 0x9; csrr a4, mscratch)
    /* rd == rs1: old value into rd, old rs1 value into the CSR */
    TEST_CASE(28, a1, 0x09, li a1, 0x777; csrrw a1, mscratch, a1)
    TEST_CASE(29, a4, 0x777, csrr a4, mscratch)
    TEST_CASE(30, a1, 0x777, li a1, 0x888; csrrs a1, mscratch, a1)
    TEST_CASE(31, a4, 0xfff, csrr a4, mscratch)
    TEST_CASE(32, a1, 0xfff, li a1, 0x0f0; csrrc a1, mscratch, a1)
    TEST_CASE(33, a4, 0xf0f, csrr a4, mscratch)
    /* other registers */
    TEST_CASE(34, x31, 0xf0f, csrrw x31, mscratch, x30)
    TEST_CASE(35, a4, 0, li x30, 0; csrrw x1, mscratch, x30; csrr a4, mscratch)

    /* ---- identification ---- */
    TEST_CASE(36, a4, 0, li a4, 5; csrr a4, mhartid)
    /* misa: MXL (bits 63:62) = 2 for RV64 */
    TEST_CASE(37, a4, 2, csrr a4, misa; srli a4, a4, 62)
    /* I (bit 8), M (12), A (0), C (2) */
    TEST_CASE(38, a4, 0x1105, csrr a4, misa; li a1, 0x1105; and a4, a4, a1)
    /* misa: E (bit 4) is not set when I is */
    TEST_CASE(39, a4, 0, csrr a4, misa; andi a4, a4, 0x10)
    /* mvendorid etc. are readable (any value) */
    TEST_CASE(40, a4, 0, csrr a1, mvendorid; csrr a1, marchid; csrr a1, mimpid; li a4, 0)

    /* ---- counters ---- */
    li TESTNUM, 41                      /* mcycle increases */
    csrr s1, mcycle
    li a1, 100
1:  addi a1, a1, -1
    bnez a1, 1b
    csrr s2, mcycle
    bgeu s1, s2, test_fail

    li TESTNUM, 42                      /* minstret >= 3 * 100 + 1 more */
    csrr s1, minstret
    li a1, 100
1:  addi a1, a1, -1
    nop
    bnez a1, 1b
    csrr s2, minstret
    sub s3, s2, s1
    li t3, 301
    bltu s3, t3, test_fail

    li TESTNUM, 43                      /* cycle (user alias) increases */
    rdcycle s1
    li a1, 50
1:  addi a1, a1, -1
    bnez a1, 1b
    rdcycle s2
    bgeu s1, s2, test_fail

    li TESTNUM, 44                      /* instret (user alias) */
    rdinstret s1
    li a1, 50
1:  addi a1, a1, -1
    bnez a1, 1b
    rdinstret s2
    sub s3, s2, s1
    li t3, 101
    bltu s3, t3, test_fail

    li TESTNUM, 45                      /* cycle >= an earlier mcycle */
    csrr s1, mcycle
    rdcycle s2
    bltu s2, s1, test_fail
    csrr s1, minstret
    rdinstret s2
    bltu s2, s1, test_fail

    /* 46/47: mcycle / minstret are writable and count on from the value */
    li TESTNUM, 46
    li s1, 0x1000000000
    csrw mcycle, s1
    csrr s2, mcycle
    bltu s2, s1, test_fail
    li t3, 0x1000000000 + 0x100000000
    bgeu s2, t3, test_fail
    li TESTNUM, 47
    li s1, 0x2000000000
    csrw minstret, s1
    nop
    csrr s2, minstret
    bltu s2, s1, test_fail
    li t3, 0x2000000000 + 0x100000000
    bgeu s2, t3, test_fail

    /* ---- trap CSRs read-back ---- */
    /* mtvec (direct mode, 4-byte aligned base) */
    li TESTNUM, 48
    la s1, alt_vector
    csrw mtvec, s1
    csrr a4, mtvec
    CHECK_EQ(a4, s1)
    la t0, test_trap_handler
    csrw mtvec, t0
    csrr a4, mtvec
    CHECK_EQ(a4, t0)
    /* mepc (even values are always representable with C) */
    TEST_CASE(49, a4, 0x80001234, li a1, 0x80001234; csrw mepc, a1; csrr a4, mepc)
    TEST_CASE(50, a4, 0x80000002, li a1, 0x80000002; csrw mepc, a1; csrr a4, mepc)
    /* mcause: legal values */
    TEST_CASE(51, a4, 11, li a1, 11; csrw mcause, a1; csrr a4, mcause)
    TEST_CASE(52, a4, 0x8000000000000007, li a1, 0x8000000000000007; csrw mcause, a1; csrr a4, mcause)
    TEST_CASE(53, a4, 2, li a1, 2; csrw mcause, a1; csrr a4, mcause)
    /* mtval */
    TEST_CASE(54, a4, 0x123456789abcdef0, li a1, 0x123456789abcdef0; csrw mtval, a1; csrr a4, mtval)
    TEST_CASE(55, a4, 0, csrw mtval, x0; csrr a4, mtval)

    /* 56: mret jumps to mepc (MPP set to M so we stay in M-mode) */
    li TESTNUM, 56
    li t0, 0x1800
    csrs mstatus, t0
    la a1, 1f
    csrw mepc, a1
    li a4, 0
    mret
    j test_fail
1:  csrr a4, mhartid            /* still in M-mode: M CSRs accessible */
    CHECK_VAL(a4, 0)

    /* 57: mret with MPIE = 0 leaves MIE = 0 */
    li TESTNUM, 57
    li t0, 0x1800
    csrs mstatus, t0
    li t0, 0x88
    csrc mstatus, t0
    la a1, 1f
    csrw mepc, a1
    mret
1:  csrr a4, mstatus
    andi a4, a4, 8
    CHECK_VAL(a4, 0)

    /* ---- illegal CSR accesses ---- */
    TEST_ILLEGAL(58, 0xf1459073, csrw mhartid, a1)
    TEST_ILLEGAL(59, 0xc0059073, csrw cycle, a1)
    TEST_ILLEGAL(60, 0xc0259073, csrw instret, a1)
    TEST_ILLEGAL(61, 0xf1159073, csrw mvendorid, a1)
    /* csrrs / csrrc with rs1 != x0 write -> illegal.  The spec says this
     * holds even when the rs1 value is 0, but QEMU 7.2 only traps for a
     * nonzero value, so a nonzero value is used here. */
    li a1, 1
    TEST_ILLEGAL(62, 0xf145a773, csrrs a4, mhartid, a1)
    TEST_ILLEGAL(63, 0xc005b773, csrrc a4, cycle, a1)
    TEST_ILLEGAL(64, 0xf14fe773, csrrsi a4, mhartid, 0x1f)
    TEST_ILLEGAL(65, 0xc000f773, csrrci a4, cycle, 1)
    TEST_ILLEGAL(66, 0xf1405773, csrrwi a4, mhartid, 0)
    /* "unimp" = csrrw x0, cycle, x0 */
    TEST_ILLEGAL(67, 0xc0001073, unimp)
    /* an unallocated CSR number (0x0ff), read and write */
    TEST_ILLEGAL(68, 0x0ff02773, csrr a4, 0x0ff)
    TEST_ILLEGAL(69, 0x0ff59073, csrw 0x0ff, a1)
    /* 70: an illegal CSR instruction does not write rd */
    li TESTNUM, 70
    li a4, 0x99
    la tp, 1f
    csrrw a4, mhartid, a1
    j test_fail
1:  CHECK_VAL(a4, 0x99)
    CHECK_VAL(t5, 2)
    /* 71: reads of read-only CSRs with rs1 = x0 / uimm = 0 are fine */
    TEST_CASE(71, a4, 0, li a4, 1; csrrs a4, mhartid, x0)
    TEST_CASE(72, a4, 0, li a4, 1; csrrsi a4, mhartid, 0)
    TEST_CASE(73, a4, 0, csrrc a4, cycle, x0; li a4, 0)

TEST_END

    .text
    .balign 64
alt_vector:
    j test_fail
