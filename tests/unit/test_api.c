/*
 * Host-side tests of the public API (include/vsim/vsim.h), through that API
 * only. Guest programs are machine code written by the test itself
 * (guest_code.h) with vsim_write_phys at 0x80000000, so nothing here needs
 * the cross compiler.
 *
 * Tests that run guest code run once per dispatch strategy; a strategy that
 * vsim_create reports as VSIM_ERR_UNSUPPORTED (direct threading, for now) is
 * skipped, and runs as soon as it is supported.
 */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "vsim/vsim.h"

#include "guest_code.h"

#define CSR_MSTATUS 0x300
#define CSR_MTVEC 0x305
#define CSR_MSCRATCH 0x340
#define CSR_MEPC 0x341
#define CSR_MCAUSE 0x342
#define CSR_MINSTRET 0xb02
#define CSR_MHARTID 0xf14

/* ------------------------------------------------------------------ helpers */

/* Collects console output. */
struct console {
    char buf[4096];
    size_t len;
    unsigned calls;
};

static void console_write(void *opaque, const uint8_t *buf, size_t len)
{
    struct console *c = opaque;
    c->calls++;
    for (size_t i = 0; i < len && c->len + 1 < sizeof c->buf; i++)
        c->buf[c->len++] = (char)buf[i];
    c->buf[c->len] = '\0';
}

/* Create a machine for the dispatch mode in *state (skip if unsupported). */
static vsim_machine *make_machine(void **state, vsim_config *cfg_in)
{
    vsim_dispatch mode = *(const vsim_dispatch *)*state;
    vsim_config cfg;
    if (cfg_in)
        cfg = *cfg_in;
    else
        vsim_config_init(&cfg);
    cfg.dispatch = mode;
    vsim_machine *m = (vsim_machine *)(uintptr_t)1;
    vsim_status st = vsim_create(&cfg, &m);
    if (st == VSIM_ERR_UNSUPPORTED && mode != VSIM_DISPATCH_SWITCH) {
        assert_null(m);
        skip(); /* this dispatch strategy is not available yet */
    }
    assert_int_equal(st, VSIM_OK);
    assert_non_null(m);
    return m;
}

static void load_prog(vsim_machine *m, const struct prog *p)
{
    assert_int_equal(vsim_write_phys(m, GUEST_RAM_BASE, p->w, p->n * sizeof p->w[0]), VSIM_OK);
    assert_int_equal(vsim_set_pc(m, GUEST_RAM_BASE), VSIM_OK);
}

static uint64_t reg(vsim_machine *m, unsigned r)
{
    uint64_t v = 0xbadbadbad;
    assert_int_equal(vsim_get_reg(m, r, &v), VSIM_OK);
    return v;
}

static uint64_t csr(vsim_machine *m, unsigned c)
{
    uint64_t v = 0xbadbadbad;
    assert_int_equal(vsim_get_csr(m, c, &v), VSIM_OK);
    return v;
}

/* addi a0, a0, 1; j .-4 */
static void load_loop(vsim_machine *m)
{
    struct prog p = { .n = 0 };
    emit(&p, ADDI(R_A0, R_A0, 1));
    emit(&p, JAL(R_ZERO, -4));
    load_prog(m, &p);
    assert_int_equal(vsim_set_reg(m, R_A0, 0), VSIM_OK);
}

/* ------------------------------------------------------- no machine needed */

static void test_config_init(void **state)
{
    (void)state;
    vsim_config cfg;
    memset(&cfg, 0xa5, sizeof cfg);
    vsim_config_init(&cfg);
    assert_int_equal(cfg.struct_size, sizeof(vsim_config));
    assert_int_equal(cfg.ram_size, 128ull << 20);
    assert_int_equal(cfg.dispatch, VSIM_DISPATCH_SWITCH);
    assert_int_equal(cfg.max_insns, 0);
    assert_int_equal(cfg.hartid, 0);
    assert_int_equal(cfg.clock, VSIM_CLOCK_HOST);
    assert_null(cfg.console_write);
    assert_null(cfg.console_read);
    assert_null(cfg.console_opaque);
    vsim_config_init(NULL); /* must not crash */
}

static void expect_create_fails(const vsim_config *cfg, vsim_status want)
{
    vsim_machine *m = (vsim_machine *)(uintptr_t)1;
    assert_int_equal(vsim_create(cfg, &m), want);
    assert_null(m);
}

