/*
 * vsh: the small shell of vsim's default Linux guest.
 *
 *   vsh                interactive, prompt "# "
 *   vsh -c 'CMDS'      run CMDS and exit
 *   vsh FILE           run the lines of FILE (so "#!/bin/vsh" scripts work)
 *   vsh WORD...        (WORD not a file) run the words as one command line;
 *                      this is how `-- CMDS` on the kernel command line runs
 *
 * Command lines: words separated by blanks, '...' and "..." quotes, \ escapes,
 * commands joined by ';', '&&', '||', redirections '<', '>', '>>', '#' comments,
 * and $? for the last status. Builtins: see `help`. Anything else is run with
 * fork + execve, from /bin, /sbin, /usr/bin, /usr/sbin unless the name holds '/'.
 *
 * Multi-call: started under a builtin's name (e.g. /bin/ls -> vsh) it runs that
 * builtin alone.
 *
 * Guest tools for the board's devices: ifup (eth0 10.0.2.15/24 via ioctls,
 * default route to slirp's 10.0.2.2), fetch (HTTP/1.0 GET), readhex and
 * hexdump (/dev/hwrng), rtc (/dev/rtc0), head and sync FILE (raw /dev/vda).
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/rtc.h>
#include <net/if.h>
#include <net/route.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/klog.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAX_LINE 4096
#define MAX_ARGS 128

extern char **environ;
static int last_status;
static const char *progname = "vsh";

/* ------------------------------------------------------------------ output */

static void put(int fd, const char *s, size_t n)
{
    while (n > 0) {
        ssize_t w = write(fd, s, n);
        if (w < 0) {
            if (errno == EINTR)
                continue;
            return;
        }
        s += w;
        n -= (size_t)w;
    }
}

static void out(const char *s) { put(1, s, strlen(s)); }

static void outf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void outf(const char *fmt, ...)
{
    char buf[1024];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    if (n > 0)
        put(1, buf, n < (int)sizeof buf ? (size_t)n : sizeof buf - 1);
}

static void errf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void errf(const char *fmt, ...)
{
    char buf[1024];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    if (n > 0)
        put(2, buf, n < (int)sizeof buf ? (size_t)n : sizeof buf - 1);
}

/* ---------------------------------------------------------------- builtins */

static int cat_fd(int fd)
{
    char buf[4096];
    ssize_t n;
    while ((n = read(fd, buf, sizeof buf)) != 0) {
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        put(1, buf, (size_t)n);
    }
    return 0;
}

static int b_cat(int argc, char **argv)
{
    int rc = 0;
    if (argc < 2)
        return cat_fd(0) ? 1 : 0;
    for (int i = 1; i < argc; i++) {
        int fd = strcmp(argv[i], "-") ? open(argv[i], O_RDONLY) : 0;
        if (fd < 0 || cat_fd(fd) < 0) {
            errf("cat: %s: %s\n", argv[i], strerror(errno));
            rc = 1;
        }
        if (fd > 0)
            close(fd);
    }
    return rc;
}

static int b_echo(int argc, char **argv)
{
    int i = 1, newline = 1;
    if (argc > 1 && !strcmp(argv[1], "-n")) {
        newline = 0;
        i++;
    }
    for (; i < argc; i++) {
        out(argv[i]);
        if (i + 1 < argc)
            out(" ");
    }
    if (newline)
        out("\n");
    return 0;
}

static void mode_string(mode_t m, char s[11])
{
    s[0] = S_ISDIR(m) ? 'd' : S_ISLNK(m) ? 'l' : S_ISCHR(m) ? 'c' : S_ISBLK(m) ? 'b'
         : S_ISFIFO(m) ? 'p' : S_ISSOCK(m) ? 's' : '-';
    const char *rwx = "rwxrwxrwx";
    for (int i = 0; i < 9; i++)
        s[i + 1] = (m & (0400 >> i)) ? rwx[i] : '-';
    if (m & S_ISUID)
        s[3] = (m & S_IXUSR) ? 's' : 'S';
    if (m & S_ISGID)
        s[6] = (m & S_IXGRP) ? 's' : 'S';
    if (m & S_ISVTX)
        s[9] = (m & S_IXOTH) ? 't' : 'T';
    s[10] = '\0';
}

static void ls_entry(const char *path, const char *name, int lng)
{
    if (!lng) {
        outf("%s\n", name);
        return;
    }
    struct stat st;
    if (lstat(path, &st) != 0) {
        errf("ls: %s: %s\n", path, strerror(errno));
        return;
    }
    char mode[11];
    mode_string(st.st_mode, mode);
    if (S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode))
        outf("%s %3lu %4u %4u %4u, %4u %s", mode, (unsigned long)st.st_nlink, st.st_uid, st.st_gid,
             major(st.st_rdev), minor(st.st_rdev), name);
    else
        outf("%s %3lu %4u %4u %10lld %s", mode, (unsigned long)st.st_nlink, st.st_uid, st.st_gid,
             (long long)st.st_size, name);
    if (S_ISLNK(st.st_mode)) {
        char target[512];
        ssize_t n = readlink(path, target, sizeof target - 1);
        if (n >= 0) {
            target[n] = '\0';
            outf(" -> %s", target);
        }
    }
    out("\n");
}

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int ls_one(const char *path, int lng, int all, int header)
{
    struct stat st;
    if (lstat(path, &st) != 0) {
        errf("ls: %s: %s\n", path, strerror(errno));
        return 1;
    }
    if (!S_ISDIR(st.st_mode)) {
        ls_entry(path, path, lng);
        return 0;
    }
    DIR *d = opendir(path);
    if (!d) {
        errf("ls: %s: %s\n", path, strerror(errno));
        return 1;
    }
    size_t n = 0, cap = 64;
    char **names = malloc(cap * sizeof *names);
    struct dirent *e;
    while (names && (e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.' && !all)
            continue;
        if (n == cap) {
            char **more = realloc(names, (cap *= 2) * sizeof *names);
            if (!more)
                break;
            names = more;
        }
        names[n++] = strdup(e->d_name);
    }
    closedir(d);
    if (!names)
        return 1;
    qsort(names, n, sizeof *names, cmp_names);
    if (header)
        outf("%s:\n", path);
    for (size_t i = 0; i < n; i++) {
        char full[1024];
        snprintf(full, sizeof full, "%s/%s", path, names[i]);
        ls_entry(full, names[i], lng);
        free(names[i]);
    }
    free(names);
    return 0;
}

static int b_ls(int argc, char **argv)
{
    int lng = 0, all = 0, i = 1, rc = 0;
    for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++)
        for (const char *p = argv[i] + 1; *p; p++) {
            if (*p == 'l')
                lng = 1;
            else if (*p == 'a')
                all = 1;
            else {
                errf("ls: unknown option -%c (have -l, -a)\n", *p);
                return 2;
            }
        }
    if (i == argc)
        return ls_one(".", lng, all, 0);
    for (int j = i; j < argc; j++) {
        rc |= ls_one(argv[j], lng, all, argc - i > 1);
        if (argc - i > 1 && j + 1 < argc)
            out("\n");
    }
    return rc;
}

