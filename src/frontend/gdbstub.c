/*
 * vsim run --gdb=PORT: a GDB Remote Serial Protocol server.
 *
 * One TCP connection on 127.0.0.1, all-stop mode, one thread (the hart).
 * Built on the public libvsim API only: breakpoints and watchpoints are the
 * library's (vsim_break_add, vsim_watch_add), so guest memory is never
 * patched; memory is accessed as the debugger sees it (vsim_read_virt,
 * vsim_write_virt).
 *
 * What GDB gets:
 *  - qSupported: PacketSize, qXfer:features:read (target.xml: riscv:rv64 with
 *    the org.gnu.gdb.riscv.cpu, .fpu and .csr features), swbreak, hwbreak,
 *    vContSupported, QStartNoAckMode.
 *  - Register numbers (p/P, target.xml): 0-31 x0-x31, 32 pc, 33-64 f0-f31,
 *    and 65 + CSR number for the CSRs (fflags 66, frm 67, fcsr 68, mstatus
 *    833, ...) — the numbering GDB itself uses for RISC-V. `g`/`G` carry
 *    x0-x31 and pc; GDB fetches the rest with `p`.
 *  - Stop replies: T05 swbreak/hwbreak/watch/rwatch/awatch with thread:1,
 *    T02 after Ctrl-C, W when the guest powers off (then the server returns
 *    the exit status). A guest that can go no further stays inspectable:
 *    instruction limit T18 (SIGXCPU), trap loop T04/T0a/T0b (SIGILL, SIGBUS,
 *    SIGSEGV by the trap cause), each preceded by an O packet saying why.
 *  - monitor (qRcmd): help, stats, priv, tlb, translate ADDR, devices.
 *
 * The target runs in slices of SLICE instructions; between slices the
 * socket is polled (without waiting) for the Ctrl-C byte. A guest that
 * retires few instructions (waiting in wfi) would make slices long, so a
 * watcher thread also waits for the socket to become readable and then
 * asks the run to return (vsim_interrupt, the library's one thread-safe
 * call); it never reads the socket itself.
 */
#include "gdbstub.h"
#include "repl.h"

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <pthread.h>
#include <sys/socket.h>
#include <unistd.h>

/* vsim's exit statuses (as main.c documents them in `vsim --help`). */
enum {
    EXIT_GUEST_MAX = 119,
    EXIT_GUEST_HIGH = 120,
    EXIT_HALTED = 121,
    EXIT_RESET = 122,
    EXIT_INSN_LIMIT = 124,
    EXIT_INTERNAL = 127,
};

/* GDB's signal numbers (include/gdb/signals.def), not the host's. */
enum {
    GDB_SIGINT = 2,
    GDB_SIGILL = 4,
    GDB_SIGTRAP = 5,
    GDB_SIGABRT = 6,
    GDB_SIGBUS = 10,
    GDB_SIGSEGV = 11,
    GDB_SIGXCPU = 24,
};

#define PACKET_SIZE 0x4000              /* the largest packet we accept (qSupported PacketSize) */
#define MEM_MAX ((PACKET_SIZE - 32) / 2) /* bytes in one m reply */
#define OUT_MAX (2 * PACKET_SIZE + 64)  /* reply payload (before escaping) */
#define SLICE 100000                    /* instructions between polls for Ctrl-C */
#define MAX_POINTS 4096                 /* breakpoints + watchpoints the server keeps */
#define REG_PC 32
#define REG_F0 33
#define REG_CSR0 65                     /* register number of CSR 0; CSR n is 65 + n */
#define NUM_CSRS 4096
#define CSR_FFLAGS 0x001
#define CSR_FRM 0x002
#define CSR_FCSR 0x003
#define CSR_MISA 0x301

enum point_type { PT_SW = 0, PT_HW = 1, PT_WRITE = 2, PT_READ = 3, PT_ACCESS = 4 };

struct point {
    enum point_type type;
    uint64_t addr, len;
};

/* A growable string for target.xml and monitor output. */
struct sbuf {
    char *p;
    size_t len, cap;
    bool oom;
};

struct stub {
    vsim_machine *m;
    int fd;
    bool closed;      /* the connection is gone */
    bool noack;       /* QStartNoAckMode accepted */
    bool gdb_swbreak; /* GDB understands the swbreak/hwbreak stop reasons */
    bool gdb_hwbreak;
    bool interrupted; /* Ctrl-C seen */

    /* bytes received, not yet parsed */
    uint8_t rbuf[4096];
    size_t rpos, rlen;

    /* the packet being handled (unescaped, NUL-terminated) */
    char pkt[PACKET_SIZE + 1];
    size_t pktlen;

    char out[OUT_MAX];
    uint8_t mem[PACKET_SIZE / 2]; /* memory for m and M */
    uint8_t tx[2 * OUT_MAX + 8];

    char last_stop[96]; /* the reply to `?` */

    struct point *points;
    size_t npoints, cappoints;

    bool has_fpu;
    uint8_t csr_present[NUM_CSRS]; /* CSRs in target.xml */
    struct sbuf xml;

    /* the watcher thread (see resume) */
    pthread_mutex_t wlock;
    int wpipe[2];             /* a byte here tells the watcher to stop */
    bool in_run;              /* the main thread is in vsim_run (wlock) */
    bool fired;               /* the watcher called vsim_interrupt (wlock) */
    bool interrupt_pending;   /* ... after the run returned: the next run returns at once */
};

/* ------------------------------------------------------------------ helpers */

static void sb_grow(struct sbuf *b, size_t more)
{
    if (b->oom || b->len + more + 1 <= b->cap)
        return;
    size_t cap = b->cap ? b->cap : 256;
    while (cap < b->len + more + 1)
        cap *= 2;
    char *p = realloc(b->p, cap);
    if (!p) {
        b->oom = true;
        return;
    }
    b->p = p;
    b->cap = cap;
}

__attribute__((format(printf, 2, 3))) static void sb_printf(struct sbuf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    sb_grow(b, (size_t)n);
    if (b->oom)
        return;
    va_start(ap, fmt);
    vsnprintf(b->p + b->len, b->cap - b->len, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}

static void sb_free(struct sbuf *b)
{
    free(b->p);
    *b = (struct sbuf){ 0 };
}

static int hexval(int c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

static const char hexdig[] = "0123456789abcdef";

/* A hex number at *p (at least one digit, no overflow past 64 bits); moves *p past it. */
static bool parse_hex(const char **p, const char *end, uint64_t *out)
{
    const char *s = *p;
    uint64_t v = 0;
    int d;
    if (s >= end || hexval((unsigned char)*s) < 0)
        return false;
    while (s < end && (d = hexval((unsigned char)*s)) >= 0) {
        if (v >> 60)
            return false;
        v = v << 4 | (uint64_t)d;
        s++;
    }
    *p = s;
    *out = v;
    return true;
}

/* Decode exactly n bytes of hex at s into buf; false on a bad digit. */
static bool unhex(const char *s, uint8_t *buf, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        int hi = hexval((unsigned char)s[2 * i]), lo = hexval((unsigned char)s[2 * i + 1]);
        if (hi < 0 || lo < 0)
            return false;
        buf[i] = (uint8_t)(hi << 4 | lo);
    }
    return true;
}

static char *put_hex_bytes(char *o, const uint8_t *buf, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        *o++ = hexdig[buf[i] >> 4];
        *o++ = hexdig[buf[i] & 15];
    }
    *o = 0;
    return o;
}

/* A register value in target byte order (little-endian), size bytes. */
static char *put_le(char *o, uint64_t v, unsigned size)
{
    for (unsigned i = 0; i < size; i++) {
        uint8_t b = (uint8_t)(v >> (8 * i));
        *o++ = hexdig[b >> 4];
        *o++ = hexdig[b & 15];
    }
    *o = 0;
    return o;
}

