/*
 * The predecoded-code cache of the direct threaded dispatcher.
 *
 * Guest code is decoded once into records (insn_t) whose first word is the
 * address of the handler that executes it. Records are kept per guest
 * *physical* page, one per halfword slot (so any 2-byte aligned pc has its
 * own record and pc = page base + 2 * slot), plus a sentinel after the last
 * slot whose handler moves on to the next page. Slots start out pointing at
 * a "decode me" handler and are filled lazily the first time they run.
 *
 * Coherence: a physical page with records carries PF_CODE, which keeps it
 * out of the store TLB; every store to it therefore reaches phys_write,
 * whose hook invalidates the page before the next instruction runs.
 */
#ifndef VSIM_INTERP_PREDECODE_H
#define VSIM_INTERP_PREDECODE_H

#include <stdbool.h>
#include <stdint.h>

#include "cpu/insn.h"
#include "mmu/tlb.h"

struct cpu;
struct physmem;

#define PD_SLOTS (PAGE_SIZE / 2)

struct pd_page {
    insn_t rec[PD_SLOTS + 1]; /* first member: a record pointer finds its page */
    uint64_t ppage;           /* physical page address */
    const uint8_t *host;      /* the page's bytes in guest RAM */
    struct pd_page *hnext;    /* hash chain */
    struct pd_page *lnext;    /* free or dead list */
    unsigned slot;            /* index in resident[] */
    /* Bytes [code_lo, code_hi) of the page hold decoded instructions: a
     * store outside them (data sharing a page with code) leaves the records
     * alone. */
    uint16_t code_lo, code_hi;
    /* For each decoded slot: the number of instructions from it to the end
     * of its straight-line run (up to and including the next instruction
     * that may transfer control or leave the loop, or to the page's end).
     * The dispatcher counts instructions per run, not per instruction. */
    uint16_t run_len[PD_SLOTS + 1];
};

#define PD_VCACHE_SIZE 256

struct predecode {
    /* Handler addresses of the direct dispatcher, set when it starts:
     * [0] for 2-byte, [1] for 4-byte instructions; local_labels for
     * pc-relative jumps and branches whose target is on the same page;
     * resolved_labels for those once their successors' run lengths are in
     * the record (pd_resolve_branch); zero_rs1_labels for some ALU
     * instructions whose rs1 is x0. */
    const void *const (*labels)[OP_COUNT_];
    const void *const (*local_labels)[OP_COUNT_];
    const void *const (*resolved_labels)[2][OP_COUNT_]; /* [rs2 is x0][wide] */
    const void *const (*zero_rs1_labels)[OP_COUNT_]; /* for some ALU ops with rs1 = x0 */
    const void *h_decode, *h_page_end, *h_break, *h_resolve;

    struct physmem *mem;
    struct pd_page **hash;
    unsigned hash_mask;
    struct pd_page **resident; /* eviction order: oldest at `victim` */
    unsigned capacity, count, victim;
    struct pd_page *free_list;
    struct pd_page *dead_list; /* invalidated, maybe still executing: freed at next entry */
    struct pd_page *uncached;  /* for pages PMP does not treat alike throughout (pd_lookup) */

    /* Virtual page -> page of records, so that a jump to another page
     * usually costs one compare; flushed with the TLB. */
    struct {
        uint64_t vpage;
        struct pd_page *page;
    } vcache[PD_VCACHE_SIZE];

    uint64_t pages_decoded, invalidations, evictions, allocated;
};

struct predecode *pd_create(struct physmem *mem, unsigned capacity);
void pd_destroy(struct predecode *pd);

/* The page of records for the code at virtual address pc, created if need
 * be; NULL if the fetch faults (exception left in cpu->exc_*). For a page
 * that PMP lets the current privilege execute only in part, a page of
 * records that pd_decode_run refuses to decode (so the indirect dispatcher
 * runs its code), in no cache. */
struct pd_page *pd_lookup(struct cpu *cpu, uint64_t pc);

/* Decode the straight-line run of code starting at `slot` (until an
 * instruction that may transfer control, the page's end, or code already
 * decoded) and set the run lengths. Returns the number of instructions
 * decoded: 0 if the slot holds an instruction straddling into the next page,
 * which no record can cache. */
unsigned pd_decode_run(struct cpu *cpu, struct pd_page *page, unsigned slot, uint64_t vbase);

/* The same-page jal or branch at `slot`, run for the first time (its
 * handler is h_resolve): decode the runs at its target and, for a branch,
 * after it, and give it the handler that enters them with their run lengths
 * from its own record; or, if one of them cannot be decoded or its length
 * does not fit, the handler that looks the lengths up. */
void pd_resolve_branch(struct cpu *cpu, struct pd_page *page, unsigned slot, uint64_t vbase);

/* Free pages invalidated while the dispatcher was running. */
void pd_recycle(struct predecode *pd);

/* A store hit [pa, pa+len) of a page with records: drop them if it
 * touched decoded code. Returns true if it did. */
bool pd_invalidate(struct predecode *pd, uint64_t pa, unsigned len);
/* Drop every page (code changed meaning: misa.C, reset, reload). */
void pd_flush(struct predecode *pd);
/* Forget virtual->page mappings (the address space changed). */
void pd_flush_vcache(struct predecode *pd);

#endif
