/*
 * vsim debug: a step-through REPL over the public libvsim API.
 *
 * Commands come from `in` one line at a time: through readline (history in
 * ~/.vsim_history, tab completion of commands, symbols and $registers) when
 * `in` is a terminal, through getline otherwise, so that a script piped in
 * gives the same output every run (no prompt, no echo). Everything the REPL
 * prints goes to `out`; the guest's console goes wherever the machine's
 * console callback sends it (stdout for `vsim debug`), flushed in order.
 *
 * A bad command prints one line starting with "error:" and changes nothing.
 * `help` lists the commands; repl_help below is the reference.
 */
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <readline/history.h>
#include <readline/readline.h>

#include "repl.h"

/* vsim run's mapping of guest exit codes to vsim's exit status (main.c) */
#define REPL_EXIT_GUEST_MAX 119
#define REPL_EXIT_GUEST_HIGH 120

#define MAX_FRAMES 64          /* bt stops after this many */
#define MAX_SYMBOL_OFFSET 0x100000u /* farther than this from a symbol: show no symbol */
#define HISTORY_LINES 1000

static const char *const xreg_abi[32] = {
    "zero", "ra", "sp", "gp", "tp", "t0", "t1", "t2", "s0", "s1", "a0", "a1", "a2", "a3", "a4", "a5",
    "a6", "a7", "s2", "s3", "s4", "s5", "s6", "s7", "s8", "s9", "s10", "s11", "t3", "t4", "t5", "t6",
};
static const char *const freg_abi[32] = {
    "ft0", "ft1", "ft2", "ft3", "ft4", "ft5", "ft6", "ft7", "fs0", "fs1", "fa0", "fa1", "fa2", "fa3", "fa4", "fa5",
    "fa6", "fa7", "fs2", "fs3", "fs4", "fs5", "fs6", "fs7", "fs8", "fs9", "fs10", "fs11", "ft8", "ft9", "ft10", "ft11",
};

enum { CSR_SATP = 0x180 };

/* One numbered breakpoint or watchpoint (numbers are never reused). */
typedef struct point {
    int num;
    bool watch;
    uint64_t addr, len;     /* len: watchpoints only */
    vsim_watch_kind kind;   /* watchpoints only */
} point;

typedef struct repl {
    vsim_machine *m;
    const char *program;
    FILE *in, *out;
    bool interactive;
    point *points;
    size_t npoints, cap;
    int next_num;
    bool powered_off;
    int exit_code;
    bool tracing;
    uint64_t catch_exc, catch_int; /* vsim_stop_on_trap masks */
    char x_size, x_fmt;            /* last x/ size and format (sticky, like gdb) */
    uint64_t x_next;               /* where a bare `x` continues */
    bool x_next_valid, x_next_phys;
    char *repeat;                  /* interactive: an empty line repeats this step/next */
    bool quit;
} repl;

/* ------------------------------------------------------------------ output */

