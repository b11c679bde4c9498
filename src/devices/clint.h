/* CLINT (SiFive core-local interruptor): msip, mtimecmp, mtime at 10 MHz. */
#ifndef VSIM_DEVICES_CLINT_H
#define VSIM_DEVICES_CLINT_H

#include <stdint.h>

#include "bus.h"

struct vsim_machine;
struct cpu;

#define CLINT_FREQ_HZ 10000000ull

struct clint {
    struct vsim_machine *m;
    uint32_t msip;
    uint64_t mtimecmp;
    int64_t mtime_offset; /* mtime = machine clock + offset (mtime is writable) */
};

struct bus_device clint_device(struct clint *c, struct vsim_machine *m, uint64_t base);
void clint_reset(struct clint *c);
uint64_t clint_mtime(const struct clint *c);
/* Bring the hart's MSIP/MTIP bits up to date. */
void clint_update_irqs(const struct clint *c, struct cpu *cpu);

#endif
