/* SiFive test device (syscon): guest power-off and reset. */
#ifndef VSIM_DEVICES_SYSCON_H
#define VSIM_DEVICES_SYSCON_H

#include "bus.h"

struct vsim_machine;

struct syscon {
    struct vsim_machine *m;
};

struct bus_device syscon_device(struct syscon *s, struct vsim_machine *m, uint64_t base);

#endif
