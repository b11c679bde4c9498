/*
 * vsim: the command-line frontend. A thin layer over the public libvsim API:
 * everything it does, an embedder can do too.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <limits.h>
#include <unistd.h>

#include "bench.h"
#include "console.h"
#include "gdbstub.h"
#include "repl.h"
#include "vsim/vsim.h"

/* Exit statuses of vsim itself. Guest exit codes 0..119 pass through; a guest
 * code of 120 or more is reported as 120 (the exact code is printed). */
enum {
    EXIT_GUEST_MAX = 119,
    EXIT_GUEST_HIGH = 120,  /* guest exit code >= 120 */
    EXIT_HALTED = 121,      /* guest stuck: trap loop, or wfi with no interrupt possible */
    EXIT_RESET = 122,       /* guest asked for a reset (not supported as a restart yet) */
    EXIT_INSN_LIMIT = 124,  /* --max-insns reached */
    EXIT_USAGE = 125,       /* bad command line */
    EXIT_LOAD = 126,        /* the program could not be loaded */
    EXIT_INTERNAL = 127,    /* host-side failure (out of memory, ...) */
};

static void usage(FILE *out)
{
    fprintf(out,
            "usage: vsim run [options] PROGRAM.elf\n"
            "       vsim run [options] -bios FIRMWARE [-kernel IMAGE [-initrd FILE] [-append ARGS]]\n"
            "       vsim debug [options] PROGRAM.elf       step through it in a REPL (type help)\n"
            "       vsim bench [options] [WORKLOAD|ELF...]   (vsim bench --help)\n"
            "       vsim --help | --version\n"
            "\n"
            "Run a bare-metal RISC-V RV64 program on libvsim's virt-like board.\n"
            "\n"
            "options:\n"
            "  --dispatch=MODE    instruction dispatch: switch (default), indirect or direct\n"
            "  -m, --memory=SIZE  guest RAM, e.g. 128M or 1G (default 128M)\n"
            "  --max-insns=N      stop after N retired instructions\n"
            "  --clock=CLOCK      mtime source: host (default) or insns (deterministic:\n"
            "                     10 instructions per 100 ns tick, runs exactly reproducible)\n"
            "  -bios FILE         firmware image at the start of RAM (default with -kernel:\n"
            "                     Debian's OpenSBI fw_dynamic.bin); no PROGRAM then\n"
            "  -kernel FILE       kernel Image, 2 MiB into RAM, entered by the firmware in S-mode\n"
            "  -initrd FILE       initial ramdisk      -append STRING  kernel command line\n"
            "  -drive file=IMG[,readonly=on]  a raw disk image as a virtio-blk device\n"
            "  -netdev user[,hostfwd=tcp::HOSTPORT-:GUESTPORT]  virtio-net, user-mode (slirp)\n"
            "  --dump-dtb FILE    write the machine's device tree blob and exit\n"
            "  --gdb=PORT         wait for GDB on 127.0.0.1:PORT, stopped at the first instruction\n"
            "  --stats            print instructions, wall time and MIPS at exit (stderr)\n"
            "  --signature=FILE   when the guest stops, write the memory between the ELF symbols\n"
            "                     begin_signature and end_signature to FILE as Spike's\n"
            "                     +signature= does: one 32-bit little-endian word per line,\n"
            "                     8 lowercase hex digits (RISC-V architectural tests, RISCOF)\n"
            "  --signature-granularity=N  bytes per signature line: 4 (default), 8 or 16\n"
            "  -h, --help         this text\n"
            "  --version          library version\n"
            "\n"
            "exit status:\n"
            "  0-119  the guest's exit code (test device or HTIF)\n"
            "  120    the guest exited with a code of 120 or more (printed on stderr)\n"
            "  121    the guest is stuck: a trap loop, or wfi with no interrupt possible\n"
            "  122    the guest requested a reset\n"
            "  124    the --max-insns limit was reached\n"
            "  125    bad command line\n"
            "  126    the program could not be loaded (missing, not RISC-V 64 ELF, outside RAM)\n"
            "  127    internal error\n");
}


