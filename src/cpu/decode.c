/*
 * The decoder, generated from insn.def and rvc.def.
 *
 * 32-bit words: the table is bucketed by opcode[6:2] and funct3 (256 buckets
 * of at most a dozen candidates), then the candidates' mask/match decide.
 * 16-bit words: all 65536 are expanded once when a decoder is built, so a
 * compressed instruction decodes with one table load.
 */
#include "insn.h"

#include <string.h>

const struct insn_info insn_info[OP_COUNT_] = {
    [OP_illegal] = { "illegal", 0, 0, FMT_NONE, 0 },
#define INSN(id, nm, msk, mat, fmt, fl) [OP_##id] = { nm, msk, mat, fmt, fl },
#include "insn.def"
#undef INSN
};

struct rvc_entry {
    uint16_t mask, match;
    uint8_t cformat;
    uint8_t op;
};

static const struct rvc_entry rvc_table[] = {
#define RVC(nm, msk, mat, cf, base) { msk, mat, cf, OP_##base },
#include "rvc.def"
#undef RVC
};

const char *const rvc_names[] = {
#define RVC(nm, msk, mat, cf, base) nm,
#include "rvc.def"
#undef RVC
};

const uint8_t rvc_formats[] = {
#define RVC(nm, msk, mat, cf, base) cf,
#include "rvc.def"
#undef RVC
};

static inline uint32_t bits(uint32_t w, int hi, int lo)
{
    return (w >> lo) & ((1u << (hi - lo + 1)) - 1);
}

static inline int32_t sext(uint32_t v, int width)
{
    return (int32_t)(v << (32 - width)) >> (32 - width);
}

/* Does this format write an integer rd? Then rd = 0 goes to the sink. */
static bool writes_xrd(unsigned fmt)
{
    switch (fmt) {
    case FMT_R: case FMT_I: case FMT_LOAD: case FMT_U: case FMT_J:
    case FMT_SH6: case FMT_SH5: case FMT_CSR: case FMT_CSRI: case FMT_AMO: case FMT_LR:
    case FMT_FCMP: case FMT_F2I_RM: case FMT_F2I:
        return true;
    default:
        return false;
    }
}

static void finish(insn_t *out, unsigned op, unsigned len)
{
    out->op = op;
    out->len = (uint8_t)len;
    if (out->rd == 0 && writes_xrd(insn_info[op].format))
        out->rd = XZERO;
}

static void set_illegal(insn_t *out, unsigned len)
{
    memset(out, 0, sizeof *out);
    out->op = OP_illegal;
    out->len = (uint8_t)len;
}

/* Rounding modes 5 and 6 are reserved: such an encoding is illegal. */
static bool reserved_rm(uint32_t w)
{
    uint32_t rm = bits(w, 14, 12);
    return rm == 5 || rm == 6;
}

static void extract32(uint32_t w, unsigned op, insn_t *out)
{
    memset(out, 0, sizeof *out);
    out->rd = (uint8_t)bits(w, 11, 7);
    out->rs1 = (uint8_t)bits(w, 19, 15);
    out->rs2 = (uint8_t)bits(w, 24, 20);
    switch (insn_info[op].format) {
    case FMT_I:
    case FMT_LOAD:
        out->imm = (int32_t)w >> 20;
        break;
    case FMT_S:
    case FMT_FSTORE:
        out->imm = (int32_t)(((int32_t)w >> 25) * 32 + (int32_t)bits(w, 11, 7));
        break;
    case FMT_FLOAD:
        out->imm = (int32_t)w >> 20;
        break;
    case FMT_R4:
        out->imm = (int32_t)(bits(w, 31, 27) | bits(w, 14, 12) << 5);
        break;
    case FMT_FR_RM: case FMT_FR1_RM: case FMT_F2I_RM: case FMT_I2F_RM:
        out->imm = (int32_t)bits(w, 14, 12);
        break;
    case FMT_B:
        out->imm = sext(bits(w, 31, 31) << 12 | bits(w, 7, 7) << 11 | bits(w, 30, 25) << 5 |
                        bits(w, 11, 8) << 1, 13);
        break;
    case FMT_U:
        out->imm = (int32_t)(w & 0xfffff000u);
        break;
    case FMT_J:
        out->imm = sext(bits(w, 31, 31) << 20 | bits(w, 19, 12) << 12 | bits(w, 20, 20) << 11 |
                        bits(w, 30, 21) << 1, 21);
        break;
    case FMT_SH6:
        out->imm = (int32_t)bits(w, 25, 20);
        break;
    case FMT_SH5:
        out->imm = (int32_t)bits(w, 24, 20);
        break;
    case FMT_CSR:
    case FMT_CSRI:
        out->imm = (int32_t)bits(w, 31, 20);
        break;
    case FMT_AMO:
    case FMT_LR:
        out->imm = (int32_t)bits(w, 26, 25);
        break;
    case FMT_FENCE:
        out->imm = (int32_t)bits(w, 31, 20);
        break;
    default:
        break;
    }
    finish(out, op, 4);
}

