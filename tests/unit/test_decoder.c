/*
 * Host-side unit tests of the instruction decoder and the disassembler
 * (src/cpu/decode.c, src/cpu/disasm.c).
 *
 * The 32-bit vectors and the compressed/expanded pairs below were made with
 * the real cross assembler while writing this test:
 *
 *     riscv64-unknown-elf-as -march=rv64imac ...        (compressed, .option rvc)
 *     riscv64-unknown-elf-as -march=rv64ima_zicsr_zifencei (32-bit, .option norvc)
 *     riscv64-unknown-elf-ld --no-relax -Ttext=...       (to resolve branch offsets)
 *     riscv64-unknown-elf-objdump -d -M no-aliases
 *
 * each compressed instruction next to the 32-bit instruction it expands to
 * (per the RVC chapter of the unprivileged spec). The expected operand
 * fields of the 32-bit vectors were written by hand from the assembly text,
 * not taken from the decoder. The few HINT encodings gas will not assemble
 * (c.slli a0, 0 / c.srli a0, 0) were derived by hand from the spec.
 */
#include <inttypes.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "cpu/insn.h"

#define NA (-999999) /* field not part of the instruction's format: not checked */

/* ------------------------------------------------------------------ helpers */

static struct decoder *dec;

static int group_setup(void **state)
{
    (void)state;
    dec = malloc(sizeof *dec);
    if (!dec)
        return -1;
    decoder_init(dec);
    return 0;
}

static int group_teardown(void **state)
{
    (void)state;
    free(dec);
    dec = NULL;
    return 0;
}

static uint64_t rng_state = 0x9e3779b97f4a7c15ull;
static uint64_t rng(void)
{
    /* xorshift64*: deterministic across runs */
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return rng_state * 0x2545f4914f6cdd1dull;
}

static const char *op_name(uintptr_t op)
{
    return op < OP_COUNT_ ? insn_info[op].name : "<out of range>";
}

/* Fail with a readable message naming the word. */
#define CHECK_FIELD(what, got, want, word, text)                                                     \
    do {                                                                                             \
        if ((long)(got) != (long)(want)) {                                                          \
            print_error("0x%08x (%s): %s is %ld, expected %ld\n", (unsigned)(word), (text), (what), \
                        (long)(got), (long)(want));                                                  \
            fail();                                                                                  \
        }                                                                                            \
    } while (0)

#define CHECK_OP(got, want, word, text)                                                               \
    do {                                                                                              \
        if ((got) != (uintptr_t)(want)) {                                                            \
            print_error("0x%08x (%s): decoded as %s, expected %s\n", (unsigned)(word), (text),        \
                        op_name(got), op_name(want));                                                 \
            fail();                                                                                   \
        }                                                                                             \
    } while (0)

/* -------------------------------------------------- 32-bit instruction vectors */

struct vec32 {
    uint32_t word;
    unsigned op;
    int rd, rs1, rs2;
    int64_t imm;
    const char *text;
};

