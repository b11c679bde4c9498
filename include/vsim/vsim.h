/*
 * libvsim — a full-system RISC-V (RV64) machine simulator, as a library.
 *
 * Everything a program needs to embed a simulated machine: create one from a
 * configuration, load a program, run it (all at once, N instructions at a
 * time, or one step), look at and change its registers, CSRs and memory.
 *
 * Rules the library keeps, so that embedders can rely on them:
 *  - No global mutable state. Each vsim_machine is independent; different
 *    machines may run on different threads at the same time. One machine must
 *    not be used from two threads at once.
 *  - The library never exits, aborts or prints. Failures come back as a
 *    vsim_status; vsim_last_error() gives a message naming what was wrong.
 *    Guest console output reaches the embedder only through the callback in
 *    vsim_config.
 *  - A misbehaving guest (garbage instructions, accesses to unmapped memory)
 *    gets the architectural trap, never a host error.
 */
#ifndef VSIM_VSIM_H
#define VSIM_VSIM_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define VSIM_VERSION_MAJOR 0
#define VSIM_VERSION_MINOR 1
#define VSIM_VERSION_PATCH 0
/* One number that compares: 0x00MMmmpp. */
#define VSIM_VERSION ((VSIM_VERSION_MAJOR << 16) | (VSIM_VERSION_MINOR << 8) | VSIM_VERSION_PATCH)
#define VSIM_VERSION_STRING "0.1.0"

#if defined(__GNUC__) && !defined(VSIM_STATIC_BUILD)
#define VSIM_API __attribute__((visibility("default")))
#else
#define VSIM_API
#endif

/* Status codes. 0 is success; every other value has a vsim_strerror() text. */
typedef enum vsim_status {
    VSIM_OK = 0,
    VSIM_ERR_INVALID_ARG,   /* a NULL handle, an unknown register, a bad config value */
    VSIM_ERR_NO_MEMORY,     /* the host could not allocate what was asked */
    VSIM_ERR_IO,            /* a file could not be opened or read */
    VSIM_ERR_BAD_ELF,       /* not an ELF file, truncated, or malformed */
    VSIM_ERR_WRONG_ARCH,    /* an ELF, but not a RISC-V 64-bit little-endian one */
    VSIM_ERR_OUT_OF_RAM,    /* data would land outside guest RAM */
    VSIM_ERR_BAD_ADDRESS,   /* a physical address that is not RAM or a device */
    VSIM_ERR_UNSUPPORTED,   /* a feature this build or machine does not have */
    VSIM_ERR_STATE,         /* the call is not allowed in the machine's state */
    VSIM_STATUS_COUNT_
} vsim_status;

/* How guest instructions are dispatched. All give identical results;
 * they differ in speed and are there to be compared. */
typedef enum vsim_dispatch {
    VSIM_DISPATCH_SWITCH = 0,   /* fetch, decode, switch on the opcode */
    VSIM_DISPATCH_INDIRECT = 1, /* indirect threaded: computed goto via a label table */
    VSIM_DISPATCH_DIRECT = 2,   /* direct threaded over predecoded instructions */
    VSIM_DISPATCH_COUNT_
} vsim_dispatch;

/* Where mtime (the CLINT timer, the time CSR) comes from. */
typedef enum vsim_clock {
    VSIM_CLOCK_HOST = 0,  /* host monotonic time: for interactive use */
    VSIM_CLOCK_INSNS = 1, /* retired instructions / VSIM_INSNS_PER_TICK (+ time
                             skipped in wfi): runs are exactly reproducible,
                             interrupts arrive at the same instruction in
                             every run and every dispatch strategy; the RTC
                             and virtio-rng are deterministic too (a fixed
                             date, a fixed-seed byte stream) */
} vsim_clock;
/* Deterministic clock rate: 10 instructions per 100 ns tick (100 MIPS nominal). */
#define VSIM_INSNS_PER_TICK 10

