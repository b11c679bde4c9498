/*
 * Lockstep test: run one guest program on machines with different dispatch
 * strategies and compare them, twice over:
 *
 *  - stepped: one instruction at a time, comparing after every step the pc,
 *    every integer and FP register, fcsr, the retired-instruction count, the
 *    stop reason and the memory the step wrote (store and AMO targets, found
 *    with libvsim's own decoder), plus all of RAM every few thousand steps
 *    and at the end;
 *  - in chunks: vsim_run() with budgets of pseudo-random length (1 to a few
 *    thousand instructions), comparing the same state after each. Single
 *    steps mostly take a dispatcher's exact, one-at-a-time path (the direct
 *    one hands them to the indirect one); chunks run each at full speed, with
 *    budgets that end anywhere inside its straight-line runs.
 *
 * The first difference fails the test with the step, the pc and a
 * disassembly.
 *
 * usage: lockstep PROGRAM.elf [max-steps]
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cpu/insn.h"
#include "vsim/vsim.h"

#define RAM_SIZE (8ull << 20)
#define RAM_BASE 0x80000000ull
#define FULL_COMPARE_EVERY 65536
#define CSR_FCSR 0x003

static vsim_machine *make(vsim_dispatch d, const char *elf)
{
    vsim_config cfg;
    vsim_config_init(&cfg);
    cfg.dispatch = d;
    cfg.ram_size = RAM_SIZE;
    cfg.clock = VSIM_CLOCK_INSNS; /* time must not differ between the two */
    vsim_machine *m;
    if (vsim_create(&cfg, &m) != VSIM_OK) {
        fprintf(stderr, "lockstep: cannot create a %s machine\n", vsim_dispatch_name(d));
        exit(2);
    }
    if (vsim_load_elf(m, elf) != VSIM_OK) {
        fprintf(stderr, "lockstep: %s\n", vsim_last_error(m));
        exit(2);
    }
    return m;
}

static struct decoder dec; /* libvsim's own decoder, built from the same table */

/* Where the instruction at pc will write, if it is a store or an AMO. */
static int store_target(vsim_machine *m, uint64_t pc, uint64_t *addr)
{
    uint32_t w = 0;
    if (vsim_read_phys(m, pc, &w, 4) != VSIM_OK && vsim_read_phys(m, pc, &w, 2) != VSIM_OK)
        return 0;
    insn_t d;
    decode(&dec, w, &d);
    unsigned fmt = insn_info[d.op].format;
    if (fmt != FMT_S && fmt != FMT_FSTORE && fmt != FMT_AMO)
        return 0;
    uint64_t base;
    vsim_get_reg(m, d.rs1, &base);
    *addr = base + (fmt == FMT_AMO ? 0 : (uint64_t)(int64_t)d.imm);
    return 1;
}

static int fail(const char *what, uint64_t step, vsim_machine *a, const char *an, const char *bn,
                uint64_t pc_before)
{
    uint32_t w = 0;
    char text[96] = "?";
    if (vsim_read_phys(a, pc_before, &w, 4) == VSIM_OK || vsim_read_phys(a, pc_before, &w, 2) == VSIM_OK)
        vsim_disasm(w, pc_before, text, sizeof text);
    fprintf(stderr, "lockstep %s vs %s: %s after step %" PRIu64 " (instruction at 0x%" PRIx64 ": %s)\n", an, bn,
            what, step, pc_before, text);
    return 1;
}

/* What must be equal after every step or chunk: the stop, the pc, the
 * integer and FP registers, fcsr and the retired-instruction count. Returns
 * what differs (printing the values), or NULL. */
static const char *state_differs(vsim_machine *a, vsim_machine *b, const vsim_stop *sa, const vsim_stop *sb)
{
    if (sa->reason != sb->reason || sa->exit_code != sb->exit_code) {
        fprintf(stderr, "stop %s (exit %d) vs %s (exit %d)\n", vsim_stop_reason_name(sa->reason), sa->exit_code,
                vsim_stop_reason_name(sb->reason), sb->exit_code);
        return "stop reasons differ";
    }
    if (vsim_get_pc(a) != vsim_get_pc(b)) {
        fprintf(stderr, "pc 0x%" PRIx64 " vs 0x%" PRIx64 "\n", vsim_get_pc(a), vsim_get_pc(b));
        return "pc differs";
    }
    uint64_t ra[32], rb[32];
    vsim_get_regs(a, ra);
    vsim_get_regs(b, rb);
    for (unsigned r = 1; r < 32; r++) {
        if (ra[r] != rb[r]) {
            fprintf(stderr, "x%u = 0x%" PRIx64 " vs 0x%" PRIx64 "\n", r, ra[r], rb[r]);
            return "registers differ";
        }
    }
    for (unsigned r = 0; r < 32; r++) {
        uint64_t fa = 0, fb = 0;
        vsim_get_freg(a, r, &fa);
        vsim_get_freg(b, r, &fb);
        if (fa != fb) {
            fprintf(stderr, "f%u = 0x%016" PRIx64 " vs 0x%016" PRIx64 "\n", r, fa, fb);
            return "FP registers differ";
        }
    }
    /* fcsr reads fail alike in both while mstatus.FS is Off */
    uint64_t ca = 0, cb = 0;
    vsim_status s1 = vsim_get_csr(a, CSR_FCSR, &ca), s2 = vsim_get_csr(b, CSR_FCSR, &cb);
    if (s1 != s2 || ca != cb) {
        fprintf(stderr, "fcsr 0x%" PRIx64 " vs 0x%" PRIx64 "\n", ca, cb);
        return "fcsr differs";
    }
    if (vsim_insn_count(a) != vsim_insn_count(b)) {
        fprintf(stderr, "%" PRIu64 " vs %" PRIu64 " instructions\n", vsim_insn_count(a), vsim_insn_count(b));
        return "retired instruction counts differ";
    }
    return NULL;
}