static void say(repl *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void say(repl *r, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vfprintf(r->out, fmt, ap);
    va_end(ap);
}

/* Every failure: exactly one line. */
static void err(repl *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void err(repl *r, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("error: ", r->out);
    vfprintf(r->out, fmt, ap);
    fputc('\n', r->out);
    va_end(ap);
}

/* The symbols for showing addresses, sorted by value. Built from
 * vsim_symbol_at_index rather than asking vsim_symbol_for_addr, to leave
 * out what names no code: the assembler's mapping symbols ($x..., $d) and
 * symbols at 0 (file names); among symbols at one address the one with the
 * fewest leading underscores wins (counter over __bss_start). */
typedef struct symbol {
    uint64_t value;
    const char *name;
    unsigned rank; /* leading underscores */
    size_t index;
} symbol;

static symbol *symtab;
static size_t symtab_count;

static int symbol_order(const void *a, const void *b)
{
    const symbol *x = a, *y = b;
    if (x->value != y->value)
        return x->value < y->value ? -1 : 1;
    /* the preferred one last: binary search finds the last at a value */
    if (x->rank != y->rank)
        return x->rank > y->rank ? -1 : 1;
    return x->index > y->index ? -1 : x->index < y->index;
}

static void symtab_build(const vsim_machine *m)
{
    size_t n = 0;
    uint64_t v;
    while (vsim_symbol_at_index(m, n, &v))
        n++;
    symtab = n ? calloc(n, sizeof *symtab) : NULL;
    symtab_count = 0;
    if (!symtab)
        return;
    const char *name;
    for (size_t i = 0; (name = vsim_symbol_at_index(m, i, &v)) != NULL && i < n; i++) {
        if (!*name || name[0] == '$' || v == 0)
            continue;
        unsigned rank = 0;
        while (name[rank] == '_')
            rank++;
        symtab[symtab_count++] = (symbol){ v, name, rank, i };
    }
    qsort(symtab, symtab_count, sizeof *symtab, symbol_order);
}

static const char *symbol_for(uint64_t addr, uint64_t *off)
{
    size_t lo = 0, hi = symtab_count; /* first index with value > addr */
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (symtab[mid].value <= addr)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo == 0)
        return NULL;
    *off = addr - symtab[lo - 1].value;
    return symtab[lo - 1].name;
}

/* " <main+16>", " <main>" or "" (no symbol at or near below addr). */
static const char *symtext(const vsim_machine *m, uint64_t addr, char *buf, size_t size)
{
    (void)m;
    uint64_t off = 0;
    const char *name = symbol_for(addr, &off);
    if (!name || off >= MAX_SYMBOL_OFFSET)
        buf[0] = 0;
    else if (off == 0)
        snprintf(buf, size, " <%s>", name);
    else
        snprintf(buf, size, " <%s+%" PRIu64 ">", name, off);
    return buf;
}

static const char *priv_name(unsigned priv)
{
    switch (priv) {
    case 0: return "U";
    case 1: return "S";
    case 3: return "M";
    default: return "?";
    }
}

static const char *exception_name(uint64_t cause)
{
    static const char *const names[16] = {
        "instruction address misaligned", "instruction access fault", "illegal instruction", "breakpoint",
        "load address misaligned", "load access fault", "store/AMO address misaligned", "store/AMO access fault",
        "ecall from U-mode", "ecall from S-mode", NULL, "ecall from M-mode",
        "instruction page fault", "load page fault", NULL, "store/AMO page fault",
    };
    return cause < 16 && names[cause] ? names[cause] : "unknown exception";
}

static const char *interrupt_name(uint64_t cause)
{
    static const char *const names[12] = {
        NULL, "supervisor software", NULL, "machine software", NULL, "supervisor timer",
        NULL, "machine timer", NULL, "supervisor external", NULL, "machine external",
    };
    return cause < 12 && names[cause] ? names[cause] : "unknown interrupt";
}

static void cause_text(uint64_t cause, char *buf, size_t size)
{
    if (cause >> 63)
        snprintf(buf, size, "interrupt %" PRIu64 " (%s)", cause & ~(UINT64_C(1) << 63),
                 interrupt_name(cause & ~(UINT64_C(1) << 63)));
    else
        snprintf(buf, size, "exception %" PRIu64 " (%s)", cause, exception_name(cause));
}

/* ------------------------------------------------------------------ instructions */

static uint32_t insn_len(uint32_t insn) { return (insn & 3) == 3 ? 4 : 2; }

/* jal/jalr writing ra or t0, and c.jalr: a call, which `next` steps over. */
static bool is_call(uint32_t insn)
{
    if (insn_len(insn) == 4) {
        unsigned op = insn & 0x7f, rd = (insn >> 7) & 31, f3 = (insn >> 12) & 7;
        return (op == 0x6f || (op == 0x67 && f3 == 0)) && (rd == 1 || rd == 5);
    }
    /* c.jalr: 100 1 rs1!=0 00000 10 */
    return (insn & 3) == 2 && ((insn >> 13) & 7) == 4 && ((insn >> 12) & 1) && ((insn >> 7) & 31) != 0 &&
           ((insn >> 2) & 31) == 0;
}

/* Instructions whose disassembly ends with a pc-relative target address. */
static bool has_target(uint32_t insn)
{
    if (insn_len(insn) == 4)
        return (insn & 0x7f) == 0x6f || (insn & 0x7f) == 0x63;
    unsigned f3 = (insn >> 13) & 7;
    return (insn & 3) == 1 && f3 >= 5; /* c.j, c.beqz, c.bnez (RV64: 001 is c.addiw) */
}

/* Read the instruction at addr: virtual as the hart would fetch it now, or
 * physical. Returns its length, 0 if the memory is not there. */
static int read_insn(repl *r, uint64_t addr, bool phys, uint32_t *insn)
{
    uint16_t half[2];
    for (int i = 0; i < 2; i++) {
        uint64_t a = addr + 2u * (unsigned)i, pa = a;
        if (!phys && vsim_translate(r->m, a, VSIM_ACCESS_FETCH, &pa, NULL) != VSIM_OK)
            return 0;
        uint8_t b[2];
        if (vsim_read_phys(r->m, pa, b, 2) != VSIM_OK)
            return 0;
        half[i] = (uint16_t)(b[0] | b[1] << 8);
        if (i == 0 && (half[0] & 3) != 3) {
            *insn = half[0];
            return 2;
        }
    }
    *insn = half[0] | (uint32_t)half[1] << 16;
    return 4;
}

/* "add a0, a0, a1", with " <symbol>" after a jump or branch target. */
static void insn_text(repl *r, uint32_t insn, uint64_t addr, char *buf, size_t size)
{
    vsim_disasm(insn, addr, buf, size);
    if (has_target(insn)) {
        const char *last = strrchr(buf, ' ');
        if (last && strncmp(last + 1, "0x", 2) == 0) {
            uint64_t target = strtoull(last + 1, NULL, 16);
            char sym[160];
            size_t n = strlen(buf);
            snprintf(buf + n, size - n, "%s", symtext(r->m, target, sym, sizeof sym));
        }
    }
}

/* "0x80000010 <main+16>: addi a0, a0, 1"; returns the length (0: no memory). */
static int print_insn_at(repl *r, uint64_t addr, bool phys)
{
    char sym[160], text[200];
    uint32_t insn;
    int len = read_insn(r, addr, phys, &insn);
    symtext(r->m, addr, sym, sizeof sym);
    if (!len) {
        say(r, "0x%" PRIx64 "%s: cannot access memory\n", addr, sym);
        return 0;
    }
    insn_text(r, insn, addr, text, sizeof text);
    say(r, "0x%" PRIx64 "%s: %s\n", addr, sym, text);
    return len;
}

static void trace_insn(void *opaque, uint64_t pc, uint32_t insn, unsigned priv)
{
    repl *r = opaque;
    char sym[160], text[200];
    if (insn_len(insn) == 2)
        insn &= 0xffff;
    insn_text(r, insn, pc, text, sizeof text);
    say(r, "trace [%s] 0x%" PRIx64 "%s: %s\n", priv_name(priv), pc, symtext(r->m, pc, sym, sizeof sym), text);
}

/* ------------------------------------------------------------------ registers and expressions */

static int xreg_index(const char *name)
{
    if (name[0] == 'x' && isdigit((unsigned char)name[1])) {
        char *end;
        long n = strtol(name + 1, &end, 10);
        if (!*end && n >= 0 && n < 32 && !(name[1] == '0' && name[2]))
            return (int)n;
        return -1;
    }
    if (strcmp(name, "fp") == 0)
        return 8;
    for (int i = 0; i < 32; i++)
        if (strcmp(name, xreg_abi[i]) == 0)
            return i;
    return -1;
}

static int freg_index(const char *name)
{
    if (name[0] == 'f' && isdigit((unsigned char)name[1])) {
        char *end;
        long n = strtol(name + 1, &end, 10);
        if (!*end && n >= 0 && n < 32 && !(name[1] == '0' && name[2]))
            return (int)n;
        return -1;
    }
    for (int i = 0; i < 32; i++)
        if (strcmp(name, freg_abi[i]) == 0)
            return i;
    return -1;
}

/* The value of a register name: x/ABI integer register, pc, f register
 * (raw bits), or a CSR by name. */
static bool reg_value(repl *r, const char *name, uint64_t *v)
{
    int i;
    if (strcmp(name, "pc") == 0) {
        *v = vsim_get_pc(r->m);
        return true;
    }
    if ((i = xreg_index(name)) >= 0)
        return vsim_get_reg(r->m, (unsigned)i, v) == VSIM_OK;
    if ((i = freg_index(name)) >= 0)
        return vsim_get_freg(r->m, (unsigned)i, v) == VSIM_OK;
    if ((i = vsim_csr_number(name)) >= 0)
        return vsim_get_csr(r->m, (unsigned)i, v) == VSIM_OK;
    return false;
}

typedef struct parser {
    repl *r;
    const char *p;
    char err[256];
} parser;

static bool is_name_start(int c) { return isalpha(c) || c == '_' || c == '.'; }
static bool is_name_char(int c) { return isalnum(c) || c == '_' || c == '.' || c == '$'; }

static void skip_ws(parser *ps)
{
    while (isspace((unsigned char)*ps->p))
        ps->p++;
}

static bool parse_sum(parser *ps, uint64_t *v);

static bool parse_primary(parser *ps, uint64_t *v)
{
    skip_ws(ps);
    const char *s = ps->p;
    unsigned char c = (unsigned char)*s;
    if (c == '(') {
        ps->p++;
        if (!parse_sum(ps, v))
            return false;
        skip_ws(ps);
        if (*ps->p != ')') {
            snprintf(ps->err, sizeof ps->err, "missing ')'");
            return false;
        }
        ps->p++;
        return true;
    }
    if (c == '-' || c == '+') {
        ps->p++;
        if (!parse_primary(ps, v))
            return false;
        if (c == '-')
            *v = -*v;
        return true;
    }
    if (isdigit(c)) {
        char *end;
        errno = 0;
        unsigned long long n = strtoull(s, &end, 0);
        if (errno || is_name_char((unsigned char)*end)) {
            while (is_name_char((unsigned char)*end))
                end++;
            snprintf(ps->err, sizeof ps->err, "bad number '%.*s'", (int)(end - s), s);
            return false;
        }
        *v = n;
        ps->p = end;
        return true;
    }
    bool dollar = c == '$';
    const char *name = dollar ? s + 1 : s;
    if (!is_name_start((unsigned char)*name)) {
        if (!c)
            snprintf(ps->err, sizeof ps->err, "expression expected");
        else
            snprintf(ps->err, sizeof ps->err, "unexpected '%c' in expression", c);
        return false;
    }
    const char *e = name;
    while (is_name_char((unsigned char)*e))
        e++;
    char buf[128];
    if ((size_t)(e - name) >= sizeof buf) {
        snprintf(ps->err, sizeof ps->err, "name too long");
        return false;
    }
    memcpy(buf, name, (size_t)(e - name));
    buf[e - name] = 0;
    ps->p = e;
    /* $name is a register; a bare name is a symbol first, then a register */
    if (!dollar && vsim_symbol(ps->r->m, buf, v) == VSIM_OK)
        return true;
    if (reg_value(ps->r, buf, v))
        return true;
    if (dollar)
        snprintf(ps->err, sizeof ps->err, "no register '$%s'", buf);
    else
        snprintf(ps->err, sizeof ps->err, "no symbol or register '%s'", buf);
    return false;
}

static bool parse_sum(parser *ps, uint64_t *v)
{
    if (!parse_primary(ps, v))
        return false;
    for (;;) {
        skip_ws(ps);
        char op = *ps->p;
        if (op != '+' && op != '-')
            return true;
        ps->p++;
        uint64_t w;
        if (!parse_primary(ps, &w))
            return false;
        *v = op == '+' ? *v + w : *v - w;
    }
}

/* Evaluate an address expression: numbers (0x.., decimal), symbols,
 * registers ($pc, $a0, a0), + - and parentheses. Prints the error. */
static bool eval(repl *r, const char *s, uint64_t *v)
{
    parser ps = { .r = r, .p = s };
    if (!parse_sum(&ps, v)) {
        err(r, "%s", ps.err);
        return false;
    }
    skip_ws(&ps);
    if (*ps.p) {
        err(r, "unexpected '%s' after expression", ps.p);
        return false;
    }
    return true;
}

/* ------------------------------------------------------------------ argument splitting */

/* Split `s` in place into whitespace-separated words; returns their count. */
static int split_words(char *s, char **words, int max)
{
    int n = 0;
    char *save = NULL;
    for (char *w = strtok_r(s, " \t", &save); w; w = strtok_r(NULL, " \t", &save)) {
        if (n == max)
            return max + 1;
        words[n++] = w;
    }
    return n;
}

static char *trim(char *s)
{
    while (isspace((unsigned char)*s))
        s++;
    size_t n = strlen(s);
    while (n && isspace((unsigned char)s[n - 1]))
        s[--n] = 0;
    return s;
}

/* A positive count (expression allowed). */
static bool eval_count(repl *r, const char *s, uint64_t *n)
{
    if (!eval(r, s, n))
        return false;
    if (*n == 0 || *n > (1ull << 40)) {
        err(r, "bad count '%s'", s);
        return false;
    }
    return true;
}

/* ------------------------------------------------------------------ breakpoints and watchpoints */

static point *find_point(repl *r, int num)
{
    for (size_t i = 0; i < r->npoints; i++)
        if (r->points[i].num == num)
            return &r->points[i];
    return NULL;
}

static point *break_at(repl *r, uint64_t addr)
{
    for (size_t i = 0; i < r->npoints; i++)
        if (!r->points[i].watch && r->points[i].addr == addr)
            return &r->points[i];
    return NULL;
}

static point *add_point(repl *r)
{
    if (r->npoints == r->cap) {
        size_t cap = r->cap ? r->cap * 2 : 16;
        point *p = realloc(r->points, cap * sizeof *p);
        if (!p)
            return NULL;
        r->points = p;
        r->cap = cap;
    }
    point *p = &r->points[r->npoints++];
    memset(p, 0, sizeof *p);
    p->num = ++r->next_num;
    return p;
}

static const char *kind_name(vsim_watch_kind k)
{
    return k == VSIM_WATCH_READ ? "read" : k == VSIM_WATCH_WRITE ? "write" : "access";
}

static void describe_point(repl *r, const point *p)
{
    char sym[160];
    symtext(r->m, p->addr, sym, sizeof sym);
    if (p->watch)
        say(r, "%-4d watchpoint  0x%" PRIx64 "%s, %" PRIu64 " byte%s, %s\n", p->num, p->addr, sym, p->len,
            p->len == 1 ? "" : "s", kind_name(p->kind));
    else
        say(r, "%-4d breakpoint  0x%" PRIx64 "%s\n", p->num, p->addr, sym);
}

static bool remove_point(repl *r, point *p)
{
    vsim_status st = p->watch ? vsim_watch_remove(r->m, p->addr, p->len, p->kind, 0)
                              : vsim_break_remove(r->m, p->addr);
    if (st != VSIM_OK) {
        err(r, "cannot delete %d: %s", p->num, vsim_last_error(r->m));
        return false;
    }
    size_t i = (size_t)(p - r->points);
    memmove(&r->points[i], &r->points[i + 1], (r->npoints - i - 1) * sizeof *p);
    r->npoints--;
    return true;
}

/* ------------------------------------------------------------------ running */

static vsim_machine *volatile sig_machine;
static volatile sig_atomic_t sig_interrupted;

static void on_sigint(int sig)
{
    (void)sig;
    sig_interrupted = 1;
    vsim_machine *m = sig_machine;
    if (m)
        vsim_interrupt(m);
}

static struct sigaction saved_sigint;

static void install_sigint(struct sigaction *old)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_sigint;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESTART;
    sigaction(SIGINT, &sa, old);
}

