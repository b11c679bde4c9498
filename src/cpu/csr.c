/*
 * The CSR file of an M-mode-only RV64 hart (Privileged ISA §2, §3.1).
 * csr_read/csr_write implement each register's WARL/WPRI behaviour;
 * csr_accessible applies the privilege and read-only rules encoded in the
 * CSR number itself (bits 9:8 lowest privilege, bits 11:10 == 3 read-only).
 */
#include <string.h>

#include "cpu.h"
#include "machine/machine.h"

enum {
    CSR_CYCLE = 0xc00, CSR_TIME = 0xc01, CSR_INSTRET = 0xc02,
    CSR_HPMCOUNTER3 = 0xc03, CSR_HPMCOUNTER31 = 0xc1f,
    CSR_MSTATUS = 0x300, CSR_MISA = 0x301, CSR_MIE = 0x304, CSR_MTVEC = 0x305,
    CSR_MCOUNTINHIBIT = 0x320, CSR_MHPMEVENT3 = 0x323, CSR_MHPMEVENT31 = 0x33f,
    CSR_MSCRATCH = 0x340, CSR_MEPC = 0x341, CSR_MCAUSE = 0x342, CSR_MTVAL = 0x343, CSR_MIP = 0x344,
    CSR_MCYCLE = 0xb00, CSR_MINSTRET = 0xb02, CSR_MHPMCOUNTER3 = 0xb03, CSR_MHPMCOUNTER31 = 0xb1f,
    CSR_MVENDORID = 0xf11, CSR_MARCHID = 0xf12, CSR_MIMPID = 0xf13, CSR_MHARTID = 0xf14,
    CSR_MCONFIGPTR = 0xf15,
};

#define MSTATUS_WRITABLE (MSTATUS_MIE | MSTATUS_MPIE | MSTATUS_MPRV)
#define MIE_WRITABLE ((1ull << IRQ_MSI) | (1ull << IRQ_MTI) | (1ull << IRQ_MEI))
#define MISA_C (1ull << ('C' - 'A'))

static const struct { unsigned num; const char *name; } csr_names[] = {
    { CSR_CYCLE, "cycle" }, { CSR_TIME, "time" }, { CSR_INSTRET, "instret" },
    { CSR_MSTATUS, "mstatus" }, { CSR_MISA, "misa" }, { CSR_MIE, "mie" }, { CSR_MTVEC, "mtvec" },
    { CSR_MCOUNTINHIBIT, "mcountinhibit" }, { CSR_MSCRATCH, "mscratch" }, { CSR_MEPC, "mepc" },
    { CSR_MCAUSE, "mcause" }, { CSR_MTVAL, "mtval" }, { CSR_MIP, "mip" },
    { CSR_MCYCLE, "mcycle" }, { CSR_MINSTRET, "minstret" },
    { CSR_MVENDORID, "mvendorid" }, { CSR_MARCHID, "marchid" }, { CSR_MIMPID, "mimpid" },
    { CSR_MHARTID, "mhartid" }, { CSR_MCONFIGPTR, "mconfigptr" },
};

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

bool csr_accessible(const struct cpu *cpu, unsigned csr, bool write)
{
    if (((csr >> 8) & 3) > cpu->priv)
        return false;
    if (write && (csr >> 10) == 3)
        return false;
    return true;
}

static uint64_t current_instret(const struct cpu *cpu) { return cpu->instret; }

