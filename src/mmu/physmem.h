/*
 * Guest physical memory: RAM plus the device bus. Every access that is not
 * a TLB hit comes through here: CPU slow paths, the API, device DMA.
 */
#ifndef VSIM_MMU_PHYSMEM_H
#define VSIM_MMU_PHYSMEM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct bus;

/* Per-RAM-page flags. A page with any flag set is never entered in the
 * store TLB, so that every store to it reaches phys_write and its hook. */
enum page_flag {
    PF_CODE = 1 << 0,  /* holds predecoded code (direct dispatch) */
    PF_WATCH = 1 << 1, /* holds a watched word (HTIF tohost) */
};

struct physmem {
    uint8_t *ram;          /* ram_size bytes (plus padding, see physmem_init) */
    uint64_t ram_base, ram_size;
    uint8_t *page_flags;   /* one per RAM page */
    /* Read-only memory (the boot ROM): readable and executable, never
     * written by the guest; its bytes never change while it runs. */
    uint8_t *rom;
    uint64_t rom_base, rom_size;
    struct bus *bus;
    /* Called after a store into a flagged RAM page. */
    void (*on_flagged_write)(void *opaque, uint64_t pa, unsigned len, uint8_t flags);
    void *hook_opaque;
};

bool physmem_init(struct physmem *pm, uint64_t ram_base, uint64_t ram_size, struct bus *bus);
/* Map `size` bytes of ROM at base (a whole number of pages), filled with
 * data (the rest zero). Replaces an earlier ROM. */
bool physmem_set_rom(struct physmem *pm, uint64_t base, uint64_t size, const void *data, size_t len);
void physmem_free(struct physmem *pm);

/* Host pointer to [pa, pa+len) if it lies wholly in RAM, else NULL. */
static inline uint8_t *phys_ram_ptr(const struct physmem *pm, uint64_t pa, uint64_t len)
{
    uint64_t off = pa - pm->ram_base;
    if (off >= pm->ram_size || len > pm->ram_size - off)
        return NULL;
    return pm->ram + off;
}

/* Host pointer to [pa, pa+len) if it lies wholly in RAM or ROM: for
 * reading and executing only. */
static inline const uint8_t *phys_mem_ptr(const struct physmem *pm, uint64_t pa, uint64_t len)
{
    uint8_t *p = phys_ram_ptr(pm, pa, len);
    if (p || !pm->rom)
        return p;
    uint64_t off = pa - pm->rom_base;
    if (off >= pm->rom_size || len > pm->rom_size - off)
        return NULL;
    return pm->rom + off;
}

/* The flags of the RAM page holding pa (pa must be in RAM). */
static inline uint8_t *phys_page_flags(const struct physmem *pm, uint64_t pa)
{
    return &pm->page_flags[(pa - pm->ram_base) >> 12];
}

/* Naturally sized (1/2/4/8) access to RAM or a device; false if nothing is
 * there or the device refuses the access. */
bool phys_read(struct physmem *pm, uint64_t pa, unsigned size, uint64_t *val);
bool phys_write(struct physmem *pm, uint64_t pa, unsigned size, uint64_t val);

/* Byte ranges in RAM only (loaders, the API, DMA); false if any byte is not RAM.
 * Writes run the page-flag hooks. */
bool phys_copy_from(struct physmem *pm, uint64_t pa, void *dst, size_t len);
bool phys_copy_to(struct physmem *pm, uint64_t pa, const void *src, size_t len);

/* Tell the hooks of flagged pages that [pa, pa+len) of RAM was written
 * behind phys_write's back (TLB-less paths that store through a host pointer). */
void phys_notify_write(struct physmem *pm, uint64_t pa, size_t len);

#endif