static bool get_le(const char *s, size_t len, unsigned size, uint64_t *out)
{
    uint8_t b[8];
    if (size > 8 || len != 2 * (size_t)size || !unhex(s, b, size))
        return false;
    uint64_t v = 0;
    for (unsigned i = 0; i < size; i++)
        v |= (uint64_t)b[i] << (8 * i);
    *out = v;
    return true;
}

/* Does a thread-id ("1", "-1", "0", "p1.1", "p-1.-1", ...) include our one thread?
 * 1 yes, 0 another thread, -1 malformed. */
static int thread_is_ours(const char *s, const char *end)
{
    if (s < end && *s == 'p') { /* multiprocess form pPID.TID */
        s++;
        const char *dot = memchr(s, '.', (size_t)(end - s));
        int pid = thread_is_ours(s, dot ? dot : end);
        if (pid <= 0 || !dot)
            return pid;
        return thread_is_ours(dot + 1, end);
    }
    if (end - s == 2 && s[0] == '-' && s[1] == '1')
        return 1;
    uint64_t v;
    const char *p = s;
    if (!parse_hex(&p, end, &v) || p != end)
        return -1;
    return v == 0 || v == 1;
}

/* ------------------------------------------------------------------ connection */

static bool send_all(struct stub *s, const void *data, size_t len)
{
    const uint8_t *p = data;
    while (len && !s->closed) {
        ssize_t n = send(s->fd, p, len, MSG_NOSIGNAL);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            s->closed = true;
            return false;
        }
        p += n;
        len -= (size_t)n;
    }
    return !s->closed;
}

/* Read more bytes into rbuf; wait if `wait`. Returns false if nothing came. */
static bool fill(struct stub *s, bool wait)
{
    if (s->closed)
        return false;
    if (s->rpos == s->rlen)
        s->rpos = s->rlen = 0;
    if (s->rlen == sizeof s->rbuf) { /* full: keep the unread part, at the front */
        memmove(s->rbuf, s->rbuf + s->rpos, s->rlen - s->rpos);
        s->rlen -= s->rpos;
        s->rpos = 0;
        if (s->rlen == sizeof s->rbuf)
            return false;
    }
    for (;;) {
        struct pollfd pfd = { .fd = s->fd, .events = POLLIN };
        int r = poll(&pfd, 1, wait ? -1 : 0);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0) {
            s->closed = true;
            return false;
        }
        if (r == 0)
            return false;
        ssize_t n = recv(s->fd, s->rbuf + s->rlen, sizeof s->rbuf - s->rlen, 0);
        if (n < 0 && (errno == EINTR || errno == EAGAIN))
            continue;
        if (n <= 0) {
            s->closed = true;
            return false;
        }
        s->rlen += (size_t)n;
        return true;
    }
}

/* The next byte (waiting for it), or -1 when the connection is gone. */
static int getbyte(struct stub *s)
{
    if (s->rpos == s->rlen && !fill(s, true))
        return -1;
    return s->rbuf[s->rpos++];
}

static int peekbyte(struct stub *s)
{
    if (s->rpos == s->rlen && !fill(s, true))
        return -1;
    return s->rbuf[s->rpos];
}

/* Frame payload[0..len) as $...#cs, escaping the bytes that cannot appear
 * raw if `binary`; in ack mode wait for '+' (resend on '-'). */
static void send_frame(struct stub *s, const char *payload, size_t len, bool binary)
{
    uint8_t *t = s->tx;
    uint8_t sum = 0;
    *t++ = '$';
    for (size_t i = 0; i < len; i++) {
        uint8_t c = (uint8_t)payload[i];
        if (binary && (c == '$' || c == '#' || c == '}' || c == '*')) {
            *t++ = '}';
            sum = (uint8_t)(sum + '}');
            c ^= 0x20;
        }
        *t++ = c;
        sum = (uint8_t)(sum + c);
    }
    *t++ = '#';
    *t++ = (uint8_t)hexdig[sum >> 4];
    *t++ = (uint8_t)hexdig[sum & 15];
    size_t n = (size_t)(t - s->tx);

    for (int tries = 0; tries < 8; tries++) {
        if (!send_all(s, s->tx, n) || s->noack)
            return;
        for (;;) { /* wait for the acknowledgment */
            int c = peekbyte(s);
            if (c < 0 || c == '$') /* gone, or GDB went on without acking */
                return;
            s->rpos++;
            if (c == '+')
                return;
            if (c == '-')
                break; /* resend */
            if (c == 0x03)
                s->interrupted = true;
        }
    }
}

static void reply(struct stub *s, const char *text) { send_frame(s, text, strlen(text), false); }

__attribute__((format(printf, 2, 3))) static void replyf(struct stub *s, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(s->out, sizeof s->out, fmt, ap);
    va_end(ap);
    reply(s, s->out);
}

/* Console text for GDB to print, as O packets (allowed while the target
 * runs and in reply to qRcmd). */
static void send_console(struct stub *s, const char *text, size_t len)
{
    while (len) {
        size_t n = len < 1024 ? len : 1024;
        s->out[0] = 'O';
        put_hex_bytes(s->out + 1, (const uint8_t *)text, n);
        reply(s, s->out);
        text += n;
        len -= n;
    }
}

/*
 * Receive one packet into s->pkt. Returns 1 for a packet, 0 when the
 * connection is gone. Garbage before '$' is skipped; a packet with a bad
 * checksum is answered with '-' (in ack mode) and dropped; '}' escapes are
 * undone; a packet longer than the buffer is consumed and flagged (*overflow).
 */
static int get_packet(struct stub *s, bool *overflow)
{
    for (;;) {
        int c;
        do { /* skip to the start of a packet */
            c = getbyte(s);
            if (c < 0)
                return 0;
            /* '+'/'-' here are stale acknowledgments; 0x03 while stopped: nothing to stop */
        } while (c != '$');

    restart:
        *overflow = false;
        s->pktlen = 0;
        uint8_t sum = 0;
        bool bad = false, esc = false;
        for (;;) {
            c = getbyte(s);
            if (c < 0)
                return 0;
            if (c == '$') /* a new packet: the previous one was truncated */
                goto restart;
            if (c == '#')
                break;
            sum = (uint8_t)(sum + c);
            if (esc) {
                c ^= 0x20;
                esc = false;
            } else if (c == '}') {
                esc = true;
                continue;
            }
            if (s->pktlen < PACKET_SIZE)
                s->pkt[s->pktlen++] = (char)c;
            else
                *overflow = true;
        }
        if (esc) /* '}' with nothing to escape */
            bad = true;
        int h1 = getbyte(s);
        if (h1 < 0)
            return 0;
        if (h1 == '$')
            goto restart;
        int h2 = getbyte(s);
        if (h2 < 0)
            return 0;
        if (h2 == '$')
            goto restart;
        if (hexval(h1) < 0 || hexval(h2) < 0 || (uint8_t)(hexval(h1) << 4 | hexval(h2)) != sum)
            bad = true;
        if (bad && !s->noack) {
            send_all(s, "-", 1);
            continue;
        }
        if (bad) /* no-ack mode: GDB will not resend; drop it */
            continue;
        if (!s->noack && !send_all(s, "+", 1))
            return 0;
        s->pkt[s->pktlen] = 0;
        return 1;
    }
}

/* Look for Ctrl-C (0x03) in rbuf[from, rlen): remove it and note it. */
static void scan_interrupt(struct stub *s, size_t from)
{
    for (size_t i = from; i < s->rlen; i++)
        if (s->rbuf[i] == 0x03) {
            memmove(s->rbuf + i, s->rbuf + i + 1, s->rlen - i - 1);
            s->rlen--;
            s->interrupted = true;
            return;
        }
}

