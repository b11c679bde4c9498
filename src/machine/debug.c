/*
 * The debugging API: breakpoints, watchpoints, stop-on-trap, side-effect-free
 * translation and memory access, TLB contents, symbols, devices.
 *
 * How breakpoints stay off the fast path: direct dispatch gives the
 * breakpoint's record a "break" handler when it decodes it, so no other
 * instruction pays anything; switch and indirect dispatch, which decode
 * every instruction anyway, test one byte of a small hash of breakpoint
 * addresses per instruction. Watched pages are kept out of the load/store
 * TLBs, so only accesses to those pages take the slow path and its check.
 */
#include <stdatomic.h>
#include <string.h>

#include "interp/predecode.h"
#include "machine.h"
#include "mmu/mmu.h"

bool debug_is_break(const struct cpu *cpu, uint64_t pc)
{
    if (cpu->dbg.suppress)
        return false;
    for (unsigned i = 0; i < cpu->dbg.nbreaks; i++)
        if (cpu->dbg.breaks[i] == pc)
            return true;
    return false;
}

static bool overlaps(uint64_t a, uint64_t alen, uint64_t b, uint64_t blen)
{
    return a < b + blen && b < a + alen;
}

bool debug_watch_hit(struct cpu *cpu, uint64_t va, uint64_t pa, unsigned size, unsigned kind)
{
    if (cpu->dbg.suppress)
        return false;
    for (unsigned i = 0; i < cpu->dbg.nwatches; i++) {
        const typeof(cpu->dbg.watches[0]) *w = &cpu->dbg.watches[i];
        uint64_t addr = w->physical ? pa : va;
        if ((w->kind & kind) && overlaps(addr, size, w->addr, w->len)) {
            cpu->dbg.hit_addr = va;
            cpu->dbg.hit_kind = w->kind & kind & VSIM_WATCH_WRITE ? VSIM_WATCH_WRITE : VSIM_WATCH_READ;
            return true;
        }
    }
    return false;
}

bool debug_blocks_page(const struct cpu *cpu, uint64_t vpage, uint64_t ppage, int acc)
{
    if (acc == 0)
        return false; /* breakpoints are checked per instruction (bloom) or in records */
    for (unsigned i = 0; i < cpu->dbg.nwatches; i++) {
        uint64_t page = cpu->dbg.watches[i].physical ? ppage : vpage;
        if (overlaps(page, PAGE_SIZE, cpu->dbg.watches[i].addr, cpu->dbg.watches[i].len))
            return true;
    }
    return false;
}

/* Breakpoints or watchpoints changed: no fast path may keep a stale view. */
static void debug_changed(vsim_machine *m)
{
    struct cpu *cpu = &m->cpu;
    cpu->dbg.active = cpu->dbg.nbreaks || cpu->dbg.nwatches;
    memset(cpu->dbg.bloom, 0, sizeof cpu->dbg.bloom);
    for (unsigned i = 0; i < cpu->dbg.nbreaks; i++)
        cpu->dbg.bloom[(cpu->dbg.breaks[i] >> 1) & (DEBUG_BLOOM_SIZE - 1)] = 1;
    tlb_flush(&cpu->tlb);
    if (cpu->pd) {
        pd_flush(cpu->pd);
        pd_flush_vcache(cpu->pd);
    }
}

vsim_status vsim_break_add(vsim_machine *m, uint64_t vaddr)
{
    if (!m)
        return VSIM_ERR_INVALID_ARG;
    if (vaddr & 1)
        return machine_error(m, VSIM_ERR_INVALID_ARG, "breakpoint address 0x%llx is odd", (unsigned long long)vaddr);
    struct cpu_debug *d = &m->cpu.dbg;
    for (unsigned i = 0; i < d->nbreaks; i++)
        if (d->breaks[i] == vaddr)
            return VSIM_OK;
    if (d->nbreaks == DEBUG_MAX_BREAKS)
        return machine_error(m, VSIM_ERR_NO_MEMORY, "at most %d breakpoints", DEBUG_MAX_BREAKS);
    d->breaks[d->nbreaks++] = vaddr;
    debug_changed(m);
    return VSIM_OK;
}

vsim_status vsim_break_remove(vsim_machine *m, uint64_t vaddr)
{
    if (!m)
        return VSIM_ERR_INVALID_ARG;
    struct cpu_debug *d = &m->cpu.dbg;
    for (unsigned i = 0; i < d->nbreaks; i++) {
        if (d->breaks[i] == vaddr) {
            d->breaks[i] = d->breaks[--d->nbreaks];
            debug_changed(m);
            return VSIM_OK;
        }
    }
    return machine_error(m, VSIM_ERR_INVALID_ARG, "no breakpoint at 0x%llx", (unsigned long long)vaddr);
}

