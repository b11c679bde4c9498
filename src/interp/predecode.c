#include "predecode.h"

#include <stdlib.h>
#include <string.h>

#include "cpu/cpu.h"
#include "mmu/mmu.h"
#include "mmu/physmem.h"

struct predecode *pd_create(struct physmem *mem, unsigned capacity)
{
    struct predecode *pd = calloc(1, sizeof *pd);
    if (!pd)
        return NULL;
    unsigned buckets = 64;
    while (buckets < 2 * capacity)
        buckets *= 2;
    pd->hash = calloc(buckets, sizeof *pd->hash);
    pd->resident = calloc(capacity, sizeof *pd->resident);
    pd->uncached = calloc(1, sizeof *pd->uncached);
    if (!pd->hash || !pd->resident || !pd->uncached) {
        pd_destroy(pd);
        return NULL;
    }
    pd->hash_mask = buckets - 1;
    pd->capacity = capacity;
    pd->mem = mem;
    pd_flush_vcache(pd);
    return pd;
}

static void free_list(struct pd_page *p)
{
    while (p) {
        struct pd_page *n = p->lnext;
        free(p);
        p = n;
    }
}

void pd_destroy(struct predecode *pd)
{
    if (!pd)
        return;
    for (unsigned i = 0; i < pd->count; i++)
        free(pd->resident[i]);
    free_list(pd->free_list);
    free_list(pd->dead_list);
    free(pd->hash);
    free(pd->resident);
    free(pd->uncached);
    free(pd);
}

void pd_flush_vcache(struct predecode *pd)
{
    for (unsigned i = 0; i < PD_VCACHE_SIZE; i++)
        pd->vcache[i].vpage = TLB_INVALID_TAG;
}

static unsigned hash_of(const struct predecode *pd, uint64_t ppage)
{
    return (unsigned)((ppage >> PAGE_SHIFT) * 0x9e3779b97f4a7c15ull >> 40) & pd->hash_mask;
}

/* Take a page out of the cache. It goes on the dead list, not the free
 * list: the dispatcher may be running its records right now. */
static void retire(struct predecode *pd, struct pd_page *p)
{
    struct pd_page **pp = &pd->hash[hash_of(pd, p->ppage)];
    while (*pp != p)
        pp = &(*pp)->hnext;
    *pp = p->hnext;
    struct pd_page *last = pd->resident[--pd->count];
    pd->resident[p->slot] = last;
    last->slot = p->slot;
    if (pd->victim >= pd->count)
        pd->victim = 0;
    if (phys_ram_ptr(pd->mem, p->ppage, 1))
        *phys_page_flags(pd->mem, p->ppage) &= (uint8_t)~PF_CODE;
    p->lnext = pd->dead_list;
    pd->dead_list = p;
    pd_flush_vcache(pd);
}

void pd_recycle(struct predecode *pd)
{
    while (pd->dead_list) {
        struct pd_page *p = pd->dead_list;
        pd->dead_list = p->lnext;
        p->lnext = pd->free_list;
        pd->free_list = p;
    }
}

static struct pd_page *find(const struct predecode *pd, uint64_t ppage)
{
    for (struct pd_page *p = pd->hash[hash_of(pd, ppage)]; p; p = p->hnext)
        if (p->ppage == ppage)
            return p;
    return NULL;
}

bool pd_invalidate(struct predecode *pd, uint64_t pa, unsigned len)
{
    struct pd_page *p = find(pd, pa & ~PAGE_MASK);
    uint64_t off = pa & PAGE_MASK;
    if (!p || off >= p->code_hi || off + len <= p->code_lo)
        return false;
    retire(pd, p);
    pd->invalidations++;
    return true;
}

void pd_flush(struct predecode *pd)
{
    while (pd->count)
        retire(pd, pd->resident[pd->count - 1]);
}

/* Stores must not reach a code page through a TLB entry made before it
 * became one: drop the store entries that map it. */
static void drop_store_entries(struct cpu *cpu, const uint8_t *host)
{
    for (unsigned i = 0; i < TLB_SIZE; i++) {
        struct tlb_entry *e = &cpu->tlb.store[i];
        if (e->tag != TLB_INVALID_TAG && (uintptr_t)(e->tag + e->addend) == (uintptr_t)host)
            e->tag = TLB_INVALID_TAG;
    }
}

