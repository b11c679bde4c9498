/*
 * The disassembler: operands printed by the format recorded for each
 * opcode in insn.def, so it knows every instruction the decoder knows.
 * Compressed instructions print as the assembler writes them, under their
 * own name with their own operands ("c.addi a0, 1", "c.jr ra"), which are
 * those of the expansion less the implied ones.
 */
#include <inttypes.h>
#include <stdio.h>

#include "cpu.h"

static const char *const xreg[33] = {
    "zero", "ra", "sp", "gp", "tp", "t0", "t1", "t2", "s0", "s1", "a0", "a1", "a2", "a3", "a4", "a5",
    "a6", "a7", "s2", "s3", "s4", "s5", "s6", "s7", "s8", "s9", "s10", "s11", "t3", "t4", "t5", "t6",
    "zero", /* XZERO: the x0 sink */
};

/* aq/rl suffixes as the assembler spells them */
static const char *const ordering[4] = { "", ".rl", ".aq", ".aqrl" };

static const char *const freg[32] = {
    "ft0", "ft1", "ft2", "ft3", "ft4", "ft5", "ft6", "ft7", "fs0", "fs1", "fa0", "fa1", "fa2", "fa3", "fa4", "fa5",
    "fa6", "fa7", "fs2", "fs3", "fs4", "fs5", "fs6", "fs7", "fs8", "fs9", "fs10", "fs11", "ft8", "ft9", "ft10", "ft11",
};
static const char *const rm_name[8] = { "rne", "rtz", "rdn", "rup", "rmm", "?", "?", "dyn" };

static void csr_text(unsigned csr, char *buf, size_t size)
{
    const char *name = csr_name(csr);
    if (name)
        snprintf(buf, size, "%s", name);
    else
        snprintf(buf, size, "0x%03x", csr);
}