size_t vsim_break_list(const vsim_machine *m, uint64_t *out, size_t max)
{
    if (!m)
        return 0;
    for (size_t i = 0; i < m->cpu.dbg.nbreaks && i < max; i++)
        out[i] = m->cpu.dbg.breaks[i];
    return m->cpu.dbg.nbreaks;
}

vsim_status vsim_watch_add(vsim_machine *m, uint64_t addr, uint64_t len, vsim_watch_kind kind, int physical)
{
    if (!m)
        return VSIM_ERR_INVALID_ARG;
    if (len == 0 || addr + len < addr || kind < VSIM_WATCH_READ || kind > VSIM_WATCH_ACCESS)
        return machine_error(m, VSIM_ERR_INVALID_ARG, "bad watchpoint: address 0x%llx, length %llu, kind %d",
                             (unsigned long long)addr, (unsigned long long)len, (int)kind);
    struct cpu_debug *d = &m->cpu.dbg;
    if (d->nwatches == DEBUG_MAX_WATCHES)
        return machine_error(m, VSIM_ERR_NO_MEMORY, "at most %d watchpoints", DEBUG_MAX_WATCHES);
    d->watches[d->nwatches].addr = addr;
    d->watches[d->nwatches].len = len;
    d->watches[d->nwatches].kind = kind;
    d->watches[d->nwatches].physical = physical != 0;
    d->nwatches++;
    debug_changed(m);
    return VSIM_OK;
}

vsim_status vsim_watch_remove(vsim_machine *m, uint64_t addr, uint64_t len, vsim_watch_kind kind, int physical)
{
    if (!m)
        return VSIM_ERR_INVALID_ARG;
    struct cpu_debug *d = &m->cpu.dbg;
    for (unsigned i = 0; i < d->nwatches; i++) {
        if (d->watches[i].addr == addr && d->watches[i].len == len && d->watches[i].kind == (unsigned)kind &&
            d->watches[i].physical == (physical != 0)) {
            d->watches[i] = d->watches[--d->nwatches];
            debug_changed(m);
            return VSIM_OK;
        }
    }
    return machine_error(m, VSIM_ERR_INVALID_ARG, "no such watchpoint at 0x%llx", (unsigned long long)addr);
}

void vsim_stop_on_trap(vsim_machine *m, uint64_t exceptions, uint64_t interrupts)
{
    if (m) {
        m->cpu.dbg.stop_exceptions = exceptions;
        m->cpu.dbg.stop_interrupts = interrupts;
    }
}

void vsim_interrupt(vsim_machine *m)
{
    if (m)
        atomic_store(&m->interrupt_requested, 1);
}

void vsim_set_trace(vsim_machine *m, vsim_trace_fn fn, void *opaque)
{
    if (m) {
        m->trace_fn = fn;
        m->trace_opaque = opaque;
    }
}

vsim_status vsim_run_until(vsim_machine *m, uint64_t vaddr, uint64_t max_insns, vsim_stop *stop)
{
    if (!m || (vaddr & 1))
        return VSIM_ERR_INVALID_ARG;
    bool had = false;
    for (unsigned i = 0; i < m->cpu.dbg.nbreaks; i++)
        had |= m->cpu.dbg.breaks[i] == vaddr;
    if (!had && vsim_break_add(m, vaddr) != VSIM_OK)
        return VSIM_ERR_NO_MEMORY;
    vsim_stop s;
    vsim_status st = vsim_run(m, max_insns, &s);
    if (!had)
        vsim_break_remove(m, vaddr);
    if (s.reason == VSIM_STOP_BREAKPOINT && s.pc == vaddr && !had)
        s.reason = VSIM_STOP_UNTIL;
    m->last_stop = s;
    if (stop)
        *stop = s;
    return st;
}

vsim_status vsim_translate(vsim_machine *m, uint64_t vaddr, vsim_access acc, uint64_t *paddr, uint64_t *cause)
{
    if (!m || !paddr || (unsigned)acc > VSIM_ACCESS_STORE)
        return VSIM_ERR_INVALID_ARG;
    uint64_t c = 0;
    if (!mmu_translate_debug(&m->cpu, vaddr, (int)acc, paddr, &c)) {
        if (cause)
            *cause = c;
        return machine_error(m, VSIM_ERR_BAD_ADDRESS, "0x%llx does not translate (cause %llu)",
                             (unsigned long long)vaddr, (unsigned long long)c);
    }
    return VSIM_OK;
}

size_t vsim_walk(vsim_machine *m, uint64_t vaddr, vsim_walk_level *out, size_t max)
{
    if (!m)
        return 0;
    struct mmu_walk_level lv[5];
    size_t n = mmu_walk_levels(&m->cpu, vaddr, lv);
    for (size_t i = 0; i < n && i < max; i++)
        out[i] = (vsim_walk_level){ lv[i].level, lv[i].pte_addr, lv[i].pte };
    return n;
}

