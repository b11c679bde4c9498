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
    if (cpu->pd)
        pd_flush_vcache(cpu->pd); /* it caches translations too */
}

static bool fault(struct cpu *cpu, uint64_t cause, uint64_t tval)
{
    cpu->exc_cause = cause;
    cpu->exc_tval = tval;
    return false;
}

/* Virtual to physical. The hart runs in M-mode without translation, so this
 * is the identity; page-table walks (Sv39/Sv48) and PMP checks belong here. */
static bool translate(struct cpu *cpu, uint64_t va, enum access acc, uint64_t *pa)
{
    (void)cpu;
    (void)acc;
    *pa = va;
    return true;
}

/* Enter va's page in a TLB if its physical page is RAM (and, for stores,
 * carries no page flag: flagged pages must keep taking the slow path). */
static void tlb_fill(struct cpu *cpu, struct tlb_entry *tlb, uint64_t va, uint64_t pa, bool store)
{
    uint64_t vpage = va & ~PAGE_MASK, ppage = pa & ~PAGE_MASK;
    uint8_t *host = phys_ram_ptr(cpu->mem, ppage, PAGE_SIZE);
    if (!host || (store && *phys_page_flags(cpu->mem, ppage)))
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
        if (!translate(cpu, va + i, acc, &pa[i]))
            return false;
        host[i] = phys_ram_ptr(cpu->mem, pa[i], 1);
        if (!host[i])
            return fault(cpu, access_fault[acc], va);
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
    if (!translate(cpu, va, ACC_LOAD, &pa))
        return false;
    if (!phys_read(cpu->mem, pa, size, val))
        return fault(cpu, CAUSE_LOAD_ACCESS, va);
    tlb_fill(cpu, cpu->tlb.load, va, pa, false);
    return true;
}

bool mmu_store_slow(struct cpu *cpu, uint64_t va, unsigned size, uint64_t val)
{
    cpu->tlb.misses++;
    if (va & (size - 1))
        return misaligned(cpu, va, size, ACC_STORE, &val);
    uint64_t pa;
    if (!translate(cpu, va, ACC_STORE, &pa))
        return false;
    if (!phys_write(cpu->mem, pa, size, val))
        return fault(cpu, CAUSE_STORE_ACCESS, va);
    tlb_fill(cpu, cpu->tlb.store, va, pa, true);
    return true;
}

static bool fetch_half(struct cpu *cpu, uint64_t va, uint16_t *half)
{
    uint64_t pa;
    if (!translate(cpu, va, ACC_FETCH, &pa))
        return false;
    const uint8_t *host = phys_ram_ptr(cpu->mem, pa, 2);
    if (!host)
        return fault(cpu, CAUSE_FETCH_ACCESS, va);
    memcpy(half, host, 2);
    tlb_fill(cpu, cpu->tlb.fetch, va, pa, false);
    return true;
}

bool mmu_translate_fetch(struct cpu *cpu, uint64_t pc, uint64_t *pa)
{
    if (!translate(cpu, pc, ACC_FETCH, pa))
        return false;
    if (!phys_ram_ptr(cpu->mem, *pa, 2))
        return fault(cpu, CAUSE_FETCH_ACCESS, pc);
    tlb_fill(cpu, cpu->tlb.fetch, pc, *pa, false);
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
    if (!translate(cpu, va, acc, pa))
        return NULL;
    uint8_t *host = phys_ram_ptr(cpu->mem, *pa, size);
    if (!host)
        fault(cpu, access_fault[acc], va);
    return host;
}

void mmu_after_amo_store(struct cpu *cpu, uint64_t pa, unsigned size)
{
    phys_notify_write(cpu->mem, pa, size);
}