/* Why vsim_run() / vsim_step() returned. */
typedef enum vsim_stop_reason {
    VSIM_STOP_NONE = 0,      /* not stopped yet (initial state) */
    VSIM_STOP_POWEROFF,      /* the guest powered off; see exit_code */
    VSIM_STOP_RESET,         /* the guest asked for a reset (the machine has been reset) */
    VSIM_STOP_INSN_LIMIT,    /* the instruction budget is used up */
    VSIM_STOP_STEP,          /* one step done (vsim_step) */
    VSIM_STOP_BREAKPOINT,    /* an ebreak with nowhere to go, or an embedder's breakpoint */
    VSIM_STOP_TRAP_LOOP,     /* the guest trapped again and again with no instruction retiring */
    VSIM_STOP_HALTED,        /* the guest waits for an interrupt that can never come */
    VSIM_STOP_ERROR,         /* a host-side error; see vsim_last_error() */
    VSIM_STOP_WATCHPOINT,    /* a watched address was accessed; see vsim_stop.addr */
    VSIM_STOP_TRAP,          /* a trap selected by vsim_stop_on_trap() was taken */
    VSIM_STOP_INTERRUPTED,   /* vsim_interrupt() was called (e.g. from another thread) */
    VSIM_STOP_UNTIL,         /* vsim_run_until() reached its address */
    VSIM_STOP_COUNT_
} vsim_stop_reason;

typedef struct vsim_stop {
    vsim_stop_reason reason;
    int exit_code;      /* for VSIM_STOP_POWEROFF: the guest's exit status */
    uint64_t pc;        /* pc at the stop (for a trap loop: the trapping pc) */
    uint64_t cause;     /* VSIM_STOP_TRAP_LOOP / VSIM_STOP_TRAP: the cause (interrupt bit 63) */
    uint64_t tval;      /* ... and its tval */
    uint64_t addr;      /* VSIM_STOP_WATCHPOINT: the data address accessed */
    unsigned watch;     /* VSIM_STOP_WATCHPOINT: VSIM_WATCH_READ or VSIM_WATCH_WRITE */
} vsim_stop;

/* Console output: called with bytes the guest wrote to its UART or HTIF console. */
typedef void (*vsim_console_write_fn)(void *opaque, const uint8_t *buf, size_t len);
/* Console input: return a byte (0..255) if one is ready, or -1. May be NULL. */
typedef int (*vsim_console_read_fn)(void *opaque);

typedef struct vsim_config {
    size_t struct_size;          /* sizeof(vsim_config); set by vsim_config_init */
    uint64_t ram_size;           /* bytes of RAM at 0x80000000; default 128 MiB */
    vsim_dispatch dispatch;      /* default VSIM_DISPATCH_SWITCH */
    uint64_t max_insns;          /* stop after this many retired instructions in all; 0 = no limit */
    uint64_t predecode_cache_pages; /* direct dispatch: max predecoded pages kept; 0 = default */
    uint64_t hartid;             /* value of mhartid; default 0 */
    vsim_clock clock;            /* default VSIM_CLOCK_HOST */
    vsim_console_write_fn console_write;
    vsim_console_read_fn console_read;
    void *console_opaque;
} vsim_config;

typedef struct vsim_machine vsim_machine;

/* Library version at run time ("0.1.0"), and as VSIM_VERSION. */
VSIM_API const char *vsim_version_string(void);
VSIM_API unsigned vsim_version(void);

/* A text for every status and stop reason; never NULL. */
VSIM_API const char *vsim_strerror(vsim_status status);
VSIM_API const char *vsim_stop_reason_name(vsim_stop_reason reason);
VSIM_API const char *vsim_dispatch_name(vsim_dispatch d);
/* Parse "switch", "indirect" or "direct"; VSIM_ERR_INVALID_ARG otherwise. */
VSIM_API vsim_status vsim_dispatch_parse(const char *name, vsim_dispatch *out);

/* Fill a config with defaults. Always call this first, then change fields. */
VSIM_API void vsim_config_init(vsim_config *cfg);

/* Is this configuration acceptable to vsim_create? If not, the status is
 * what vsim_create would return, and msg (if not NULL) says what is wrong. */
VSIM_API vsim_status vsim_config_check(const vsim_config *cfg, char *msg, size_t size);

/* Create a machine. On failure *out is NULL and the status says why
 * (vsim_config_check gives the details for a bad configuration). */
VSIM_API vsim_status vsim_create(const vsim_config *cfg, vsim_machine **out);
VSIM_API void vsim_destroy(vsim_machine *m);

