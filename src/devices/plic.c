/*
 * PLIC, following the RISC-V PLIC specification (riscv/riscv-plic-spec) with
 * the register layout of sifive,plic-1.0.0:
 *   +0x000000 + 4*src        source priority (3 bits; source 0 reads 0)
 *   +0x001000 + 4*word       pending bits (read-only)
 *   +0x002000 + 0x80*ctx     enable bits of a context, one 32-bit word per 32 sources
 *   +0x200000 + 0x1000*ctx   priority threshold of a context (3 bits)
 *   +0x200004 + 0x1000*ctx   claim (read) / complete (write)
 * Anything else in the range is reserved: reads 0, writes ignored.
 */
#include "plic.h"

#include "cpu/cpu.h"

enum {
    PLIC_PRIORITY = 0x0,
    PLIC_PENDING = 0x1000,
    PLIC_ENABLE = 0x2000,
    PLIC_ENABLE_STRIDE = 0x80,
    PLIC_CONTEXT = 0x200000,
    PLIC_CONTEXT_STRIDE = 0x1000,
    PLIC_THRESHOLD = 0x0,
    PLIC_CLAIM = 0x4,
};

static bool bit_of(const uint32_t *words, unsigned src)
{
    return (words[src / 32] >> (src % 32)) & 1;
}

static void set_bit(uint32_t *words, unsigned src, bool on)
{
    uint32_t m = 1u << (src % 32);
    if (on)
        words[src / 32] |= m;
    else
        words[src / 32] &= ~m;
}

/* Bits of word w that name existing sources (1..PLIC_NDEV). */
static uint32_t valid_mask(unsigned w)
{
    uint32_t m = ~0u;
    if (w == 0)
        m &= ~1u; /* source 0 does not exist */
    unsigned first = 32 * w;
    if (first + 31 > PLIC_NDEV)
        m &= PLIC_NDEV >= first ? (uint32_t)((1ull << (PLIC_NDEV - first + 1)) - 1) : 0;
    return m;
}

/* The source a claim by context c would return, or 0: the pending enabled
 * source of highest priority above the threshold, the lowest ID on a tie. */
static unsigned best_source(const struct plic *p, unsigned c)
{
    unsigned best = 0;
    uint32_t best_prio = p->threshold[c];
    for (unsigned w = 0; w < PLIC_WORDS; w++) {
        uint32_t cand = p->pending[w] & p->enable[c][w];
        while (cand) {
            unsigned src = 32 * w + (unsigned)__builtin_ctz(cand);
            cand &= cand - 1;
            if (p->priority[src] > best_prio) {
                best = src;
                best_prio = p->priority[src];
            }
        }
    }
    return best;
}

/* Recompute both outputs and report the ones that changed. */
static void update(struct plic *p)
{
    for (unsigned c = 0; c < PLIC_CONTEXTS; c++) {
        int level = best_source(p, c) != 0;
        if (level != p->eip[c]) {
            p->eip[c] = level;
            if (p->set_eip)
                p->set_eip(p->opaque, (int)c, level);
        }
    }
}

void plic_reset(struct plic *p)
{
    /* The lines belong to the devices: keep them, and what is high is pending
     * (but with every priority and enable at 0 nothing interrupts). */
    struct plic fresh = { .set_eip = p->set_eip, .opaque = p->opaque };
    for (unsigned w = 0; w < PLIC_WORDS; w++)
        fresh.level[w] = fresh.pending[w] = p->level[w];
    *p = fresh;
    for (unsigned c = 0; c < PLIC_CONTEXTS; c++)
        if (p->set_eip)
            p->set_eip(p->opaque, (int)c, 0);
}

void plic_set_irq(struct plic *p, unsigned src, int level)
{
    if (src == 0 || src > PLIC_NDEV)
        return;
    bool high = level != 0;
    set_bit(p->level, src, high);
    /* The gateway: while the source is in service its line is not looked at. */
    if (!bit_of(p->in_service, src) && bit_of(p->pending, src) != high) {
        set_bit(p->pending, src, high);
        update(p);
    }
}

int plic_eip(const struct plic *p, int context)
{
    return context >= 0 && (unsigned)context < PLIC_CONTEXTS ? p->eip[context] : 0;
}