/* Ctrl-C while the guest runs: vsim_interrupt. Interactive sessions keep
 * the handler all the time; scripted ones only while running. */
static void run_begin(repl *r)
{
    fflush(r->out);
    fflush(stdout);
    sig_interrupted = 0;
    if (!r->interactive)
        install_sigint(&saved_sigint);
    sig_machine = r->m;
}

static void run_end(repl *r)
{
    sig_machine = NULL;
    if (!r->interactive)
        sigaction(SIGINT, &saved_sigint, NULL);
    fflush(stdout);
}

static uint64_t get_sp(repl *r)
{
    uint64_t sp = 0;
    vsim_get_reg(r->m, 2, &sp);
    return sp;
}

/* Print why the run stopped ("stopped: ...") and where. `done` names a
 * run that simply finished (step, next, until). */
static void report_stop(repl *r, const vsim_stop *st, const char *done)
{
    char sym[160], text[200];
    uint64_t pc = vsim_get_pc(r->m);
    switch (st->reason) {
    case VSIM_STOP_NONE:
    case VSIM_STOP_STEP:
    case VSIM_STOP_UNTIL:
        say(r, "stopped: %s\n", done);
        break;
    case VSIM_STOP_BREAKPOINT: {
        point *p = break_at(r, pc);
        if (p)
            say(r, "stopped: breakpoint %d\n", p->num);
        else
            say(r, "stopped: ebreak\n");
        break;
    }
    case VSIM_STOP_WATCHPOINT: {
        const point *hit = NULL;
        for (size_t i = 0; i < r->npoints && !hit; i++) {
            const point *p = &r->points[i];
            if (p->watch && (p->kind & st->watch) && st->addr >= p->addr && st->addr < p->addr + p->len)
                hit = p;
        }
        /* an access may start below the watched range and still overlap it */
        for (size_t i = 0; i < r->npoints && !hit; i++)
            if (r->points[i].watch && (r->points[i].kind & st->watch))
                hit = &r->points[i];
        const char *kind = st->watch == VSIM_WATCH_READ ? "read" : "write";
        if (hit)
            say(r, "stopped: watchpoint %d: %s at 0x%" PRIx64 "%s\n", hit->num, kind, st->addr,
                symtext(r->m, st->addr, sym, sizeof sym));
        else
            say(r, "stopped: watchpoint: %s at 0x%" PRIx64 "%s\n", kind, st->addr,
                symtext(r->m, st->addr, sym, sizeof sym));
        break;
    }
    case VSIM_STOP_POWEROFF:
        r->powered_off = true;
        r->exit_code = st->exit_code;
        say(r, "stopped: guest powered off, exit code %d\n", st->exit_code);
        return;
    case VSIM_STOP_RESET:
        say(r, "stopped: the guest requested a reset (the hart has been reset)\n");
        break;
    case VSIM_STOP_INSN_LIMIT:
        say(r, "stopped: instruction limit reached (%" PRIu64 " instructions)\n", vsim_insn_count(r->m));
        break;
    case VSIM_STOP_TRAP:
        cause_text(st->cause, text, sizeof text);
        say(r, "stopped: trap: %s, tval 0x%" PRIx64 ", now in %s-mode\n", text, st->tval,
            priv_name(vsim_get_priv(r->m)));
        break;
    case VSIM_STOP_TRAP_LOOP:
        cause_text(st->cause, text, sizeof text);
        say(r, "stopped: trap loop: %s at 0x%" PRIx64 ", tval 0x%" PRIx64
               ", again and again with no progress (a trap handler at mtvec?)\n",
            text, st->pc, st->tval);
        break;
    case VSIM_STOP_HALTED:
        say(r, "stopped: guest halted: wfi with no interrupt enabled that could wake it\n");
        break;
    case VSIM_STOP_INTERRUPTED:
        say(r, "stopped: interrupted\n");
        break;
    case VSIM_STOP_ERROR:
        say(r, "stopped: error: %s\n", vsim_last_error(r->m));
        break;
    default:
        say(r, "stopped: %s\n", vsim_stop_reason_name(st->reason));
        break;
    }
    print_insn_at(r, pc, false);
}

static bool can_run(repl *r)
{
    if (r->powered_off) {
        err(r, "the guest has powered off (exit code %d); nothing left to run", r->exit_code);
        return false;
    }
    return true;
}

static bool check_status(repl *r, vsim_status s)
{
    if (s != VSIM_OK) {
        err(r, "cannot run: %s", *vsim_last_error(r->m) ? vsim_last_error(r->m) : vsim_strerror(s));
        return false;
    }
    return true;
}

/* One instruction. A breakpoint at the pc is lifted for it, so that the
 * instruction executes instead of stopping there again (the library only
 * resumes past a breakpoint it has just stopped at). */
static vsim_status step1(repl *r, vsim_stop *st)
{
    uint64_t pc = vsim_get_pc(r->m);
    if (!break_at(r, pc))
        return vsim_step(r->m, st);
    vsim_break_remove(r->m, pc);
    vsim_status s = vsim_step(r->m, st);
    vsim_break_add(r->m, pc);
    return s;
}

/* Before a run from a pc with a breakpoint: execute that instruction
 * first. True if the run should go on (st says why not otherwise). */
static bool leave_break(repl *r, vsim_stop *st, vsim_status *s)
{
    *s = VSIM_OK;
    if (!break_at(r, vsim_get_pc(r->m)))
        return true;
    *s = step1(r, st);
    return *s == VSIM_OK && st->reason == VSIM_STOP_STEP;
}

/* `next` over the call at pc: step into it, then run until the return
 * address with the stack pointer back where it was (a recursive call
 * passes the same return address in deeper frames first). */
static vsim_status next_over_call(repl *r, uint64_t ret, vsim_stop *st)
{
    uint64_t sp0 = get_sp(r);
    vsim_status s = step1(r, st);
    if (s != VSIM_OK || st->reason != VSIM_STOP_STEP)
        return s;
    for (;;) {
        if (vsim_get_pc(r->m) == ret) {
            if (get_sp(r) >= sp0) {
                st->reason = VSIM_STOP_STEP;
                return VSIM_OK;
            }
            s = step1(r, st); /* a deeper frame: go on from here */
            if (s != VSIM_OK || st->reason != VSIM_STOP_STEP)
                return s;
            continue;
        }
        if (!leave_break(r, st, &s))
            return s;
        if (vsim_get_pc(r->m) != ret) {
            s = vsim_run_until(r->m, ret, 0, st);
            if (s != VSIM_OK || st->reason != VSIM_STOP_UNTIL)
                return s;
        }
    }
}