/* While the target runs: has GDB sent Ctrl-C? Reads what has arrived,
 * without waiting. Other bytes are kept for later (in all-stop mode GDB
 * sends nothing else before the stop reply); if they pile up, they go. */
static bool check_interrupt(struct stub *s)
{
    while (!s->interrupted && !s->closed) {
        if (s->rlen == sizeof s->rbuf) {
            if (s->rpos) {
                memmove(s->rbuf, s->rbuf + s->rpos, s->rlen - s->rpos);
                s->rlen -= s->rpos;
                s->rpos = 0;
            } else {
                s->rlen = 0;
            }
        }
        size_t from = s->rpos == s->rlen ? 0 : s->rlen; /* fill() restarts an empty buffer at 0 */
        if (!fill(s, false))
            break;
        scan_interrupt(s, from);
    }
    return s->interrupted;
}

/* ------------------------------------------------------------------ target description */

static const char *const gpr_names[32] = {
    "zero", "ra", "sp", "gp", "tp", "t0", "t1", "t2", "fp", "s1", "a0", "a1", "a2", "a3", "a4", "a5",
    "a6", "a7", "s2", "s3", "s4", "s5", "s6", "s7", "s8", "s9", "s10", "s11", "t3", "t4", "t5", "t6",
};
static const char *const fpr_names[32] = {
    "ft0", "ft1", "ft2", "ft3", "ft4", "ft5", "ft6", "ft7", "fs0", "fs1", "fa0", "fa1", "fa2", "fa3", "fa4", "fa5",
    "fa6", "fa7", "fs2", "fs3", "fs4", "fs5", "fs6", "fs7", "fs8", "fs9", "fs10", "fs11", "ft8", "ft9", "ft10", "ft11",
};

static bool csr_is_fp(unsigned csr) { return csr == CSR_FFLAGS || csr == CSR_FRM || csr == CSR_FCSR; }

/* Which CSRs the hart has (by name and a successful read), and target.xml from that. */
static void build_target_xml(struct stub *s)
{
    uint64_t v;
    for (unsigned csr = 0; csr < NUM_CSRS; csr++)
        s->csr_present[csr] = vsim_csr_name(csr) && vsim_get_csr(s->m, csr, &v) == VSIM_OK;
    uint64_t misa = 0;
    if (s->csr_present[CSR_MISA])
        vsim_get_csr(s->m, CSR_MISA, &misa);
    /* F or D in misa (or, if misa says nothing, f0 reads and fcsr exists) */
    s->has_fpu = misa ? (misa & ((1u << ('F' - 'A')) | (1u << ('D' - 'A')))) != 0
                      : vsim_get_freg(s->m, 0, &v) == VSIM_OK && s->csr_present[CSR_FCSR];
    if (!s->has_fpu)
        for (unsigned csr = CSR_FFLAGS; csr <= CSR_FCSR; csr++)
            s->csr_present[csr] = 0;

    struct sbuf *b = &s->xml;
    sb_printf(b, "<?xml version=\"1.0\"?>\n<!DOCTYPE target SYSTEM \"gdb-target.dtd\">\n<target version=\"1.0\">\n"
                 "<architecture>riscv:rv64</architecture>\n<feature name=\"org.gnu.gdb.riscv.cpu\">\n");
    for (int i = 0; i < 32; i++) {
        const char *type = i == 1 ? "code_ptr" : (i == 2 || i == 3 || i == 4 || i == 8) ? "data_ptr" : "int";
        sb_printf(b, "  <reg name=\"%s\" bitsize=\"64\" type=\"%s\" regnum=\"%d\"/>\n", gpr_names[i], type, i);
    }
    sb_printf(b, "  <reg name=\"pc\" bitsize=\"64\" type=\"code_ptr\" regnum=\"%d\"/>\n</feature>\n", REG_PC);
    if (s->has_fpu) {
        sb_printf(b, "<feature name=\"org.gnu.gdb.riscv.fpu\">\n"
                     "  <union id=\"riscv_double\">\n    <field name=\"float\" type=\"ieee_single\"/>\n"
                     "    <field name=\"double\" type=\"ieee_double\"/>\n  </union>\n");
        for (int i = 0; i < 32; i++)
            sb_printf(b, "  <reg name=\"%s\" bitsize=\"64\" type=\"riscv_double\" regnum=\"%d\"/>\n", fpr_names[i],
                      REG_F0 + i);
        for (unsigned csr = CSR_FFLAGS; csr <= CSR_FCSR; csr++)
            if (s->csr_present[csr])
                sb_printf(b, "  <reg name=\"%s\" bitsize=\"32\" type=\"int\" regnum=\"%u\"/>\n", vsim_csr_name(csr),
                          REG_CSR0 + csr);
        sb_printf(b, "</feature>\n");
    }
    sb_printf(b, "<feature name=\"org.gnu.gdb.riscv.csr\">\n");
    for (unsigned csr = 0; csr < NUM_CSRS; csr++)
        if (s->csr_present[csr] && !csr_is_fp(csr))
            sb_printf(b, "  <reg name=\"%s\" bitsize=\"64\" type=\"int\" regnum=\"%u\" save-restore=\"no\"/>\n",
                      vsim_csr_name(csr), REG_CSR0 + csr);
    sb_printf(b, "</feature>\n</target>\n");
}

/* ------------------------------------------------------------------ registers */

enum reg_kind { RK_NONE, RK_GPR, RK_PC, RK_FPR, RK_CSR };

static enum reg_kind reg_lookup(const struct stub *s, uint64_t regnum, unsigned *index, unsigned *size)
{
    *size = 8;
    if (regnum < 32) {
        *index = (unsigned)regnum;
        return RK_GPR;
    }
    if (regnum == REG_PC)
        return RK_PC;
    if (regnum >= REG_F0 && regnum < REG_F0 + 32 && s->has_fpu) {
        *index = (unsigned)(regnum - REG_F0);
        return RK_FPR;
    }
    if (regnum >= REG_CSR0 && regnum < REG_CSR0 + NUM_CSRS && s->csr_present[regnum - REG_CSR0]) {
        *index = (unsigned)(regnum - REG_CSR0);
        if (csr_is_fp(*index))
            *size = 4;
        return RK_CSR;
    }
    return RK_NONE;
}

static void handle_g(struct stub *s)
{
    uint64_t regs[32] = { 0 };
    vsim_get_regs(s->m, regs);
    char *o = s->out;
    for (int i = 0; i < 32; i++)
        o = put_le(o, regs[i], 8);
    put_le(o, vsim_get_pc(s->m), 8);
    reply(s, s->out);
}

static void handle_G(struct stub *s)
{
    const char *p = s->pkt + 1;
    size_t len = s->pktlen - 1;
    uint64_t v[33];
    if (len < 33 * 16) {
        reply(s, "E01");
        return;
    }
    for (int i = 0; i < 33; i++)
        if (!get_le(p + 16 * i, 16, 8, &v[i])) {
            reply(s, "E01");
            return;
        }
    for (unsigned i = 1; i < 32; i++)
        vsim_set_reg(s->m, i, v[i]);
    vsim_set_pc(s->m, v[32]);
    reply(s, "OK");
}