static void test_create_bad_config(void **state)
{
    (void)state;
    vsim_config cfg;

    vsim_config_init(&cfg);
    assert_int_equal(vsim_create(&cfg, NULL), VSIM_ERR_INVALID_ARG);

    /* struct_size: not initialised, from an older/newer header */
    vsim_config_init(&cfg);
    cfg.struct_size = 0;
    expect_create_fails(&cfg, VSIM_ERR_INVALID_ARG);
    cfg.struct_size = sizeof cfg - 8;
    expect_create_fails(&cfg, VSIM_ERR_INVALID_ARG);
    cfg.struct_size = sizeof cfg + 8;
    expect_create_fails(&cfg, VSIM_ERR_INVALID_ARG);

    /* RAM: zero, not a page multiple, too small, huge */
    static const uint64_t bad_ram[] = {
        0, 1, 4095, 4096, 4097, (64ull << 10) - 4096, (128ull << 20) + 1, (128ull << 20) + 2048,
        (64ull << 30) + 4096, 1ull << 40, 1ull << 62, UINT64_MAX, UINT64_MAX - 4095,
    };
    for (size_t i = 0; i < sizeof bad_ram / sizeof bad_ram[0]; i++) {
        vsim_config_init(&cfg);
        cfg.ram_size = bad_ram[i];
        expect_create_fails(&cfg, VSIM_ERR_INVALID_ARG);
    }

    /* dispatch out of range */
    vsim_config_init(&cfg);
    cfg.dispatch = VSIM_DISPATCH_COUNT_;
    expect_create_fails(&cfg, VSIM_ERR_INVALID_ARG);
    cfg.dispatch = (vsim_dispatch)1000;
    expect_create_fails(&cfg, VSIM_ERR_INVALID_ARG);
    cfg.dispatch = (vsim_dispatch)-1;
    expect_create_fails(&cfg, VSIM_ERR_INVALID_ARG);

    /* clock out of range */
    vsim_config_init(&cfg);
    cfg.clock = (vsim_clock)2;
    expect_create_fails(&cfg, VSIM_ERR_INVALID_ARG);
    cfg.clock = (vsim_clock)-1;
    expect_create_fails(&cfg, VSIM_ERR_INVALID_ARG);

    /* the smallest RAM is fine */
    vsim_config_init(&cfg);
    cfg.ram_size = 64ull << 10;
    vsim_machine *m = NULL;
    assert_int_equal(vsim_create(&cfg, &m), VSIM_OK);
    assert_non_null(m);
    vsim_destroy(m);

    /* direct dispatch: supported, or honestly unsupported */
    vsim_config_init(&cfg);
    cfg.dispatch = VSIM_DISPATCH_DIRECT;
    m = NULL;
    vsim_status st = vsim_create(&cfg, &m);
    assert_true(st == VSIM_OK || st == VSIM_ERR_UNSUPPORTED);
    assert_true((st == VSIM_OK) == (m != NULL));
    vsim_destroy(m);
}

static void test_create_destroy_many(void **state)
{
    (void)state;
    vsim_config cfg;
    vsim_config_init(&cfg);
    cfg.ram_size = 1ull << 20;
    for (int i = 0; i < 200; i++) {
        cfg.dispatch = (vsim_dispatch)(i % 2);
        vsim_machine *m = NULL;
        assert_int_equal(vsim_create(&cfg, &m), VSIM_OK);
        assert_string_equal(vsim_last_error(m), "");
        vsim_destroy(m);
    }
    /* NULL config means defaults */
    vsim_machine *m = NULL;
    assert_int_equal(vsim_create(NULL, &m), VSIM_OK);
    assert_non_null(m);
    vsim_destroy(m);
    vsim_destroy(NULL);
}

static void test_names(void **state)
{
    (void)state;
    for (int i = 0; i < VSIM_STATUS_COUNT_; i++) {
        const char *s = vsim_strerror((vsim_status)i);
        assert_non_null(s);
        assert_true(s[0] != '\0');
        for (int j = 0; j < i; j++)
            assert_string_not_equal(s, vsim_strerror((vsim_status)j));
    }
    assert_string_equal(vsim_strerror(VSIM_OK), "success");
    static const int bad[] = { VSIM_STATUS_COUNT_, VSIM_STATUS_COUNT_ + 1, 1000, -1, -1000 };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        assert_non_null(vsim_strerror((vsim_status)bad[i]));
        assert_string_equal(vsim_dispatch_name((vsim_dispatch)bad[i]), "unknown");
        for (int j = 0; j < VSIM_STATUS_COUNT_; j++)
            assert_string_not_equal(vsim_strerror((vsim_status)bad[i]), vsim_strerror((vsim_status)j));
    }
    for (int i = 0; i < VSIM_STOP_COUNT_; i++) {
        const char *s = vsim_stop_reason_name((vsim_stop_reason)i);
        assert_non_null(s);
        assert_true(s[0] != '\0');
        for (int j = 0; j < i; j++)
            assert_string_not_equal(s, vsim_stop_reason_name((vsim_stop_reason)j));
        static const int bad_stop[] = { VSIM_STOP_COUNT_, VSIM_STOP_COUNT_ + 1, 1000, -1, -1000 };
        for (int k = 0; k < 5; k++) {
            assert_non_null(vsim_stop_reason_name((vsim_stop_reason)bad_stop[k]));
            assert_string_not_equal(s, vsim_stop_reason_name((vsim_stop_reason)bad_stop[k]));
        }
    }
    assert_string_equal(vsim_dispatch_name(VSIM_DISPATCH_SWITCH), "switch");
    assert_string_equal(vsim_dispatch_name(VSIM_DISPATCH_INDIRECT), "indirect");
    assert_string_equal(vsim_dispatch_name(VSIM_DISPATCH_DIRECT), "direct");
}

