/* NS16550A UART: transmit to the console callback, receive from it. */
#ifndef VSIM_DEVICES_UART16550_H
#define VSIM_DEVICES_UART16550_H

#include <stdbool.h>
#include <stdint.h>

#include "bus.h"
#include "vsim/vsim.h"

struct uart16550 {
    uint8_t ier, lcr, mcr, scr, dll, dlm, fcr;
    int rx;                  /* byte waiting in the receiver, or -1 */
    bool thre_pending;       /* the THR-empty interrupt, until IIR is read or THR written */
    vsim_console_write_fn write;
    vsim_console_read_fn read;
    void *opaque;
    /* The interrupt line (PLIC source 10), called when its level changes. */
    void (*set_irq)(void *irq_opaque, int level);
    void *irq_opaque;
    int irq_level;
};

/* Look for input and update the interrupt line (called periodically). */
void uart16550_poll(struct uart16550 *u);

void uart16550_init(struct uart16550 *u, vsim_console_write_fn write, vsim_console_read_fn read,
                    void *opaque);
struct bus_device uart16550_device(struct uart16550 *u, uint64_t base);

#endif
