/*
 * PLIC (RISC-V platform-level interrupt controller, `sifive,plic-1.0.0` /
 * `riscv,plic0` as on QEMU's virt board) for one hart: sources 1..95,
 * priorities 0..7, two contexts (0 = hart 0 M-mode -> mip.MEIP,
 * 1 = hart 0 S-mode -> mip.SEIP). Only aligned 32-bit accesses are accepted.
 *
 * Wiring:
 *   - Devices drive their interrupt line with plic_set_irq(p, src, level).
 *     Lines are level-sensitive: while a source is not in service (claimed
 *     and not yet completed) its pending bit follows its line; while it is
 *     in service the line is ignored, and on completion a line that is
 *     still high makes the source pending again.
 *   - The PLIC reports each context's external-interrupt output through the
 *     set_eip callback given to plic_device(): set_eip(opaque, context,
 *     level) is called whenever that output changes, and for both contexts
 *     (with level 0) on plic_reset(). The output of a context is 1 when some
 *     source is pending, enabled for the context and has a priority above
 *     the context's threshold.
 *   - plic_cpu_set_eip is a ready-made callback for a struct cpu (pass the
 *     cpu as opaque): it sets or clears mip.MEIP (context 0) or mip.SEIP
 *     (context 1) and asks the dispatch loop to re-check interrupts.
 *
 * Not thread-safe: call plic_set_irq from the thread that runs the hart.
 */
#ifndef VSIM_DEVICES_PLIC_H
#define VSIM_DEVICES_PLIC_H

#include <stdbool.h>
#include <stdint.h>

#include "bus.h"

#define PLIC_SIZE 0x600000ull
#define PLIC_NDEV 95u      /* riscv,ndev: sources 1..PLIC_NDEV */
#define PLIC_CONTEXTS 2u   /* 0: hart 0 M-mode, 1: hart 0 S-mode */
#define PLIC_MAX_PRIORITY 7u
#define PLIC_WORDS ((PLIC_NDEV + 1 + 31) / 32) /* 32-bit words of per-source bits */

enum { PLIC_CONTEXT_M = 0, PLIC_CONTEXT_S = 1 };

typedef void (*plic_set_eip_fn)(void *opaque, int context, int level);

struct plic {
    uint32_t priority[PLIC_NDEV + 1];          /* [0] unused, always 0 */
    uint32_t level[PLIC_WORDS];                /* interrupt lines as the devices drive them */
    uint32_t pending[PLIC_WORDS];              /* bit 0 always 0 */
    uint32_t in_service[PLIC_WORDS];           /* claimed, not yet completed */
    uint32_t enable[PLIC_CONTEXTS][PLIC_WORDS];
    uint32_t threshold[PLIC_CONTEXTS];
    int eip[PLIC_CONTEXTS];                    /* last output reported through set_eip */
    plic_set_eip_fn set_eip;
    void *opaque;
};

/* Initialise (all lines low, reset state, outputs reported low through
 * set_eip) and describe the device for the bus
 * (size PLIC_SIZE). set_eip may be NULL (outputs are then only in p->eip). */
struct bus_device plic_device(struct plic *p, plic_set_eip_fn set_eip, void *opaque, uint64_t base);
/* Priorities, enables, thresholds and claims to 0 (the device lines are kept:
 * a high one is pending again); reports both outputs low through set_eip. */
void plic_reset(struct plic *p);
/* Drive source src's interrupt line (nonzero = high). src outside 1..PLIC_NDEV
 * is ignored. */
void plic_set_irq(struct plic *p, unsigned src, int level);
/* The current output of a context (0 or 1). */
int plic_eip(const struct plic *p, int context);
/* set_eip for a struct cpu (opaque): updates mip.MEIP / mip.SEIP. */
void plic_cpu_set_eip(void *cpu, int context, int level);

#endif