static void handle_p(struct stub *s)
{
    const char *p = s->pkt + 1, *end = s->pkt + s->pktlen;
    uint64_t n, v = 0;
    unsigned idx = 0, size;
    if (!parse_hex(&p, end, &n) || p != end) {
        reply(s, "E01");
        return;
    }
    vsim_status st = VSIM_OK;
    switch (reg_lookup(s, n, &idx, &size)) {
    case RK_NONE: reply(s, "E45"); return; /* no such register */
    case RK_GPR: st = vsim_get_reg(s->m, idx, &v); break;
    case RK_PC: v = vsim_get_pc(s->m); break;
    case RK_FPR: st = vsim_get_freg(s->m, idx, &v); break;
    case RK_CSR: st = vsim_get_csr(s->m, idx, &v); break;
    }
    if (st != VSIM_OK) { /* in target.xml but unreadable now: "unavailable" */
        memset(s->out, 'x', 2 * size);
        s->out[2 * size] = 0;
    } else {
        put_le(s->out, v, size);
    }
    reply(s, s->out);
}

static void handle_P(struct stub *s)
{
    const char *p = s->pkt + 1, *end = s->pkt + s->pktlen;
    uint64_t n, v;
    unsigned idx = 0, size;
    if (!parse_hex(&p, end, &n) || p == end || *p != '=') {
        reply(s, "E01");
        return;
    }
    p++;
    enum reg_kind k = reg_lookup(s, n, &idx, &size);
    if (k == RK_NONE) {
        reply(s, "E45");
        return;
    }
    if (!get_le(p, (size_t)(end - p), size, &v)) {
        reply(s, "E01");
        return;
    }
    vsim_status st = VSIM_OK;
    switch (k) {
    case RK_NONE: break;
    case RK_GPR: st = vsim_set_reg(s->m, idx, v); break;
    case RK_PC: st = vsim_set_pc(s->m, v); break;
    case RK_FPR: st = vsim_set_freg(s->m, idx, v); break;
    case RK_CSR: st = vsim_set_csr(s->m, idx, v); break;
    }
    reply(s, st == VSIM_OK ? "OK" : "E01");
}

/* ------------------------------------------------------------------ memory */

/* Read as much of [addr, addr+len) as is there, from the start; returns the
 * byte count. Whole pages first; where that fails (device registers want
 * naturally aligned 1/2/4/8-byte accesses), piece by piece. */
static size_t mem_read(struct stub *s, uint64_t addr, uint8_t *buf, size_t len)
{
    if (len > UINT64_MAX - addr) /* no wrapping past the top of the address space */
        len = (size_t)(UINT64_MAX - addr) + 1;
    if (len && vsim_read_virt(s->m, addr, buf, len) == VSIM_OK)
        return len;
    size_t done = 0;
    while (done < len) {
        uint64_t a = addr + done;
        size_t chunk = (size_t)(4096 - (a & 4095));
        if (chunk > len - done)
            chunk = len - done;
        if (vsim_read_virt(s->m, a, buf + done, chunk) == VSIM_OK) {
            done += chunk;
            continue;
        }
        size_t stop = done + chunk;
        while (done < stop) {
            a = addr + done;
            size_t n = 8;
            while (n > 1 && ((a & (n - 1)) || n > stop - done))
                n >>= 1;
            while (n && vsim_read_virt(s->m, a, buf + done, n) != VSIM_OK)
                n >>= 1;
            if (!n)
                return done;
            done += n;
        }
    }
    return done;
}

static bool mem_write(struct stub *s, uint64_t addr, const uint8_t *buf, size_t len)
{
    if (len == 0)
        return true;
    if (len - 1 > UINT64_MAX - addr)
        return false;
    if (vsim_write_virt(s->m, addr, buf, len) == VSIM_OK)
        return true;
    size_t done = 0;
    while (done < len) { /* piece by piece, for device registers */
        uint64_t a = addr + done;
        size_t n = 8;
        while (n > 1 && ((a & (n - 1)) || n > len - done))
            n >>= 1;
        if (vsim_write_virt(s->m, a, buf + done, n) != VSIM_OK)
            return false;
        done += n;
    }
    return true;
}

/* "ADDR,LEN" then `sep` (or the end if sep is 0); *p moves past sep. */
static bool parse_addr_len(const char **p, const char *end, char sep, uint64_t *addr, uint64_t *len)
{
    if (!parse_hex(p, end, addr) || *p >= end || **p != ',')
        return false;
    (*p)++;
    if (!parse_hex(p, end, len))
        return false;
    if (sep == 0)
        return *p == end;
    if (*p >= end || **p != sep)
        return false;
    (*p)++;
    return true;
}

static void handle_m(struct stub *s)
{
    const char *p = s->pkt + 1, *end = s->pkt + s->pktlen;
    uint64_t addr, len;
    if (!parse_addr_len(&p, end, 0, &addr, &len)) {
        reply(s, "E01");
        return;
    }
    if (len > MEM_MAX) /* a short reply is allowed; GDB asks again for the rest */
        len = MEM_MAX;
    uint8_t *buf = s->mem;
    size_t n = mem_read(s, addr, buf, (size_t)len);
    if (n == 0 && len) {
        reply(s, "E14"); /* EFAULT */
        return;
    }
    put_hex_bytes(s->out, buf, n);
    reply(s, s->out);
}

static void handle_M(struct stub *s)
{
    const char *p = s->pkt + 1, *end = s->pkt + s->pktlen;
    uint64_t addr, len;
    uint8_t *buf = s->mem;
    if (!parse_addr_len(&p, end, ':', &addr, &len) || len > sizeof s->mem || (uint64_t)(end - p) != 2 * len ||
        !unhex(p, buf, (size_t)len)) {
        reply(s, "E01");
        return;
    }
    reply(s, mem_write(s, addr, buf, (size_t)len) ? "OK" : "E14");
}

static void handle_X(struct stub *s)
{
    const char *p = s->pkt + 1, *end = s->pkt + s->pktlen;
    uint64_t addr, len;
    if (!parse_addr_len(&p, end, ':', &addr, &len) || (uint64_t)(end - p) != len) {
        reply(s, "E01");
        return;
    }
    reply(s, mem_write(s, addr, (const uint8_t *)p, (size_t)len) ? "OK" : "E14");
}

/* ------------------------------------------------------------------ breakpoints and watchpoints */

static bool point_is_break(enum point_type t) { return t == PT_SW || t == PT_HW; }

static unsigned watch_kind(enum point_type t)
{
    return t == PT_WRITE ? VSIM_WATCH_WRITE : t == PT_READ ? VSIM_WATCH_READ : VSIM_WATCH_ACCESS;
}

static struct point *point_find(struct stub *s, enum point_type t, uint64_t addr, uint64_t len)
{
    for (size_t i = 0; i < s->npoints; i++) {
        struct point *pt = &s->points[i];
        if (pt->type == t && pt->addr == addr && (point_is_break(t) || pt->len == len))
            return pt;
    }
    return NULL;
}

/* The library keeps one breakpoint per address; GDB may set a software and a
 * hardware one at the same place. */
static bool break_elsewhere(struct stub *s, const struct point *self, uint64_t addr)
{
    for (size_t i = 0; i < s->npoints; i++)
        if (&s->points[i] != self && point_is_break(s->points[i].type) && s->points[i].addr == addr)
            return true;
    return false;
}

static const char *status_reply(vsim_status st)
{
    if (st == VSIM_ERR_UNSUPPORTED)
        return ""; /* GDB then falls back to what it can do without */
    return st == VSIM_ERR_INVALID_ARG ? "E16" : "E01";
}

