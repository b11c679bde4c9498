/*
 * rv64c.S - RV64C compressed instructions (no FP forms):
 *   c.addi4spn c.lw c.ld c.sw c.sd c.nop c.addi c.addiw c.li c.addi16sp
 *   c.lui c.srli c.srai c.andi c.sub c.xor c.or c.and c.subw c.addw c.j
 *   c.beqz c.bnez c.slli c.lwsp c.ldsp c.jr c.mv c.ebreak c.jalr c.add
 *   c.swsp c.sdsp
 * with extreme immediates (negative, maximum), the x8-x15 register window
 * edges (s0 / a5), full-register CI/CR forms (t6, ra), link = pc + 2 for
 * c.jalr, 32-bit instructions at 2-byte-aligned addresses (including one
 * straddling a 4 KiB page boundary), some HINT encodings (no-ops), and the
 * reserved encodings: all-zero 0x0000 and others (illegal, mcause 2).
 *
 * Each instruction under test is wrapped in RVC(...), which enables
 * compression only for that instruction; explicit c.* mnemonics make the
 * assembler emit exactly the intended 16-bit encoding.
 */
#include "test_macros.h"

#define RVC(...)  .option push; .option rvc; __VA_ARGS__; .option pop

/* a4 = initial; inst a4, imm; check a4 */
#define TEST_C1(n, inst, imm, expected, initial) \
    TEST_CASE(n, a4, expected, li a4, initial; RVC(inst a4, imm))

/* a4 = v1, a2 = v2; inst a4, a2; check a4 and that a2 is unchanged */
#define TEST_C2(n, inst, expected, v1, v2) \
    TEST_CASE(n, a4, expected, li a4, v1; li a2, v2; RVC(inst a4, a2)); CHECK_VAL(a2, v2)

/* compressed branch that must not be taken */
#define C_NOT_TAKEN(inst, reg) RVC(inst reg, 5f); j 6f; 5: j test_fail; 6:

