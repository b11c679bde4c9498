/*
 * gdb_protocol: `vsim run --gdb=PORT` spoken to directly, packet by packet.
 *
 *   gdb_protocol VSIM GUEST.elf DISPATCH PORT
 *
 * Starts vsim (PORT is the first port tried; a taken port moves on to the
 * next), connects, and checks:
 *   fuzz       malformed input: garbage before '$', bad checksums, truncated
 *              packets and escapes, packets past the buffer (> 64 KiB),
 *              huge m lengths, odd hex, bad numbers, random packets with
 *              valid checksums; afterwards `?` must still be answered, and
 *              `k` must end vsim with status 0 (no crash, also under ASan);
 *   protocol   every documented packet: target.xml (each regnum in it is
 *              readable with p, at its size), g/G/p/P, m/M/X, Z0-Z4 stop
 *              replies (swbreak, hwbreak, watch, rwatch, awatch), s, vCont,
 *              threads, monitor, Ctrl-C (T02), and the guest's exit (W00);
 *   lost       the connection closing mid-packet and while the target runs:
 *              vsim ends with status 0;
 *   detach     D: the guest runs on to its end, vsim exits with its status.
 * The guest is tests/gdb/guest.c; symbol addresses come from libvsim.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "vsim/vsim.h"

static const char *vsim_path, *elf_path, *dispatch;
static int next_port;
static int failures;
static pid_t child = -1;

static uint64_t sym_counter, sym_results, sym_magic, sym_square, sym_add, sym_spin, sym_spin_mode, sym_spin_release;
static uint64_t sym_idle, sym_idle_mode, sym_idle_release, sym_bump;

#define CHECK(cond, ...)                                                                                              \
    do {                                                                                                              \
        if (!(cond)) {                                                                                                \
            fprintf(stderr, "FAIL %s:%d: ", __FILE__, __LINE__);                                                      \
            fprintf(stderr, __VA_ARGS__);                                                                             \
            fputc('\n', stderr);                                                                                      \
            failures++;                                                                                               \
        }                                                                                                             \
    } while (0)

static void on_alarm(int sig)
{
    (void)sig;
    static const char msg[] = "FAIL: gdb_protocol timed out\n";
    if (write(2, msg, sizeof msg - 1) < 0) {
    }
    if (child > 0)
        kill(child, SIGKILL);
    _exit(1);
}

/* ------------------------------------------------------------------ vsim and the connection */

struct conn {
    int fd;
    int err; /* vsim's stderr (a pipe) */
    pid_t pid;
    int port;
    bool noack;
    bool dead; /* EOF seen */
};

static char console[65536]; /* text of O packets */
static size_t console_len;

/* Copy what vsim wrote on stderr to ours (so ASan reports show), without waiting. */
static void drain_stderr(struct conn *c)
{
    char buf[4096];
    ssize_t n;
    while (c->err >= 0 && (n = read(c->err, buf, sizeof buf)) > 0)
        if (write(2, buf, (size_t)n) < 0)
            break;
}

/* Start vsim and connect to it. */
static bool spawn(struct conn *c)
{
    for (int tries = 0; tries < 20; tries++) {
        int port = next_port++;
        int pfd[2];
        if (pipe(pfd) != 0)
            return false;
        pid_t pid = fork();
        if (pid < 0)
            return false;
        if (pid == 0) {
            char a_gdb[32], a_disp[64];
            snprintf(a_gdb, sizeof a_gdb, "--gdb=%d", port);
            snprintf(a_disp, sizeof a_disp, "--dispatch=%s", dispatch);
            dup2(pfd[1], 2);
            close(pfd[0]);
            close(pfd[1]);
            execl(vsim_path, vsim_path, "run", a_disp, a_gdb, elf_path, (char *)NULL);
            _exit(126);
        }
        child = pid;
        close(pfd[1]);
        /* wait for "waiting for GDB on 127.0.0.1:PORT" (or for vsim to give up on this port) */
        char line[512];
        size_t len = 0;
        bool listening = false;
        char want[64];
        snprintf(want, sizeof want, "waiting for GDB on 127.0.0.1:%d", port);
        for (;;) {
            ssize_t n = read(pfd[0], line + len, sizeof line - 1 - len);
            if (n <= 0)
                break;
            len += (size_t)n;
            line[len] = 0;
            if (strstr(line, want)) {
                listening = true;
                break;
            }
            if (len == sizeof line - 1)
                len = 0;
        }
        if (!listening) {
            fprintf(stderr, "note: port %d: %s", port, len ? line : "vsim exited\n");
            close(pfd[0]);
            waitpid(pid, NULL, 0);
            child = -1;
            continue;
        }
        fcntl(pfd[0], F_SETFL, O_NONBLOCK);
        int fd = socket(AF_INET, SOCK_STREAM, 0);
        struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port) };
        sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        if (fd < 0 || connect(fd, (struct sockaddr *)&sa, sizeof sa) != 0) {
            fprintf(stderr, "FAIL: cannot connect to 127.0.0.1:%d: %s\n", port, strerror(errno));
            kill(pid, SIGKILL);
            waitpid(pid, NULL, 0);
            child = -1;
            return false;
        }
        int one = 1;
        setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        *c = (struct conn){ .fd = fd, .err = pfd[0], .pid = pid, .port = port };
        return true;
    }
    return false;
}

