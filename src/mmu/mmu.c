#include "mmu.h"

#include <string.h>

#include "cpu/cpu.h"
#include "interp/predecode.h"
#include "physmem.h"

enum access { ACC_FETCH, ACC_LOAD, ACC_STORE };

static const uint64_t access_fault[] = {
    [ACC_FETCH] = CAUSE_FETCH_ACCESS, [ACC_LOAD] = CAUSE_LOAD_ACCESS, [ACC_STORE] = CAUSE_STORE_ACCESS,
};

void tlb_flush(struct tlb *t)
{
    for (unsigned i = 0; i < TLB_SIZE; i++)
        t->fetch[i].tag = t->load[i].tag = t->store[i].tag = TLB_INVALID_TAG;
}

void mmu_flush_tlb(struct cpu *cpu)
{
    tlb_flush(&cpu->tlb);
    if (cpu->pd) {
        pd_flush_vcache(cpu->pd); /* it caches translations too */
        /* Breakpoint records were placed by virtual address. */
        if (cpu->dbg.nbreaks)
            pd_flush(cpu->pd);
    }
}

static bool fault(struct cpu *cpu, uint64_t cause, uint64_t tval)
{
    cpu->exc_cause = cause;
    cpu->exc_tval = tval;
    return false;
}

static const uint64_t page_fault[] = {
    [ACC_FETCH] = CAUSE_FETCH_PAGE_FAULT, [ACC_LOAD] = CAUSE_LOAD_PAGE_FAULT, [ACC_STORE] = CAUSE_STORE_PAGE_FAULT,
};
static const unsigned pmp_perm[] = { [ACC_FETCH] = PMP_X, [ACC_LOAD] = PMP_R, [ACC_STORE] = PMP_W };

enum { PTE_V = 1, PTE_R = 2, PTE_W = 4, PTE_X = 8, PTE_U = 16, PTE_G = 32, PTE_A = 64, PTE_D = 128 };
#define PTE_PPN(pte) (((pte) >> 10) & ((1ull << 44) - 1))
#define SATP_PPN(satp) ((satp) & ((1ull << 44) - 1))
enum { SATP_BARE = 0, SATP_SV39 = 8, SATP_SV48 = 9 };

/* The privilege loads and stores act with: MPP when M-mode sets MPRV. */
static unsigned effective_priv(const struct cpu *cpu, enum access acc)
{
    if (acc != ACC_FETCH && (cpu->mstatus & MSTATUS_MPRV))
        return (unsigned)((cpu->mstatus & MSTATUS_MPP) >> MSTATUS_MPP_SHIFT);
    return cpu->priv;
}

/* The Sv39/Sv48 walk of Privileged ISA §4.3.2, with A/D set by the hart.
 * Page-table reads are implicit S-mode accesses for PMP. */
static bool walk(struct cpu *cpu, uint64_t va, enum access acc, unsigned priv, uint64_t *pa, bool update,
                 struct mmu_walk_level *trace, size_t *ntrace)
{
    const unsigned levels = (cpu->satp >> 60) == SATP_SV48 ? 4 : 3;
    const unsigned vabits = PAGE_SHIFT + 9 * levels;
    /* Bits above the virtual address must copy its top bit. */
    if ((uint64_t)((int64_t)(va << (64 - vabits)) >> (64 - vabits)) != va)
        return fault(cpu, page_fault[acc], va);
    uint64_t table = SATP_PPN(cpu->satp) << PAGE_SHIFT;
    for (int i = (int)levels - 1; i >= 0; i--) {
        uint64_t pte_addr = table + ((va >> (PAGE_SHIFT + 9 * i)) & 511) * 8;
        uint8_t *host = phys_ram_ptr(cpu->mem, pte_addr, 8);
        if (!host || !pmp_allows(&cpu->pmp, pte_addr, 8, PMP_R, PRIV_S))
            return fault(cpu, access_fault[acc], va);
        uint64_t pte;
        memcpy(&pte, host, 8);
        if (trace) {
            trace[*ntrace] = (struct mmu_walk_level){ i, pte_addr, pte };
            ++*ntrace;
        }
        /* Invalid, W without R, or reserved/Svnapot/Svpbmt bits we lack. */
        if (!(pte & PTE_V) || (!(pte & PTE_R) && (pte & PTE_W)) || (pte >> 54))
            return fault(cpu, page_fault[acc], va);
        if (!(pte & (PTE_R | PTE_X))) {
            /* A pointer to the next level: A, D and U are reserved there. */
            if (i == 0 || (pte & (PTE_A | PTE_D | PTE_U)))
                return fault(cpu, page_fault[acc], va);
            table = PTE_PPN(pte) << PAGE_SHIFT;
            continue;
        }
        /* A leaf: privilege, then the permission the access needs. */
        if (priv == PRIV_U ? !(pte & PTE_U)
                           : (pte & PTE_U) && (acc == ACC_FETCH || !(cpu->mstatus & MSTATUS_SUM)))
            return fault(cpu, page_fault[acc], va);
        bool ok = acc == ACC_FETCH ? (pte & PTE_X)
                  : acc == ACC_LOAD ? (pte & PTE_R) || ((pte & PTE_X) && (cpu->mstatus & MSTATUS_MXR))
                                    : (pte & PTE_W);
        if (!ok)
            return fault(cpu, page_fault[acc], va);
        /* A superpage's PPN must be aligned to its size. */
        if (i > 0 && (PTE_PPN(pte) & ((1ull << (9 * i)) - 1)))
            return fault(cpu, page_fault[acc], va);
        uint64_t want = PTE_A | (acc == ACC_STORE ? PTE_D : 0);
        if ((pte & want) != want && update) {
            if (!pmp_allows(&cpu->pmp, pte_addr, 8, PMP_W, PRIV_S))
                return fault(cpu, access_fault[acc], va);
            pte |= want;
            memcpy(host, &pte, 8);
            phys_notify_write(cpu->mem, pte_addr, 8);
        }
        uint64_t offset = (1ull << (PAGE_SHIFT + 9 * i)) - 1;
        *pa = ((PTE_PPN(pte) << PAGE_SHIFT) & ~offset) | (va & offset);
        return true;
    }
    return fault(cpu, page_fault[acc], va); /* not reached */
}