TEST_BEGIN

    /* ---- c.addi4spn: rd' = sp + nzuimm (4..1020, multiple of 4) ---- */
    TEST_CASE(1, a4, 0, RVC(c.addi4spn a4, sp, 4); addi t3, sp, 4; sub a4, a4, t3)
    TEST_CASE(2, a4, 0, RVC(c.addi4spn a4, sp, 1020); addi t3, sp, 1020; sub a4, a4, t3)
    TEST_CASE(3, s0, 0, RVC(c.addi4spn s0, sp, 8); addi t3, sp, 8; sub s0, s0, t3)
    TEST_CASE(4, a5, 0, RVC(c.addi4spn a5, sp, 512); addi t3, sp, 512; sub a5, a5, t3)

    /* ---- c.lw / c.ld: offsets 0..124 / 0..248 ---- */
    TEST_CASE(5, a4, 0xffffffff80000001, la a1, cdat; RVC(c.lw a4, 0(a1)))
    TEST_CASE(6, a4, 0x7ffffffe, la a1, cdat; RVC(c.lw a4, 4(a1)))
    TEST_CASE(7, a4, 0xffffffffdeadbeef, la a1, cdat; RVC(c.lw a4, 124(a1)))
    TEST_CASE(8, a4, 0x7ffffffe80000001, la a1, cdat; RVC(c.ld a4, 0(a1)))
    TEST_CASE(9, a4, 0x0123456789abcdef, la a1, cdat; RVC(c.ld a4, 248(a1)))
    TEST_CASE(10, a1, 0x7ffffffe, la a1, cdat; RVC(c.lw a1, 4(a1)))
    TEST_CASE(11, s0, 0xfedcba9876543210, la a5, cdat; RVC(c.ld s0, 8(a5)))
    TEST_CASE(12, a5, 0xfedcba9876543210, la s0, cdat; RVC(c.ld a5, 8(s0)))

    /* ---- c.sw / c.sd ---- */
    TEST_CASE(13, a4, 0xffffffffcafef00d, la a1, sdat; li a2, 0x12345678cafef00d; RVC(c.sw a2, 0(a1)); lw a4, 0(a1))
    TEST_CASE(14, a4, 0xcafef00d, la a1, sdat; ld a4, 0(a1))   /* upper word untouched */
    TEST_CASE(15, a4, 0x11223344, la a1, sdat; li a2, 0x11223344; RVC(c.sw a2, 124(a1)); lw a4, 124(a1))
    TEST_CASE(16, a4, 0x8000000000000001, la a1, sdat; li a2, 0x8000000000000001; RVC(c.sd a2, 248(a1)); ld a4, 248(a1))
    TEST_CASE(17, a4, 0x5a5a5a5a5a5a5a5a, la s0, sdat; li a5, 0x5a5a5a5a5a5a5a5a; RVC(c.sd a5, 16(s0)); ld a4, 16(s0))
    TEST_CASE(18, a4, 0, la a1, sdat; li a2, 0x77; sd a2, 24(a1); RVC(c.sd a1, 24(a1)); ld a4, 24(a1); sub a4, a4, a1)

    /* ---- c.nop ---- */
    TEST_CASE(19, a4, 0x1234, li a4, 0x1234; RVC(c.nop); RVC(c.nop))

    /* ---- c.addi: nzimm -32..31, any rd ---- */
    TEST_C1(20, c.addi, -32, 0xffffffffffffffe5, 5)
    TEST_C1(21, c.addi, 31, 36, 5)
    TEST_C1(22, c.addi, 1, 0x8000000000000000, 0x7fffffffffffffff)
    TEST_C1(23, c.addi, -1, 0xffffffff, 0x100000000)
    TEST_CASE(24, t6, 0xffffffffffffffff, li t6, 0; RVC(c.addi t6, -1))
    TEST_CASE(25, ra, 0x100, li ra, 0xe1; RVC(c.addi ra, 31))

    /* ---- c.addiw: imm -32..31 (0 = sext.w), 32-bit result sign-extended ---- */
    TEST_C1(26, c.addiw, 1, 0xffffffff80000000, 0x7fffffff)
    TEST_C1(27, c.addiw, 0, 0xffffffff80000000, 0x1234567880000000)
    TEST_C1(28, c.addiw, 0, 0x7fffffff, 0xffffffff7fffffff)
    TEST_C1(29, c.addiw, -32, 0xffffffffffffffe0, 0)
    TEST_C1(30, c.addiw, 31, 0x1e, 0xffffffffffffffff)
    TEST_CASE(31, t6, 0xffffffff80000000, li t6, 0x80000020; RVC(c.addiw t6, -32))

    /* ---- c.li: imm -32..31 ---- */
    TEST_C1(32, c.li, -32, 0xffffffffffffffe0, 7)
    TEST_C1(33, c.li, 31, 31, 7)
    TEST_C1(34, c.li, 0, 0, 7)
    TEST_CASE(35, t6, 0xffffffffffffffff, li t6, 0; RVC(c.li t6, -1))
    TEST_CASE(36, ra, 1, li ra, 0; RVC(c.li ra, 1))

    /* ---- c.addi16sp: sp += nzimm (-512..496, multiple of 16) ---- */
    li TESTNUM, 37
    mv s1, sp
    RVC(c.addi16sp sp, -512)
    sub a4, s1, sp
    CHECK_VAL(a4, 512)
    li TESTNUM, 38
    RVC(c.addi16sp sp, 496)
    sub a4, s1, sp
    CHECK_VAL(a4, 16)
    li TESTNUM, 39
    RVC(c.addi16sp sp, 16)
    CHECK_EQ(sp, s1)

    /* ---- c.lui: nzimm[17:12], sign-extended from bit 17 ---- */
    TEST_C1(40, c.lui, 1, 0x1000, 0)
    TEST_C1(41, c.lui, 31, 0x1f000, 0)
    TEST_C1(42, c.lui, 0xfffff, 0xfffffffffffff000, 0)
    TEST_C1(43, c.lui, 0xfffe0, 0xfffffffffffe0000, 0)
    TEST_CASE(44, t6, 0x10000, li t6, 0x5; RVC(c.lui t6, 0x10))
    TEST_CASE(45, ra, 0xfffffffffffff000, li ra, 0; RVC(c.lui ra, 0xfffff))

    /* ---- c.srli / c.srai / c.andi (rd' only), shamt 1..63 ---- */
    TEST_C1(46, c.srli, 1, 0x4000000000000000, 0x8000000000000000)
    TEST_C1(47, c.srli, 32, 0x80000000, 0x8000000000000000)
    TEST_C1(48, c.srli, 63, 1, 0x8000000000000000)
    TEST_C1(49, c.srli, 31, 0x1ffffffff, 0xffffffffffffffff)
    TEST_C1(50, c.srai, 1, 0xc000000000000000, 0x8000000000000000)
    TEST_C1(51, c.srai, 32, 0xffffffff80000000, 0x8000000000000000)
    TEST_C1(52, c.srai, 63, 0xffffffffffffffff, 0x8000000000000000)
    TEST_C1(53, c.srai, 63, 0, 0x7fffffffffffffff)
    TEST_CASE(54, s0, 0x0800000000000000, li s0, 0x8000000000000000; RVC(c.srli s0, 4))
    TEST_CASE(55, a5, 0xf800000000000000, li a5, 0x8000000000000000; RVC(c.srai a5, 4))
    TEST_C1(56, c.andi, -32, 0xe0, 0xff)
    TEST_C1(57, c.andi, 31, 0x1f, 0xff)
    TEST_C1(58, c.andi, 0, 0, 0xff)
    TEST_C1(59, c.andi, -1, 0x8000000000000001, 0x8000000000000001)
    TEST_C1(60, c.andi, -2, 0xfffffffffffffffe, 0xffffffffffffffff)

    /* ---- CA format: c.sub c.xor c.or c.and c.subw c.addw ---- */
    TEST_C2(61, c.sub, 0xfffffffffffffffe, 1, 3)
    TEST_C2(62, c.sub, 0x7fffffffffffffff, 0x8000000000000000, 1)
    TEST_C2(63, c.xor, 0xf00ff00ff00ff00f, 0xff00ff00ff00ff00, 0x0f0f0f0f0f0f0f0f)
    TEST_C2(64, c.or, 0xff0fff0fff0fff0f, 0xff00ff00ff00ff00, 0x0f0f0f0f0f0f0f0f)
    TEST_C2(65, c.and, 0x0f000f000f000f00, 0xff00ff00ff00ff00, 0x0f0f0f0f0f0f0f0f)
    TEST_C2(66, c.subw, 0x7fffffff, 0xffffffff80000000, 1)
    TEST_C2(67, c.subw, 0xffffffffffffffff, 0x1234567800000000, 0xabcdef0000000001)
    TEST_C2(68, c.addw, 0xffffffff80000000, 0x7fffffff, 1)
    TEST_C2(69, c.addw, 0, 0xffffffff, 0x100000001)
    TEST_CASE(70, s0, 0xffffffffffffffff, li s0, 0; li a5, 1; RVC(c.sub s0, a5))
    TEST_CASE(71, a5, 0, li a5, 0x1234; RVC(c.xor a5, a5))
    TEST_CASE(72, a5, 0xfffffffffffffffe, li a5, 0x7fffffff; RVC(c.addw a5, a5))

    /* ---- c.slli (any rd), shamt 1..63 ---- */
    TEST_C1(73, c.slli, 1, 2, 1)
    TEST_C1(74, c.slli, 63, 0x8000000000000000, 1)
    TEST_C1(75, c.slli, 32, 0xffffffff00000000, 0xffffffffffffffff)
    TEST_CASE(76, t6, 0x100000000, li t6, 1; RVC(c.slli t6, 32))

    /* ---- c.mv / c.add (full registers) ---- */
    TEST_C2(77, c.mv, 0x123456789abcdef0, 5, 0x123456789abcdef0)
    TEST_CASE(78, t6, 0x8000000000000000, li a2, 0x8000000000000000; RVC(c.mv t6, a2))
    TEST_CASE(79, ra, 0x42, li t6, 0x42; RVC(c.mv ra, t6))
    TEST_C2(80, c.add, 0x8000000000000000, 0x7fffffffffffffff, 1)
    TEST_C2(81, c.add, 0x100000000, 0xffffffff, 1)
    TEST_CASE(82, t6, 0x3, li t6, 1; li ra, 2; RVC(c.add t6, ra))
    TEST_CASE(83, a4, 0x10, li a4, 8; RVC(c.add a4, a4))

    /* ---- c.lwsp / c.ldsp / c.swsp / c.sdsp ---- */
    li TESTNUM, 84
    mv s1, sp
    addi sp, sp, -512
    li t0, 0xffffffff80000003
    sd t0, 0(sp)
    li t0, 0x00000000deadbeef
    sd t0, 248(sp)
    li t0, 0x0123456789abcdef
    sd t0, 504(sp)
    RVC(c.lwsp a4, 0(sp))
    CHECK_VAL(a4, 0xffffffff80000003)
    li TESTNUM, 85
    RVC(c.lwsp a4, 252(sp))
    CHECK_VAL(a4, 0)
    RVC(c.lwsp t6, 248(sp))
    CHECK_VAL(t6, 0xffffffffdeadbeef)
    li TESTNUM, 86
    RVC(c.ldsp a4, 0(sp))
    CHECK_VAL(a4, 0xffffffff80000003)
    RVC(c.ldsp ra, 504(sp))
    CHECK_VAL(ra, 0x0123456789abcdef)
    li TESTNUM, 87
    li a2, 0x1122334455667788
    RVC(c.swsp a2, 252(sp))
    ld a4, 248(sp)
    CHECK_VAL(a4, 0x55667788deadbeef)
    li TESTNUM, 88
    li t6, 0x8877665544332211
    RVC(c.sdsp t6, 504(sp))
    ld a4, 504(sp)
    CHECK_VAL(a4, 0x8877665544332211)
    li TESTNUM, 89
    RVC(c.sdsp x0, 8(sp))
    RVC(c.swsp a2, 12(sp))
    ld a4, 8(sp)
    CHECK_VAL(a4, 0x5566778800000000)
    li TESTNUM, 90
    RVC(c.swsp sp, 16(sp))                  /* store sp itself */
    lwu a4, 16(sp)
    slli t3, sp, 32
    srli t3, t3, 32
    CHECK_EQ(a4, t3)
    mv sp, s1

    /* ---- c.j ---- */
    li TESTNUM, 91
    RVC(c.j 1f)
    j test_fail
