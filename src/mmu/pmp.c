#include "pmp.h"

#include <string.h>

#include "cpu/cpu.h"

enum { PMP_A_OFF = 0, PMP_A_TOR = 1, PMP_A_NA4 = 2, PMP_A_NAPOT = 3 };
#define CFG_A(c) (((c) >> 3) & 3)
#define CFG_L 0x80
#define ADDR_MASK ((1ull << 54) - 1) /* pmpaddr holds bits 55:2 of an address */

void pmp_reset(struct pmp *p)
{
    memset(p, 0, sizeof *p);
}

static void decode_ranges(struct pmp *p)
{
    p->any_active = false;
    for (unsigned i = 0; i < PMP_ENTRIES; i++) {
        uint64_t a = p->addr[i];
        p->lo[i] = p->hi[i] = 0;
        switch (CFG_A(p->cfg[i])) {
        case PMP_A_TOR:
            p->lo[i] = i ? p->addr[i - 1] << 2 : 0;
            p->hi[i] = a << 2;
            break;
        case PMP_A_NA4:
            p->lo[i] = a << 2;
            p->hi[i] = p->lo[i] + 4;
            break;
        case PMP_A_NAPOT: {
            /* trailing ones t: a region of 2^(t+3) bytes */
            unsigned t = (unsigned)__builtin_ctzll(~a);
            uint64_t size = t + 3 >= 64 ? 0 : 1ull << (t + 3);
            p->lo[i] = size ? (a << 2) & ~(size - 1) : 0;
            p->hi[i] = size ? p->lo[i] + size : UINT64_MAX;
            break;
        }
        default: break;
        }
        if (p->hi[i] > p->lo[i])
            p->any_active = true;
    }
}

uint64_t pmp_read_cfg(const struct pmp *p, unsigned n)
{
    uint64_t v = 0;
    for (unsigned k = 0; k < 8; k++)
        if (n * 8 + k < PMP_ENTRIES)
            v |= (uint64_t)p->cfg[n * 8 + k] << (8 * k);
    return v;
}

void pmp_write_cfg(struct pmp *p, unsigned n, uint64_t val)
{
    for (unsigned k = 0; k < 8; k++) {
        unsigned i = n * 8 + k;
        if (i >= PMP_ENTRIES || (p->cfg[i] & CFG_L))
            continue;
        uint8_t c = (uint8_t)(val >> (8 * k)) & 0x9f; /* bits 6:5 are reserved */
        if ((c & (PMP_R | PMP_W)) == PMP_W)
            c &= (uint8_t)~PMP_W; /* R=0 W=1 is reserved: WARL to no access */
        p->cfg[i] = c;
    }
    decode_ranges(p);
}

uint64_t pmp_read_addr(const struct pmp *p, unsigned i)
{
    return i < PMP_ENTRIES ? p->addr[i] : 0;
}

void pmp_write_addr(struct pmp *p, unsigned i, uint64_t val)
{
    if (i >= PMP_ENTRIES || (p->cfg[i] & CFG_L))
        return;
    /* A locked TOR entry also locks the address below it. */
    if (i + 1 < PMP_ENTRIES && (p->cfg[i + 1] & CFG_L) && CFG_A(p->cfg[i + 1]) == PMP_A_TOR)
        return;
    p->addr[i] = val & ADDR_MASK;
    decode_ranges(p);
}

bool pmp_allows(const struct pmp *p, uint64_t pa, uint64_t size, unsigned perm, unsigned priv)
{
    /* No entry matches: M may access, S and U may not (16 entries exist). */
    if (!p->any_active)
        return priv == PRIV_M;
    uint64_t end = pa + size;
    for (unsigned i = 0; i < PMP_ENTRIES; i++) {
        if (p->hi[i] <= p->lo[i] || end <= p->lo[i] || pa >= p->hi[i])
            continue;
        /* The lowest-numbered entry that matches any byte decides; it must
         * cover all of them. */
        if (pa < p->lo[i] || end > p->hi[i])
            return false;
        if (priv == PRIV_M && !(p->cfg[i] & CFG_L))
            return true;
        return (p->cfg[i] & perm) != 0;
    }
    return priv == PRIV_M;
}