/* Wait (up to 10 s) for vsim to exit; its exit status, or -1 if it did not
 * exit normally (a signal: a crash or an ASan abort). */
static int finish(struct conn *c)
{
    if (c->fd >= 0)
        close(c->fd);
    c->fd = -1;
    int st = 0;
    pid_t r = 0;
    for (int i = 0; i < 1000 && (r = waitpid(c->pid, &st, WNOHANG)) == 0; i++) {
        drain_stderr(c);
        usleep(10000);
    }
    if (r == 0) {
        fprintf(stderr, "FAIL: vsim did not exit\n");
        kill(c->pid, SIGKILL);
        waitpid(c->pid, &st, 0);
        st = -1;
    }
    drain_stderr(c);
    close(c->err);
    child = -1;
    if (st == -1 || !WIFEXITED(st)) {
        if (st != -1)
            fprintf(stderr, "vsim was killed by signal %d\n", WTERMSIG(st));
        return -1;
    }
    return WEXITSTATUS(st);
}

static void send_raw(struct conn *c, const void *data, size_t len)
{
    const char *p = data;
    while (len) {
        ssize_t n = send(c->fd, p, len, MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            c->dead = true;
            return;
        }
        p += n;
        len -= (size_t)n;
    }
}

/* The next byte within ms milliseconds: -1 timeout, -2 connection closed. */
static int recv_byte(struct conn *c, int ms)
{
    struct pollfd pfd = { .fd = c->fd, .events = POLLIN };
    int r = poll(&pfd, 1, ms);
    if (r <= 0)
        return -1;
    unsigned char b;
    ssize_t n = recv(c->fd, &b, 1, 0);
    if (n <= 0) {
        c->dead = true;
        return -2;
    }
    return b;
}

static const char hexdig[] = "0123456789abcdef";

/* $payload#cs; the payload is sent as given (callers escape binary data). */
static void send_frame(struct conn *c, const char *payload, size_t len)
{
    char *f = malloc(len + 4);
    unsigned sum = 0;
    f[0] = '$';
    memcpy(f + 1, payload, len);
    for (size_t i = 0; i < len; i++)
        sum += (unsigned char)payload[i];
    f[len + 1] = '#';
    f[len + 2] = hexdig[(sum >> 4) & 15];
    f[len + 3] = hexdig[sum & 15];
    send_raw(c, f, len + 4);
    free(f);
}

static void send_packet(struct conn *c, const char *payload, size_t len)
{
    send_frame(c, payload, len);
    if (!c->noack) {
        int b = recv_byte(c, 5000);
        CHECK(b == '+', "no '+' for packet '%.40s' (got %d)", payload, b);
    }
}

/* One packet: its length (payload in buf, NUL-terminated), -1 on timeout or EOF. */
static int recv_packet(struct conn *c, char *buf, size_t cap, int ms)
{
    int b;
    do {
        b = recv_byte(c, ms);
        if (b < 0)
            return -1;
    } while (b != '$');
    size_t len = 0;
    unsigned sum = 0;
    for (;;) {
        b = recv_byte(c, 5000);
        if (b < 0)
            return -1;
        if (b == '#')
            break;
        sum += (unsigned)b;
        if (len + 1 < cap)
            buf[len++] = (char)b;
    }
    int h1 = recv_byte(c, 5000), h2 = recv_byte(c, 5000);
    char cs[3] = { (char)h1, (char)h2, 0 };
    CHECK(h1 >= 0 && h2 >= 0 && strtoul(cs, NULL, 16) == (sum & 0xff), "bad checksum from vsim");
    if (!c->noack)
        send_raw(c, "+", 1);
    buf[len] = 0;
    return (int)len;
}

static void append_console(const char *hex)
{
    for (size_t i = 0; hex[i] && hex[i + 1]; i += 2) {
        unsigned v;
        if (sscanf(hex + i, "%2x", &v) != 1)
            break;
        if (console_len + 1 < sizeof console)
            console[console_len++] = (char)v;
    }
    console[console_len] = 0;
}

static char reply_buf[1 << 17];

/* Send a request, return the reply (O packets go to `console`); NULL on timeout. */
static const char *request_len(struct conn *c, const char *payload, size_t len)
{
    send_packet(c, payload, len);
    for (;;) {
        int n = recv_packet(c, reply_buf, sizeof reply_buf, 10000);
        if (n < 0) {
            CHECK(0, "no reply to '%.60s'", payload);
            return NULL;
        }
        if (reply_buf[0] == 'O' && n > 1 && strcmp(reply_buf, "OK") != 0) {
            append_console(reply_buf + 1);
            continue;
        }
        return reply_buf;
    }
}

static const char *request(struct conn *c, const char *payload) { return request_len(c, payload, strlen(payload)); }

__attribute__((format(printf, 2, 3))) static const char *requestf(struct conn *c, const char *fmt, ...)
{
    char buf[4096];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    return request(c, buf);
}