/* step N / next N */
static void do_steps(repl *r, uint64_t n, bool over)
{
    if (!can_run(r))
        return;
    vsim_stop st = { .reason = VSIM_STOP_STEP };
    vsim_status s = VSIM_OK;
    run_begin(r);
    /* Ctrl-C: the library's next step returns VSIM_STOP_INTERRUPTED */
    for (uint64_t i = 0; i < n; i++) {
        uint64_t pc = vsim_get_pc(r->m);
        uint32_t insn;
        int len;
        if (over && (len = read_insn(r, pc, false, &insn)) && is_call(insn))
            s = next_over_call(r, pc + (unsigned)len, &st);
        else
            s = step1(r, &st);
        if (s != VSIM_OK || st.reason != VSIM_STOP_STEP)
            break;
        if (i + 1 < n && break_at(r, vsim_get_pc(r->m))) {
            st.reason = VSIM_STOP_BREAKPOINT;
            break;
        }
    }
    run_end(r);
    if (check_status(r, s))
        report_stop(r, &st, over ? "next" : "step");
}

static void do_continue(repl *r)
{
    if (!can_run(r))
        return;
    vsim_stop st = { .reason = VSIM_STOP_STEP };
    vsim_status s;
    run_begin(r);
    if (leave_break(r, &st, &s))
        s = vsim_run(r->m, 0, &st);
    run_end(r);
    if (check_status(r, s))
        report_stop(r, &st, "continue");
}

static void do_until(repl *r, uint64_t addr)
{
    if (!can_run(r))
        return;
    vsim_stop st = { .reason = VSIM_STOP_STEP };
    vsim_status s = VSIM_OK;
    run_begin(r);
    if (vsim_get_pc(r->m) == addr) /* already there: to the next time */
        s = step1(r, &st);
    if (s == VSIM_OK && st.reason == VSIM_STOP_STEP && vsim_get_pc(r->m) != addr && leave_break(r, &st, &s) &&
        vsim_get_pc(r->m) != addr)
        s = vsim_run_until(r->m, addr, 0, &st);
    run_end(r);
    if (check_status(r, s))
        report_stop(r, &st, "until");
}

/* ------------------------------------------------------------------ commands */

typedef struct command {
    const char *name;
    void (*fn)(repl *r, const char *fmt, char *args);
    const char *alias[4];
} command;

/* step [N] and next [N]: N instructions, next stepping over calls. */
static void steps(repl *r, char *args, bool over)
{
    uint64_t n = 1;
    if (*args && !eval_count(r, args, &n))
        return;
    do_steps(r, n, over);
}

static void cmd_step(repl *r, const char *fmt, char *args)
{
    (void)fmt;
    steps(r, args, false);
}

static void cmd_next(repl *r, const char *fmt, char *args)
{
    (void)fmt;
    steps(r, args, true);
}

static void cmd_continue(repl *r, const char *fmt, char *args)
{
    (void)fmt;
    if (*args) {
        err(r, "continue takes no arguments");
        return;
    }
    do_continue(r);
}

static void cmd_until(repl *r, const char *fmt, char *args)
{
    (void)fmt;
    uint64_t addr;
    if (*args == '*')
        args++;
    if (!*args) {
        err(r, "usage: until ADDR");
        return;
    }
    if (eval(r, args, &addr))
        do_until(r, addr);
}

static void cmd_break(repl *r, const char *fmt, char *args)
{
    (void)fmt;
    uint64_t addr = vsim_get_pc(r->m);
    if (*args == '*') /* gdb's break *ADDR */
        args++;
    if (*args && !eval(r, args, &addr))
        return;
    point *old = break_at(r, addr);
    if (old) {
        err(r, "breakpoint %d is already at 0x%" PRIx64, old->num, addr);
        return;
    }
    vsim_status st = vsim_break_add(r->m, addr);
    if (st != VSIM_OK) {
        err(r, "cannot set a breakpoint at 0x%" PRIx64 ": %s", addr,
            st == VSIM_ERR_INVALID_ARG ? "instructions are at even addresses" : vsim_last_error(r->m));
        return;
    }
    point *p = add_point(r);
    if (!p) {
        vsim_break_remove(r->m, addr);
        err(r, "out of memory");
        return;
    }
    p->addr = addr;
    char sym[160];
    say(r, "breakpoint %d at 0x%" PRIx64 "%s\n", p->num, addr, symtext(r->m, addr, sym, sizeof sym));
}

static void cmd_watch(repl *r, const char *fmt, char *args)
{
    (void)fmt;
    char *w[4];
    int n = split_words(args, w, 3);
    vsim_watch_kind kind = VSIM_WATCH_ACCESS;
    int i = 0;
    /* r / w / rw is a kind only when an address follows (`watch w` watches symbol w) */
    if (n >= 2) {
        if (strcmp(w[0], "r") == 0)
            kind = VSIM_WATCH_READ, i = 1;
        else if (strcmp(w[0], "w") == 0)
            kind = VSIM_WATCH_WRITE, i = 1;
        else if (strcmp(w[0], "rw") == 0)
            kind = VSIM_WATCH_ACCESS, i = 1;
    }
    if (n - i < 1 || n - i > 2) {
        err(r, "usage: watch [r|w|rw] ADDR [LEN]");
        return;
    }
    uint64_t addr, len = 8;
    if (!eval(r, w[i], &addr))
        return;
    if (n - i == 2 && !eval_count(r, w[i + 1], &len))
        return;
    if (addr + len < addr) {
        err(r, "watched range wraps around");
        return;
    }
    vsim_status st = vsim_watch_add(r->m, addr, len, kind, 0);
    if (st != VSIM_OK) {
        err(r, "cannot watch 0x%" PRIx64 ": %s", addr,
            st == VSIM_ERR_INVALID_ARG ? vsim_strerror(st) : vsim_last_error(r->m));
        return;
    }
    point *p = add_point(r);
    if (!p) {
        vsim_watch_remove(r->m, addr, len, kind, 0);
        err(r, "out of memory");
        return;
    }
    p->watch = true;
    p->addr = addr;
    p->len = len;
    p->kind = kind;
    char sym[160];
    say(r, "watchpoint %d: %s 0x%" PRIx64 "%s, %" PRIu64 " byte%s\n", p->num, kind_name(kind), addr,
        symtext(r->m, addr, sym, sizeof sym), len, len == 1 ? "" : "s");
}

static void cmd_delete(repl *r, const char *fmt, char *args)
{
    (void)fmt;
    if (!*args) {
        while (r->npoints)
            if (!remove_point(r, &r->points[r->npoints - 1]))
                return;
        return;
    }
    char *end;
    errno = 0;
    long num = strtol(args, &end, 10);
    if (errno || *end || num <= 0 || num > INT32_MAX) {
        err(r, "usage: delete [N] (a breakpoint or watchpoint number)");
        return;
    }
    point *p = find_point(r, (int)num);
    if (!p) {
        err(r, "no breakpoint or watchpoint number %ld", num);
        return;
    }
    remove_point(r, p);
}

static void info_break(repl *r)
{
    if (!r->npoints) {
        say(r, "no breakpoints or watchpoints\n");
        return;
    }
    say(r, "Num  Type        Address\n");
    for (size_t i = 0; i < r->npoints; i++)
        describe_point(r, &r->points[i]);
}

static void info_tlb(repl *r)
{
    vsim_tlb_entry fixed[256], *e = fixed;
    size_t n = vsim_tlb_entries(r->m, fixed, 256);
    if (n > 256) {
        e = calloc(n, sizeof *e);
        if (!e) {
            err(r, "out of memory");
            return;
        }
        n = vsim_tlb_entries(r->m, e, n);
    }
    say(r, "%zu TLB entr%s\n", n, n == 1 ? "y" : "ies");
    for (size_t i = 0; i < n; i++) {
        const char *kind = e[i].kind == 'x' ? "fetch" : e[i].kind == 'r' ? "load" : e[i].kind == 'w' ? "store" : "?";
        say(r, "  %-5s 0x%016" PRIx64 " -> 0x%016" PRIx64 "\n", kind, e[i].vaddr, e[i].paddr);
    }
    if (e != fixed)
        free(e);
}