static int b_mkdir(int argc, char **argv)
{
    int rc = 0;
    for (int i = 1; i < argc; i++)
        if (mkdir(argv[i], 0755) != 0) {
            errf("mkdir: %s: %s\n", argv[i], strerror(errno));
            rc = 1;
        }
    return rc;
}

static int b_mount(int argc, char **argv)
{
    const char *type = NULL;
    char opts[512] = "";
    int i = 1;
    for (; i < argc && argv[i][0] == '-'; i++) {
        if (!strcmp(argv[i], "-t") && i + 1 < argc)
            type = argv[++i];
        else if (!strcmp(argv[i], "-o") && i + 1 < argc)
            snprintf(opts, sizeof opts, "%s", argv[++i]);
        else if (!strcmp(argv[i], "-r"))
            snprintf(opts, sizeof opts, "ro");
        else {
            errf("usage: mount [-t TYPE] [-o OPTS] SOURCE DIR   (no arguments: list mounts)\n");
            return 2;
        }
    }
    if (i == argc) {
        int fd = open("/proc/mounts", O_RDONLY);
        if (fd < 0) {
            errf("mount: /proc/mounts: %s\n", strerror(errno));
            return 1;
        }
        cat_fd(fd);
        close(fd);
        return 0;
    }
    if (argc - i != 2) {
        errf("usage: mount [-t TYPE] [-o OPTS] SOURCE DIR\n");
        return 2;
    }
    /* split the options into flags and the data string for the filesystem */
    static const struct { const char *name; unsigned long flag; } known[] = {
        {"ro", MS_RDONLY}, {"rw", 0}, {"remount", MS_REMOUNT}, {"nosuid", MS_NOSUID},
        {"nodev", MS_NODEV}, {"noexec", MS_NOEXEC}, {"sync", MS_SYNCHRONOUS},
        {"noatime", MS_NOATIME}, {"bind", MS_BIND}, {"defaults", 0},
    };
    unsigned long flags = 0;
    char data[512] = "";
    for (char *save = NULL, *o = strtok_r(opts, ",", &save); o; o = strtok_r(NULL, ",", &save)) {
        size_t k;
        for (k = 0; k < sizeof known / sizeof known[0]; k++)
            if (!strcmp(o, known[k].name)) {
                flags |= known[k].flag;
                break;
            }
        if (k == sizeof known / sizeof known[0]) {
            size_t len = strlen(data);
            snprintf(data + len, sizeof data - len, "%s%s", len ? "," : "", o);
        }
    }
    const char *src = argv[i], *dir = argv[i + 1];
    if (type) {
        if (mount(src, dir, type, flags, data[0] ? data : NULL) == 0)
            return 0;
    } else {
        /* try each block filesystem the kernel knows */
        static const char *guesses[] = {"ext2", "ext4", "ext3", "vfat", "iso9660", NULL};
        int err = ENODEV;
        for (int g = 0; guesses[g]; g++) {
            if (mount(src, dir, guesses[g], flags, data[0] ? data : NULL) == 0)
                return 0;
            if (errno != ENODEV && errno != EINVAL)
                err = errno;
        }
        errno = err;
    }
    errf("mount: %s on %s: %s\n", src, dir, strerror(errno));
    return 1;
}

static int b_umount(int argc, char **argv)
{
    int rc = 0;
    for (int i = 1; i < argc; i++)
        if (umount(argv[i]) != 0) {
            errf("umount: %s: %s\n", argv[i], strerror(errno));
            rc = 1;
        }
    return rc;
}

static int b_dmesg(int argc, char **argv)
{
    int clear = argc > 1 && !strcmp(argv[1], "-c");
    int size = klogctl(10 /* SYSLOG_ACTION_SIZE_BUFFER */, NULL, 0);
    if (size <= 0)
        size = 1 << 17;
    char *buf = malloc((size_t)size);
    if (!buf)
        return 1;
    int n = klogctl(clear ? 4 /* READ_CLEAR */ : 3 /* READ_ALL */, buf, size);
    if (n < 0) {
        errf("dmesg: %s\n", strerror(errno));
        free(buf);
        return 1;
    }
    /* drop the "<level>" prefixes */
    for (char *line = buf, *end = buf + n; line < end;) {
        char *nl = memchr(line, '\n', (size_t)(end - line));
        char *stop = nl ? nl + 1 : end;
        char *text = line;
        if (*text == '<') {
            char *gt = memchr(text, '>', (size_t)(stop - text));
            if (gt && gt - text <= 4)
                text = gt + 1;
        }
        put(1, text, (size_t)(stop - text));
        line = stop;
    }
    free(buf);
    return 0;
}