static void test_version(void **state)
{
    (void)state;
    assert_int_equal(vsim_version(), VSIM_VERSION);
    assert_string_equal(vsim_version_string(), VSIM_VERSION_STRING);
    assert_int_equal(VSIM_VERSION,
                     (unsigned)(VSIM_VERSION_MAJOR << 16 | VSIM_VERSION_MINOR << 8 | VSIM_VERSION_PATCH));
    char text[32];
    snprintf(text, sizeof text, "%d.%d.%d", VSIM_VERSION_MAJOR, VSIM_VERSION_MINOR, VSIM_VERSION_PATCH);
    assert_string_equal(vsim_version_string(), text);
}

static void test_dispatch_parse(void **state)
{
    (void)state;
    for (int i = 0; i < VSIM_DISPATCH_COUNT_; i++) {
        vsim_dispatch d = (vsim_dispatch)-1;
        assert_int_equal(vsim_dispatch_parse(vsim_dispatch_name((vsim_dispatch)i), &d), VSIM_OK);
        assert_int_equal(d, i);
    }
    static const char *const bad[] = { "", "bogus", "switc", "switchx", " switch", "indirect ", "0", "1" };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        vsim_dispatch d = VSIM_DISPATCH_INDIRECT;
        assert_int_equal(vsim_dispatch_parse(bad[i], &d), VSIM_ERR_INVALID_ARG);
        assert_int_equal(d, VSIM_DISPATCH_INDIRECT); /* unchanged on failure */
    }
    vsim_dispatch d = VSIM_DISPATCH_INDIRECT;
    assert_int_equal(vsim_dispatch_parse(NULL, &d), VSIM_ERR_INVALID_ARG);
}

static void test_null_machine(void **state)
{
    (void)state;
    uint64_t v;
    vsim_stop stop;
    assert_int_equal(vsim_run(NULL, 10, &stop), VSIM_ERR_INVALID_ARG);
    assert_int_equal(vsim_step(NULL, &stop), VSIM_ERR_INVALID_ARG);
    assert_int_equal(vsim_reset(NULL), VSIM_ERR_INVALID_ARG);
    assert_int_equal(vsim_get_reg(NULL, 1, &v), VSIM_ERR_INVALID_ARG);
    assert_int_equal(vsim_set_reg(NULL, 1, 0), VSIM_ERR_INVALID_ARG);
    assert_int_equal(vsim_set_pc(NULL, 0), VSIM_ERR_INVALID_ARG);
    assert_int_equal(vsim_get_csr(NULL, CSR_MSCRATCH, &v), VSIM_ERR_INVALID_ARG);
    assert_int_equal(vsim_set_csr(NULL, CSR_MSCRATCH, 0), VSIM_ERR_INVALID_ARG);
    assert_int_equal(vsim_read_phys(NULL, GUEST_RAM_BASE, &v, 8), VSIM_ERR_INVALID_ARG);
    assert_int_equal(vsim_write_phys(NULL, GUEST_RAM_BASE, &v, 8), VSIM_ERR_INVALID_ARG);
    assert_int_equal(vsim_load_elf(NULL, "x"), VSIM_ERR_INVALID_ARG);
    assert_int_equal(vsim_load_elf_mem(NULL, "x", 1), VSIM_ERR_INVALID_ARG);
    assert_int_equal(vsim_load_raw(NULL, "x", GUEST_RAM_BASE), VSIM_ERR_INVALID_ARG);
    assert_int_equal(vsim_symbol(NULL, "x", &v), VSIM_ERR_INVALID_ARG);
    assert_int_equal(vsim_dump_signature(NULL, "x", 4), VSIM_ERR_INVALID_ARG);
    assert_int_equal(vsim_insn_count(NULL), 0);
    assert_int_equal(vsim_get_pc(NULL), 0);
    assert_int_equal(vsim_entry(NULL), 0);
    assert_non_null(vsim_last_error(NULL));
    vsim_stats stats;
    memset(&stats, 0xff, sizeof stats);
    vsim_get_stats(NULL, &stats);
    assert_int_equal(stats.insns, 0);
    vsim_get_stats(NULL, NULL);
    assert_int_equal(vsim_csr_number(NULL), -1);
    assert_int_equal(vsim_csr_number("mscratch"), CSR_MSCRATCH);
    assert_int_equal(vsim_csr_number("mhartid"), CSR_MHARTID);
    assert_int_equal(vsim_csr_number("minstret"), CSR_MINSTRET);
    assert_int_equal(vsim_csr_number("no-such-csr"), -1);
    char buf[64];
    assert_int_equal(vsim_disasm(0x00150513, 0, buf, sizeof buf), 4);
    assert_string_equal(buf, "addi a0, a0, 1");
    assert_int_equal(vsim_disasm(0x0505, 0, buf, sizeof buf), 2);
    assert_string_equal(buf, "c.addi a0, 1");
}

