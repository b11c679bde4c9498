/*
 * The goldfish RTC (src/devices/goldfish_rtc.c) driven through its bus
 * interface, on a clock the test moves by hand, with the interrupt line
 * observed through the set_irq callback.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "devices/goldfish_rtc.h"

#define BASE 0x101000ull
enum {
    TIME_LOW = 0x00, TIME_HIGH = 0x04, ALARM_LOW = 0x08, ALARM_HIGH = 0x0c,
    IRQ_ENABLED = 0x10, CLEAR_ALARM = 0x14, ALARM_STATUS = 0x18, CLEAR_INTERRUPT = 0x1c,
};

struct fixture {
    struct goldfish_rtc rtc;
    struct bus_device d;
    uint64_t now;   /* the host clock */
    int irq;        /* the line as last reported */
    unsigned calls; /* set_irq calls */
};

static uint64_t clock_now(void *opaque)
{
    return ((struct fixture *)opaque)->now;
}

static void record_irq(void *opaque, int level)
{
    struct fixture *f = opaque;
    assert_true(level == 0 || level == 1);
    assert_int_not_equal(level, f->irq); /* reported on change only */
    f->irq = level;
    f->calls++;
}

/* 2024-01-01T00:00:00Z plus a little, in ns: the high half is nonzero */
#define START 1704067200123456789ull

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof *f);
    f->now = START;
    f->d = goldfish_rtc_device(&f->rtc, clock_now, record_irq, f, BASE);
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

/* The guest's way of reading the time: TIME_LOW, then the latched TIME_HIGH. */
static uint64_t read_time(struct fixture *f)
{
    uint32_t lo = rd(f, TIME_LOW);
    return (uint64_t)rd(f, TIME_HIGH) << 32 | lo;
}

static void set_alarm(struct fixture *f, uint64_t t)
{
    wr(f, ALARM_HIGH, (uint32_t)(t >> 32));
    wr(f, ALARM_LOW, (uint32_t)t);
}

/* ------------------------------------------------------------------ tests */

static void test_device_and_initial_state(void **state)
{
    struct fixture *f = *state;
    assert_string_equal(f->d.name, "rtc");
    assert_int_equal(f->d.base, BASE);
    assert_int_equal(f->d.size, 0x1000);
    assert_int_equal(f->calls, 0);
    assert_int_equal(rd(f, IRQ_ENABLED), 0);
    assert_int_equal(rd(f, ALARM_STATUS), 0);
    assert_int_equal(read_time(f), START);
    assert_int_equal(goldfish_rtc_time(&f->rtc), START);
    uint64_t at;
    assert_false(goldfish_rtc_alarm_deadline(&f->rtc, &at));
    /* write-only and reserved registers read 0 */
    assert_int_equal(rd(f, CLEAR_ALARM), 0);
    assert_int_equal(rd(f, CLEAR_INTERRUPT), 0);
    assert_int_equal(rd(f, 0x20), 0);
    assert_int_equal(rd(f, 0xffc), 0);
    wr(f, 0x20, 0xffffffff);
    wr(f, ALARM_STATUS, 1); /* read-only */
    assert_int_equal(rd(f, ALARM_STATUS), 0);
}

static void test_time_high_latched_by_time_low(void **state)
{
    struct fixture *f = *state;
    f->now = 0x00000012fffffff0ull;
    assert_int_equal(rd(f, TIME_LOW), 0xfffffff0);
    /* the low half wraps between the two reads: the high half read is still
     * the one that goes with the low half read */
    f->now = 0x0000001300000005ull;
    assert_int_equal(rd(f, TIME_HIGH), 0x12);
    assert_int_equal(rd(f, TIME_HIGH), 0x12);
    assert_int_equal(rd(f, TIME_LOW), 5);
    assert_int_equal(rd(f, TIME_HIGH), 0x13);
    f->now += 1000;
    assert_int_equal(read_time(f), 0x0000001300000005ull + 1000);
}