/* "128M", "1G", "65536", "64K": bytes. */
static int parse_size(const char *s, uint64_t *out)
{
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 0);
    if (errno || end == s || *s == '-')
        return -1;
    uint64_t mul = 1;
    switch (*end) {
    case 'k': case 'K': mul = 1ull << 10; end++; break;
    case 'm': case 'M': mul = 1ull << 20; end++; break;
    case 'g': case 'G': mul = 1ull << 30; end++; break;
    case '\0': break;
    default: return -1;
    }
    if (*end == 'i' || *end == 'B') /* allow 128MiB / 128MB */
        end += (*end == 'i' && end[1] == 'B') ? 2 : 1;
    if (*end || v > UINT64_MAX / mul)
        return -1;
    *out = v * mul;
    return 0;
}

static int parse_u64(const char *s, uint64_t *out)
{
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 0);
    if (errno || end == s || *end || *s == '-')
        return -1;
    *out = v;
    return 0;
}

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* --signature=FILE: written when the guest has stopped, whatever the reason
 * (after the REPL or GDB session in vsim debug / --gdb), then the machine is
 * destroyed. A failure to write it turns the exit status into 127. */
struct signature {
    const char *path;
    unsigned granularity;
};

static int finish(vsim_machine *m, const struct signature *sig, int status)
{
    if (sig->path && vsim_dump_signature(m, sig->path, sig->granularity) != VSIM_OK) {
        fprintf(stderr, "vsim: --signature: %s\n", vsim_last_error(m));
        status = EXIT_INTERNAL;
    }
    vsim_destroy(m);
    return status;
}

/* `vsim run` and `vsim debug` share their options; debug enters the REPL
 * (repl.c) instead of running, --gdb=PORT serves GDB (gdbstub.c). */