/* The message for the last failure on this machine ("" if none). Valid until the next call. */
VSIM_API const char *vsim_last_error(const vsim_machine *m);

/* Reset the hart (pc to the entry point, registers to zero); memory is kept. */
VSIM_API vsim_status vsim_reset(vsim_machine *m);

/* Load an ELF file: PT_LOAD segments into guest RAM, pc = entry point. Also
 * finds the HTIF `tohost`/`fromhost` symbols and keeps the symbol table. */
VSIM_API vsim_status vsim_load_elf(vsim_machine *m, const char *path);
/* The same from a buffer in memory. */
VSIM_API vsim_status vsim_load_elf_mem(vsim_machine *m, const void *data, size_t size);
/* Load a raw binary file at a guest physical address (in RAM). */
VSIM_API vsim_status vsim_load_raw(vsim_machine *m, const char *path, uint64_t addr);
/* Boot firmware and (optionally) an OS as QEMU's virt board does: the
 * firmware at the start of RAM (default: Debian's OpenSBI fw_dynamic.bin),
 * a kernel Image 2 MiB above it, an initrd, a device tree with the command
 * line, and a boot ROM at 0x1000 that enters the firmware with a0 = hartid,
 * a1 = device tree, a2 = fw_dynamic_info. The machine is reset to the ROM. */
typedef struct vsim_boot {
    const char *bios;   /* raw firmware image; NULL: the default above */
    const char *kernel; /* raw kernel Image, or NULL */
    const char *initrd; /* or NULL */
    const char *append; /* kernel command line, or NULL */
} vsim_boot;
VSIM_API vsim_status vsim_boot_setup(vsim_machine *m, const vsim_boot *boot);
/* Attach a raw disk image as a virtio-blk device (before booting: the
 * device tree lists it). */
VSIM_API vsim_status vsim_attach_disk(vsim_machine *m, const char *path, int readonly);
/* Attach a virtio-net device with user-mode networking (libslirp): netdev
 * as QEMU's -netdev, e.g. "user" or "user,hostfwd=tcp::8080-:80". The
 * guest is 10.0.2.15, the host (and its 127.0.0.1) 10.0.2.2. */
VSIM_API vsim_status vsim_attach_net(vsim_machine *m, const char *netdev);
/* Write the machine's device tree blob (as the guest would get it) to a file. */
VSIM_API vsim_status vsim_dump_dtb(vsim_machine *m, const char *path);

/* Entry point of the last loaded ELF. */
VSIM_API uint64_t vsim_entry(const vsim_machine *m);
/* Look up an ELF symbol of the last loaded ELF; VSIM_ERR_INVALID_ARG if absent. */
VSIM_API vsim_status vsim_symbol(const vsim_machine *m, const char *name, uint64_t *value);
/* Write the guest memory between the ELF symbols `begin_signature` and
 * `end_signature` of the last loaded ELF (the RISC-V architectural tests'
 * signature) to a text file as Spike's +signature= does: one line per
 * `granularity` bytes (4, 8 or 16), each line those bytes as a little-endian
 * number in lowercase hex (8, 16 or 32 digits); a last partial line is padded
 * with zero bytes. The addresses are physical. VSIM_ERR_INVALID_ARG if a
 * symbol is missing, end is below begin or the granularity is not 4, 8 or
 * 16; VSIM_ERR_BAD_ADDRESS if the region is not all in memory; VSIM_ERR_IO
 * if the file cannot be written. */
VSIM_API vsim_status vsim_dump_signature(vsim_machine *m, const char *path, unsigned granularity);

/* Run until the guest stops, a limit is hit, or max_insns more instructions
 * retire (0 = no per-call limit). Returns VSIM_OK unless the call itself was
 * invalid; *stop (may be NULL) says why it returned. */
VSIM_API vsim_status vsim_run(vsim_machine *m, uint64_t max_insns, vsim_stop *stop);
/* Execute one instruction (or take one trap). */
VSIM_API vsim_status vsim_step(vsim_machine *m, vsim_stop *stop);

/* The most recent stop. */
VSIM_API vsim_stop vsim_last_stop(const vsim_machine *m);

/* Retired instructions since creation or reset (minstret). */
VSIM_API uint64_t vsim_insn_count(const vsim_machine *m);

