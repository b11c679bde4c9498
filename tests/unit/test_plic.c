/*
 * The PLIC (src/devices/plic.c) driven through its bus interface, the way a
 * hart's loads and stores reach it, with the interrupt lines driven by
 * plic_set_irq and the outputs observed through the set_eip callback.
 * Expected behaviour from the RISC-V PLIC specification.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "cpu/cpu.h"
#include "devices/plic.h"

#define BASE 0x0c000000ull
#define PRIO(src) (4ull * (src))
#define PENDING(w) (0x1000ull + 4ull * (w))
#define ENABLE(c, w) (0x2000ull + 0x80ull * (c) + 4ull * (w))
#define THRESHOLD(c) (0x200000ull + 0x1000ull * (c))
#define CLAIM(c) (0x200004ull + 0x1000ull * (c))
#define M PLIC_CONTEXT_M
#define S PLIC_CONTEXT_S

struct fixture {
    struct plic p;
    struct bus_device d;
    int eip[2];     /* as last reported through set_eip */
    unsigned calls; /* set_eip calls */
};

static void record_eip(void *opaque, int context, int level)
{
    struct fixture *f = opaque;
    assert_true(context == M || context == S);
    assert_true(level == 0 || level == 1);
    f->eip[context] = level;
    f->calls++;
}

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof *f);
    f->eip[0] = f->eip[1] = -1; /* the constructor must report both outputs */
    f->d = plic_device(&f->p, record_eip, f, BASE);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    free(*state);
    return 0;
}

static uint32_t rd(struct fixture *f, uint64_t off)
{
    uint64_t v = 0xdeadbeefdeadbeefull;
    assert_true(f->d.read(f->d.opaque, off, 4, &v));
    assert_true(v <= UINT32_MAX);
    return (uint32_t)v;
}

static void wr(struct fixture *f, uint64_t off, uint32_t v)
{
    assert_true(f->d.write(f->d.opaque, off, 4, v));
}

static void enable(struct fixture *f, int ctx, unsigned src)
{
    uint64_t off = ENABLE(ctx, src / 32);
    wr(f, off, rd(f, off) | 1u << (src % 32));
}

static void disable(struct fixture *f, int ctx, unsigned src)
{
    uint64_t off = ENABLE(ctx, src / 32);
    wr(f, off, rd(f, off) & ~(1u << (src % 32)));
}

static bool is_pending(struct fixture *f, unsigned src)
{
    return (rd(f, PENDING(src / 32)) >> (src % 32)) & 1;
}

/* ------------------------------------------------------------------ tests */

static void test_device_and_reset_state(void **state)
{
    struct fixture *f = *state;
    assert_string_equal(f->d.name, "plic");
    assert_int_equal(f->d.base, BASE);
    assert_int_equal(f->d.size, 0x600000);
    assert_int_equal(f->eip[M], 0);
    assert_int_equal(f->eip[S], 0);
    for (unsigned src = 0; src <= 95; src++)
        assert_int_equal(rd(f, PRIO(src)), 0);
    for (unsigned w = 0; w < 3; w++) {
        assert_int_equal(rd(f, PENDING(w)), 0);
        assert_int_equal(rd(f, ENABLE(M, w)), 0);
        assert_int_equal(rd(f, ENABLE(S, w)), 0);
    }
    assert_int_equal(rd(f, THRESHOLD(M)), 0);
    assert_int_equal(rd(f, THRESHOLD(S)), 0);
    assert_int_equal(rd(f, CLAIM(M)), 0);
    assert_int_equal(rd(f, CLAIM(S)), 0);
}