static int b_uname(int argc, char **argv)
{
    struct utsname u;
    if (uname(&u) != 0)
        return 1;
    int s = 0, n = 0, r = 0, v = 0, m = 0;
    for (int i = 1; i < argc; i++)
        for (const char *p = argv[i][0] == '-' ? argv[i] + 1 : ""; *p; p++)
            switch (*p) {
            case 'a': s = n = r = v = m = 1; break;
            case 's': s = 1; break;
            case 'n': n = 1; break;
            case 'r': r = 1; break;
            case 'v': v = 1; break;
            case 'm': m = 1; break;
            default: errf("uname: unknown option -%c\n", *p); return 2;
            }
    if (!(s | n | r | v | m))
        s = 1;
    const char *parts[5] = {s ? u.sysname : NULL, n ? u.nodename : NULL, r ? u.release : NULL,
                            v ? u.version : NULL, m ? u.machine : NULL};
    int first = 1;
    for (int i = 0; i < 5; i++)
        if (parts[i]) {
            if (!first)
                out(" ");
            out(parts[i]);
            first = 0;
        }
    out("\n");
    return 0;
}

static int b_poweroff(int argc, char **argv)
{
    (void)argc;
    int restart = !strcmp(argv[0], "reboot");
    sync();
    reboot(restart ? RB_AUTOBOOT : RB_POWER_OFF); /* LINUX_REBOOT_CMD_RESTART / _POWER_OFF */
    errf("%s: %s\n", argv[0], strerror(errno));
    return 1;
}


static int b_sleep(int argc, char **argv)
{
    if (argc != 2) {
        errf("usage: sleep SECONDS\n");
        return 2;
    }
    double s = strtod(argv[1], NULL);
    struct timespec ts = {(time_t)s, (long)((s - (double)(time_t)s) * 1e9)};
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
        ;
    return 0;
}

static int b_ps(int argc, char **argv)
{
    (void)argc, (void)argv;
    DIR *d = opendir("/proc");
    if (!d) {
        errf("ps: /proc: %s\n", strerror(errno));
        return 1;
    }
    out("  PID COMMAND\n");
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (!isdigit((unsigned char)e->d_name[0]))
            continue;
        char path[300], cmd[256] = "";
        snprintf(path, sizeof path, "/proc/%s/cmdline", e->d_name);
        int fd = open(path, O_RDONLY);
        ssize_t n = fd >= 0 ? read(fd, cmd, sizeof cmd - 1) : -1;
        if (fd >= 0)
            close(fd);
        if (n <= 0) { /* kernel thread: use comm, in brackets */
            snprintf(path, sizeof path, "/proc/%s/comm", e->d_name);
            fd = open(path, O_RDONLY);
            char comm[64] = "";
            ssize_t k = fd >= 0 ? read(fd, comm, sizeof comm - 1) : -1;
            if (fd >= 0)
                close(fd);
            comm[k > 0 ? k : 0] = '\0';
            comm[strcspn(comm, "\n")] = '\0';
            snprintf(cmd, sizeof cmd, "[%s]", comm);
        } else {
            for (ssize_t i = 0; i < n - 1; i++)
                if (!cmd[i])
                    cmd[i] = ' ';
            cmd[n] = '\0';
        }
        outf("%5s %s\n", e->d_name, cmd);
    }
    closedir(d);
    return 0;
}

static int b_true(int argc, char **argv) { (void)argc, (void)argv; return 0; }
static int b_false(int argc, char **argv) { (void)argc, (void)argv; return 1; }

static int b_pwd(int argc, char **argv)
{
    (void)argc, (void)argv;
    char buf[1024];
    if (!getcwd(buf, sizeof buf))
        return 1;
    outf("%s\n", buf);
    return 0;
}

/* cd and exit only make sense inside the shell; see run_command */
static int b_cd(int argc, char **argv)
{
    const char *dir = argc > 1 ? argv[1] : "/";
    if (chdir(dir) != 0) {
        errf("cd: %s: %s\n", dir, strerror(errno));
        return 1;
    }
    return 0;
}

/* sync: everything; with FILEs, fsync each (for a block device such as
 * /dev/vda that writes back its cached blocks and flushes the disk's cache). */
static int b_sync(int argc, char **argv)
{
    int rc = 0;
    if (argc < 2) {
        sync();
        return 0;
    }
    for (int i = 1; i < argc; i++) {
        int fd = open(argv[i], O_RDONLY | O_NONBLOCK);
        if (fd < 0 || fsync(fd) != 0) {
            errf("sync: %s: %s\n", argv[i], strerror(errno));
            rc = 1;
        }
        if (fd >= 0)
            close(fd);
    }
    return rc;
}

/* A count: decimal, or with a K/M suffix (KiB, MiB). -1 if bad. */
static long long parse_count(const char *s)
{
    char *end;
    errno = 0;
    long long v = strtoll(s, &end, 10);
    if (errno || end == s || v < 0)
        return -1;
    if (*end == 'K' || *end == 'k')
        v <<= 10, end++;
    else if (*end == 'M' || *end == 'm')
        v <<= 20, end++;
    return *end ? -1 : v;
}

/* read() that retries on EINTR and fills the buffer unless EOF comes first. */
static ssize_t read_full(int fd, void *buf, size_t n)
{
    size_t got = 0;
    while (got < n) {
        ssize_t r = read(fd, (char *)buf + got, n - got);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0)
            return got ? (ssize_t)got : -1;
        if (r == 0)
            break;
        got += (size_t)r;
    }
    return (ssize_t)got;
}

static int open_input(const char *name, const char *who)
{
    if (!name || !strcmp(name, "-"))
        return 0;
    int fd = open(name, O_RDONLY);
    if (fd < 0)
        errf("%s: %s: %s\n", who, name, strerror(errno));
    return fd;
}

/* readhex N [FILE]: the first N bytes of FILE as one line of hex digits
 * (e.g. readhex 16 /dev/hwrng). Status 1 if fewer than N bytes came. */
static int b_readhex(int argc, char **argv)
{
    long long n = argc >= 2 ? parse_count(argv[1]) : -1;
    if (argc < 2 || argc > 3 || n < 0) {
        errf("usage: readhex N [FILE]\n");
        return 2;
    }
    int fd = open_input(argc > 2 ? argv[2] : NULL, "readhex");
    if (fd < 0)
        return 1;
    static const char digits[] = "0123456789abcdef";
    long long left = n;
    char buf[512], line[1024];
    while (left > 0) {
        ssize_t r = read_full(fd, buf, left < (long long)sizeof buf ? (size_t)left : sizeof buf);
        if (r <= 0) {
            if (r < 0)
                errf("readhex: %s\n", strerror(errno));
            break;
        }
        for (ssize_t i = 0; i < r; i++) {
            line[2 * i] = digits[(unsigned char)buf[i] >> 4];
            line[2 * i + 1] = digits[(unsigned char)buf[i] & 15];
        }
        put(1, line, 2 * (size_t)r);
        left -= r;
    }
    out("\n");
    if (fd > 0)
        close(fd);
    if (left > 0) {
        errf("readhex: only %lld of %lld bytes\n", n - left, n);
        return 1;
    }
    return 0;
}

