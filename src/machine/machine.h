/*
 * The machine behind the opaque vsim_machine handle: one hart, RAM, the
 * device bus and the devices of our `virt`-like board. Internal to libvsim.
 */
#ifndef VSIM_MACHINE_MACHINE_H
#define VSIM_MACHINE_MACHINE_H

#include <stdarg.h>
#include <stdatomic.h>
#include <stdint.h>
#include <time.h>

#include "cpu/cpu.h"
#include "devices/bus.h"
#include "devices/clint.h"
#include "devices/goldfish_rtc.h"
#include "devices/htif.h"
#include "devices/plic.h"
#include "devices/virtio_blk.h"
#include "devices/virtio_net.h"
#include "devices/virtio_rng.h"
#include "devices/syscon.h"
#include "devices/uart16550.h"
#include "interp/interp.h"
#include "mmu/physmem.h"
#include "vsim/vsim.h"

/* Board addresses (../shared/reference/virt-board.md). */
#define BOARD_SYSCON_BASE 0x00100000ull
#define BOARD_CLINT_BASE 0x02000000ull
#define BOARD_UART0_BASE 0x10000000ull
#define BOARD_RAM_BASE 0x80000000ull
#define BOARD_ROM_BASE 0x1000ull
#define BOARD_ROM_SIZE 0xf000ull
#define BOARD_RTC_BASE 0x00101000ull
#define BOARD_PLIC_BASE 0x0c000000ull
#define BOARD_UART0_IRQ 10
#define BOARD_VIRTIO_BASE 0x10001000ull /* slot n at + n * 0x1000, PLIC source 1 + n */
#define BOARD_VIRTIO_SLOTS 8
#define BOARD_RTC_IRQ 11

struct elf_symbol {
    uint64_t value, size;
    char *name;
};

struct vsim_machine {
    struct cpu cpu; /* first: the interpreters' hot state */
    vsim_config cfg;
    interp_fn run_fn;
    struct decoder *dec;
    struct physmem mem;
    struct bus bus;

    struct uart16550 uart;
    struct syscon syscon;
    struct clint clint;
    struct htif htif;
    struct plic plic;
    struct goldfish_rtc rtc;
    /* virtio-mmio slots: the entropy device in slot 0, disks from slot 7 down
     * (the first disk where QEMU puts it, 0x10008000) */
    struct virtio_slot {
        vsim_machine *m;
        unsigned irq;
        bool used;
        struct virtio_blk *blk; /* or NULL */
        struct virtio_net *net; /* or NULL */
    } virtio[BOARD_VIRTIO_SLOTS];
    struct virtio_rng rng;

    bool waiting_for_irq;      /* executed wfi, nothing pending yet */
    atomic_int interrupt_requested; /* vsim_interrupt(), from any thread */
    vsim_trace_fn trace_fn;
    void *trace_opaque;
    vsim_stop pending_stop;    /* set by a device; reported by vsim_run */
    vsim_stop last_stop;
    uint64_t idle_ticks;       /* deterministic clock: time skipped while in wfi */
    struct timespec epoch;     /* host time at creation: mtime 0 */

    uint64_t entry;
    uint64_t dtb_addr;         /* device tree in RAM when booting firmware */
    bool has_plic, has_rtc;
    struct elf_symbol *symbols;
    size_t symbol_count;

    char error[512];
};

/* Record a failure message on the machine; returns status for chaining. */
vsim_status machine_error(vsim_machine *m, vsim_status status, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* A device asks the machine to stop once the current instruction retires. */
void machine_request_stop(vsim_machine *m, vsim_stop_reason reason, int exit_code);

/* Code in memory may have changed meaning (fence.i, misa.C): drop any
 * decoded copies. */
void machine_code_changed(vsim_machine *m);

/* The machine's clock in 10 MHz ticks since creation (host time). */
uint64_t machine_clock_ticks(const vsim_machine *m);
/* mtime as the guest sees it (the time CSR, the CLINT). */
uint64_t machine_time(vsim_machine *m);

/* The device tree of this machine (machine/fdt.c); the caller frees *out. */
vsim_status machine_build_fdt(vsim_machine *m, const char *bootargs, uint64_t initrd_start, uint64_t initrd_end,
                              void **out, size_t *out_size);

/* ELF loading (machine/elf.c). */
vsim_status elf_load(vsim_machine *m, const uint8_t *data, size_t size, const char *what);
void elf_free_symbols(vsim_machine *m);

#endif