static void test_register_masks_and_reserved(void **state)
{
    struct fixture *f = *state;
    /* priorities are 3 bits; source 0 does not exist */
    wr(f, PRIO(1), 0xffffffff);
    assert_int_equal(rd(f, PRIO(1)), 7);
    wr(f, PRIO(95), 5);
    assert_int_equal(rd(f, PRIO(95)), 5);
    wr(f, PRIO(0), 7);
    assert_int_equal(rd(f, PRIO(0)), 0);
    /* thresholds are 3 bits */
    wr(f, THRESHOLD(M), 0x1f);
    assert_int_equal(rd(f, THRESHOLD(M)), 7);
    wr(f, THRESHOLD(S), 2);
    assert_int_equal(rd(f, THRESHOLD(S)), 2);
    assert_int_equal(rd(f, THRESHOLD(M)), 7);
    /* enable bit of source 0 is hardwired to 0; sources 1..95 fill 3 words */
    wr(f, ENABLE(M, 0), 0xffffffff);
    assert_int_equal(rd(f, ENABLE(M, 0)), 0xfffffffe);
    wr(f, ENABLE(S, 2), 0xffffffff);
    assert_int_equal(rd(f, ENABLE(S, 2)), 0xffffffff);
    assert_int_equal(rd(f, ENABLE(S, 0)), 0);
    /* pending is read-only */
    wr(f, PENDING(0), 0xffffffff);
    assert_int_equal(rd(f, PENDING(0)), 0);
    /* reserved space reads 0, writes are ignored (and accepted) */
    const uint64_t reserved[] = {
        PRIO(96), 0xffc, PENDING(3), 0x1ffc, ENABLE(M, 3), ENABLE(2, 0), 0x1ffffc,
        THRESHOLD(2), CLAIM(2), THRESHOLD(M) + 8, THRESHOLD(S) + 0xffc, 0x5ffffc,
    };
    for (size_t i = 0; i < sizeof reserved / sizeof reserved[0]; i++) {
        wr(f, reserved[i], 0xffffffff);
        assert_int_equal(rd(f, reserved[i]), 0);
    }
    assert_int_equal(rd(f, PRIO(1)), 7);
    assert_int_equal(rd(f, ENABLE(M, 0)), 0xfffffffe);
}

static void test_priority_threshold_enable(void **state)
{
    struct fixture *f = *state;
    wr(f, PRIO(5), 3);
    plic_set_irq(&f->p, 5, 1);
    /* pending regardless of enables, but no output until enabled */
    assert_true(is_pending(f, 5));
    assert_int_equal(f->eip[M], 0);
    enable(f, M, 5);
    assert_int_equal(f->eip[M], 1);
    assert_int_equal(plic_eip(&f->p, M), 1);
    assert_int_equal(f->eip[S], 0);
    /* threshold: only priorities strictly above it interrupt */
    wr(f, THRESHOLD(M), 3);
    assert_int_equal(f->eip[M], 0);
    assert_int_equal(rd(f, CLAIM(M)), 0); /* nothing above the threshold */
    assert_true(is_pending(f, 5));        /* and the failed claim took nothing */
    wr(f, THRESHOLD(M), 2);
    assert_int_equal(f->eip[M], 1);
    /* priority 0 never interrupts, even with threshold 0 */
    wr(f, THRESHOLD(M), 0);
    wr(f, PRIO(5), 0);
    assert_int_equal(f->eip[M], 0);
    assert_int_equal(rd(f, CLAIM(M)), 0);
    wr(f, PRIO(5), 1);
    assert_int_equal(f->eip[M], 1);
    /* disabling removes the output */
    disable(f, M, 5);
    assert_int_equal(f->eip[M], 0);
    assert_int_equal(rd(f, CLAIM(M)), 0);
    assert_true(is_pending(f, 5));
    /* out-of-range sources are ignored */
    plic_set_irq(&f->p, 0, 1);
    plic_set_irq(&f->p, 96, 1);
    assert_int_equal(rd(f, PENDING(0)), 1u << 5);
    assert_int_equal(rd(f, PENDING(3)), 0);
}

