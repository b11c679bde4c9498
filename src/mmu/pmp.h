/*
 * Physical memory protection (Privileged ISA §3.7): 16 entries, 4-byte
 * granularity, TOR/NA4/NAPOT, locking. Entries 16..63 read as zero.
 */
#ifndef VSIM_MMU_PMP_H
#define VSIM_MMU_PMP_H

#include <stdbool.h>
#include <stdint.h>

#define PMP_ENTRIES 16

enum pmp_perm { PMP_R = 1, PMP_W = 2, PMP_X = 4 };

struct pmp {
    uint8_t cfg[PMP_ENTRIES];
    uint64_t addr[PMP_ENTRIES];
    /* Decoded ranges [lo, hi) per entry (hi == 0: entry off), kept in step
     * with cfg/addr so checks need no decoding. */
    uint64_t lo[PMP_ENTRIES], hi[PMP_ENTRIES];
    bool any_active;
};

void pmp_reset(struct pmp *p);
/* pmpcfg registers by index n (pmpcfg0 = 0, pmpcfg2 = 1, ...): 8 entries each. */
uint64_t pmp_read_cfg(const struct pmp *p, unsigned n);
void pmp_write_cfg(struct pmp *p, unsigned n, uint64_t val);
uint64_t pmp_read_addr(const struct pmp *p, unsigned i);
void pmp_write_addr(struct pmp *p, unsigned i, uint64_t val);

/* May an access of `size` bytes at pa with permission `perm` (one of
 * PMP_R/W/X) by privilege `priv` proceed? */
bool pmp_allows(const struct pmp *p, uint64_t pa, uint64_t size, unsigned perm, unsigned priv);

#endif