#define EXPECT(c, req, want)                                                                                          \
    do {                                                                                                              \
        const char *r_ = request(c, req);                                                                             \
        CHECK(r_ && strcmp(r_, want) == 0, "'%s' -> '%.80s', want '%s'", req, r_ ? r_ : "(none)", want);              \
    } while (0)

static uint64_t le64(const char *hex)
{
    uint64_t v = 0;
    for (int i = 7; i >= 0; i--) {
        unsigned b;
        if (sscanf(hex + 2 * i, "%2x", &b) != 1)
            return 0;
        v = v << 8 | b;
    }
    return v;
}

static uint64_t get_pc(struct conn *c)
{
    const char *r = request(c, "p20");
    return r && strlen(r) == 16 ? le64(r) : 0;
}

static void no_ack_mode(struct conn *c)
{
    EXPECT(c, "QStartNoAckMode", "OK");
    c->noack = true;
}

/* ------------------------------------------------------------------ fuzz */

static uint64_t rng = 0x9e3779b97f4a7c15ull;
static uint32_t rnd(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (uint32_t)(rng >> 11);
}

/* No '$' byte in the garbage: everything here must be skipped, never parsed. */
static void send_garbage(struct conn *c, size_t n)
{
    char *g = malloc(n);
    for (size_t i = 0; i < n; i++) {
        g[i] = (char)rnd();
        if (g[i] == '$')
            g[i] = '?';
    }
    send_raw(c, g, n);
    free(g);
}

