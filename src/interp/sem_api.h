/*
 * What the instruction semantics (src/cpu/sem/) may use. A dispatcher
 * defines the dispatch-specific part before including the semantics:
 *
 *   D              the decoded instruction (insn_t *)
 *   PC             address of the current instruction
 *   OPCASE(id)     start of the handler for OP_id
 *   NEXT           retire, continue at PC + LEN
 *   FALLTHROUGH    the same after a control-transfer instruction that did
 *                  not transfer control (a new straight-line run starts)
 *   JUMP(t)        retire, continue at t (already checked for alignment)
 *   CHECK_TARGET(t) trap unless t is a legal jump target (IALIGN)
 *   LEAVE          retire, then return to the run loop at PC + LEN
 *   LEAVE_TO(t)    retire, then return to the run loop at t
 *   RAISE(c, t)    take exception c with tval t; the instruction does not retire
 *   SYNC_STATE()   make cpu->pc and cpu->instret exact (before CSR access)
 *   FENCE_I()      forget any decoded copies of code
 *
 * and this file supplies the rest, the same for all of them.
 */
#ifndef VSIM_INTERP_SEM_API_H
#define VSIM_INTERP_SEM_API_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "cpu/cpu.h"
#include "cpu/fpu.h"
#include "mmu/mmu.h"

#define likely(x) __builtin_expect(!!(x), 1)
#define unlikely(x) __builtin_expect(!!(x), 0)

#define CPU cpu
#define X(r) (cpu->x[r])
#define RD (D->rd)
#define RS1 (D->rs1)
#define RS2 (D->rs2)
#define IMM ((int64_t)D->imm)
#define LEN ((uint64_t)D->len)

#define RAISE_PENDING() RAISE(CPU->exc_cause, CPU->exc_tval)

/* A jump target must be IALIGN-aligned; checked before anything is written,
 * so a misaligned target traps on the jump itself. */
#define CHECK_TARGET(t)                                                         \
    do {                                                                        \
        if (unlikely((t) & CPU->ialign_mask))                                   \
            RAISE(CAUSE_MISALIGNED_FETCH, (t));                                 \
    } while (0)
#define RAISE_ILLEGAL() RAISE(CAUSE_ILLEGAL_INSN, cpu_illegal_tval(CPU, PC))

/* A field of the entry at byte offset eo in a TLB array. Indexing by byte
 * offset lets the compiler fold the array base into both accesses' address
 * (base + offset + displacement) instead of first forming the entry's
 * address in a register: one host instruction less per load and store. */
#define TLB_FIELD(arr, eo, field)                                              \
    (*(const __typeof__(((struct tlb_entry *)0)->field) *)((const char *)(arr) + (eo) + \
                                                           offsetof(struct tlb_entry, field)))

/* Load a T from virtual address addr into var: TLB hit = compare + add +
 * load; anything else (miss, MMIO, misaligned) goes to the slow path. */
#define LOAD(T, var, addr)                                                      \
    do {                                                                        \
        uint64_t va_ = (addr);                                                  \
        const uintptr_t eo_ = tlb_entry_offset(va_);                            \
        if (likely(TLB_FIELD(CPU->tlb.load, eo_, tag) == tlb_tag_for(va_, sizeof(T)))) { \
            CPU->tlb.hits++;                                                    \
            memcpy(&(var), (const void *)(uintptr_t)(va_ + TLB_FIELD(CPU->tlb.load, eo_, addend)), sizeof(T)); \
        } else {                                                                \
            uint64_t slow_;                                                     \
            if (unlikely(!mmu_load_slow(CPU, va_, sizeof(T), &slow_)))          \
                RAISE_PENDING();                                                \
            (var) = (T)slow_;                                                   \
        }                                                                       \
    } while (0)

/* Store the low sizeof(T) bytes of val. A slow-path store may reach a device
 * that stops the machine: then leave the loop once this store retires. */
#define STORE(T, addr, val)                                                     \
    do {                                                                        \
        uint64_t va_ = (addr);                                                  \
        T sv_ = (T)(val);                                                       \
        const uintptr_t eo_ = tlb_entry_offset(va_);                            \
        if (likely(TLB_FIELD(CPU->tlb.store, eo_, tag) == tlb_tag_for(va_, sizeof(T)))) { \
            CPU->tlb.hits++;                                                    \
            memcpy((void *)(uintptr_t)(va_ + TLB_FIELD(CPU->tlb.store, eo_, addend)), &sv_, sizeof(T)); \
        } else {                                                                \
            if (unlikely(!mmu_store_slow(CPU, va_, sizeof(T), sv_)))             \
                RAISE_PENDING();                                                \
            if (unlikely(CPU->exit_request))                                    \
                LEAVE;                                                          \
        }                                                                       \
    } while (0)

/* Fetch the instruction word at pc (the upper half is garbage for a
 * compressed instruction). The fast path may read 4 bytes at any offset but
 * the last halfword of a page, where an instruction may straddle pages. */
static inline bool fetch_insn(struct cpu *cpu, uint64_t pc, uint32_t *w)
{
    const uintptr_t eo = tlb_entry_offset(pc);
    if (likely(TLB_FIELD(cpu->tlb.fetch, eo, tag) == (pc & ~PAGE_MASK) && (pc & PAGE_MASK) != PAGE_MASK - 1)) {
        memcpy(w, (const void *)(uintptr_t)(pc + TLB_FIELD(cpu->tlb.fetch, eo, addend)), 4);
        return true;
    }
    return mmu_fetch_slow(cpu, pc, w);
}

#endif