1:  RVC(c.j 3f)
2:  j 4f
3:  RVC(c.j 2b)
    j test_fail
4:
    /* largest forward offset +2046 */
    li TESTNUM, 92
    RVC(c.j 1f)
    .rept 1022
    .hword 0                /* illegal if executed */
    .endr
1:
    /* largest backward offset -2048 */
    li TESTNUM, 93
    j 2f
1:  j 3f
    .rept 1022
    .hword 0
    .endr
2:  RVC(c.j 1b)
    j test_fail
3:

    /* ---- c.beqz / c.bnez ---- */
    li TESTNUM, 94
    li a1, 0
    RVC(c.beqz a1, 1f)
    j test_fail
1:  li TESTNUM, 95
    li a1, 0x8000000000000000       /* only bit 63 set: nonzero */
    C_NOT_TAKEN(c.beqz, a1)
    RVC(c.bnez a1, 1f)
    j test_fail
1:  li TESTNUM, 96
    li a1, 0x100000000              /* zero low word */
    RVC(c.bnez a1, 1f)
    j test_fail
1:  li TESTNUM, 97
    li s0, 0
    C_NOT_TAKEN(c.bnez, s0)
    li a5, 1
    C_NOT_TAKEN(c.beqz, a5)
    /* backward taken */
    li TESTNUM, 98
    li a5, 3
    li a4, 0