static void test_fuzz(void)
{
    struct conn c;
    if (!spawn(&c)) {
        CHECK(0, "cannot start vsim");
        return;
    }
    /* ack mode first */
    send_garbage(&c, 5000);
    EXPECT(&c, "?", "T05thread:1;");
    send_raw(&c, "$?#00", 5);
    CHECK(recv_byte(&c, 5000) == '-', "bad checksum: want '-'");
    send_raw(&c, "$?#zz", 5);
    CHECK(recv_byte(&c, 5000) == '-', "non-hex checksum: want '-'");
    send_raw(&c, "$?#3", 4); /* truncated checksum: completed by the next bytes, "$" restarts */
    EXPECT(&c, "?", "T05thread:1;");
    send_raw(&c, "$m8000", 6); /* truncated packet, then a new one */
    EXPECT(&c, "?", "T05thread:1;");
    {
        /* '}' with nothing to escape before '#': checksum right, packet wrong */
        const char *p = "X80000000,1:}";
        send_frame(&c, p, strlen(p));
        CHECK(recv_byte(&c, 5000) == '-', "truncated escape: want '-'");
    }
    {
        /* past the buffer (70000 bytes), checksum right: acknowledged, refused */
        size_t n = 70000;
        char *big = malloc(n);
        memset(big, 'A', n);
        big[0] = 'm';
        send_frame(&c, big, n);
        CHECK(recv_byte(&c, 5000) == '+', "oversize packet: want '+'");
        char r[64];
        int len = recv_packet(&c, r, sizeof r, 5000);
        CHECK(len > 0 && r[0] == 'E', "oversize packet: want an E reply, got '%s'", len > 0 ? r : "(none)");
        free(big);
    }
    {
        /* an oversize X full of escapes */
        size_t n = 3 * 65536;
        char *big = malloc(n + 64);
        int h = snprintf(big, 64, "X80000000,10000:");
        for (size_t i = h; i + 1 < n; i += 2) {
            big[i] = '}';
            big[i + 1] = (char)('#' ^ 0x20);
        }
        send_frame(&c, big, n);
        CHECK(recv_byte(&c, 5000) == '+', "oversize X: want '+'");
        char r[64];
        int len = recv_packet(&c, r, sizeof r, 5000);
        CHECK(len > 0 && r[0] == 'E', "oversize X: want an E reply");
        free(big);
    }
    EXPECT(&c, "?", "T05thread:1;");

    no_ack_mode(&c);
    send_garbage(&c, 20000);
    send_raw(&c, "$?#00", 5); /* no-ack mode: a bad packet is dropped silently */
    {
        size_t n = 100000;
        char *big = malloc(n);
        memset(big, 'm', n);
        big[0] = '$';
        send_raw(&c, big, n);
        send_raw(&c, "#00", 3);
        free(big);
    }
    EXPECT(&c, "?", "T05thread:1;");

    static const struct {
        const char *req, *want; /* want NULL: any reply */
    } cases[] = {
        { "m0,ffffffffffffffff", "E14" },
        { "mffffffffffffffff,10", "E14" },
        { "mfffffffffffffffff,1", "E01" },
        { "m", "E01" },
        { "m,", "E01" },
        { "m80000000", "E01" },
        { "m80000000,", "E01" },
        { "mzz,4", "E01" },
        { "m1,2,3", "E01" },
        { "m80000000,0", "" },
        { "M80000000,2:abc", "E01" },
        { "M80000000,1:zz", "E01" },
        { "M80000000,ffffffffffffffff:00", "E01" },
        { "M80000000,1", "E01" },
        { "M0,1:00", "E14" },
        { "M", "E01" },
        { "X0,1:a", "E14" },
        { "X80000000,5:ab", "E01" },
        { "X80000000,0:", "OK" },
        { "p", "E01" },
        { "pzz", "E01" },
        { "p1000", "E45" },
        { "pffffffffffffffffffff", "E01" },
        { "p1;", "E01" },
        { "P", "E01" },
        { "P1=", "E01" },
        { "P1=123", "E01" },
        { "P1=zzzzzzzzzzzzzzzz", "E01" },
        { "P1000=0000000000000000", "E45" },
        { "G00", "E01" },
        { "gx", "E01" },
        { "Z9,0,0", "" },
        { "Z2,80000000,0", "E16" },
        { "Z0", "E01" },
        { "Z0,zz,4", "E01" },
        { "Z", "E01" },
        { "z1,80000000,4", "OK" },
        { "qXfer:features:read:target.xml:ffffffffffffffff,ffffffffffffffff", "l" },
        { "qXfer:features:read:foo.xml:0,10", "E00" },
        { "qXfer:features:read:target.xml", "E00" },
        { "qXfer:features:read:target.xml:0", "E00" },
        { "qXfer:features:read:", "E00" },
        { "qRcmd,zz", "E01" },
        { "qRcmd,123", "E01" },
        { "qRcmd,00", "E01" },
        { "vCont;x", "E01" },
        { "vCont;c:zz", "E01" },
        { "vCont;", "E01" },
        { "vCont;C", "E01" },
        { "vCont;czz", "E01" },
        { "Hg2", "E01" },
        { "Hx1", "E01" },
        { "H", "E01" },
        { "T2", "E01" },
        { "czz", "E01" },
        { "Czz", "E01" },
        { "C05;zz", "E01" },
        { "s1;2", "E01" },
        { "vFoo", "" },
        { "qFoo", "" },
        { "Qfoo", "" },
        { "!", "" },
        { "\x01\x02\x7f", "" },
        { "qSupported:xyz;;;", NULL },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *r = request(&c, cases[i].req);
        if (cases[i].want)
            CHECK(r && strcmp(r, cases[i].want) == 0, "'%s' -> '%.80s', want '%s'", cases[i].req, r ? r : "(none)",
                  cases[i].want);
        else
            CHECK(r != NULL, "'%s': no reply", cases[i].req);
    }
    {
        /* huge m: a short reply (all hex) is fine */
        const char *r = request(&c, "m80000000,ffffffffffffffff");
        size_t n = r ? strlen(r) : 0;
        CHECK(n >= 2 * 4096 && n % 2 == 0 && strspn(r, hexdig) == n, "huge m: want a short hex reply, got %zu", n);
    }
    {
        /* a monitor command longer than vsim takes */
        char big[5000] = "qRcmd,";
        memset(big + 6, '4', sizeof big - 7);
        big[sizeof big - 1] = 0;
        const char *r = request(&c, big);
        CHECK(r && r[0] == 'E', "long qRcmd: want E");
    }

    /* random packets with valid checksums (commands that do not run or end the target) */
    static const char letters[] = "mMXpPgGZzqQHT?";
    static const char alpha[] = "0123456789abcdefABCDEF,:;=-xp.}";
    for (int i = 0; i < 3000; i++) {
        char payload[700];
        size_t len = 0;
        payload[len++] = letters[rnd() % (sizeof letters - 1)];
        size_t n = rnd() % 300;
        for (size_t k = 0; k < n; k++) {
            unsigned char b = (rnd() % 4) ? (unsigned char)alpha[rnd() % (sizeof alpha - 1)] : (unsigned char)rnd();
            if (b == '$' || b == '#' || b == '}' || b == '*') {
                payload[len++] = '}';
                b ^= 0x20;
            }
            payload[len++] = (char)b;
        }
        send_frame(&c, payload, len);
        char r[1 << 15];
        int got = recv_packet(&c, r, sizeof r, 5000);
        if (got < 0) {
            CHECK(0, "random packet %d: no reply", i);
            break;
        }
    }
    /* truncated packets and stray bytes, then a good one */
    send_raw(&c, "$$$$#", 5);
    send_raw(&c, "$g#6", 4);
    send_raw(&c, "}}}}+-+-\x03\x03", 10);
    EXPECT(&c, "?", "T05thread:1;");

    send_packet(&c, "k", 1); /* kill: no reply */
    int st = finish(&c);
    CHECK(st == 0, "fuzz: vsim exit status %d after k, want 0", st);
}

/* ------------------------------------------------------------------ protocol */

static char *read_target_xml(struct conn *c)
{
    static char xml[1 << 17];
    size_t len = 0;
    for (int i = 0; i < 1000; i++) {
        const char *r = requestf(c, "qXfer:features:read:target.xml:%zx,%x", len, 0x200);
        if (!r || (r[0] != 'm' && r[0] != 'l')) {
            CHECK(0, "qXfer: bad reply '%.40s'", r ? r : "(none)");
            return NULL;
        }
        for (const char *p = r + 1; *p && len + 1 < sizeof xml; p++) {
            char ch = *p;
            if (ch == '}' && p[1])
                ch = (char)(*++p ^ 0x20);
            xml[len++] = ch;
        }
        if (r[0] == 'l')
            break;
    }
    xml[len] = 0;
    return xml;
}