/* hexdump [-n N] [FILE]: offset, 16 bytes in hex, the printable ones. */
static int b_hexdump(int argc, char **argv)
{
    long long limit = -1;
    int i = 1;
    if (i + 1 < argc && !strcmp(argv[i], "-n")) {
        limit = parse_count(argv[i + 1]);
        i += 2;
    }
    if (argc - i > 1 || (i > 1 && limit < 0)) {
        errf("usage: hexdump [-n N] [FILE]\n");
        return 2;
    }
    int fd = open_input(i < argc ? argv[i] : NULL, "hexdump");
    if (fd < 0)
        return 1;
    unsigned char row[16];
    long long off = 0;
    int rc = 0;
    while (limit < 0 || off < limit) {
        size_t want = limit < 0 || limit - off >= 16 ? 16 : (size_t)(limit - off);
        ssize_t r = read_full(fd, row, want);
        if (r < 0) {
            errf("hexdump: %s\n", strerror(errno));
            rc = 1;
        }
        if (r <= 0)
            break;
        char line[100];
        int k = snprintf(line, sizeof line, "%08llx ", off);
        for (int j = 0; j < 16; j++)
            k += j < r ? snprintf(line + k, sizeof line - (size_t)k, "%s%02x", j == 8 ? "  " : " ", row[j])
                       : snprintf(line + k, sizeof line - (size_t)k, "%s   ", j == 8 ? "  " : "");
        k += snprintf(line + k, sizeof line - (size_t)k, "  |");
        for (int j = 0; j < r; j++)
            line[k++] = row[j] >= 0x20 && row[j] < 0x7f ? (char)row[j] : '.';
        line[k++] = '|';
        line[k++] = '\n';
        put(1, line, (size_t)k);
        off += r;
        if (r < (ssize_t)want)
            break;
    }
    if (off > 0)
        outf("%08llx\n", off);
    if (fd > 0)
        close(fd);
    return rc;
}

/* head [-n LINES | -c BYTES] [FILE...]: the start of each file (10 lines). */
static int b_head(int argc, char **argv)
{
    long long count = 10;
    int bytes = 0, i = 1, rc = 0;
    if (i + 1 < argc && (!strcmp(argv[i], "-n") || !strcmp(argv[i], "-c"))) {
        bytes = argv[i][1] == 'c';
        count = parse_count(argv[i + 1]);
        i += 2;
    }
    if (count < 0) {
        errf("usage: head [-n LINES | -c BYTES] [FILE...]\n");
        return 2;
    }
    int nfiles = argc - i;
    for (int f = i; f < argc || (f == i && nfiles == 0); f++) {
        int fd = open_input(nfiles ? argv[f] : NULL, "head");
        if (fd < 0) {
            rc = 1;
            continue;
        }
        if (nfiles > 1)
            outf("%s==> %s <==\n", f > i ? "\n" : "", argv[f]);
        long long left = count;
        char buf[4096];
        while (left > 0) {
            ssize_t r = read(fd, buf, bytes && left < (long long)sizeof buf ? (size_t)left : sizeof buf);
            if (r < 0 && errno == EINTR)
                continue;
            if (r < 0) {
                errf("head: %s\n", strerror(errno));
                rc = 1;
            }
            if (r <= 0)
                break;
            size_t keep = (size_t)r;
            if (bytes) {
                left -= r;
            } else {
                for (size_t k = 0; k < (size_t)r; k++)
                    if (buf[k] == '\n' && --left == 0) {
                        keep = k + 1;
                        break;
                    }
            }
            put(1, buf, keep);
        }
        if (fd > 0)
            close(fd);
    }
    return rc;
}

/* rtc [DEVICE]: the hardware clock's time (ioctl RTC_RD_TIME on /dev/rtc0),
 * or /sys/class/rtc/NAME/since_epoch if the ioctl is not there. */
static int b_rtc(int argc, char **argv)
{
    const char *dev = argc > 1 ? argv[1] : "/dev/rtc0";
    const char *name = strrchr(dev, '/') ? strrchr(dev, '/') + 1 : dev;
    struct tm tm;
    memset(&tm, 0, sizeof tm);
    time_t t;
    const char *how;
    struct rtc_time rt;
    int fd = open(dev, O_RDONLY);
    if (fd >= 0 && ioctl(fd, RTC_RD_TIME, &rt) == 0) {
        tm.tm_year = rt.tm_year;
        tm.tm_mon = rt.tm_mon;
        tm.tm_mday = rt.tm_mday;
        tm.tm_hour = rt.tm_hour;
        tm.tm_min = rt.tm_min;
        tm.tm_sec = rt.tm_sec;
        t = timegm(&tm);
        how = "RTC_RD_TIME";
    } else {
        int err = errno;
        char path[300], text[32];
        snprintf(path, sizeof path, "/sys/class/rtc/%s/since_epoch", name);
        int sfd = open(path, O_RDONLY);
        ssize_t n = sfd >= 0 ? read_full(sfd, text, sizeof text - 1) : -1;
        if (sfd >= 0)
            close(sfd);
        if (n <= 0) {
            errf("rtc: %s: %s; %s: unreadable\n", dev, strerror(err), path);
            if (fd >= 0)
                close(fd);
            return 1;
        }
        text[n] = '\0';
        t = (time_t)strtoll(text, NULL, 10);
        gmtime_r(&t, &tm);
        how = "since_epoch";
    }
    if (fd >= 0)
        close(fd);
    outf("%s: %04d-%02d-%02d %02d:%02d:%02d UTC (%lld s since the epoch, %s)\n", name, tm.tm_year + 1900,
         tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, (long long)t, how);
    return 0;
}

