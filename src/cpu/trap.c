/*
 * Trap entry and return, delegation, reset, and the choice of interrupt
 * (Privileged ISA §3.1.6-3.1.9, §3.3.2, §4.1).
 */
#include <string.h>

#include "cpu.h"
#include "mmu/mmu.h"

#define MISA_MXL64 (2ull << 62)
#define MISA_EXT(c) (1ull << ((c) - 'A'))
#define XLEN64 2ull

void cpu_reset(struct cpu *cpu, uint64_t reset_pc)
{
    memset(cpu->x, 0, sizeof cpu->x);
    cpu->pc = reset_pc;
    cpu->priv = PRIV_M;
    cpu->misa = MISA_MXL64 | MISA_EXT('I') | MISA_EXT('M') | MISA_EXT('A') | MISA_EXT('C') | MISA_EXT('F') |
                MISA_EXT('D') | MISA_EXT('S') | MISA_EXT('U');
    memset(cpu->f, 0, sizeof cpu->f);
    cpu->fflags = cpu->frm = 0;
    cpu->ialign_mask = 0;
    cpu->mstatus = (uint64_t)PRIV_M << MSTATUS_MPP_SHIFT | XLEN64 << 32 | XLEN64 << 34; /* UXL = SXL = 64 */
    cpu->medeleg = cpu->mideleg = 0;
    cpu->mie = cpu->mip = 0;
    cpu->seip_sw = cpu->seip_hw = false;
    cpu->mtvec = cpu->mepc = cpu->mcause = cpu->mtval = cpu->mscratch = 0;
    cpu->stvec = cpu->sepc = cpu->scause = cpu->stval = cpu->sscratch = 0;
    cpu->satp = 0;
    cpu->mcounteren = cpu->scounteren = cpu->menvcfg = cpu->senvcfg = 0;
    pmp_reset(&cpu->pmp);
    cpu->instret = 0;
    cpu->retired = 0;
    cpu->cycle = 0;
    cpu->mcountinhibit = 0;
    cpu->res_valid = false;
    cpu->last_trap_valid = false;
    cpu->exit_request = 0;
    mmu_flush_tlb(cpu);
}

void cpu_set_priv(struct cpu *cpu, unsigned priv)
{
    if (cpu->priv != priv) {
        cpu->priv = (uint8_t)priv;
        mmu_flush_tlb(cpu);
    }
}

void cpu_take_trap(struct cpu *cpu, uint64_t cause, uint64_t tval)
{
    const bool irq = (cause & CAUSE_INTERRUPT) != 0;
    const uint64_t code = cause & ~CAUSE_INTERRUPT;
    const uint64_t epc = cpu->pc;

    /* The same exception at the same pc with nothing retired since the last
     * one: the state after this trap equals the state after that one, so the
     * guest can never get out (typically: no trap handler at xtvec). */
    if (!irq && cpu->last_trap_valid && cpu->last_trap_epc == epc && cpu->last_trap_cause == cause &&
        cpu->last_trap_instret == cpu->retired)
        cpu->exit_request |= EXIT_TRAP_LOOP;
    cpu->last_trap_valid = !irq;
    cpu->last_trap_epc = epc;
    cpu->last_trap_cause = cause;
    cpu->last_trap_tval = tval;
    cpu->last_trap_instret = cpu->retired;
    cpu->trap_count++;
    cpu->res_valid = false;

    /* Traps from S or U go to S when delegated; traps in M never leave M. */
    const uint64_t deleg = irq ? cpu->mideleg : cpu->medeleg;
    uint64_t s = cpu->mstatus, tvec;
    if (cpu->priv <= PRIV_S && code < 64 && ((deleg >> code) & 1)) {
        cpu->sepc = epc;
        cpu->scause = cause;
        cpu->stval = tval;
        s = (s & ~MSTATUS_SPIE) | ((s & MSTATUS_SIE) ? MSTATUS_SPIE : 0);
        s &= ~MSTATUS_SIE;
        s = (s & ~MSTATUS_SPP) | (cpu->priv == PRIV_S ? MSTATUS_SPP : 0);
        tvec = cpu->stvec;
        cpu->mstatus = s;
        cpu_set_priv(cpu, PRIV_S);
    } else {
        cpu->mepc = epc;
        cpu->mcause = cause;
        cpu->mtval = tval;
        s = (s & ~MSTATUS_MPIE) | ((s & MSTATUS_MIE) ? MSTATUS_MPIE : 0);
        s &= ~MSTATUS_MIE;
        s = (s & ~MSTATUS_MPP) | ((uint64_t)cpu->priv << MSTATUS_MPP_SHIFT);
        tvec = cpu->mtvec;
        cpu->mstatus = s;
        cpu_set_priv(cpu, PRIV_M);
    }
    if ((irq ? cpu->dbg.stop_interrupts : cpu->dbg.stop_exceptions) >> (code & 63) & 1) {
        cpu->dbg.trap_stopped = true;
        cpu->exit_request |= EXIT_TRAP_STOP;
    }
    uint64_t base = tvec & ~(uint64_t)3;
    if (irq && (tvec & 3) == 1)
        base += 4 * code;
    cpu->pc = base;
}

