/*
 * The frontend's console callbacks (src/frontend/console.c) with stdin and
 * stdout on pipes, as when a script drives vsim: guest output reaches the
 * reader without waiting for a newline once the guest waits for input (a
 * prompt such as U-Boot's "=> "), but is not flushed byte by byte while the
 * guest prints; input bytes pass through unchanged; a closed stdin is EOF.
 */
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "frontend/console.h"

struct fixture {
    int out_r, in_w;           /* our ends of the pipes on stdout and stdin */
    int saved_out, saved_in;   /* the real stdout and stdin */
    struct console con;        /* not interactive: stdin is a pipe */
};

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof *f);
    int out[2], in[2];
    assert_non_null(f);
    assert_int_equal(pipe(out), 0);
    assert_int_equal(pipe(in), 0);
    fflush(stdout); /* cmocka's own lines go to the real stdout */
    f->saved_out = dup(STDOUT_FILENO);
    f->saved_in = dup(STDIN_FILENO);
    assert_true(f->saved_out >= 0 && f->saved_in >= 0);
    assert_true(dup2(out[1], STDOUT_FILENO) >= 0);
    assert_true(dup2(in[0], STDIN_FILENO) >= 0);
    close(out[1]);
    close(in[0]);
    f->out_r = out[0];
    f->in_w = in[1];
    assert_int_equal(fcntl(f->out_r, F_SETFL, O_NONBLOCK), 0);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    fflush(stdout);
    dup2(f->saved_out, STDOUT_FILENO);
    dup2(f->saved_in, STDIN_FILENO);
    close(f->saved_out);
    close(f->saved_in);
    close(f->out_r);
    if (f->in_w >= 0)
        close(f->in_w);
    free(f);
    return 0;
}

/* What has reached the stdout pipe so far (NUL-terminated). */
static const char *drain(struct fixture *f)
{
    static char buf[256];
    ssize_t n = read(f->out_r, buf, sizeof buf - 1);
    buf[n > 0 ? n : 0] = '\0';
    return buf;
}

static void put(const char *s)
{
    console_write(NULL, (const uint8_t *)s, strlen(s));
}

static void test_prompt_reaches_pipe(void **state)
{
    struct fixture *f = *state;
    put("=> ");
    assert_int_equal(console_read(&f->con), -1); /* the guest's first look */
    assert_int_equal(console_read(&f->con), -1); /* still nothing printed: it waits */
    assert_string_equal(drain(f), "=> ");
}

static void test_no_flush_while_printing(void **state)
{
    struct fixture *f = *state;
    /* putc-style output: check the UART, write a byte, check, write... */
    const char *line = "U-Boot 2023.01";
    for (const char *p = line; *p; p++) {
        console_read(&f->con);
        console_write(NULL, (const uint8_t *)p, 1);
    }
    assert_string_equal(drain(f), "");
    put("\n"); /* a newline flushes at once */
    assert_string_equal(drain(f), "U-Boot 2023.01\n");
}

static void test_input_and_eof(void **state)
{
    struct fixture *f = *state;
    assert_int_equal(console_read(&f->con), -1); /* no key yet */
    assert_int_equal(write(f->in_w, "v\r\001", 3), 3);
    assert_int_equal(console_read(&f->con), 'v');
    assert_int_equal(console_read(&f->con), '\r');
    assert_int_equal(console_read(&f->con), 0x01); /* Ctrl-A is no escape on a pipe */
    assert_int_equal(console_read(&f->con), -1);
    close(f->in_w);
    f->in_w = -1;
    assert_int_equal(console_read(&f->con), -1);
    assert_true(f->con.eof);
    put("bye> ");
    console_read(&f->con);
    console_read(&f->con); /* after EOF, output is still flushed */
    assert_string_equal(drain(f), "bye> ");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_prompt_reaches_pipe, setup, teardown),
        cmocka_unit_test_setup_teardown(test_no_flush_while_printing, setup, teardown),
        cmocka_unit_test_setup_teardown(test_input_and_eof, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
