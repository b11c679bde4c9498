/*
 * The CSR file of an RV64 hart with M, S and U modes (Privileged ISA 1.12,
 * chapters 2-4). csr_read/csr_write implement each register's WARL/WPRI
 * behaviour; csr_accessible applies the privilege rules: those encoded in
 * the CSR number (bits 9:8 lowest privilege, bits 11:10 == 3 read-only),
 * TVM for satp, and the counter-enable registers for the user counters.
 *
 * Debug triggers (RISC-V Debug Specification, Trigger Module / Sdtrig): the
 * hart has none. Sdtrig itself requires at least one trigger, so it is not
 * implemented; what is there is the "no triggers" configuration the Trigger
 * Module registers allow, so that probes (riscv-tests' breakpoint test,
 * firmware enumerating triggers) do not trap: tselect (WARL) always reads 0;
 * tdata1 reads type 0, "there is no trigger at this tselect", with dmode and
 * data hard-wired to 0 as the spec requires for type 0; tdata2 and tdata3
 * read 0; tinfo reads 1 ("if the currently selected trigger doesn't exist,
 * this field contains 1"). Writes to all five are ignored. They are M-level
 * CSRs by their numbers (0x7a0-0x7a4), so S and U get an illegal
 * instruction like for any M CSR; the debug-mode-only CSRs (dcsr, dpc,
 * dscratch at 0x7b0-0x7b3) do not exist, there is no Debug Mode.
 * tcontrol (0x7a5) and mcontext (0x7a8) are left out on purpose (illegal
 * instruction): both are optional. tcontrol's MTE/MPTE only gate triggers
 * with action=0 in M-mode trap handlers, one of the two ways the spec gives
 * for re-entrancy, and there is no trigger to gate; mcontext only feeds
 * trigger matching (textra's mhvalue) and is required only alongside
 * hcontext, i.e. with the H extension, which this hart does not have.
 * Software that looks for triggers (the spec's enumeration, OpenSBI's
 * Sdtrig probe) stops at tinfo == 1 and does not touch them.
 */
#include <string.h>

#include "cpu.h"
#include "machine/machine.h"
#include "mmu/mmu.h"
#include "mmu/pmp.h"

#define CSR_LIST(X)                                                                                 \
    X(0x001, fflags) X(0x002, frm) X(0x003, fcsr)                                                 \
    X(0x100, sstatus) X(0x104, sie) X(0x105, stvec) X(0x106, scounteren) X(0x10a, senvcfg)       \
    X(0x140, sscratch) X(0x141, sepc) X(0x142, scause) X(0x143, stval) X(0x144, sip)             \
    X(0x180, satp)                                                                                \
    X(0x300, mstatus) X(0x301, misa) X(0x302, medeleg) X(0x303, mideleg) X(0x304, mie)           \
    X(0x305, mtvec) X(0x306, mcounteren) X(0x30a, menvcfg) X(0x320, mcountinhibit)               \
    X(0x340, mscratch) X(0x341, mepc) X(0x342, mcause) X(0x343, mtval) X(0x344, mip)             \
    X(0x3a0, pmpcfg0) X(0x3a2, pmpcfg2) X(0x3b0, pmpaddr0) X(0x3b1, pmpaddr1) X(0x3b2, pmpaddr2) \
    X(0x3b3, pmpaddr3) X(0x3b4, pmpaddr4) X(0x3b5, pmpaddr5) X(0x3b6, pmpaddr6)                  \
    X(0x3b7, pmpaddr7) X(0x3b8, pmpaddr8) X(0x3b9, pmpaddr9) X(0x3ba, pmpaddr10)                 \
    X(0x3bb, pmpaddr11) X(0x3bc, pmpaddr12) X(0x3bd, pmpaddr13) X(0x3be, pmpaddr14)              \
    X(0x3bf, pmpaddr15)                                                                           \
    X(0x7a0, tselect) X(0x7a1, tdata1) X(0x7a2, tdata2) X(0x7a3, tdata3) X(0x7a4, tinfo)         \
    X(0xb00, mcycle) X(0xb02, minstret) X(0xc00, cycle) X(0xc01, time) X(0xc02, instret)         \
    X(0xf11, mvendorid) X(0xf12, marchid) X(0xf13, mimpid) X(0xf14, mhartid) X(0xf15, mconfigptr)