static const struct vec32 vec32[] = {
    { 0x00c58533, OP_add, 10, 11, 12, NA, "add a0, a1, a2" },
    { 0x41df0fb3, OP_sub, 31, 30, 29, NA, "sub t6, t5, t4" },
    { 0x00b50033, OP_add, XZERO, 10, 11, NA, "add zero, a0, a1" },
    { 0x01f030b3, OP_sltu, 1, 0, 31, NA, "sltu ra, zero, t6" },
    { 0x40a4d433, OP_sra, 8, 9, 10, NA, "sra s0, s1, a0" },
    { 0x02f726b3, OP_mulhsu, 13, 14, 15, NA, "mulhsu a3, a4, a5" },
    { 0x027372bb, OP_remuw, 5, 6, 7, NA, "remuw t0, t1, t2" },
    { 0x0200403b, OP_divw, XZERO, 0, 0, NA, "divw zero, zero, zero" },
    { 0x40a5053b, OP_subw, 10, 10, 10, NA, "subw a0, a0, a0" },
    { 0x80058513, OP_addi, 10, 11, NA, -2048, "addi a0, a1, -2048" },
    { 0x7ff58513, OP_addi, 10, 11, NA, 2047, "addi a0, a1, 2047" },
    { 0x00000013, OP_addi, XZERO, 0, NA, 0, "addi zero, zero, 0" },
    { 0xffff8f93, OP_addi, 31, 31, NA, -1, "addi t6, t6, -1" },
    { 0xfff280e7, OP_jalr, 1, 5, NA, -1, "jalr ra, -1(t0)" },
    { 0x7fff8067, OP_jalr, XZERO, 31, NA, 2047, "jalr zero, 2047(t6)" },
    { 0x8005b513, OP_sltiu, 10, 11, NA, -2048, "sltiu a0, a1, -2048" },
    { 0x0015a513, OP_slti, 10, 11, NA, 1, "slti a0, a1, 1" },
    { 0xfff5c513, OP_xori, 10, 11, NA, -1, "xori a0, a1, -1" },
    { 0x5555e513, OP_ori, 10, 11, NA, 1365, "ori a0, a1, 1365" },
    { 0xaaa5f513, OP_andi, 10, 11, NA, -1366, "andi a0, a1, -1366" },
    { 0x8005851b, OP_addiw, 10, 11, NA, -2048, "addiw a0, a1, -2048" },
    { 0x7ff5801b, OP_addiw, XZERO, 11, NA, 2047, "addiw zero, a1, 2047" },
    { 0x80013503, OP_ld, 10, 2, NA, -2048, "ld a0, -2048(sp)" },
    { 0x7ff2cf83, OP_lbu, 31, 5, NA, 2047, "lbu t6, 2047(t0)" },
    { 0x00052003, OP_lw, XZERO, 10, NA, 0, "lw zero, 0(a0)" },
    { 0xfff76783, OP_lwu, 15, 14, NA, -1, "lwu a5, -1(a4)" },
    { 0x01048403, OP_lb, 8, 9, NA, 16, "lb s0, 16(s1)" },
    { 0xfe009083, OP_lh, 1, 1, NA, -32, "lh ra, -32(ra)" },
    { 0x00255503, OP_lhu, 10, 10, NA, 2, "lhu a0, 2(a0)" },
    { 0x80a13023, OP_sd, NA, 2, 10, -2048, "sd a0, -2048(sp)" },
    { 0x7ff2afa3, OP_sw, NA, 5, 31, 2047, "sw t6, 2047(t0)" },
    { 0xfe050fa3, OP_sb, NA, 10, 0, -1, "sb zero, -1(a0)" },
    { 0xfeb61023, OP_sh, NA, 12, 11, -32, "sh a1, -32(a2)" },
    { 0x00113fa3, OP_sd, NA, 2, 1, 31, "sd ra, 31(sp)" },
    { 0x02a5a023, OP_sw, NA, 11, 10, 32, "sw a0, 32(a1)" },
    { 0x80b50063, OP_beq, NA, 10, 11, -4096, "beq a0, a1, .-4096" },
    { 0x7e629fe3, OP_bne, NA, 5, 6, 4094, "bne t0, t1, .+4094" },
    { 0x01f04163, OP_blt, NA, 0, 31, 2, "blt zero, t6, .+2" },
    { 0xfe055fe3, OP_bge, NA, 10, 0, -2, "bge a0, zero, .-2" },
    { 0x009460e3, OP_bltu, NA, 8, 9, 2048, "bltu s0, s1, .+2048" },
    { 0x80e7f0e3, OP_bgeu, NA, 15, 14, -2048, "bgeu a5, a4, .-2048" },
    { 0x00000063, OP_beq, NA, 0, 0, 0, "beq zero, zero, .+0" },
    { 0xfffff537, OP_lui, 10, NA, NA, -4096, "lui a0, 0xfffff" },
    { 0x80000537, OP_lui, 10, NA, NA, INT32_MIN, "lui a0, 0x80000" },
    { 0x7fffffb7, OP_lui, 31, NA, NA, 2147479552, "lui t6, 0x7ffff" },
    { 0x00001017, OP_auipc, XZERO, NA, NA, 4096, "auipc zero, 1" },
    { 0xfffff097, OP_auipc, 1, NA, NA, -4096, "auipc ra, 0xfffff" },
    { 0x00000537, OP_lui, 10, NA, NA, 0, "lui a0, 0" },
    { 0x7ffff0ef, OP_jal, 1, NA, NA, 1048574, "jal ra, .+1048574" },
    { 0x8000006f, OP_jal, XZERO, NA, NA, -1048576, "jal zero, .-1048576" },
    { 0x0020056f, OP_jal, 10, NA, NA, 2, "jal a0, .+2" },
    { 0xffffffef, OP_jal, 31, NA, NA, -2, "jal t6, .-2" },
    { 0x001000ef, OP_jal, 1, NA, NA, 2048, "jal ra, .+2048" },
    { 0x000010ef, OP_jal, 1, NA, NA, 4096, "jal ra, .+4096" },
    { 0x801ff0ef, OP_jal, 1, NA, NA, -2048, "jal ra, .-2048" },
    { 0x03f59513, OP_slli, 10, 11, NA, 63, "slli a0, a1, 63" },
    { 0x43ff5f93, OP_srai, 31, 30, NA, 63, "srai t6, t5, 63" },
    { 0x02055513, OP_srli, 10, 10, NA, 32, "srli a0, a0, 32" },
    { 0x40055513, OP_srai, 10, 10, NA, 0, "srai a0, a0, 0" },
    { 0x00101013, OP_slli, XZERO, 0, NA, 1, "slli zero, zero, 1" },
    { 0x01f5951b, OP_slliw, 10, 11, NA, 31, "slliw a0, a1, 31" },
    { 0x41f5d51b, OP_sraiw, 10, 11, NA, 31, "sraiw a0, a1, 31" },
    { 0x0015501b, OP_srliw, XZERO, 10, NA, 1, "srliw zero, a0, 1" },
    { 0x400fdf9b, OP_sraiw, 31, 31, NA, 0, "sraiw t6, t6, 0" },
    { 0x34059573, OP_csrrw, 10, 11, NA, 832, "csrrw a0, mscratch, a1" },
    { 0x30002073, OP_csrrs, XZERO, 0, NA, 768, "csrrs zero, mstatus, zero" },
    { 0xffffb573, OP_csrrc, 10, 31, NA, 4095, "csrrc a0, 0xfff, t6" },
    { 0x80002573, OP_csrrs, 10, 0, NA, 2048, "csrrs a0, 0x800, zero" },
    { 0x340fd573, OP_csrrwi, 10, 31, NA, 832, "csrrwi a0, mscratch, 31" },
    { 0xfff0e073, OP_csrrsi, XZERO, 1, NA, 4095, "csrrsi zero, 0xfff, 1" },
    { 0xf1407ff3, OP_csrrci, 31, 0, NA, 3860, "csrrci t6, mhartid, 0" },
    { 0x06b6252f, OP_amoadd_w, 10, 12, 11, 3, "amoadd.w.aqrl a0, a1, (a2)" },
    { 0x0de13faf, OP_amoswap_d, 31, 2, 30, 2, "amoswap.d.aq t6, t5, (sp)" },
    { 0x1ab6352f, OP_sc_d, 10, 12, 11, 1, "sc.d.rl a0, a1, (a2)" },
    { 0x18b6202f, OP_sc_w, XZERO, 12, 11, 0, "sc.w zero, a1, (a2)" },
    { 0xe053302f, OP_amomaxu_d, XZERO, 6, 5, 0, "amomaxu.d zero, t0, (t1)" },
    { 0xc0b6252f, OP_amominu_w, 10, 12, 11, 0, "amominu.w a0, a1, (a2)" },
    { 0x80b6352f, OP_amomin_d, 10, 12, 11, 0, "amomin.d a0, a1, (a2)" },
    { 0xa0b6252f, OP_amomax_w, 10, 12, 11, 0, "amomax.w a0, a1, (a2)" },
    { 0x20b6352f, OP_amoxor_d, 10, 12, 11, 0, "amoxor.d a0, a1, (a2)" },
    { 0x60b6252f, OP_amoand_w, 10, 12, 11, 0, "amoand.w a0, a1, (a2)" },
    { 0x46b6352f, OP_amoor_d, 10, 12, 11, 3, "amoor.d.aqrl a0, a1, (a2)" },
    { 0x1005a52f, OP_lr_w, 10, 11, NA, 0, "lr.w a0, (a1)" },
    { 0x16013faf, OP_lr_d, 31, 2, NA, 3, "lr.d.aqrl t6, (sp)" },
    { 0x1405202f, OP_lr_w, XZERO, 10, NA, 2, "lr.w.aq zero, (a0)" },
    { 0x0330000f, OP_fence, NA, NA, NA, 51, "fence rw, rw" },
    { 0x0ff0000f, OP_fence, NA, NA, NA, 255, "fence iorw, iorw" },
    { 0x8330000f, OP_fence, NA, NA, NA, 2099, "fence.tso" },
    { 0x0840000f, OP_fence, NA, NA, NA, 132, "fence i, o" },
    { 0x00000073, OP_ecall, NA, NA, NA, NA, "ecall" },
    { 0x00100073, OP_ebreak, NA, NA, NA, NA, "ebreak" },
    { 0x30200073, OP_mret, NA, NA, NA, NA, "mret" },
    { 0x10500073, OP_wfi, NA, NA, NA, NA, "wfi" },
    { 0x0000100f, OP_fence_i, NA, NA, NA, NA, "fence.i" },
    /* hand-made: fence/fence.i with the reserved-to-ignore fields set */
    { 0x0ff5050f, OP_fence, NA, NA, NA, 0x0ff, "fence iorw, iorw with rd=rs1=a0" },
    { 0xfff5150f, OP_fence_i, NA, NA, NA, NA, "fence.i with imm=0xfff rd=rs1=a0" },
};

