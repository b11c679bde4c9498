/*
 * goldfish RTC: see goldfish_rtc.h for the registers (the layout of the
 * Android emulator's goldfish timer, `google,goldfish-rtc` in Linux).
 */
#include "goldfish_rtc.h"

enum {
    RTC_TIME_LOW = 0x00,
    RTC_TIME_HIGH = 0x04,
    RTC_ALARM_LOW = 0x08,
    RTC_ALARM_HIGH = 0x0c,
    RTC_IRQ_ENABLED = 0x10,
    RTC_CLEAR_ALARM = 0x14,
    RTC_ALARM_STATUS = 0x18,
    RTC_CLEAR_INTERRUPT = 0x1c,
};

uint64_t goldfish_rtc_time(const struct goldfish_rtc *rtc)
{
    return rtc->now_ns(rtc->opaque) + rtc->offset;
}

bool goldfish_rtc_alarm_deadline(const struct goldfish_rtc *rtc, uint64_t *now_ns_at)
{
    if (!rtc->alarm_armed)
        return false;
    *now_ns_at = rtc->alarm - rtc->offset;
    return true;
}

static void update_irq(struct goldfish_rtc *rtc)
{
    int level = rtc->irq_pending && rtc->irq_enabled;
    if (level != rtc->irq_level) {
        rtc->irq_level = level;
        if (rtc->set_irq)
            rtc->set_irq(rtc->opaque, level);
    }
}

static void check_alarm(struct goldfish_rtc *rtc)
{
    if (rtc->alarm_armed && goldfish_rtc_time(rtc) >= rtc->alarm) {
        /* Latched whether or not IRQ_ENABLED is set, so that what the guest
         * sees does not depend on how often the alarm is checked. */
        rtc->alarm_armed = false;
        rtc->irq_pending = true;
        update_irq(rtc);
    }
}

void goldfish_rtc_poll(struct goldfish_rtc *rtc)
{
    check_alarm(rtc);
}

void goldfish_rtc_reset(struct goldfish_rtc *rtc)
{
    rtc->time_high = 0;
    rtc->alarm_high = 0;
    rtc->alarm = 0;
    rtc->alarm_armed = false;
    rtc->irq_enabled = false;
    rtc->irq_pending = false;
    update_irq(rtc);
}

static bool rtc_read(void *opaque, uint64_t off, unsigned size, uint64_t *val)
{
    struct goldfish_rtc *rtc = opaque;
    if (size != 4 || (off & 3))
        return false;
    check_alarm(rtc);
    switch (off) {
    case RTC_TIME_LOW: {
        uint64_t t = goldfish_rtc_time(rtc);
        rtc->time_high = (uint32_t)(t >> 32);
        *val = (uint32_t)t;
        break;
    }
    case RTC_TIME_HIGH: *val = rtc->time_high; break;
    case RTC_ALARM_LOW: *val = (uint32_t)rtc->alarm; break;
    case RTC_ALARM_HIGH: *val = rtc->alarm_high; break;
    case RTC_IRQ_ENABLED: *val = rtc->irq_enabled; break;
    case RTC_ALARM_STATUS: *val = rtc->alarm_armed; break;
    default: *val = 0; break; /* CLEAR_* are write-only; the rest is reserved */
    }
    return true;
}

static bool rtc_write(void *opaque, uint64_t off, unsigned size, uint64_t val)
{
    struct goldfish_rtc *rtc = opaque;
    uint32_t v = (uint32_t)val;
    if (size != 4 || (off & 3))
        return false;
    switch (off) {
    case RTC_TIME_LOW: {
        uint64_t want = (uint64_t)rtc->time_high << 32 | v;
        rtc->offset = want - rtc->now_ns(rtc->opaque);
        break;
    }
    case RTC_TIME_HIGH: rtc->time_high = v; break;
    case RTC_ALARM_LOW:
        rtc->alarm = (uint64_t)rtc->alarm_high << 32 | v;
        rtc->alarm_armed = true;
        break;
    case RTC_ALARM_HIGH: rtc->alarm_high = v; break;
    case RTC_IRQ_ENABLED:
        rtc->irq_enabled = v & 1;
        update_irq(rtc);
        break;
    case RTC_CLEAR_ALARM: rtc->alarm_armed = false; break;
    case RTC_CLEAR_INTERRUPT:
        rtc->irq_pending = false;
        update_irq(rtc);
        break;
    default: break; /* ALARM_STATUS is read-only; the rest is reserved */
    }
    /* A new time or alarm may already be due. */
    check_alarm(rtc);
    return true;
}

struct bus_device goldfish_rtc_device(struct goldfish_rtc *rtc, goldfish_rtc_now_fn now_ns,
                                      goldfish_rtc_set_irq_fn set_irq, void *opaque, uint64_t base)
{
    *rtc = (struct goldfish_rtc){ .now_ns = now_ns, .set_irq = set_irq, .opaque = opaque };
    goldfish_rtc_reset(rtc);
    return (struct bus_device){ "rtc", base, GOLDFISH_RTC_SIZE, rtc, rtc_read, rtc_write };
}