/* date [+FORMAT]: the system time, in UTC (there is no time zone here). */
static int b_date(int argc, char **argv)
{
    const char *fmt = argc > 1 && argv[1][0] == '+' ? argv[1] + 1 : "%a %b %e %H:%M:%S UTC %Y";
    if (argc > 2 || (argc == 2 && argv[1][0] != '+')) {
        errf("usage: date [+FORMAT]\n");
        return 2;
    }
    time_t now = time(NULL);
    struct tm tm;
    char buf[256];
    gmtime_r(&now, &tm);
    size_t n = strftime(buf, sizeof buf, fmt, &tm);
    put(1, buf, n);
    out("\n");
    return 0;
}

/* ----------------------------------------------------------------- network */

static void set_sin(struct sockaddr *sa, in_addr_t addr)
{
    struct sockaddr_in sin;
    memset(&sin, 0, sizeof sin);
    sin.sin_family = AF_INET;
    sin.sin_addr.s_addr = addr;
    memcpy(sa, &sin, sizeof sin);
}

static int if_ioctl(int s, unsigned long req, const char *ifname, in_addr_t addr, const char *what)
{
    struct ifreq ifr;
    memset(&ifr, 0, sizeof ifr);
    snprintf(ifr.ifr_name, sizeof ifr.ifr_name, "%s", ifname);
    set_sin(&ifr.ifr_addr, addr);
    if (ioctl(s, req, &ifr) == 0)
        return 0;
    errf("ifup: %s: %s: %s\n", ifname, what, strerror(errno));
    return -1;
}

static int if_bring_up(int s, const char *ifname)
{
    struct ifreq ifr;
    memset(&ifr, 0, sizeof ifr);
    snprintf(ifr.ifr_name, sizeof ifr.ifr_name, "%s", ifname);
    if (ioctl(s, SIOCGIFFLAGS, &ifr) == 0) {
        ifr.ifr_flags |= IFF_UP | IFF_RUNNING;
        if (ioctl(s, SIOCSIFFLAGS, &ifr) == 0)
            return 0;
    }
    errf("ifup: %s: bringing it up: %s\n", ifname, strerror(errno));
    return -1;
}

/*
 * ifup [IFACE [ADDR[/PREFIX] [GATEWAY|none]]]: give IFACE (eth0) the address
 * ADDR/PREFIX (10.0.2.15/24, slirp's guest address), bring it and lo up,
 * and route everything else through GATEWAY (10.0.2.2). No DHCP.
 */
static int b_ifup(int argc, char **argv)
{
    const char *ifname = argc > 1 ? argv[1] : "eth0";
    char addr_text[64];
    snprintf(addr_text, sizeof addr_text, "%s", argc > 2 ? argv[2] : "10.0.2.15/24");
    const char *gw_text = argc > 3 ? argv[3] : "10.0.2.2";
    int prefix = 24;
    char *slash = strchr(addr_text, '/');
    if (slash) {
        *slash = '\0';
        prefix = atoi(slash + 1);
    }
    struct in_addr addr, gw = {0};
    int use_gw = strcmp(gw_text, "none") != 0;
    if (argc > 4 || strlen(ifname) >= IFNAMSIZ || prefix < 0 || prefix > 32 ||
        inet_pton(AF_INET, addr_text, &addr) != 1 || (use_gw && inet_pton(AF_INET, gw_text, &gw) != 1)) {
        errf("usage: ifup [IFACE [ADDR[/PREFIX] [GATEWAY|none]]]   (default: eth0 10.0.2.15/24 10.0.2.2)\n");
        return 2;
    }
    in_addr_t mask = prefix ? htonl(0xffffffffu << (32 - prefix)) : 0;

    int s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (s < 0) {
        errf("ifup: socket: %s\n", strerror(errno));
        return 1;
    }
    int rc = 0;
    if (strcmp(ifname, "lo") != 0) { /* loopback too, quietly */
        struct in_addr lo_addr = {htonl(INADDR_LOOPBACK)};
        if (if_ioctl(s, SIOCSIFADDR, "lo", lo_addr.s_addr, "address") == 0)
            if_bring_up(s, "lo");
    }
    if (if_ioctl(s, SIOCSIFADDR, ifname, addr.s_addr, "setting the address") != 0 ||
        if_ioctl(s, SIOCSIFNETMASK, ifname, mask, "setting the netmask") != 0 || if_bring_up(s, ifname) != 0)
        rc = 1;
    if (rc == 0 && use_gw) {
        struct rtentry rt;
        char dev[IFNAMSIZ];
        memset(&rt, 0, sizeof rt);
        snprintf(dev, sizeof dev, "%s", ifname);
        set_sin(&rt.rt_dst, INADDR_ANY);
        set_sin(&rt.rt_genmask, INADDR_ANY);
        set_sin(&rt.rt_gateway, gw.s_addr);
        rt.rt_flags = RTF_UP | RTF_GATEWAY;
        rt.rt_dev = dev;
        if (ioctl(s, SIOCADDRT, &rt) != 0 && errno != EEXIST) {
            errf("ifup: default route via %s: %s\n", gw_text, strerror(errno));
            rc = 1;
        }
    }
    if (rc == 0) {
        struct ifreq ifr;
        memset(&ifr, 0, sizeof ifr);
        snprintf(ifr.ifr_name, sizeof ifr.ifr_name, "%s", ifname);
        char mac[32] = "?";
        if (ioctl(s, SIOCGIFHWADDR, &ifr) == 0) {
            const unsigned char *h = (const unsigned char *)ifr.ifr_hwaddr.sa_data;
            snprintf(mac, sizeof mac, "%02x:%02x:%02x:%02x:%02x:%02x", h[0], h[1], h[2], h[3], h[4], h[5]);
        }
        outf("%s: up, %s/%d, mac %s", ifname, addr_text, prefix, mac);
        if (use_gw)
            outf(", default via %s", gw_text);
        out("\n");
    }
    close(s);
    return rc;
}

