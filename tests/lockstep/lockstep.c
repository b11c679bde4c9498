/*
 * Lockstep test: run one guest program on machines with different dispatch
 * strategies, one instruction at a time, and compare after every step the
 * pc, every integer register, the stop reason and the memory the step wrote
 * (store and AMO targets, found with libvsim's own decoder), plus all of RAM
 * every few thousand steps and at the end. The first difference fails the
 * test with the step, the pc and a disassembly.
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
    if (fmt != FMT_S && fmt != FMT_AMO)
        return 0;
    uint64_t base;
    vsim_get_reg(m, d.rs1, &base);
    *addr = base + (fmt == FMT_S ? (uint64_t)(int64_t)d.imm : 0);
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

static int compare_pair(const char *elf, vsim_dispatch da, vsim_dispatch db, uint64_t max_steps)
{
    vsim_machine *a = make(da, elf), *b = make(db, elf);
    const char *an = vsim_dispatch_name(da), *bn = vsim_dispatch_name(db);
    static uint8_t ram_a[RAM_SIZE], ram_b[RAM_SIZE];
    int bad = 0;
    uint64_t step;
    for (step = 1; step <= max_steps && !bad; step++) {
        uint64_t pc = vsim_get_pc(a), target = 0;
        int stores = store_target(a, pc, &target);
        vsim_stop sa, sb;
        vsim_step(a, &sa);
        vsim_step(b, &sb);
        if (sa.reason != sb.reason || sa.exit_code != sb.exit_code) {
            bad = fail("stop reasons differ", step, a, an, bn, pc);
            break;
        }
        if (vsim_get_pc(a) != vsim_get_pc(b)) {
            fprintf(stderr, "pc 0x%" PRIx64 " vs 0x%" PRIx64 "\n", vsim_get_pc(a), vsim_get_pc(b));
            bad = fail("pc differs", step, a, an, bn, pc);
            break;
        }
        uint64_t ra[32], rb[32];
        vsim_get_regs(a, ra);
        vsim_get_regs(b, rb);
        for (unsigned r = 1; r < 32; r++) {
            if (ra[r] != rb[r]) {
                fprintf(stderr, "x%u = 0x%" PRIx64 " vs 0x%" PRIx64 "\n", r, ra[r], rb[r]);
                bad = fail("registers differ", step, a, an, bn, pc);
                break;
            }
        }
        if (vsim_insn_count(a) != vsim_insn_count(b))
            bad = fail("retired instruction counts differ", step, a, an, bn, pc);
        uint64_t wa = 0, wb = 0;
        if (stores && vsim_read_phys(a, target & ~7ull, &wa, 8) == VSIM_OK &&
            (vsim_read_phys(b, target & ~7ull, &wb, 8) != VSIM_OK || wa != wb))
            bad = fail("stored memory differs", step, a, an, bn, pc);
        int done = sa.reason != VSIM_STOP_STEP;
        if (!bad && (done || step % FULL_COMPARE_EVERY == 0)) {
            vsim_read_phys(a, RAM_BASE, ram_a, RAM_SIZE);
            vsim_read_phys(b, RAM_BASE, ram_b, RAM_SIZE);
            if (memcmp(ram_a, ram_b, RAM_SIZE) != 0)
                bad = fail("RAM differs", step, a, an, bn, pc);
        }
        if (done) {
            if (sa.reason != VSIM_STOP_POWEROFF || sa.exit_code != 0) {
                fprintf(stderr, "lockstep: %s stopped: %s (exit %d)\n", elf, vsim_stop_reason_name(sa.reason),
                        sa.exit_code);
                bad = 1;
            }
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

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: lockstep PROGRAM.elf [max-steps]\n");
        return 2;
    }
    uint64_t max_steps = argc > 2 ? strtoull(argv[2], NULL, 0) : 20000000;
    decoder_init(&dec);
    int bad = 0;
    for (int d = VSIM_DISPATCH_INDIRECT; d < VSIM_DISPATCH_COUNT_; d++)
        bad |= compare_pair(argv[1], VSIM_DISPATCH_SWITCH, (vsim_dispatch)d, max_steps);
    return bad;
}
