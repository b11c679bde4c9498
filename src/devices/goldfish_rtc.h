/*
 * goldfish RTC (`google,goldfish-rtc`, as on QEMU's virt board at 0x101000,
 * PLIC source 11): a 64-bit count of nanoseconds since the Unix epoch and one
 * alarm. Only aligned 32-bit accesses are accepted.
 *
 *   +0x00 TIME_LOW         read: the time's low half; latches the high half into TIME_HIGH
 *                          write: set the time to (TIME_HIGH << 32 | value)
 *   +0x04 TIME_HIGH        read: the high half latched by the last TIME_LOW read (or written)
 *                          write: the high half for the next TIME_LOW write
 *   +0x08 ALARM_LOW        write: arm the alarm for (ALARM_HIGH << 32 | value); read: low half
 *   +0x0c ALARM_HIGH       the alarm's high half (takes effect at the next ALARM_LOW write)
 *   +0x10 IRQ_ENABLED      bit 0: the alarm may interrupt
 *   +0x14 CLEAR_ALARM      write: disarm the alarm (a raised interrupt stays raised)
 *   +0x18 ALARM_STATUS     read: 1 while the alarm is armed
 *   +0x1c CLEAR_INTERRUPT  write: lower the interrupt
 * Other offsets read 0 and ignore writes.
 *
 * The clock: now_ns(opaque) gives the host's notion of "now" in nanoseconds
 * (host wall time, or a deterministic clock); the guest sees now_ns() plus an
 * offset that writing TIME_LOW changes. The alarm fires when the guest time
 * reaches it (checked on every register access and by goldfish_rtc_poll):
 * the alarm disarms and the interrupt becomes pending until CLEAR_INTERRUPT.
 * The line (set_irq(opaque, level), level-triggered) is high while the
 * interrupt is pending and IRQ_ENABLED is 1, so IRQ_ENABLED masks it;
 * set_irq is called when the level changes.
 */
#ifndef VSIM_DEVICES_GOLDFISH_RTC_H
#define VSIM_DEVICES_GOLDFISH_RTC_H

#include <stdbool.h>
#include <stdint.h>

#include "bus.h"

#define GOLDFISH_RTC_SIZE 0x1000ull

typedef uint64_t (*goldfish_rtc_now_fn)(void *opaque);
typedef void (*goldfish_rtc_set_irq_fn)(void *opaque, int level);

struct goldfish_rtc {
    goldfish_rtc_now_fn now_ns;
    goldfish_rtc_set_irq_fn set_irq; /* may be NULL */
    void *opaque;
    uint64_t offset;       /* guest time = now_ns() + offset (mod 2^64) */
    uint32_t time_high;    /* TIME_HIGH: latched by TIME_LOW reads, or written */
    uint32_t alarm_high;   /* ALARM_HIGH as written */
    uint64_t alarm;        /* guest time the armed alarm fires at */
    bool alarm_armed;
    bool irq_enabled;
    bool irq_pending;      /* fired, not yet cleared by CLEAR_INTERRUPT */
    int irq_level;         /* the line as last reported through set_irq */
};

/* Initialise (time = now_ns(), alarm disarmed, interrupt disabled, line low)
 * and describe the device for the bus (size GOLDFISH_RTC_SIZE). Both callbacks
 * get the one opaque. */
struct bus_device goldfish_rtc_device(struct goldfish_rtc *rtc, goldfish_rtc_now_fn now_ns,
                                      goldfish_rtc_set_irq_fn set_irq, void *opaque, uint64_t base);
/* Machine reset: disarm the alarm, disable and lower the interrupt. The time
 * keeps running (it is a real-time clock). */
void goldfish_rtc_reset(struct goldfish_rtc *rtc);
/* Fire the alarm if its time has come; the machine calls this periodically. */
void goldfish_rtc_poll(struct goldfish_rtc *rtc);
/* The guest's time now, in nanoseconds since the epoch. */
uint64_t goldfish_rtc_time(const struct goldfish_rtc *rtc);
/* When the armed alarm fires, in now_ns() terms (for sleeping in wfi);
 * false when no alarm is armed. */
bool goldfish_rtc_alarm_deadline(const struct goldfish_rtc *rtc, uint64_t *now_ns_at);

#endif
