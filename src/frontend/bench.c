/*
 * vsim bench: run the benchmark workloads under each dispatch strategy and
 * compare. Runs are interleaved (run 1 of every workload and strategy, then
 * run 2, ...) so that a noisy machine disturbs all strategies alike; the
 * table reports medians, and ratios between strategies measured in the same
 * invocation. --host-insns adds the stable figure: host instructions per
 * guest instruction, counted by callgrind over vsim_run() only.
 */
#include "bench.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <limits.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "vsim/vsim.h"

#define MAX_WORKLOADS 32
#define MAX_RUNS 101

static const char *const default_workloads[] = {
    "list", "matmul", "statemachine", "crc32", "quicksort", "sha256", "sieve", "nbody",
};

struct result {
    double secs[MAX_RUNS];
    uint64_t insns;
    char checksum[32];
    vsim_stats stats;
    double host_per_guest; /* from callgrind, 0 if not measured */
};

struct workload {
    char name[64];
    char path[PATH_MAX];
    struct result r[VSIM_DISPATCH_COUNT_];
};

struct console {
    char line[128];
    size_t len;
    char checksum[32];
};

/* Keep the "checksum: 0x..." line a workload prints; drop the rest. */
static void capture(void *opaque, const uint8_t *buf, size_t len)
{
    struct console *c = opaque;
    for (size_t i = 0; i < len; i++) {
        if (buf[i] == '\n' || c->len == sizeof c->line - 1) {
            c->line[c->len] = 0;
            if (strncmp(c->line, "checksum: ", 10) == 0)
                snprintf(c->checksum, sizeof c->checksum, "%s", c->line + 10);
            c->len = 0;
        } else {
            c->line[c->len++] = (char)buf[i];
        }
    }
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* With --break SYMBOL every run has a breakpoint there (continued through
 * each time it is hit): what a debugger costs when it is not stopping. */
static const char *break_symbol;

/* One timed run; 0 on success (the guest exited 0, i.e. its checksum matched). */
static int run_once(struct workload *w, vsim_dispatch d, int run)
{
    struct console con = { 0 };
    vsim_config cfg;
    vsim_config_init(&cfg);
    cfg.dispatch = d;
    cfg.console_write = capture;
    cfg.console_opaque = &con;
    cfg.max_insns = 20000000000ull;
    vsim_machine *m;
    if (vsim_create(&cfg, &m) != VSIM_OK) {
        fprintf(stderr, "\nvsim bench: cannot create a machine\n");
        return -1;
    }
    if (vsim_load_elf(m, w->path) != VSIM_OK) {
        fprintf(stderr, "\nvsim bench: %s\n", vsim_last_error(m));
        vsim_destroy(m);
        return -1;
    }
    uint64_t bp;
    if (break_symbol) {
        if (vsim_symbol(m, break_symbol, &bp) != VSIM_OK || vsim_break_add(m, bp) != VSIM_OK) {
            fprintf(stderr, "\nvsim bench: %s: no symbol '%s' for --break\n", w->name, break_symbol);
            vsim_destroy(m);
            return -1;
        }
    }
    vsim_stop stop;
    double t0 = now();
    do
        vsim_run(m, 0, &stop);
    while (stop.reason == VSIM_STOP_BREAKPOINT);
    double t = now() - t0;
    struct result *r = &w->r[d];
    r->secs[run] = t;
    r->insns = vsim_insn_count(m);
    vsim_get_stats(m, &r->stats);
    snprintf(r->checksum, sizeof r->checksum, "%s", con.checksum);
    vsim_destroy(m);
    if (stop.reason != VSIM_STOP_POWEROFF || stop.exit_code != 0) {
        fprintf(stderr, "\nvsim bench: %s under %s: %s, exit code %d (wrong checksum?)\n", w->name,
                vsim_dispatch_name(d), vsim_stop_reason_name(stop.reason), stop.exit_code);
        return -1;
    }
    return 0;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double median(const double *v, int n)
{
    double s[MAX_RUNS];
    memcpy(s, v, (size_t)n * sizeof *v);
    qsort(s, (size_t)n, sizeof *s, cmp_double);
    return n % 2 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
}

static double vmin(const double *v, int n)
{
    double m = v[0];
    for (int i = 1; i < n; i++)
        m = v[i] < m ? v[i] : m;
    return m;
}

static double vmax(const double *v, int n)
{
    double m = v[0];
    for (int i = 1; i < n; i++)
        m = v[i] > m ? v[i] : m;
    return m;
}

static bool file_exists(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0 && S_ISREG(st.st_mode);
}

/* Make w->path from dir and a file name pattern; true if that file exists. */
static bool try_path(struct workload *w, const char *dir, const char *pattern, const char *name)
{
    char file[256];
    int a = snprintf(file, sizeof file, pattern, name);
    int b = snprintf(w->path, sizeof w->path, "%s/%s", dir, file);
    return a > 0 && (size_t)a < sizeof file && b > 0 && (size_t)b < sizeof w->path && file_exists(w->path);
}

/* A workload name is looked up as bench_NAME.elf in $VSIM_BENCH_DIR, next to
 * the vsim executable (build tree: guests/), and in the installed data dir
 * (<prefix>/share/vsim/bench); an argument with a slash or ending in .elf is
 * a path to any guest program. */
static int resolve(const char *arg, const char *exe_dir, struct workload *w)
{
    size_t n = strlen(arg);
    if (strchr(arg, '/') || (n > 4 && strcmp(arg + n - 4, ".elf") == 0)) {
        const char *base = strrchr(arg, '/') ? strrchr(arg, '/') + 1 : arg;
        size_t len = strlen(base);
        if (len > 4 && strcmp(base + len - 4, ".elf") == 0)
            len -= 4;
        snprintf(w->name, sizeof w->name, "%.*s", (int)(len < 63 ? len : 63), base);
        int k = snprintf(w->path, sizeof w->path, "%s", arg);
        return k > 0 && (size_t)k < sizeof w->path && file_exists(w->path) ? 0 : -1;
    }
    snprintf(w->name, sizeof w->name, "%.63s", arg);
    const char *env = getenv("VSIM_BENCH_DIR");
    if (env && try_path(w, env, "bench_%s.elf", arg))
        return 0;
    if (try_path(w, exe_dir, "guests/bench_%s.elf", arg) || try_path(w, exe_dir, "bench_%s.elf", arg) ||
        try_path(w, exe_dir, "../share/vsim/bench/bench_%s.elf", arg))
        return 0;
    return -1;
}

/* Host instructions per guest instruction: callgrind counts the
 * instructions executed inside vsim_run() of a `vsim run` of the workload. */
static double host_insns(const char *exe, const struct workload *w, vsim_dispatch d, uint64_t guest)
{
    char out[] = "/tmp/vsim-callgrind-XXXXXX";
    int fd = mkstemp(out);
    if (fd < 0)
        return 0;
    close(fd);
    char outopt[64 + sizeof out], disp[64];
    snprintf(outopt, sizeof outopt, "--callgrind-out-file=%s", out);
    snprintf(disp, sizeof disp, "--dispatch=%s", vsim_dispatch_name(d));
    pid_t pid = fork();
    if (pid == 0) {
        int devnull = open("/dev/null", O_WRONLY);
        if (devnull >= 0) {
            dup2(devnull, 1);
            dup2(devnull, 2);
        }
        execlp("valgrind", "valgrind", "--tool=callgrind", "--toggle-collect=vsim_run", outopt, exe, "run", disp,
               w->path, (char *)NULL);
        _exit(127);
    }
    int status = 0;
    if (pid < 0 || waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) || WEXITSTATUS(status) == 127) {
        unlink(out);
        return 0;
    }
    FILE *f = fopen(out, "r");
    double per = 0;
    char line[256];
    while (f && fgets(line, sizeof line, f)) {
        unsigned long long total;
        if (sscanf(line, "summary: %llu", &total) == 1 || sscanf(line, "totals: %llu", &total) == 1) {
            per = guest ? (double)total / (double)guest : 0;
            break;
        }
    }
    if (f)
        fclose(f);
    unlink(out);
    return per;
}

static void write_svg(const char *path, struct workload *ws, int nw, const bool *use, int runs)
{
    FILE *f = fopen(path, "w");
    if (!f) {
        fprintf(stderr, "vsim bench: %s: %s\n", path, strerror(errno));
        return;
    }
    static const char *const colour[VSIM_DISPATCH_COUNT_] = { "#8c8c8c", "#4c78a8", "#f58518" };
    double top = 1;
    for (int i = 0; i < nw; i++)
        for (int d = 0; d < VSIM_DISPATCH_COUNT_; d++)
            if (use[d]) {
                double mips = (double)ws[i].r[d].insns / median(ws[i].r[d].secs, runs) / 1e6;
                top = mips > top ? mips : top;
            }
    const int left = 60, bottom = 40, height = 300, group = 90, bar = 24;
    int width = left + nw * group + 160;
    fprintf(f, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\" font-size=\"12\">\n",
            width, height + bottom + 40);
    fprintf(f, "<text x=\"%d\" y=\"20\" font-size=\"14\">vsim bench: MIPS per workload and dispatch strategy (median of %d)</text>\n",
            left, runs);
    for (int t = 0; t <= 4; t++) {
        double v = top * t / 4;
        int y = 30 + height - (int)(height * t / 4);
        fprintf(f, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#ddd\"/>\n", left, y, left + nw * group, y);
        fprintf(f, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%.0f</text>\n", left - 4, y + 4, v);
    }
    for (int i = 0; i < nw; i++) {
        int x = left + i * group + 8, k = 0;
        for (int d = 0; d < VSIM_DISPATCH_COUNT_; d++) {
            if (!use[d])
                continue;
            double mips = (double)ws[i].r[d].insns / median(ws[i].r[d].secs, runs) / 1e6;
            int h = (int)(height * mips / top);
            fprintf(f, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\"><title>%s %s: %.1f MIPS</title></rect>\n",
                    x + k * bar, 30 + height - h, bar - 2, h, colour[d], ws[i].name, vsim_dispatch_name(d), mips);
            k++;
        }
        fprintf(f, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%s</text>\n", x + k * bar / 2, 30 + height + 16,
                ws[i].name);
    }
    int ly = 40;
    for (int d = 0; d < VSIM_DISPATCH_COUNT_; d++) {
        if (!use[d])
            continue;
        fprintf(f, "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"12\" fill=\"%s\"/><text x=\"%d\" y=\"%d\">%s</text>\n",
                left + nw * group + 20, ly, colour[d], left + nw * group + 38, ly + 11, vsim_dispatch_name(d));
        ly += 20;
    }
    fprintf(f, "</svg>\n");
    fclose(f);
}

static void usage(FILE *out)
{
    fprintf(out,
            "usage: vsim bench [options] [WORKLOAD|ELF...]\n"
            "\n"
            "Run benchmark workloads under each dispatch strategy, interleaved, and compare.\n"
            "Workloads (default: all): list matmul statemachine crc32 quicksort sha256 sieve nbody\n"
            "\n"
            "  --dispatch=LIST   strategies to compare, comma-separated (default switch,indirect,direct)\n"
            "  --runs=N          timed runs per workload and strategy (default 5)\n"
            "  --json            print results as JSON instead of a table\n"
            "  --csv FILE        also write results as CSV\n"
            "  --svg FILE        also write a bar chart of MIPS as SVG\n"
            "  --break=SYMBOL    set a breakpoint at SYMBOL in every run and continue through\n"
            "                    its hits (the cost of a debugger that is not stopping)\n"
            "  --host-insns      also count host instructions per guest instruction with\n"
            "                    valgrind --tool=callgrind (slow; stable on a noisy machine)\n"
            "  -h, --help        this text\n");
}

int bench_main(int argc, char **argv, const char *exe)
{
    enum { OPT_DISPATCH = 256, OPT_RUNS, OPT_JSON, OPT_CSV, OPT_SVG, OPT_HOST, OPT_BREAK };
    static const struct option opts[] = {
        { "dispatch", required_argument, NULL, OPT_DISPATCH }, { "runs", required_argument, NULL, OPT_RUNS },
        { "json", no_argument, NULL, OPT_JSON },               { "csv", required_argument, NULL, OPT_CSV },
        { "svg", required_argument, NULL, OPT_SVG },           { "host-insns", no_argument, NULL, OPT_HOST },
        { "break", required_argument, NULL, OPT_BREAK },
        { "help", no_argument, NULL, 'h' },                    { NULL, 0, NULL, 0 },
    };
    bool use[VSIM_DISPATCH_COUNT_] = { true, true, true }, json = false, host = false;
    int runs = 5, c;
    const char *csv = NULL, *svg = NULL;
    optind = 1;
    opterr = 0;
    /* Options may follow the workload names (GNU argument permutation):
     * `vsim bench sieve --json` means what it says. */
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        switch (c) {
        case OPT_DISPATCH: {
            memset(use, 0, sizeof use);
            char list[256];
            snprintf(list, sizeof list, "%s", optarg);
            for (char *save, *tok = strtok_r(list, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
                vsim_dispatch d;
                if (vsim_dispatch_parse(tok, &d) != VSIM_OK) {
                    fprintf(stderr, "vsim bench: unknown dispatch mode '%s'\n", tok);
                    return 125;
                }
                use[d] = true;
            }
            break;
        }
        case OPT_RUNS: {
            char *end;
            long v = strtol(optarg, &end, 10);
            if (*end || v < 1 || v > MAX_RUNS) {
                fprintf(stderr, "vsim bench: --runs must be 1..%d\n", MAX_RUNS);
                return 125;
            }
            runs = (int)v;
            break;
        }
        case OPT_JSON: json = true; break;
        case OPT_CSV: csv = optarg; break;
        case OPT_SVG: svg = optarg; break;
        case OPT_HOST: host = true; break;
        case OPT_BREAK: break_symbol = optarg; break;
        case 'h': usage(stdout); return 0;
        default:
            fprintf(stderr, "vsim bench: bad option '%s' (try vsim bench --help)\n", argv[optind - 1]);
            return 125;
        }
    }

    char exe_dir[PATH_MAX];
    snprintf(exe_dir, sizeof exe_dir, "%s", exe);
    char *slash = strrchr(exe_dir, '/');
    if (slash)
        *slash = 0;
    else
        snprintf(exe_dir, sizeof exe_dir, ".");

    static struct workload ws[MAX_WORKLOADS];
    int nw = 0;
    int nargs = argc - optind;
    int count = nargs ? nargs : (int)(sizeof default_workloads / sizeof default_workloads[0]);
    if (count > MAX_WORKLOADS) {
        fprintf(stderr, "vsim bench: at most %d workloads\n", MAX_WORKLOADS);
        return 125;
    }
    for (int i = 0; i < count; i++) {
        const char *arg = nargs ? argv[optind + i] : default_workloads[i];
        memset(&ws[nw], 0, sizeof ws[nw]);
        if (resolve(arg, exe_dir, &ws[nw]) != 0) {
            fprintf(stderr,
                    "vsim bench: workload '%s' not found (build the project, or set VSIM_BENCH_DIR to the "
                    "directory with bench_%s.elf)\n",
                    arg, arg);
            return 126;
        }
        nw++;
    }

    /* Interleave: every workload under every strategy, then again. */
    int failures = 0;
    const bool progress = isatty(2);
    for (int run = 0; run < runs; run++) {
        for (int i = 0; i < nw; i++) {
            for (int d = 0; d < VSIM_DISPATCH_COUNT_; d++) {
                if (!use[d])
                    continue;
                if (progress)
                    fprintf(stderr, "\r\033[Kvsim bench: run %d/%d: %s (%s)", run + 1, runs, ws[i].name,
                            vsim_dispatch_name((vsim_dispatch)d));
                if (run_once(&ws[i], (vsim_dispatch)d, run) != 0)
                    failures++;
            }
        }
    }
    if (host) {
        for (int i = 0; i < nw; i++)
            for (int d = 0; d < VSIM_DISPATCH_COUNT_; d++)
                if (use[d]) {
                    if (progress)
                        fprintf(stderr, "\r\033[Kvsim bench: callgrind: %s (%s)", ws[i].name,
                                vsim_dispatch_name((vsim_dispatch)d));
                    ws[i].r[d].host_per_guest = host_insns(exe, &ws[i], (vsim_dispatch)d, ws[i].r[d].insns);
                }
    }
    if (progress)
        fprintf(stderr, "\r\033[K");

    /* The strategies must agree on everything the guest computed. */
    for (int i = 0; i < nw; i++) {
        int first = -1;
        for (int d = 0; d < VSIM_DISPATCH_COUNT_; d++) {
            if (!use[d])
                continue;
            if (first < 0) {
                first = d;
            } else if (ws[i].r[d].insns != ws[i].r[first].insns ||
                       strcmp(ws[i].r[d].checksum, ws[i].r[first].checksum) != 0) {
                fprintf(stderr, "vsim bench: %s: %s and %s disagree (%" PRIu64 " vs %" PRIu64 " instructions, checksum %s vs %s)\n",
                        ws[i].name, vsim_dispatch_name((vsim_dispatch)first), vsim_dispatch_name((vsim_dispatch)d),
                        ws[i].r[first].insns, ws[i].r[d].insns, ws[i].r[first].checksum, ws[i].r[d].checksum);
                failures++;
            }
        }
    }

    FILE *cf = csv ? fopen(csv, "w") : NULL;
    if (csv && !cf)
        fprintf(stderr, "vsim bench: %s: %s\n", csv, strerror(errno));
    if (cf)
        fprintf(cf, "workload,dispatch,guest_insns,median_s,min_s,max_s,mips,speedup_vs_switch,host_insns_per_guest_insn,checksum\n");
    if (json)
        printf("{\n  \"runs\": %d,\n  \"results\": [\n", runs);
    else
        printf("%-13s %-9s %12s %9s %9s %9s %8s %8s%s\n", "workload", "dispatch", "guest insns", "median s", "min s",
               "max s", "MIPS", "speedup", host ? "  host/guest" : "");
    double logsum[VSIM_DISPATCH_COUNT_] = { 0 };
    bool first_json = true;
    for (int i = 0; i < nw; i++) {
        double base = use[VSIM_DISPATCH_SWITCH] ? median(ws[i].r[VSIM_DISPATCH_SWITCH].secs, runs) : 0;
        for (int d = 0; d < VSIM_DISPATCH_COUNT_; d++) {
            if (!use[d])
                continue;
            const struct result *r = &ws[i].r[d];
            double med = median(r->secs, runs), mips = (double)r->insns / med / 1e6;
            /* Without a switch run there is no baseline: "-" in the table,
             * null in JSON, empty in CSV. */
            char speed_s[16] = "";
            if (base > 0)
                snprintf(speed_s, sizeof speed_s, "%.3f", base / med);
            logsum[d] += log(mips);
            const char *dn = vsim_dispatch_name((vsim_dispatch)d);
            if (json) {
                printf("%s    {\"workload\": \"%s\", \"dispatch\": \"%s\", \"guest_insns\": %" PRIu64
                       ", \"median_s\": %.6f, \"min_s\": %.6f, \"max_s\": %.6f, \"mips\": %.2f, "
                       "\"speedup_vs_switch\": %s, \"host_insns_per_guest_insn\": %.3f, \"checksum\": \"%s\"",
                       first_json ? "" : ",\n", ws[i].name, dn, r->insns, med, vmin(r->secs, runs), vmax(r->secs, runs),
                       mips, speed_s[0] ? speed_s : "null", r->host_per_guest, r->checksum);
                if (d == VSIM_DISPATCH_DIRECT)
                    printf(", \"predecode_pages\": %" PRIu64 ", \"predecode_invalidations\": %" PRIu64
                           ", \"predecode_evictions\": %" PRIu64 ", \"predecode_bytes\": %" PRIu64,
                           r->stats.predecode_pages, r->stats.predecode_invalidations, r->stats.predecode_evictions,
                           r->stats.predecode_bytes);
                printf("}");
                first_json = false;
            } else {
                printf("%-13s %-9s %12" PRIu64 " %9.4f %9.4f %9.4f %8.1f", ws[i].name, dn, r->insns, med,
                       vmin(r->secs, runs), vmax(r->secs, runs), mips);
                if (base > 0)
                    printf(" %7.2fx", base / med);
                else
                    printf(" %8s", "-");
                if (host)
                    printf("  %10.2f", r->host_per_guest);
                printf("\n");
            }
            if (cf)
                fprintf(cf, "%s,%s,%" PRIu64 ",%.6f,%.6f,%.6f,%.2f,%s,%.3f,%s\n", ws[i].name, dn, r->insns, med,
                        vmin(r->secs, runs), vmax(r->secs, runs), mips, speed_s, r->host_per_guest, r->checksum);
        }
    }
    if (json) {
        printf("\n  ]\n}\n");
    } else {
        printf("\ngeometric mean MIPS:");
        for (int d = 0; d < VSIM_DISPATCH_COUNT_; d++)
            if (use[d])
                printf("  %s %.1f", vsim_dispatch_name((vsim_dispatch)d), exp(logsum[d] / nw));
        if (use[VSIM_DISPATCH_SWITCH])
            for (int d = 1; d < VSIM_DISPATCH_COUNT_; d++)
                if (use[d])
                    printf("  (%s %.2fx switch)", vsim_dispatch_name((vsim_dispatch)d),
                           exp((logsum[d] - logsum[VSIM_DISPATCH_SWITCH]) / nw));
        printf("\n");
        if (use[VSIM_DISPATCH_DIRECT]) {
            printf("predecode cache (direct):");
            for (int i = 0; i < nw; i++) {
                const vsim_stats *s = &ws[i].r[VSIM_DISPATCH_DIRECT].stats;
                printf("%s %s %" PRIu64 " pages, %" PRIu64 " invalidations, %" PRIu64 " evictions, %" PRIu64 " KiB",
                       i ? ";" : "", ws[i].name, s->predecode_pages, s->predecode_invalidations, s->predecode_evictions,
                       s->predecode_bytes >> 10);
            }
            printf("\n");
        }
    }
    if (cf)
        fclose(cf);
    if (svg)
        write_svg(svg, ws, nw, use, runs);
    if (failures)
        fprintf(stderr, "vsim bench: %d run(s) failed\n", failures);
    return failures ? 1 : 0;
}
