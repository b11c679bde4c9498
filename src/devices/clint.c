/*
 * CLINT at 0x2000000 for one hart: msip at +0x0 (32-bit), mtimecmp at
 * +0x4000 (64-bit), mtime at +0xbff8 (64-bit). The 64-bit registers may also
 * be accessed as two 32-bit halves, as RV32 software does.
 */
#include "clint.h"

#include "cpu/cpu.h"
#include "machine/machine.h"

enum { CLINT_MSIP = 0x0, CLINT_MTIMECMP = 0x4000, CLINT_MTIME = 0xbff8 };

void clint_reset(struct clint *c)
{
    c->msip = 0;
    c->mtimecmp = UINT64_MAX;
    c->mtime_offset = 0;
}

uint64_t clint_mtime(const struct clint *c)
{
    return machine_clock_ticks(c->m) + (uint64_t)c->mtime_offset;
}

void clint_update_irqs(const struct clint *c, struct cpu *cpu)
{
    uint64_t mip = cpu->mip & ~((1ull << IRQ_MSI) | (1ull << IRQ_MTI));
    if (c->msip & 1)
        mip |= 1ull << IRQ_MSI;
    if (clint_mtime(c) >= c->mtimecmp)
        mip |= 1ull << IRQ_MTI;
    cpu->mip = mip;
}

/* Read `size` bytes at byte offset `off` within a 64-bit register. */
static uint64_t part_of(uint64_t reg, uint64_t off, unsigned size)
{
    uint64_t v = reg >> (8 * off);
    return size == 8 ? v : v & ((1ull << (8 * size)) - 1);
}

static uint64_t with_part(uint64_t reg, uint64_t off, unsigned size, uint64_t val)
{
    uint64_t mask = (size == 8 ? ~0ull : (1ull << (8 * size)) - 1) << (8 * off);
    return (reg & ~mask) | ((val << (8 * off)) & mask);
}

static bool clint_read(void *opaque, uint64_t off, unsigned size, uint64_t *val)
{
    struct clint *c = opaque;
    if (size < 4)
        return false;
    if (off == CLINT_MSIP && size == 4)
        *val = c->msip;
    else if (off - CLINT_MTIMECMP < 8)
        *val = part_of(c->mtimecmp, off - CLINT_MTIMECMP, size);
    else if (off - CLINT_MTIME < 8)
        *val = part_of(clint_mtime(c), off - CLINT_MTIME, size);
    else
        *val = 0; /* other harts' registers: absent, read as zero */
    return true;
}

static bool clint_write(void *opaque, uint64_t off, unsigned size, uint64_t val)
{
    struct clint *c = opaque;
    if (size < 4)
        return false;
    if (off == CLINT_MSIP && size == 4) {
        c->msip = val & 1;
    } else if (off - CLINT_MTIMECMP < 8) {
        c->mtimecmp = with_part(c->mtimecmp, off - CLINT_MTIMECMP, size, val);
    } else if (off - CLINT_MTIME < 8) {
        uint64_t now = clint_mtime(c);
        uint64_t want = with_part(now, off - CLINT_MTIME, size, val);
        c->mtime_offset += (int64_t)(want - now);
    } else {
        return true;
    }
    /* The hart must see MSIP/MTIP change before its next instruction. */
    clint_update_irqs(c, &c->m->cpu);
    c->m->cpu.exit_request |= EXIT_CHECK;
    return true;
}

struct bus_device clint_device(struct clint *c, struct vsim_machine *m, uint64_t base)
{
    c->m = m;
    clint_reset(c);
    return (struct bus_device){ "clint", base, 0x10000, c, clint_read, clint_write };
}