static void handle_Z(struct stub *s, bool insert)
{
    const char *p = s->pkt + 1, *end = s->pkt + s->pktlen;
    uint64_t type, addr, kind;
    if (!parse_hex(&p, end, &type) || p >= end || *p != ',') {
        reply(s, "E01");
        return;
    }
    p++;
    const char *semi = memchr(p, ';', (size_t)(end - p)); /* conditions/commands: not offered, ignored */
    if (!parse_addr_len(&p, semi ? semi : end, 0, &addr, &kind)) {
        reply(s, "E01");
        return;
    }
    if (type > PT_ACCESS) {
        reply(s, "");
        return;
    }
    enum point_type t = (enum point_type)type;
    if (!point_is_break(t) && (kind == 0 || kind > UINT64_MAX - addr)) {
        reply(s, "E16");
        return;
    }
    struct point *pt = point_find(s, t, addr, kind);
    vsim_status st = VSIM_OK;
    if (insert) {
        if (pt) { /* already there: inserting is idempotent */
            reply(s, "OK");
            return;
        }
        if (s->npoints == MAX_POINTS) {
            reply(s, "E28"); /* ENOSPC */
            return;
        }
        if (point_is_break(t)) {
            if (!break_elsewhere(s, NULL, addr))
                st = vsim_break_add(s->m, addr);
        } else {
            st = vsim_watch_add(s->m, addr, kind, watch_kind(t), 0);
        }
        if (st != VSIM_OK) {
            reply(s, status_reply(st));
            return;
        }
        if (s->npoints == s->cappoints) {
            size_t cap = s->cappoints ? 2 * s->cappoints : 16;
            struct point *np = realloc(s->points, cap * sizeof *np);
            if (!np) {
                if (point_is_break(t))
                    vsim_break_remove(s->m, addr);
                else
                    vsim_watch_remove(s->m, addr, kind, watch_kind(t), 0);
                reply(s, "E12"); /* ENOMEM */
                return;
            }
            s->points = np;
            s->cappoints = cap;
        }
        s->points[s->npoints++] = (struct point){ .type = t, .addr = addr, .len = kind };
        reply(s, "OK");
    } else {
        if (!pt) { /* removing what is not there succeeds (GDB may remove twice) */
            reply(s, "OK");
            return;
        }
        if (point_is_break(t)) {
            if (!break_elsewhere(s, pt, addr))
                st = vsim_break_remove(s->m, addr);
        } else {
            st = vsim_watch_remove(s->m, addr, pt->len, watch_kind(t), 0);
        }
        *pt = s->points[--s->npoints];
        reply(s, st == VSIM_OK ? "OK" : status_reply(st));
    }
}

static void remove_all_points(struct stub *s)
{
    for (size_t i = 0; i < s->npoints; i++) {
        struct point *pt = &s->points[i];
        if (point_is_break(pt->type)) {
            bool dup = false;
            for (size_t j = i + 1; j < s->npoints; j++)
                dup |= point_is_break(s->points[j].type) && s->points[j].addr == pt->addr;
            if (!dup)
                vsim_break_remove(s->m, pt->addr);
        } else {
            vsim_watch_remove(s->m, pt->addr, pt->len, watch_kind(pt->type), 0);
        }
    }
    s->npoints = 0;
}

/* ------------------------------------------------------------------ running */

/* vsim's exit status for a final stop, with the same messages as `vsim run`. */
static int exit_status(vsim_machine *m, const vsim_stop *st)
{
    switch (st->reason) {
    case VSIM_STOP_POWEROFF:
        if (st->exit_code >= 0 && st->exit_code <= EXIT_GUEST_MAX)
            return st->exit_code;
        fprintf(stderr, "vsim: guest exited with code %d\n", st->exit_code);
        return EXIT_GUEST_HIGH;
    case VSIM_STOP_INSN_LIMIT:
        fprintf(stderr, "vsim: instruction limit reached (%" PRIu64 " instructions) at pc 0x%" PRIx64 "\n",
                vsim_insn_count(m), st->pc);
        return EXIT_INSN_LIMIT;
    case VSIM_STOP_TRAP_LOOP:
        fprintf(stderr, "vsim: guest stuck in a trap loop: mcause %" PRIu64 " at pc 0x%" PRIx64 "\n", st->cause,
                st->pc);
        return EXIT_HALTED;
    case VSIM_STOP_HALTED:
        fprintf(stderr, "vsim: guest halted: wfi with no interrupt enabled that could wake it (pc 0x%" PRIx64 ")\n",
                st->pc);
        return EXIT_HALTED;
    case VSIM_STOP_RESET: fprintf(stderr, "vsim: guest requested a reset\n"); return EXIT_RESET;
    default:
        fprintf(stderr, "vsim: stopped: %s: %s\n", vsim_stop_reason_name(st->reason), vsim_last_error(m));
        return EXIT_INTERNAL;
    }
}

/* The watchpoint a data access at `addr` hit: the one containing it, else
 * one that starts inside the (at most 8-byte) access; prefer the kind that
 * matches the access exactly. */
static const struct point *watch_hit(const struct stub *s, uint64_t addr, unsigned access)
{
    const struct point *best = NULL;
    int best_score = -1;
    for (size_t i = 0; i < s->npoints; i++) {
        const struct point *pt = &s->points[i];
        if (point_is_break(pt->type) || !(watch_kind(pt->type) & access))
            continue;
        int score;
        if (addr >= pt->addr && addr - pt->addr < pt->len)
            score = 2;
        else if (pt->addr >= addr && pt->addr - addr < 8)
            score = 0;
        else
            continue;
        if (watch_kind(pt->type) == access)
            score++;
        if (score > best_score) {
            best = pt;
            best_score = score;
        }
    }
    return best;
}

static int trap_signal(uint64_t cause)
{
    if (cause >> 63)
        return GDB_SIGTRAP;
    switch (cause) {
    case 2: return GDB_SIGILL;                                     /* illegal instruction */
    case 0: case 4: case 6: return GDB_SIGBUS;                     /* misaligned */
    case 1: case 5: case 7: case 12: case 13: case 15: return GDB_SIGSEGV; /* access and page faults */
    default: return GDB_SIGTRAP;
    }
}

/* Tell GDB why the target stopped. Returns -1 to go on serving, or vsim's
 * exit status when the session is over (the guest powered off). */
static int report_stop(struct stub *s, const vsim_stop *st, bool interrupted)
{
    char why[256] = "";
    int sig = GDB_SIGTRAP;
    char extra[64] = "";
    if (interrupted) {
        sig = GDB_SIGINT;
    } else {
        switch (st->reason) {
        case VSIM_STOP_POWEROFF: {
            /* W carries one byte; vsim's own exit status keeps the detail */
            replyf(s, "W%02x", (unsigned)st->exit_code & 0xff);
            return exit_status(s->m, st);
        }
        case VSIM_STOP_BREAKPOINT: {
            uint64_t pc = vsim_get_pc(s->m);
            bool sw = false, hw = false;
            for (size_t i = 0; i < s->npoints; i++)
                if (s->points[i].addr == pc) {
                    sw |= s->points[i].type == PT_SW;
                    hw |= s->points[i].type == PT_HW;
                }
            if (sw && s->gdb_swbreak)
                snprintf(extra, sizeof extra, "swbreak:;");
            else if (hw && s->gdb_hwbreak)
                snprintf(extra, sizeof extra, "hwbreak:;");
            break;
        }
        case VSIM_STOP_WATCHPOINT: {
            const struct point *pt = watch_hit(s, st->addr, st->watch ? st->watch : VSIM_WATCH_ACCESS);
            if (pt) {
                uint64_t a = st->addr >= pt->addr && st->addr - pt->addr < pt->len ? st->addr : pt->addr;
                const char *name = pt->type == PT_WRITE ? "watch" : pt->type == PT_READ ? "rwatch" : "awatch";
                snprintf(extra, sizeof extra, "%s:%" PRIx64 ";", name, a);
            }
            break;
        }
        case VSIM_STOP_INTERRUPTED: sig = GDB_SIGINT; break;
        case VSIM_STOP_INSN_LIMIT:
            sig = GDB_SIGXCPU;
            snprintf(why, sizeof why, "vsim: instruction limit reached (%" PRIu64 " instructions)\n",
                     vsim_insn_count(s->m));
            break;
        case VSIM_STOP_TRAP_LOOP:
            sig = trap_signal(st->cause);
            snprintf(why, sizeof why,
                     "vsim: guest stuck in a trap loop: mcause %" PRIu64 " at pc 0x%" PRIx64 " (mtval 0x%" PRIx64
                     ") again and again with no progress\n",
                     st->cause, st->pc, st->tval);
            break;
        case VSIM_STOP_HALTED:
            snprintf(why, sizeof why, "vsim: guest halted: wfi with no interrupt enabled that could wake it\n");
            break;
        case VSIM_STOP_RESET: snprintf(why, sizeof why, "vsim: guest requested a reset; the hart was reset\n"); break;
        case VSIM_STOP_ERROR:
            sig = GDB_SIGABRT;
            snprintf(why, sizeof why, "vsim: host-side error: %s\n", vsim_last_error(s->m));
            break;
        default: break; /* step, until, trap, none: a plain SIGTRAP */
        }
    }
    if (why[0]) {
        fputs(why, stderr);
        send_console(s, why, strlen(why));
    }
    snprintf(s->last_stop, sizeof s->last_stop, "T%02x%sthread:1;", sig, extra);
    reply(s, s->last_stop);
    return -1;
}