enum {
#define X(num, name) CSR_##name = num,
    CSR_LIST(X)
#undef X
    CSR_HPMCOUNTER3 = 0xc03, CSR_HPMCOUNTER31 = 0xc1f,
    CSR_MHPMCOUNTER3 = 0xb03, CSR_MHPMCOUNTER31 = 0xb1f,
    CSR_MHPMEVENT3 = 0x323, CSR_MHPMEVENT31 = 0x33f,
    CSR_PMPCFG14 = 0x3ae, CSR_PMPADDR63 = 0x3ef,
};

static const struct { unsigned num; const char *name; } csr_names[] = {
#define X(num, name) { num, #name },
    CSR_LIST(X)
#undef X
};

#define MISA_C (1ull << ('C' - 'A'))

/* mstatus bits software may change; MPP is handled apart (WARL: no 2). */
#define MSTATUS_WRITABLE                                                                     \
    (MSTATUS_SIE | MSTATUS_MIE | MSTATUS_SPIE | MSTATUS_MPIE | MSTATUS_SPP | MSTATUS_MPRV | \
     MSTATUS_SUM | MSTATUS_MXR | MSTATUS_TVM | MSTATUS_TW | MSTATUS_TSR | MSTATUS_FS)
/* The sstatus view of mstatus. */
#define SSTATUS_MASK                                                                                  \
    (MSTATUS_SIE | MSTATUS_SPIE | MSTATUS_SPP | MSTATUS_FS | MSTATUS_XS | MSTATUS_SUM | MSTATUS_MXR | \
     MSTATUS_UXL | MSTATUS_SD)
#define SSTATUS_WRITABLE (MSTATUS_SIE | MSTATUS_SPIE | MSTATUS_SPP | MSTATUS_SUM | MSTATUS_MXR | MSTATUS_FS)

#define IRQ_BIT(n) (1ull << (n))
#define S_IRQS (IRQ_BIT(IRQ_SSI) | IRQ_BIT(IRQ_STI) | IRQ_BIT(IRQ_SEI))
#define M_IRQS (IRQ_BIT(IRQ_MSI) | IRQ_BIT(IRQ_MTI) | IRQ_BIT(IRQ_MEI))
/* mip bits M-mode software can write: the S-level ones (no Sstc, so STIP too). */
#define MIP_WRITABLE S_IRQS
/* Every synchronous exception but ecall from M can be delegated. */
#define MEDELEG_WRITABLE                                                                        \
    ((1ull << CAUSE_MISALIGNED_FETCH) | (1ull << CAUSE_FETCH_ACCESS) | (1ull << CAUSE_ILLEGAL_INSN) | \
     (1ull << CAUSE_BREAKPOINT) | (1ull << CAUSE_MISALIGNED_LOAD) | (1ull << CAUSE_LOAD_ACCESS) |   \
     (1ull << CAUSE_MISALIGNED_STORE) | (1ull << CAUSE_STORE_ACCESS) | (1ull << CAUSE_ECALL_U) |    \
     (1ull << CAUSE_ECALL_S) | (1ull << CAUSE_FETCH_PAGE_FAULT) | (1ull << CAUSE_LOAD_PAGE_FAULT) |  \
     (1ull << CAUSE_STORE_PAGE_FAULT))
#define ENVCFG_FIOM 1ull

#define SATP_MODE_SHIFT 60
enum { SATP_BARE = 0, SATP_SV39 = 8, SATP_SV48 = 9 };

const char *csr_name(unsigned csr)
{
    for (size_t i = 0; i < sizeof csr_names / sizeof csr_names[0]; i++)
        if (csr_names[i].num == csr)
            return csr_names[i].name;
    return NULL;
}

int csr_by_name(const char *name)
{
    for (size_t i = 0; i < sizeof csr_names / sizeof csr_names[0]; i++)
        if (strcmp(csr_names[i].name, name) == 0)
            return (int)csr_names[i].num;
    return -1;
}