1:  addi a4, a4, 1
    addi a5, a5, -1
    RVC(c.bnez a5, 1b)
    CHECK_VAL(a4, 3)
    /* extreme offsets: +254 and -256 */
    li TESTNUM, 99
    li a1, 0
    RVC(c.beqz a1, 1f)
    .rept 126
    .hword 0
    .endr
1:  li TESTNUM, 100
    li a1, 1
    j 2f
1:  j 3f
    .rept 126
    .hword 0
    .endr
2:  RVC(c.bnez a1, 1b)
    j test_fail
3:

    /* ---- c.jr / c.jalr ---- */
    li TESTNUM, 101
    la a1, 1f
    RVC(c.jr a1)
    j test_fail
1:  li TESTNUM, 102
    la t6, 1f + 1                   /* bit 0 is cleared */
    RVC(c.jr t6)
    j test_fail
1:  li TESTNUM, 103
    la a1, 1f
    li ra, 0
2:  RVC(c.jalr a1)
    j test_fail
1:  la t3, 2b
    addi t3, t3, 2                  /* link = pc + 2 */
    CHECK_EQ(ra, t3)
    li TESTNUM, 104
    la ra, 1f                       /* c.jalr ra: target = old ra */
2:  RVC(c.jalr ra)
    j test_fail