static void test_claim_order(void **state)
{
    struct fixture *f = *state;
    static const struct { unsigned src, prio; } srcs[] = {
        { 70, 5 }, { 3, 2 }, { 9, 5 }, { 40, 1 }, { 7, 5 }, { 95, 7 }, { 1, 2 },
    };
    for (size_t i = 0; i < sizeof srcs / sizeof srcs[0]; i++) {
        wr(f, PRIO(srcs[i].src), srcs[i].prio);
        enable(f, M, srcs[i].src);
        plic_set_irq(&f->p, srcs[i].src, 1);
    }
    assert_int_equal(rd(f, PENDING(0)), (1u << 1) | (1u << 3) | (1u << 7) | (1u << 9));
    assert_int_equal(rd(f, PENDING(1)), 1u << (40 - 32));
    assert_int_equal(rd(f, PENDING(2)), (1u << (70 - 64)) | (1u << (95 - 64)));
    /* highest priority first, the lowest ID among equals */
    static const unsigned order[] = { 95, 7, 9, 70, 1, 3, 40 };
    for (size_t i = 0; i < sizeof order / sizeof order[0]; i++) {
        assert_int_equal(f->eip[M], 1);
        assert_true(is_pending(f, order[i]));
        assert_int_equal(rd(f, CLAIM(M)), order[i]);
        assert_false(is_pending(f, order[i])); /* claim clears pending */
    }
    assert_int_equal(f->eip[M], 0);
    assert_int_equal(rd(f, CLAIM(M)), 0);
    for (unsigned w = 0; w < 3; w++)
        assert_int_equal(rd(f, PENDING(w)), 0);
}

static void test_threshold_filters_claim(void **state)
{
    struct fixture *f = *state;
    wr(f, PRIO(2), 1);
    wr(f, PRIO(33), 4);
    enable(f, M, 2);
    enable(f, M, 33);
    plic_set_irq(&f->p, 2, 1);
    plic_set_irq(&f->p, 33, 1);
    wr(f, THRESHOLD(M), 1);
    assert_int_equal(rd(f, CLAIM(M)), 33);
    assert_int_equal(f->eip[M], 0); /* 2 is pending, but at the threshold */
    assert_int_equal(rd(f, CLAIM(M)), 0);
    wr(f, THRESHOLD(M), 0);
    assert_int_equal(f->eip[M], 1);
    assert_int_equal(rd(f, CLAIM(M)), 2);
}

static void test_level_reraise_after_complete(void **state)
{
    struct fixture *f = *state;
    wr(f, PRIO(10), 1);
    enable(f, M, 10);
    plic_set_irq(&f->p, 10, 1);
    assert_int_equal(f->eip[M], 1);
    assert_int_equal(rd(f, CLAIM(M)), 10);
    assert_false(is_pending(f, 10));
    assert_int_equal(f->eip[M], 0);
    /* in service: the line, still high or raised again, is not looked at */
    plic_set_irq(&f->p, 10, 1);
    assert_false(is_pending(f, 10));
    assert_int_equal(f->eip[M], 0);
    assert_int_equal(rd(f, CLAIM(M)), 0);
    /* complete while the line is still high: pending again at once */
    wr(f, CLAIM(M), 10);
    assert_true(is_pending(f, 10));
    assert_int_equal(f->eip[M], 1);
    assert_int_equal(rd(f, CLAIM(M)), 10);
    /* the device lowers its line before the handler completes: done */
    plic_set_irq(&f->p, 10, 0);
    wr(f, CLAIM(M), 10);
    assert_false(is_pending(f, 10));
    assert_int_equal(f->eip[M], 0);
    /* a line that drops before it is claimed is no longer pending (level) */
    plic_set_irq(&f->p, 10, 1);
    assert_int_equal(f->eip[M], 1);
    plic_set_irq(&f->p, 10, 0);
    assert_false(is_pending(f, 10));
    assert_int_equal(f->eip[M], 0);
    assert_int_equal(rd(f, CLAIM(M)), 0);
    /* a line that pulses while in service is seen only by its final level */
    plic_set_irq(&f->p, 10, 1);
    assert_int_equal(rd(f, CLAIM(M)), 10);
    plic_set_irq(&f->p, 10, 0);
    plic_set_irq(&f->p, 10, 1);
    plic_set_irq(&f->p, 10, 0);
    wr(f, CLAIM(M), 10);
    assert_false(is_pending(f, 10));
    assert_int_equal(f->eip[M], 0);
}