static void put_le64(char *out, uint64_t v)
{
    for (int i = 0; i < 8; i++) {
        out[2 * i] = hexdig[(v >> (8 * i + 4)) & 15];
        out[2 * i + 1] = hexdig[(v >> (8 * i)) & 15];
    }
    out[16] = 0;
}

static void test_protocol(void)
{
    struct conn c;
    if (!spawn(&c)) {
        CHECK(0, "cannot start vsim");
        return;
    }
    const char *r = request(&c, "qSupported:multiprocess+;swbreak+;hwbreak+;qRelocInsn+;vContSupported+");
    CHECK(r && strstr(r, "PacketSize=") && strstr(r, "qXfer:features:read+") && strstr(r, "swbreak+") &&
              strstr(r, "hwbreak+") && strstr(r, "vContSupported+") && strstr(r, "QStartNoAckMode+"),
          "qSupported -> '%s'", r ? r : "(none)");
    EXPECT(&c, "vMustReplyEmpty", "");
    no_ack_mode(&c);
    EXPECT(&c, "?", "T05thread:1;");
    EXPECT(&c, "qAttached", "1");
    EXPECT(&c, "qC", "QC1");
    EXPECT(&c, "qfThreadInfo", "m1");
    EXPECT(&c, "qsThreadInfo", "l");
    EXPECT(&c, "Hg0", "OK");
    EXPECT(&c, "Hc-1", "OK");
    EXPECT(&c, "Hgp1.1", "OK");
    EXPECT(&c, "T1", "OK");
    EXPECT(&c, "vCont?", "vCont;c;C;s;S");

    /* target.xml, and every register in it readable at its size */
    char *xml = read_target_xml(&c);
    if (xml) {
        CHECK(strstr(xml, "<architecture>riscv:rv64</architecture>"), "target.xml: architecture");
        CHECK(strstr(xml, "<feature name=\"org.gnu.gdb.riscv.cpu\">"), "target.xml: cpu feature");
        CHECK(strstr(xml, "<feature name=\"org.gnu.gdb.riscv.fpu\">"), "target.xml: fpu feature");
        CHECK(strstr(xml, "<feature name=\"org.gnu.gdb.riscv.csr\">"), "target.xml: csr feature");
        CHECK(strstr(xml, "<reg name=\"zero\" bitsize=\"64\" type=\"int\" regnum=\"0\"/>"), "target.xml: zero");
        CHECK(strstr(xml, "<reg name=\"pc\" bitsize=\"64\" type=\"code_ptr\" regnum=\"32\"/>"), "target.xml: pc");
        CHECK(strstr(xml, "<reg name=\"ft0\" bitsize=\"64\" type=\"riscv_double\" regnum=\"33\"/>"), "target.xml: ft0");
        CHECK(strstr(xml, "<reg name=\"fcsr\" bitsize=\"32\" type=\"int\" regnum=\"68\"/>"), "target.xml: fcsr");
        CHECK(strstr(xml, "name=\"mstatus\" bitsize=\"64\" type=\"int\" regnum=\"833\""), "target.xml: mstatus");
        static const char *const csrs[] = { "misa", "mie", "mtvec", "mscratch", "mepc", "mcause", "mtval", "mip",
                                            "sstatus", "sie", "stvec", "sscratch", "sepc", "scause", "stval", "sip",
                                            "satp", "cycle", "time", "instret" };
        for (size_t i = 0; i < sizeof csrs / sizeof csrs[0]; i++) {
            char want[64];
            snprintf(want, sizeof want, "<reg name=\"%s\" bitsize=\"64\"", csrs[i]);
            CHECK(strstr(xml, want), "target.xml: no %s", csrs[i]);
        }
        int nregs = 0;
        for (const char *p = xml; (p = strstr(p, "<reg ")) != NULL; p++) {
            const char *bs = strstr(p, "bitsize=\""), *rn = strstr(p, "regnum=\""), *e = strchr(p, '>');
            if (!bs || !rn || !e || bs > e || rn > e) {
                CHECK(0, "target.xml: a reg without bitsize or regnum");
                continue;
            }
            unsigned bits = (unsigned)strtoul(bs + 9, NULL, 10), regnum = (unsigned)strtoul(rn + 8, NULL, 10);
            r = requestf(&c, "p%x", regnum);
            CHECK(r && strlen(r) == bits / 4 && strspn(r, hexdig) == bits / 4, "p%x (%.20s): '%s', want %u hex digits",
                  regnum, p + 11, r ? r : "(none)", bits / 4);
            nregs++;
        }
        CHECK(nregs >= 33 + 35 + 20, "target.xml: only %d registers", nregs);
    }

    /* registers: g, G, p, P */
    r = request(&c, "g");
    CHECK(r && strlen(r) == 33 * 16, "g: length %zu, want %d", r ? strlen(r) : 0, 33 * 16);
    char g[33 * 16 + 1] = "";
    if (r && strlen(r) == 33 * 16)
        memcpy(g, r, sizeof g);
    uint64_t pc0 = get_pc(&c);
    CHECK(g[0] && le64(g + 32 * 16) == pc0, "g: pc differs from p20");
    char val[20] = "Pa=";
    put_le64(val + 3, 0x1122334455667788ull);
    EXPECT(&c, val, "OK");
    EXPECT(&c, "pa", "8877665544332211");
    EXPECT(&c, "P0=8877665544332211", "OK");
    EXPECT(&c, "p0", "0000000000000000"); /* x0 stays 0 */
    if (g[0]) {
        memcpy(g + 11 * 16, "efbeadde00000000", 16); /* a1 */
        char G[sizeof g + 1];
        snprintf(G, sizeof G, "G%s", g);
        EXPECT(&c, G, "OK");
        EXPECT(&c, "pb", "efbeadde00000000");
        EXPECT(&c, "pa", "0000000000000000"); /* G put back g's a0 */
    }
    EXPECT(&c, "P22=000000000000f03f", "OK"); /* f1 = 1.0 */
    EXPECT(&c, "p22", "000000000000f03f");
    EXPECT(&c, "P381=3412000000000000", "OK"); /* mscratch (CSR 0x340 = regnum 65 + 0x340) */
    EXPECT(&c, "p381", "3412000000000000");
    EXPECT(&c, "P42=01000000", "OK"); /* fflags */
    EXPECT(&c, "p42", "01000000");
    EXPECT(&c, "P42=00000000", "OK");

    /* memory: m, M, X */
    r = requestf(&c, "m%" PRIx64 ",10", sym_magic);
    CHECK(r && strcmp(r, "efbeadde78563412" "0df0fecadec0ad0b") == 0, "m magic -> '%s'", r ? r : "(none)");
    r = requestf(&c, "M%" PRIx64 ",8:0102030405060708", sym_results);
    CHECK(r && strcmp(r, "OK") == 0, "M results -> '%s'", r ? r : "(none)");
    r = requestf(&c, "m%" PRIx64 ",8", sym_results);
    CHECK(r && strcmp(r, "0102030405060708") == 0, "m results -> '%s'", r ? r : "(none)");
    {
        /* binary bytes that must be escaped: } # $ * and 0x00, 0xff */
        static const unsigned char data[8] = { '}', '#', '$', '*', 0x00, 0xff, 0x03, 'a' };
        char pkt[128];
        int n = snprintf(pkt, sizeof pkt, "X%" PRIx64 ",8:", sym_results);
        for (int i = 0; i < 8; i++) {
            if (data[i] == '}' || data[i] == '#' || data[i] == '$' || data[i] == '*') {
                pkt[n++] = '}';
                pkt[n++] = (char)(data[i] ^ 0x20);
            } else {
                pkt[n++] = (char)data[i];
            }
        }
        r = request_len(&c, pkt, (size_t)n);
        CHECK(r && strcmp(r, "OK") == 0, "X -> '%s'", r ? r : "(none)");
        r = requestf(&c, "m%" PRIx64 ",8", sym_results);
        CHECK(r && strcmp(r, "7d23242a00ff0361") == 0, "m after X -> '%s'", r ? r : "(none)");
    }

    /* breakpoints and watchpoints */
    char want[128];
    EXPECT(&c, "Z0,0,4", "OK"); /* anywhere: the library takes any address */
    EXPECT(&c, "z0,0,4", "OK");
    r = requestf(&c, "Z0,%" PRIx64 ",2", sym_square);
    CHECK(r && !strcmp(r, "OK"), "Z0 square -> %s", r ? r : "(none)");
    EXPECT(&c, "c", "T05swbreak:;thread:1;");
    CHECK(get_pc(&c) == sym_square, "Z0: pc 0x%" PRIx64 ", want square 0x%" PRIx64, get_pc(&c), sym_square);
    EXPECT(&c, "?", "T05swbreak:;thread:1;");
    r = requestf(&c, "z0,%" PRIx64 ",2", sym_square);
    CHECK(r && !strcmp(r, "OK"), "z0 -> %s", r ? r : "(none)");
    r = requestf(&c, "Z1,%" PRIx64 ",2", sym_add);
    CHECK(r && !strcmp(r, "OK"), "Z1 add -> %s", r ? r : "(none)");
    EXPECT(&c, "c", "T05hwbreak:;thread:1;");
    CHECK(get_pc(&c) == sym_add, "Z1: pc 0x%" PRIx64 ", want add 0x%" PRIx64, get_pc(&c), sym_add);
    requestf(&c, "z1,%" PRIx64 ",2", sym_add);

    requestf(&c, "Z2,%" PRIx64 ",8", sym_counter);
    snprintf(want, sizeof want, "T05watch:%" PRIx64 ";thread:1;", sym_counter);
    EXPECT(&c, "c", want);
    {
        /* Before the access (vsim.h; GDB's RISC-V target has "nonsteppable"
         * watchpoints and steps over the access itself): pc at the store in
         * bump(), counter not yet written (round 1: still 1). */
        r = requestf(&c, "m%" PRIx64 ",8", sym_counter);
        uint64_t value = r && strlen(r) == 16 ? le64(r) : 99;
        uint64_t wpc = get_pc(&c);
        CHECK(value == 1, "at the write watchpoint, counter is %" PRIu64 ", want 1 (not yet written)", value);
        CHECK(wpc > sym_bump && wpc < sym_bump + 0x40, "write watchpoint: pc 0x%" PRIx64 " not in bump()", wpc);
    }
    requestf(&c, "z2,%" PRIx64 ",8", sym_counter);
    requestf(&c, "Z3,%" PRIx64 ",8", sym_counter);
    snprintf(want, sizeof want, "T05rwatch:%" PRIx64 ";thread:1;", sym_counter);
    EXPECT(&c, "c", want);
    requestf(&c, "z3,%" PRIx64 ",8", sym_counter);
    requestf(&c, "Z4,%" PRIx64 ",8", sym_counter);
    snprintf(want, sizeof want, "T05awatch:%" PRIx64 ";thread:1;", sym_counter);
    EXPECT(&c, "c", want);
    requestf(&c, "z4,%" PRIx64 ",8", sym_counter);
    /* a watchpoint on part of the variable: the address reported is inside it */
    requestf(&c, "Z2,%" PRIx64 ",2", sym_counter + 2);
    r = request(&c, "c");
    snprintf(want, sizeof want, "T05watch:%" PRIx64 ";thread:1;", sym_counter + 2);
    CHECK(r && !strcmp(r, want), "partial watch -> '%s', want '%s'", r ? r : "-", want);
    requestf(&c, "z2,%" PRIx64 ",2", sym_counter + 2);

    /* stepping */
    uint64_t pc = get_pc(&c);
    EXPECT(&c, "s", "T05thread:1;");
    CHECK(get_pc(&c) != pc, "s: pc did not move");
    pc = get_pc(&c);
    EXPECT(&c, "vCont;s:1;c", "T05thread:1;");
    CHECK(get_pc(&c) != pc, "vCont;s:1;c: pc did not move");
    pc = get_pc(&c);
    EXPECT(&c, "vCont;s:2", "T05thread:1;"); /* nothing for our thread to do */
    CHECK(get_pc(&c) == pc, "vCont;s:2 moved the pc");
    EXPECT(&c, "vCont;S05:p1.1", "T05thread:1;");

    /* monitor */
    static const struct {
        const char *cmd, *want;
    } mons[] = {
        { "help", "monitor stats" },  { "stats", "instructions:" },    { "priv", "privilege: M-mode" },
        { "tlb", "valid TLB entr" },  { "devices", "0x" },              { "translate 80000000", "load  0x80000000 -> 0x80000000" },
        { "bogus", "unknown command 'bogus'" }, /* passed on to the REPL */
    };
    for (size_t i = 0; i < sizeof mons / sizeof mons[0]; i++) {
        char hex[256] = "qRcmd,";
        for (size_t k = 0; mons[i].cmd[k]; k++)
            snprintf(hex + strlen(hex), sizeof hex - strlen(hex), "%02x", (unsigned char)mons[i].cmd[k]);
        console_len = 0;
        console[0] = 0;
        EXPECT(&c, hex, "OK");
        CHECK(strstr(console, mons[i].want), "monitor %s: '%s' has no '%s'", mons[i].cmd, console, mons[i].want);
    }

    /* Ctrl-C: keep the guest busy in spin(), interrupt it */
    r = requestf(&c, "M%" PRIx64 ",4:01000000", sym_spin_mode);
    CHECK(r && !strcmp(r, "OK"), "M spin_mode -> %s", r ? r : "-");
    send_packet(&c, "c", 1);
    char buf[256];
    int n = recv_packet(&c, buf, sizeof buf, 300);
    CHECK(n < 0, "the guest stopped by itself in spin(): '%s'", n >= 0 ? buf : "");
    send_raw(&c, "\x03", 1);
    n = recv_packet(&c, buf, sizeof buf, 10000);
    CHECK(n > 0 && !strcmp(buf, "T02thread:1;"), "Ctrl-C -> '%s', want T02thread:1;", n > 0 ? buf : "(none)");
    pc = get_pc(&c);
    CHECK(pc >= sym_spin && pc < sym_spin + 0x40, "Ctrl-C: pc 0x%" PRIx64 " not in spin() at 0x%" PRIx64, pc, sym_spin);
    EXPECT(&c, "?", "T02thread:1;");
    /* Ctrl-C right behind the continue */
    send_raw(&c, "$c#63\x03", 6);
    n = recv_packet(&c, buf, sizeof buf, 10000);
    CHECK(n > 0 && !strcmp(buf, "T02thread:1;"), "c + Ctrl-C -> '%s'", n > 0 ? buf : "(none)");
    /* Ctrl-C while the guest waits in wfi (few instructions retire): let
     * spin() go, and have the next round wait in idle() */
    requestf(&c, "M%" PRIx64 ",4:00000000", sym_spin_mode);
    requestf(&c, "M%" PRIx64 ",4:01000000", sym_idle_mode);
    requestf(&c, "M%" PRIx64 ",4:01000000", sym_spin_release);
    send_packet(&c, "c", 1);
    n = recv_packet(&c, buf, sizeof buf, 300);
    CHECK(n < 0, "the guest stopped by itself in idle(): '%s'", n >= 0 ? buf : "");
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    send_raw(&c, "\x03", 1);
    n = recv_packet(&c, buf, sizeof buf, 10000);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double latency = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) * 1e-9;
    CHECK(n > 0 && !strcmp(buf, "T02thread:1;"), "Ctrl-C in wfi -> '%s'", n > 0 ? buf : "(none)");
    CHECK(latency < 2.0, "Ctrl-C in wfi took %.3f s", latency);
    pc = get_pc(&c);
    CHECK(pc >= sym_idle && pc < sym_idle + 0x80, "Ctrl-C in wfi: pc 0x%" PRIx64 " not in idle() at 0x%" PRIx64, pc,
          sym_idle);
    /* end the wait: the timer is due now (a device register, written with M) */
    requestf(&c, "M%" PRIx64 ",4:00000000", sym_idle_mode);
    requestf(&c, "M%" PRIx64 ",4:01000000", sym_idle_release);
    EXPECT(&c, "M2004000,8:0000000000000000", "OK");
    /* let it go: the guest ends, and passes */
    EXPECT(&c, "c", "W00");
    int st = finish(&c);
    CHECK(st == 0, "protocol: vsim exit status %d, want 0", st);
}