/* Wait until fd is ready for events; 0 on time out (errno ETIMEDOUT). */
static int wait_fd(int fd, short events, int timeout_ms)
{
    struct pollfd p = {.fd = fd, .events = events};
    for (;;) {
        int r = poll(&p, 1, timeout_ms);
        if (r < 0 && errno == EINTR)
            continue;
        if (r == 0)
            errno = ETIMEDOUT;
        return r;
    }
}

/*
 * fetch [-t SECONDS] HOST PORT [PATH]  or  fetch [-t SECONDS] http://HOST[:PORT][/PATH]
 * An HTTP/1.0 GET to an IPv4 address (no resolver here); prints the body.
 * Status 0 for a 2xx answer, 1 otherwise (the status line goes to stderr).
 */
static int b_fetch(int argc, char **argv)
{
    int timeout_s = 10, i = 1;
    if (i + 1 < argc && !strcmp(argv[i], "-t")) {
        timeout_s = atoi(argv[i + 1]);
        i += 2;
    }
    char host[256], path[1024];
    long port = 80;
    if (argc - i == 1 && !strncmp(argv[i], "http://", 7)) {
        const char *h = argv[i] + 7;
        size_t hl = strcspn(h, ":/");
        snprintf(host, sizeof host, "%.*s", (int)hl, h);
        const char *rest = h + hl;
        if (*rest == ':')
            port = strtol(rest + 1, (char **)&rest, 10);
        snprintf(path, sizeof path, "%s", *rest ? rest : "/");
    } else if (argc - i == 2 || argc - i == 3) {
        snprintf(host, sizeof host, "%s", argv[i]);
        port = strtol(argv[i + 1], NULL, 10);
        snprintf(path, sizeof path, "%s", argc - i == 3 ? argv[i + 2] : "/");
    } else {
        port = -1;
    }
    struct sockaddr_in sin;
    memset(&sin, 0, sizeof sin);
    sin.sin_family = AF_INET;
    if (port <= 0 || port > 65535 || timeout_s <= 0 || path[0] != '/' ||
        inet_pton(AF_INET, host, &sin.sin_addr) != 1) {
        errf("usage: fetch [-t SECONDS] HOST PORT [PATH]  or  fetch http://HOST[:PORT][/PATH]\n"
             "       (HOST: an IPv4 address, e.g. 10.0.2.2 = the host)\n");
        return 2;
    }
    sin.sin_port = htons((uint16_t)port);
    int ms = timeout_s * 1000;

    int s = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    if (s < 0) {
        errf("fetch: socket: %s\n", strerror(errno));
        return 1;
    }
    if (connect(s, (struct sockaddr *)&sin, sizeof sin) != 0) {
        int err = errno;
        if (err == EINPROGRESS && wait_fd(s, POLLOUT, ms) > 0) {
            socklen_t len = sizeof err;
            getsockopt(s, SOL_SOCKET, SO_ERROR, &err, &len);
        } else if (err == EINPROGRESS) {
            err = errno;
        }
        if (err) {
            errf("fetch: connect to %s:%ld: %s\n", host, port, strerror(err));
            close(s);
            return 1;
        }
    }
    char req[1400];
    int n = snprintf(req, sizeof req, "GET %s HTTP/1.0\r\nHost: %s:%ld\r\nUser-Agent: vsh-fetch\r\n"
                                      "Connection: close\r\n\r\n", path, host, port);
    if (n < 0 || n >= (int)sizeof req) {
        errf("fetch: path too long\n");
        close(s);
        return 2;
    }
    for (int sent = 0; sent < n;) {
        ssize_t w = send(s, req + sent, (size_t)(n - sent), MSG_NOSIGNAL);
        if (w < 0 && (errno == EAGAIN || errno == EINTR)) {
            if (errno == EAGAIN && wait_fd(s, POLLOUT, ms) <= 0)
                goto io_error;
            continue;
        }
        if (w < 0)
            goto io_error;
        sent += (int)w;
    }

    /* the header (kept until the blank line), then the body, streamed out */
    static char head[16384 + 1]; /* + a terminating NUL for sscanf */
    const size_t head_max = sizeof head - 1;
    size_t hlen = 0;
    int in_body = 0, status = 0;
    for (;;) {
        char buf[4096];
        ssize_t r = recv(s, buf, sizeof buf, 0);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0 && errno == EAGAIN) {
            if (wait_fd(s, POLLIN, ms) <= 0)
                goto io_error;
            continue;
        }
        if (r < 0)
            goto io_error;
        if (r == 0)
            break;
        if (in_body) {
            put(1, buf, (size_t)r);
            continue;
        }
        size_t take = (size_t)r < head_max - hlen ? (size_t)r : head_max - hlen;
        memcpy(head + hlen, buf, take);
        hlen += take;
        head[hlen] = '\0';
        char *end = memmem(head, hlen, "\r\n\r\n", 4);
        size_t sep = 4;
        char *lf = memmem(head, hlen, "\n\n", 2);
        if (!end || (lf && lf < end))
            end = lf, sep = 2;
        if (!end) {
            if (hlen == head_max) {
                errf("fetch: header longer than %zu bytes\n", head_max);
                close(s);
                return 1;
            }
            continue;
        }
        in_body = 1;
        if (sscanf(head, "HTTP/%*d.%*d %d", &status) != 1)
            status = 0;
        if (status < 200 || status > 299)
            errf("fetch: %.*s\n", (int)strcspn(head, "\r\n"), head);
        size_t body = (size_t)(end - head) + sep;
        put(1, head + body, hlen - body);
        put(1, buf + take, (size_t)r - take);
    }
    close(s);
    if (!in_body) {
        errf("fetch: %s:%ld: the answer ended inside the header\n", host, port);
        return 1;
    }
    return status >= 200 && status <= 299 ? 0 : 1;

io_error:
    errf("fetch: %s:%ld: %s\n", host, port, strerror(errno));
    close(s);
    return 1;
}

static int b_help(int argc, char **argv);

struct builtin {
    const char *name;
    int (*fn)(int, char **);
    const char *usage;
};

