/*
 * rv64i_jump.S - RV64I jal and jalr: link value (pc + 4), forward and
 * backward and far jumps, rd = x0 (no link written), jalr offsets
 * (positive, negative, +2047/-2048), rd == rs1 (target computed from the
 * old rs1), and bit 0 of the jalr target being cleared.
 */
#include "test_macros.h"

/* fail unless register r == address of label lab + 4 */
#define CHECK_LINK(r, lab)  la t3, lab; addi t3, t3, 4; CHECK_EQ(r, t3)

TEST_BEGIN

    /* 1: jal ra, forward */
    li TESTNUM, 1
    li ra, 0
2:  jal ra, 1f
    j test_fail
1:  CHECK_LINK(ra, 2b)

    /* 2: jal with another rd (x31), backward */
    li TESTNUM, 2
    j 3f
1:  j 4f
3:  li t6, 0
2:  jal t6, 1b
    j test_fail
4:  CHECK_LINK(t6, 2b)

    /* 3: jal x0 (j) writes nothing */
    li TESTNUM, 3
    jal x0, 1f
    j test_fail
1:  mv a4, x0
    CHECK_EQ(a4, zero)

    /* 4: jal rd = a4 skips exactly the next instruction */
    li TESTNUM, 4
    li a5, 0
2:  jal a4, 1f
    li a5, 1
1:  CHECK_VAL(a5, 0)
    CHECK_LINK(a4, 2b)

    /* 5: far forward jal (+64 KiB); the gap is all-zero (illegal) words */
    li TESTNUM, 5
2:  jal s1, 1f
    .skip 0x10000
1:  CHECK_LINK(s1, 2b)

    /* 6: far backward jal (-64 KiB) */
    li TESTNUM, 6
    j 3f
1:  j 4f
    .skip 0x10000
3:
2:  jal s2, 1b
    j test_fail
4:  CHECK_LINK(s2, 2b)

    /* 7: jalr ra, 0(a1) */
    li TESTNUM, 7
    la a1, 1f
2:  jalr ra, 0(a1)
    j test_fail
1:  CHECK_LINK(ra, 2b)
    la t3, 1b
    CHECK_EQ(a1, t3)

    /* 8: jalr positive offset */
    li TESTNUM, 8
    la a1, 1f - 16
2:  jalr t0, 16(a1)
    j test_fail
1:  CHECK_LINK(t0, 2b)

    /* 9: jalr negative offset */
    li TESTNUM, 9
    la a1, 1f + 24
2:  jalr t0, -24(a1)
    j test_fail
1:  CHECK_LINK(t0, 2b)

    /* 10: jalr offset +2047 (odd -> bit 0 cleared) */
    li TESTNUM, 10
    la a1, 1f - 2046
2:  jalr t1, 2047(a1)
    j test_fail
1:  CHECK_LINK(t1, 2b)

    /* 11: jalr offset -2048 */
    li TESTNUM, 11
    la a1, 1f + 2048
2:  jalr t1, -2048(a1)
    j test_fail
1:  CHECK_LINK(t1, 2b)

    /* 12: rd == rs1: target from the old value, then link written */
    li TESTNUM, 12
    la a1, 1f
2:  jalr a1, 0(a1)
    j test_fail
1:  CHECK_LINK(a1, 2b)

    /* 13: rd == rs1 == ra with an offset */
    li TESTNUM, 13
    la ra, 1f - 8
2:  jalr ra, 8(ra)
    j test_fail
1:  CHECK_LINK(ra, 2b)

    /* 14: bit 0 of the target is cleared (odd register value) */
    li TESTNUM, 14
    la a1, 1f + 1
2:  jalr ra, 0(a1)
    j test_fail
1:  CHECK_LINK(ra, 2b)

    /* 15: bit 0 cleared when the odd bit comes from the immediate */
    li TESTNUM, 15
    la a1, 1f
2:  jalr ra, 1(a1)
    j test_fail
1:  CHECK_LINK(ra, 2b)

    /* 16: odd register + odd immediate = even target (no clearing needed) */
    li TESTNUM, 16
    la a1, 1f - 1
2:  jalr ra, 1(a1)
    j test_fail
1:  CHECK_LINK(ra, 2b)

    /* 17: odd sum that is not the target + 1 from a negative offset */
    li TESTNUM, 17
    la a1, 1f + 3
2:  jalr ra, -2(a1)
    j test_fail
1:  CHECK_LINK(ra, 2b)

    /* 18: jalr x0 (jr) writes nothing */
    li TESTNUM, 18
    la a1, 1f
    jalr x0, 0(a1)
    j test_fail
1:  mv a4, x0
    CHECK_EQ(a4, zero)

    /* 19: call / ret through a subroutine, nested */
    li TESTNUM, 19
    li a0, 5
    jal ra, sub_outer
    CHECK_VAL(a0, 26)

    /* 20: jalr to a backward target */
    li TESTNUM, 20
    j 3f
1:  j 4f
3:  la a1, 1b
2:  jalr s3, 0(a1)
    j test_fail
4:  CHECK_LINK(s3, 2b)

    /* 21: jal rd=x0 with a backward target (loop of 3 iterations) */
    li TESTNUM, 21
    li a4, 0
    li a5, 3
1:  addi a4, a4, 2
    addi a5, a5, -1
    beqz a5, 2f
    jal x0, 1b
2:  CHECK_VAL(a4, 6)

    /* 22: link register value is usable as a data pointer (auipc-free pc read) */
    li TESTNUM, 22
2:  jal a3, 1f
    .word 0x12345678
1:  lwu a4, 0(a3)
    CHECK_VAL(a4, 0x12345678)
    CHECK_LINK(a3, 2b)

TEST_END

    .text
sub_outer:          /* a0 = 4 * (a0 + 1) + 2 */
    addi sp, sp, -16
    sd ra, 8(sp)
    addi a0, a0, 1
    jal ra, sub_inner
    addi a0, a0, 2
    ld ra, 8(sp)
    addi sp, sp, 16
    jalr x0, 0(ra)
sub_inner:          /* a0 *= 4 */
    slli a0, a0, 2
    ret
