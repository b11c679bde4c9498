#include "physmem.h"

#include <stdlib.h>
#include <string.h>

#include "devices/bus.h"
#include "tlb.h"

/* RAM is allocated with this much slack past its end, so that the fetch fast
 * path may read a 32-bit word where a 16-bit instruction ends RAM. */
#define RAM_PADDING 8

bool physmem_init(struct physmem *pm, uint64_t ram_base, uint64_t ram_size, struct bus *bus)
{
    memset(pm, 0, sizeof *pm);
    pm->ram = calloc(1, ram_size + RAM_PADDING);
    pm->page_flags = calloc(1, (ram_size + PAGE_SIZE - 1) / PAGE_SIZE);
    if (!pm->ram || !pm->page_flags) {
        physmem_free(pm);
        return false;
    }
    pm->ram_base = ram_base;
    pm->ram_size = ram_size;
    pm->bus = bus;
    return true;
}

void physmem_free(struct physmem *pm)
{
    free(pm->ram);
    free(pm->page_flags);
    free(pm->rom);
    pm->ram = NULL;
    pm->page_flags = NULL;
    pm->rom = NULL;
}

bool physmem_set_rom(struct physmem *pm, uint64_t base, uint64_t size, const void *data, size_t len)
{
    if (len > size || (base & PAGE_MASK) || (size & PAGE_MASK) || size == 0)
        return false;
    uint8_t *rom = calloc(1, size + RAM_PADDING);
    if (!rom)
        return false;
    memcpy(rom, data, len);
    free(pm->rom);
    pm->rom = rom;
    pm->rom_base = base;
    pm->rom_size = size;
    return true;
}

static inline uint64_t load_le(const uint8_t *p, unsigned size)
{
    switch (size) {
    case 1: return *p;
    case 2: { uint16_t v; memcpy(&v, p, 2); return v; }
    case 4: { uint32_t v; memcpy(&v, p, 4); return v; }
    default: { uint64_t v; memcpy(&v, p, 8); return v; }
    }
}

static inline void store_le(uint8_t *p, unsigned size, uint64_t val)
{
    switch (size) {
    case 1: *p = (uint8_t)val; break;
    case 2: { uint16_t v = (uint16_t)val; memcpy(p, &v, 2); break; }
    case 4: { uint32_t v = (uint32_t)val; memcpy(p, &v, 4); break; }
    default: memcpy(p, &val, 8); break;
    }
}

/* Run the hooks of every flagged page that [pa, pa+len) touches. */
void phys_notify_write(struct physmem *pm, uint64_t pa, size_t len)
{
    if (!pm->on_flagged_write || len == 0)
        return;
    uint64_t first = (pa - pm->ram_base) / PAGE_SIZE;
    uint64_t last = (pa + len - 1 - pm->ram_base) / PAGE_SIZE;
    for (uint64_t p = first; p <= last; p++) {
        if (pm->page_flags[p]) {
            uint64_t lo = pm->ram_base + p * PAGE_SIZE;
            uint64_t start = pa > lo ? pa : lo;
            uint64_t end = pa + len < lo + PAGE_SIZE ? pa + len : lo + PAGE_SIZE;
            pm->on_flagged_write(pm->hook_opaque, start, (unsigned)(end - start), pm->page_flags[p]);
        }
    }
}

bool phys_read(struct physmem *pm, uint64_t pa, unsigned size, uint64_t *val)
{
    const uint8_t *p = phys_mem_ptr(pm, pa, size);
    if (p) {
        *val = load_le(p, size);
        return true;
    }
    const struct bus_device *d = bus_find(pm->bus, pa);
    if (!d || pa - d->base > d->size - size || (pa & (size - 1)))
        return false;
    return d->read(d->opaque, pa - d->base, size, val);
}

bool phys_write(struct physmem *pm, uint64_t pa, unsigned size, uint64_t val)
{
    uint8_t *p = phys_ram_ptr(pm, pa, size);
    if (p) {
        store_le(p, size, val);
        phys_notify_write(pm, pa, size);
        return true;
    }
    const struct bus_device *d = bus_find(pm->bus, pa);
    if (!d || pa - d->base > d->size - size || (pa & (size - 1)))
        return false;
    return d->write(d->opaque, pa - d->base, size, val);
}

bool phys_copy_from(struct physmem *pm, uint64_t pa, void *dst, size_t len)
{
    const uint8_t *p = phys_mem_ptr(pm, pa, len);
    if (!p)
        return false;
    memcpy(dst, p, len);
    return true;
}

bool phys_copy_to(struct physmem *pm, uint64_t pa, const void *src, size_t len)
{
    uint8_t *p = phys_ram_ptr(pm, pa, len);
    if (!p)
        return false;
    memcpy(p, src, len);
    phys_notify_write(pm, pa, len);
    return true;
}