static void test_set_time(void **state)
{
    struct fixture *f = *state;
    /* as Linux does: high half first, the low half write sets the time */
    const uint64_t want = 0x0000017f00000200ull;
    wr(f, TIME_HIGH, (uint32_t)(want >> 32));
    assert_int_equal(read_time(f), START); /* not yet */
    wr(f, TIME_HIGH, (uint32_t)(want >> 32));
    wr(f, TIME_LOW, (uint32_t)want);
    assert_int_equal(read_time(f), want);
    /* and it keeps running with the clock */
    f->now += 123456789;
    assert_int_equal(read_time(f), want + 123456789);
    assert_int_equal(goldfish_rtc_time(&f->rtc), want + 123456789);
    /* back in time works too */
    wr(f, TIME_HIGH, 0);
    wr(f, TIME_LOW, 42);
    assert_int_equal(read_time(f), 42);
    f->now += 8;
    assert_int_equal(read_time(f), 50);
    /* the time survives a reset */
    goldfish_rtc_reset(&f->rtc);
    assert_int_equal(read_time(f), 50);
}

static void test_alarm_fires_and_clears(void **state)
{
    struct fixture *f = *state;
    wr(f, IRQ_ENABLED, 1);
    assert_int_equal(rd(f, IRQ_ENABLED), 1);
    const uint64_t alarm = START + 1000;
    set_alarm(f, alarm);
    assert_int_equal(rd(f, ALARM_STATUS), 1);
    assert_int_equal(rd(f, ALARM_LOW), (uint32_t)alarm);
    assert_int_equal(rd(f, ALARM_HIGH), (uint32_t)(alarm >> 32));
    uint64_t at;
    assert_true(goldfish_rtc_alarm_deadline(&f->rtc, &at));
    assert_int_equal(at, alarm);
    f->now += 999;
    goldfish_rtc_poll(&f->rtc);
    assert_int_equal(f->irq, 0);
    assert_int_equal(rd(f, ALARM_STATUS), 1);
    f->now += 1;
    goldfish_rtc_poll(&f->rtc);
    assert_int_equal(f->irq, 1);
    assert_int_equal(rd(f, ALARM_STATUS), 0); /* one-shot: disarmed */
    assert_false(goldfish_rtc_alarm_deadline(&f->rtc, &at));
    /* the line stays high until CLEAR_INTERRUPT, polls or no polls */
    f->now += 5000;
    goldfish_rtc_poll(&f->rtc);
    assert_int_equal(f->irq, 1);
    wr(f, CLEAR_INTERRUPT, 0);
    assert_int_equal(f->irq, 0);
    goldfish_rtc_poll(&f->rtc);
    assert_int_equal(f->irq, 0);
    assert_int_equal(f->calls, 2);
}

static void test_alarm_checked_on_access(void **state)
{
    struct fixture *f = *state;
    wr(f, IRQ_ENABLED, 1);
    /* an alarm already due fires as it is armed */
    set_alarm(f, START - 1);
    assert_int_equal(f->irq, 1);
    assert_int_equal(rd(f, ALARM_STATUS), 0);
    wr(f, CLEAR_INTERRUPT, 1);
    assert_int_equal(f->irq, 0);
    /* a due alarm is seen by any register access, not only by polls */
    set_alarm(f, START + 10);
    f->now += 10;
    assert_int_equal(rd(f, ALARM_STATUS), 0);
    assert_int_equal(f->irq, 1);
    wr(f, CLEAR_INTERRUPT, 1);
    /* setting the time past the alarm fires it */
    set_alarm(f, START + 1000000);
    wr(f, TIME_HIGH, (uint32_t)((START + 1000000) >> 32));
    wr(f, TIME_LOW, (uint32_t)(START + 1000000));
    assert_int_equal(f->irq, 1);
    wr(f, CLEAR_INTERRUPT, 1);
    /* the alarm is in guest time: after the guest moves its time back, it
     * fires when the guest time (not the host clock) gets there */
    wr(f, TIME_HIGH, 0);
    wr(f, TIME_LOW, 100);
    set_alarm(f, 600);
    uint64_t at;
    assert_true(goldfish_rtc_alarm_deadline(&f->rtc, &at));
    assert_int_equal(at, f->now + 500);
    f->now += 499;
    goldfish_rtc_poll(&f->rtc);
    assert_int_equal(f->irq, 0);
    f->now += 1;
    goldfish_rtc_poll(&f->rtc);
    assert_int_equal(f->irq, 1);
}