/* ------------------------------------------------ registers, CSRs, memory */

static void test_registers(void **state)
{
    vsim_config cfg;
    vsim_config_init(&cfg);
    cfg.hartid = 3;
    vsim_machine *m = make_machine(state, &cfg);
    uint64_t v;

    /* reset state: a0 = hartid, pc = RAM base, the rest zero */
    assert_int_equal(reg(m, R_A0), 3);
    assert_int_equal(vsim_get_pc(m), GUEST_RAM_BASE);
    for (unsigned r = 0; r < 32; r++)
        if (r != R_A0)
            assert_int_equal(reg(m, r), 0);

    for (unsigned r = 1; r < 32; r++)
        assert_int_equal(vsim_set_reg(m, r, 0x0123456789abcdefull * r), VSIM_OK);
    for (unsigned r = 1; r < 32; r++)
        assert_int_equal(reg(m, r), 0x0123456789abcdefull * r);

    /* x0: writes ignored, reads zero */
    assert_int_equal(vsim_set_reg(m, 0, 12345), VSIM_OK);
    assert_int_equal(reg(m, 0), 0);

    /* 32 and beyond are not registers */
    assert_int_equal(vsim_get_reg(m, 32, &v), VSIM_ERR_INVALID_ARG);
    assert_int_equal(vsim_set_reg(m, 32, 1), VSIM_ERR_INVALID_ARG);
    assert_int_equal(vsim_get_reg(m, 1000, &v), VSIM_ERR_INVALID_ARG);
    assert_int_equal(vsim_set_reg(m, (unsigned)-1, 1), VSIM_ERR_INVALID_ARG);
    assert_int_equal(vsim_get_reg(m, 1, NULL), VSIM_ERR_INVALID_ARG);

    /* pc */
    assert_int_equal(vsim_set_pc(m, GUEST_RAM_BASE + 0x102), VSIM_OK);
    assert_int_equal(vsim_get_pc(m), GUEST_RAM_BASE + 0x102);
    assert_int_equal(vsim_set_pc(m, GUEST_RAM_BASE + 1), VSIM_ERR_INVALID_ARG);
    assert_int_equal(vsim_get_pc(m), GUEST_RAM_BASE + 0x102);

    /* reset puts them back */
    assert_int_equal(vsim_reset(m), VSIM_OK);
    assert_int_equal(reg(m, R_A0), 3);
    assert_int_equal(reg(m, 5), 0);
    assert_int_equal(vsim_get_pc(m), GUEST_RAM_BASE);
    vsim_destroy(m);
}

static void test_csrs(void **state)
{
    vsim_config cfg;
    vsim_config_init(&cfg);
    cfg.hartid = 7;
    vsim_machine *m = make_machine(state, &cfg);
    uint64_t v;

    assert_int_equal(vsim_set_csr(m, CSR_MSCRATCH, 0xdeadbeefcafef00dull), VSIM_OK);
    assert_int_equal(csr(m, CSR_MSCRATCH), 0xdeadbeefcafef00dull);
    assert_int_equal(vsim_set_csr(m, CSR_MSCRATCH, 0), VSIM_OK);
    assert_int_equal(csr(m, CSR_MSCRATCH), 0);

    /* mepc: bit 0 is always zero */
    assert_int_equal(vsim_set_csr(m, CSR_MEPC, 0x80000123), VSIM_OK);
    assert_int_equal(csr(m, CSR_MEPC) & 1, 0);

    /* mhartid: read-only, and what the config said */
    assert_int_equal(csr(m, CSR_MHARTID), 7);
    assert_int_equal(vsim_set_csr(m, CSR_MHARTID, 1), VSIM_ERR_INVALID_ARG);
    assert_non_null(strstr(vsim_last_error(m), "0xf14"));
    assert_int_equal(csr(m, CSR_MHARTID), 7);

    /* a CSR the hart does not have, and numbers that are not CSRs */
    assert_int_equal(vsim_get_csr(m, 0x7c0, &v), VSIM_ERR_INVALID_ARG);
    assert_true(strlen(vsim_last_error(m)) > 0);
    assert_int_equal(vsim_get_csr(m, 0x1000, &v), VSIM_ERR_INVALID_ARG);
    assert_int_equal(vsim_set_csr(m, 0xffffffffu, 0), VSIM_ERR_INVALID_ARG);
    assert_int_equal(vsim_get_csr(m, CSR_MSCRATCH, NULL), VSIM_ERR_INVALID_ARG);

    /* minstret round trip through the API (no instruction is writing it) */
    assert_int_equal(vsim_set_csr(m, CSR_MINSTRET, 1000), VSIM_OK);
    assert_int_equal(csr(m, CSR_MINSTRET), 1000);
    vsim_destroy(m);
}

