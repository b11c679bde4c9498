/*
 * rv64a_lrsc.S - A extension load-reserved / store-conditional:
 * lr.w / lr.d load (lr.w sign-extends), sc.w / sc.d after a matching lr
 * succeed (rd = 0) and store (sc.w only the addressed word), an sc
 * without a reservation (including a second sc after a successful one, and
 * after a failed one) fails (rd != 0) without storing, an sc to a different
 * address than the reserved one fails, lr with rd = x0 still reserves,
 * sc with rd = x0, an LR/SC retry loop, and misaligned lr (load address
 * misaligned, mcause 4) and sc (store/AMO address misaligned, mcause 6).
 */
#include "test_macros.h"

TEST_BEGIN

    /* 1-3: lr.d / sc.d success */
    li TESTNUM, 1
    la a1, res_a
    li t0, 0x1122334455667788
    sd t0, 0(a1)
    li a2, 0x0123456789abcdef
    li a5, -1
    lr.d a4, (a1)
    sc.d a5, a2, (a1)
    CHECK_VAL(a4, 0x1122334455667788)
    li TESTNUM, 2
    CHECK_VAL(a5, 0)
    li TESTNUM, 3
    ld a4, 0(a1)
    CHECK_VAL(a4, 0x0123456789abcdef)

    /* 4-5: a second sc.d without a new lr fails and does not store */
    li TESTNUM, 4
    li a2, 0x5555
    li a5, 0
    sc.d a5, a2, (a1)
    beqz a5, test_fail
    li TESTNUM, 5
    ld a4, 0(a1)
    CHECK_VAL(a4, 0x0123456789abcdef)

    /* 6-8: lr.w sign-extends; sc.w stores only the addressed word */
    li TESTNUM, 6
    la a1, res_a
    li t0, 0x1234567880000001
    sd t0, 0(a1)
    lr.w a4, (a1)
    CHECK_VAL(a4, 0xffffffff80000001)
    li TESTNUM, 7
    li a2, 0xaaaaaaaa7ffffffe
    li a5, -1
    sc.w a5, a2, (a1)
    CHECK_VAL(a5, 0)
    li TESTNUM, 8
    ld a4, 0(a1)
    CHECK_VAL(a4, 0x123456787ffffffe)

    /* 9-10: lr.w / sc.w on the upper word of a dword */
    li TESTNUM, 9
    la a1, res_a + 4
    lr.w a4, (a1)
    CHECK_VAL(a4, 0x12345678)
    li a2, -1
    li a5, -1
    sc.w a5, a2, (a1)
    CHECK_VAL(a5, 0)
    li TESTNUM, 10
    la a1, res_a
    ld a4, 0(a1)
    CHECK_VAL(a4, 0xffffffff7ffffffe)

    /* 11-12: sc.w without a reservation fails, memory unchanged */
    li TESTNUM, 11
    la a1, res_a
    li a2, 0
    li a5, 0
    sc.w a5, a2, (a1)
    beqz a5, test_fail
    li TESTNUM, 12
    ld a4, 0(a1)
    CHECK_VAL(a4, 0xffffffff7ffffffe)

    /* 13-15: lr.d at A, sc.d at B (a different reservation set) fails and
     * does not store; the reservation is then gone, so sc.d at A fails too */
    li TESTNUM, 13
    la a1, res_a
    la a3, res_b
    li t0, 0xa0a0
    sd t0, 0(a1)
    li t0, 0xb0b0
    sd t0, 0(a3)
    lr.d a4, (a1)
    li a2, 0x1111
    li a5, 0
    sc.d a5, a2, (a3)
    beqz a5, test_fail
    li TESTNUM, 14
    ld a4, 0(a3)
    CHECK_VAL(a4, 0xb0b0)
    li TESTNUM, 15
    li a5, 0
    sc.d a5, a2, (a1)
    beqz a5, test_fail
    ld a4, 0(a1)
    CHECK_VAL(a4, 0xa0a0)

    /* 16-17: a newer lr replaces the reservation: lr A, lr B, sc B works */
    li TESTNUM, 16
    lr.d a4, (a1)
    lr.d a4, (a3)
    CHECK_VAL(a4, 0xb0b0)
    li a2, 0x2222
    li a5, -1
    sc.d a5, a2, (a3)
    CHECK_VAL(a5, 0)
    li TESTNUM, 17
    ld a4, 0(a3)
    CHECK_VAL(a4, 0x2222)

    /* 18-19: lr.d with rd = x0 still sets the reservation */
    li TESTNUM, 18
    lr.d x0, (a1)
    li a2, 0x3333
    li a5, -1
    sc.d a5, a2, (a1)
    CHECK_VAL(a5, 0)
    li TESTNUM, 19
    ld a4, 0(a1)
    CHECK_VAL(a4, 0x3333)

    /* 20: sc.d with rd = x0 stores */
    li TESTNUM, 20
    lr.d a4, (a1)
    li a2, 0x4444
    sc.d x0, a2, (a1)
    ld a4, 0(a1)
    CHECK_VAL(a4, 0x4444)

    /* 21: the failed sc.d with rd = x0 (no reservation) does not store */
    li TESTNUM, 21
    li a2, 0x5555
    sc.d x0, a2, (a1)
    ld a4, 0(a1)
    CHECK_VAL(a4, 0x4444)

    /* 22: aq / rl forms */
    li TESTNUM, 22
    lr.d.aq a4, (a1)
    addi a4, a4, 1
    sc.d.rl a5, a4, (a1)
    CHECK_VAL(a5, 0)
    lr.w.aqrl a4, (a1)
    addi a4, a4, 1
    sc.w.aqrl a5, a4, (a1)
    CHECK_VAL(a5, 0)
    ld a4, 0(a1)
    CHECK_VAL(a4, 0x4446)

    /* 23: LR/SC retry loop: atomic increment 10 times */
    li TESTNUM, 23
    sd x0, 0(a1)
    li s1, 10
