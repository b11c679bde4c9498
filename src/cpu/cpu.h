/*
 * The hart: architectural state, the software TLB that the interpreters'
 * fast paths read, and the few fields through which the dispatch loops and
 * the rest of the machine talk.
 */
#ifndef VSIM_CPU_CPU_H
#define VSIM_CPU_CPU_H

#include <stdbool.h>
#include <stdint.h>

#include "insn.h"
#include "mmu/pmp.h"
#include "mmu/tlb.h"

struct vsim_machine;
struct physmem;
struct predecode;

enum priv_level { PRIV_U = 0, PRIV_S = 1, PRIV_M = 3 };

/* Exception causes (mcause with the interrupt bit clear). */
enum exc_cause {
    CAUSE_MISALIGNED_FETCH = 0,
    CAUSE_FETCH_ACCESS = 1,
    CAUSE_ILLEGAL_INSN = 2,
    CAUSE_BREAKPOINT = 3,
    CAUSE_MISALIGNED_LOAD = 4,
    CAUSE_LOAD_ACCESS = 5,
    CAUSE_MISALIGNED_STORE = 6,
    CAUSE_STORE_ACCESS = 7,
    CAUSE_ECALL_U = 8,
    CAUSE_ECALL_S = 9,
    CAUSE_ECALL_M = 11,
    CAUSE_FETCH_PAGE_FAULT = 12,
    CAUSE_LOAD_PAGE_FAULT = 13,
    CAUSE_STORE_PAGE_FAULT = 15,
};

#define CAUSE_INTERRUPT (1ull << 63)
/* Not RISC-V causes: a memory slow path reports a debugger stop this way,
 * and the dispatch loop stops instead of trapping. */
#define CAUSE_DEBUG_BREAK 0x100
#define CAUSE_DEBUG_WATCH 0x101
enum irq_number { IRQ_SSI = 1, IRQ_MSI = 3, IRQ_STI = 5, IRQ_MTI = 7, IRQ_SEI = 9, IRQ_MEI = 11 };

/* mstatus fields */
#define MSTATUS_SIE (1ull << 1)
#define MSTATUS_MIE (1ull << 3)
#define MSTATUS_SPIE (1ull << 5)
#define MSTATUS_MPIE (1ull << 7)
#define MSTATUS_SPP (1ull << 8)
#define MSTATUS_MPP_SHIFT 11
#define MSTATUS_MPP (3ull << MSTATUS_MPP_SHIFT)
#define MSTATUS_FS (3ull << 13)
#define MSTATUS_XS (3ull << 15)
#define MSTATUS_MPRV (1ull << 17)
#define MSTATUS_SUM (1ull << 18)
#define MSTATUS_MXR (1ull << 19)
#define MSTATUS_TVM (1ull << 20)
#define MSTATUS_TW (1ull << 21)
#define MSTATUS_TSR (1ull << 22)
#define MSTATUS_UXL (3ull << 32)
#define MSTATUS_SXL (3ull << 34)
#define MSTATUS_SD (1ull << 63)

/* Why the inner dispatch loop must return to the run loop (cpu.exit_request). */
enum exit_request {
    EXIT_CHECK = 1 << 0,     /* something changed: re-check interrupts and stops */
    EXIT_STOP = 1 << 1,      /* a device stopped the machine (poweroff, reset, HTIF) */
    EXIT_TRAP_LOOP = 1 << 2, /* the same trap again with nothing retired in between */
    EXIT_WFI = 1 << 3,       /* wfi: wait for an interrupt */
    /* The direct dispatcher cannot do the next instructions exactly: an
     * instruction straddles two pages, or the budget ends inside a run.
     * cpu->exact_insns say how many the indirect dispatcher should do. */
    EXIT_EXACT = 1 << 4,
    EXIT_DEBUG = 1 << 5,     /* a breakpoint or watchpoint: exc_cause says which */
    EXIT_TRAP_STOP = 1 << 6, /* a trap the debugger asked to stop on was taken */
};

#define DEBUG_MAX_BREAKS 64
#define DEBUG_MAX_WATCHES 32
#define DEBUG_BLOOM_SIZE 4096

/* Breakpoints and watchpoints (machine/debug.c); consulted only on slow
 * paths, and only while `active`. */
struct cpu_debug {
    bool active;        /* any breakpoint or watchpoint set */
    bool suppress;      /* executing the first instruction after a debug stop */
    unsigned nbreaks, nwatches;
    uint64_t breaks[DEBUG_MAX_BREAKS];
    struct {
        uint64_t addr, len;
        unsigned kind; /* VSIM_WATCH_READ | VSIM_WATCH_WRITE */
        bool physical;
    } watches[DEBUG_MAX_WATCHES];
    uint64_t hit_addr;  /* the data address of the watchpoint hit */
    unsigned hit_kind;
    uint64_t stop_exceptions, stop_interrupts;
    bool trap_stopped;
    /* Switch and indirect dispatch test this per instruction (one load and
     * a branch): nonzero where a breakpoint may be, by (pc >> 1) hash. */
    uint8_t bloom[DEBUG_BLOOM_SIZE];
};

struct cpu {
    /* Hot state first: registers and the TLBs sit at small offsets. */
    uint64_t x[33]; /* x[XZERO] is the sink for writes to x0 */
    uint64_t pc;
    uint64_t f[32]; /* binary32 values NaN-boxed in the upper half */
    uint32_t fflags;
    uint32_t frm;
    struct tlb tlb;

    uint32_t exit_request;
    uint64_t exact_insns;     /* with EXIT_EXACT */
    bool stop_after_trap;     /* single-step: a trap also ends the step */
    uint8_t priv;
    uint64_t ialign_mask;     /* 2 when C is off (targets must be 4-aligned), else 0 */

