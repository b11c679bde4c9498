/*
 * A tiny RV64 encoder for the host-side tests: enough to write small guest
 * programs as machine code in the test itself, so that the API and loader
 * tests need no cross compiler. Encodings follow the unprivileged spec's
 * base formats (R/I/S/B/U/J); they were checked against
 * riscv64-unknown-elf-as for the instructions used here (e.g.
 * addi a0,a0,1 = 0x00150513, j .-4 = 0xffdff06f, sw t1,0(t0) = 0x0062a023).
 */
#ifndef VSIM_TEST_GUEST_CODE_H
#define VSIM_TEST_GUEST_CODE_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

enum {
    R_ZERO = 0, R_RA = 1, R_SP = 2, R_T0 = 5, R_T1 = 6, R_T2 = 7,
    R_A0 = 10, R_A1 = 11, R_A2 = 12,
};

#define GUEST_RAM_BASE 0x80000000ull
#define GUEST_UART 0x10000000ull
#define GUEST_TEST_DEV 0x00100000ull

static inline uint32_t enc_i(uint32_t opc, uint32_t f3, unsigned rd, unsigned rs1, int32_t imm)
{
    return ((uint32_t)imm & 0xfff) << 20 | rs1 << 15 | f3 << 12 | rd << 7 | opc;
}
static inline uint32_t enc_s(uint32_t f3, unsigned rs1, unsigned rs2, int32_t imm)
{
    uint32_t u = (uint32_t)imm;
    return ((u >> 5) & 0x7f) << 25 | rs2 << 20 | rs1 << 15 | f3 << 12 | (u & 0x1f) << 7 | 0x23;
}
static inline uint32_t enc_b(uint32_t f3, unsigned rs1, unsigned rs2, int32_t imm)
{
    uint32_t u = (uint32_t)imm;
    return ((u >> 12) & 1) << 31 | ((u >> 5) & 0x3f) << 25 | rs2 << 20 | rs1 << 15 | f3 << 12 |
           ((u >> 1) & 0xf) << 8 | ((u >> 11) & 1) << 7 | 0x63;
}
static inline uint32_t enc_u(uint32_t opc, unsigned rd, uint32_t imm20)
{
    return (imm20 & 0xfffff) << 12 | rd << 7 | opc;
}
static inline uint32_t enc_j(unsigned rd, int32_t imm)
{
    uint32_t u = (uint32_t)imm;
    return ((u >> 20) & 1) << 31 | ((u >> 1) & 0x3ff) << 21 | ((u >> 11) & 1) << 20 | ((u >> 12) & 0xff) << 12 |
           rd << 7 | 0x6f;
}

#define ADDI(rd, rs1, imm) enc_i(0x13, 0, rd, rs1, imm)
#define LUI(rd, imm20) enc_u(0x37, rd, imm20)
#define SB(rs2, imm, rs1) enc_s(0, rs1, rs2, imm)
#define SW(rs2, imm, rs1) enc_s(2, rs1, rs2, imm)
#define SD(rs2, imm, rs1) enc_s(3, rs1, rs2, imm)
#define LD(rd, imm, rs1) enc_i(0x03, 3, rd, rs1, imm)
#define BNE(rs1, rs2, off) enc_b(1, rs1, rs2, off)
#define JAL(rd, off) enc_j(rd, off)
#define WFI 0x10500073u
#define EBREAK 0x00100073u

/* A guest program under construction. */
struct prog {
    uint32_t w[512];
    unsigned n;
};

static inline unsigned emit(struct prog *p, uint32_t w)
{
    p->w[p->n] = w;
    return p->n++;
}

/* li rd, v for 0 <= v < 2^31 (lui + addi) */
static inline void emit_li(struct prog *p, unsigned rd, uint32_t v)
{
    int32_t lo = (int32_t)(v << 20) >> 20;
    uint32_t hi = (v - (uint32_t)lo) >> 12;
    emit(p, LUI(rd, hi));
    emit(p, ADDI(rd, rd, lo));
}

/* Write the bytes of msg to the UART (t0 = UART base, t1 = byte). */
static inline void emit_puts(struct prog *p, const char *msg)
{
    emit(p, LUI(R_T0, (uint32_t)(GUEST_UART >> 12)));
    for (const char *c = msg; *c; c++) {
        emit(p, ADDI(R_T1, R_ZERO, (uint8_t)*c));
        emit(p, SB(R_T1, 0, R_T0));
    }
}

/* Power off through the SiFive test device: code 0 writes 0x5555, any other
 * code 0x3333 | code << 16. The sw is the last instruction that retires. */
static inline void emit_poweroff(struct prog *p, unsigned code)
{
    emit(p, LUI(R_T0, (uint32_t)(GUEST_TEST_DEV >> 12)));
    emit_li(p, R_T1, code == 0 ? 0x5555u : (0x3333u | code << 16));
    emit(p, SW(R_T1, 0, R_T0));
    emit(p, JAL(R_ZERO, 0)); /* not reached */
}

/*
 * Count a0 from 0 up to `count`, print msg, power off with exit_code.
 * *retired gets the number of instructions that retire up to and including
 * the powering-off store.
 */
static inline void build_counter(struct prog *p, uint32_t count, const char *msg, unsigned exit_code,
                                 uint64_t *retired)
{
    p->n = 0;
    emit(p, ADDI(R_A0, R_ZERO, 0));
    emit_li(p, R_A1, count);
    emit(p, ADDI(R_A0, R_A0, 1));    /* loop: */
    emit(p, BNE(R_A0, R_A1, -4));    /* bne a0, a1, loop */
    emit_puts(p, msg);
    emit_poweroff(p, exit_code);
    if (retired)
        *retired = (uint64_t)(p->n - 1) + 2ull * (count - 1); /* all but the final jal, loop count times */
}

#endif
