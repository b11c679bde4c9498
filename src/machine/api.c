/* The inspection side of the API: names, registers, CSRs, memory, stats. */
#include <string.h>
#include <strings.h>

#include "interp/predecode.h"
#include "machine.h"

const char *vsim_version_string(void) { return VSIM_VERSION_STRING; }
unsigned vsim_version(void) { return VSIM_VERSION; }

const char *vsim_strerror(vsim_status status)
{
    static const char *const text[VSIM_STATUS_COUNT_] = {
        [VSIM_OK] = "success",
        [VSIM_ERR_INVALID_ARG] = "invalid argument",
        [VSIM_ERR_NO_MEMORY] = "out of host memory",
        [VSIM_ERR_IO] = "input/output error",
        [VSIM_ERR_BAD_ELF] = "not a valid ELF file",
        [VSIM_ERR_WRONG_ARCH] = "not a RISC-V 64-bit little-endian ELF",
        [VSIM_ERR_OUT_OF_RAM] = "data does not fit in guest RAM",
        [VSIM_ERR_BAD_ADDRESS] = "no RAM or device at guest physical address",
        [VSIM_ERR_UNSUPPORTED] = "not supported",
        [VSIM_ERR_STATE] = "not allowed in the machine's current state",
    };
    if ((unsigned)status >= VSIM_STATUS_COUNT_)
        return "unknown status";
    return text[status];
}

const char *vsim_stop_reason_name(vsim_stop_reason reason)
{
    static const char *const text[VSIM_STOP_COUNT_] = {
        [VSIM_STOP_NONE] = "none",
        [VSIM_STOP_POWEROFF] = "powered off",
        [VSIM_STOP_RESET] = "reset requested",
        [VSIM_STOP_INSN_LIMIT] = "instruction limit reached",
        [VSIM_STOP_STEP] = "step done",
        [VSIM_STOP_BREAKPOINT] = "breakpoint",
        [VSIM_STOP_TRAP_LOOP] = "trap loop (the guest traps again and again without progress)",
        [VSIM_STOP_HALTED] = "halted (waiting for an interrupt that cannot come)",
        [VSIM_STOP_ERROR] = "error",
        [VSIM_STOP_WATCHPOINT] = "watchpoint",
        [VSIM_STOP_TRAP] = "trap taken",
        [VSIM_STOP_INTERRUPTED] = "interrupted",
        [VSIM_STOP_UNTIL] = "reached the until address",
    };
    if ((unsigned)reason >= VSIM_STOP_COUNT_)
        return "unknown stop reason";
    return text[reason];
}

static const char *const dispatch_names[VSIM_DISPATCH_COUNT_] = {
    [VSIM_DISPATCH_SWITCH] = "switch",
    [VSIM_DISPATCH_INDIRECT] = "indirect",
    [VSIM_DISPATCH_DIRECT] = "direct",
};

const char *vsim_dispatch_name(vsim_dispatch d)
{
    return (unsigned)d < VSIM_DISPATCH_COUNT_ ? dispatch_names[d] : "unknown";
}

vsim_status vsim_dispatch_parse(const char *name, vsim_dispatch *out)
{
    if (!out)
        return VSIM_ERR_INVALID_ARG;
    for (unsigned i = 0; name && i < VSIM_DISPATCH_COUNT_; i++) {
        if (strcasecmp(name, dispatch_names[i]) == 0) {
            *out = (vsim_dispatch)i;
            return VSIM_OK;
        }
    }
    return VSIM_ERR_INVALID_ARG;
}

vsim_status vsim_get_reg(const vsim_machine *m, unsigned reg, uint64_t *value)
{
    if (!m || !value || reg >= 32)
        return VSIM_ERR_INVALID_ARG;
    *value = m->cpu.x[reg];
    return VSIM_OK;
}

vsim_status vsim_set_reg(vsim_machine *m, unsigned reg, uint64_t value)
{
    if (!m || reg >= 32)
        return VSIM_ERR_INVALID_ARG;
    if (reg != 0)
        m->cpu.x[reg] = value;
    return VSIM_OK;
}

