/*
 * rv64i_fence.S - fence variants (no architectural side effects on
 * registers; program order of a single hart's memory accesses holds) and
 * fence.i with self-modifying code: instructions are stored into a code
 * buffer in RAM, fence.i is executed, and the new code must run; the code
 * is then overwritten again (whole words, a single byte of an immediate,
 * compressed instructions) and re-executed.
 */
#include "test_macros.h"

/* copy the 32-bit template word at tmpl into codebuf+off (uses s4, s5) */
#define PATCH(off, tmpl) \
    la s4, tmpl; lwu s5, 0(s4); la s4, codebuf; sw s5, off(s4)

/* call the code buffer; it returns a value in a0 */
#define CALL_BUF  la s4, codebuf; jalr ra, 0(s4)

TEST_BEGIN

    /* 1-6: fence forms do not change registers or memory order */
    li TESTNUM, 1
    li a1, 0x1234
    la a2, scratch
    sd a1, 0(a2)
    fence
    ld a4, 0(a2)
    CHECK_VAL(a4, 0x1234)
    CHECK_VAL(a1, 0x1234)

    li TESTNUM, 2
    li a1, 0x5678
    sd a1, 0(a2)
    fence rw, rw
    ld a4, 0(a2)
    CHECK_VAL(a4, 0x5678)

    li TESTNUM, 3
    li a1, 0x9abc
    sd a1, 8(a2)
    fence iorw, iorw
    fence r, r
    fence w, w
    fence i, o
    ld a4, 8(a2)
    CHECK_VAL(a4, 0x9abc)

    li TESTNUM, 4
    li a1, 0xdef0
    sd a1, 0(a2)
    fence.tso
    ld a4, 0(a2)
    CHECK_VAL(a4, 0xdef0)

    /* 5: hint forms: fence with pred = succ = 0, and pause (fence w,0) */
    li TESTNUM, 5
    li a4, 77
    .word 0x0000000f            /* fence 0,0 */
    .word 0x0100000f            /* pause */
    CHECK_VAL(a4, 77)

    /* 6: fence.i with nothing modified is harmless */
    li TESTNUM, 6
    li a4, 66
    fence.i
    CHECK_VAL(a4, 66)

    /* 7: the initial contents of the code buffer run: a0 = 1 */
    li TESTNUM, 7
    li a0, 0
    CALL_BUF
    CHECK_VAL(a0, 1)

    /* 8: overwrite the first instruction, fence.i, run: a0 = 2 */
    li TESTNUM, 8
    PATCH(0, tmpl_li2)
    fence.i
    li a0, 0
    CALL_BUF
    CHECK_VAL(a0, 2)

    /* 9: overwrite again (a different opcode), fence.i, run */
    li TESTNUM, 9
    PATCH(0, tmpl_lui)
    fence.i
    li a0, 0
    CALL_BUF
    CHECK_VAL(a0, 0x12345000)

    /* 10: run the same code a few times in a loop (a cached translation
     * must stay valid), then patch and loop again */
    li TESTNUM, 10
    PATCH(0, tmpl_li2)
    fence.i
    li s6, 0
    li s7, 5
1:  CALL_BUF
    add s6, s6, a0
    addi s7, s7, -1
    bnez s7, 1b
    CHECK_VAL(s6, 10)
    li TESTNUM, 11
    PATCH(0, tmpl_li3)
    fence.i
    li s6, 0
    li s7, 5
1:  CALL_BUF
    add s6, s6, a0
    addi s7, s7, -1
    bnez s7, 1b
    CHECK_VAL(s6, 15)

    /* 12: modify only the top byte (imm[11:4]) of "addi a0, x0, 3" with a
     * byte store: new imm = 0x7f3 */
    li TESTNUM, 12
    la s4, codebuf
    li s5, 0x7f
    sb s5, 3(s4)
    fence.i
    li a0, 0
    CALL_BUF
    CHECK_VAL(a0, 0x7f3)

    /* 13: make the immediate negative: top byte 0x80 -> imm = 0x803 */
    li TESTNUM, 13
    la s4, codebuf
    li s5, 0x80
    sb s5, 3(s4)
    fence.i
    li a0, 0
    CALL_BUF
    CHECK_VAL(a0, 0xfffffffffffff803)

    /* 14: two compressed instructions in one word: c.li a0, 5; c.jr ra */
    li TESTNUM, 14
    PATCH(0, tmpl_cli)
    fence.i
    li a0, 0
    CALL_BUF
    CHECK_VAL(a0, 5)

    /* 15: patch both words: [addi a0,a0,1][ret], entered with a0 = 41 */
    li TESTNUM, 15
    PATCH(0, tmpl_inc)
    PATCH(4, tmpl_ret)
    fence.i
    li a0, 41
    CALL_BUF
    CHECK_VAL(a0, 42)

    /* 16: replace the return by "jal x0, +8" to skip one word, landing on
     * a newly written second increment and a return */
    li TESTNUM, 16
    PATCH(4, tmpl_skip)
    PATCH(8, tmpl_li2)
    PATCH(12, tmpl_inc)
    PATCH(16, tmpl_ret)
    fence.i
    li a0, 41
    CALL_BUF
    CHECK_VAL(a0, 43)

    /* 17: store, fence.i, and execute code written just after the
     * currently executing block (straight-line fall-through into it) */
    li TESTNUM, 17
    PATCH(0, tmpl_li3)
    PATCH(4, tmpl_inc)
    PATCH(8, tmpl_inc)
    PATCH(12, tmpl_ret)
    fence.i
    li a0, 0
    CALL_BUF
    CHECK_VAL(a0, 5)

TEST_END

    /* instruction templates (copied, never executed in place) */
    .section .rodata
    .balign 4
tmpl_li2:   addi a0, x0, 2
tmpl_li3:   addi a0, x0, 3
tmpl_lui:   lui a0, 0x12345
tmpl_inc:   addi a0, a0, 1
tmpl_ret:   jalr x0, 0(ra)
tmpl_skip:  jal x0, .+8
    .option rvc
tmpl_cli:   c.li a0, 5
            c.jr ra
    .option norvc

TEST_DATA
scratch:    .dword 0, 0
    .balign 64
codebuf:
    addi a0, x0, 1
    jalr x0, 0(ra)
    .fill 16, 4, 0
