/*
 * priv_pmp_subpage_fetch.S - PMP execute permission that changes inside a
 * 4 KiB page: U-mode code in the allowed part of the page that runs, jumps
 * or straddles into the part PMP denies must take an instruction access
 * fault there (mepc = the instruction, mtval = the first denied address),
 * each time, and nothing of the denied part may execute (it holds
 * `j test_fail`). Found by priv_random_code: the direct dispatcher went on
 * executing the predecoded page past the PMP boundary.
 *
 *   entry 0      TOR base: pmp_page (OFF)
 *   entry 1      TOR [pmp_page, pmp_page + 0x800) R/X (0x780 in check 7-9)
 *   entry 2      NAPOT pmp_page, 4 KiB, R only: the rest of the page
 *   entry 15     everything else R/W/X (PRIV_TEST_BEGIN)
 */
#include "priv_macros.h"

/* U: enter pmp_page + off with a4 = 0, expect a fetch fault at epc with
 * tval, and a4 == n (the instructions that ran). Check numbers: 10 * t
 * for the cause, + 1 epc, + 2 tval, + 3 a4. */
#define FETCH_RUN(t, off, epc, tval, n) \
    li s1, off; add s1, s1, s0; li a4, 0; \
    TRAP_SETUP(10 * t); jalr ra, 0(s1); j test_fail; \
8:  CHECK_VAL(t5, CAUSE_FETCH_ACCESS); \
    li TESTNUM, 10 * t + 1; li t3, epc; add t3, t3, s0; CHECK_EQ(t4, t3); \
    li TESTNUM, 10 * t + 2; li t3, tval; add t3, t3, s0; CHECK_EQ(t6, t3); \
    li TESTNUM, 10 * t + 3; CHECK_VAL(a4, n)

PRIV_TEST_BEGIN
#ifndef QEMU_QUIRKS /* QEMU 7.2 runs on into the denied part (check 10) */

    la s0, pmp_page
    srli a1, s0, 2
    csrw pmpaddr0, a1
    li a2, 0x800
    add a2, a2, s0
    srli a1, a2, 2
    csrw pmpaddr1, a1
    srli a1, s0, 2
    ori a1, a1, (4096 / 8 - 1)
    csrw pmpaddr2, a1
    li a1, ((PMP_TOR | PMP_R | PMP_X) << 8) | ((PMP_NAPOT | PMP_R) << 16)
    csrw pmpcfg0, a1
    sfence.vma

    ENTER_U
    /* falling through to the first denied byte, twice (the second time
     * from code a cache of decoded instructions may hold) */
    FETCH_RUN(1, 0x7b0, 0x800, 0x800, 20)
    FETCH_RUN(2, 0x7b0, 0x800, 0x800, 20)
    /* a jump within the page into the denied part */
    FETCH_RUN(3, 0x6f4, 0x900, 0x900, 2)
    FETCH_RUN(4, 0x6f4, 0x900, 0x900, 2)
    /* after the jump test has run: the fall-through again */
    FETCH_RUN(5, 0x7b0, 0x800, 0x800, 20)
    FETCH_RUN(6, 0x000, 0x6fc + 0x204, 0x900, 0x1bf)
    ENTER_M

    /* the boundary at 0x780: the 32-bit instruction at 0x77e straddles it */
    li a2, 0x780
    add a2, a2, s0
    srli a1, a2, 2
    csrw pmpaddr1, a1
    sfence.vma
    ENTER_U
    FETCH_RUN(7, 0x770, 0x77e, 0x780, 3)
    FETCH_RUN(8, 0x770, 0x77e, 0x780, 3)
    /* and the jump at 0x6fc is now 0x84 bytes before the boundary */
    FETCH_RUN(9, 0x6f4, 0x900, 0x900, 2)
    ENTER_M

    csrw pmpcfg0, zero
    sfence.vma
#endif

PRIV_TEST_END

    /* The page: addi a4, a4, 1 up to 0x800 (with a jump at 0x6fc and
     * compressed nops at 0x77c and 0x7ae), then `j test_fail`. */
    .section .text.pmppage, "ax", @progbits
    .balign 4096
pmp_page:
    .rept 0x6f4 / 4
    addi a4, a4, 1
    .endr
    addi a4, a4, 1              /* 0x6f4: checks 3, 4, 9 enter here */
    addi a4, a4, 1
    j pmp_page + 0x900          /* 0x6fc: into the denied part */
    .rept (0x770 - 0x700) / 4
    addi a4, a4, 1
    .endr
    addi a4, a4, 1              /* 0x770: checks 7, 8 */
    addi a4, a4, 1
    addi a4, a4, 1
    .option rvc
    c.nop                       /* 0x77c */
    .option norvc
    addi a4, a4, 1              /* 0x77e: straddles 0x780 */
    .rept (0x7ae - 0x782) / 4
    addi a4, a4, 1
    .endr
    .option rvc
    c.nop                       /* 0x7ae */
    .option norvc
    .rept (0x800 - 0x7b0) / 4   /* 0x7b0: checks 1, 2, 5 */
    addi a4, a4, 1
    .endr
    .rept (0x1000 - 0x800) / 4  /* 0x800: denied */
    j test_fail
    .endr

    TEST_DATA