static void test_phys_memory(void **state)
{
    vsim_config cfg;
    vsim_config_init(&cfg);
    cfg.ram_size = 1ull << 20;
    vsim_machine *m = make_machine(state, &cfg);
    const uint64_t end = GUEST_RAM_BASE + cfg.ram_size;
    uint8_t data[64], back[64];
    for (size_t i = 0; i < sizeof data; i++)
        data[i] = (uint8_t)(i * 7 + 1);

    assert_int_equal(vsim_write_phys(m, GUEST_RAM_BASE, data, sizeof data), VSIM_OK);
    assert_int_equal(vsim_read_phys(m, GUEST_RAM_BASE, back, sizeof back), VSIM_OK);
    assert_memory_equal(data, back, sizeof data);

    /* the last bytes of RAM */
    assert_int_equal(vsim_write_phys(m, end - sizeof data, data, sizeof data), VSIM_OK);
    memset(back, 0, sizeof back);
    assert_int_equal(vsim_read_phys(m, end - sizeof data, back, sizeof back), VSIM_OK);
    assert_memory_equal(data, back, sizeof data);
    assert_int_equal(vsim_read_phys(m, end - 1, back, 1), VSIM_OK);
    assert_int_equal(back[0], data[sizeof data - 1]);
    assert_int_equal(vsim_read_phys(m, GUEST_RAM_BASE, back, 0), VSIM_OK);

    /* out of range: past the end, straddling it, below RAM, wrapping */
    static const struct { uint64_t addr; size_t len; } bad[] = {
        { 0x80000000ull + (1ull << 20), 1 }, { 0x80000000ull + (1ull << 20) - 2, 4 },
        { 0x80000000ull + (1ull << 20) - 8, 16 }, { 0x7ffffffcull, 8 }, { 0, 8 }, { 0x1000, 64 },
        { UINT64_MAX - 3, 8 }, { UINT64_MAX, 1 }, { 0x80000000ull, (1ull << 20) + 1 },
        { 0x80000000ull, SIZE_MAX },
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        size_t len = bad[i].len;
        uint8_t *buf = len <= sizeof back ? back : NULL;
        uint8_t big[16];
        if (!buf)
            buf = big; /* never touched: the call must fail first */
        assert_int_equal(vsim_write_phys(m, bad[i].addr, buf, len), VSIM_ERR_BAD_ADDRESS);
        assert_non_null(strstr(vsim_last_error(m), "0x"));
        if (len <= sizeof back) {
            assert_int_equal(vsim_read_phys(m, bad[i].addr, buf, len), VSIM_ERR_BAD_ADDRESS);
            assert_non_null(strstr(vsim_last_error(m), "0x"));
        }
    }
    /* a failed write changed nothing */
    assert_int_equal(vsim_read_phys(m, end - sizeof data, back, sizeof back), VSIM_OK);
    assert_memory_equal(data, back, sizeof data);

    assert_int_equal(vsim_read_phys(m, GUEST_RAM_BASE, NULL, 4), VSIM_ERR_INVALID_ARG);
    assert_int_equal(vsim_write_phys(m, GUEST_RAM_BASE, NULL, 4), VSIM_ERR_INVALID_ARG);

    /* device registers: the UART's line status says "transmitter empty" */
    uint8_t lsr = 0;
    assert_int_equal(vsim_read_phys(m, GUEST_UART + 5, &lsr, 1), VSIM_OK);
    assert_int_equal(lsr & 0x60, 0x60);
    uint8_t scr = 0x5a;
    assert_int_equal(vsim_write_phys(m, GUEST_UART + 7, &scr, 1), VSIM_OK);
    scr = 0;
    assert_int_equal(vsim_read_phys(m, GUEST_UART + 7, &scr, 1), VSIM_OK);
    assert_int_equal(scr, 0x5a);
    /* ... but not with a size it does not take, nor a range of bytes */
    uint32_t w;
    assert_int_equal(vsim_read_phys(m, GUEST_UART + 4, &w, 4), VSIM_ERR_BAD_ADDRESS);
    assert_int_equal(vsim_read_phys(m, GUEST_UART, back, 3), VSIM_ERR_BAD_ADDRESS);
    vsim_destroy(m);
}

/* ------------------------------------------------------------ running code */