/* Virtual to physical for a `size`-byte access: translation (unless M-mode
 * or satp is Bare), then PMP. */
static bool translate(struct cpu *cpu, uint64_t va, unsigned size, enum access acc, uint64_t *pa)
{
    unsigned priv = effective_priv(cpu, acc);
    if (priv == PRIV_M || (cpu->satp >> 60) == SATP_BARE)
        *pa = va;
    else if (!walk(cpu, va, acc, priv, pa, true, NULL, NULL))
        return false;
    if (!pmp_allows(&cpu->pmp, *pa, size, pmp_perm[acc], priv))
        return fault(cpu, access_fault[acc], va);
    return true;
}

/* Enter va's page in a TLB if its physical page is RAM that PMP treats
 * alike throughout (and, for stores, carries no page flag: flagged pages
 * must keep taking the slow path). */
static void tlb_fill(struct cpu *cpu, struct tlb_entry *tlb, uint64_t va, uint64_t pa, enum access acc)
{
    uint64_t vpage = va & ~PAGE_MASK, ppage = pa & ~PAGE_MASK;
    /* Stores only to RAM; loads and fetches from ROM too. */
    const uint8_t *host = acc == ACC_STORE ? phys_ram_ptr(cpu->mem, ppage, PAGE_SIZE)
                                           : phys_mem_ptr(cpu->mem, ppage, PAGE_SIZE);
    if (!host || (acc == ACC_STORE && *phys_page_flags(cpu->mem, ppage)) ||
        !pmp_allows(&cpu->pmp, ppage, PAGE_SIZE, pmp_perm[acc], effective_priv(cpu, acc)) ||
        (cpu->dbg.active && debug_blocks_page(cpu, vpage, ppage, acc)))
        return;
    struct tlb_entry *e = &tlb[tlb_index(va)];
    e->tag = vpage;
    e->addend = (uintptr_t)host - (uintptr_t)vpage;
}

/* Misaligned access: translate every byte first so that a fault leaves
 * memory untouched, then move the bytes one by one. RAM only. */
static bool misaligned(struct cpu *cpu, uint64_t va, unsigned size, enum access acc, uint64_t *val)
{
    uint8_t *host[8];
    uint64_t pa[8];
    for (unsigned i = 0; i < size; i++) {
        if (!translate(cpu, va + i, 1, acc, &pa[i]))
            return false;
        host[i] = phys_ram_ptr(cpu->mem, pa[i], 1);
        if (!host[i])
            return fault(cpu, access_fault[acc], va);
        if (cpu->dbg.active && debug_watch_hit(cpu, va + i, pa[i], 1, acc == ACC_STORE ? 2 : 1))
            return fault(cpu, CAUSE_DEBUG_WATCH, va);
    }
    if (acc == ACC_STORE) {
        for (unsigned i = 0; i < size; i++)
            *host[i] = (uint8_t)(*val >> (8 * i));
        for (unsigned i = 0; i < size; i++)
            phys_notify_write(cpu->mem, pa[i], 1);
    } else {
        uint64_t v = 0;
        for (unsigned i = 0; i < size; i++)
            v |= (uint64_t)*host[i] << (8 * i);
        *val = v;
    }
    return true;
}

