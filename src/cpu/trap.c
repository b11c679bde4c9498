/* Trap entry and return, reset, and interrupt selection (Privileged ISA §3.1.6-3.3). */
#include <string.h>

#include "cpu.h"
#include "mmu/mmu.h"

#define MISA_MXL64 (2ull << 62)
#define MISA_EXT(c) (1ull << ((c) - 'A'))

void cpu_reset(struct cpu *cpu, uint64_t reset_pc)
{
    memset(cpu->x, 0, sizeof cpu->x);
    cpu->pc = reset_pc;
    cpu->priv = PRIV_M;
    cpu->misa = MISA_MXL64 | MISA_EXT('I') | MISA_EXT('M') | MISA_EXT('A') | MISA_EXT('C');
    cpu->ialign_mask = 0;
    /* Only M-mode: MPP is hardwired to M, UXL/SXL do not exist. */
    cpu->mstatus = (uint64_t)PRIV_M << MSTATUS_MPP_SHIFT;
    cpu->mie = cpu->mip = 0;
    cpu->mtvec = cpu->mepc = cpu->mcause = cpu->mtval = cpu->mscratch = 0;
    cpu->instret = 0;
    cpu->retired = 0;
    cpu->cycle_delta = 0;
    cpu->res_valid = false;
    cpu->last_trap_valid = false;
    cpu->exit_request = 0;
    mmu_flush_tlb(cpu);
}

void cpu_take_trap(struct cpu *cpu, uint64_t cause, uint64_t tval)
{
    const bool irq = (cause & CAUSE_INTERRUPT) != 0;
    const uint64_t epc = cpu->pc;

    /* The same exception at the same pc with nothing retired since the last
     * one: the state after this trap equals the state after that one, so the
     * guest can never get out (typically: no trap handler at mtvec). */
    if (!irq && cpu->last_trap_valid && cpu->last_trap_epc == epc &&
        cpu->last_trap_cause == cause && cpu->last_trap_instret == cpu->retired)
        cpu->exit_request |= EXIT_TRAP_LOOP;
    cpu->last_trap_valid = !irq;
    cpu->last_trap_epc = epc;
    cpu->last_trap_cause = cause;
    cpu->last_trap_instret = cpu->retired;
    cpu->trap_count++;

    cpu->res_valid = false;
    cpu->mepc = epc;
    cpu->mcause = cause;
    cpu->mtval = tval;
    uint64_t s = cpu->mstatus;
    s = (s & ~MSTATUS_MPIE) | ((s & MSTATUS_MIE) ? MSTATUS_MPIE : 0);
    s &= ~MSTATUS_MIE;
    s = (s & ~MSTATUS_MPP) | ((uint64_t)cpu->priv << MSTATUS_MPP_SHIFT);
    cpu->mstatus = s;
    cpu->priv = PRIV_M;
    uint64_t base = cpu->mtvec & ~(uint64_t)3;
    if (irq && (cpu->mtvec & 3) == 1)
        base += 4 * (cause & ~CAUSE_INTERRUPT);
    cpu->pc = base;
}

uint64_t cpu_mret(struct cpu *cpu)
{
    uint64_t s = cpu->mstatus;
    unsigned mpp = (unsigned)((s & MSTATUS_MPP) >> MSTATUS_MPP_SHIFT);
    s = (s & ~MSTATUS_MIE) | ((s & MSTATUS_MPIE) ? MSTATUS_MIE : 0);
    s |= MSTATUS_MPIE;
    /* MPP becomes the least-privileged mode supported: M on this hart. */
    s = (s & ~MSTATUS_MPP) | ((uint64_t)PRIV_M << MSTATUS_MPP_SHIFT);
    if (mpp != PRIV_M)
        s &= ~MSTATUS_MPRV;
    cpu->mstatus = s;
    cpu->priv = (uint8_t)mpp;
    return cpu->mepc & ~cpu->ialign_mask;
}

uint64_t cpu_pending_irqs(const struct cpu *cpu)
{
    uint64_t pending = cpu->mip & cpu->mie;
    /* Interrupts for M are taken below M always, in M only when MIE is set. */
    if (cpu->priv == PRIV_M && !(cpu->mstatus & MSTATUS_MIE))
        return 0;
    return pending;
}

uint64_t cpu_illegal_tval(struct cpu *cpu, uint64_t pc)
{
    uint32_t bits;
    return mmu_fetch_slow(cpu, pc, &bits) ? bits : 0;
}