static void check_vec32(const struct vec32 *v, const insn_t *d)
{
    CHECK_OP(d->op, v->op, v->word, v->text);
    CHECK_FIELD("len", d->len, 4, v->word, v->text);
    if (v->rd != NA)
        CHECK_FIELD("rd", d->rd, v->rd, v->word, v->text);
    if (v->rs1 != NA)
        CHECK_FIELD("rs1", d->rs1, v->rs1, v->word, v->text);
    if (v->rs2 != NA)
        CHECK_FIELD("rs2", d->rs2, v->rs2, v->word, v->text);
    if (v->imm != NA)
        CHECK_FIELD("imm", d->imm, v->imm, v->word, v->text);
}

static void test_vectors_32(void **state)
{
    (void)state;
    unsigned formats_seen = 0;
    for (size_t i = 0; i < sizeof vec32 / sizeof vec32[0]; i++) {
        const struct vec32 *v = &vec32[i];
        insn_t slow, fast, d32;
        decode_slow(v->word, &slow);
        check_vec32(v, &slow);
        decode(dec, v->word, &fast);
        check_vec32(v, &fast);
        decode32(dec, v->word, &d32);
        check_vec32(v, &d32);
        assert_memory_equal(&slow, &fast, sizeof slow);
        formats_seen |= 1u << insn_info[v->op].format;
    }
    /* Every 32-bit operand format is exercised by at least one vector. */
    for (unsigned f = FMT_NONE; f <= FMT_FENCE; f++) {
        if (!(formats_seen & (1u << f))) {
            print_error("no vector for format %u\n", f);
            fail();
        }
    }
}

/* rd = x0 of an integer destination goes to the sink XZERO; formats without
 * an integer destination keep the raw bits. */
static void test_rd_zero_sink(void **state)
{
    (void)state;
    insn_t d;
    decode_slow(0x00000013, &d); /* addi zero, zero, 0 */
    assert_int_equal(d.rd, XZERO);
    decode_slow(0x0000006f, &d); /* jal zero, .+0 */
    assert_int_equal(d.rd, XZERO);
    decode_slow(0x00000037, &d); /* lui zero, 0 */
    assert_int_equal(d.rd, XZERO);
    decode_slow(0x00002073, &d); /* csrrs zero, 0, zero */
    assert_int_equal(d.op, OP_csrrs);
    assert_int_equal(d.rd, XZERO);
    decode_slow(0x0805202f, &d); /* amoswap.w zero, zero, (a0) */
    assert_int_equal(d.op, OP_amoswap_w);
    assert_int_equal(d.rd, XZERO);
    /* rd = 1..31 stay as they are */
    for (unsigned rd = 1; rd < 32; rd++) {
        decode_slow(0x00000013 | rd << 7, &d);
        assert_int_equal(d.rd, rd);
    }
    /* compressed with an x0 destination: c.j, c.jr, c.li zero (HINT) */
    decode(dec, 0xa001, &d);
    assert_int_equal(d.op, OP_jal);
    assert_int_equal(d.rd, XZERO);
    decode(dec, 0x8082, &d);
    assert_int_equal(d.op, OP_jalr);
    assert_int_equal(d.rd, XZERO);
    decode(dec, 0x4015, &d);
    assert_int_equal(d.op, OP_addi);
    assert_int_equal(d.rd, XZERO);
}

/* Every table entry decodes its own match word (and the match word with all
 * don't-care bits set) to itself, with no overlaps between entries. */
static void test_every_opcode_decodes(void **state)
{
    (void)state;
    for (unsigned op = 1; op < OP_COUNT_; op++) {
        const struct insn_info *ii = &insn_info[op];
        assert_non_null(ii->name);
        assert_int_equal(ii->match & ~ii->mask, 0);
        assert_int_equal(ii->match & 3, 3);
        uint32_t words[3] = { ii->match, ii->match | ~ii->mask, ii->match | ((uint32_t)rng() & ~ii->mask) };
        for (int k = 0; k < 3; k++) {
            /* a rounding-mode operand must not be one of the reserved 5, 6 */
            uint32_t rm = (words[k] >> 12) & 7;
            if ((~ii->mask & 0x7000) && (rm == 5 || rm == 6))
                words[k] |= 0x7000;
            insn_t slow, fast;
            decode_slow(words[k], &slow);
            decode(dec, words[k], &fast);
            CHECK_OP(slow.op, op, words[k], ii->name);
            CHECK_OP(fast.op, op, words[k], ii->name);
            assert_int_equal(slow.len, 4);
        }
        for (unsigned other = op + 1; other < OP_COUNT_; other++) {
            const struct insn_info *oi = &insn_info[other];
            if (((ii->match ^ oi->match) & ii->mask & oi->mask) == 0) {
                print_error("insn.def entries %s and %s overlap\n", ii->name, oi->name);
                fail();
            }
        }
    }
}

/* The bucket table holds every opcode that can match (no silent truncation). */
static void test_bucket_table(void **state)
{
    (void)state;
    assert_true(dec->bucket_start[256] <= sizeof dec->bucket_ops);
    for (unsigned b = 0; b < 256; b++)
        assert_true(dec->bucket_start[b] <= dec->bucket_start[b + 1]);
    /* Each opcode is in each bucket its match is consistent with. */
    for (unsigned op = 1; op < OP_COUNT_; op++) {
        const struct insn_info *ii = &insn_info[op];
        for (unsigned b = 0; b < 256; b++) {
            uint32_t w = (b & 31) << 2 | 3 | (b >> 5) << 12;
            if (((w ^ ii->match) & ii->mask & 0x707f) != 0)
                continue;
            bool found = false;
            for (unsigned i = dec->bucket_start[b]; i < dec->bucket_start[b + 1]; i++)
                found |= dec->bucket_ops[i] == op;
            if (!found) {
                print_error("opcode %s missing from bucket %u\n", ii->name, b);
                fail();
            }
        }
    }
}

/* ------------------------------------------------------- compressed pairs */

struct rvc_pair {
    uint16_t c;
    uint32_t w;
    const char *text;
};