/* Integer registers x0..x31 (x0 reads 0, writes are ignored). */
VSIM_API vsim_status vsim_get_reg(const vsim_machine *m, unsigned reg, uint64_t *value);
VSIM_API vsim_status vsim_set_reg(vsim_machine *m, unsigned reg, uint64_t value);
/* All 32 integer registers at once (regs[0] is 0). */
VSIM_API vsim_status vsim_get_regs(const vsim_machine *m, uint64_t regs[32]);
VSIM_API uint64_t vsim_get_pc(const vsim_machine *m);
VSIM_API vsim_status vsim_set_pc(vsim_machine *m, uint64_t pc);
/* CSRs by number, as the hart in M-mode would read/write them (write
 * masks apply); VSIM_ERR_INVALID_ARG for a CSR the hart does not have. */
VSIM_API vsim_status vsim_get_csr(vsim_machine *m, unsigned csr, uint64_t *value);
VSIM_API vsim_status vsim_set_csr(vsim_machine *m, unsigned csr, uint64_t value);
/* CSR number from its name ("mstatus"); -1 if unknown. */
VSIM_API int vsim_csr_number(const char *name);

/* Guest physical memory (RAM, and device registers for naturally aligned
 * 1/2/4/8-byte accesses). VSIM_ERR_BAD_ADDRESS if any byte is not there. */
VSIM_API vsim_status vsim_read_phys(vsim_machine *m, uint64_t addr, void *buf, size_t len);
VSIM_API vsim_status vsim_write_phys(vsim_machine *m, uint64_t addr, const void *buf, size_t len);

/* Disassemble one instruction word at pc into buf; returns its length in bytes (2 or 4). */
VSIM_API int vsim_disasm(uint32_t insn, uint64_t pc, char *buf, size_t bufsize);

/* ------------------------------------------------------------------ debugging
 *
 * Breakpoints and watchpoints cost nothing on pages that have none: pages
 * that do are kept out of the fast paths (fetch TLB, predecoded records,
 * load/store TLBs) while they have them, so a run with breakpoints set runs
 * at full speed everywhere else. Changes take effect at once, in every
 * dispatch strategy.
 */

/* Breakpoints by virtual address (as the hart fetches). Running from a pc
 * that holds a breakpoint executes that instruction first (no re-stop). */
VSIM_API vsim_status vsim_break_add(vsim_machine *m, uint64_t vaddr);
VSIM_API vsim_status vsim_break_remove(vsim_machine *m, uint64_t vaddr); /* VSIM_ERR_INVALID_ARG if none */
VSIM_API size_t vsim_break_list(const vsim_machine *m, uint64_t *out, size_t max); /* returns the count */

typedef enum vsim_watch_kind {
    VSIM_WATCH_READ = 1,
    VSIM_WATCH_WRITE = 2,
    VSIM_WATCH_ACCESS = 3, /* read or write */
} vsim_watch_kind;

/* Watch [addr, addr+len): virtual (as loads/stores see it) or physical.
 * The run stops before the accessing instruction executes (pc at it; as
 * RISC-V debug triggers do, and as GDB expects of RISC-V targets);
 * resuming executes it without stopping again. */
VSIM_API vsim_status vsim_watch_add(vsim_machine *m, uint64_t addr, uint64_t len, vsim_watch_kind kind, int physical);
VSIM_API vsim_status vsim_watch_remove(vsim_machine *m, uint64_t addr, uint64_t len, vsim_watch_kind kind,
                                       int physical);

/* Run until the pc reaches vaddr (VSIM_STOP_UNTIL), or another stop. */
VSIM_API vsim_status vsim_run_until(vsim_machine *m, uint64_t vaddr, uint64_t max_insns, vsim_stop *stop);

/* Stop (VSIM_STOP_TRAP) right after taking a trap whose cause is selected:
 * bit n of exceptions = exception cause n, bit n of interrupts = interrupt n.
 * 0, 0 turns it off. */
VSIM_API void vsim_stop_on_trap(vsim_machine *m, uint64_t exceptions, uint64_t interrupts);

/* Ask a running vsim_run() to return (VSIM_STOP_INTERRUPTED) within a few
 * thousand instructions. The one call that may come from another thread
 * or a signal handler. A request made while no run is active ends the next
 * run (or step) at once, before any instruction. */
