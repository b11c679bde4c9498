/*
 * Decoded instructions: the opcode enum, operand formats and the decoder,
 * all generated from insn.def / rvc.def.
 */
#ifndef VSIM_CPU_INSN_H
#define VSIM_CPU_INSN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Operand formats of 32-bit instructions: which fields an instruction has. */
enum insn_format {
    FMT_NONE,   /* no operands (ecall, mret, fence.i) */
    FMT_R,      /* rd, rs1, rs2 */
    FMT_I,      /* rd, rs1, imm[11:0] */
    FMT_LOAD,   /* rd, imm(rs1) */
    FMT_S,      /* rs2, imm(rs1) */
    FMT_B,      /* rs1, rs2, pc-relative imm */
    FMT_U,      /* rd, imm[31:12] << 12 */
    FMT_J,      /* rd, pc-relative imm */
    FMT_SH6,    /* rd, rs1, shamt[5:0] */
    FMT_SH5,    /* rd, rs1, shamt[4:0] */
    FMT_CSR,    /* rd, csr (imm), rs1 */
    FMT_CSRI,   /* rd, csr (imm), uimm[4:0] (in rs1) */
    FMT_AMO,    /* rd, rs2, (rs1); imm = aq/rl bits */
    FMT_LR,     /* rd, (rs1); imm = aq/rl bits */
    FMT_FENCE,  /* imm = fm:pred:succ */
    FMT_SFENCE, /* rs1 (address), rs2 (ASID) */
    /* F and D: "f" operands are floating-point registers, "x" integer ones */
    FMT_FLOAD,  /* fd, imm(rs1) */
    FMT_FSTORE, /* fs2, imm(rs1) */
    FMT_R4,     /* fd, fs1, fs2, fs3; imm = fs3 | rm << 5 */
    FMT_FR_RM,  /* fd, fs1, fs2; imm = rm */
    FMT_FR1_RM, /* fd, fs1; imm = rm */
    FMT_FR,     /* fd, fs1, fs2 */
    FMT_FCMP,   /* xd, fs1, fs2 */
    FMT_F2I_RM, /* xd, fs1; imm = rm */
    FMT_I2F_RM, /* fd, xs1; imm = rm */
    FMT_F2I,    /* xd, fs1 */
    FMT_I2F,    /* fd, xs1 */
};

/* Formats of compressed instructions: how to get the expansion's operands. */
enum rvc_format {
    CF_NONE, CF_ADDI4SPN, CF_LW, CF_LD, CF_SW, CF_SD, CF_ADDI, CF_ADDIW, CF_LI,
    CF_ADDI16SP, CF_LUI, CF_SHIFTR, CF_ANDI, CF_ARITH, CF_J, CF_BRANCH, CF_SLLI,
    CF_LWSP, CF_LDSP, CF_JALR, CF_ADD, CF_JR, CF_MV, CF_SWSP, CF_SDSP, CF_FLDSP,
};

enum insn_flags {
    F_CTRL = 1 << 0,
    F_SYS = 1 << 1,
};

/* Opcode ids: OP_illegal first, then one per insn.def entry. */
enum insn_op {
    OP_illegal,
#define INSN(id, name, mask, match, fmt, flags) OP_##id,
#include "insn.def"
#undef INSN
    OP_COUNT_
};

/* Register index that integer writes to x0 are redirected to, so that no
 * semantic body needs an `if (rd != 0)`: x[XZERO] is a write-only sink. */
#define XZERO 32

/*
 * One decoded instruction: 16 bytes. The first word is the opcode for the
 * switch and indirect dispatchers and the handler's address for the direct
 * threaded one, which keeps arrays of these per guest page.
 */
typedef struct insn {
    union {
        uintptr_t op;
        const void *handler;
    };
    /* In the direct dispatcher's records of same-page jal/branches whose
     * successors are decoded ("resolved", pd_resolve_branch), imm becomes
     * the byte offset from this record to the target's (rel) and the
     * number of instructions of the run that starts there (taken_run); a
     * branch's rd, which it does not have, holds the same for the
     * instruction after it (ft_run). */
    union {
        int32_t imm;
        struct {
            int16_t rel;
            uint16_t taken_run;
        };
    };
    union {
        uint8_t rd;
        uint8_t ft_run;
    };
    uint8_t rs1, rs2;
    /* 2 or 4. In the direct dispatcher's records, whose handler variant
     * fixes the length, the byte holds the run length instead (see
     * predecode.h; 0: look it up in the page's run_len[]). */
    union {
        uint8_t len;
        uint8_t run;
    };
} insn_t;

_Static_assert(sizeof(insn_t) == 16, "predecoded records must stay 16 bytes");

/* Static facts about each opcode, indexed by enum insn_op. */
struct insn_info {
    const char *name;
    uint32_t mask, match;
    uint8_t format;
    uint8_t flags;
};
extern const struct insn_info insn_info[OP_COUNT_];

/*
 * A decoder: lookup structures built from the tables. Built once per
 * machine (no global mutable state); read-only afterwards.
 */
struct decoder {
    /* 32-bit: candidates bucketed by opcode[6:2] and funct3. */
    uint16_t bucket_start[257];
    uint8_t bucket_ops[1024];
    /* 16-bit: every compressed word pre-expanded; len 2, op OP_illegal if reserved. */
    insn_t rvc[65536];
};

void decoder_init(struct decoder *d);

/* Decode a 32-bit instruction word (low two bits 11). */
void decode32(const struct decoder *d, uint32_t w, insn_t *out);

/* Decode any instruction word: compressed if the low bits are not 11. */
static inline void decode(const struct decoder *d, uint32_t w, insn_t *out)
{
    if ((w & 3) != 3)
        *out = d->rvc[w & 0xffff];
    else
        decode32(d, w, out);
}

/*
 * Table-scanning forms that need no decoder (for the disassembler and for
 * building a decoder): expand a compressed word, returning the index of the
 * rvc.def entry it matched or -1 if it is illegal/reserved; decode any word.
 */
int rvc_expand(uint16_t w, insn_t *out);
void decode_slow(uint32_t w, insn_t *out);
/* Per rvc.def entry: its mnemonic, and its compressed format (enum
 * rvc_format), which says how its operands are written. */
extern const char *const rvc_names[];
extern const uint8_t rvc_formats[];

/* Length in bytes of the instruction starting with halfword w. */
static inline unsigned insn_length(uint32_t w) { return (w & 3) == 3 ? 4 : 2; }

/* Disassemble into buf (objdump-like text); returns the instruction's length. */
int disasm_insn(uint32_t w, uint64_t pc, char *buf, size_t size);

#endif