static const struct rvc_pair rvc_pairs[] = {
    { 0x0040, 0x00410413, "c.addi4spn s0, sp, 4" }, /* addi s0, sp, 4 */
    { 0x1ffc, 0x3fc10793, "c.addi4spn a5, sp, 1020" }, /* addi a5, sp, 1020 */
    { 0x0428, 0x20810513, "c.addi4spn a0, sp, 520" }, /* addi a0, sp, 520 */
    { 0x4000, 0x00042403, "c.lw s0, 0(s0)" }, /* lw s0, 0(s0) */
    { 0x5fe8, 0x07c7a503, "c.lw a0, 124(a5)" }, /* lw a0, 124(a5) */
    { 0x41bc, 0x0405a783, "c.lw a5, 64(a1)" }, /* lw a5, 64(a1) */
    { 0x7c7c, 0x0f843783, "c.ld a5, 248(s0)" }, /* ld a5, 248(s0) */
    { 0x6504, 0x00853483, "c.ld s1, 8(a0)" }, /* ld s1, 8(a0) */
    { 0xdde8, 0x06a5ae23, "c.sw a0, 124(a1)" }, /* sw a0, 124(a1) */
    { 0xc3c0, 0x0087a223, "c.sw s0, 4(a5)" }, /* sw s0, 4(a5) */
    { 0xffe4, 0x0e97bc23, "c.sd s1, 248(a5)" }, /* sd s1, 248(a5) */
    { 0xe008, 0x00a43023, "c.sd a0, 0(s0)" }, /* sd a0, 0(s0) */
    { 0x2000, 0x00043407, "c.fld fs0, 0(s0)" }, /* fld fs0, 0(s0) */
    { 0x3ffc, 0x0f87b787, "c.fld fa5, 248(a5)" }, /* fld fa5, 248(a5) */
    { 0xa000, 0x00843027, "c.fsd fs0, 0(s0)" }, /* fsd fs0, 0(s0) */
    { 0xbffc, 0x0ef7bc27, "c.fsd fa5, 248(a5)" }, /* fsd fa5, 248(a5) */
    { 0x2002, 0x00013007, "c.fldsp ft0, 0(sp)" }, /* fld ft0, 0(sp) */
    { 0x3ffe, 0x1f813f87, "c.fldsp ft11, 504(sp)" }, /* fld ft11, 504(sp) */
    { 0xa002, 0x00013027, "c.fsdsp ft0, 0(sp)" }, /* fsd ft0, 0(sp) */
    { 0xbffe, 0x1ff13c27, "c.fsdsp ft11, 504(sp)" }, /* fsd ft11, 504(sp) */
    { 0x0001, 0x00000013, "c.nop" }, /* addi zero, zero, 0 */
    { 0x0505, 0x00150513, "c.addi a0, 1" }, /* addi a0, a0, 1 */
    { 0x1501, 0xfe050513, "c.addi a0, -32" }, /* addi a0, a0, -32 */
    { 0x0ffd, 0x01ff8f93, "c.addi t6, 31" }, /* addi t6, t6, 31 */
    { 0x117d, 0xfff10113, "c.addi sp, -1" }, /* addi sp, sp, -1 */
    { 0x357d, 0xfff5051b, "c.addiw a0, -1" }, /* addiw a0, a0, -1 */
    { 0x20fd, 0x01f0809b, "c.addiw ra, 31" }, /* addiw ra, ra, 31 */
    { 0x3f81, 0xfe0f8f9b, "c.addiw t6, -32" }, /* addiw t6, t6, -32 */
    { 0x2501, 0x0005051b, "c.addiw a0, 0" }, /* addiw a0, a0, 0 */
    { 0x5501, 0xfe000513, "c.li a0, -32" }, /* addi a0, zero, -32 */
    { 0x4ffd, 0x01f00f93, "c.li t6, 31" }, /* addi t6, zero, 31 */
    { 0x4101, 0x00000113, "c.li sp, 0" }, /* addi sp, zero, 0 */
    { 0x7101, 0xe0010113, "c.addi16sp sp, -512" }, /* addi sp, sp, -512 */
    { 0x617d, 0x1f010113, "c.addi16sp sp, 496" }, /* addi sp, sp, 496 */
    { 0x6141, 0x01010113, "c.addi16sp sp, 16" }, /* addi sp, sp, 16 */
    { 0x717d, 0xff010113, "c.addi16sp sp, -16" }, /* addi sp, sp, -16 */
    { 0x6505, 0x00001537, "c.lui a0, 0x1" }, /* lui a0, 1 */
    { 0x7501, 0xfffe0537, "c.lui a0, 0xfffe0" }, /* lui a0, 0xfffe0 */
    { 0x6ffd, 0x0001ffb7, "c.lui t6, 0x1f" }, /* lui t6, 31 */
    { 0x70fd, 0xfffff0b7, "c.lui ra, 0xfffff" }, /* lui ra, 0xfffff */
    { 0x61c1, 0x000101b7, "c.lui gp, 0x10" }, /* lui gp, 0x10 */
    { 0x917d, 0x03f55513, "c.srli a0, 63" }, /* srli a0, a0, 63 */
    { 0x8005, 0x00145413, "c.srli s0, 1" }, /* srli s0, s0, 1 */
    { 0x9381, 0x0207d793, "c.srli a5, 32" }, /* srli a5, a5, 32 */
    { 0x97fd, 0x43f7d793, "c.srai a5, 63" }, /* srai a5, a5, 63 */
    { 0x9481, 0x4204d493, "c.srai s1, 32" }, /* srai s1, s1, 32 */
    { 0x8505, 0x40155513, "c.srai a0, 1" }, /* srai a0, a0, 1 */
    { 0x9901, 0xfe057513, "c.andi a0, -32" }, /* andi a0, a0, -32 */
    { 0x887d, 0x01f47413, "c.andi s0, 31" }, /* andi s0, s0, 31 */
    { 0x8b81, 0x0007f793, "c.andi a5, 0" }, /* andi a5, a5, 0 */
    { 0x99fd, 0xfff5f593, "c.andi a1, -1" }, /* andi a1, a1, -1 */
    { 0x8d0d, 0x40b50533, "c.sub a0, a1" }, /* sub a0, a0, a1 */
    { 0x8c1d, 0x40f40433, "c.sub s0, a5" }, /* sub s0, s0, a5 */
    { 0x8ca9, 0x00a4c4b3, "c.xor s1, a0" }, /* xor s1, s1, a0 */
    { 0x8fc1, 0x0087e7b3, "c.or a5, s0" }, /* or a5, a5, s0 */
    { 0x8e75, 0x00d67633, "c.and a2, a3" }, /* and a2, a2, a3 */
    { 0x9f1d, 0x40f7073b, "c.subw a4, a5" }, /* subw a4, a4, a5 */
    { 0x9c01, 0x4084043b, "c.subw s0, s0" }, /* subw s0, s0, s0 */
    { 0x9d2d, 0x00b5053b, "c.addw a0, a1" }, /* addw a0, a0, a1 */
    { 0x9fa5, 0x009787bb, "c.addw a5, s1" }, /* addw a5, a5, s1 */
    { 0xaffd, 0x7fe0006f, "c.j .+2046" }, /* jal zero, .+2046 */
    { 0xb001, 0x801ff06f, "c.j .-2048" }, /* jal zero, .-2048 */
    { 0xa009, 0x0020006f, "c.j .+2" }, /* jal zero, .+2 */
    { 0xa001, 0x0000006f, "c.j .+0" }, /* jal zero, .+0 */
    { 0xbffd, 0xfffff06f, "c.j .-2" }, /* jal zero, .-2 */
    { 0xa101, 0x4000006f, "c.j .+1024" }, /* jal zero, .+1024 */
    { 0xcd7d, 0x0e050f63, "c.beqz a0, .+254" }, /* beq a0, zero, .+254 */
    { 0xd081, 0xf00480e3, "c.beqz s1, .-256" }, /* beq s1, zero, .-256 */
    { 0xc009, 0x00040163, "c.beqz s0, .+2" }, /* beq s0, zero, .+2 */
    { 0xfffd, 0xfe079fe3, "c.bnez a5, .-2" }, /* bne a5, zero, .-2 */
    { 0xed7d, 0x0e051f63, "c.bnez a0, .+254" }, /* bne a0, zero, .+254 */
    { 0xf001, 0xf00410e3, "c.bnez s0, .-256" }, /* bne s0, zero, .-256 */
    { 0x157e, 0x03f51513, "c.slli a0, 63" }, /* slli a0, a0, 63 */
    { 0x0f86, 0x001f9f93, "c.slli t6, 1" }, /* slli t6, t6, 1 */
    { 0x1082, 0x02009093, "c.slli ra, 32" }, /* slli ra, ra, 32 */
    { 0x557e, 0x0fc12503, "c.lwsp a0, 252(sp)" }, /* lw a0, 252(sp) */
    { 0x4082, 0x00012083, "c.lwsp ra, 0(sp)" }, /* lw ra, 0(sp) */
    { 0x4f8a, 0x08012f83, "c.lwsp t6, 128(sp)" }, /* lw t6, 128(sp) */
    { 0x757e, 0x1f813503, "c.ldsp a0, 504(sp)" }, /* ld a0, 504(sp) */
    { 0x6f82, 0x00013f83, "c.ldsp t6, 0(sp)" }, /* ld t6, 0(sp) */
    { 0x6092, 0x10013083, "c.ldsp ra, 256(sp)" }, /* ld ra, 256(sp) */
    { 0x9002, 0x00100073, "c.ebreak" }, /* ebreak */
    { 0x9502, 0x000500e7, "c.jalr a0" }, /* jalr ra, 0(a0) */
    { 0x9f82, 0x000f80e7, "c.jalr t6" }, /* jalr ra, 0(t6) */
    { 0x9082, 0x000080e7, "c.jalr ra" }, /* jalr ra, 0(ra) */
    { 0x952e, 0x00b50533, "c.add a0, a1" }, /* add a0, a0, a1 */
    { 0x9ffe, 0x01ff8fb3, "c.add t6, t6" }, /* add t6, t6, t6 */
    { 0x9106, 0x00110133, "c.add sp, ra" }, /* add sp, sp, ra */
    { 0x8082, 0x00008067, "c.jr ra" }, /* jalr zero, 0(ra) */
    { 0x8f82, 0x000f8067, "c.jr t6" }, /* jalr zero, 0(t6) */
    { 0x852e, 0x00b00533, "c.mv a0, a1" }, /* add a0, zero, a1 */
    { 0x8f86, 0x00100fb3, "c.mv t6, ra" }, /* add t6, zero, ra */
    { 0x817e, 0x01f00133, "c.mv sp, t6" }, /* add sp, zero, t6 */
    { 0xdfaa, 0x0ea12e23, "c.swsp a0, 252(sp)" }, /* sw a0, 252(sp) */
    { 0xc002, 0x00012023, "c.swsp zero, 0(sp)" }, /* sw zero, 0(sp) */
    { 0xc17e, 0x09f12023, "c.swsp t6, 128(sp)" }, /* sw t6, 128(sp) */
    { 0xffaa, 0x1ea13c23, "c.sdsp a0, 504(sp)" }, /* sd a0, 504(sp) */
    { 0xe002, 0x00013023, "c.sdsp zero, 0(sp)" }, /* sd zero, 0(sp) */
    { 0xe27e, 0x11f13023, "c.sdsp t6, 256(sp)" }, /* sd t6, 256(sp) */
    /* HINTs (legal, no effect): assembled with gas as well */
    { 0x4015, 0x00500013, "c.li zero, 5" },    /* addi zero, zero, 5 */
    { 0x6005, 0x00001037, "c.lui zero, 0x1" },   /* lui zero, 0x1 */
    { 0x802a, 0x00a00033, "c.mv zero, a0" },   /* add zero, zero, a0 */
    { 0x902a, 0x00a00033, "c.add zero, a0" },  /* add zero, zero, a0 */
    { 0x0006, 0x00101013, "c.slli zero, 1" },  /* slli zero, zero, 1 */
    { 0x0005, 0x00100013, "c.addi zero, 1" },  /* addi zero, zero, 1 */
    { 0x0501, 0x00050513, "c.addi a0, 0" },    /* addi a0, a0, 0 */
    /* HINTs gas will not assemble; encoded by hand from the spec */
    { 0x0502, 0x00051513, "c.slli a0, 0" },    /* slli a0, a0, 0 */
    { 0x8101, 0x00055513, "c.srli a0, 0" },    /* srli a0, a0, 0 */
};

