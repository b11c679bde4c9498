/*
 * A machine's life: create, reset, run, stop, destroy. The run loop lives
 * here: between slices of dispatched instructions it updates device
 * interrupt lines, takes interrupts, waits on wfi and reports stops.
 */
#include "machine.h"

#include "interp/predecode.h"
#include "mmu/mmu.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Instructions per slice between checks of timers and devices: the bound on
 * how late a timer interrupt can be taken. */
#define RUN_SLICE 16384
#define DEFAULT_RAM (128ull << 20)
#define MIN_RAM (64ull << 10)
#define MAX_RAM (64ull << 30)

static const interp_fn dispatchers[VSIM_DISPATCH_COUNT_] = {
    [VSIM_DISPATCH_SWITCH] = interp_switch_run,
    [VSIM_DISPATCH_INDIRECT] = interp_indirect_run,
    [VSIM_DISPATCH_DIRECT] = interp_direct_run,
};
#define DEFAULT_PREDECODE_PAGES 2048 /* 64 MiB of records at most */

vsim_status machine_error(vsim_machine *m, vsim_status status, const char *fmt, ...)
{
    if (m) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(m->error, sizeof m->error, fmt, ap);
        va_end(ap);
    }
    return status;
}

void machine_request_stop(vsim_machine *m, vsim_stop_reason reason, int exit_code)
{
    if (m->pending_stop.reason == VSIM_STOP_NONE) {
        m->pending_stop.reason = reason;
        m->pending_stop.exit_code = exit_code;
    }
    m->cpu.exit_request |= EXIT_STOP;
}

void machine_code_changed(vsim_machine *m)
{
    if (m->cpu.pd) {
        pd_flush(m->cpu.pd);
        m->cpu.exit_request |= EXIT_CHECK; /* the running page may be gone */
    }
}

uint64_t machine_clock_ticks(const vsim_machine *m)
{
    if (m->cfg.clock == VSIM_CLOCK_INSNS)
        return m->cpu.retired / VSIM_INSNS_PER_TICK + m->idle_ticks;
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    int64_t ns = (int64_t)(now.tv_sec - m->epoch.tv_sec) * 1000000000 + (now.tv_nsec - m->epoch.tv_nsec);
    return (uint64_t)ns / (1000000000 / CLINT_FREQ_HZ);
}

uint64_t machine_time(vsim_machine *m) { return clint_mtime(&m->clint); }

/* Interrupt lines into the PLIC. */
static void virtio_irq(void *opaque, int level)
{
    struct virtio_slot *s = opaque;
    plic_set_irq(&s->m->plic, s->irq, level);
}

static void uart_irq(void *opaque, int level)
{
    vsim_machine *m = opaque;
    plic_set_irq(&m->plic, BOARD_UART0_IRQ, level);
}

static void rtc_irq(void *opaque, int level)
{
    vsim_machine *m = opaque;
    plic_set_irq(&m->plic, BOARD_RTC_IRQ, level);
}

/* The RTC's wall clock: the host's, or under the deterministic clock a
 * fixed date (2026-01-01) advancing with the machine's clock. */