static int cmd_run(int argc, char **argv, bool debug)
{
    enum { OPT_DISPATCH = 256, OPT_MAX_INSNS, OPT_STATS, OPT_CLOCK, OPT_GDB, OPT_BIOS, OPT_KERNEL, OPT_INITRD,
           OPT_APPEND, OPT_DUMP_DTB, OPT_NOGRAPHIC, OPT_DRIVE, OPT_NETDEV, OPT_SIGNATURE, OPT_SIGNATURE_GRAN };
    static const struct option opts[] = {
        { "dispatch", required_argument, NULL, OPT_DISPATCH },
        { "memory", required_argument, NULL, 'm' },
        { "max-insns", required_argument, NULL, OPT_MAX_INSNS },
        { "stats", no_argument, NULL, OPT_STATS },
        { "clock", required_argument, NULL, OPT_CLOCK },
        { "gdb", required_argument, NULL, OPT_GDB },
        /* QEMU's names, so QEMU users feel at home */
        { "bios", required_argument, NULL, OPT_BIOS },
        { "kernel", required_argument, NULL, OPT_KERNEL },
        { "initrd", required_argument, NULL, OPT_INITRD },
        { "append", required_argument, NULL, OPT_APPEND },
        { "dump-dtb", required_argument, NULL, OPT_DUMP_DTB },
        { "nographic", no_argument, NULL, OPT_NOGRAPHIC },
        { "drive", required_argument, NULL, OPT_DRIVE },
        { "netdev", required_argument, NULL, OPT_NETDEV },
        { "signature", required_argument, NULL, OPT_SIGNATURE },
        { "signature-granularity", required_argument, NULL, OPT_SIGNATURE_GRAN },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    vsim_config cfg;
    vsim_config_init(&cfg);
    cfg.console_write = console_write;
    bool stats = false;
    int gdb_port = -1;
    vsim_boot boot = { 0 };
    const char *drives[8];
    int ndrives = 0;
    const char *netdev = NULL;
    const char *dump_dtb = NULL;
    struct signature sig = { NULL, 4 };
    int c;
    optind = 1;
    opterr = 0;
    /* getopt_long_only: -kernel works as well as --kernel */
    while ((c = getopt_long_only(argc, argv, "+m:h", opts, NULL)) != -1) {
        switch (c) {
        case OPT_DISPATCH:
            if (vsim_dispatch_parse(optarg, &cfg.dispatch) != VSIM_OK) {
                fprintf(stderr, "vsim: unknown dispatch mode '%s' (use switch, indirect or direct)\n", optarg);
                return EXIT_USAGE;
            }
            break;
        case 'm':
            if (parse_size(optarg, &cfg.ram_size) != 0) {
                fprintf(stderr, "vsim: bad memory size '%s' (e.g. 128M, 1G)\n", optarg);
                return EXIT_USAGE;
            }
            break;
        case OPT_MAX_INSNS:
            if (parse_u64(optarg, &cfg.max_insns) != 0 || cfg.max_insns == 0) {
                fprintf(stderr, "vsim: bad instruction count '%s'\n", optarg);
                return EXIT_USAGE;
            }
            break;
        case OPT_STATS: stats = true; break;
        case OPT_BIOS: boot.bios = optarg; break;
        case OPT_KERNEL: boot.kernel = optarg; break;
        case OPT_INITRD: boot.initrd = optarg; break;
        case OPT_APPEND: boot.append = optarg; break;
        case OPT_DUMP_DTB: dump_dtb = optarg; break;
        case OPT_NOGRAPHIC: break; /* the console is always the terminal */
        case OPT_DRIVE:
            /* -drive file=IMG[,readonly=on] (QEMU's syntax, these two keys) */
            if (strncmp(optarg, "file=", 5) != 0 || ndrives == 8) {
                fprintf(stderr, "vsim: bad -drive '%s' (use file=IMAGE[,readonly=on])\n", optarg);
                return EXIT_USAGE;
            }
            drives[ndrives++] = optarg + 5;
            break;
        case OPT_NETDEV: netdev = optarg; break;
        case OPT_SIGNATURE:
            if (!*optarg) {
                fprintf(stderr, "vsim: --signature needs a file name\n");
                return EXIT_USAGE;
            }
            sig.path = optarg;
            break;
        case OPT_SIGNATURE_GRAN:
            if (strcmp(optarg, "4") != 0 && strcmp(optarg, "8") != 0 && strcmp(optarg, "16") != 0) {
                fprintf(stderr, "vsim: bad signature granularity '%s' (use 4, 8 or 16)\n", optarg);
                return EXIT_USAGE;
            }
            sig.granularity = (unsigned)atoi(optarg);
            break;
        case OPT_GDB: {
            uint64_t port;
            if (parse_u64(optarg, &port) != 0 || port == 0 || port > 65535) {
                fprintf(stderr, "vsim: bad GDB port '%s'\n", optarg);
                return EXIT_USAGE;
            }
            gdb_port = (int)port;
            break;
        }
        case OPT_CLOCK:
            if (strcmp(optarg, "host") == 0) {
                cfg.clock = VSIM_CLOCK_HOST;
            } else if (strcmp(optarg, "insns") == 0) {
                cfg.clock = VSIM_CLOCK_INSNS;
            } else {
                fprintf(stderr, "vsim: unknown clock '%s' (use host or insns)\n", optarg);
                return EXIT_USAGE;
            }
            break;
        case 'h': usage(stdout); return 0;
        default:
            if (optopt && optopt < 256)
                fprintf(stderr, "vsim: bad option '-%c' (try vsim --help)\n", optopt);
            else
                fprintf(stderr, "vsim: bad option '%s' (try vsim --help)\n", argv[optind - 1]);
            return EXIT_USAGE;
        }
    }
    const bool booting = boot.bios || boot.kernel;
    if (booting ? optind != argc : optind != argc - 1 && !dump_dtb) {
        fprintf(stderr, "vsim: %s (try vsim --help)\n",
                booting ? "a program as well as -bios/-kernel"
                : optind >= argc ? "no program given" : "more than one program given");
        return EXIT_USAGE;
    }
    if ((boot.initrd || boot.append) && !boot.kernel) {
        fprintf(stderr, "vsim: -initrd and -append need -kernel\n");
        return EXIT_USAGE;
    }
    const char *program = optind < argc ? argv[optind] : boot.kernel ? boot.kernel : boot.bios;

    /* Console input only when the guest runs on its own (the REPL and GDB
     * own stdin otherwise). */
    struct console con = { 0 };
    if (!debug && gdb_port < 0) {
        cfg.console_read = console_read;
        cfg.console_opaque = &con;
    }
    vsim_machine *m;
    char why[256];
    vsim_status st = vsim_config_check(&cfg, why, sizeof why);
    if (st != VSIM_OK) {
        fprintf(stderr, "vsim: %s\n", why);
        return EXIT_USAGE;
    }
    st = vsim_create(&cfg, &m);
    if (st != VSIM_OK) {
        fprintf(stderr, "vsim: cannot create machine: %s\n", vsim_strerror(st));
        return st == VSIM_ERR_NO_MEMORY ? EXIT_INTERNAL : EXIT_USAGE;
    }
    for (int i = 0; i < ndrives; i++) {
        char path[4096];
        snprintf(path, sizeof path, "%s", drives[i]);
        char *opts = strchr(path, ',');
        int readonly = 0;
        if (opts) {
            *opts++ = '\0';
            if (strcmp(opts, "readonly=on") == 0) {
                readonly = 1;
            } else if (strcmp(opts, "readonly=off") != 0) {
                fprintf(stderr, "vsim: unknown -drive option '%s'\n", opts);
                vsim_destroy(m);
                return EXIT_USAGE;
            }
        }
        if (vsim_attach_disk(m, path, readonly) != VSIM_OK) {
            fprintf(stderr, "vsim: %s\n", vsim_last_error(m));
            vsim_destroy(m);
            return EXIT_LOAD;
        }
    }
    if (netdev && vsim_attach_net(m, netdev) != VSIM_OK) {
        fprintf(stderr, "vsim: -netdev: %s\n", vsim_last_error(m));
        vsim_destroy(m);
        return EXIT_USAGE;
    }
    if (dump_dtb) {
        st = vsim_dump_dtb(m, dump_dtb);
        if (st != VSIM_OK)
            fprintf(stderr, "vsim: %s\n", vsim_last_error(m));
        vsim_destroy(m);
        return st == VSIM_OK ? 0 : EXIT_LOAD;
    }
    st = booting ? vsim_boot_setup(m, &boot) : vsim_load_elf(m, program);
    if (st != VSIM_OK) {
        fprintf(stderr, "vsim: %s\n", vsim_last_error(m));
        vsim_destroy(m);
        return EXIT_LOAD;
    }
    /* --signature: say before running, not after, when it cannot work. The
     * dump that ends the run, done once now, checks all of it (the symbols,
     * the memory between them, the file) and leaves the starting values in
     * the file until the final ones replace them. */
    if (sig.path && (st = vsim_dump_signature(m, sig.path, sig.granularity)) != VSIM_OK) {
        if (st == VSIM_ERR_IO)
            fprintf(stderr, "vsim: --signature: cannot write %s\n", vsim_last_error(m));
        else
            fprintf(stderr, "vsim: %s: %s (needed by --signature)\n", program ? program : "the firmware/kernel",
                    vsim_last_error(m));
        vsim_destroy(m);
        return st == VSIM_ERR_IO ? EXIT_USAGE : EXIT_LOAD;
    }

    if (debug || gdb_port > 0) {
        int status = debug ? repl_main(m, program, stdin, stdout) : gdbstub_serve(m, gdb_port);
        return finish(m, &sig, status);
    }

    /* The guest's console is the terminal, in raw mode while it runs;
     * Ctrl-A X quits, Ctrl-A C enters the REPL. */
    console_open(&con); /* keeps nothing of con but what it sets */
    con.machine = m;
    double t0 = now_seconds();
    vsim_stop stop;
    vsim_run(m, 0, &stop);
    double elapsed = now_seconds() - t0;
    console_close(&con);
    if (stop.reason == VSIM_STOP_INTERRUPTED && con.request == CONSOLE_DEBUG) {
        fprintf(stderr, "\nvsim: entering the debugger (guest stopped at pc 0x%" PRIx64 ")\n", stop.pc);
        int status = repl_main(m, program, stdin, stdout);
        return finish(m, &sig, status);
    }
    if (stop.reason == VSIM_STOP_INTERRUPTED && con.request == CONSOLE_QUIT) {
        fprintf(stderr, "\nvsim: quit (Ctrl-A X)\n");
        return finish(m, &sig, 0);
    }

    int status;
    switch (stop.reason) {
    case VSIM_STOP_POWEROFF:
        status = stop.exit_code <= EXIT_GUEST_MAX && stop.exit_code >= 0 ? stop.exit_code : EXIT_GUEST_HIGH;
        if (status == EXIT_GUEST_HIGH)
            fprintf(stderr, "vsim: guest exited with code %d\n", stop.exit_code);
        break;
    case VSIM_STOP_INSN_LIMIT:
        fprintf(stderr, "vsim: instruction limit reached (%" PRIu64 " instructions) at pc 0x%" PRIx64 "\n",
                vsim_insn_count(m), stop.pc);
        status = EXIT_INSN_LIMIT;
        break;
    case VSIM_STOP_TRAP_LOOP: {
        char text[64];
        uint32_t insn = 0;
        if (vsim_read_phys(m, stop.pc, &insn, 4) != VSIM_OK)
            vsim_read_phys(m, stop.pc, &insn, 2);
        if (vsim_read_phys(m, stop.pc, &insn, 2) != VSIM_OK)
            snprintf(text, sizeof text, "no memory there");
        else
            vsim_disasm(insn, stop.pc, text, sizeof text);
        fprintf(stderr,
                "vsim: guest stuck in a trap loop: mcause %" PRIu64 " at pc 0x%" PRIx64 " (%s, mtval 0x%" PRIx64
                ") again and again with no progress; is there a trap handler at mtvec?\n",
                stop.cause, stop.pc, text, stop.tval);
        status = EXIT_HALTED;
        break;
    }
    case VSIM_STOP_HALTED:
        fprintf(stderr, "vsim: guest halted: wfi with no interrupt enabled that could wake it (pc 0x%" PRIx64 ")\n",
                stop.pc);
        status = EXIT_HALTED;
        break;
    case VSIM_STOP_RESET:
        fprintf(stderr, "vsim: guest requested a reset\n");
        status = EXIT_RESET;
        break;
    default:
        fprintf(stderr, "vsim: stopped: %s: %s\n", vsim_stop_reason_name(stop.reason), vsim_last_error(m));
        status = EXIT_INTERNAL;
        break;
    }
    if (stats) {
        uint64_t n = vsim_insn_count(m);
        fprintf(stderr, "vsim: %s dispatch: %" PRIu64 " instructions in %.3f s = %.1f MIPS\n",
                vsim_dispatch_name(cfg.dispatch), n, elapsed, elapsed > 0 ? (double)n / elapsed / 1e6 : 0.0);
    }
    return finish(m, &sig, status);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return EXIT_USAGE;
    }
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "help") == 0) {
        usage(stdout);
        return 0;
    }
    if (strcmp(argv[1], "--version") == 0) {
        printf("vsim %s\n", vsim_version_string());
        return 0;
    }
    if (strcmp(argv[1], "run") == 0)
        return cmd_run(argc - 1, argv + 1, false);
    if (strcmp(argv[1], "debug") == 0)
        return cmd_run(argc - 1, argv + 1, true);
    if (strcmp(argv[1], "bench") == 0) {
        char exe[PATH_MAX];
        ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
        if (n <= 0)
            snprintf(exe, sizeof exe, "%s", argv[0]);
        else
            exe[n] = 0;
        return bench_main(argc - 1, argv + 1, exe);
    }
    fprintf(stderr, "vsim: unknown command '%s' (try vsim --help)\n", argv[1]);
    return EXIT_USAGE;
}