static bool is_user_counter(unsigned csr) { return csr >= CSR_cycle && csr <= CSR_HPMCOUNTER31; }

bool csr_accessible(const struct cpu *cpu, unsigned csr, bool write)
{
    if (((csr >> 8) & 3) > cpu->priv)
        return false;
    if (write && (csr >> 10) == 3)
        return false;
    if (csr == CSR_satp && cpu->priv == PRIV_S && (cpu->mstatus & MSTATUS_TVM))
        return false;
    if (csr >= CSR_fflags && csr <= CSR_fcsr && !(cpu->mstatus & MSTATUS_FS))
        return false; /* the FP unit is off */
    /* cycle/time/instret/hpmcounterN below M: enabled by mcounteren, and
     * for U also by scounteren (Privileged ISA §3.1.11, §4.1.4). */
    if (is_user_counter(csr) && cpu->priv < PRIV_M) {
        uint64_t bit = 1ull << (csr - CSR_cycle);
        if (!(cpu->mcounteren & bit) || (cpu->priv == PRIV_U && !(cpu->scounteren & bit)))
            return false;
    }
    return true;
}

static uint64_t with_sd(uint64_t s)
{
    bool dirty = (s & MSTATUS_FS) == MSTATUS_FS || (s & MSTATUS_XS) == MSTATUS_XS;
    return dirty ? s | MSTATUS_SD : s & ~MSTATUS_SD;
}

bool csr_read(struct cpu *cpu, unsigned csr, uint64_t *val)
{
    switch (csr) {
    case CSR_fflags: *val = cpu->fflags; return true;
    case CSR_frm: *val = cpu->frm; return true;
    case CSR_fcsr: *val = cpu->frm << 5 | cpu->fflags; return true;
    case CSR_mstatus: *val = with_sd(cpu->mstatus); return true;
    case CSR_sstatus: *val = with_sd(cpu->mstatus) & SSTATUS_MASK; return true;
    case CSR_misa: *val = cpu->misa; return true;
    case CSR_medeleg: *val = cpu->medeleg; return true;
    case CSR_mideleg: *val = cpu->mideleg; return true;
    case CSR_mie: *val = cpu->mie; return true;
    case CSR_sie: *val = cpu->mie & cpu->mideleg; return true;
    case CSR_mip: *val = cpu->mip; return true;
    case CSR_sip: *val = cpu->mip & cpu->mideleg; return true;
    case CSR_mtvec: *val = cpu->mtvec; return true;
    case CSR_stvec: *val = cpu->stvec; return true;
    case CSR_mscratch: *val = cpu->mscratch; return true;
    case CSR_sscratch: *val = cpu->sscratch; return true;
    /* With C off (IALIGN=32) bit 1 of xepc reads as zero. */
    case CSR_mepc: *val = cpu->mepc & ~cpu->ialign_mask; return true;
    case CSR_sepc: *val = cpu->sepc & ~cpu->ialign_mask; return true;
    case CSR_mcause: *val = cpu->mcause; return true;
    case CSR_scause: *val = cpu->scause; return true;
    case CSR_mtval: *val = cpu->mtval; return true;
    case CSR_stval: *val = cpu->stval; return true;
    case CSR_satp: *val = cpu->satp; return true;
    case CSR_mcounteren: *val = cpu->mcounteren; return true;
    case CSR_scounteren: *val = cpu->scounteren; return true;
    case CSR_menvcfg: *val = cpu->menvcfg; return true;
    case CSR_senvcfg: *val = cpu->senvcfg; return true;
    case CSR_mcountinhibit: *val = cpu->mcountinhibit; return true;
    case CSR_mcycle: case CSR_cycle: *val = cpu->cycle; return true;
    case CSR_minstret: case CSR_instret: *val = cpu->instret; return true;
    case CSR_time: *val = machine_time(cpu->m); return true;
    case CSR_mvendorid: case CSR_marchid: case CSR_mimpid: case CSR_mconfigptr: *val = 0; return true;
    case CSR_mhartid: *val = cpu->mhartid; return true;
    /* No triggers: see the top of the file. */
    case CSR_tselect: case CSR_tdata1: case CSR_tdata2: case CSR_tdata3: *val = 0; return true;
    case CSR_tinfo: *val = 1; return true;
    default:
        if (csr >= CSR_pmpcfg0 && csr <= CSR_PMPCFG14) {
            if (csr & 1)
                return false; /* odd pmpcfg registers do not exist on RV64 */
            *val = pmp_read_cfg(&cpu->pmp, (csr - CSR_pmpcfg0) / 2);
            return true;
        }
        if (csr >= CSR_pmpaddr0 && csr <= CSR_PMPADDR63) {
            *val = pmp_read_addr(&cpu->pmp, csr - CSR_pmpaddr0);
            return true;
        }
        /* Performance counters and events exist and read as zero. */
        if ((csr >= CSR_MHPMCOUNTER3 && csr <= CSR_MHPMCOUNTER31) ||
            (csr >= CSR_HPMCOUNTER3 && csr <= CSR_HPMCOUNTER31) ||
            (csr >= CSR_MHPMEVENT3 && csr <= CSR_MHPMEVENT31)) {
            *val = 0;
            return true;
        }
        return false;
    }
}