bool mmu_load_slow(struct cpu *cpu, uint64_t va, unsigned size, uint64_t *val)
{
    cpu->tlb.misses++;
    if (va & (size - 1))
        return misaligned(cpu, va, size, ACC_LOAD, val);
    uint64_t pa;
    if (!translate(cpu, va, size, ACC_LOAD, &pa))
        return false;
    if (cpu->dbg.active && debug_watch_hit(cpu, va, pa, size, 1))
        return fault(cpu, CAUSE_DEBUG_WATCH, va);
    if (!phys_read(cpu->mem, pa, size, val))
        return fault(cpu, CAUSE_LOAD_ACCESS, va);
    tlb_fill(cpu, cpu->tlb.load, va, pa, ACC_LOAD);
    return true;
}

bool mmu_store_slow(struct cpu *cpu, uint64_t va, unsigned size, uint64_t val)
{
    cpu->tlb.misses++;
    if (va & (size - 1))
        return misaligned(cpu, va, size, ACC_STORE, &val);
    uint64_t pa;
    if (!translate(cpu, va, size, ACC_STORE, &pa))
        return false;
    if (cpu->dbg.active && debug_watch_hit(cpu, va, pa, size, 2))
        return fault(cpu, CAUSE_DEBUG_WATCH, va);
    if (!phys_write(cpu->mem, pa, size, val))
        return fault(cpu, CAUSE_STORE_ACCESS, va);
    tlb_fill(cpu, cpu->tlb.store, va, pa, ACC_STORE);
    return true;
}

static bool fetch_half(struct cpu *cpu, uint64_t va, uint16_t *half)
{
    uint64_t pa;
    if (!translate(cpu, va, 2, ACC_FETCH, &pa))
        return false;
    const uint8_t *host = phys_mem_ptr(cpu->mem, pa, 2);
    if (!host)
        return fault(cpu, CAUSE_FETCH_ACCESS, va);
    memcpy(half, host, 2);
    tlb_fill(cpu, cpu->tlb.fetch, va, pa, ACC_FETCH);
    return true;
}

bool mmu_translate_fetch(struct cpu *cpu, uint64_t pc, uint64_t *pa)
{
    if (!translate(cpu, pc, 2, ACC_FETCH, pa))
        return false;
    if (!phys_mem_ptr(cpu->mem, *pa, 2))
        return fault(cpu, CAUSE_FETCH_ACCESS, pc);
    tlb_fill(cpu, cpu->tlb.fetch, pc, *pa, ACC_FETCH);
    return true;
}

bool mmu_fetch_slow(struct cpu *cpu, uint64_t pc, uint32_t *insn)
{
    uint16_t lo, hi;
    cpu->tlb.misses++;
    if (!fetch_half(cpu, pc, &lo))
        return false;
    if ((lo & 3) != 3) {
        *insn = lo;
        return true;
    }
    /* The upper half may lie on the next page; a fault there reports its
     * own address in tval while epc stays at the instruction's start. */
    if (!fetch_half(cpu, pc + 2, &hi))
        return false;
    *insn = (uint32_t)lo | (uint32_t)hi << 16;
    return true;
}

uint8_t *mmu_amo_ptr(struct cpu *cpu, uint64_t va, unsigned size, bool is_lr, uint64_t *pa)
{
    if (va & (size - 1)) {
        fault(cpu, is_lr ? CAUSE_MISALIGNED_LOAD : CAUSE_MISALIGNED_STORE, va);
        return NULL;
    }
    enum access acc = is_lr ? ACC_LOAD : ACC_STORE;
    if (!translate(cpu, va, size, acc, pa))
        return NULL;
    uint8_t *host = phys_ram_ptr(cpu->mem, *pa, size);
    if (!host) {
        fault(cpu, access_fault[acc], va);
        return NULL;
    }
    if (cpu->dbg.active && debug_watch_hit(cpu, va, *pa, size, is_lr ? 1 : 3)) {
        fault(cpu, CAUSE_DEBUG_WATCH, va);
        return NULL;
    }
    return host;
}

void mmu_after_amo_store(struct cpu *cpu, uint64_t pa, unsigned size)
{
    phys_notify_write(cpu->mem, pa, size);
}

bool mmu_translate_debug(struct cpu *cpu, uint64_t va, int acc, uint64_t *pa, uint64_t *cause)
{
    unsigned priv = effective_priv(cpu, (enum access)acc);
    bool ok = true;
    if (priv == PRIV_M || (cpu->satp >> 60) == SATP_BARE)
        *pa = va;
    else
        ok = walk(cpu, va, (enum access)acc, priv, pa, false, NULL, NULL);
    if (ok && !pmp_allows(&cpu->pmp, *pa, 1, pmp_perm[acc], priv))
        ok = fault(cpu, access_fault[acc], va);
    if (!ok && cause)
        *cause = cpu->exc_cause;
    return ok;
}

size_t mmu_walk_levels(struct cpu *cpu, uint64_t va, struct mmu_walk_level *levels)
{
    size_t n = 0;
    uint64_t pa;
    if ((cpu->satp >> 60) != SATP_BARE)
        walk(cpu, va, ACC_LOAD, PRIV_S, &pa, false, levels, &n);
    return n;
}
