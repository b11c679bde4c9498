/*
 * Virtual memory as the hart sees it: the slow paths behind the TLB fast
 * paths of the interpreters. Each returns false when the access faults,
 * leaving the exception in cpu->exc_cause / cpu->exc_tval for the
 * interpreter to raise.
 */
#ifndef VSIM_MMU_MMU_H
#define VSIM_MMU_MMU_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct cpu;

bool mmu_load_slow(struct cpu *cpu, uint64_t va, unsigned size, uint64_t *val);
bool mmu_store_slow(struct cpu *cpu, uint64_t va, unsigned size, uint64_t val);
/* Fetch the instruction at pc (16 or 32 bits, possibly straddling pages). */
bool mmu_fetch_slow(struct cpu *cpu, uint64_t pc, uint32_t *insn);

/* Translate pc for execution (permissions checked, RAM only); fills the
 * fetch TLB. Used by the direct dispatcher on page crossings. */
bool mmu_translate_fetch(struct cpu *cpu, uint64_t pc, uint64_t *pa);

/* For LR/SC/AMO: host pointer to the naturally aligned word at va in RAM,
 * checked for the access (load for LR, store for SC/AMO); NULL on fault.
 * *pa receives the physical address (for reservations and write hooks). */
uint8_t *mmu_amo_ptr(struct cpu *cpu, uint64_t va, unsigned size, bool is_lr, uint64_t *pa);
/* After a read-modify-write through mmu_amo_ptr: tell the page's watchers. */
void mmu_after_amo_store(struct cpu *cpu, uint64_t pa, unsigned size);

/* For the debugger: translate as the hart would for access acc (0 fetch,
 * 1 load, 2 store) without side effects (no A/D update, no TLB fill). */
bool mmu_translate_debug(struct cpu *cpu, uint64_t va, int acc, uint64_t *pa, uint64_t *cause);
struct mmu_walk_level {
    int level;
    uint64_t pte_addr, pte;
};
/* The PTEs a walk of va reads under the current satp (up to 4). */
size_t mmu_walk_levels(struct cpu *cpu, uint64_t va, struct mmu_walk_level *levels);

/* Drop every TLB entry (satp, privilege and MPRV changes, sfence.vma). */
void mmu_flush_tlb(struct cpu *cpu);

#endif