static void info_dev(repl *r)
{
    uint64_t base, size;
    const char *name;
    for (size_t i = 0; (name = vsim_device(r->m, i, &base, &size)) != NULL; i++)
        say(r, "%-12s 0x%08" PRIx64 "-0x%08" PRIx64 " (%" PRIu64 " bytes)\n", name, base, base + size - 1, size);
}

static void cmd_regs(repl *r, const char *fmt, char *args);

static void cmd_info(repl *r, const char *fmt, char *args)
{
    (void)fmt;
    if (strcmp(args, "break") == 0 || strcmp(args, "breakpoints") == 0 || strcmp(args, "b") == 0 ||
        strcmp(args, "watch") == 0 || strcmp(args, "watchpoints") == 0)
        info_break(r);
    else if (strcmp(args, "tlb") == 0)
        info_tlb(r);
    else if (strcmp(args, "dev") == 0 || strcmp(args, "devices") == 0)
        info_dev(r);
    else if (strcmp(args, "regs") == 0 || strcmp(args, "registers") == 0)
        cmd_regs(r, NULL, (char *)"");
    else
        err(r, "usage: info break|tlb|dev|regs");
}

static void cmd_regs(repl *r, const char *fmt, char *args)
{
    (void)fmt;
    if (*args) {
        err(r, "regs takes no arguments");
        return;
    }
    uint64_t x[32];
    if (vsim_get_regs(r->m, x) != VSIM_OK) {
        err(r, "%s", vsim_last_error(r->m));
        return;
    }
    for (int i = 0; i < 32; i += 2)
        say(r, "x%-2d %-4s 0x%016" PRIx64 "    x%-2d %-4s 0x%016" PRIx64 "\n", i, xreg_abi[i], x[i], i + 1,
            xreg_abi[i + 1], x[i + 1]);
    char sym[160];
    uint64_t pc = vsim_get_pc(r->m);
    unsigned priv = vsim_get_priv(r->m);
    say(r, "pc       0x%016" PRIx64 "%s    priv %s (%u)\n", pc, symtext(r->m, pc, sym, sizeof sym),
        priv_name(priv), priv);
}

static void cmd_fregs(repl *r, const char *fmt, char *args)
{
    (void)fmt;
    if (*args) {
        err(r, "fregs takes no arguments");
        return;
    }
    for (unsigned i = 0; i < 32; i++) {
        uint64_t v;
        if (vsim_get_freg(r->m, i, &v) != VSIM_OK) {
            err(r, "cannot read f%u: %s", i, vsim_last_error(r->m));
            return;
        }
        double d;
        memcpy(&d, &v, sizeof d);
        say(r, "f%-2u %-4s 0x%016" PRIx64 "  %.17g", i, freg_abi[i], v, d);
        if ((v >> 32) == 0xffffffffu) { /* a NaN-boxed single */
            uint32_t lo = (uint32_t)v;
            float f;
            memcpy(&f, &lo, sizeof f);
            say(r, "  (single %.9g)", (double)f);
        }
        say(r, "\n");
    }
}

static void print_csr(repl *r, unsigned num)
{
    uint64_t v;
    if (vsim_get_csr(r->m, num, &v) != VSIM_OK) {
        err(r, "no CSR 0x%03x on this hart", num);
        return;
    }
    const char *name = vsim_csr_name(num);
    say(r, "%s (0x%03x) = 0x%016" PRIx64 "\n", name ? name : "csr", num, v);
}

static void cmd_csr(repl *r, const char *fmt, char *args)
{
    (void)fmt;
    if (!*args) {
        static const char *const common[] = { "mstatus", "misa", "medeleg", "mideleg", "mie", "mip", "mtvec",
                                              "mscratch", "mepc", "mcause", "mtval", "stvec", "sepc", "scause",
                                              "stval", "satp" };
        for (size_t i = 0; i < sizeof common / sizeof common[0]; i++) {
            int num = vsim_csr_number(common[i]);
            uint64_t v;
            if (num >= 0 && vsim_get_csr(r->m, (unsigned)num, &v) == VSIM_OK)
                say(r, "%s (0x%03x) = 0x%016" PRIx64 "\n", common[i], (unsigned)num, v);
        }
        return;
    }
    int num = vsim_csr_number(args);
    if (num < 0) {
        char *end;
        errno = 0;
        unsigned long n = strtoul(args, &end, 0);
        if (errno || *end || !isdigit((unsigned char)args[0]) || n > 0xfff) {
            err(r, "unknown CSR '%s'", args);
            return;
        }
        num = (int)n;
    }
    print_csr(r, (unsigned)num);
}

static void cmd_priv(repl *r, const char *fmt, char *args)
{
    (void)fmt;
    if (*args) {
        err(r, "priv takes no arguments");
        return;
    }
    unsigned p = vsim_get_priv(r->m);
    say(r, "%s-mode (%u)\n", priv_name(p), p);
}

static bool size_letter(char c, unsigned *size)
{
    switch (c) {
    case 'b': *size = 1; return true;
    case 'h': *size = 2; return true;
    case 'w': *size = 4; return true;
    case 'g': *size = 8; return true;
    default: return false;
    }
}

static void le_store(uint8_t *b, uint64_t v, unsigned size)
{
    for (unsigned i = 0; i < size; i++)
        b[i] = (uint8_t)(v >> (8 * i));
}

static uint64_t le_load(const uint8_t *b, unsigned size)
{
    uint64_t v = 0;
    for (unsigned i = 0; i < size; i++)
        v |= (uint64_t)b[i] << (8 * i);
    return v;
}

/* set REG = VALUE | set[/SIZE] *ADDR = VALUE */
static void cmd_set(repl *r, const char *fmt, char *args)
{
    char *eq = strchr(args, '=');
    if (!eq) {
        err(r, "usage: set REG = VALUE | set[/b|h|w|g] *ADDR = VALUE");
        return;
    }
    *eq = 0;
    char *lhs = trim(args), *rhs = trim(eq + 1);
    if (!*lhs || !*rhs) {
        err(r, "usage: set REG = VALUE | set[/b|h|w|g] *ADDR = VALUE");
        return;
    }
    unsigned size = 8;
    if (fmt && (strlen(fmt) != 1 || !size_letter(fmt[0], &size))) {
        err(r, "bad size '/%s' (use b, h, w or g)", fmt);
        return;
    }
    if (*lhs == '*') {
        uint64_t addr, v;
        if (!eval(r, lhs + 1, &addr) || !eval(r, rhs, &v))
            return;
        uint8_t b[8];
        le_store(b, v, size);
        if (vsim_write_virt(r->m, addr, b, size) != VSIM_OK)
            err(r, "cannot write memory at 0x%" PRIx64, addr);
        return;
    }
    if (fmt) {
        err(r, "a size only goes with a memory write (set/w *ADDR = VALUE)");
        return;
    }
    const char *name = lhs[0] == '$' ? lhs + 1 : lhs;
    int i;
    uint64_t v;
    if ((i = freg_index(name)) >= 0) {
        /* a number with a point or exponent is a double; anything else, raw bits */
        char *end;
        errno = 0;
        double d = strtod(rhs, &end);
        bool is_float = !*end && end != rhs && !errno &&
                        (strpbrk(rhs, ".eEnN") != NULL && strncmp(rhs, "0x", 2) != 0 && strncmp(rhs, "0X", 2) != 0);
        if (is_float)
            memcpy(&v, &d, sizeof v);
        else if (!eval(r, rhs, &v))
            return;
        if (vsim_set_freg(r->m, (unsigned)i, v) != VSIM_OK)
            err(r, "cannot set %s: %s", name, vsim_last_error(r->m));
        return;
    }
    bool is_pc = strcmp(name, "pc") == 0;
    int x = xreg_index(name);
    int csr = x < 0 && !is_pc ? vsim_csr_number(name) : -1;
    if (!is_pc && x < 0 && csr < 0) {
        err(r, "no register '%s'", lhs);
        return;
    }
    if (x == 0) {
        err(r, "x0 is always zero");
        return;
    }
    if (!eval(r, rhs, &v))
        return;
    vsim_status st = is_pc ? vsim_set_pc(r->m, v)
                   : x > 0 ? vsim_set_reg(r->m, (unsigned)x, v)
                           : vsim_set_csr(r->m, (unsigned)csr, v);
    if (st != VSIM_OK)
        err(r, "cannot set %s: %s", name, *vsim_last_error(r->m) ? vsim_last_error(r->m) : vsim_strerror(st));
}