/* Compare the operands the expansion's format has. */
static void check_same_operands(const insn_t *c, const insn_t *w, const char *text, uint16_t cw)
{
    CHECK_OP(c->op, w->op, cw, text);
    CHECK_FIELD("len", c->len, 2, cw, text);
    switch (insn_info[w->op].format) {
    case FMT_R:
        CHECK_FIELD("rd", c->rd, w->rd, cw, text);
        CHECK_FIELD("rs1", c->rs1, w->rs1, cw, text);
        CHECK_FIELD("rs2", c->rs2, w->rs2, cw, text);
        break;
    case FMT_I: case FMT_LOAD: case FMT_SH5: case FMT_SH6: case FMT_FLOAD:
        CHECK_FIELD("rd", c->rd, w->rd, cw, text);
        CHECK_FIELD("rs1", c->rs1, w->rs1, cw, text);
        CHECK_FIELD("imm", c->imm, w->imm, cw, text);
        break;
    case FMT_S: case FMT_B: case FMT_FSTORE:
        CHECK_FIELD("rs1", c->rs1, w->rs1, cw, text);
        CHECK_FIELD("rs2", c->rs2, w->rs2, cw, text);
        CHECK_FIELD("imm", c->imm, w->imm, cw, text);
        break;
    case FMT_U: case FMT_J:
        CHECK_FIELD("rd", c->rd, w->rd, cw, text);
        CHECK_FIELD("imm", c->imm, w->imm, cw, text);
        break;
    case FMT_NONE:
        break;
    default:
        print_error("0x%04x (%s): unexpected expansion format\n", cw, text);
        fail();
    }
}

