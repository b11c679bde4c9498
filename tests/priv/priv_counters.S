/*
 * priv_counters.S - counter access control:
 *   cycle / time / instret from S need the mcounteren bit (CY 0, TM 1,
 *   IR 2), from U the mcounteren and the scounteren bit; a clear bit makes
 *   the read an illegal instruction (taken in M, or in S when delegated);
 *   each bit controls only its own counter; M reads the counters whatever
 *   the enables; hpmcounter3 likewise (zero when readable); the counters
 *   count in U.
 */
#include "priv_macros.h"

#define ALL_THREE   csrr a4, cycle; csrr a4, time; csrr a4, instret

PRIV_TEST_BEGIN

    csrw mcounteren, zero
    csrw scounteren, zero
    TEST_NO_TRAP(1, ALL_THREE; csrr a4, hpmcounter3)
    ENTER_S
    TEST_ILLEGAL_M(2, csrr a4, cycle)
    TEST_ILLEGAL_M(3, csrr a4, time)
    TEST_ILLEGAL_M(4, csrr a4, instret)
    TEST_ILLEGAL_M(5, csrr a4, hpmcounter3)
    ENTER_M
    ENTER_U
    TEST_ILLEGAL_M(6, csrr a4, cycle)
    TEST_ILLEGAL_M(7, csrr a4, time)
    TEST_ILLEGAL_M(8, csrr a4, instret)
    ENTER_M
    /* scounteren alone does not help U */
    csrwi scounteren, 7
    ENTER_U
    TEST_ILLEGAL_M(9, csrr a4, cycle)
    TEST_ILLEGAL_M(10, csrr a4, time)
    TEST_ILLEGAL_M(11, csrr a4, instret)
    ENTER_M
    /* mcounteren: S may read; U needs scounteren too */
    csrwi mcounteren, 7
    csrwi scounteren, 0
    ENTER_S
    TEST_NO_TRAP(12, ALL_THREE)
    ENTER_M
    ENTER_U
    TEST_ILLEGAL_M(13, csrr a4, cycle)
    TEST_ILLEGAL_M(14, csrr a4, time)
    TEST_ILLEGAL_M(15, csrr a4, instret)
    ENTER_M
    csrwi scounteren, 7
    ENTER_U
    TEST_NO_TRAP(16, ALL_THREE)
    /* cycle and instret count in U */
    li TESTNUM, 17
    csrr s0, instret
    csrr s1, cycle
    nop; nop; nop; nop
    csrr s2, instret
    csrr s3, cycle
    bgeu s0, s2, test_fail
    bgeu s1, s3, test_fail
    ENTER_M
    /* one bit at a time */
    csrwi mcounteren, 1
    ENTER_S
    TEST_NO_TRAP(18, csrr a4, cycle)
    TEST_ILLEGAL_M(19, csrr a4, time)
    TEST_ILLEGAL_M(20, csrr a4, instret)
    ENTER_M
    csrwi mcounteren, 2
    ENTER_S
    TEST_ILLEGAL_M(21, csrr a4, cycle)
    TEST_NO_TRAP(22, csrr a4, time)
    TEST_ILLEGAL_M(23, csrr a4, instret)
    ENTER_M
    csrwi mcounteren, 4
    ENTER_S
    TEST_ILLEGAL_M(24, csrr a4, cycle)
    TEST_ILLEGAL_M(25, csrr a4, time)
    TEST_NO_TRAP(26, csrr a4, instret)
    ENTER_M
    csrwi mcounteren, 7
    csrwi scounteren, 2
    ENTER_U
    TEST_ILLEGAL_M(27, csrr a4, cycle)
    TEST_NO_TRAP(28, csrr a4, time)
    TEST_ILLEGAL_M(29, csrr a4, instret)
    ENTER_M
    /* delegated illegal instruction: the U read traps to S */
    li a1, 1 << CAUSE_ILLEGAL
    csrw medeleg, a1
    ENTER_U
    TEST_TRAP_AT(30, 1, CAUSE_ILLEGAL, csrr a4, cycle)
    ENTER_M
    csrw medeleg, zero
    /* hpmcounter3 readable (as zero) when enabled */
    li a1, 8
    csrs mcounteren, a1
    csrr a1, mcounteren
    andi a1, a1, 8
    beqz a1, 1f                         /* HPM3 enable may be read-only 0 */
    ENTER_S
    TEST_CASE(31, a4, 0, li a4, 1; csrr a4, hpmcounter3)
    ENTER_M
1:
    csrw mcounteren, zero
    csrw scounteren, zero

PRIV_TEST_END