void plic_cpu_set_eip(void *opaque, int context, int level)
{
    struct cpu *cpu = opaque;
    if (context == PLIC_CONTEXT_M) {
        cpu->mip = level ? cpu->mip | (1ull << IRQ_MEI) : cpu->mip & ~(1ull << IRQ_MEI);
    } else {
        cpu->seip_hw = level != 0; /* ORed with the bit M-mode software may set */
        cpu_update_seip(cpu);
    }
    cpu->exit_request |= EXIT_CHECK;
}

static uint32_t claim(struct plic *p, unsigned c)
{
    unsigned src = best_source(p, c);
    if (src) {
        set_bit(p->pending, src, false);
        set_bit(p->in_service, src, true);
        update(p);
    }
    return src;
}

static void complete(struct plic *p, unsigned c, uint32_t id)
{
    /* The spec: a completion for a source not enabled for this context is
     * silently ignored. (Which context claimed it is not checked.) */
    if (id == 0 || id > PLIC_NDEV || !bit_of(p->enable[c], id))
        return;
    set_bit(p->in_service, id, false);
    if (bit_of(p->level, id)) {
        set_bit(p->pending, id, true);
        update(p);
    }
}

static bool plic_read(void *opaque, uint64_t off, unsigned size, uint64_t *val)
{
    struct plic *p = opaque;
    if (size != 4 || (off & 3))
        return false;
    *val = 0;
    if (off < PLIC_PENDING) {
        uint64_t src = (off - PLIC_PRIORITY) / 4;
        if (src <= PLIC_NDEV)
            *val = p->priority[src];
    } else if (off < PLIC_ENABLE) {
        uint64_t w = (off - PLIC_PENDING) / 4;
        if (w < PLIC_WORDS)
            *val = p->pending[w];
    } else if (off < PLIC_CONTEXT) {
        uint64_t c = (off - PLIC_ENABLE) / PLIC_ENABLE_STRIDE;
        uint64_t w = (off - PLIC_ENABLE) % PLIC_ENABLE_STRIDE / 4;
        if (c < PLIC_CONTEXTS && w < PLIC_WORDS)
            *val = p->enable[c][w];
    } else {
        uint64_t c = (off - PLIC_CONTEXT) / PLIC_CONTEXT_STRIDE;
        uint64_t r = (off - PLIC_CONTEXT) % PLIC_CONTEXT_STRIDE;
        if (c < PLIC_CONTEXTS && r == PLIC_THRESHOLD)
            *val = p->threshold[c];
        else if (c < PLIC_CONTEXTS && r == PLIC_CLAIM)
            *val = claim(p, (unsigned)c);
    }
    return true;
}

static bool plic_write(void *opaque, uint64_t off, unsigned size, uint64_t val)
{
    struct plic *p = opaque;
    uint32_t v = (uint32_t)val;
    if (size != 4 || (off & 3))
        return false;
    if (off < PLIC_PENDING) {
        uint64_t src = (off - PLIC_PRIORITY) / 4;
        if (src >= 1 && src <= PLIC_NDEV) {
            p->priority[src] = v & PLIC_MAX_PRIORITY;
            update(p);
        }
    } else if (off < PLIC_ENABLE) {
        /* pending bits are read-only */
    } else if (off < PLIC_CONTEXT) {
        uint64_t c = (off - PLIC_ENABLE) / PLIC_ENABLE_STRIDE;
        uint64_t w = (off - PLIC_ENABLE) % PLIC_ENABLE_STRIDE / 4;
        if (c < PLIC_CONTEXTS && w < PLIC_WORDS) {
            p->enable[c][w] = v & valid_mask((unsigned)w);
            update(p);
        }
    } else {
        uint64_t c = (off - PLIC_CONTEXT) / PLIC_CONTEXT_STRIDE;
        uint64_t r = (off - PLIC_CONTEXT) % PLIC_CONTEXT_STRIDE;
        if (c < PLIC_CONTEXTS && r == PLIC_THRESHOLD) {
            p->threshold[c] = v & PLIC_MAX_PRIORITY;
            update(p);
        } else if (c < PLIC_CONTEXTS && r == PLIC_CLAIM) {
            complete(p, (unsigned)c, v);
        }
    }
    return true;
}

struct bus_device plic_device(struct plic *p, plic_set_eip_fn set_eip, void *opaque, uint64_t base)
{
    *p = (struct plic){ .set_eip = set_eip, .opaque = opaque };
    plic_reset(p);
    return (struct bus_device){ "plic", base, PLIC_SIZE, p, plic_read, plic_write };
}