/* The watcher: wait until GDB sends something (or the connection drops) or
 * the main thread says stop; in the first case make vsim_run return. */
static void *watcher_main(void *arg)
{
    struct stub *s = arg;
    struct pollfd p[2] = { { .fd = s->fd, .events = POLLIN }, { .fd = s->wpipe[0], .events = POLLIN } };
    for (;;) {
        int r = poll(p, 2, -1);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0 || p[1].revents)
            return NULL;
        if (p[0].revents) {
            pthread_mutex_lock(&s->wlock);
            if (s->in_run && !s->fired) {
                vsim_interrupt(s->m);
                s->fired = true;
            }
            pthread_mutex_unlock(&s->wlock);
            return NULL; /* one shot: the main thread starts another if it goes on */
        }
    }
}

static void watcher_stop(struct stub *s, pthread_t th)
{
    char b = 1;
    while (write(s->wpipe[1], &b, 1) < 0 && errno == EINTR) {
    }
    pthread_join(th, NULL);
    while (read(s->wpipe[0], &b, 1) < 0 && errno == EINTR) { /* take the byte back */
    }
}

/* vsim_run/vsim_step, skipping the immediate return an interrupt left over
 * from the previous run causes. */
static void run_once(struct stub *s, bool step, vsim_stop *st)
{
    for (;;) {
        if (step)
            vsim_step(s->m, st);
        else
            vsim_run(s->m, SLICE, st);
        if (st->reason == VSIM_STOP_INTERRUPTED && s->interrupt_pending) {
            s->interrupt_pending = false;
            continue;
        }
        return;
    }
}

/* Resume (one step, or until something stops the target or GDB interrupts),
 * then report. Returns as report_stop, or -2 if the connection was lost. */
static int resume(struct stub *s, bool step)
{
    vsim_stop st = { 0 };
    /* a Ctrl-C may have come right behind the resume packet */
    s->interrupted = false;
    scan_interrupt(s, s->rpos);
    bool slice_end = false;
    if (step) {
        run_once(s, true, &st);
    } else {
        pthread_t th;
        bool watching = false;
        while (!s->interrupted) {
            if (!watching && s->wpipe[0] >= 0)
                watching = pthread_create(&th, NULL, watcher_main, s) == 0;
            uint64_t before = vsim_insn_count(s->m);
            pthread_mutex_lock(&s->wlock);
            s->in_run = true;
            pthread_mutex_unlock(&s->wlock);
            run_once(s, false, &st);
            pthread_mutex_lock(&s->wlock);
            s->in_run = false;
            bool fired = s->fired;
            s->fired = false;
            pthread_mutex_unlock(&s->wlock);
            if (fired) { /* the watcher is done; its request was taken by this run, or is left over */
                pthread_join(th, NULL);
                watching = false;
                if (st.reason != VSIM_STOP_INTERRUPTED)
                    s->interrupt_pending = true;
            }
            /* INSN_LIMIT: this slice is used up (instructions retired), or
             * the machine's own limit is reached (none could);
             * INTERRUPTED: the watcher saw input */
            slice_end = (st.reason == VSIM_STOP_INSN_LIMIT && vsim_insn_count(s->m) != before) ||
                        st.reason == VSIM_STOP_INTERRUPTED;
            if (check_interrupt(s) || s->closed || !slice_end)
                break;
        }
        if (watching)
            watcher_stop(s, th);
    }
    if (s->closed)
        return -2;
    /* a real stop in the same slice as the Ctrl-C is reported as itself:
     * either reply satisfies GDB's interrupt request */
    bool intr = !step && s->interrupted && (slice_end || st.reason == VSIM_STOP_NONE);
    s->interrupted = false;
    return report_stop(s, &st, intr);
}

/* c [addr], s [addr], C sig[;addr], S sig[;addr]: returns as resume(), or -3 for a malformed packet. */
static int handle_resume(struct stub *s)
{
    const char *p = s->pkt + 1, *end = s->pkt + s->pktlen;
    bool step = s->pkt[0] == 's' || s->pkt[0] == 'S';
    uint64_t v;
    if (s->pkt[0] == 'C' || s->pkt[0] == 'S') { /* the signal is not delivered: bare metal has none */
        if (!parse_hex(&p, end, &v))
            return -3;
        if (p < end) {
            if (*p != ';')
                return -3;
            p++;
        }
    }
    if (p < end) {
        if (!parse_hex(&p, end, &v) || p != end)
            return -3;
        vsim_set_pc(s->m, v);
    }
    return resume(s, step);
}

/* vCont;ACTION[:TID];...: the first action that applies to our thread. */
static int handle_vcont(struct stub *s)
{
    const char *p = s->pkt + 5, *end = s->pkt + s->pktlen; /* after "vCont" */
    int chosen = -1;                                        /* 0 continue, 1 step */
    while (p < end) {
        if (*p != ';')
            return -3;
        p++;
        const char *next = memchr(p, ';', (size_t)(end - p));
        if (!next)
            next = end;
        const char *colon = memchr(p, ':', (size_t)(next - p));
        const char *aend = colon ? colon : next;
        int action;
        uint64_t sig;
        const char *q = p + 1;
        if (p >= aend)
            return -3;
        switch (*p) {
        case 'c': action = 0; break;
        case 's': action = 1; break;
        case 'C':
        case 'S':
            action = *p == 'S';
            if (!parse_hex(&q, aend, &sig))
                return -3;
            break;
        default: return -3; /* t, r: not offered in vCont? */
        }
        if (q != aend)
            return -3;
        int ours = colon ? thread_is_ours(colon + 1, next) : 1;
        if (ours < 0)
            return -3;
        if (ours && chosen < 0)
            chosen = action;
        p = next;
    }
    if (chosen < 0) { /* nothing for our thread to do: it stays stopped */
        reply(s, s->last_stop);
        return -1;
    }
    return resume(s, chosen == 1);
}

/* ------------------------------------------------------------------ monitor commands */

static const char *priv_name(unsigned priv) { return priv == 3 ? "M" : priv == 1 ? "S" : priv == 0 ? "U" : "?"; }