/* Byte by byte across pages: each translated on its own. */
static vsim_status virt_access(vsim_machine *m, uint64_t vaddr, void *buf, size_t len, bool write)
{
    if (!m || (!buf && len))
        return VSIM_ERR_INVALID_ARG;
    uint8_t *p = buf;
    while (len) {
        uint64_t pa;
        size_t chunk = PAGE_SIZE - (vaddr & PAGE_MASK);
        if (chunk > len)
            chunk = len;
        if (!mmu_translate_debug(&m->cpu, vaddr, write ? VSIM_ACCESS_STORE : VSIM_ACCESS_LOAD, &pa, NULL))
            return machine_error(m, VSIM_ERR_BAD_ADDRESS, "virtual address 0x%llx is not mapped",
                                 (unsigned long long)vaddr);
        vsim_status st = write ? vsim_write_phys(m, pa, p, chunk) : vsim_read_phys(m, pa, p, chunk);
        if (st != VSIM_OK)
            return st;
        vaddr += chunk;
        p += chunk;
        len -= chunk;
    }
    return VSIM_OK;
}

vsim_status vsim_read_virt(vsim_machine *m, uint64_t vaddr, void *buf, size_t len)
{
    return virt_access(m, vaddr, buf, len, false);
}

vsim_status vsim_write_virt(vsim_machine *m, uint64_t vaddr, const void *buf, size_t len)
{
    return virt_access(m, vaddr, (void *)buf, len, true);
}

size_t vsim_tlb_entries(const vsim_machine *m, vsim_tlb_entry *out, size_t max)
{
    if (!m)
        return 0;
    const struct tlb_entry *arrays[3] = { m->cpu.tlb.fetch, m->cpu.tlb.load, m->cpu.tlb.store };
    static const char kinds[3] = { 'x', 'r', 'w' };
    size_t n = 0;
    for (int k = 0; k < 3; k++) {
        for (unsigned i = 0; i < TLB_SIZE; i++) {
            const struct tlb_entry *e = &arrays[k][i];
            if (e->tag == TLB_INVALID_TAG)
                continue;
            const uint8_t *host = (const uint8_t *)(uintptr_t)(e->tag + e->addend);
            /* the host page is in RAM or in the boot ROM */
            uint64_t pa = (m->mem.rom && host >= m->mem.rom && host < m->mem.rom + m->mem.rom_size)
                              ? m->mem.rom_base + (uint64_t)(host - m->mem.rom)
                              : m->mem.ram_base + (uint64_t)(host - m->mem.ram);
            if (n < max)
                out[n] = (vsim_tlb_entry){ e->tag, pa, kinds[k] };
            n++;
        }
    }
    return n;
}

vsim_status vsim_get_freg(const vsim_machine *m, unsigned reg, uint64_t *value)
{
    if (!m || !value || reg >= 32)
        return VSIM_ERR_INVALID_ARG;
    *value = m->cpu.f[reg];
    return VSIM_OK;
}

vsim_status vsim_set_freg(vsim_machine *m, unsigned reg, uint64_t value)
{
    if (!m || reg >= 32)
        return VSIM_ERR_INVALID_ARG;
    m->cpu.f[reg] = value;
    return VSIM_OK;
}

unsigned vsim_get_priv(const vsim_machine *m) { return m ? m->cpu.priv : 0; }

const char *vsim_csr_name(unsigned csr) { return csr_name(csr); }

const char *vsim_symbol_at_index(const vsim_machine *m, size_t index, uint64_t *value)
{
    if (!m || index >= m->symbol_count)
        return NULL;
    if (value)
        *value = m->symbols[index].value;
    return m->symbols[index].name;
}

const char *vsim_symbol_for_addr(const vsim_machine *m, uint64_t addr, uint64_t *offset)
{
    if (!m)
        return NULL;
    /* The nearest symbol at or below addr; among several at one address,
     * one whose size covers addr, then the one with a size. */
    const struct elf_symbol *best = NULL;
    for (size_t i = 0; i < m->symbol_count; i++) {
        const struct elf_symbol *s = &m->symbols[i];
        if (s->value > addr || (best && s->value < best->value))
            continue;
        if (best && s->value == best->value) {
            bool s_covers = addr - s->value < s->size, b_covers = addr - best->value < best->size;
            if (b_covers >= s_covers && (b_covers != s_covers || best->size >= s->size))
                continue;
        }
        best = s;
    }
    if (!best)
        return NULL;
    if (offset)
        *offset = addr - best->value;
    return best->name;
}

const char *vsim_device(const vsim_machine *m, size_t index, uint64_t *base, uint64_t *size)
{
    if (!m || index >= m->bus.count)
        return NULL;
    if (base)
        *base = m->bus.dev[index].base;
    if (size)
        *size = m->bus.dev[index].size;
    return m->bus.dev[index].name;
}