static void test_complete_not_enabled_ignored(void **state)
{
    struct fixture *f = *state;
    wr(f, PRIO(12), 1);
    enable(f, M, 12);
    plic_set_irq(&f->p, 12, 1);
    assert_int_equal(rd(f, CLAIM(M)), 12);
    /* a completion for a source not enabled for the context is ignored */
    disable(f, M, 12);
    wr(f, CLAIM(M), 12);
    wr(f, CLAIM(S), 12); /* never enabled for S */
    enable(f, M, 12);
    assert_false(is_pending(f, 12)); /* still in service */
    assert_int_equal(f->eip[M], 0);
    /* nor do IDs that name no source complete anything */
    wr(f, CLAIM(M), 0);
    wr(f, CLAIM(M), 96);
    wr(f, CLAIM(M), 12 + 0x100);
    assert_false(is_pending(f, 12));
    /* the real completion */
    wr(f, CLAIM(M), 12);
    assert_true(is_pending(f, 12));
    assert_int_equal(f->eip[M], 1);
}

static void test_contexts_drive_meip_and_seip(void **state)
{
    struct fixture *f = *state;
    wr(f, PRIO(4), 1);
    wr(f, PRIO(6), 1);
    enable(f, S, 4);
    enable(f, M, 6);
    plic_set_irq(&f->p, 4, 1);
    assert_int_equal(f->eip[S], 1);
    assert_int_equal(f->eip[M], 0);
    assert_int_equal(rd(f, CLAIM(M)), 0); /* not enabled for M */
    plic_set_irq(&f->p, 6, 1);
    assert_int_equal(f->eip[M], 1);
    /* per-context thresholds */
    wr(f, THRESHOLD(S), 1);
    assert_int_equal(f->eip[S], 0);
    assert_int_equal(f->eip[M], 1);
    wr(f, THRESHOLD(S), 0);
    assert_int_equal(rd(f, CLAIM(S)), 4);
    assert_int_equal(f->eip[S], 0);
    assert_int_equal(f->eip[M], 1);
    assert_int_equal(rd(f, CLAIM(M)), 6);
    assert_int_equal(f->eip[M], 0);
    /* a source enabled in both: whichever claims first gets it */
    enable(f, M, 4);
    wr(f, CLAIM(S), 4); /* line still high: pending again, both outputs up */
    assert_int_equal(f->eip[M], 1);
    assert_int_equal(f->eip[S], 1);
    assert_int_equal(rd(f, CLAIM(M)), 4);
    assert_int_equal(f->eip[S], 0);
    assert_int_equal(rd(f, CLAIM(S)), 0);
}

static void test_outputs_reported_on_change_only(void **state)
{
    struct fixture *f = *state;
    unsigned calls = f->calls;
    wr(f, PRIO(8), 2);
    enable(f, M, 8);
    assert_int_equal(f->calls, calls);
    plic_set_irq(&f->p, 8, 1);
    assert_int_equal(f->calls, calls + 1);
    plic_set_irq(&f->p, 8, 1);
    wr(f, PRIO(8), 3);
    assert_int_equal(f->calls, calls + 1);
    assert_int_equal(f->eip[M], 1);
}

static void test_cpu_callback(void **state)
{
    (void)state;
    struct cpu *cpu = calloc(1, sizeof *cpu);
    struct plic p;
    struct bus_device d = plic_device(&p, plic_cpu_set_eip, cpu, BASE);
    cpu->mip = (1ull << IRQ_MTI) | (1ull << IRQ_SSI); /* other bits are left alone */
    cpu->exit_request = 0;
    assert_true(d.write(d.opaque, PRIO(11), 4, 1));
    assert_true(d.write(d.opaque, ENABLE(M, 0), 4, 1u << 11));
    plic_set_irq(&p, 11, 1);
    assert_int_equal(cpu->mip, (1ull << IRQ_MTI) | (1ull << IRQ_SSI) | (1ull << IRQ_MEI));
    assert_true(cpu->exit_request & EXIT_CHECK);
    assert_true(d.write(d.opaque, ENABLE(S, 0), 4, 1u << 11));
    assert_int_equal(cpu->mip,
                     (1ull << IRQ_MTI) | (1ull << IRQ_SSI) | (1ull << IRQ_MEI) | (1ull << IRQ_SEI));
    uint64_t v;
    assert_true(d.read(d.opaque, CLAIM(S), 4, &v));
    assert_int_equal(v, 11);
    assert_int_equal(cpu->mip, (1ull << IRQ_MTI) | (1ull << IRQ_SSI));
    plic_set_irq(&p, 11, 0);
    assert_true(d.write(d.opaque, CLAIM(S), 4, 11));
    assert_int_equal(cpu->mip, (1ull << IRQ_MTI) | (1ull << IRQ_SSI));
    /* reset lowers both outputs */
    plic_set_irq(&p, 11, 1);
    assert_int_equal(cpu->mip & (1ull << IRQ_MEI), 1ull << IRQ_MEI);
    plic_reset(&p);
    assert_int_equal(cpu->mip, (1ull << IRQ_MTI) | (1ull << IRQ_SSI));
    free(cpu);
}