1:  la t3, 2b
    addi t3, t3, 2
    CHECK_EQ(ra, t3)
    li TESTNUM, 105
    jal ra, csub                    /* c.jr ra as a return */
    CHECK_VAL(a0, 0x99)
    li TESTNUM, 106
    la t6, csub                     /* c.jalr to a subroutine */
    RVC(c.jalr t6)
    CHECK_VAL(a0, 0x99)

    /* ---- 32-bit instructions at 2-byte aligned addresses ---- */
    li TESTNUM, 107
    li a4, 0
    RVC(c.nop)
    addi a4, a4, 5                  /* at pc % 4 == 2 */
    lui a5, 0x12345
    RVC(c.addi a4, 1)
    addi a4, a4, 7
    CHECK_VAL(a4, 13)
    CHECK_VAL(a5, 0x12345000)
    /* a 32-bit instruction straddling a 4 KiB page boundary */
    li TESTNUM, 108
    li a4, 40
    la a1, straddle
    jalr ra, 0(a1)
    CHECK_VAL(a4, 42)

    /* ---- HINTs execute as no-ops ---- */
    li TESTNUM, 109
    li a1, 0x1111
    li a4, 0x2222
    .hword 0x0005                   /* c.nop with imm = 1 */
    .hword 0x4005                   /* c.li x0, 1 */
    .hword 0x802e                   /* c.mv x0, a1 */
    .hword 0x902e                   /* c.add x0, a1 */
    .hword 0x0006                   /* c.slli x0, 1 */
    .hword 0x0701                   /* c.addi a4, 0 (imm = 0) */
    CHECK_VAL(a1, 0x1111)
    CHECK_VAL(a4, 0x2222)

    /* ---- c.ebreak ---- */
    TEST_TRAP_TVAL_0_OR_PC(110, 3, RVC(c.ebreak))

    /* ---- reserved / illegal 16-bit encodings ---- */
    TEST_ILLEGAL(111, 0x0000, .hword 0x0000)        /* all zeros */
    TEST_ILLEGAL(112, 0x0004, .hword 0x0004)        /* c.addi4spn, nzuimm = 0 */
    TEST_ILLEGAL(113, 0x6101, .hword 0x6101)        /* c.addi16sp, nzimm = 0 */
    TEST_ILLEGAL(114, 0x6701, .hword 0x6701)        /* c.lui a4, 0 */
    TEST_ILLEGAL(115, 0x4002, .hword 0x4002)        /* c.lwsp x0 */
    TEST_ILLEGAL(116, 0x6002, .hword 0x6002)        /* c.ldsp x0 */
    TEST_ILLEGAL(117, 0x8002, .hword 0x8002)        /* c.jr x0 */
    TEST_ILLEGAL(118, 0x9c41, .hword 0x9c41)        /* CA reserved funct */
    TEST_ILLEGAL(119, 0x9c61, .hword 0x9c61)        /* CA reserved funct */

    /* 120: the halfword after an illegal 16-bit instruction is resumable */
    li TESTNUM, 120
    li a4, 0
    la tp, 1f
    .hword 0x0000
1:  RVC(c.addi a4, 3)
    CHECK_VAL(a4, 3)

TEST_END

    .text
csub:
    li a0, 0x99
    RVC(c.jr ra)

    /* straddle: a 32-bit "addi a4, a4, 2" whose first half is the last
     * halfword of a page, followed by "ret" */
    .balign 4096
    .skip 4096 - 2
straddle:
    addi a4, a4, 2
    ret

TEST_DATA
    .balign 64
cdat:
    .word 0x80000001, 0x7ffffffe
    .dword 0xfedcba9876543210
    .fill 27, 4, 0
    .word 0xdeadbeef            /* cdat + 124 */
    .fill 30, 4, 0
    .dword 0x0123456789abcdef   /* cdat + 248 */
    .balign 64
sdat:
    .fill 256, 1, 0