static void test_run_exact_count(void **state)
{
    vsim_machine *m = make_machine(state, NULL);
    load_loop(m);
    /* slice boundaries of the run loop are in here (16384) */
    static const uint64_t n[] = { 1, 1, 2, 3, 1000, 16383, 16384, 16385, 100000, 7, 32768, 1 };
    uint64_t total = 0;
    for (size_t i = 0; i < sizeof n / sizeof n[0]; i++) {
        vsim_stop stop;
        memset(&stop, 0xff, sizeof stop);
        assert_int_equal(vsim_run(m, n[i], &stop), VSIM_OK);
        total += n[i];
        assert_int_equal(stop.reason, VSIM_STOP_INSN_LIMIT);
        assert_int_equal(vsim_insn_count(m), total);
        assert_int_equal(csr(m, CSR_MINSTRET), total);
        /* a0 counts the addi's retired: one every two instructions */
        assert_int_equal(reg(m, R_A0), (total + 1) / 2);
        assert_int_equal(vsim_get_pc(m), GUEST_RAM_BASE + (total % 2) * 4);
        assert_int_equal(stop.pc, vsim_get_pc(m));
        vsim_stop last = vsim_last_stop(m);
        assert_int_equal(last.reason, VSIM_STOP_INSN_LIMIT);
        vsim_stats stats;
        vsim_get_stats(m, &stats);
        assert_int_equal(stats.insns, total);
    }
    /* stop may be NULL */
    assert_int_equal(vsim_run(m, 10, NULL), VSIM_OK);
    assert_int_equal(vsim_insn_count(m), total + 10);
    /* the count is since creation or reset */
    assert_int_equal(vsim_reset(m), VSIM_OK);
    assert_int_equal(vsim_insn_count(m), 0);
    assert_int_equal(vsim_get_pc(m), GUEST_RAM_BASE);
    assert_int_equal(vsim_run(m, 5, NULL), VSIM_OK);
    assert_int_equal(vsim_insn_count(m), 5);
    vsim_destroy(m);
}

static void test_step(void **state)
{
    vsim_machine *m = make_machine(state, NULL);
    load_loop(m);
    for (uint64_t i = 1; i <= 10; i++) {
        vsim_stop stop;
        assert_int_equal(vsim_step(m, &stop), VSIM_OK);
        assert_int_equal(stop.reason, VSIM_STOP_STEP);
        assert_int_equal(vsim_insn_count(m), i);
        assert_int_equal(vsim_get_pc(m), GUEST_RAM_BASE + (i % 2) * 4);
        assert_int_equal(reg(m, R_A0), (i + 1) / 2);
    }
    assert_int_equal(vsim_step(m, NULL), VSIM_OK);
    assert_int_equal(vsim_insn_count(m), 11);
    vsim_destroy(m);
}

static void test_console_and_poweroff(void **state)
{
    struct console con = { .len = 0 };
    vsim_config cfg;
    vsim_config_init(&cfg);
    cfg.console_write = console_write;
    cfg.console_opaque = &con;
    vsim_machine *m = make_machine(state, &cfg);
    struct prog p;
    uint64_t retired;
    build_counter(&p, 1000, "hello, world\n", 0, &retired);
    load_prog(m, &p);
    vsim_stop stop;
    assert_int_equal(vsim_run(m, 0, &stop), VSIM_OK);
    assert_int_equal(stop.reason, VSIM_STOP_POWEROFF);
    assert_int_equal(stop.exit_code, 0);
    assert_string_equal(con.buf, "hello, world\n");
    assert_int_equal(reg(m, R_A0), 1000);
    assert_int_equal(vsim_insn_count(m), retired);
    vsim_stop last = vsim_last_stop(m);
    assert_int_equal(last.reason, VSIM_STOP_POWEROFF);
    assert_int_equal(last.exit_code, 0);
    vsim_destroy(m);
}

static void test_poweroff_exit_code(void **state)
{
    static const unsigned codes[] = { 5, 1, 119, 255, 0xffff };
    for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++) {
        vsim_machine *m = make_machine(state, NULL);
        struct prog p;
        build_counter(&p, 3, "", codes[i], NULL);
        load_prog(m, &p);
        vsim_stop stop;
        assert_int_equal(vsim_run(m, 0, &stop), VSIM_OK);
        assert_int_equal(stop.reason, VSIM_STOP_POWEROFF);
        assert_int_equal(stop.exit_code, (int)codes[i]);
        vsim_destroy(m);
    }
}

/* The test device's 0x7777 asks for a reset: reported, and the machine is reset. */
static void test_reset_request(void **state)
{
    vsim_machine *m = make_machine(state, NULL);
    struct prog p = { .n = 0 };
    emit(&p, ADDI(R_A2, R_ZERO, 42));
    emit(&p, LUI(R_T0, (uint32_t)(GUEST_TEST_DEV >> 12)));
    emit_li(&p, R_T1, 0x7777);
    emit(&p, SW(R_T1, 0, R_T0));
    emit(&p, JAL(R_ZERO, 0));
    load_prog(m, &p);
    vsim_stop stop;
    assert_int_equal(vsim_run(m, 1000, &stop), VSIM_OK);
    assert_int_equal(stop.reason, VSIM_STOP_RESET);
    assert_int_equal(vsim_get_pc(m), GUEST_RAM_BASE);
    assert_int_equal(reg(m, R_A2), 0);
    vsim_destroy(m);
}