vsim_status vsim_get_regs(const vsim_machine *m, uint64_t regs[32])
{
    if (!m || !regs)
        return VSIM_ERR_INVALID_ARG;
    memcpy(regs, m->cpu.x, 32 * sizeof regs[0]);
    return VSIM_OK;
}

uint64_t vsim_get_pc(const vsim_machine *m) { return m ? m->cpu.pc : 0; }

vsim_status vsim_set_pc(vsim_machine *m, uint64_t pc)
{
    if (!m || (pc & 1))
        return VSIM_ERR_INVALID_ARG;
    m->cpu.pc = pc;
    return VSIM_OK;
}

/* The API acts with M-mode rights and outside any instruction. */
static vsim_status csr_access(vsim_machine *m, unsigned csr, uint64_t *value, bool write)
{
    if (!m || !value || csr > 0xfff)
        return VSIM_ERR_INVALID_ARG;
    struct cpu *cpu = &m->cpu;
    uint8_t priv = cpu->priv;
    cpu->priv = PRIV_M;
    bool ok;
    if (write) {
        ok = csr_write(cpu, csr, *value);
        /* csr_write discounts the writing instruction; here there is none. */
        if (csr == 0xb02) /* minstret */
            cpu->instret = *value;
        if (csr == 0xb00) /* mcycle */
            cpu->cycle = *value;
        cpu->exit_request = 0;
    } else {
        ok = csr_read(cpu, csr, value);
    }
    cpu->priv = priv;
    if (!ok)
        return machine_error(m, VSIM_ERR_INVALID_ARG, "CSR 0x%03x does not exist or is read-only", csr);
    return VSIM_OK;
}

vsim_status vsim_get_csr(vsim_machine *m, unsigned csr, uint64_t *value)
{
    return csr_access(m, csr, value, false);
}

vsim_status vsim_set_csr(vsim_machine *m, unsigned csr, uint64_t value)
{
    return csr_access(m, csr, &value, true);
}

int vsim_csr_number(const char *name) { return name ? csr_by_name(name) : -1; }

vsim_status vsim_read_phys(vsim_machine *m, uint64_t addr, void *buf, size_t len)
{
    if (!m || (!buf && len))
        return VSIM_ERR_INVALID_ARG;
    if (phys_copy_from(&m->mem, addr, buf, len))
        return VSIM_OK;
    uint64_t v;
    if ((len == 1 || len == 2 || len == 4 || len == 8) && phys_read(&m->mem, addr, (unsigned)len, &v)) {
        memcpy(buf, &v, len);
        return VSIM_OK;
    }
    return machine_error(m, VSIM_ERR_BAD_ADDRESS, "cannot read %zu bytes at physical address 0x%llx",
                         len, (unsigned long long)addr);
}

vsim_status vsim_write_phys(vsim_machine *m, uint64_t addr, const void *buf, size_t len)
{
    if (!m || (!buf && len))
        return VSIM_ERR_INVALID_ARG;
    if (phys_copy_to(&m->mem, addr, buf, len))
        return VSIM_OK;
    uint64_t v = 0;
    if (len == 1 || len == 2 || len == 4 || len == 8) {
        memcpy(&v, buf, len);
        if (phys_write(&m->mem, addr, (unsigned)len, v))
            return VSIM_OK;
    }
    return machine_error(m, VSIM_ERR_BAD_ADDRESS, "cannot write %zu bytes at physical address 0x%llx",
                         len, (unsigned long long)addr);
}

int vsim_disasm(uint32_t insn, uint64_t pc, char *buf, size_t bufsize)
{
    return disasm_insn(insn, pc, buf, bufsize);
}

void vsim_get_stats(const vsim_machine *m, vsim_stats *out)
{
    if (!out)
        return;
    memset(out, 0, sizeof *out);
    if (!m)
        return;
    out->insns = m->cpu.retired;
    out->traps = m->cpu.trap_count;
    out->tlb_hits = m->cpu.tlb.hits;
    out->tlb_misses = m->cpu.tlb.misses;
    const struct predecode *pd = m->cpu.pd;
    if (pd) {
        out->predecode_pages = pd->pages_decoded;
        out->predecode_invalidations = pd->invalidations;
        out->predecode_evictions = pd->evictions;
        out->predecode_bytes = pd->allocated * sizeof(struct pd_page);
    }
}