/* ------------------------------------------------------------------ lost connections, detach */

static void test_lost(void)
{
    struct conn c;
    /* closed mid-packet, in ack mode */
    if (spawn(&c)) {
        send_raw(&c, "$m80000000,4", 12);
        int st = finish(&c);
        CHECK(st == 0, "closed mid-packet: vsim exit status %d, want 0", st);
    }
    /* closed mid-escape */
    if (spawn(&c)) {
        no_ack_mode(&c);
        send_raw(&c, "$X80000000,1:}", 14);
        int st = finish(&c);
        CHECK(st == 0, "closed mid-escape: vsim exit status %d, want 0", st);
    }
    /* closed while the target runs */
    if (spawn(&c)) {
        no_ack_mode(&c);
        requestf(&c, "M%" PRIx64 ",4:01000000", sym_spin_mode);
        send_packet(&c, "c", 1);
        usleep(100000);
        int st = finish(&c);
        CHECK(st == 0, "closed while running: vsim exit status %d, want 0", st);
    }
    /* closed right after a reply was sent, before its '+' */
    if (spawn(&c)) {
        send_frame(&c, "g", 1);
        usleep(50000);
        int st = finish(&c);
        CHECK(st == 0, "closed before the ack: vsim exit status %d, want 0", st);
    }
}