static int ram_differs(vsim_machine *a, vsim_machine *b)
{
    static uint8_t ram_a[RAM_SIZE], ram_b[RAM_SIZE];
    vsim_read_phys(a, RAM_BASE, ram_a, RAM_SIZE);
    vsim_read_phys(b, RAM_BASE, ram_b, RAM_SIZE);
    return memcmp(ram_a, ram_b, RAM_SIZE) != 0;
}

/* The end of a run: the program must have powered off with status 0. */
static int finished_well(const char *elf, const vsim_stop *s)
{
    if (s->reason == VSIM_STOP_POWEROFF && s->exit_code == 0)
        return 1;
    fprintf(stderr, "lockstep: %s stopped: %s (exit %d)\n", elf, vsim_stop_reason_name(s->reason), s->exit_code);
    return 0;
}

static int compare_steps(const char *elf, vsim_dispatch da, vsim_dispatch db, uint64_t max_steps)
{
    vsim_machine *a = make(da, elf), *b = make(db, elf);
    const char *an = vsim_dispatch_name(da), *bn = vsim_dispatch_name(db);
    int bad = 0;
    uint64_t step;
    for (step = 1; step <= max_steps && !bad; step++) {
        uint64_t pc = vsim_get_pc(a), target = 0;
        int stores = store_target(a, pc, &target);
        vsim_stop sa, sb;
        vsim_step(a, &sa);
        vsim_step(b, &sb);
        const char *what = state_differs(a, b, &sa, &sb);
        if (what) {
            bad = fail(what, step, a, an, bn, pc);
            break;
        }
        uint64_t wa = 0, wb = 0;
        if (stores && vsim_read_phys(a, target & ~7ull, &wa, 8) == VSIM_OK &&
            (vsim_read_phys(b, target & ~7ull, &wb, 8) != VSIM_OK || wa != wb))
            bad = fail("stored memory differs", step, a, an, bn, pc);
        int done = sa.reason != VSIM_STOP_STEP;
        if (!bad && (done || step % FULL_COMPARE_EVERY == 0) && ram_differs(a, b))
            bad = fail("RAM differs", step, a, an, bn, pc);
        if (done) {
            bad |= !finished_well(elf, &sa);
            break;
        }
    }
    if (!bad && step > max_steps) {
        fprintf(stderr, "lockstep: %s did not finish in %" PRIu64 " steps\n", elf, max_steps);
        bad = 1;
    }
    if (!bad)
        printf("lockstep %s vs %s: %" PRIu64 " steps identical\n", an, bn, vsim_insn_count(a));
    vsim_destroy(a);
    vsim_destroy(b);
    return bad;
}

/* Chunk lengths: mostly short (budgets ending inside runs, next to traps),
 * now and then up to 4096; a fixed seed, so a failure repeats. */
static uint64_t next_chunk(uint64_t *seed)
{
    *seed ^= *seed << 13;
    *seed ^= *seed >> 7;
    *seed ^= *seed << 17;
    return 1 + (*seed >> 20) % (2ull << ((*seed >> 8) % 12));
}

static int compare_chunks(const char *elf, vsim_dispatch da, vsim_dispatch db, uint64_t max_insns)
{
    vsim_machine *a = make(da, elf), *b = make(db, elf);
    const char *an = vsim_dispatch_name(da), *bn = vsim_dispatch_name(db);
    uint64_t seed = 0x9e3779b97f4a7c15ull, chunks = 0;
    int bad = 0;
    while (!bad) {
        uint64_t pc = vsim_get_pc(a), n = next_chunk(&seed);
        vsim_stop sa, sb;
        vsim_run(a, n, &sa);
        vsim_run(b, n, &sb);
        chunks++;
        const char *what = state_differs(a, b, &sa, &sb);
        int done = sa.reason != VSIM_STOP_INSN_LIMIT;
        if (!what && (done || chunks % 64 == 0) && ram_differs(a, b))
            what = "RAM differs";
        if (what) {
            fprintf(stderr, "(a chunk of %" PRIu64 " instructions from 0x%" PRIx64 ", at instruction %" PRIu64
                            ")\n", n, pc, vsim_insn_count(a));
            bad = fail(what, chunks, a, an, bn, pc);
        } else if (done) {
            bad = !finished_well(elf, &sa);
            break;
        } else if (vsim_insn_count(a) > max_insns) {
            fprintf(stderr, "lockstep: %s did not finish in %" PRIu64 " instructions\n", elf, max_insns);
            bad = 1;
        }
    }
    if (!bad)
        printf("lockstep %s vs %s: %" PRIu64 " chunks identical\n", an, bn, chunks);
    vsim_destroy(a);
    vsim_destroy(b);
    return bad;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: lockstep PROGRAM.elf [max-steps]\n");
        return 2;
    }
    uint64_t max_steps = argc > 2 ? strtoull(argv[2], NULL, 0) : 20000000;
    decoder_init(&dec);
    int bad = 0;
    for (int d = VSIM_DISPATCH_INDIRECT; d < VSIM_DISPATCH_COUNT_; d++) {
        bad |= compare_steps(argv[1], VSIM_DISPATCH_SWITCH, (vsim_dispatch)d, max_steps);
        bad |= compare_chunks(argv[1], VSIM_DISPATCH_SWITCH, (vsim_dispatch)d, max_steps);
    }
    return bad;
}
