/*
 * embed: run a RISC-V program inside your own program with libvsim.
 *
 * Uses only the public API (<vsim/vsim.h>): make a machine whose console
 * output comes back through a callback, load an ELF, run it a slice of
 * instructions at a time (the host keeps control between slices: it could
 * poll a GUI, enforce a time limit, or single-step), then look at the
 * registers the program left behind.
 *
 *   embed [-n SLICE] [-d switch|indirect|direct] [-q] PROGRAM.elf
 *   embed --version
 *
 * Exits with the guest's exit status, or 2 for a usage or load error and 3
 * if the guest stopped without exiting.
 *
 * Build against an installed libvsim:
 *   cc embed.c $(pkg-config --cflags --libs vsim) -o embed
 * or with CMake: find_package(vsim) and link vsim::vsim (see CMakeLists.txt).
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <vsim/vsim.h>

/* Guest console output, kept until a whole line is there, so that our own
 * progress lines never land in the middle of one of the guest's. */
struct console {
    char line[4096];
    size_t len;
    uint64_t bytes;
};

static void console_flush(struct console *c)
{
    fwrite(c->line, 1, c->len, stdout);
    fflush(stdout);
    c->len = 0;
}

static void console_write(void *opaque, const uint8_t *buf, size_t len)
{
    struct console *c = opaque;
    c->bytes += len;
    for (size_t i = 0; i < len; i++) {
        c->line[c->len++] = (char)buf[i];
        if (buf[i] == '\n' || c->len == sizeof c->line)
            console_flush(c);
    }
}

static const char *const abi_names[32] = {
    "zero", "ra", "sp", "gp", "tp", "t0", "t1", "t2", "s0", "s1", "a0",
    "a1", "a2", "a3", "a4", "a5", "a6", "a7", "s2", "s3", "s4", "s5",
    "s6", "s7", "s8", "s9", "s10", "s11", "t3", "t4", "t5", "t6",
};

static void show_registers(vsim_machine *m)
{
    fprintf(stderr, "registers:\n");
    for (unsigned r = 0; r < 32; r++) {
        uint64_t v = 0;
        vsim_get_reg(m, r, &v);
        fprintf(stderr, "  x%-2u %-4s 0x%016" PRIx64 "%s", r, abi_names[r], v, r % 4 == 3 ? "\n" : "");
    }
    uint64_t pc = vsim_get_pc(m);
    uint32_t insn = 0;
    char text[64] = "?";
    if (vsim_read_phys(m, pc, &insn, 4) == VSIM_OK || vsim_read_phys(m, pc, &insn, 2) == VSIM_OK)
        vsim_disasm(insn, pc, text, sizeof text);
    fprintf(stderr, "  pc       0x%016" PRIx64 "  %s\n", pc, text);

    static const char *const csrs[] = { "mstatus", "mcause", "mepc", "mtval", "minstret" };
    for (size_t i = 0; i < sizeof csrs / sizeof csrs[0]; i++) {
        uint64_t v;
        int num = vsim_csr_number(csrs[i]);
        if (num >= 0 && vsim_get_csr(m, (unsigned)num, &v) == VSIM_OK)
            fprintf(stderr, "  %-8s 0x%016" PRIx64 "\n", csrs[i], v);
    }
}

static int usage(FILE *out, int status)
{
    fprintf(out, "usage: embed [-n SLICE] [-d switch|indirect|direct] [-q] PROGRAM.elf\n"
                 "       embed --version\n"
                 "  -n SLICE  instructions per vsim_run() call (default 100000)\n"
                 "  -d MODE   dispatch strategy (default switch)\n"
                 "  -q        no progress lines\n");
    return status;
}

int main(int argc, char **argv)
{
    uint64_t slice = 100000;
    int quiet = 0;
    const char *program = NULL;

    vsim_config cfg;
    vsim_config_init(&cfg);
    struct console con = { .len = 0 };
    cfg.console_write = console_write;
    cfg.console_opaque = &con;

    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--version")) {
            printf("embed: libvsim %s (built against %s)\n", vsim_version_string(), VSIM_VERSION_STRING);
            return 0;
        } else if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            return usage(stdout, 0);
        } else if (!strcmp(a, "-n") && i + 1 < argc) {
            char *end;
            slice = strtoull(argv[++i], &end, 0);
            if (*end || slice == 0)
                return usage(stderr, 2);
        } else if (!strcmp(a, "-d") && i + 1 < argc) {
            if (vsim_dispatch_parse(argv[++i], &cfg.dispatch) != VSIM_OK) {
                fprintf(stderr, "embed: unknown dispatch mode '%s'\n", argv[i]);
                return 2;
            }
        } else if (!strcmp(a, "-q")) {
            quiet = 1;
        } else if (a[0] != '-' && !program) {
            program = a;
        } else {
            return usage(stderr, 2);
        }
    }
    if (!program)
        return usage(stderr, 2);

    vsim_machine *m;
    vsim_status st = vsim_create(&cfg, &m);
    if (st != VSIM_OK) {
        fprintf(stderr, "embed: vsim_create: %s\n", vsim_strerror(st));
        return 2;
    }
    if (vsim_load_elf(m, program) != VSIM_OK) {
        fprintf(stderr, "embed: %s\n", vsim_last_error(m));
        vsim_destroy(m);
        return 2;
    }
    fprintf(stderr, "embed: libvsim %s, %s dispatch, entry 0x%" PRIx64 ", slices of %" PRIu64 " instructions\n",
            vsim_version_string(), vsim_dispatch_name(cfg.dispatch), vsim_entry(m), slice);

    /* Run a slice at a time until the guest stops for a reason other than
     * "slice used up". A real embedder would do its own work in between. */
    vsim_stop stop;
    unsigned slices = 0;
    for (;;) {
        st = vsim_run(m, slice, &stop);
        slices++;
        if (st != VSIM_OK) {
            fprintf(stderr, "embed: vsim_run: %s: %s\n", vsim_strerror(st), vsim_last_error(m));
            break;
        }
        if (stop.reason != VSIM_STOP_INSN_LIMIT)
            break;
        if (!quiet)
            fprintf(stderr, "embed: slice %u: %" PRIu64 " instructions so far, pc 0x%" PRIx64 "\n", slices,
                    vsim_insn_count(m), stop.pc);
    }
    console_flush(&con);

    fprintf(stderr, "embed: stopped after %u slice%s: %s", slices, slices == 1 ? "" : "s",
            vsim_stop_reason_name(stop.reason));
    if (stop.reason == VSIM_STOP_POWEROFF)
        fprintf(stderr, ", exit code %d", stop.exit_code);
    else if (stop.reason == VSIM_STOP_ERROR)
        fprintf(stderr, " (%s)", vsim_last_error(m));
    fprintf(stderr, "\n");

    vsim_stats stats;
    vsim_get_stats(m, &stats);
    fprintf(stderr, "embed: %" PRIu64 " instructions, %" PRIu64 " traps, %" PRIu64 " console bytes\n",
            stats.insns, stats.traps, con.bytes);
    show_registers(m);

    int status = st != VSIM_OK ? 3 : stop.reason == VSIM_STOP_POWEROFF ? stop.exit_code : 3;
    vsim_destroy(m);
    return status;
}
