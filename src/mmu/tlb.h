/*
 * The software TLB, as TinyEMU keeps it: three direct-mapped arrays (fetch,
 * load, store) whose entries cache the host address of a guest RAM page, so
 * that a hit is one compare and one add. Device pages are never entered:
 * MMIO always takes the slow path.
 */
#ifndef VSIM_MMU_TLB_H
#define VSIM_MMU_TLB_H

#include <stdint.h>

#define PAGE_SHIFT 12
#define PAGE_SIZE (1u << PAGE_SHIFT)
#define PAGE_MASK ((uint64_t)PAGE_SIZE - 1)

#define TLB_BITS 8
#define TLB_SIZE (1u << TLB_BITS)

/* A tag no address can match (see tlb_tag_for: aligned lookups keep bits
 * 11..3 of the tag zero). */
#define TLB_INVALID_TAG (~(uint64_t)0)

struct tlb_entry {
    uint64_t tag;      /* virtual page address */
    uintptr_t addend;  /* host address = guest virtual address + addend */
};

#define TLB_ENTRY_SHIFT 4
_Static_assert(sizeof(struct tlb_entry) == 1u << TLB_ENTRY_SHIFT, "TLB_ENTRY_SHIFT is log2 of the entry size");

struct tlb {
    struct tlb_entry fetch[TLB_SIZE];
    struct tlb_entry load[TLB_SIZE];
    struct tlb_entry store[TLB_SIZE];
    uint64_t hits;   /* loads and stores served by the TLB */
    uint64_t misses; /* slow-path accesses (fills, MMIO, misaligned) */
};

static inline unsigned tlb_index(uint64_t va) { return (unsigned)(va >> PAGE_SHIFT) & (TLB_SIZE - 1); }

/* tlb_index(va) * sizeof(struct tlb_entry), computed in one shift and mask. */
static inline uintptr_t tlb_entry_offset(uint64_t va)
{
    return (uintptr_t)(va >> (PAGE_SHIFT - TLB_ENTRY_SHIFT)) & ((uintptr_t)(TLB_SIZE - 1) << TLB_ENTRY_SHIFT);
}

/* The value to compare with an entry's tag for a `size`-byte access at va:
 * the page address plus the low bits that must be zero for alignment, so a
 * misaligned access misses and takes the slow path. */
static inline uint64_t tlb_tag_for(uint64_t va, unsigned size)
{
    return va & ~(PAGE_MASK & ~(uint64_t)(size - 1));
}

void tlb_flush(struct tlb *t);

#endif