static const struct builtin builtins[] = {
    {"cat", b_cat, "cat [FILE...]"},
    {"cd", b_cd, "cd [DIR]"},
    {"date", b_date, "date [+FORMAT]          (UTC)"},
    {"dmesg", b_dmesg, "dmesg [-c]"},
    {"echo", b_echo, "echo [-n] [WORD...]"},
    {"exit", NULL, "exit [STATUS]"},
    {"false", b_false, "false"},
    {"fetch", b_fetch, "fetch [-t SECS] HOST PORT [PATH] | http://HOST[:PORT]/PATH   (HTTP GET, prints the body)"},
    {"head", b_head, "head [-n LINES | -c BYTES] [FILE...]"},
    {"help", b_help, "help"},
    {"hexdump", b_hexdump, "hexdump [-n BYTES] [FILE]"},
    {"ifup", b_ifup, "ifup [IFACE [ADDR/PREFIX [GATEWAY|none]]]   (eth0 10.0.2.15/24 10.0.2.2)"},
    {"ls", b_ls, "ls [-la] [PATH...]"},
    {"mkdir", b_mkdir, "mkdir DIR..."},
    {"mount", b_mount, "mount [-t TYPE] [-o OPTS] SOURCE DIR"},
    {"poweroff", b_poweroff, "poweroff"},
    {"ps", b_ps, "ps"},
    {"pwd", b_pwd, "pwd"},
    {"readhex", b_readhex, "readhex BYTES [FILE]    (one line of hex, e.g. readhex 16 /dev/hwrng)"},
    {"reboot", b_poweroff, "reboot"},
    {"rtc", b_rtc, "rtc [DEVICE]            (the hardware clock, /dev/rtc0)"},
    {"sleep", b_sleep, "sleep SECONDS"},
    {"sync", b_sync, "sync [FILE...]          (FILEs: fsync each, e.g. /dev/vda)"},
    {"true", b_true, "true"},
    {"umount", b_umount, "umount DIR..."},
    {"uname", b_uname, "uname [-asnrvm]"},
};
#define N_BUILTINS (sizeof builtins / sizeof builtins[0])

static int b_help(int argc, char **argv)
{
    (void)argc, (void)argv;
    out("vsh builtins:\n");
    for (size_t i = 0; i < N_BUILTINS; i++)
        outf("  %s\n", builtins[i].usage);
    out("Other commands run from /bin, /sbin, /usr/bin, /usr/sbin. Separators: ; && ||\n"
        "Redirections: < FILE, > FILE, >> FILE. $? is the last status.\n");
    return 0;
}

static const struct builtin *find_builtin(const char *name)
{
    for (size_t i = 0; i < N_BUILTINS; i++)
        if (!strcmp(builtins[i].name, name))
            return &builtins[i];
    return NULL;
}

/* ------------------------------------------------------------------ parser */

enum sep { SEP_END, SEP_SEMI, SEP_AND, SEP_OR };

struct command {
    char *argv[MAX_ARGS];
    int argc;
    char *in, *out;
    int append;
    enum sep sep; /* what follows this command */
};

/*
 * Parse one command from *pp into c (words point into the static buffer words).
 * Returns 0 on success, -1 on a syntax error (message printed).
 */
static int parse_command(const char **pp, struct command *c, char *words, size_t words_size)
{
    const char *p = *pp;
    char *w = words, *wend = words + words_size - 1;
    memset(c, 0, sizeof *c);
    char **redirect = NULL;

    for (;;) {
        while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')
            p++;
        if (!*p || *p == '#') {
            c->sep = SEP_END;
            while (*p)
                p++;
            break;
        }
        if (*p == ';') {
            c->sep = SEP_SEMI;
            p++;
            break;
        }
        if (p[0] == '&' && p[1] == '&') {
            c->sep = SEP_AND;
            p += 2;
            break;
        }
        if (p[0] == '|' && p[1] == '|') {
            c->sep = SEP_OR;
            p += 2;
            break;
        }
        if (*p == '|' || *p == '&') {
            errf("vsh: '%c' is not supported\n", *p);
            return -1;
        }
        if (*p == '<' || *p == '>') {
            if (redirect) {
                errf("vsh: redirection without a file name\n");
                return -1;
            }
            if (*p == '<') {
                redirect = &c->in;
                p++;
            } else {
                redirect = &c->out;
                c->append = p[1] == '>';
                p += c->append ? 2 : 1;
            }
            continue;
        }
        /* a word */
        char *start = w;
        char quote = 0;
        while (*p && w < wend) {
            if (quote) {
                if (*p == quote) {
                    quote = 0;
                    p++;
                } else if (quote == '"' && *p == '\\' && (p[1] == '"' || p[1] == '\\' || p[1] == '$')) {
                    *w++ = p[1];
                    p += 2;
                } else if (quote == '"' && p[0] == '$' && p[1] == '?') {
                    w += snprintf(w, (size_t)(wend - w), "%d", last_status);
                    p += 2;
                } else {
                    *w++ = *p++;
                }
                continue;
            }
            if (strchr(" \t\r\n;<>|&", *p))
                break;
            if (*p == '\'' || *p == '"') {
                quote = *p++;
            } else if (*p == '\\' && p[1]) {
                *w++ = p[1];
                p += 2;
            } else if (p[0] == '$' && p[1] == '?') {
                w += snprintf(w, (size_t)(wend - w), "%d", last_status);
                p += 2;
            } else {
                *w++ = *p++;
            }
        }
        if (quote) {
            errf("vsh: unterminated %c quote\n", quote);
            return -1;
        }
        if (w >= wend) {
            errf("vsh: line too long\n");
            return -1;
        }
        *w++ = '\0';
        if (redirect) {
            *redirect = start;
            redirect = NULL;
        } else if (c->argc < MAX_ARGS - 1) {
            c->argv[c->argc++] = start;
        } else {
            errf("vsh: too many arguments\n");
            return -1;
        }
    }
    if (redirect) {
        errf("vsh: redirection without a file name\n");
        return -1;
    }
    c->argv[c->argc] = NULL;
    *pp = p;
    return 0;
}

/* ---------------------------------------------------------------- executor */