static unsigned bucket_of(uint32_t w)
{
    return bits(w, 6, 2) | bits(w, 14, 12) << 5;
}

static bool has_rm(unsigned op)
{
    switch (insn_info[op].format) {
    case FMT_R4: case FMT_FR_RM: case FMT_FR1_RM: case FMT_F2I_RM: case FMT_I2F_RM: return true;
    default: return false;
    }
}

void decode32(const struct decoder *d, uint32_t w, insn_t *out)
{
    unsigned b = bucket_of(w);
    for (unsigned i = d->bucket_start[b]; i < d->bucket_start[b + 1]; i++) {
        unsigned op = d->bucket_ops[i];
        if ((w & insn_info[op].mask) == insn_info[op].match) {
            if (has_rm(op) && reserved_rm(w))
                break;
            extract32(w, op, out);
            return;
        }
    }
    set_illegal(out, 4);
}

int rvc_expand(uint16_t w, insn_t *out)
{
    const int n = (int)(sizeof rvc_table / sizeof rvc_table[0]);
    int i;
    for (i = 0; i < n; i++)
        if ((w & rvc_table[i].mask) == rvc_table[i].match)
            break;
    if (i == n) {
        set_illegal(out, 2);
        return -1;
    }
    memset(out, 0, sizeof *out);
    const uint32_t rd = bits(w, 11, 7), rs2 = bits(w, 6, 2);
    const uint8_t rdp = (uint8_t)(8 + bits(w, 4, 2)), rs1p = (uint8_t)(8 + bits(w, 9, 7));
    const int32_t simm6 = sext(bits(w, 12, 12) << 5 | bits(w, 6, 2), 6);
    bool reserved = false;

    switch (rvc_table[i].cformat) {
    case CF_ADDI4SPN:
        out->rd = rdp; out->rs1 = 2;
        out->imm = (int32_t)(bits(w, 12, 11) << 4 | bits(w, 10, 7) << 6 | bits(w, 6, 6) << 2 |
                             bits(w, 5, 5) << 3);
        reserved = out->imm == 0;
        break;
    case CF_LW:
        out->rd = rdp; out->rs1 = rs1p;
        out->imm = (int32_t)(bits(w, 12, 10) << 3 | bits(w, 6, 6) << 2 | bits(w, 5, 5) << 6);
        break;
    case CF_LD:
        out->rd = rdp; out->rs1 = rs1p;
        out->imm = (int32_t)(bits(w, 12, 10) << 3 | bits(w, 6, 5) << 6);
        break;
    case CF_SW:
        out->rs1 = rs1p; out->rs2 = rdp;
        out->imm = (int32_t)(bits(w, 12, 10) << 3 | bits(w, 6, 6) << 2 | bits(w, 5, 5) << 6);
        break;
    case CF_SD:
        out->rs1 = rs1p; out->rs2 = rdp;
        out->imm = (int32_t)(bits(w, 12, 10) << 3 | bits(w, 6, 5) << 6);
        break;
    case CF_ADDI:
    case CF_SLLI:
        out->rd = out->rs1 = (uint8_t)rd;
        out->imm = rvc_table[i].cformat == CF_ADDI ? simm6
                                                    : (int32_t)(bits(w, 12, 12) << 5 | rs2);
        break;
    case CF_ADDIW:
        out->rd = out->rs1 = (uint8_t)rd;
        out->imm = simm6;
        reserved = rd == 0;
        break;
    case CF_LI:
        out->rd = (uint8_t)rd;
        out->imm = simm6;
        break;
    case CF_ADDI16SP:
        out->rd = out->rs1 = 2;
        out->imm = sext(bits(w, 12, 12) << 9 | bits(w, 6, 6) << 4 | bits(w, 5, 5) << 6 |
                        bits(w, 4, 3) << 7 | bits(w, 2, 2) << 5, 10);
        reserved = out->imm == 0;
        break;
    case CF_LUI:
        out->rd = (uint8_t)rd;
        out->imm = sext(bits(w, 12, 12) << 17 | bits(w, 6, 2) << 12, 18);
        reserved = out->imm == 0;
        break;
    case CF_SHIFTR:
        out->rd = out->rs1 = rs1p;
        out->imm = (int32_t)(bits(w, 12, 12) << 5 | rs2);
        break;
    case CF_ANDI:
        out->rd = out->rs1 = rs1p;
        out->imm = simm6;
        break;
    case CF_ARITH:
        out->rd = out->rs1 = rs1p;
        out->rs2 = rdp;
        break;
    case CF_J:
        out->imm = sext(bits(w, 12, 12) << 11 | bits(w, 11, 11) << 4 | bits(w, 10, 9) << 8 |
                        bits(w, 8, 8) << 10 | bits(w, 7, 7) << 6 | bits(w, 6, 6) << 7 |
                        bits(w, 5, 3) << 1 | bits(w, 2, 2) << 5, 12);
        break;
    case CF_BRANCH:
        out->rs1 = rs1p;
        out->imm = sext(bits(w, 12, 12) << 8 | bits(w, 11, 10) << 3 | bits(w, 6, 5) << 6 |
                        bits(w, 4, 3) << 1 | bits(w, 2, 2) << 5, 9);
        break;
    case CF_LWSP:
        out->rd = (uint8_t)rd; out->rs1 = 2;
        out->imm = (int32_t)(bits(w, 12, 12) << 5 | bits(w, 6, 4) << 2 | bits(w, 3, 2) << 6);
        reserved = rd == 0;
        break;
    case CF_LDSP:
    case CF_FLDSP: /* f0 is a fine destination: only c.ldsp reserves rd = 0 */
        out->rd = (uint8_t)rd; out->rs1 = 2;
        out->imm = (int32_t)(bits(w, 12, 12) << 5 | bits(w, 6, 5) << 3 | bits(w, 4, 2) << 6);
        reserved = rd == 0 && rvc_table[i].cformat == CF_LDSP;
        break;
    case CF_JALR:
        out->rd = 1; out->rs1 = (uint8_t)rd;
        break;
    case CF_JR:
        out->rs1 = (uint8_t)rd;
        reserved = rd == 0;
        break;
    case CF_ADD:
        out->rd = out->rs1 = (uint8_t)rd;
        out->rs2 = (uint8_t)rs2;
        break;
    case CF_MV:
        out->rd = (uint8_t)rd;
        out->rs2 = (uint8_t)rs2;
        break;
    case CF_SWSP:
        out->rs1 = 2; out->rs2 = (uint8_t)rs2;
        out->imm = (int32_t)(bits(w, 12, 9) << 2 | bits(w, 8, 7) << 6);
        break;
    case CF_SDSP:
        out->rs1 = 2; out->rs2 = (uint8_t)rs2;
        out->imm = (int32_t)(bits(w, 12, 10) << 3 | bits(w, 9, 7) << 6);
        break;
    case CF_NONE:
    default:
        break;
    }
    if (reserved) {
        set_illegal(out, 2);
        return -1;
    }
    finish(out, rvc_table[i].op, 2);
    return i;
}