    /* Exception reported by a memory slow path; the interpreter raises it. */
    uint64_t exc_cause, exc_tval;

    /* Retired instructions; only exact outside the inner dispatch loop
     * (interpreters add their count when they return). */
    uint64_t instret;
    uint64_t cycle;           /* mcycle: one cycle per instruction */
    uint64_t mcountinhibit;   /* CY and IR stop mcycle and minstret */
    /* Retired since reset, never written by the guest: the deterministic
     * clock and vsim_insn_count() read it. Kept exact like instret. */
    uint64_t retired;

    /* LR/SC reservation (physical address) */
    uint64_t res_addr;
    bool res_valid;

    /* Machine-level CSRs */
    uint64_t mstatus, misa, medeleg, mideleg, mie, mip, mtvec, mepc, mcause, mtval, mscratch;
    uint64_t mcounteren, menvcfg, mhartid;
    /* mip.SEIP is the OR of what M-mode software wrote and the PLIC's
     * S-context output (Privileged ISA §3.1.9). */
    bool seip_sw, seip_hw;
    /* Supervisor-level CSRs (sstatus, sie, sip are views of the M ones) */
    uint64_t stvec, sepc, scause, stval, sscratch, satp, scounteren, senvcfg;
    struct pmp pmp;

    /* Trap-loop detection: the previous trap */
    uint64_t last_trap_epc, last_trap_cause, last_trap_instret, last_trap_tval;
    bool last_trap_valid;
    uint64_t trap_count;

    const struct decoder *dec;
    struct physmem *mem;
    struct predecode *pd; /* direct dispatch only */
    struct cpu_debug dbg;
    struct vsim_machine *m;
};

/* Decode an instruction word; compressed encodings are illegal while
 * misa.C is off. */
static inline void decode_insn(const struct cpu *cpu, uint32_t w, insn_t *d)
{
    if ((w & 3) != 3) {
        *d = cpu->dec->rvc[w & 0xffff];
        if (__builtin_expect(cpu->ialign_mask != 0, 0))
            d->op = OP_illegal;
    } else {
        decode32(cpu->dec, w, d);
    }
}

/* n more instructions retired: advance the counters mcountinhibit allows. */
static inline void cpu_count_retired(struct cpu *cpu, uint64_t n)
{
    cpu->retired += n;
    if (!(cpu->mcountinhibit & 4))
        cpu->instret += n;
    if (!(cpu->mcountinhibit & 1))
        cpu->cycle += n;
}

/* Debugger checks for the slow paths (machine/debug.c). */
bool debug_is_break(const struct cpu *cpu, uint64_t pc);
/* Would an access of kind (1 read, 2 write) to va/pa trigger a watchpoint?
 * Records the hit. */
bool debug_watch_hit(struct cpu *cpu, uint64_t va, uint64_t pa, unsigned size, unsigned kind);
/* Must this page stay out of a TLB (fetch: has breakpoints; load/store:
 * has watched bytes)? */
bool debug_blocks_page(const struct cpu *cpu, uint64_t vpage, uint64_t ppage, int acc);

static inline void cpu_update_seip(struct cpu *cpu)
{
    uint64_t bit = 1ull << IRQ_SEI;
    cpu->mip = (cpu->seip_sw || cpu->seip_hw) ? cpu->mip | bit : cpu->mip & ~bit;
}

/* Take an exception (cause without the interrupt bit) or interrupt at cpu->pc. */
void cpu_take_trap(struct cpu *cpu, uint64_t cause, uint64_t tval);
/* mret / sret: return from a trap; return the pc to continue at. */
uint64_t cpu_mret(struct cpu *cpu);
uint64_t cpu_sret(struct cpu *cpu);
/* Change privilege (drops the TLB: translations depend on it). */
void cpu_set_priv(struct cpu *cpu, unsigned priv);
/* Reset architectural state to the reset values; pc = reset_pc. */
void cpu_reset(struct cpu *cpu, uint64_t reset_pc);
/* The interrupt to take now (its number), or -1 if none is pending,
 * enabled and allowed at the current privilege. */
int cpu_pending_irq(const struct cpu *cpu);

/* CSR access from a guest instruction at the current privilege. Return false
 * if the access is illegal (the caller raises an illegal-instruction trap).
 * csr_read with side-effect-free semantics; csr_write applies WARL masks. */
bool csr_read(struct cpu *cpu, unsigned csr, uint64_t *val);
bool csr_write(struct cpu *cpu, unsigned csr, uint64_t val);
/* The value a csrrs/csrrc modifies, given the value it read: in mip, SEIP
 * is then only the software-writable bit, not its OR with the PLIC's output
 * (Privileged ISA §3.1.9) -- else clearing STIP would latch SEIP on. */
static inline uint64_t csr_rmw_base(const struct cpu *cpu, unsigned csr, uint64_t read)
{
    if (csr != 0x344) /* mip */
        return read;
    uint64_t bit = 1ull << IRQ_SEI;
    return cpu->seip_sw ? read | bit : read & ~bit;
}
/* Can the current privilege access this CSR at all (for write: is it writable)? */
bool csr_accessible(const struct cpu *cpu, unsigned csr, bool write);
/* Name of a CSR (for the disassembler and the API), NULL if unknown. */
const char *csr_name(unsigned csr);
int csr_by_name(const char *name);

/* The instruction bits at pc for mtval on an illegal-instruction trap. */
uint64_t cpu_illegal_tval(struct cpu *cpu, uint64_t pc);

#endif