static int apply_redirections(const struct command *c)
{
    if (c->in) {
        int fd = open(c->in, O_RDONLY);
        if (fd < 0) {
            errf("vsh: %s: %s\n", c->in, strerror(errno));
            return -1;
        }
        dup2(fd, 0);
        close(fd);
    }
    if (c->out) {
        int fd = open(c->out, O_WRONLY | O_CREAT | (c->append ? O_APPEND : O_TRUNC), 0644);
        if (fd < 0) {
            errf("vsh: %s: %s\n", c->out, strerror(errno));
            return -1;
        }
        dup2(fd, 1);
        close(fd);
    }
    return 0;
}

static void exec_external(char **argv)
{
    static const char *path[] = {"/bin", "/sbin", "/usr/bin", "/usr/sbin", NULL};
    if (strchr(argv[0], '/')) {
        execve(argv[0], argv, environ);
    } else {
        for (int i = 0; path[i]; i++) {
            char full[512];
            snprintf(full, sizeof full, "%s/%s", path[i], argv[0]);
            execve(full, argv, environ);
            if (errno != ENOENT)
                break;
        }
    }
    int err = errno;
    errf("vsh: %s: %s\n", argv[0], err == ENOENT ? "command not found" : strerror(err));
    _exit(err == ENOENT ? 127 : 126);
}

static int run_command(struct command *c, int *exit_requested)
{
    if (c->argc == 0)
        return last_status;
    const struct builtin *b = find_builtin(c->argv[0]);
    if (b && !b->fn) { /* exit */
        *exit_requested = 1;
        return c->argc > 1 ? atoi(c->argv[1]) : last_status;
    }
    if (b) {
        int saved_in = dup(0), saved_out = dup(1);
        int rc = apply_redirections(c) == 0 ? b->fn(c->argc, c->argv) : 1;
        dup2(saved_in, 0);
        dup2(saved_out, 1);
        close(saved_in);
        close(saved_out);
        return rc;
    }
    pid_t pid = fork();
    if (pid < 0) {
        errf("vsh: fork: %s\n", strerror(errno));
        return 1;
    }
    if (pid == 0) {
        signal(SIGINT, SIG_DFL);
        signal(SIGQUIT, SIG_DFL);
        signal(SIGTSTP, SIG_DFL);
        if (apply_redirections(c) != 0)
            _exit(1);
        exec_external(c->argv);
    }
    int status;
    while (waitpid(pid, &status, 0) < 0)
        if (errno != EINTR)
            return 1;
    if (WIFSIGNALED(status)) {
        if (WTERMSIG(status) == SIGINT)
            out("\n");
        else
            errf("vsh: %s: killed by signal %d\n", c->argv[0], WTERMSIG(status));
        return 128 + WTERMSIG(status);
    }
    return WEXITSTATUS(status);
}

/* Run one line; returns 1 if `exit` was requested. */
static int run_line(const char *line)
{
    static char words[MAX_LINE * 2];
    const char *p = line;
    enum sep prev = SEP_SEMI;
    int exit_requested = 0;
    while (*p) {
        struct command c;
        if (parse_command(&p, &c, words, sizeof words) != 0) {
            last_status = 2;
            return 0;
        }
        int skip = (prev == SEP_AND && last_status != 0) || (prev == SEP_OR && last_status == 0);
        if (!skip)
            last_status = run_command(&c, &exit_requested);
        if (exit_requested)
            return 1;
        prev = c.sep;
        if (c.sep == SEP_END)
            break;
    }
    return 0;
}

/* Read one line from fd (unbuffered, so that children see the rest). -1 at EOF. */
static int read_line(int fd, char *buf, size_t size)
{
    size_t n = 0;
    for (;;) {
        char ch;
        ssize_t r = read(fd, &ch, 1);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            return n ? (int)n : -1;
        if (ch == '\n')
            break;
        if (n + 1 < size)
            buf[n++] = ch;
    }
    buf[n] = '\0';
    return (int)n;
}

static int run_fd(int fd, int interactive)
{
    char line[MAX_LINE];
    for (;;) {
        if (interactive)
            out("# ");
        if (read_line(fd, line, sizeof line) < 0) {
            if (interactive)
                out("exit\n");
            return last_status;
        }
        if (run_line(line))
            return last_status;
    }
}

int main(int argc, char **argv)
{
    const char *base = strrchr(argv[0], '/');
    base = base ? base + 1 : argv[0];
    progname = base;

    /* multi-call: /bin/ls -> vsh runs the builtin ls */
    const struct builtin *b = find_builtin(base);
    if (b && b->fn)
        return b->fn(argc, argv);

    if (argc > 2 && !strcmp(argv[1], "-c")) {
        run_line(argv[2]);
        return last_status;
    }
    struct stat st;
    if (argc > 1 && (argv[1][0] == '-' || (stat(argv[1], &st) == 0 && !S_ISDIR(st.st_mode)))) {
        int fd = open(argv[1], O_RDONLY | O_CLOEXEC);
        if (fd < 0) {
            errf("vsh: %s: %s\n", argv[1], strerror(errno));
            return 127;
        }
        return run_fd(fd, 0);
    }
    if (argc > 1) {
        /* words of one command line, as the kernel hands over what follows
         * "--": `-- uname -a; ls /` runs both. A word holding blanks was one
         * "quoted" argument there and stays one word. */
        static char line[MAX_LINE];
        size_t n = 0;
        for (int i = 1; i < argc; i++) {
            const char *w = argv[i];
            int quote = w[strcspn(w, " \t\n")] != '\0';
            if (n + 2 * strlen(w) + 8 >= sizeof line) {
                errf("vsh: command line too long\n");
                return 2;
            }
            if (i > 1)
                line[n++] = ' ';
            if (quote)
                line[n++] = '\'';
            for (; *w; w++) {
                if (quote && *w == '\'') { /* ' -> '\'' */
                    memcpy(line + n, "'\\''", 4);
                    n += 4;
                } else {
                    line[n++] = *w;
                }
            }
            if (quote)
                line[n++] = '\'';
        }
        line[n] = '\0';
        run_line(line);
        return last_status;
    }
    signal(SIGINT, SIG_IGN);
    signal(SIGQUIT, SIG_IGN);
    signal(SIGTSTP, SIG_IGN);
    out("vsh: type 'help' for the commands\n");
    return run_fd(0, 1);
}