/* An illegal instruction with mtvec pointing at it: the machine notices that
 * nothing retires and stops instead of spinning forever. */
static void test_trap_loop(void **state)
{
    vsim_machine *m = make_machine(state, NULL);
    const uint32_t illegal = 0; /* 0x0000: the defined illegal instruction */
    assert_int_equal(vsim_write_phys(m, GUEST_RAM_BASE + 0x100, &illegal, 4), VSIM_OK);
    assert_int_equal(vsim_set_csr(m, CSR_MTVEC, GUEST_RAM_BASE + 0x100), VSIM_OK);
    assert_int_equal(vsim_set_pc(m, GUEST_RAM_BASE + 0x100), VSIM_OK);
    vsim_stop stop;
    assert_int_equal(vsim_run(m, 0, &stop), VSIM_OK);
    assert_int_equal(stop.reason, VSIM_STOP_TRAP_LOOP);
    assert_int_equal(stop.pc, GUEST_RAM_BASE + 0x100);
    assert_int_equal(stop.cause, 2); /* illegal instruction */
    assert_int_equal(vsim_insn_count(m), 0);
    assert_int_equal(csr(m, CSR_MCAUSE), 2);
    assert_int_equal(csr(m, CSR_MEPC), GUEST_RAM_BASE + 0x100);
    vsim_stats stats;
    vsim_get_stats(m, &stats);
    assert_true(stats.traps >= 1);
    vsim_destroy(m);
}

/* wfi with no interrupt enabled can never wake up. */
static void test_wfi_halts(void **state)
{
    vsim_machine *m = make_machine(state, NULL);
    struct prog p = { .n = 0 };
    emit(&p, ADDI(R_A0, R_ZERO, 1));
    emit(&p, WFI);
    emit(&p, JAL(R_ZERO, 0));
    load_prog(m, &p);
    vsim_stop stop;
    assert_int_equal(vsim_run(m, 1000, &stop), VSIM_OK);
    assert_int_equal(stop.reason, VSIM_STOP_HALTED);
    assert_int_equal(reg(m, R_A0), 1);
    vsim_destroy(m);
}

static void test_max_insns_total(void **state)
{
    vsim_config cfg;
    vsim_config_init(&cfg);
    cfg.max_insns = 1000;
    vsim_machine *m = make_machine(state, &cfg);
    load_loop(m);
    vsim_stop stop;
    /* a per-call limit under the total limit */
    assert_int_equal(vsim_run(m, 600, &stop), VSIM_OK);
    assert_int_equal(stop.reason, VSIM_STOP_INSN_LIMIT);
    assert_int_equal(vsim_insn_count(m), 600);
    /* the total limit cuts the next call short */
    assert_int_equal(vsim_run(m, 600, &stop), VSIM_OK);
    assert_int_equal(stop.reason, VSIM_STOP_INSN_LIMIT);
    assert_int_equal(vsim_insn_count(m), 1000);
    /* used up: nothing more runs, with or without a per-call limit, nor by step */
    assert_int_equal(vsim_run(m, 0, &stop), VSIM_OK);
    assert_int_equal(stop.reason, VSIM_STOP_INSN_LIMIT);
    assert_int_equal(vsim_run(m, 10, &stop), VSIM_OK);
    assert_int_equal(stop.reason, VSIM_STOP_INSN_LIMIT);
    assert_int_equal(vsim_step(m, &stop), VSIM_OK);
    assert_int_equal(stop.reason, VSIM_STOP_INSN_LIMIT);
    assert_int_equal(vsim_insn_count(m), 1000);
    assert_int_equal(reg(m, R_A0), 500);
    vsim_destroy(m);

    /* without a per-call limit, in one go */
    m = make_machine(state, &cfg);
    load_loop(m);
    assert_int_equal(vsim_run(m, 0, &stop), VSIM_OK);
    assert_int_equal(stop.reason, VSIM_STOP_INSN_LIMIT);
    assert_int_equal(vsim_insn_count(m), 1000);
    assert_int_equal(csr(m, CSR_MINSTRET), 1000);
    vsim_destroy(m);
}

/* ------------------------------------------------ two machines, two threads */

struct job {
    vsim_dispatch mode;
    uint32_t count;
    unsigned exit_code;
    const char *msg;
    /* results */
    struct console con;
    vsim_status create_status;
    vsim_stop stop;
    uint64_t a0, insns, expect_insns;
    bool ok;
};