/* Number of rvc.def entries, counted the same way decode.c does. */
enum {
    N_RVC = 0
#define RVC(nm, msk, mat, cf, base) +1
#include "cpu/rvc.def"
#undef RVC
};

/* The text of a compressed pair as the disassembler at pc writes it: a
 * pc-relative ".+N" / ".-N" becomes the absolute target. */
#define RVC_PC 0x80001000ull
static void rvc_text_at(const char *text, uint64_t pc, char *out, size_t size)
{
    const char *rel = strstr(text, ".+");
    if (!rel)
        rel = strstr(text, ".-");
    if (!rel) {
        snprintf(out, size, "%s", text);
        return;
    }
    long off = strtol(rel + 1, NULL, 10);
    snprintf(out, size, "%.*s0x%" PRIx64, (int)(rel - text), text, pc + (uint64_t)(int64_t)off);
}

static void test_rvc_expansions(void **state)
{
    (void)state;
    bool covered[N_RVC] = { false };
    for (size_t i = 0; i < sizeof rvc_pairs / sizeof rvc_pairs[0]; i++) {
        const struct rvc_pair *p = &rvc_pairs[i];
        insn_t c, w, fast;
        int entry = rvc_expand(p->c, &c);
        if (entry < 0) {
            print_error("0x%04x (%s) was rejected as illegal\n", p->c, p->text);
            fail();
        }
        assert_true(entry < N_RVC);
        covered[entry] = true;
        /* the rvc.def entry that matched carries the mnemonic we assembled */
        const char *mnemonic = strcmp(p->text, "c.nop") == 0 ? "c.addi" : p->text; /* c.nop is c.addi */
        const char *space = strchr(mnemonic, ' ');
        size_t n = space ? (size_t)(space - mnemonic) : strlen(mnemonic);
        if (strlen(rvc_names[entry]) != n || strncmp(rvc_names[entry], mnemonic, n) != 0) {
            print_error("0x%04x (%s) matched rvc.def entry %s\n", p->c, p->text, rvc_names[entry]);
            fail();
        }
        decode_slow(p->w, &w);
        assert_int_not_equal(w.op, OP_illegal);
        check_same_operands(&c, &w, p->text, p->c);
        /* the disassembler writes what we assembled (".+N" as the target) */
        char want[64], got[64];
        rvc_text_at(p->text, RVC_PC, want, sizeof want);
        assert_int_equal(disasm_insn(p->c, RVC_PC, got, sizeof got), 2);
        if (strcmp(got, want) != 0) {
            print_error("disasm 0x%04x: \"%s\", expected \"%s\"\n", p->c, got, want);
            fail();
        }
        /* the decoder's pre-expanded table, with and without junk in the upper half */
        decode(dec, p->c, &fast);
        assert_memory_equal(&fast, &c, sizeof c);
        decode(dec, 0xdead0000u | p->c, &fast);
        assert_memory_equal(&fast, &c, sizeof c);
    }
    for (int i = 0; i < N_RVC; i++) {
        if (!covered[i]) {
            print_error("rvc.def entry %s has no test vector\n", rvc_names[i]);
            fail();
        }
    }
}

/* Specific edge immediates, stated directly (on top of the pairs above). */
static void test_rvc_edge_immediates(void **state)
{
    (void)state;
    static const struct {
        uint16_t c;
        unsigned op;
        int rd, rs1, rs2;
        int64_t imm;
        const char *text;
    } v[] = {
        { 0x7101, OP_addi, 2, 2, NA, -512, "c.addi16sp sp, -512" },
        { 0x617d, OP_addi, 2, 2, NA, 496, "c.addi16sp sp, 496" },
        { 0x7501, OP_lui, 10, NA, NA, -131072, "c.lui a0, 0xfffe0" },
        { 0x70fd, OP_lui, 1, NA, NA, -4096, "c.lui ra, 0xfffff" },
        { 0x6ffd, OP_lui, 31, NA, NA, 0x1f000, "c.lui t6, 0x1f" },
        { 0xaffd, OP_jal, XZERO, NA, NA, 2046, "c.j .+2046" },
        { 0xb001, OP_jal, XZERO, NA, NA, -2048, "c.j .-2048" },
        { 0xcd7d, OP_beq, NA, 10, 0, 254, "c.beqz a0, .+254" },
        { 0xd081, OP_beq, NA, 9, 0, -256, "c.beqz s1, .-256" },
        { 0xf001, OP_bne, NA, 8, 0, -256, "c.bnez s0, .-256" },
        { 0x557e, OP_lw, 10, 2, NA, 252, "c.lwsp a0, 252(sp)" },
        { 0x757e, OP_ld, 10, 2, NA, 504, "c.ldsp a0, 504(sp)" },
        { 0xdfaa, OP_sw, NA, 2, 10, 252, "c.swsp a0, 252(sp)" },
        { 0xffaa, OP_sd, NA, 2, 10, 504, "c.sdsp a0, 504(sp)" },
        { 0x5fe8, OP_lw, 10, 15, NA, 124, "c.lw a0, 124(a5)" },
        { 0x7c7c, OP_ld, 15, 8, NA, 248, "c.ld a5, 248(s0)" },
        { 0x1ffc, OP_addi, 15, 2, NA, 1020, "c.addi4spn a5, sp, 1020" },
        { 0x917d, OP_srli, 10, 10, NA, 63, "c.srli a0, 63" },
        { 0x97fd, OP_srai, 15, 15, NA, 63, "c.srai a5, 63" },
        { 0x157e, OP_slli, 10, 10, NA, 63, "c.slli a0, 63" },
        { 0x1501, OP_addi, 10, 10, NA, -32, "c.addi a0, -32" },
        { 0x5501, OP_addi, 10, 0, NA, -32, "c.li a0, -32" },
        { 0x9901, OP_andi, 10, 10, NA, -32, "c.andi a0, -32" },
        { 0x357d, OP_addiw, 10, 10, NA, -1, "c.addiw a0, -1" },
        { 0x9502, OP_jalr, 1, 10, NA, 0, "c.jalr a0" },
        { 0x852e, OP_add, 10, 0, 11, NA, "c.mv a0, a1" },
    };
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
        insn_t d;
        decode(dec, v[i].c, &d);
        CHECK_OP(d.op, v[i].op, v[i].c, v[i].text);
        CHECK_FIELD("len", d.len, 2, v[i].c, v[i].text);
        if (v[i].rd != NA)
            CHECK_FIELD("rd", d.rd, v[i].rd, v[i].c, v[i].text);
        if (v[i].rs1 != NA)
            CHECK_FIELD("rs1", d.rs1, v[i].rs1, v[i].c, v[i].text);
        if (v[i].rs2 != NA)
            CHECK_FIELD("rs2", d.rs2, v[i].rs2, v[i].c, v[i].text);
        if (v[i].imm != NA)
            CHECK_FIELD("imm", d.imm, v[i].imm, v[i].c, v[i].text);
    }
}

