/* HTIF tohost/fromhost (Spike / riscv-tests convention), found by ELF symbol. */
#ifndef VSIM_DEVICES_HTIF_H
#define VSIM_DEVICES_HTIF_H

#include <stdbool.h>
#include <stdint.h>

struct vsim_machine;

struct htif {
    struct vsim_machine *m;
    bool present;
    uint64_t tohost, fromhost; /* physical addresses of the two words */
    bool pending;              /* tohost's low word written: look at the next check */
};

/* Watch tohost at `tohost` (and fromhost at `fromhost`, 0 if absent). */
void htif_attach(struct htif *h, struct vsim_machine *m, uint64_t tohost, uint64_t fromhost);
void htif_detach(struct htif *h);
/* A store touched [pa, pa+len) of a watched page. */
void htif_on_write(struct htif *h, uint64_t pa, unsigned len);
/* Act on a command left in tohost, if any. */
void htif_poll(struct htif *h);

#endif