/* x/FMT ADDR and xp/FMT ADDR: FMT = [COUNT][SIZE b|h|w|g][FORMAT x|d|u|c|i|s] */
static void examine(repl *r, const char *fmt, char *args, bool phys)
{
    uint64_t count = 1;
    char size_c = r->x_size, form = r->x_fmt;
    if (fmt) {
        const char *f = fmt;
        if (isdigit((unsigned char)*f)) {
            char *end;
            errno = 0;
            count = strtoull(f, &end, 10);
            if (errno || count == 0 || count > 65536) {
                err(r, "bad count in '/%s'", fmt);
                return;
            }
            f = end;
        }
        for (; *f; f++) {
            unsigned dummy;
            if (size_letter(*f, &dummy))
                size_c = *f;
            else if (strchr("xduics", *f))
                form = *f;
            else {
                err(r, "bad format '/%s' (COUNT, then b h w g and x d u c i s)", fmt);
                return;
            }
        }
    }
    uint64_t addr;
    if (*args) {
        if (!eval(r, args, &addr))
            return;
    } else if (r->x_next_valid && r->x_next_phys == phys) {
        addr = r->x_next;
    } else {
        err(r, "usage: %s/FMT ADDR", phys ? "xp" : "x");
        return;
    }
    r->x_size = size_c;
    r->x_fmt = form;
    char sym[160];
    if (form == 'i') {
        for (uint64_t i = 0; i < count; i++) {
            int len = print_insn_at(r, addr, phys);
            if (!len)
                break;
            addr += (unsigned)len;
        }
    } else if (form == 's') {
        for (uint64_t i = 0; i < count; i++) {
            say(r, "0x%" PRIx64 "%s: \"", addr, symtext(r->m, addr, sym, sizeof sym));
            for (int k = 0; k < 4096; k++) {
                uint8_t c;
                vsim_status st = phys ? vsim_read_phys(r->m, addr, &c, 1) : vsim_read_virt(r->m, addr, &c, 1);
                if (st != VSIM_OK) {
                    say(r, "\" <cannot access memory at 0x%" PRIx64 ">\n", addr);
                    goto out;
                }
                addr++;
                if (!c)
                    break;
                if (c == '"' || c == '\\')
                    say(r, "\\%c", c);
                else if (c == '\n')
                    say(r, "\\n");
                else if (isprint(c))
                    say(r, "%c", c);
                else
                    say(r, "\\x%02x", c);
            }
            say(r, "\"\n");
        }
    } else {
        unsigned size = 4;
        size_letter(size_c, &size);
        unsigned per_line = size == 8 ? 2 : size == 4 ? 4 : 8;
        for (uint64_t i = 0; i < count; i++) {
            if (i % per_line == 0) {
                if (i)
                    say(r, "\n");
                say(r, "0x%" PRIx64 "%s:", addr, symtext(r->m, addr, sym, sizeof sym));
            }
            uint8_t b[8];
            vsim_status st = phys ? vsim_read_phys(r->m, addr, b, size) : vsim_read_virt(r->m, addr, b, size);
            if (st != VSIM_OK) {
                say(r, " <cannot access memory at 0x%" PRIx64 ">\n", addr);
                goto out;
            }
            uint64_t v = le_load(b, size);
            unsigned bits = size * 8;
            switch (form) {
            case 'x': say(r, " 0x%0*" PRIx64, (int)size * 2, v); break;
            case 'u': say(r, " %" PRIu64, v); break;
            case 'd': {
                int64_t sv = bits == 64 ? (int64_t)v : (int64_t)(v << (64 - bits)) >> (64 - bits);
                say(r, " %" PRId64, sv);
                break;
            }
            case 'c': {
                uint8_t c = (uint8_t)v;
                if (isprint(c) && size == 1)
                    say(r, " %3u '%c'", c, c);
                else
                    say(r, " %3" PRIu64, v);
                break;
            }
            }
            addr += size;
        }
        say(r, "\n");
    }
out:
    r->x_next = addr;
    r->x_next_valid = true;
    r->x_next_phys = phys;
}

static void cmd_x(repl *r, const char *fmt, char *args) { examine(r, fmt, args, false); }
static void cmd_xp(repl *r, const char *fmt, char *args) { examine(r, fmt, args, true); }

static void cmd_disasm(repl *r, const char *fmt, char *args)
{
    (void)fmt;
    char *w[3];
    int n = split_words(args, w, 2);
    if (n > 2) {
        err(r, "usage: disasm [ADDR] [N]");
        return;
    }
    uint64_t addr = vsim_get_pc(r->m), count = 8;
    if (n >= 1 && !eval(r, w[0], &addr))
        return;
    if (n == 2 && !eval_count(r, w[1], &count))
        return;
    if (count > 65536) {
        err(r, "at most 65536 instructions");
        return;
    }
    for (uint64_t i = 0; i < count; i++) {
        int len = print_insn_at(r, addr, false);
        if (!len)
            break;
        addr += (unsigned)len;
    }
}

static void pte_flags(uint64_t pte, char *buf)
{
    static const char letters[] = "VRWXUGAD";
    for (int i = 0; i < 8; i++)
        buf[i] = (pte >> i) & 1 ? letters[i] : '-';
    buf[8] = 0;
}

static void cmd_page(repl *r, const char *fmt, char *args)
{
    (void)fmt;
    uint64_t va;
    if (!*args) {
        err(r, "usage: page ADDR");
        return;
    }
    if (!eval(r, args, &va))
        return;
    uint64_t satp = 0;
    vsim_get_csr(r->m, CSR_SATP, &satp);
    unsigned mode = (unsigned)(satp >> 60);
    const char *mode_name = mode == 0 ? "Bare" : mode == 8 ? "Sv39" : mode == 9 ? "Sv48" : "unknown";
    if (mode == 0)
        say(r, "satp 0x%016" PRIx64 ": Bare mode, no translation (virtual = physical)\n", satp);
    else
        say(r, "satp 0x%016" PRIx64 ": %s, asid %" PRIu64 ", root table at 0x%" PRIx64 "\n", satp, mode_name,
            (satp >> 44) & 0xffff, (satp & ((UINT64_C(1) << 44) - 1)) << 12);
    vsim_walk_level lv[5];
    size_t n = vsim_walk(r->m, va, lv, 5);
    if (n > 5)
        n = 5;
    for (size_t i = 0; i < n; i++) {
        uint64_t pte = lv[i].pte;
        char flags[9];
        pte_flags(pte, flags);
        uint64_t ppn_addr = ((pte >> 10) & ((UINT64_C(1) << 44) - 1)) << 12;
        say(r, "  level %d: PTE at 0x%" PRIx64 " = 0x%016" PRIx64 "  %s", lv[i].level, lv[i].pte_addr, pte, flags);
        if (!(pte & 1))
            say(r, "  invalid\n");
        else if (pte & 0xe) {
            uint64_t page = 4096ull << (9 * lv[i].level);
            say(r, "  leaf: %" PRIu64 " KiB page at 0x%" PRIx64 "\n", page >> 10, ppn_addr);
        } else
            say(r, "  next table at 0x%" PRIx64 "\n", ppn_addr);
    }
    if (mode != 0 && n == 0)
        say(r, "  no page-table levels read\n");
    static const struct { vsim_access acc; const char *name; } accs[] = {
        { VSIM_ACCESS_FETCH, "fetch" }, { VSIM_ACCESS_LOAD, "load" }, { VSIM_ACCESS_STORE, "store" } };
    unsigned priv = vsim_get_priv(r->m);
    say(r, "0x%" PRIx64 " now (%s-mode):", va, priv_name(priv));
    for (size_t i = 0; i < 3; i++) {
        uint64_t pa, cause;
        if (vsim_translate(r->m, va, accs[i].acc, &pa, &cause) == VSIM_OK)
            say(r, " %s 0x%" PRIx64 "%s", accs[i].name, pa, i < 2 ? "," : "\n");
        else
            say(r, " %s faults (%s)%s", accs[i].name, exception_name(cause), i < 2 ? "," : "\n");
    }
}

static void cmd_trace(repl *r, const char *fmt, char *args)
{
    (void)fmt;
    if (strcmp(args, "on") == 0) {
        vsim_set_trace(r->m, trace_insn, r);
        r->tracing = true;
    } else if (strcmp(args, "off") == 0) {
        vsim_set_trace(r->m, NULL, NULL);
        r->tracing = false;
    } else if (!*args) {
        say(r, "trace is %s\n", r->tracing ? "on" : "off");
    } else {
        err(r, "usage: trace on|off");
    }
}