/* Translation depends on these: any change drops the TLB. */
#define MSTATUS_TRANSLATION (MSTATUS_MPRV | MSTATUS_MPP | MSTATUS_SUM | MSTATUS_MXR)

static void write_mstatus(struct cpu *cpu, uint64_t val, uint64_t writable)
{
    uint64_t old = cpu->mstatus, s = (old & ~writable) | (val & writable);
    if (writable & MSTATUS_MPP) {
        uint64_t mpp = (val & MSTATUS_MPP) >> MSTATUS_MPP_SHIFT;
        if (mpp == 2) /* reserved: keep the old value (WARL) */
            s = (s & ~MSTATUS_MPP) | (old & MSTATUS_MPP);
    }
    cpu->mstatus = s;
    if ((old ^ s) & MSTATUS_TRANSLATION)
        mmu_flush_tlb(cpu);
    cpu->exit_request |= EXIT_CHECK; /* interrupt enables may have changed */
}

bool csr_write(struct cpu *cpu, unsigned csr, uint64_t val)
{
    switch (csr) {
    /* The FP CSRs; writing them makes mstatus.FS Dirty. */
    case CSR_fflags: cpu->fflags = val & 0x1f; cpu->mstatus |= MSTATUS_FS; return true;
    case CSR_frm: cpu->frm = val & 7; cpu->mstatus |= MSTATUS_FS; return true;
    case CSR_fcsr:
        cpu->fflags = val & 0x1f;
        cpu->frm = (val >> 5) & 7;
        cpu->mstatus |= MSTATUS_FS;
        return true;
    case CSR_mstatus: write_mstatus(cpu, val, MSTATUS_WRITABLE | MSTATUS_MPP); return true;
    case CSR_sstatus: write_mstatus(cpu, val, SSTATUS_WRITABLE); return true;
    case CSR_misa:
        /* Only C can be changed; turning it off is suppressed when the next
         * instruction would not be 4-byte aligned (Unprivileged ISA §26). */
        if (!(val & MISA_C) && ((cpu->pc + 4) & 2))
            return true;
        cpu->misa = (cpu->misa & ~MISA_C) | (val & MISA_C);
        cpu->ialign_mask = (cpu->misa & MISA_C) ? 0 : 2;
        machine_code_changed(cpu->m); /* compressed encodings changed meaning */
        return true;
    case CSR_medeleg: cpu->medeleg = val & MEDELEG_WRITABLE; return true;
    case CSR_mideleg: cpu->mideleg = val & S_IRQS; cpu->exit_request |= EXIT_CHECK; return true;
    case CSR_mie:
        cpu->mie = val & (S_IRQS | M_IRQS);
        cpu->exit_request |= EXIT_CHECK;
        return true;
    case CSR_sie:
        cpu->mie = (cpu->mie & ~cpu->mideleg) | (val & cpu->mideleg);
        cpu->exit_request |= EXIT_CHECK;
        return true;
    case CSR_mip:
        /* MSIP, MTIP, MEIP belong to the CLINT and PLIC. */
        cpu->mip = (cpu->mip & ~MIP_WRITABLE) | (val & MIP_WRITABLE);
        cpu->seip_sw = (val >> IRQ_SEI) & 1;
        cpu_update_seip(cpu);
        cpu->exit_request |= EXIT_CHECK;
        return true;
    case CSR_sip: {
        /* From S only SSIP can be written, and only when delegated. */
        uint64_t mask = IRQ_BIT(IRQ_SSI) & cpu->mideleg;
        cpu->mip = (cpu->mip & ~mask) | (val & mask);
        cpu->exit_request |= EXIT_CHECK;
        return true;
    }
    case CSR_mtvec: case CSR_stvec: {
        uint64_t *tvec = csr == CSR_mtvec ? &cpu->mtvec : &cpu->stvec;
        /* Modes 2 and 3 are reserved: keep the current mode then. */
        if ((val & 3) >= 2)
            val = (val & ~(uint64_t)3) | (*tvec & 3);
        *tvec = val;
        return true;
    }
    case CSR_mscratch: cpu->mscratch = val; return true;
    case CSR_sscratch: cpu->sscratch = val; return true;
    case CSR_mepc: cpu->mepc = val & ~(uint64_t)1; return true;
    case CSR_sepc: cpu->sepc = val & ~(uint64_t)1; return true;
    case CSR_mcause: cpu->mcause = val; return true;
    case CSR_scause: cpu->scause = val; return true;
    case CSR_mtval: cpu->mtval = val; return true;
    case CSR_stval: cpu->stval = val; return true;
    case CSR_satp: {
        /* An unsupported mode leaves satp as it was: Linux probes the
         * paging mode this way. ASIDs: 16 bits, flushed wholesale. */
        uint64_t mode = val >> SATP_MODE_SHIFT;
        if (mode != SATP_BARE && mode != SATP_SV39 && mode != SATP_SV48)
            return true;
        cpu->satp = val & ((0xfull << SATP_MODE_SHIFT) | (0xffffull << 44) | ((1ull << 44) - 1));
        mmu_flush_tlb(cpu);
        return true;
    }
    case CSR_mcounteren: cpu->mcounteren = val & 0xffffffffu; return true;
    case CSR_scounteren: cpu->scounteren = val & 0xffffffffu; return true;
    case CSR_menvcfg: cpu->menvcfg = val & ENVCFG_FIOM; return true;
    case CSR_senvcfg: cpu->senvcfg = val & ENVCFG_FIOM; return true;
    /* CY and IR can stop mcycle and minstret (TM is zero; hpm counters
     * count nothing anyway, their bits are read-only zero). */
    case CSR_mcountinhibit: cpu->mcountinhibit = val & 5; return true;
    /* A counter written by an instruction holds the written value after it
     * retires: the writing instruction itself is not counted. The
     * instruction is counted when it retires, so store one less unless
     * counting is inhibited. */
    case CSR_minstret: cpu->instret = val - !(cpu->mcountinhibit & 4); return true;
    case CSR_mcycle: cpu->cycle = val - !(cpu->mcountinhibit & 1); return true;
    /* No triggers: tselect stays 0 (WARL), the rest are read-only zero. */
    case CSR_tselect: case CSR_tdata1: case CSR_tdata2: case CSR_tdata3: case CSR_tinfo: return true;
    default:
        if (csr >= CSR_pmpcfg0 && csr <= CSR_PMPCFG14) {
            if (csr & 1)
                return false; /* odd pmpcfg registers do not exist on RV64 */
            pmp_write_cfg(&cpu->pmp, (csr - CSR_pmpcfg0) / 2, val);
            mmu_flush_tlb(cpu);
            return true;
        }
        if (csr >= CSR_pmpaddr0 && csr <= CSR_PMPADDR63) {
            pmp_write_addr(&cpu->pmp, csr - CSR_pmpaddr0, val);
            mmu_flush_tlb(cpu);
            return true;
        }
        if ((csr >= CSR_MHPMCOUNTER3 && csr <= CSR_MHPMCOUNTER31) ||
            (csr >= CSR_MHPMEVENT3 && csr <= CSR_MHPMEVENT31))
            return true; /* read-only zero (WARL) */
        return false;
    }
}