void decode_slow(uint32_t w, insn_t *out)
{
    if ((w & 3) != 3) {
        rvc_expand((uint16_t)w, out);
        return;
    }
    for (unsigned op = 1; op < OP_COUNT_; op++) {
        if ((w & insn_info[op].mask) == insn_info[op].match) {
            if (has_rm(op) && reserved_rm(w))
                break;
            extract32(w, op, out);
            return;
        }
    }
    set_illegal(out, 4);
}

void decoder_init(struct decoder *d)
{
    /* Place each opcode in every bucket its match is consistent with. */
    unsigned n = 0;
    for (unsigned b = 0; b < 256; b++) {
        d->bucket_start[b] = (uint16_t)n;
        uint32_t w = (b & 31) << 2 | 3 | (b >> 5) << 12;
        for (unsigned op = 1; op < OP_COUNT_; op++) {
            const struct insn_info *ii = &insn_info[op];
            if (((w ^ ii->match) & ii->mask & 0x707f) == 0 && n < sizeof d->bucket_ops)
                d->bucket_ops[n++] = (uint8_t)op;
        }
    }
    d->bucket_start[256] = (uint16_t)n;
    _Static_assert(OP_COUNT_ <= 256, "bucket_ops holds opcodes in a byte");

    for (uint32_t w = 0; w < 65536; w++) {
        if ((w & 3) == 3)
            set_illegal(&d->rvc[w], 4); /* never consulted: 32-bit */
        else
            rvc_expand((uint16_t)w, &d->rvc[w]);
    }
}