static void test_detach(void)
{
    struct conn c;
    if (!spawn(&c))
        return;
    no_ack_mode(&c);
    const char *r = request(&c, "D");
    CHECK(r && !strcmp(r, "OK"), "D -> '%s'", r ? r : "(none)");
    int st = finish(&c);
    CHECK(st == 0, "detach: vsim exit status %d, want 0 (the guest passes)", st);
}

int main(int argc, char **argv)
{
    if (argc != 5) {
        fprintf(stderr, "usage: gdb_protocol VSIM GUEST.elf DISPATCH PORT\n");
        return 2;
    }
    vsim_path = argv[1];
    elf_path = argv[2];
    dispatch = argv[3];
    next_port = atoi(argv[4]);
    signal(SIGALRM, on_alarm);
    signal(SIGPIPE, SIG_IGN);
    alarm(240);

    vsim_config cfg;
    vsim_config_init(&cfg);
    vsim_machine *m;
    if (vsim_create(&cfg, &m) != VSIM_OK || vsim_load_elf(m, elf_path) != VSIM_OK) {
        fprintf(stderr, "FAIL: cannot load %s\n", elf_path);
        return 1;
    }
    static const struct {
        const char *name;
        uint64_t *value;
    } syms[] = {
        { "counter", &sym_counter },     { "results", &sym_results }, { "magic", &sym_magic },
        { "square", &sym_square },       { "add", &sym_add },         { "spin", &sym_spin },
        { "spin_mode", &sym_spin_mode }, { "spin_release", &sym_spin_release },
        { "idle", &sym_idle },           { "idle_mode", &sym_idle_mode }, { "idle_release", &sym_idle_release },
        { "bump", &sym_bump },
    };
    for (size_t i = 0; i < sizeof syms / sizeof syms[0]; i++)
        if (vsim_symbol(m, syms[i].name, syms[i].value) != VSIM_OK) {
            fprintf(stderr, "FAIL: no symbol %s in %s\n", syms[i].name, elf_path);
            return 1;
        }
    vsim_destroy(m);

    test_fuzz();
    test_protocol();
    test_lost();
    test_detach();
    if (failures) {
        fprintf(stderr, "%d check(s) failed\n", failures);
        return 1;
    }
    printf("PASS: gdb protocol, dispatch %s\n", dispatch);
    return 0;
}