static void test_clear_alarm(void **state)
{
    struct fixture *f = *state;
    wr(f, IRQ_ENABLED, 1);
    set_alarm(f, START + 100);
    wr(f, CLEAR_ALARM, 1);
    assert_int_equal(rd(f, ALARM_STATUS), 0);
    f->now += 1000;
    goldfish_rtc_poll(&f->rtc);
    assert_int_equal(f->irq, 0);
    assert_int_equal(f->calls, 0);
    /* re-arming: the last ALARM_HIGH written still applies */
    wr(f, ALARM_LOW, (uint32_t)(START + 2000));
    assert_int_equal(rd(f, ALARM_STATUS), 1);
    f->now += 1000;
    goldfish_rtc_poll(&f->rtc);
    assert_int_equal(f->irq, 1);
    /* CLEAR_ALARM does not lower an interrupt already raised */
    wr(f, CLEAR_ALARM, 1);
    assert_int_equal(f->irq, 1);
    wr(f, CLEAR_INTERRUPT, 1);
    assert_int_equal(f->irq, 0);
}

static void test_irq_disabled(void **state)
{
    struct fixture *f = *state;
    /* the alarm runs out with IRQ_ENABLED = 0: the line stays low */
    set_alarm(f, START + 100);
    f->now += 100;
    goldfish_rtc_poll(&f->rtc);
    assert_int_equal(rd(f, ALARM_STATUS), 0);
    assert_int_equal(f->irq, 0);
    assert_int_equal(f->calls, 0);
    /* cleared before enabling: nothing */
    wr(f, CLEAR_INTERRUPT, 1);
    wr(f, IRQ_ENABLED, 1);
    assert_int_equal(f->irq, 0);
    assert_int_equal(f->calls, 0);
    /* IRQ_ENABLED masks a raised interrupt without clearing it */
    set_alarm(f, START + 200);
    f->now += 100;
    goldfish_rtc_poll(&f->rtc);
    assert_int_equal(f->irq, 1);
    wr(f, IRQ_ENABLED, 0);
    assert_int_equal(rd(f, IRQ_ENABLED), 0);
    assert_int_equal(f->irq, 0);
    wr(f, IRQ_ENABLED, 0xfffffffe); /* only bit 0 counts */
    assert_int_equal(rd(f, IRQ_ENABLED), 0);
    assert_int_equal(f->irq, 0);
    wr(f, IRQ_ENABLED, 1);
    assert_int_equal(f->irq, 1);
    wr(f, CLEAR_INTERRUPT, 1);
    assert_int_equal(f->irq, 0);
}

static void test_reset(void **state)
{
    struct fixture *f = *state;
    wr(f, IRQ_ENABLED, 1);
    set_alarm(f, START);
    assert_int_equal(f->irq, 1);
    set_alarm(f, START + 1000);
    goldfish_rtc_reset(&f->rtc);
    assert_int_equal(f->irq, 0);
    assert_int_equal(rd(f, IRQ_ENABLED), 0);
    assert_int_equal(rd(f, ALARM_STATUS), 0);
    f->now += 5000;
    wr(f, IRQ_ENABLED, 1);
    goldfish_rtc_poll(&f->rtc);
    assert_int_equal(f->irq, 0);
}

static void test_only_aligned_32bit_access(void **state)
{
    struct fixture *f = *state;
    uint64_t v;
    static const unsigned bad_sizes[] = { 1, 2, 8 };
    for (uint64_t off = 0; off < 0x20; off += 4) {
        for (size_t j = 0; j < sizeof bad_sizes / sizeof bad_sizes[0]; j++) {
            assert_false(f->d.read(f->d.opaque, off, bad_sizes[j], &v));
            assert_false(f->d.write(f->d.opaque, off, bad_sizes[j], 0xffffffff));
        }
        assert_false(f->d.read(f->d.opaque, off + 2, 4, &v));
        assert_false(f->d.write(f->d.opaque, off + 1, 1, 1));
    }
    /* nothing changed: not enabled, no alarm, time untouched */
    assert_int_equal(rd(f, IRQ_ENABLED), 0);
    assert_int_equal(rd(f, ALARM_STATUS), 0);
    assert_int_equal(read_time(f), START);
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(test_device_and_initial_state),
        T(test_time_high_latched_by_time_low),
        T(test_set_time),
        T(test_alarm_fires_and_clears),
        T(test_alarm_checked_on_access),
        T(test_clear_alarm),
        T(test_irq_disabled),
        T(test_reset),
        T(test_only_aligned_32bit_access),
    };
#undef T
    return cmocka_run_group_tests(tests, NULL, NULL);
}