static struct pd_page *create(struct cpu *cpu, struct predecode *pd, uint64_t ppage, const uint8_t *host)
{
    struct pd_page *p;
    if (pd->count == pd->capacity) {
        retire(pd, pd->resident[pd->victim]);
        pd->evictions++;
        pd->victim = pd->count ? (pd->victim + 1) % pd->count : 0;
    }
    if (pd->free_list) {
        p = pd->free_list;
        pd->free_list = p->lnext;
    } else {
        p = malloc(sizeof *p);
        if (!p)
            return NULL;
        pd->allocated++;
    }
    for (unsigned i = 0; i < PD_SLOTS; i++)
        p->rec[i] = (insn_t){ .handler = pd->h_decode };
    p->rec[PD_SLOTS] = (insn_t){ .handler = pd->h_page_end };
    memset(p->run_len, 0, sizeof p->run_len);
    p->ppage = ppage;
    p->host = host;
    p->code_lo = PAGE_SIZE;
    p->code_hi = 0;
    p->slot = pd->count;
    pd->resident[pd->count++] = p;
    unsigned h = hash_of(pd, ppage);
    p->hnext = pd->hash[h];
    pd->hash[h] = p;
    if (phys_ram_ptr(pd->mem, ppage, 1)) /* ROM never changes: no coherence needed */
        *phys_page_flags(pd->mem, ppage) |= PF_CODE;
    drop_store_entries(cpu, host);
    pd->pages_decoded++;
    return p;
}

/* Decode the instruction at `slot`; false if it straddles into the next
 * page. */
static bool decode_slot(const struct cpu *cpu, const struct pd_page *page, unsigned slot, insn_t *rec)
{
    uint64_t off = (uint64_t)slot << 1;
    uint16_t lo, hi;
    memcpy(&lo, page->host + off, 2);
    uint32_t word = lo;
    if ((lo & 3) == 3) {
        if (slot == PD_SLOTS - 1)
            return false;
        memcpy(&hi, page->host + off + 2, 2);
        word |= (uint32_t)hi << 16;
    }
    decode_insn(cpu, word, rec);
    return true;
}

unsigned pd_decode_run(struct cpu *cpu, struct pd_page *page, unsigned slot, uint64_t vbase)
{
    const struct predecode *pd = cpu->pd;
    if (page == pd->uncached)
        return 0; /* see pd_lookup: the indirect dispatcher runs it */
    uint16_t chain[PD_SLOTS];
    unsigned n = 0, s = slot;
    bool ends = false;
    while (s < PD_SLOTS && page->rec[s].handler == pd->h_decode) {
        uint64_t off = (uint64_t)s << 1;
        insn_t rec;
        if (!decode_slot(cpu, page, s, &rec))
            break;
        const unsigned op = (unsigned)rec.op; /* rec.op and rec.handler share a word */
        const int wide = rec.len == 4;
        rec.handler = pd->labels[wide][op];
        if (rec.rs1 == 0 && pd->zero_rs1_labels[wide][op])
            rec.handler = pd->zero_rs1_labels[wide][op];
        int64_t target = (int64_t)off + rec.imm;
        if (pd->local_labels[wide][op] && target >= 0 && target < PAGE_SIZE && !(target & cpu->ialign_mask))
            rec.handler = pd->h_resolve; /* a same-page variant, chosen when first run */
        if (cpu->dbg.nbreaks && debug_is_break(cpu, vbase + off))
            rec.handler = pd->h_break; /* a breakpoint (the op stays in the run) */
        page->rec[s] = rec;
        if (off < page->code_lo)
            page->code_lo = (uint16_t)off;
        if (off + rec.len > page->code_hi)
            page->code_hi = (uint16_t)(off + rec.len);
        chain[n++] = (uint16_t)s;
        if ((insn_info[op].flags & (F_CTRL | F_SYS)) || op == OP_illegal) {
            ends = true;
            break;
        }
        s += rec.len >> 1;
    }
    /* A run that reached code decoded before continues as that code's run. */
    unsigned len = (!ends && s < PD_SLOTS && page->rec[s].handler != pd->h_decode) ? page->run_len[s] : 0;
    for (unsigned i = n; i-- > 0;) {
        page->run_len[chain[i]] = (uint16_t)++len;
        page->rec[chain[i]].run = len <= UINT8_MAX ? (uint8_t)len : 0; /* the common case, in the record */
    }
    return n;
}