/* ----------------------------------------------------------- illegal words */

static void expect_illegal(uint32_t w, unsigned len, const char *why)
{
    insn_t slow, fast;
    decode_slow(w, &slow);
    decode(dec, w, &fast);
    if (slow.op != OP_illegal || fast.op != OP_illegal) {
        print_error("0x%08x (%s): decoded as %s / %s, expected illegal\n", w, why, op_name(slow.op),
                    op_name(fast.op));
        fail();
    }
    CHECK_FIELD("len", slow.len, len, w, why);
    CHECK_FIELD("len", fast.len, len, w, why);
    if (len == 2) {
        insn_t e;
        assert_int_equal(rvc_expand((uint16_t)w, &e), -1);
        assert_int_equal(e.op, OP_illegal);
    }
}

static void test_illegal_rvc(void **state)
{
    (void)state;
    expect_illegal(0x0000, 2, "all zeros");
    expect_illegal(0x0004, 2, "c.addi4spn s1, sp, 0 (imm 0)");
    expect_illegal(0x001c, 2, "c.addi4spn a5, sp, 0 (imm 0)");
    expect_illegal(0x2005, 2, "c.addiw zero, 1 (rd 0)");
    expect_illegal(0x3001, 2, "c.addiw zero, -32 (rd 0)");
    expect_illegal(0x4002, 2, "c.lwsp zero, 0(sp) (rd 0)");
    expect_illegal(0x507e, 2, "c.lwsp zero, 252(sp) (rd 0)");
    expect_illegal(0x6002, 2, "c.ldsp zero, 0(sp) (rd 0)");
    expect_illegal(0x707e, 2, "c.ldsp zero, 504(sp) (rd 0)");
    expect_illegal(0x8002, 2, "c.jr zero (rs1 0)");
    expect_illegal(0x6501, 2, "c.lui a0, 0 (imm 0)");
    expect_illegal(0x6081, 2, "c.lui ra, 0 (imm 0)");
    expect_illegal(0x6101, 2, "c.addi16sp sp, 0 (imm 0)");
    expect_illegal(0x9c41, 2, "reserved (c.subw/c.addw neighbour, funct2 10)");
    expect_illegal(0x9c61, 2, "reserved (c.subw/c.addw neighbour, funct2 11)");
    expect_illegal(0x9fdd, 2, "reserved (funct2 10, other registers)");
    expect_illegal(0x9ffd, 2, "reserved (funct2 11, other registers)");
    /* 0x8000-0x9fff quadrant 0 is reserved (funct3 100) */
    for (uint32_t w = 0x8000; w < 0xa000; w += 4)
        expect_illegal(w, 2, "quadrant 0 funct3 100 (reserved)");
}

static void test_illegal_32(void **state)
{
    (void)state;
    expect_illegal(0xffffffff, 4, "all ones");
    expect_illegal(0x0200101b | 10 << 7 | 11 << 15, 4, "slliw a0, a1, 32 (shamt[5] = 1)");
    expect_illegal(0x0200501b, 4, "srliw with shamt[5] = 1");
    expect_illegal(0x4200501b, 4, "sraiw with shamt[5] = 1");
    expect_illegal(0x0000007b, 4, "custom-3 opcode");
    expect_illegal(0x0000000b, 4, "custom-0 opcode");
    expect_illegal(0x00000057, 4, "OP-V opcode (no V)");
    /* rounding modes 5 and 6 are reserved */
    expect_illegal(0x00005053, 4, "fadd.s with rm 5");
    expect_illegal(0x02006053, 4, "fadd.d with rm 6");
    expect_illegal(0x0000d043, 4, "fmadd.s with rm 5");
    expect_illegal(0xc0006053, 4, "fcvt.w.s with rm 6");
    expect_illegal(0x04000033, 4, "add with funct7 bit 26");
    expect_illegal(0x80000033, 4, "add with funct7 bit 31");
    expect_illegal(0x00002033 | 0x20000000, 4, "slt with a bad funct7");
    expect_illegal(0x0000203b, 4, "OP-32 funct3 010");
    expect_illegal(0x00002063, 4, "branch funct3 010");
    expect_illegal(0x00003063, 4, "branch funct3 011");
    expect_illegal(0x00001067, 4, "jalr funct3 001");
    expect_illegal(0x00007003, 4, "load funct3 111");
    expect_illegal(0x00004023, 4, "store funct3 100");
    expect_illegal(0x0000202f | 0xf8000000, 4, "AMO funct5 11111");
    expect_illegal(0x1010202f, 4, "lr.w with rs2 != 0");
    expect_illegal(0x0000402f, 4, "AMO funct3 100");
    expect_illegal(0x00004073, 4, "SYSTEM funct3 100");
    expect_illegal(0x00200073, 4, "uret-like SYSTEM word");
    expect_illegal(0x00000873, 4, "ecall with rd != 0");
}

/* ----------------------------------------- fast decoder vs table scanning */

static void compare_decoders(uint32_t w)
{
    insn_t fast, slow;
    memset(&fast, 0x55, sizeof fast);
    memset(&slow, 0xaa, sizeof slow);
    decode(dec, w, &fast);
    decode_slow(w, &slow);
    if (memcmp(&fast, &slow, sizeof fast) != 0) {
        print_error("0x%08x: decode() gives %s rd=%u rs1=%u rs2=%u imm=%d len=%u, "
                    "decode_slow() gives %s rd=%u rs1=%u rs2=%u imm=%d len=%u\n",
                    w, op_name(fast.op), fast.rd, fast.rs1, fast.rs2, fast.imm, fast.len, op_name(slow.op),
                    slow.rd, slow.rs1, slow.rs2, slow.imm, slow.len);
        fail();
    }
}

static void test_fast_vs_slow_16(void **state)
{
    (void)state;
    for (uint32_t w = 0; w < 65536; w++) {
        if ((w & 3) == 3)
            continue;
        compare_decoders(w);
        compare_decoders(w | 0xffff0000u); /* the upper half is not part of it */
        /* rvc_expand agrees with the table too, and says illegal iff op is */
        insn_t e;
        int entry = rvc_expand((uint16_t)w, &e);
        assert_int_equal(entry < 0, e.op == OP_illegal);
        assert_int_equal(e.len, 2);
        assert_memory_equal(&e, &dec->rvc[w], sizeof e);
    }
}