/* catch exception N|all, catch interrupt N|all, catch off: vsim_stop_on_trap */
static void cmd_catch(repl *r, const char *fmt, char *args)
{
    (void)fmt;
    char *w[3];
    int n = split_words(args, w, 2);
    if (n == 0) {
        say(r, "catching exceptions 0x%" PRIx64 ", interrupts 0x%" PRIx64 " (bit n = cause n)\n", r->catch_exc,
            r->catch_int);
        return;
    }
    if (n == 1 && strcmp(w[0], "off") == 0) {
        r->catch_exc = r->catch_int = 0;
    } else if (n == 2 && (strcmp(w[0], "exception") == 0 || strcmp(w[0], "interrupt") == 0)) {
        uint64_t mask;
        if (strcmp(w[1], "all") == 0) {
            mask = ~0ull;
        } else {
            char *end;
            errno = 0;
            unsigned long c = strtoul(w[1], &end, 0);
            if (errno || *end || c > 63) {
                err(r, "bad cause '%s' (0..63 or all)", w[1]);
                return;
            }
            mask = 1ull << c;
        }
        if (w[0][0] == 'e')
            r->catch_exc |= mask;
        else
            r->catch_int |= mask;
    } else {
        err(r, "usage: catch exception N|all, catch interrupt N|all, catch off");
        return;
    }
    vsim_stop_on_trap(r->m, r->catch_exc, r->catch_int);
}

/* Read an aligned 8-byte stack slot, virtual. */
static bool read_slot(repl *r, uint64_t addr, uint64_t *v)
{
    uint8_t b[8];
    if ((addr & 7) || vsim_read_virt(r->m, addr, b, 8) != VSIM_OK)
        return false;
    *v = le_load(b, 8);
    return true;
}

/* A frame pointer worth following from fp: above it, 8-aligned, near. */
static bool plausible_fp(uint64_t fp, uint64_t next)
{
    return next > fp && !(next & 7) && next - fp < (64u << 20);
}

/* bt: walk the s0 chain (-fno-omit-frame-pointer): the saved ra is at
 * fp-8 and the caller's fp at fp-16; a leaf function saves only s0, at
 * fp-8 (seen as a frame pointer there, the return address is still in ra).
 * At a function's first instruction the frame is not set up yet: the
 * caller is in ra and s0 is the caller's frame. */
static void cmd_bt(repl *r, const char *fmt, char *args)
{
    (void)fmt;
    if (*args) {
        err(r, "bt takes no arguments");
        return;
    }
    char sym[160];
    uint64_t pc = vsim_get_pc(r->m), fp = 0, ra = 0, off = 1;
    vsim_get_reg(r->m, 8, &fp);
    vsim_get_reg(r->m, 1, &ra);
    int depth = 0;
    say(r, "#%-2d 0x%" PRIx64 "%s\n", depth++, pc, symtext(r->m, pc, sym, sizeof sym));
    const char *name = symbol_for(pc, &off);
    bool first = true;
    if (name && off == 0) {
        /* at the entry: no frame yet */
        if (!ra)
            return;
        say(r, "#%-2d 0x%" PRIx64 "%s\n", depth++, ra, symtext(r->m, ra, sym, sizeof sym));
        first = false;
    }
    while (depth < MAX_FRAMES && fp) {
        uint64_t slot8, slot16, caller_ra, caller_fp;
        if (!read_slot(r, fp - 8, &slot8))
            return;
        if (first && plausible_fp(fp, slot8)) { /* a leaf: s0 saved at fp-8, no ra saved */
            caller_ra = ra;
            caller_fp = slot8;
        } else {
            if (!read_slot(r, fp - 16, &slot16))
                return;
            caller_ra = slot8;
            caller_fp = slot16;
        }
        first = false;
        if (!caller_ra)
            return;
        uint32_t insn;
        if (!read_insn(r, caller_ra, false, &insn)) {
            say(r, "#%-2d 0x%" PRIx64 " (not code: the frame chain ends here)\n", depth, caller_ra);
            return;
        }
        say(r, "#%-2d 0x%" PRIx64 "%s\n", depth++, caller_ra, symtext(r->m, caller_ra, sym, sizeof sym));
        if (caller_fp && !plausible_fp(fp, caller_fp))
            return;
        fp = caller_fp;
    }
}

static void cmd_stats(repl *r, const char *fmt, char *args)
{
    (void)fmt;
    (void)args;
    vsim_stats s;
    vsim_get_stats(r->m, &s);
    say(r, "instructions             %" PRIu64 "\n", s.insns);
    say(r, "traps                    %" PRIu64 "\n", s.traps);
    say(r, "tlb hits / misses        %" PRIu64 " / %" PRIu64 "\n", s.tlb_hits, s.tlb_misses);
    say(r, "predecoded pages         %" PRIu64 " (%" PRIu64 " invalidations, %" PRIu64 " evictions, %" PRIu64
           " bytes now)\n",
        s.predecode_pages, s.predecode_invalidations, s.predecode_evictions, s.predecode_bytes);
}

static void cmd_help(repl *r, const char *fmt, char *args);

static void cmd_quit(repl *r, const char *fmt, char *args)
{
    (void)fmt;
    (void)args;
    r->quit = true;
}

static const command commands[] = {
    { "step", cmd_step, { "s", "stepi", "si" } },
    { "next", cmd_next, { "n", "nexti", "ni" } },
    { "continue", cmd_continue, { "c", "cont" } },
    { "until", cmd_until, { "u" } },
    { "break", cmd_break, { "b" } },
    { "watch", cmd_watch, { 0 } },
    { "delete", cmd_delete, { "d" } },
    { "info", cmd_info, { "i" } },
    { "regs", cmd_regs, { 0 } },
    { "fregs", cmd_fregs, { 0 } },
    { "csr", cmd_csr, { 0 } },
    { "priv", cmd_priv, { 0 } },
    { "set", cmd_set, { 0 } },
    { "x", cmd_x, { 0 } },
    { "xp", cmd_xp, { 0 } },
    { "disasm", cmd_disasm, { "dis" } },
    { "page", cmd_page, { 0 } },
    { "trace", cmd_trace, { 0 } },
    { "catch", cmd_catch, { 0 } },
    { "bt", cmd_bt, { "backtrace", "where" } },
    { "stats", cmd_stats, { 0 } },
    { "help", cmd_help, { "h", "?" } },
    { "quit", cmd_quit, { "q", "exit" } },
};

static const char repl_help[] =
    "running (Ctrl-C stops a run):\n"
    "  step [N]            execute N instructions (default 1); also s, si\n"
    "  next [N]            like step, but run over calls (jal/jalr/c.jalr writing ra or t0)\n"
    "                      to the return address in the same frame; also n, ni\n"
    "  continue            run until a breakpoint, watchpoint, caught trap or power-off; also c\n"
    "  until ADDR          run until the pc reaches ADDR\n"
    "breakpoints (numbered; info break lists them):\n"
    "  break [ADDR]        breakpoint at ADDR (default: the pc); also b\n"
    "  watch [r|w|rw] ADDR [LEN]\n"
    "                      stop after an instruction reads (r), writes (w) or accesses (rw,\n"
    "                      the default) virtual bytes [ADDR, ADDR+LEN); LEN defaults to 8.\n"
    "                      r/w/rw is a kind only when an address follows it\n"
    "  delete [N]          delete breakpoint/watchpoint N, or all of them\n"
    "  catch exception N|all, catch interrupt N|all, catch off\n"
    "                      stop right after taking a trap with that cause\n"
    "looking at the machine:\n"
    "  regs                x0-x31, pc and privilege mode\n"
    "  fregs               f0-f31: raw bits and as a double (and as a NaN-boxed single)\n"
    "  csr [NAME|NUMBER]   one CSR, or the common machine/supervisor ones\n"
    "  priv                the privilege mode\n"
    "  x/FMT ADDR          virtual memory. FMT = [COUNT][SIZE][FORMAT]: SIZE b h w g (1 2 4 8\n"
    "                      bytes), FORMAT x d u c, i (instructions) or s (string); size and\n"
    "                      format are kept for the next x; x with no ADDR goes on from the last\n"
    "                      (e.g. x/4xw main, x/8i $pc, x/2dg $sp+16, x/s str)\n"
    "  xp/FMT ADDR         the same in physical memory\n"
    "  disasm [ADDR] [N]   N instructions (default 8) from ADDR (default: the pc)\n"
    "  page ADDR           the page-table walk for ADDR under satp, each PTE with its flags\n"
    "                      (VRWXUGAD), and what fetch/load/store translate it to now\n"
    "  bt                  backtrace along the s0 frame-pointer chain (needs code built with\n"
    "                      -fno-omit-frame-pointer)\n"
    "  info break|tlb|dev|regs\n"
    "                      breakpoints and watchpoints, software TLB entries, devices\n"
    "  stats               instruction, trap, TLB and predecode counters\n"
    "  trace on|off        print every instruction before it executes\n"
    "changing it:\n"
    "  set REG = VALUE     an integer register (x5, t0, fp), pc, an f register (raw bits,\n"
    "                      or a double if VALUE has a point or exponent: set fa0 = 1.5) or a\n"
    "                      CSR by name (set mscratch = 1)\n"
    "  set *ADDR = VALUE   8 bytes of virtual memory; set/b, set/h, set/w for 1, 2 or 4\n"
    "  help, quit          (quit, or end of input: vsim exits with the guest's exit code if\n"
    "                      it powered off (0-119; 120 for 120 and above), otherwise 0)\n"
    "ADDR, VALUE and N are expressions: numbers (0x1f, 31), ELF symbols, registers\n"
    "($pc, $a0, or a0 when no symbol has that name), + - and parentheses (main+0x10,\n"
    "$sp-16). In a command taking two of them, write each without spaces.\n"
    "On a terminal an empty line repeats the last step or next; lines starting with #\n"
    "are comments.\n";