1:  lr.d a4, (a1)
    addi a4, a4, 3
    sc.d a5, a4, (a1)
    bnez a5, 1b
    addi s1, s1, -1
    bnez s1, 1b
    ld a4, 0(a1)
    CHECK_VAL(a4, 30)

    /* 24: sc.w with a value whose upper half is set stores 32 bits */
    li TESTNUM, 24
    li t0, -1
    sd t0, 0(a1)
    lr.w a4, (a1)
    li a2, 0xffffffff00000000
    sc.w a5, a2, (a1)
    bnez a5, test_fail
    ld a4, 0(a1)
    CHECK_VAL(a4, 0xffffffff00000000)

    /* 25-26: sc.d whose rd equals the data register */
    li TESTNUM, 25
    lr.d a4, (a1)
    li a2, 0x6666
    sc.d a2, a2, (a1)
    CHECK_VAL(a2, 0)
    li TESTNUM, 26
    ld a4, 0(a1)
    CHECK_VAL(a4, 0x6666)

    /* 27-30: misaligned lr: load address misaligned, mtval = address */
    la s1, res_a + 2
    TEST_TRAP(27, 4, lr.w a4, (s1)) ; la t3, res_a + 2; CHECK_EQ(t6, t3)
    la s1, res_a + 4
    TEST_TRAP(28, 4, lr.d a4, (s1)) ; la t3, res_a + 4; CHECK_EQ(t6, t3)
    la s1, res_a + 1
    TEST_TRAP(29, 4, lr.d a4, (s1)) ; la t3, res_a + 1; CHECK_EQ(t6, t3)
    /* lr to an unmapped address: load access fault */
    li s1, 0x88000000
    TEST_TRAP_TVAL(30, 5, 0x88000000, lr.d a4, (s1))

#ifndef QEMU_QUIRKS
    /* 31-32: misaligned sc: store/AMO address misaligned.  (QEMU 7.2 checks
     * the reservation address first and just fails the sc without
     * trapping, so these are not run on QEMU.) */
    la s1, res_a + 2
    TEST_TRAP(31, 6, sc.w a4, a2, (s1)) ; la t3, res_a + 2; CHECK_EQ(t6, t3)
    la s1, res_a + 4
    TEST_TRAP(32, 6, sc.d a4, a2, (s1)) ; la t3, res_a + 4; CHECK_EQ(t6, t3)
#endif

TEST_END

TEST_DATA
    .balign 256
res_a:  .dword 0, 0
    .balign 256
res_b:  .dword 0, 0