static void monitor(struct stub *s, const char *cmd, struct sbuf *o)
{
    while (*cmd == ' ')
        cmd++;
    size_t n = strcspn(cmd, " ");
    const char *arg = cmd + n;
    while (*arg == ' ')
        arg++;
    if (n == 0 || (n == 4 && !strncmp(cmd, "help", 4))) {
        sb_printf(o, "vsim monitor commands:\n"
                     "  monitor help            this text\n"
                     "  monitor stats           instructions retired and other counters\n"
                     "  monitor priv            the hart's privilege mode\n"
                     "  monitor tlb             the valid software-TLB entries\n"
                     "  monitor translate ADDR  translate a virtual address, with the page-table walk\n"
                     "  monitor devices         the devices on the bus\n"
                     "  monitor CMD             any command of the vsim debug REPL (e.g. regs, x/4xw ADDR,\n"
                     "                          page ADDR, info dev, disasm); `monitor help` lists the above\n");
    } else if (n == 5 && !strncmp(cmd, "stats", 5)) {
        vsim_stats st;
        vsim_get_stats(s->m, &st);
        sb_printf(o,
                  "instructions:       %" PRIu64 "\n"
                  "traps:              %" PRIu64 "\n"
                  "tlb hits/misses:    %" PRIu64 " / %" PRIu64 "\n"
                  "predecoded pages:   %" PRIu64 " (%" PRIu64 " invalidations, %" PRIu64 " evictions, %" PRIu64
                  " bytes)\n"
                  "pc:                 0x%" PRIx64 "\n",
                  vsim_insn_count(s->m), st.traps, st.tlb_hits, st.tlb_misses, st.predecode_pages,
                  st.predecode_invalidations, st.predecode_evictions, st.predecode_bytes, vsim_get_pc(s->m));
    } else if (n == 4 && !strncmp(cmd, "priv", 4)) {
        unsigned priv = vsim_get_priv(s->m);
        sb_printf(o, "privilege: %s-mode (%u)\n", priv_name(priv), priv);
        uint64_t v;
        if (vsim_get_csr(s->m, 0x300, &v) == VSIM_OK)
            sb_printf(o, "mstatus:   0x%016" PRIx64 " (MPP %s, MPRV %u)\n", v, priv_name((unsigned)(v >> 11) & 3),
                      (unsigned)(v >> 17) & 1);
        if (vsim_get_csr(s->m, 0x180, &v) == VSIM_OK)
            sb_printf(o, "satp:      0x%016" PRIx64 "\n", v);
    } else if (n == 3 && !strncmp(cmd, "tlb", 3)) {
        size_t count = vsim_tlb_entries(s->m, NULL, 0);
        vsim_tlb_entry *e = count ? calloc(count, sizeof *e) : NULL;
        if (count && !e) {
            sb_printf(o, "out of memory\n");
            return;
        }
        size_t got = vsim_tlb_entries(s->m, e, count);
        if (got < count)
            count = got;
        sb_printf(o, "%zu valid TLB entr%s\n", count, count == 1 ? "y" : "ies");
        for (size_t i = 0; i < count; i++)
            sb_printf(o, "  %c  0x%016" PRIx64 " -> 0x%016" PRIx64 "\n", e[i].kind, e[i].vaddr, e[i].paddr);
        free(e);
    } else if (n == 9 && !strncmp(cmd, "translate", 9)) {
        const char *p = arg, *end = arg + strlen(arg);
        uint64_t va, pa, cause = 0;
        if (end - p > 2 && p[0] == '0' && (p[1] == 'x' || p[1] == 'X'))
            p += 2;
        if (!parse_hex(&p, end, &va) || p != end) {
            sb_printf(o, "usage: monitor translate ADDR (hex)\n");
            return;
        }
        static const char *const accs[] = { "fetch", "load", "store" };
        for (int a = 0; a < 3; a++) {
            if (vsim_translate(s->m, va, (vsim_access)a, &pa, &cause) == VSIM_OK)
                sb_printf(o, "%-5s 0x%" PRIx64 " -> 0x%" PRIx64 "\n", accs[a], va, pa);
            else
                sb_printf(o, "%-5s 0x%" PRIx64 " faults (cause %" PRIu64 ")\n", accs[a], va, cause);
        }
        vsim_walk_level lv[5];
        size_t nl = vsim_walk(s->m, va, lv, 5);
        if (nl == 0)
            sb_printf(o, "no page-table walk (Bare mode)\n");
        for (size_t i = 0; i < nl && i < 5; i++)
            sb_printf(o, "  level %d: PTE at 0x%" PRIx64 " = 0x%016" PRIx64 "\n", lv[i].level, lv[i].pte_addr,
                      lv[i].pte);
    } else if (n == 7 && !strncmp(cmd, "devices", 7)) {
        uint64_t base, size;
        const char *name;
        for (size_t i = 0; (name = vsim_device(s->m, i, &base, &size)) != NULL; i++)
            sb_printf(o, "  0x%08" PRIx64 "-0x%08" PRIx64 "  %s\n", base, base + size - 1, name);
    } else {
        /* Anything else is a command of the vsim debug REPL. */
        char *text = NULL;
        size_t size = 0;
        FILE *f = open_memstream(&text, &size);
        if (!f) {
            sb_printf(o, "out of memory\n");
            return;
        }
        repl_command(s->m, cmd, f);
        fclose(f);
        sb_printf(o, "%s", text ? text : "");
        free(text);
    }
}

static void handle_rcmd(struct stub *s, const char *hex, size_t len)
{
    if (len % 2) {
        reply(s, "E01");
        return;
    }
    char cmd[512];
    if (len / 2 >= sizeof cmd || !unhex(hex, (uint8_t *)cmd, len / 2)) {
        reply(s, "E01");
        return;
    }
    cmd[len / 2] = 0;
    if (memchr(cmd, 0, len / 2)) {
        reply(s, "E01");
        return;
    }
    struct sbuf o = { 0 };
    monitor(s, cmd, &o);
    if (o.oom) {
        sb_free(&o);
        reply(s, "E12");
        return;
    }
    send_console(s, o.p ? o.p : "", o.len);
    sb_free(&o);
    reply(s, "OK");
}

/* ------------------------------------------------------------------ queries */

static bool starts(const struct stub *s, const char *prefix)
{
    size_t n = strlen(prefix);
    return s->pktlen >= n && memcmp(s->pkt, prefix, n) == 0;
}

static bool is(const struct stub *s, const char *text)
{
    return s->pktlen == strlen(text) && memcmp(s->pkt, text, s->pktlen) == 0;
}

static void handle_qsupported(struct stub *s)
{
    const char *p = s->pkt + 10, *end = s->pkt + s->pktlen; /* after "qSupported" */
    if (p < end && *p == ':') {
        p++;
        while (p < end) {
            const char *next = memchr(p, ';', (size_t)(end - p));
            if (!next)
                next = end;
            size_t n = (size_t)(next - p);
            if (n == 8 && !memcmp(p, "swbreak+", 8))
                s->gdb_swbreak = true;
            if (n == 8 && !memcmp(p, "hwbreak+", 8))
                s->gdb_hwbreak = true;
            p = next < end ? next + 1 : end;
        }
    }
    replyf(s, "PacketSize=%x;qXfer:features:read+;swbreak+;hwbreak+;vContSupported+;QStartNoAckMode+",
           PACKET_SIZE);
}