static void *run_job(void *arg)
{
    struct job *j = arg;
    vsim_config cfg;
    vsim_config_init(&cfg);
    cfg.ram_size = 1ull << 20;
    cfg.dispatch = j->mode;
    cfg.console_write = console_write;
    cfg.console_opaque = &j->con;
    vsim_machine *m = NULL;
    j->create_status = vsim_create(&cfg, &m);
    if (j->create_status != VSIM_OK)
        return NULL;
    struct prog p;
    build_counter(&p, j->count, j->msg, j->exit_code, &j->expect_insns);
    j->ok = vsim_write_phys(m, GUEST_RAM_BASE, p.w, p.n * 4) == VSIM_OK &&
            vsim_set_pc(m, GUEST_RAM_BASE) == VSIM_OK;
    /* in slices, so that the two threads interleave many times */
    do {
        vsim_run(m, 50000, &j->stop);
    } while (j->stop.reason == VSIM_STOP_INSN_LIMIT);
    vsim_get_reg(m, R_A0, &j->a0);
    j->insns = vsim_insn_count(m);
    vsim_destroy(m);
    return NULL;
}

static void test_two_threads(void **state)
{
    vsim_dispatch mode = *(const vsim_dispatch *)*state;
    for (int round = 0; round < 3; round++) {
        struct job jobs[2] = {
            { .mode = mode, .count = 300000 + (uint32_t)round, .exit_code = 11, .msg = "first machine\n" },
            { .mode = round == 1 ? VSIM_DISPATCH_SWITCH : mode, .count = 700001, .exit_code = 22,
              .msg = "the second one says hi\n" },
        };
        pthread_t t[2];
        for (int i = 0; i < 2; i++)
            assert_int_equal(pthread_create(&t[i], NULL, run_job, &jobs[i]), 0);
        for (int i = 0; i < 2; i++)
            assert_int_equal(pthread_join(t[i], NULL), 0);
        for (int i = 0; i < 2; i++) {
            struct job *j = &jobs[i];
            if (j->create_status == VSIM_ERR_UNSUPPORTED && j->mode != VSIM_DISPATCH_SWITCH)
                skip();
            assert_int_equal(j->create_status, VSIM_OK);
            assert_true(j->ok);
            assert_int_equal(j->stop.reason, VSIM_STOP_POWEROFF);
            assert_int_equal(j->stop.exit_code, (int)j->exit_code);
            assert_int_equal(j->a0, j->count);
            assert_int_equal(j->insns, j->expect_insns);
            assert_string_equal(j->con.buf, j->msg);
        }
    }
}

/* vsim_dump_signature's refusals (tests/signature runs it on a real ELF):
 * no program loaded means no symbols, and the file is then not created. */
static void test_signature_errors(void **state)
{
    (void)state;
    vsim_config cfg;
    vsim_config_init(&cfg);
    vsim_machine *m;
    assert_int_equal(vsim_create(&cfg, &m), VSIM_OK);
    const char *path = "test_api-signature.txt";
    remove(path);
    assert_int_equal(vsim_dump_signature(m, NULL, 4), VSIM_ERR_INVALID_ARG);
    assert_int_equal(vsim_dump_signature(m, path, 4), VSIM_ERR_INVALID_ARG);
    assert_non_null(strstr(vsim_last_error(m), "begin_signature"));
    assert_int_equal(vsim_dump_signature(m, path, 5), VSIM_ERR_INVALID_ARG);
    assert_non_null(strstr(vsim_last_error(m), "granularity"));
    assert_int_equal(vsim_dump_signature(m, path, 0), VSIM_ERR_INVALID_ARG);
    assert_null(fopen(path, "r"));
    vsim_destroy(m);
}

/* ---------------------------------------------------------------- main */

static const vsim_dispatch modes[VSIM_DISPATCH_COUNT_] = {
    VSIM_DISPATCH_SWITCH, VSIM_DISPATCH_INDIRECT, VSIM_DISPATCH_DIRECT,
};

/* One entry per dispatch strategy, named test/mode. */
#define PER_MODE(fn)                                                                      \
    { #fn "/switch", fn, NULL, NULL, (void *)&modes[VSIM_DISPATCH_SWITCH] },              \
        { #fn "/indirect", fn, NULL, NULL, (void *)&modes[VSIM_DISPATCH_INDIRECT] },      \
        { #fn "/direct", fn, NULL, NULL, (void *)&modes[VSIM_DISPATCH_DIRECT] }

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_config_init),
        cmocka_unit_test(test_create_bad_config),
        cmocka_unit_test(test_create_destroy_many),
        cmocka_unit_test(test_names),
        cmocka_unit_test(test_version),
        cmocka_unit_test(test_dispatch_parse),
        cmocka_unit_test(test_null_machine),
        cmocka_unit_test(test_signature_errors),
        PER_MODE(test_registers),
        PER_MODE(test_csrs),
        PER_MODE(test_phys_memory),
        PER_MODE(test_run_exact_count),
        PER_MODE(test_step),
        PER_MODE(test_console_and_poweroff),
        PER_MODE(test_poweroff_exit_code),
        PER_MODE(test_reset_request),
        PER_MODE(test_trap_loop),
        PER_MODE(test_wfi_halts),
        PER_MODE(test_max_insns_total),
        PER_MODE(test_two_threads),
    };
    return cmocka_run_group_tests_name("api", tests, NULL, NULL);
}