static void cmd_help(repl *r, const char *fmt, char *args)
{
    (void)fmt;
    (void)args;
    say(r, "%s", repl_help);
}

static const command *find_command(const char *name)
{
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++) {
        if (strcmp(commands[i].name, name) == 0)
            return &commands[i];
        for (size_t k = 0; k < 4 && commands[i].alias[k]; k++)
            if (strcmp(commands[i].alias[k], name) == 0)
                return &commands[i];
    }
    return NULL;
}

/* Run one command line (modified in place). */
static void execute(repl *r, char *line)
{
    line = trim(line);
    if (!*line || *line == '#')
        return;
    size_t n = strcspn(line, " \t/");
    char name[32];
    if (n >= sizeof name) {
        err(r, "unknown command '%.*s' (try help)", (int)n, line);
        return;
    }
    memcpy(name, line, n);
    name[n] = 0;
    char *rest = line + n;
    const char *fmt = NULL;
    if (*rest == '/') {
        rest++;
        fmt = rest;
        size_t k = strcspn(rest, " \t");
        if (rest[k]) {
            rest[k] = 0;
            rest += k + 1;
        } else {
            rest += k;
        }
        if (!*fmt) {
            err(r, "empty format after '/'");
            return;
        }
    }
    const command *c = find_command(name);
    if (!c) {
        err(r, "unknown command '%s' (try help)", name);
        return;
    }
    if (fmt && c->fn != cmd_x && c->fn != cmd_xp && c->fn != cmd_set) {
        err(r, "%s takes no /FORMAT", c->name);
        return;
    }
    c->fn(r, fmt, trim(rest));
}

/* ------------------------------------------------------------------ readline */

static repl *rl_repl; /* for the completion callbacks (readline has no opaque pointer) */

static char *complete_command(const char *text, int state)
{
    static size_t i, len;
    if (!state) {
        i = 0;
        len = strlen(text);
    }
    while (i < sizeof commands / sizeof commands[0]) {
        const char *name = commands[i++].name;
        if (strncmp(name, text, len) == 0)
            return strdup(name);
    }
    return NULL;
}

static char *complete_symbol(const char *text, int state)
{
    static size_t i, len;
    static int phase;
    if (!state) {
        i = 0;
        len = strlen(text);
        phase = text[0] == '$' ? 1 : 0;
    }
    if (phase == 0) { /* ELF symbols */
        const char *name;
        uint64_t v;
        while ((name = vsim_symbol_at_index(rl_repl->m, i++, &v)) != NULL)
            if (name[0] != '$' && strncmp(name, text, len) == 0)
                return strdup(name);
        return NULL;
    }
    /* $registers */
    while (i < 32 + 32 + 1) {
        size_t k = i++;
        const char *name = k < 32 ? xreg_abi[k] : k < 64 ? freg_abi[k - 32] : "pc";
        if (strncmp(name, text + 1, len - 1) == 0) {
            char *s = malloc(strlen(name) + 2);
            if (s)
                sprintf(s, "$%s", name);
            return s;
        }
    }
    return NULL;
}

static char **complete(const char *text, int start, int end)
{
    (void)end;
    rl_attempted_completion_over = 1; /* no file names */
    int i = 0;
    while (i < start && isspace((unsigned char)rl_line_buffer[i]))
        i++;
    if (i == start)
        return rl_completion_matches(text, complete_command);
    return rl_completion_matches(text, complete_symbol);
}

/* Ctrl-C at the prompt: forget the line, prompt again. */
static int on_rl_signal(void)
{
    if (sig_interrupted) {
        sig_interrupted = 0;
        rl_replace_line("", 0);
        rl_crlf();
        rl_on_new_line();
        rl_redisplay();
    }
    return 0;
}

static char *history_path(void)
{
    const char *home = getenv("HOME");
    if (!home || !*home)
        return NULL;
    size_t n = strlen(home) + sizeof "/.vsim_history";
    char *p = malloc(n);
    if (p)
        snprintf(p, n, "%s/.vsim_history", home);
    return p;
}

/* One line, without its newline; NULL at the end of input. */
static char *read_line(repl *r, char **buf, size_t *cap)
{
    if (r->interactive) {
        free(*buf);
        *buf = readline("(vsim) ");
        return *buf;
    }
    ssize_t n = getline(buf, cap, r->in);
    if (n < 0)
        return NULL;
    if (n && (*buf)[n - 1] == '\n')
        (*buf)[--n] = 0;
    return *buf;
}

static bool is_repeatable(const char *line)
{
    size_t n = strcspn(line, " \t");
    char name[16];
    if (n >= sizeof name)
        return false;
    memcpy(name, line, n);
    name[n] = 0;
    const command *c = find_command(name);
    return c && (c->fn == cmd_step || c->fn == cmd_next);
}

int repl_main(vsim_machine *m, const char *program, FILE *in, FILE *out)
{
    repl r = {
        .m = m,
        .program = program,
        .in = in,
        .out = out,
        .interactive = isatty(fileno(in)) != 0,
        .x_size = 'w',
        .x_fmt = 'x',
    };
    char *hist = NULL;
    struct sigaction old_sigint;
    symtab_build(m);
    if (r.interactive) {
        rl_repl = &r;
        rl_instream = in;
        rl_outstream = out;
        rl_readline_name = "vsim";
        rl_attempted_completion_function = complete;
        rl_basic_word_break_characters = " \t\n+-*=(),";
        rl_signal_event_hook = on_rl_signal;
        using_history();
        hist = history_path();
        if (hist)
            read_history(hist); /* a missing or unreadable file is fine */
        install_sigint(&old_sigint);
        say(&r, "vsim debug: %s (type help for the commands)\n", program);
        print_insn_at(&r, vsim_get_pc(m), false);
    }

    char *buf = NULL;
    size_t cap = 0;
    char *line;
    while (!r.quit && (line = read_line(&r, &buf, &cap)) != NULL) {
        char *work;
        if (r.interactive) {
            char *t = trim(line);
            if (!*t) {
                if (!r.repeat)
                    continue;
                work = strdup(r.repeat);
            } else {
                add_history(t);
                if (hist && append_history(1, hist) != 0)
                    write_history(hist); /* no file yet; failures are fine */
                if (is_repeatable(t)) {
                    free(r.repeat);
                    r.repeat = strdup(t);
                } else {
                    free(r.repeat);
                    r.repeat = NULL;
                }
                work = strdup(t);
            }
        } else {
            work = strdup(line);
        }
        if (!work) {
            err(&r, "out of memory");
            break;
        }
        execute(&r, work);
        free(work);
        fflush(out);
    }
    if (r.interactive) {
        if (!r.quit)
            say(&r, "\n");
        if (hist)
            history_truncate_file(hist, HISTORY_LINES);
        sigaction(SIGINT, &old_sigint, NULL);
        rl_repl = NULL;
    }
    free(buf);
    free(hist);
    free(r.repeat);
    free(r.points);
    free(symtab);
    symtab = NULL;
    symtab_count = 0;
    if (r.tracing)
        vsim_set_trace(m, NULL, NULL);
    fflush(out);
    if (!r.powered_off)
        return 0;
    return r.exit_code >= 0 && r.exit_code <= REPL_EXIT_GUEST_MAX ? r.exit_code : REPL_EXIT_GUEST_HIGH;
}

void repl_command(vsim_machine *m, const char *line, FILE *out)
{
    repl r = { .m = m, .program = "", .out = out, .x_size = 'w', .x_fmt = 'x' };
    symtab_build(m);
    char *work = strdup(line);
    if (work) {
        execute(&r, work);
        free(work);
    } else {
        err(&r, "out of memory");
    }
    free(r.repeat);
    free(r.points);
    free(symtab);
    symtab = NULL;
    symtab_count = 0;
    if (r.tracing)
        vsim_set_trace(m, NULL, NULL);
    fflush(out);
}