/* qXfer:features:read:ANNEX:OFFSET,LENGTH */
static void handle_qxfer_features(struct stub *s)
{
    const char *p = s->pkt + strlen("qXfer:features:read:"), *end = s->pkt + s->pktlen;
    const char *colon = memchr(p, ':', (size_t)(end - p));
    uint64_t off, len;
    if (!colon) {
        reply(s, "E00");
        return;
    }
    size_t annex_len = (size_t)(colon - p);
    const char *q = colon + 1;
    if (!parse_addr_len(&q, end, 0, &off, &len)) {
        reply(s, "E00");
        return;
    }
    if (annex_len != 10 || memcmp(p, "target.xml", 10) != 0 || s->xml.oom || !s->xml.p) {
        reply(s, "E00");
        return;
    }
    if (off >= s->xml.len) {
        reply(s, "l");
        return;
    }
    size_t avail = s->xml.len - (size_t)off;
    size_t n = len < avail ? (size_t)len : avail;
    if (n > PACKET_SIZE / 2) /* escaped, it stays within PacketSize */
        n = PACKET_SIZE / 2;
    s->out[0] = n < avail ? 'm' : 'l';
    memcpy(s->out + 1, s->xml.p + off, n);
    send_frame(s, s->out, n + 1, true);
}

/* ------------------------------------------------------------------ the session */

/* Let the guest run to its end without the debugger; its exit status. */
static int run_to_end(struct stub *s)
{
    remove_all_points(s);
    vsim_stop st;
    vsim_run(s->m, 0, &st);
    fflush(stdout);
    return exit_status(s->m, &st);
}

/* Handle one packet: -1 to go on, otherwise the session is over with this status. */
static int handle_packet(struct stub *s)
{
    const char *end = s->pkt + s->pktlen;
    int r;
    if (s->pktlen == 0) {
        reply(s, "");
        return -1;
    }
    switch (s->pkt[0]) {
    case '?': reply(s, s->last_stop); return -1;
    case 'g':
        if (s->pktlen == 1)
            handle_g(s);
        else
            reply(s, "E01");
        return -1;
    case 'G': handle_G(s); return -1;
    case 'p': handle_p(s); return -1;
    case 'P': handle_P(s); return -1;
    case 'm': handle_m(s); return -1;
    case 'M': handle_M(s); return -1;
    case 'X': handle_X(s); return -1;
    case 'Z':
    case 'z': handle_Z(s, s->pkt[0] == 'Z'); return -1;
    case 'c':
    case 'C':
    case 's':
    case 'S':
        r = handle_resume(s);
        if (r == -3) {
            reply(s, "E01");
            return -1;
        }
        return r == -2 ? 0 : r;
    case 'k': /* kill: no reply (the protocol says so); the session ends */
        return 0;
    case 'D': /* detach, "D" or "D;pid": the guest goes on without us */
        reply(s, "OK");
        shutdown(s->fd, SHUT_RDWR);
        s->closed = true;
        return run_to_end(s);
    case 'H': /* Hg / Hc thread */
        if (s->pktlen >= 2 && (s->pkt[1] == 'g' || s->pkt[1] == 'c') && thread_is_ours(s->pkt + 2, end) == 1)
            reply(s, "OK");
        else
            reply(s, "E01");
        return -1;
    case 'T': /* thread alive? */
        reply(s, thread_is_ours(s->pkt + 1, end) == 1 ? "OK" : "E01");
        return -1;
    case 'v':
        if (is(s, "vCont?")) {
            reply(s, "vCont;c;C;s;S");
            return -1;
        }
        if (starts(s, "vCont;")) {
            r = handle_vcont(s);
            if (r == -3) {
                reply(s, "E01");
                return -1;
            }
            return r == -2 ? 0 : r;
        }
        if (starts(s, "vKill")) {
            reply(s, "OK");
            return 0;
        }
        reply(s, ""); /* vMustReplyEmpty and everything else */
        return -1;
    case 'q':
        if (starts(s, "qSupported") && (s->pktlen == 10 || s->pkt[10] == ':'))
            handle_qsupported(s);
        else if (starts(s, "qXfer:features:read:"))
            handle_qxfer_features(s);
        else if (is(s, "qAttached") || starts(s, "qAttached:"))
            reply(s, "1");
        else if (is(s, "qC"))
            reply(s, "QC1");
        else if (is(s, "qfThreadInfo"))
            reply(s, "m1");
        else if (is(s, "qsThreadInfo"))
            reply(s, "l");
        else if (starts(s, "qThreadExtraInfo,") && thread_is_ours(s->pkt + 17, end) == 1) {
            char text[64];
            snprintf(text, sizeof text, "hart 0, %s-mode", priv_name(vsim_get_priv(s->m)));
            put_hex_bytes(s->out, (const uint8_t *)text, strlen(text));
            reply(s, s->out);
        } else if (starts(s, "qRcmd,"))
            handle_rcmd(s, s->pkt + 6, s->pktlen - 6);
        else if (is(s, "qSymbol::"))
            reply(s, "OK"); /* no symbols wanted */
        else
            reply(s, "");
        return -1;
    case 'Q':
        if (is(s, "QStartNoAckMode")) {
            reply(s, "OK"); /* acknowledged by GDB while still in ack mode */
            s->noack = true;
        } else {
            reply(s, "");
        }
        return -1;
    default: reply(s, ""); return -1;
    }
}

static int listen_on(int port)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) {
        fprintf(stderr, "vsim: cannot create a socket: %s\n", strerror(errno));
        return -1;
    }
    int one = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port) };
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (bind(fd, (struct sockaddr *)&sa, sizeof sa) != 0 || listen(fd, 1) != 0) {
        fprintf(stderr, "vsim: cannot listen on 127.0.0.1:%d: %s\n", port, strerror(errno));
        close(fd);
        return -1;
    }
    return fd;
}

int gdbstub_serve(vsim_machine *m, int port)
{
    if (!m || port <= 0 || port > 65535) {
        fprintf(stderr, "vsim: bad GDB port %d\n", port);
        return EXIT_INTERNAL;
    }
    struct stub *s = calloc(1, sizeof *s);
    if (!s) {
        fprintf(stderr, "vsim: out of memory\n");
        return EXIT_INTERNAL;
    }
    s->m = m;
    s->fd = -1;
    pthread_mutex_init(&s->wlock, NULL);
    if (pipe(s->wpipe) != 0)
        s->wpipe[0] = s->wpipe[1] = -1; /* no watcher then: Ctrl-C is seen between slices only */
    snprintf(s->last_stop, sizeof s->last_stop, "T%02xthread:1;", GDB_SIGTRAP);
    int status = EXIT_INTERNAL;
    build_target_xml(s);
    if (s->xml.oom) {
        fprintf(stderr, "vsim: out of memory\n");
        goto out;
    }

    int lfd = listen_on(port);
    if (lfd < 0)
        goto out;
    fprintf(stderr, "vsim: waiting for GDB on 127.0.0.1:%d\n", port);
    do
        s->fd = accept(lfd, NULL, NULL);
    while (s->fd < 0 && errno == EINTR);
    int err = errno;
    close(lfd);
    if (s->fd < 0) {
        fprintf(stderr, "vsim: accepting the GDB connection failed: %s\n", strerror(err));
        goto out;
    }
    int one = 1;
    setsockopt(s->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one); /* small packets, answered at once */

    status = -1;
    while (status == -1) {
        bool overflow;
        if (!get_packet(s, &overflow)) {
            /* GDB went away without detaching or killing: like kill */
            fprintf(stderr, "vsim: GDB closed the connection\n");
            status = 0;
            break;
        }
        if (overflow) {
            reply(s, "E01"); /* longer than the PacketSize we announced */
            continue;
        }
        status = handle_packet(s);
    }

out:
    if (s->fd >= 0)
        close(s->fd);
    fflush(stdout);
    if (s->wpipe[0] >= 0) {
        close(s->wpipe[0]);
        close(s->wpipe[1]);
    }
    pthread_mutex_destroy(&s->wlock);
    free(s->points);
    sb_free(&s->xml);
    free(s);
    return status;
}