/* The run length at `slot`, decoding the run there if need be; 0 if it
 * cannot be decoded (an instruction straddling into the next page). */
static unsigned run_at(struct cpu *cpu, struct pd_page *page, unsigned slot, uint64_t vbase)
{
    if (slot >= PD_SLOTS)
        return 0; /* the page-end sentinel: the next page's run is not known here */
    if (page->rec[slot].handler == cpu->pd->h_decode && pd_decode_run(cpu, page, slot, vbase) == 0)
        return 0;
    return page->run_len[slot];
}

void pd_resolve_branch(struct cpu *cpu, struct pd_page *page, unsigned slot, uint64_t vbase)
{
    const struct predecode *pd = cpu->pd;
    insn_t d;
    /* The bytes are those decoded before: a store to them would have
     * dropped the page. */
    decode_slot(cpu, page, slot, &d);
    const unsigned op = (unsigned)d.op;
    const int wide = d.len == 4;
    insn_t *r = &page->rec[slot];
    r->handler = pd->local_labels[wide][op];
    /* Decoding the successors may decode this record's page further, never
     * this record again (it is decoded). */
    unsigned taken = run_at(cpu, page, (unsigned)((int)slot + d.imm / 2), vbase);
    unsigned next = op == OP_jal ? 1 : run_at(cpu, page, slot + d.len / 2, vbase);
    if (taken == 0 || next == 0 || next > UINT8_MAX)
        return;
    /* Pre-scaled to the records' byte offset (8 bytes of record per byte of
     * code); within a page |imm| <= 4094, so it fits. */
    r->rel = (int16_t)(d.imm * 8);
    r->taken_run = (uint16_t)taken;
    if (op != OP_jal)
        r->ft_run = (uint8_t)next; /* jal has an rd and no next instruction */
    r->handler = pd->resolved_labels[d.rs2 == 0][wide][op];
}

struct pd_page *pd_lookup(struct cpu *cpu, uint64_t pc)
{
    struct predecode *pd = cpu->pd;
    uint64_t vpage = pc & ~PAGE_MASK;
    unsigned vi = (unsigned)(pc >> PAGE_SHIFT) & (PD_VCACHE_SIZE - 1);
    if (pd->vcache[vi].vpage == vpage)
        return pd->vcache[vi].page;

    uint64_t pa;
    if (!mmu_translate_fetch(cpu, pc, &pa))
        return NULL;
    uint64_t ppage = pa & ~PAGE_MASK;
    if (!pmp_allows(&cpu->pmp, ppage, PAGE_SIZE, PMP_X, cpu->priv)) {
        /* PMP lets this privilege execute only part of the page (pc's
         * part): records would run on past the boundary unchecked. The
         * page gets none, and no vcache entry: its records all say "decode
         * me", which pd_decode_run refuses, so that the indirect
         * dispatcher runs each instruction, checking each fetch. */
        struct pd_page *u = pd->uncached;
        if (u->rec[0].handler != pd->h_decode) {
            for (unsigned i = 0; i < PD_SLOTS; i++)
                u->rec[i] = (insn_t){ .handler = pd->h_decode };
            u->rec[PD_SLOTS] = (insn_t){ .handler = pd->h_page_end };
        }
        return u;
    }
    struct pd_page *p = find(pd, ppage);
    if (!p) {
        const uint8_t *host = phys_mem_ptr(pd->mem, ppage, PAGE_SIZE);
        p = host ? create(cpu, pd, ppage, host) : NULL;
        if (!p) {
            /* RAM that ends mid-page, or no host memory: not cacheable. */
            cpu->exc_cause = CAUSE_FETCH_ACCESS;
            cpu->exc_tval = pc;
            return NULL;
        }
    }
    pd->vcache[vi].vpage = vpage;
    pd->vcache[vi].page = p;
    return p;
}