VSIM_API void vsim_interrupt(vsim_machine *m);

/* Called before each instruction executes while set (slows the run to one
 * instruction at a time); NULL turns it off. */
typedef void (*vsim_trace_fn)(void *opaque, uint64_t pc, uint32_t insn, unsigned priv);
VSIM_API void vsim_set_trace(vsim_machine *m, vsim_trace_fn fn, void *opaque);

typedef enum vsim_access { VSIM_ACCESS_FETCH = 0, VSIM_ACCESS_LOAD = 1, VSIM_ACCESS_STORE = 2 } vsim_access;

/* Translate a virtual address as the hart would now (privilege, satp,
 * MPRV for loads/stores, PMP), without side effects: no A/D updates, no
 * TLB fills. VSIM_ERR_BAD_ADDRESS if it would fault; *cause (may be NULL)
 * then gets the exception cause. */
VSIM_API vsim_status vsim_translate(vsim_machine *m, uint64_t vaddr, vsim_access acc, uint64_t *paddr,
                                    uint64_t *cause);
/* One level of a page-table walk, for showing it (vsim_walk fills up to 5). */
typedef struct vsim_walk_level {
    int level;          /* 3..0 (Sv48) or 2..0 (Sv39) */
    uint64_t pte_addr;  /* physical address of the PTE */
    uint64_t pte;       /* its value */
} vsim_walk_level;
/* The walk for vaddr under the current satp; returns the number of levels
 * read (0 in Bare mode). No side effects. */
VSIM_API size_t vsim_walk(vsim_machine *m, uint64_t vaddr, vsim_walk_level *out, size_t max);

/* Virtual memory as the debugger sees it: translated with load (read) or
 * store (write) rights but without side effects on A/D bits; a write to
 * code is seen by every dispatcher. */
VSIM_API vsim_status vsim_read_virt(vsim_machine *m, uint64_t vaddr, void *buf, size_t len);
VSIM_API vsim_status vsim_write_virt(vsim_machine *m, uint64_t vaddr, const void *buf, size_t len);

typedef struct vsim_tlb_entry {
    uint64_t vaddr, paddr; /* page addresses */
    char kind;             /* 'x' fetch, 'r' load, 'w' store */
} vsim_tlb_entry;
/* The valid software-TLB entries; returns their count (may exceed max). */
VSIM_API size_t vsim_tlb_entries(const vsim_machine *m, vsim_tlb_entry *out, size_t max);

/* Floating-point registers f0..f31 (raw 64-bit patterns) and the privilege
 * mode (0 U, 1 S, 3 M). */
VSIM_API vsim_status vsim_get_freg(const vsim_machine *m, unsigned reg, uint64_t *value);
VSIM_API vsim_status vsim_set_freg(vsim_machine *m, unsigned reg, uint64_t value);
VSIM_API unsigned vsim_get_priv(const vsim_machine *m);

/* Name of CSR number csr (NULL if the hart has none by that number). */
VSIM_API const char *vsim_csr_name(unsigned csr);

/* ELF symbols of the last loaded program: by index (NULL past the end),
 * and the one containing (or nearest below) an address. */
VSIM_API const char *vsim_symbol_at_index(const vsim_machine *m, size_t index, uint64_t *value);
VSIM_API const char *vsim_symbol_for_addr(const vsim_machine *m, uint64_t addr, uint64_t *offset);

/* The devices on the bus, by index (NULL past the end). */
VSIM_API const char *vsim_device(const vsim_machine *m, size_t index, uint64_t *base, uint64_t *size);

/* Counters for measurement. */
typedef struct vsim_stats {
    uint64_t insns;             /* retired instructions */
    uint64_t traps;             /* exceptions and interrupts taken */
    uint64_t tlb_hits, tlb_misses; /* data accesses through the TLB fast path / the slow path */
    uint64_t predecode_pages;   /* direct dispatch: pages decoded */
    uint64_t predecode_invalidations;
    uint64_t predecode_evictions;
    uint64_t predecode_bytes;   /* host memory held by the predecode cache now */
} vsim_stats;
VSIM_API void vsim_get_stats(const vsim_machine *m, vsim_stats *out);

#ifdef __cplusplus
}
#endif
#endif /* VSIM_VSIM_H */