static uint64_t rtc_now_ns(void *opaque)
{
    vsim_machine *m = opaque;
    if (m->cfg.clock == VSIM_CLOCK_INSNS)
        return 1767225600ull * 1000000000ull + machine_clock_ticks(m) * (1000000000ull / CLINT_FREQ_HZ);
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static void on_flagged_write(void *opaque, uint64_t pa, unsigned len, uint8_t flags)
{
    vsim_machine *m = opaque;
    if ((flags & PF_CODE) && pd_invalidate(m->cpu.pd, pa, len))
        m->cpu.exit_request |= EXIT_CHECK; /* the running page may be gone */
    if (flags & PF_WATCH)
        htif_on_write(&m->htif, pa, len);
}

void vsim_config_init(vsim_config *cfg)
{
    if (!cfg)
        return;
    memset(cfg, 0, sizeof *cfg);
    cfg->struct_size = sizeof *cfg;
    cfg->ram_size = DEFAULT_RAM;
    cfg->dispatch = VSIM_DISPATCH_SWITCH;
}

vsim_status vsim_config_check(const vsim_config *cfg, char *msg, size_t size)
{
    char scratch[1];
    if (!msg || size == 0) {
        msg = scratch;
        size = sizeof scratch;
    }
    if (!cfg) {
        snprintf(msg, size, "no configuration");
        return VSIM_ERR_INVALID_ARG;
    }
    if (cfg->struct_size != sizeof *cfg) {
        snprintf(msg, size, "vsim_config.struct_size is %zu, expected %zu (call vsim_config_init)",
                 cfg->struct_size, sizeof *cfg);
        return VSIM_ERR_INVALID_ARG;
    }
    if (cfg->ram_size < MIN_RAM || cfg->ram_size > MAX_RAM || (cfg->ram_size & PAGE_MASK)) {
        snprintf(msg, size, "RAM size %llu is not a multiple of 4 KiB between 64 KiB and 64 GiB",
                 (unsigned long long)cfg->ram_size);
        return VSIM_ERR_INVALID_ARG;
    }
    if ((unsigned)cfg->dispatch >= VSIM_DISPATCH_COUNT_) {
        snprintf(msg, size, "unknown dispatch strategy %d", (int)cfg->dispatch);
        return VSIM_ERR_INVALID_ARG;
    }
    if ((unsigned)cfg->clock > VSIM_CLOCK_INSNS) {
        snprintf(msg, size, "unknown clock %d", (int)cfg->clock);
        return VSIM_ERR_INVALID_ARG;
    }
    if (!dispatchers[cfg->dispatch]) {
        snprintf(msg, size, "dispatch strategy '%s' is not available in this build",
                 vsim_dispatch_name(cfg->dispatch));
        return VSIM_ERR_UNSUPPORTED;
    }
    return VSIM_OK;
}

vsim_status vsim_create(const vsim_config *cfg, vsim_machine **out)
{
    if (!out)
        return VSIM_ERR_INVALID_ARG;
    *out = NULL;
    vsim_config defaults;
    if (!cfg) {
        vsim_config_init(&defaults);
        cfg = &defaults;
    }
    char msg[256];
    vsim_status st = vsim_config_check(cfg, msg, sizeof msg);
    if (st != VSIM_OK)
        return st;

    vsim_machine *m = calloc(1, sizeof *m);
    if (!m)
        return VSIM_ERR_NO_MEMORY;
    m->cfg = *cfg;
    m->run_fn = dispatchers[cfg->dispatch];
    m->dec = malloc(sizeof *m->dec);
    if (!m->dec || !physmem_init(&m->mem, BOARD_RAM_BASE, cfg->ram_size, &m->bus)) {
        vsim_destroy(m);
        return VSIM_ERR_NO_MEMORY;
    }
    decoder_init(m->dec);
    if (cfg->dispatch == VSIM_DISPATCH_DIRECT) {
        uint64_t pages = cfg->predecode_cache_pages ? cfg->predecode_cache_pages : DEFAULT_PREDECODE_PAGES;
        m->cpu.pd = pd_create(&m->mem, pages > (1u << 20) ? (1u << 20) : (unsigned)pages);
        if (!m->cpu.pd) {
            vsim_destroy(m);
            return VSIM_ERR_NO_MEMORY;
        }
    }
    m->mem.on_flagged_write = on_flagged_write;
    m->mem.hook_opaque = m;
    clock_gettime(CLOCK_MONOTONIC, &m->epoch);

    uart16550_init(&m->uart, cfg->console_write, cfg->console_read, cfg->console_opaque);
    m->uart.set_irq = uart_irq;
    m->uart.irq_opaque = m;
    struct bus_device devs[] = {
        syscon_device(&m->syscon, m, BOARD_SYSCON_BASE),
        clint_device(&m->clint, m, BOARD_CLINT_BASE),
        plic_device(&m->plic, plic_cpu_set_eip, &m->cpu, BOARD_PLIC_BASE),
        uart16550_device(&m->uart, BOARD_UART0_BASE),
        goldfish_rtc_device(&m->rtc, rtc_now_ns, rtc_irq, m, BOARD_RTC_BASE),
    };
    m->has_plic = m->has_rtc = true;
    for (unsigned i = 0; i < BOARD_VIRTIO_SLOTS; i++)
        m->virtio[i] = (struct virtio_slot){ .m = m, .irq = 1 + i };
    m->virtio[0].used = true;
    struct bus_device rng = virtio_rng_device(&m->rng, &m->mem, BOARD_VIRTIO_BASE, m->cfg.clock == VSIM_CLOCK_INSNS,
                                              virtio_irq, &m->virtio[0]);
    bus_add(&m->bus, &rng);
    for (size_t i = 0; i < sizeof devs / sizeof devs[0]; i++)
        bus_add(&m->bus, &devs[i]);

    m->cpu.m = m;
    m->cpu.dec = m->dec;
    m->cpu.mem = &m->mem;
    m->cpu.mhartid = cfg->hartid;
    m->entry = BOARD_RAM_BASE;
    vsim_reset(m);
    *out = m;
    return VSIM_OK;
}

void vsim_destroy(vsim_machine *m)
{
    if (!m)
        return;
    elf_free_symbols(m);
    for (unsigned i = 0; i < BOARD_VIRTIO_SLOTS; i++) {
        virtio_blk_close(m->virtio[i].blk);
        virtio_net_close(m->virtio[i].net);
    }
    pd_destroy(m->cpu.pd);
    physmem_free(&m->mem);
    free(m->dec);
    free(m);
}

const char *vsim_last_error(const vsim_machine *m) { return m ? m->error : "no machine"; }

vsim_status vsim_reset(vsim_machine *m)
{
    if (!m)
        return VSIM_ERR_INVALID_ARG;
    cpu_reset(&m->cpu, m->entry);
    /* As on the virt board's boot ROM: a0 = hartid (a1 = device tree). */
    m->cpu.x[10] = m->cpu.mhartid;
    clint_reset(&m->clint);
    plic_reset(&m->plic);
    goldfish_rtc_reset(&m->rtc);
    virtio_rng_reset(&m->rng);
    for (unsigned i = 0; i < BOARD_VIRTIO_SLOTS; i++) {
        if (m->virtio[i].blk)
            virtio_blk_reset(m->virtio[i].blk);
        if (m->virtio[i].net)
            virtio_net_reset(m->virtio[i].net);
    }
    m->waiting_for_irq = false;
    m->pending_stop = (vsim_stop){ 0 };
    m->last_stop = (vsim_stop){ 0 };
    m->idle_ticks = 0;
    machine_code_changed(m);
    return VSIM_OK;
}

/* Device state the hart sees between slices: interrupt lines and HTIF. */
static void poll_devices(vsim_machine *m)
{
    clint_update_irqs(&m->clint, &m->cpu);
    uart16550_poll(&m->uart);
    goldfish_rtc_poll(&m->rtc);
    for (unsigned i = 0; i < BOARD_VIRTIO_SLOTS; i++)
        if (m->virtio[i].net)
            virtio_net_poll(m->virtio[i].net, 0);
    if (m->htif.pending)
        htif_poll(&m->htif);
}

/* wfi: true if an interrupt is (or has become) pending; false if nothing
 * enabled could ever wake the hart. Otherwise sleep a little and retry. */
static bool wait_for_irq(vsim_machine *m, bool *can_wake)
{
    struct cpu *cpu = &m->cpu;
    *can_wake = true;
    if (cpu->mip & cpu->mie)
        return true;
    bool timer = (cpu->mie & (1ull << IRQ_MTI)) && m->clint.mtimecmp != UINT64_MAX;
    /* External interrupts can come from console input or the RTC alarm:
     * poll for them while sleeping. */
    bool external = (cpu->mie & ((1ull << IRQ_MEI) | (1ull << IRQ_SEI))) != 0;
    if (external && !timer) {
        struct timespec ts = { 0, 1000000 };
        nanosleep(&ts, NULL);
        poll_devices(m);
        return (cpu->mip & cpu->mie) != 0;
    }
    /* (with a network device, sleeping also waits for its sockets) */
    if (!timer) {
        *can_wake = false;
        return false;
    }
    uint64_t now = clint_mtime(&m->clint);
    uint64_t ticks = m->clint.mtimecmp > now ? m->clint.mtimecmp - now : 0;
    if (m->cfg.clock == VSIM_CLOCK_INSNS) {
        /* Nothing runs until the timer fires: jump the clock there. */
        m->idle_ticks += ticks;
        clint_update_irqs(&m->clint, cpu);
        return (cpu->mip & cpu->mie) != 0;
    }
    uint64_t ns = ticks * (1000000000 / CLINT_FREQ_HZ);
    if (ns > 10000000)
        ns = 10000000; /* wake at least every 10 ms to keep the loop responsive */
    struct timespec ts = { 0, (long)ns };
    while (nanosleep(&ts, &ts) == -1 && errno == EINTR) {
    }
    poll_devices(m);
    return (cpu->mip & cpu->mie) != 0;
}

/* Under the deterministic clock, the number of instructions after which
 * mtime reaches mtimecmp, so the slice can end at exactly that boundary. */
static uint64_t until_timer(const vsim_machine *m, uint64_t limit)
{
    uint64_t now = clint_mtime(&m->clint);
    if (m->clint.mtimecmp == UINT64_MAX || m->clint.mtimecmp <= now)
        return limit;
    uint64_t ticks = m->clint.mtimecmp - now;
    if (ticks > UINT64_MAX / VSIM_INSNS_PER_TICK)
        return limit;
    uint64_t insns = ticks * VSIM_INSNS_PER_TICK - m->cpu.retired % VSIM_INSNS_PER_TICK;
    return insns < limit ? insns : limit;
}

static vsim_stop trap_stop(const struct cpu *cpu)
{
    return (vsim_stop){ .reason = VSIM_STOP_TRAP, .cause = cpu->last_trap_cause, .tval = cpu->last_trap_tval };
}

/* Tell the trace hook about the instruction at pc, before it runs. */
static void trace_one(vsim_machine *m)
{
    uint32_t insn = 0;
    uint64_t pa;
    if (mmu_translate_debug(&m->cpu, m->cpu.pc, 0, &pa, NULL) && vsim_read_phys(m, pa, &insn, 2) == VSIM_OK &&
        (insn & 3) == 3) {
        uint64_t pa2;
        uint16_t hi = 0;
        if (mmu_translate_debug(&m->cpu, m->cpu.pc + 2, 0, &pa2, NULL))
            vsim_read_phys(m, pa2, &hi, 2);
        insn |= (uint32_t)hi << 16;
    }
    m->trace_fn(m->trace_opaque, m->cpu.pc, insn, m->cpu.priv);
}

static vsim_status finish(vsim_machine *m, vsim_stop s, vsim_stop *out)
{
    s.pc = s.pc ? s.pc : m->cpu.pc;
    m->last_stop = s;
    if (out)
        *out = s;
    return VSIM_OK;
}

static vsim_status run(vsim_machine *m, uint64_t max_insns, bool step, vsim_stop *out)
{
    struct cpu *cpu = &m->cpu;
    uint64_t remaining = max_insns ? max_insns : UINT64_MAX;
    cpu->stop_after_trap = step;
    uint64_t exact = 0; /* instructions the indirect dispatcher must do next */
    /* Resuming from a debugger stop: the instruction there executes first,
     * with breakpoint and watchpoint checks suppressed, so it does not stop
     * again at once. */
    bool resume = ((m->last_stop.reason == VSIM_STOP_BREAKPOINT || m->last_stop.reason == VSIM_STOP_WATCHPOINT ||
                    m->last_stop.reason == VSIM_STOP_UNTIL) &&
                   m->last_stop.pc == cpu->pc) ||
                  debug_is_break(cpu, cpu->pc);
    m->last_stop.reason = VSIM_STOP_NONE;

    for (;;) {
        if (atomic_exchange(&m->interrupt_requested, 0))
            return finish(m, (vsim_stop){ .reason = VSIM_STOP_INTERRUPTED }, out);
        if (m->pending_stop.reason != VSIM_STOP_NONE) {
            vsim_stop s = m->pending_stop;
            m->pending_stop = (vsim_stop){ 0 };
            s.pc = cpu->pc;
            if (s.reason == VSIM_STOP_RESET)
                vsim_reset(m);
            return finish(m, s, out);
        }
        poll_devices(m);
        if (m->pending_stop.reason != VSIM_STOP_NONE)
            continue;

        int irq = cpu_pending_irq(cpu);
        if (irq >= 0) {
            m->waiting_for_irq = false;
            cpu->exit_request = 0;
            cpu_take_trap(cpu, CAUSE_INTERRUPT | (uint64_t)irq, 0);
            if (cpu->exit_request & EXIT_TRAP_STOP)
                return finish(m, trap_stop(cpu), out);
            if (step)
                return finish(m, (vsim_stop){ .reason = VSIM_STOP_STEP }, out);
        }
        if (m->waiting_for_irq) {
            bool can_wake;
            if (wait_for_irq(m, &can_wake)) {
                m->waiting_for_irq = false;
            } else if (!can_wake) {
                return finish(m, (vsim_stop){ .reason = VSIM_STOP_HALTED }, out);
            }
            continue;
        }

        uint64_t limit = remaining;
        if (m->cfg.max_insns) {
            if (m->cpu.retired >= m->cfg.max_insns)
                return finish(m, (vsim_stop){ .reason = VSIM_STOP_INSN_LIMIT }, out);
            if (m->cfg.max_insns - m->cpu.retired < limit)
                limit = m->cfg.max_insns - m->cpu.retired;
        }
        if (limit == 0)
            return finish(m, (vsim_stop){ .reason = step ? VSIM_STOP_STEP : VSIM_STOP_INSN_LIMIT }, out);

        if (m->cfg.clock == VSIM_CLOCK_INSNS)
            limit = until_timer(m, limit);
        /* What the direct dispatcher cannot do exactly (a page-straddling
         * instruction, a budget ending inside a run) the indirect one does:
         * the same semantics, counted one instruction at a time. */
        /* So does a traced run, and the resumed instruction. */
        if (m->trace_fn || resume)
            exact = 1;
        interp_fn fn = exact ? interp_indirect_run : m->run_fn;
        uint64_t slice = limit < RUN_SLICE ? limit : RUN_SLICE;
        if (exact && exact < slice)
            slice = exact;
        if (m->trace_fn)
            trace_one(m);
        cpu->exit_request = 0;
        cpu->dbg.suppress = resume;
        uint64_t n = fn(cpu, slice);
        cpu->dbg.suppress = false;
        resume = false;
        if (remaining != UINT64_MAX)
            remaining -= n;

        uint32_t why = cpu->exit_request;
        exact = (why & EXIT_EXACT) ? cpu->exact_insns : 0;
        if (why & EXIT_TRAP_LOOP) {
            vsim_stop s = { .reason = VSIM_STOP_TRAP_LOOP, .pc = cpu->last_trap_epc,
                            .cause = cpu->last_trap_cause, .tval = cpu->last_trap_tval };
            return finish(m, s, out);
        }
        if (why & EXIT_DEBUG) {
            vsim_stop s = { .reason = VSIM_STOP_BREAKPOINT };
            if (cpu->exc_cause == CAUSE_DEBUG_WATCH) {
                s.reason = VSIM_STOP_WATCHPOINT;
                s.addr = cpu->dbg.hit_addr;
                s.watch = cpu->dbg.hit_kind;
            }
            return finish(m, s, out);
        }
        if (why & EXIT_TRAP_STOP)
            return finish(m, trap_stop(cpu), out);
        if (why & EXIT_WFI)
            m->waiting_for_irq = true;
        /* A step is one dispatch: retired, or trapped (stop_after_trap).
         * A stop a device requested during it is reported instead. */
        if (step && !exact && m->pending_stop.reason == VSIM_STOP_NONE)
            return finish(m, (vsim_stop){ .reason = VSIM_STOP_STEP }, out);
    }
}

/* The highest free virtio slot (QEMU fills them from the top), or -1. */
static int free_virtio_slot(vsim_machine *m)
{
    for (int slot = BOARD_VIRTIO_SLOTS - 1; slot >= 0; slot--)
        if (!m->virtio[slot].used)
            return slot;
    return -1;
}

vsim_status vsim_attach_net(vsim_machine *m, const char *netdev)
{
    if (!m || !netdev)
        return VSIM_ERR_INVALID_ARG;
    int slot = free_virtio_slot(m);
    if (slot < 0)
        return machine_error(m, VSIM_ERR_NO_MEMORY, "no free virtio slot for the network");
    char err[256];
    struct virtio_net *net = virtio_net_open(netdev, err, sizeof err);
    if (!net)
        return machine_error(m, VSIM_ERR_INVALID_ARG, "%s", err);
    struct bus_device dev = virtio_net_device(net, &m->mem, BOARD_VIRTIO_BASE + (uint64_t)slot * 0x1000, virtio_irq,
                                              &m->virtio[slot]);
    if (!bus_add(&m->bus, &dev)) {
        virtio_net_close(net);
        return machine_error(m, VSIM_ERR_NO_MEMORY, "cannot map the network device");
    }
    m->virtio[slot].used = true;
    m->virtio[slot].net = net;
    return VSIM_OK;
}

vsim_status vsim_attach_disk(vsim_machine *m, const char *path, int readonly)
{
    if (!m || !path)
        return VSIM_ERR_INVALID_ARG;
    int slot = free_virtio_slot(m);
    if (slot < 0)
        return machine_error(m, VSIM_ERR_NO_MEMORY, "no free virtio slot for %s", path);
    char err[256];
    struct virtio_blk *blk = virtio_blk_open(path, readonly != 0, err, sizeof err);
    if (!blk)
        return machine_error(m, VSIM_ERR_IO, "%s", err);
    struct bus_device dev = virtio_blk_device(blk, &m->mem, BOARD_VIRTIO_BASE + slot * 0x1000ull, virtio_irq,
                                              &m->virtio[slot]);
    if (!bus_add(&m->bus, &dev)) {
        virtio_blk_close(blk);
        return machine_error(m, VSIM_ERR_NO_MEMORY, "cannot map the disk");
    }
    m->virtio[slot].used = true;
    m->virtio[slot].blk = blk;
    return VSIM_OK;
}

vsim_status vsim_run(vsim_machine *m, uint64_t max_insns, vsim_stop *stop)
{
    if (!m)
        return VSIM_ERR_INVALID_ARG;
    return run(m, max_insns, false, stop);
}

vsim_status vsim_step(vsim_machine *m, vsim_stop *stop)
{
    if (!m)
        return VSIM_ERR_INVALID_ARG;
    return run(m, 1, true, stop);
}

vsim_stop vsim_last_stop(const vsim_machine *m)
{
    return m ? m->last_stop : (vsim_stop){ .reason = VSIM_STOP_ERROR };
}

uint64_t vsim_insn_count(const vsim_machine *m) { return m ? m->cpu.retired : 0; }