static void test_reset_keeps_lines(void **state)
{
    struct fixture *f = *state;
    wr(f, PRIO(20), 4);
    wr(f, THRESHOLD(S), 1);
    enable(f, S, 20);
    plic_set_irq(&f->p, 20, 1);
    plic_set_irq(&f->p, 21, 1);
    assert_int_equal(rd(f, CLAIM(S)), 20);
    plic_reset(&f->p);
    assert_int_equal(f->eip[S], 0);
    assert_int_equal(rd(f, PRIO(20)), 0);
    assert_int_equal(rd(f, THRESHOLD(S)), 0);
    assert_int_equal(rd(f, ENABLE(S, 0)), 0);
    /* the lines are still high, nothing is in service: both pending */
    assert_int_equal(rd(f, PENDING(0)), (1u << 20) | (1u << 21));
    wr(f, PRIO(20), 1);
    enable(f, S, 20);
    assert_int_equal(f->eip[S], 1);
    assert_int_equal(rd(f, CLAIM(S)), 20);
}

static void test_only_aligned_32bit_access(void **state)
{
    struct fixture *f = *state;
    uint64_t v;
    static const unsigned bad_sizes[] = { 1, 2, 8 };
    const uint64_t offs[] = { PRIO(1), PENDING(0), ENABLE(M, 0), THRESHOLD(M), CLAIM(M), CLAIM(S) };
    wr(f, PRIO(1), 1);
    enable(f, M, 1);
    plic_set_irq(&f->p, 1, 1);
    for (size_t i = 0; i < sizeof offs / sizeof offs[0]; i++) {
        for (size_t j = 0; j < sizeof bad_sizes / sizeof bad_sizes[0]; j++) {
            assert_false(f->d.read(f->d.opaque, offs[i], bad_sizes[j], &v));
            assert_false(f->d.write(f->d.opaque, offs[i], bad_sizes[j], 0xff));
        }
        assert_false(f->d.read(f->d.opaque, offs[i] + 1, 1, &v));
        assert_false(f->d.read(f->d.opaque, offs[i] + 2, 4, &v));
        assert_false(f->d.write(f->d.opaque, offs[i] + 2, 4, 0));
    }
    /* the refused accesses changed nothing, and claimed nothing */
    assert_int_equal(rd(f, PRIO(1)), 1);
    assert_int_equal(rd(f, ENABLE(M, 0)), 2);
    assert_int_equal(rd(f, THRESHOLD(M)), 0);
    assert_true(is_pending(f, 1));
    assert_int_equal(rd(f, CLAIM(M)), 1);
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(test_device_and_reset_state),
        T(test_register_masks_and_reserved),
        T(test_priority_threshold_enable),
        T(test_claim_order),
        T(test_threshold_filters_claim),
        T(test_level_reraise_after_complete),
        T(test_complete_not_enabled_ignored),
        T(test_contexts_drive_meip_and_seip),
        T(test_outputs_reported_on_change_only),
        cmocka_unit_test(test_cpu_callback),
        T(test_reset_keeps_lines),
        T(test_only_aligned_32bit_access),
    };
#undef T
    return cmocka_run_group_tests(tests, NULL, NULL);
}