bool csr_read(struct cpu *cpu, unsigned csr, uint64_t *val)
{
    switch (csr) {
    case CSR_MSTATUS: *val = cpu->mstatus; return true;
    case CSR_MISA: *val = cpu->misa; return true;
    case CSR_MIE: *val = cpu->mie; return true;
    case CSR_MIP: *val = cpu->mip; return true;
    case CSR_MTVEC: *val = cpu->mtvec; return true;
    case CSR_MSCRATCH: *val = cpu->mscratch; return true;
    /* With C off (IALIGN=32) bit 1 of mepc reads as zero. */
    case CSR_MEPC: *val = cpu->mepc & ~cpu->ialign_mask; return true;
    case CSR_MCAUSE: *val = cpu->mcause; return true;
    case CSR_MTVAL: *val = cpu->mtval; return true;
    case CSR_MCOUNTINHIBIT: *val = 0; return true;
    case CSR_MCYCLE: case CSR_CYCLE: *val = current_instret(cpu) + (uint64_t)cpu->cycle_delta; return true;
    case CSR_MINSTRET: case CSR_INSTRET: *val = current_instret(cpu); return true;
    case CSR_TIME: *val = machine_time(cpu->m); return true;
    case CSR_MVENDORID: case CSR_MARCHID: case CSR_MIMPID: case CSR_MCONFIGPTR:
        *val = 0;
        return true;
    case CSR_MHARTID: *val = cpu->mhartid; return true;
    default:
        /* Unimplemented performance counters and events read as zero. */
        if ((csr >= CSR_MHPMCOUNTER3 && csr <= CSR_MHPMCOUNTER31) ||
            (csr >= CSR_HPMCOUNTER3 && csr <= CSR_HPMCOUNTER31) ||
            (csr >= CSR_MHPMEVENT3 && csr <= CSR_MHPMEVENT31)) {
            *val = 0;
            return true;
        }
        return false;
    }
}

bool csr_write(struct cpu *cpu, unsigned csr, uint64_t val)
{
    switch (csr) {
    case CSR_MSTATUS:
        cpu->mstatus = (cpu->mstatus & ~MSTATUS_WRITABLE) | (val & MSTATUS_WRITABLE);
        cpu->exit_request |= EXIT_CHECK; /* MIE may have unmasked a pending interrupt */
        return true;
    case CSR_MISA:
        /* Only C can be changed; turning it off is suppressed when the next
         * instruction would not be 4-byte aligned (Unprivileged ISA §26). */
        if (!(val & MISA_C) && ((cpu->pc + 4) & 2))
            return true;
        cpu->misa = (cpu->misa & ~MISA_C) | (val & MISA_C);
        cpu->ialign_mask = (cpu->misa & MISA_C) ? 0 : 2;
        machine_code_changed(cpu->m); /* compressed encodings changed meaning */
        return true;
    case CSR_MIE:
        cpu->mie = (cpu->mie & ~MIE_WRITABLE) | (val & MIE_WRITABLE);
        cpu->exit_request |= EXIT_CHECK;
        return true;
    case CSR_MIP:
        return true; /* MSIP, MTIP, MEIP are set by the CLINT and PLIC only */
    case CSR_MTVEC:
        /* Modes 2 and 3 are reserved: keep the current mode then. */
        if ((val & 3) >= 2)
            val = (val & ~(uint64_t)3) | (cpu->mtvec & 3);
        cpu->mtvec = val;
        return true;
    case CSR_MSCRATCH: cpu->mscratch = val; return true;
    case CSR_MEPC: cpu->mepc = val & ~(uint64_t)1; return true;
    case CSR_MCAUSE: cpu->mcause = val; return true;
    case CSR_MTVAL: cpu->mtval = val; return true;
    case CSR_MCOUNTINHIBIT: return true; /* all counters always count */
    /* A counter written by an instruction holds the written value after it
     * retires: the writing instruction itself is not counted. */
    case CSR_MINSTRET: {
        uint64_t cycle = cpu->instret + (uint64_t)cpu->cycle_delta;
        cpu->instret = val - 1;
        cpu->cycle_delta = (int64_t)(cycle - cpu->instret);
        return true;
    }
    case CSR_MCYCLE:
        cpu->cycle_delta = (int64_t)(val - 1 - cpu->instret);
        return true;
    default:
        if ((csr >= CSR_MHPMCOUNTER3 && csr <= CSR_MHPMCOUNTER31) ||
            (csr >= CSR_MHPMEVENT3 && csr <= CSR_MHPMEVENT31))
            return true; /* read-only zero (WARL) */
        return false;
    }
}