uint64_t cpu_mret(struct cpu *cpu)
{
    uint64_t s = cpu->mstatus;
    unsigned mpp = (unsigned)((s & MSTATUS_MPP) >> MSTATUS_MPP_SHIFT);
    s = (s & ~MSTATUS_MIE) | ((s & MSTATUS_MPIE) ? MSTATUS_MIE : 0);
    s |= MSTATUS_MPIE;
    s &= ~MSTATUS_MPP; /* MPP becomes U, the least-privileged mode */
    if (mpp != PRIV_M)
        s &= ~MSTATUS_MPRV;
    cpu->mstatus = s;
    cpu_set_priv(cpu, mpp);
    mmu_flush_tlb(cpu); /* MPRV/MPP took part in translation */
    return cpu->mepc & ~cpu->ialign_mask;
}

uint64_t cpu_sret(struct cpu *cpu)
{
    uint64_t s = cpu->mstatus;
    unsigned spp = (s & MSTATUS_SPP) ? PRIV_S : PRIV_U;
    s = (s & ~MSTATUS_SIE) | ((s & MSTATUS_SPIE) ? MSTATUS_SIE : 0);
    s |= MSTATUS_SPIE;
    s &= ~MSTATUS_SPP;
    s &= ~MSTATUS_MPRV; /* SPP is never M */
    cpu->mstatus = s;
    cpu_set_priv(cpu, spp);
    mmu_flush_tlb(cpu);
    return cpu->sepc & ~cpu->ialign_mask;
}

/* Highest-priority interrupt in `pending`: MEI, MSI, MTI, SEI, SSI, STI. */
static int highest(uint64_t pending)
{
    static const int order[] = { IRQ_MEI, IRQ_MSI, IRQ_MTI, IRQ_SEI, IRQ_SSI, IRQ_STI };
    for (size_t i = 0; i < sizeof order / sizeof order[0]; i++)
        if (pending & (1ull << order[i]))
            return order[i];
    return -1;
}

int cpu_pending_irq(const struct cpu *cpu)
{
    const uint64_t pending = cpu->mip & cpu->mie;
    if (!pending)
        return -1;
    /* M-level interrupts: taken below M always, in M when MIE is set. */
    uint64_t m = pending & ~cpu->mideleg;
    if (m && (cpu->priv < PRIV_M || (cpu->mstatus & MSTATUS_MIE)))
        return highest(m);
    /* Delegated ones: taken in U always, in S when SIE is set, never in M. */
    uint64_t s = pending & cpu->mideleg;
    if (s && (cpu->priv < PRIV_S || (cpu->priv == PRIV_S && (cpu->mstatus & MSTATUS_SIE))))
        return highest(s);
    return -1;
}

uint64_t cpu_illegal_tval(struct cpu *cpu, uint64_t pc)
{
    uint32_t bits;
    return mmu_fetch_slow(cpu, pc, &bits) ? bits : 0;
}