static void test_fast_vs_slow_32_random(void **state)
{
    (void)state;
    for (unsigned i = 0; i < 4000000; i++)
        compare_decoders((uint32_t)(rng() >> 17) | 3);
}

/* Every combination of the fields the tables match on: opcode, funct3,
 * funct7 and the rs2 field, with rd/rs1 zero and random. */
static void test_fast_vs_slow_32_sweep(void **state)
{
    (void)state;
    for (uint32_t opc = 0; opc < 32; opc++)
        for (uint32_t f3 = 0; f3 < 8; f3++)
            for (uint32_t f7 = 0; f7 < 128; f7++)
                for (uint32_t rs2 = 0; rs2 < 32; rs2++) {
                    uint32_t w = f7 << 25 | rs2 << 20 | f3 << 12 | opc << 2 | 3;
                    compare_decoders(w);
                    compare_decoders(w | ((uint32_t)rng() & 0x000f8f80u));
                }
}

/* ------------------------------------------------------------ disassembler */

static void expect_disasm(uint32_t w, uint64_t pc, const char *want)
{
    char buf[96];
    memset(buf, 0x7f, sizeof buf);
    int len = disasm_insn(w, pc, buf, sizeof buf);
    assert_int_equal(len, (w & 3) == 3 ? 4 : 2);
    if (strcmp(buf, want) != 0) {
        print_error("disasm 0x%08x: \"%s\", expected \"%s\"\n", w, buf, want);
        fail();
    }
}

static void test_disasm_text(void **state)
{
    (void)state;
    expect_disasm(0x00150513, 0, "addi a0, a0, 1");
    expect_disasm(0x0505, 0, "c.addi a0, 1");
    expect_disasm(0x00c58533, 0, "add a0, a1, a2");
    expect_disasm(0x80013503, 0, "ld a0, -2048(sp)");
    expect_disasm(0x80a13023, 0, "sd a0, -2048(sp)");
    expect_disasm(0xfff00513, 0, "addi a0, zero, -1");
    expect_disasm(0x00000013, 0, "addi zero, zero, 0");
    expect_disasm(0xfffff537, 0, "lui a0, 0xfffff");
    expect_disasm(0x00001517, 0, "auipc a0, 0x1");
    expect_disasm(0x0080006f, 0x80000000, "jal zero, 0x80000008");
    expect_disasm(0x801ff0ef, 0x80001000, "jal ra, 0x80000800");
    expect_disasm(0x00b50463, 0x80000000, "beq a0, a1, 0x80000008");
    expect_disasm(0xfeb51ee3, 0x80000010, "bne a0, a1, 0x8000000c");
    expect_disasm(0x03f51513, 0, "slli a0, a0, 63");
    expect_disasm(0x34059573, 0, "csrrw a0, mscratch, a1");
    expect_disasm(0x7ff02573, 0, "csrrs a0, 0x7ff, zero");
    expect_disasm(0x3052d073, 0, "csrrwi zero, mtvec, 5");
    expect_disasm(0x00c5a52f, 0, "amoadd.w a0, a2, (a1)");
    expect_disasm(0x04c5b52f, 0, "amoadd.d.aq a0, a2, (a1)");
    expect_disasm(0x1005a52f, 0, "lr.w a0, (a1)");
    expect_disasm(0x0330000f, 0, "fence rw, rw");
    expect_disasm(0x0ff0000f, 0, "fence iorw, iorw");
    expect_disasm(0x00000073, 0, "ecall");
    expect_disasm(0x30200073, 0, "mret");
    expect_disasm(0x0000100f, 0, "fence.i");
    expect_disasm(0x9002, 0, "c.ebreak");
    expect_disasm(0x852e, 0, "c.mv a0, a1");
    expect_disasm(0xffaa, 0, "c.sdsp a0, 504(sp)");
    expect_disasm(0x557e, 0, "c.lwsp a0, 252(sp)");
    expect_disasm(0xcd7d, 0x80000000, "c.beqz a0, 0x800000fe");
    expect_disasm(0xffffffff, 0, "illegal 0xffffffff");
    expect_disasm(0x0000, 0, "illegal 0x0000");
    expect_disasm(0x9c41, 0, "illegal 0x9c41");
    /* a compressed word with junk in the upper half prints the low half only */
    expect_disasm(0x12340505, 0, "c.addi a0, 1");
}

static void disasm_robust(uint32_t w)
{
    char buf[128];
    memset(buf, 0x7f, sizeof buf);
    int len = disasm_insn(w, 0x80000000u, buf, sizeof buf);
    assert_true(len == 2 || len == 4);
    assert_int_equal(len, (w & 3) == 3 ? 4 : 2);
    assert_non_null(memchr(buf, '\0', sizeof buf));
    assert_true(buf[0] != '\0');
    /* a tiny buffer is truncated, never overrun */
    char small[6];
    memset(small, 0x7f, sizeof small);
    disasm_insn(w, 0, small, 4);
    assert_int_equal(small[4], 0x7f);
    assert_int_equal(small[5], 0x7f);
    assert_non_null(memchr(small, '\0', 4));
}

static void test_disasm_everything(void **state)
{
    (void)state;
    /* every opcode, by its match word and with all don't-care bits set */
    for (unsigned op = 1; op < OP_COUNT_; op++) {
        disasm_robust(insn_info[op].match);
        disasm_robust(insn_info[op].match | ~insn_info[op].mask);
        char buf[96];
        disasm_insn(insn_info[op].match, 0, buf, sizeof buf);
        /* the mnemonic leads the text */
        assert_int_equal(strncmp(buf, insn_info[op].name, strlen(insn_info[op].name)), 0);
    }
    for (uint32_t w = 0; w < 65536; w++)
        if ((w & 3) != 3)
            disasm_robust(w);
    for (unsigned i = 0; i < 200000; i++)
        disasm_robust((uint32_t)(rng() >> 13) | 3);
    /* size 0: nothing written */
    char c = 0x7f;
    assert_int_equal(disasm_insn(0x00150513, 0, &c, 0), 4);
    assert_int_equal(c, 0x7f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_vectors_32),
        cmocka_unit_test(test_rd_zero_sink),
        cmocka_unit_test(test_every_opcode_decodes),
        cmocka_unit_test(test_bucket_table),
        cmocka_unit_test(test_rvc_expansions),
        cmocka_unit_test(test_rvc_edge_immediates),
        cmocka_unit_test(test_illegal_rvc),
        cmocka_unit_test(test_illegal_32),
        cmocka_unit_test(test_fast_vs_slow_16),
        cmocka_unit_test(test_fast_vs_slow_32_random),
        cmocka_unit_test(test_fast_vs_slow_32_sweep),
        cmocka_unit_test(test_disasm_text),
        cmocka_unit_test(test_disasm_everything),
    };
    return cmocka_run_group_tests_name("decoder", tests, group_setup, group_teardown);
}