int disasm_insn(uint32_t w, uint64_t pc, char *buf, size_t size)
{
    insn_t d;
    decode_slow(w, &d);
    unsigned len = insn_length(w);
    const char *name = insn_info[d.op].name;
    int entry = -1;
    if (len == 2) {
        w &= 0xffff;
        entry = rvc_expand((uint16_t)w, &d);
        if (entry >= 0)
            name = rvc_names[entry];
    }
    if (d.op == OP_illegal) {
        snprintf(buf, size, len == 2 ? "illegal 0x%04" PRIx32 : "illegal 0x%08" PRIx32, w);
        return (int)len;
    }
    const char *rd = xreg[d.rd], *rs1 = xreg[d.rs1 & 31], *rs2 = xreg[d.rs2 & 31];
    if (entry >= 0) {
        /* The forms whose operands are fewer than the expansion's; the
         * others (loads, stores, c.addi4spn, c.lui, c.ebreak) are written
         * like their expansion. */
        uint64_t target = pc + (uint64_t)(int64_t)d.imm;
        switch (rvc_formats[entry]) {
        case CF_ADDI:
            if (d.rd == XZERO && d.imm == 0) {
                snprintf(buf, size, "c.nop");
                return (int)len;
            }
            /* fall through */
        case CF_ADDIW: case CF_LI: case CF_ADDI16SP: case CF_SHIFTR: case CF_ANDI: case CF_SLLI:
            snprintf(buf, size, "%s %s, %" PRId32, name, rd, d.imm);
            return (int)len;
        case CF_ARITH: case CF_ADD: case CF_MV:
            snprintf(buf, size, "%s %s, %s", name, rd, rs2);
            return (int)len;
        case CF_J: snprintf(buf, size, "%s 0x%" PRIx64, name, target); return (int)len;
        case CF_BRANCH: snprintf(buf, size, "%s %s, 0x%" PRIx64, name, rs1, target); return (int)len;
        case CF_JALR: case CF_JR: snprintf(buf, size, "%s %s", name, rs1); return (int)len;
        default: break;
        }
    }
    char csr[16];
    switch (insn_info[d.op].format) {
    case FMT_R: snprintf(buf, size, "%s %s, %s, %s", name, rd, rs1, rs2); break;
    case FMT_I: case FMT_SH5: case FMT_SH6:
        snprintf(buf, size, "%s %s, %s, %" PRId32, name, rd, rs1, d.imm);
        break;
    case FMT_LOAD: snprintf(buf, size, "%s %s, %" PRId32 "(%s)", name, rd, d.imm, rs1); break;
    case FMT_S: snprintf(buf, size, "%s %s, %" PRId32 "(%s)", name, rs2, d.imm, rs1); break;
    case FMT_B:
        snprintf(buf, size, "%s %s, %s, 0x%" PRIx64, name, rs1, rs2, pc + (uint64_t)(int64_t)d.imm);
        break;
    case FMT_U:
        snprintf(buf, size, "%s %s, 0x%" PRIx32, name, rd, ((uint32_t)d.imm >> 12) & 0xfffff);
        break;
    case FMT_J: snprintf(buf, size, "%s %s, 0x%" PRIx64, name, rd, pc + (uint64_t)(int64_t)d.imm); break;
    case FMT_CSR:
        csr_text((unsigned)d.imm, csr, sizeof csr);
        snprintf(buf, size, "%s %s, %s, %s", name, rd, csr, rs1);
        break;
    case FMT_CSRI:
        csr_text((unsigned)d.imm, csr, sizeof csr);
        snprintf(buf, size, "%s %s, %s, %u", name, rd, csr, d.rs1);
        break;
    case FMT_AMO:
        snprintf(buf, size, "%s%s %s, %s, (%s)", name, ordering[d.imm & 3], rd, rs2, rs1);
        break;
    case FMT_LR:
        snprintf(buf, size, "%s%s %s, (%s)", name, ordering[d.imm & 3], rd, rs1);
        break;
    case FMT_FENCE: {
        if (d.imm == 0x833) { /* fm=1000 pred=rw succ=rw */
            snprintf(buf, size, "fence.tso");
            break;
        }
        static const char bitsname[] = "iorw";
        char pred[5] = "", succ[5] = "";
        for (int i = 0, p = 0, s = 0; i < 4; i++) {
            if (d.imm & (0x80 >> i))
                pred[p++] = bitsname[i];
            if (d.imm & (0x8 >> i))
                succ[s++] = bitsname[i];
        }
        snprintf(buf, size, "%s %s, %s", name, pred, succ);
        break;
    }
    case FMT_SFENCE: snprintf(buf, size, "%s %s, %s", name, rs1, rs2); break;
    case FMT_FLOAD: snprintf(buf, size, "%s %s, %" PRId32 "(%s)", name, freg[d.rd & 31], d.imm, rs1); break;
    case FMT_FSTORE: snprintf(buf, size, "%s %s, %" PRId32 "(%s)", name, freg[d.rs2 & 31], d.imm, rs1); break;
    case FMT_R4:
        snprintf(buf, size, "%s %s, %s, %s, %s, %s", name, freg[d.rd & 31], freg[d.rs1 & 31], freg[d.rs2 & 31],
                 freg[d.imm & 31], rm_name[(d.imm >> 5) & 7]);
        break;
    case FMT_FR_RM:
        snprintf(buf, size, "%s %s, %s, %s, %s", name, freg[d.rd & 31], freg[d.rs1 & 31], freg[d.rs2 & 31],
                 rm_name[d.imm & 7]);
        break;
    case FMT_FR1_RM:
        snprintf(buf, size, "%s %s, %s, %s", name, freg[d.rd & 31], freg[d.rs1 & 31], rm_name[d.imm & 7]);
        break;
    case FMT_FR:
        snprintf(buf, size, "%s %s, %s, %s", name, freg[d.rd & 31], freg[d.rs1 & 31], freg[d.rs2 & 31]);
        break;
    case FMT_FCMP: snprintf(buf, size, "%s %s, %s, %s", name, rd, freg[d.rs1 & 31], freg[d.rs2 & 31]); break;
    case FMT_F2I_RM: snprintf(buf, size, "%s %s, %s, %s", name, rd, freg[d.rs1 & 31], rm_name[d.imm & 7]); break;
    case FMT_I2F_RM: snprintf(buf, size, "%s %s, %s, %s", name, freg[d.rd & 31], rs1, rm_name[d.imm & 7]); break;
    case FMT_F2I: snprintf(buf, size, "%s %s, %s", name, rd, freg[d.rs1 & 31]); break;
    case FMT_I2F: snprintf(buf, size, "%s %s, %s", name, freg[d.rd & 31], rs1); break;
    case FMT_NONE:
    default: snprintf(buf, size, "%s", name); break;
    }
    return (int)len;
}
