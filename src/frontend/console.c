/*
 * The guest's console on the host terminal: output to stdout, input from
 * stdin in raw mode (so the guest sees every key, Ctrl-C included), with
 * QEMU's escape key: Ctrl-A X quits, Ctrl-A C enters the debugger REPL,
 * Ctrl-A H lists the keys, Ctrl-A Ctrl-A sends a Ctrl-A.
 *
 * The terminal is restored on every exit path: normal return, exit(), and
 * the signals that end a process.
 */
#include "console.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#define CTRL_A 0x01

/* The one terminal this process has: saved settings for the restorers,
 * which must work from signal handlers and atexit. */
static struct termios saved_termios;
static volatile sig_atomic_t raw_active;
/* Output not flushed yet (stdout to a pipe or a file is fully buffered), and
 * whether the guest printed anything since it last looked for input. */
static bool output_pending, wrote_since_read;

static void restore_terminal(void)
{
    if (raw_active) {
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved_termios);
        raw_active = 0;
    }
}

static void on_fatal_signal(int sig)
{
    restore_terminal();
    signal(sig, SIG_DFL);
    raise(sig);
}

void console_write(void *opaque, const uint8_t *buf, size_t len)
{
    (void)opaque;
    fwrite(buf, 1, len, stdout);
    /* Raw mode has no line discipline: flush so the user sees each key echoed. */
    if (raw_active || memchr(buf, '\n', len)) {
        fflush(stdout);
        output_pending = false;
    } else if (len) {
        output_pending = true;
    }
    wrote_since_read = true;
}

int console_read(void *opaque)
{
    struct console *c = opaque;
    /* A guest that looks for input twice with nothing printed in between is
     * waiting for it (not checking the UART between the bytes of a line):
     * what it printed so far reaches the reader, so a prompt without a
     * newline is seen on a pipe too. */
    if (output_pending && !wrote_since_read) {
        fflush(stdout);
        output_pending = false;
    }
    wrote_since_read = false;
    if (c->eof)
        return -1;
    struct pollfd p = { .fd = STDIN_FILENO, .events = POLLIN };
    if (poll(&p, 1, 0) <= 0)
        return -1;
    uint8_t ch;
    ssize_t n = read(STDIN_FILENO, &ch, 1);
    if (n <= 0) {
        c->eof = n == 0; /* a closed stdin is not a key */
        return -1;
    }
    if (!c->interactive)
        return ch;
    if (c->escape) {
        c->escape = false;
        switch (ch) {
        case 'x': case 'X':
            c->request = CONSOLE_QUIT;
            if (c->machine)
                vsim_interrupt(c->machine);
            return -1;
        case 'c': case 'C':
            c->request = CONSOLE_DEBUG;
            if (c->machine)
                vsim_interrupt(c->machine);
            return -1;
        case 'h': case 'H':
            fprintf(stdout, "\r\nC-a x  quit vsim\r\nC-a c  enter the debugger (vsim debug REPL)\r\n"
                            "C-a h  this help\r\nC-a C-a  send C-a to the guest\r\n");
            fflush(stdout);
            return -1;
        case CTRL_A:
            return CTRL_A;
        default:
            return -1;
        }
    }
    if (ch == CTRL_A) {
        c->escape = true;
        return -1;
    }
    return ch;
}

void console_open(struct console *c)
{
    memset(c, 0, sizeof *c);
    c->interactive = isatty(STDIN_FILENO);
    if (!c->interactive || tcgetattr(STDIN_FILENO, &saved_termios) != 0) {
        c->interactive = false;
        return;
    }
    struct termios raw = saved_termios;
    cfmakeraw(&raw);
    raw.c_oflag |= OPOST | ONLCR; /* keep \n -> \r\n on output */
    static const int fatal[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGSEGV, SIGABRT, SIGBUS, SIGFPE };
    for (size_t i = 0; i < sizeof fatal / sizeof fatal[0]; i++)
        signal(fatal[i], on_fatal_signal);
    atexit(restore_terminal);
    if (tcsetattr(STDIN_FILENO, TCSAFLUSH, &raw) == 0)
        raw_active = 1;
}

void console_pause(struct console *c)
{
    (void)c;
    restore_terminal();
}

void console_resume(struct console *c)
{
    if (!c->interactive)
        return;
    struct termios raw = saved_termios;
    cfmakeraw(&raw);
    raw.c_oflag |= OPOST | ONLCR;
    if (tcsetattr(STDIN_FILENO, TCSAFLUSH, &raw) == 0)
        raw_active = 1;
}

void console_close(struct console *c)
{
    (void)c;
    fflush(stdout);
    restore_terminal();
}
