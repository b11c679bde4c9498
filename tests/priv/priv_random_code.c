/*
 * priv_random_code.c - random instruction streams run in U-mode under a
 * deterministic M-mode harness, to fuzz the three dispatch strategies
 * against each other on code nobody wrote by hand: lockstep/priv_random_code
 * compares them instruction by instruction, and the guest tests
 * priv_random_code/{switch,indirect,direct} run it at full speed, where it
 * must arrive at the checksum RC_EXPECT.
 *
 * Rounds. Each fills a code region of 1.5-2.5 KiB that spans a 4 KiB page
 * boundary (its ends at random 4-byte boundaries, so PMP ends it inside a
 * page) with random 16- and 32-bit instructions: a major opcode of RV64GC
 * chosen with weights (loads, stores, AMOs, LR/SC, F/D, fence, fence.i,
 * Zicsr, system, compressed ...), then random fields, mostly valid
 * encodings but not always; and a few patterns: auipc + a store into the
 * code just ahead (self-modifying code), lr/sc pairs. Direct jumps and
 * branches mostly go forward and mostly land where an instruction starts,
 * sometimes in the middle of one; 32-bit instructions often straddle the
 * page boundary. Half of the regions end with an ecall, the others with an
 * instruction running off their end. The data page is filled at random;
 * fence.i. Then RC_SUBROUNDS sub-rounds run on that code: each enters it in
 * U-mode (mret, MPP = U) at a random instruction with random integer and FP
 * registers (some pointing into the code and the data), fcsr, and
 * mstatus.FS Dirty or (one in eight) Off.
 *
 * PMP confines U: entries 0/1 (TOR) allow R/W/X on the code region (stores
 * there are self-modifying code), entry 2 (NAPOT 4 KiB) R/W on the data
 * page, entry 3 R on the page after it; every other U access faults.
 * mcounteren = 0 (counter reads are illegal), mstatus.TW = 1.
 *
 * The trap handler (rc_trap: M-mode, its context through mscratch) counts
 * every trap by cause and folds epc, cause and tval into two hashes. An
 * illegal instruction, breakpoint, misaligned or faulting load, store or
 * AMO is skipped (mepc += its length, read from memory at mepc); an
 * instruction access fault (a jump out of the region, running off its end)
 * continues at the sub-round's next random entry, up to RC_SEGMENTS
 * times; an ecall, the RC_TLIMIT-th trap, any other trap, or a skip with
 * mepc outside the region ends the sub-round. After a sub-round, all its
 * integer and FP registers, fcsr, pc, mcause and mtval go into the checksum;
 * after a round, its code region and data page.
 *
 * Loops. The CLINT timer is armed before each entry (RC_TICKS). Its
 * interrupt ends the sub-round: after RC_BUDGET instructions (minstret) it
 * is a timeout, a loop, whose state depends on when the timer fired under
 * the host clock; it counts nothing, the sandbox memory goes back to where
 * the epoch began, and the round gets new code. Before RC_BUDGET, the host
 * clock simply ran faster than the instructions: the epoch (the run of
 * sub-rounds since the last snapshot of memory, PRNG and checksums) runs
 * again from its snapshot with twice the timer period. So what counts is
 * always a run that no interrupt disturbed (one may change the outcome of
 * an sc: a trap may drop the reservation), and the checksum depends on
 * neither the clock nor the host's speed; nor on the harness's layout, as
 * the sandbox is at fixed addresses. (Every sub-round that does not loop
 * ends well before RC_BUDGET; every timeout of the default configuration
 * still loops after 2 million instructions.)
 *
 * The program prints the counts and the checksums and passes if the total
 * equals RC_EXPECT; with other parameters (-DRC_SEED=..., -DRC_ROUNDS=...),
 * or built with -DQEMU_QUIRKS (tests/priv/run-on-qemu.sh), it only prints
 * them. With -DQEMU_QUIRKS the code region is two whole pages, sub-rounds
 * start after a fence.i, and the timer period is longer, so that the
 * checksums of one binary run on QEMU and here can be compared; -DRC_NO_AMO
 * and -DRC_NO_SMC leave out AMOs and LR/SC, and stores into the code, where
 * QEMU 7.2 differs (see the end of this comment). -DRC_DEBUG prints every
 * sub-round and its traps.
 *
 * Against QEMU 7.2 (-cpu rv64,h=false,zba=false,zbb=false,zbc=false,
 * zbs=false; QEMU_QUIRKS, RC_NO_AMO, RC_NO_SMC) the checksums of registers,
 * traps and memory are equal; the tvals differ only because QEMU writes 0
 * to mtval for ebreak where libvsim writes the pc (both allowed). With AMOs,
 * QEMU raises load-type exceptions for AMOs (the spec: store/AMO) and lets
 * an sc without a reservation fail without its alignment and access checks;
 * with self-modifying code, it may run instructions it translated before a
 * store changed them (allowed without fence.i); and without QEMU_QUIRKS, it
 * executes past the end of a PMP region that ends inside a page.
 */
#include "guest.h"

/* The default configuration, whose checksum the program checks. */
#if !defined(RC_SEED) && !defined(RC_ROUNDS) && !defined(RC_SUBROUNDS) && !defined(RC_TLIMIT) &&              \
    !defined(RC_SEGMENTS) && !defined(RC_NO_AMO) && !defined(RC_NO_SMC) && !defined(QEMU_QUIRKS)
#define RC_CHECK 1
#endif
#ifndef RC_SEED
#define RC_SEED 0x5eed0f5eed0f0001ull
#endif
#ifndef RC_ROUNDS
#define RC_ROUNDS 8
#endif
#ifndef RC_SUBROUNDS
#define RC_SUBROUNDS 16
#endif
/* skipped traps (and segments) after which a sub-round ends */
#ifndef RC_TLIMIT
#define RC_TLIMIT 100
#endif
/* segments (entries) per sub-round, at most RC_MAXSEG */
#ifndef RC_SEGMENTS
#define RC_SEGMENTS 6
#endif
/* instructions after which a timer interrupt means a loop */
#ifndef RC_BUDGET
#define RC_BUDGET 20000
#endif
/* the timer period (mtime ticks of 100 ns; doubled when it is too short) */
#ifndef RC_TICKS
#ifdef QEMU_QUIRKS
/* QEMU takes microseconds per trap, and its minstret counts host cycles,
 * not instructions: every interrupt is a timeout there */
#define RC_TICKS 200000
#else
#define RC_TICKS 2500
#endif
#endif
/* the total checksum of the default configuration, as libvsim computes it
 * (the same under every dispatch strategy and clock) */
#define RC_EXPECT 0x258bdb7d7bf8b8d1ull

/* The sandbox, at fixed physical addresses beyond the program (checked):
 * two code pages and the data pages (RW, then R for U). */
#define RC_CODE_PAGE 0x80600000ull
#define RC_CODE_MID (RC_CODE_PAGE + 4096)
#define RC_DATA 0x80700000ull
#define RC_RODATA (RC_DATA + 4096)

#define CLINT_MTIMECMP 0x2004000ull
#define CLINT_MTIME 0x200bff8ull

#define MSTATUS_MPIE (1ull << 7)
#define MSTATUS_FS_DIRTY (3ull << 13)
#define MSTATUS_TW (1ull << 21)

/* ------------------------------------------------------------------ context */
/* Shared with the assembly below: keep the offsets in step. */
#define CTX_X 0        /* x[32]: U registers (x[0] unused) */
#define CTX_F 256      /* f[32] */
#define CTX_FCSR 512
#define CTX_PC 520     /* entry pc; the pc (mepc) at the end */
#define CTX_H 528      /* the harness's ra, sp, gp, tp, s0-s11 */
#define CTX_CAUSE 656  /* mcause at the end (| 1 << 62: the trap limit) */
#define CTX_TVAL 664   /* mtval at the end */
#define CTX_LO 672     /* code region [lo, hi) */
#define CTX_HI 680
#define CTX_START 688  /* minstret at the entry */
#define CTX_BUDGET 696 /* RC_BUDGET */
#define CTX_TICKS 704
#define CTX_MUL 712    /* hash multiplier */
#define CTX_THASH 720  /* hash of (epc, cause) of the traps handled */
#define CTX_VHASH 728  /* hash of their tvals */
#define CTX_IRQ_INSTRET 736 /* minstret at an interrupt */
#define CTX_MSTATUS 744 /* mstatus bits set for the entry (MPIE, FS, TW) */
#define CTX_COUNT 752  /* count[16]: traps handled, by cause */
#define CTX_NTRAPS 880 /* traps handled in this sub-round */
#define CTX_TLIMIT 888 /* ... at which it ends */
#define CTX_NSEG 896   /* segments run (fetch faults restart at the next entry) */
#define CTX_MAXSEG 904
#define CTX_ENTRY 912  /* entry[RC_MAXSEG]: where each segment starts */
#define RC_MAXSEG 16
#define CTX_LOG (CTX_ENTRY + 8 * RC_MAXSEG) /* RC_DEBUG: next free (epc, cause, tval) of the trap log */
#define CTX_LOGEND (CTX_LOG + 8)
#define CTX_SIZE (CTX_LOGEND + 8)

struct ctx {
    u64 x[32];
    u64 f[32];
    u64 fcsr, pc;
    u64 h[16];
    u64 cause, tval, lo, hi, start, budget, ticks, mul, thash, vhash, irq_instret, mstatus;
    u64 count[16];
    u64 ntraps, tlimit, nseg, maxseg;
    u64 entry[RC_MAXSEG];
    u64 *log, *logend;
};
_Static_assert(__builtin_offsetof(struct ctx, f) == CTX_F, "ctx");
_Static_assert(__builtin_offsetof(struct ctx, fcsr) == CTX_FCSR, "ctx");
_Static_assert(__builtin_offsetof(struct ctx, h) == CTX_H, "ctx");
_Static_assert(__builtin_offsetof(struct ctx, cause) == CTX_CAUSE, "ctx");
_Static_assert(__builtin_offsetof(struct ctx, mstatus) == CTX_MSTATUS, "ctx");
_Static_assert(__builtin_offsetof(struct ctx, count) == CTX_COUNT, "ctx");
_Static_assert(__builtin_offsetof(struct ctx, ntraps) == CTX_NTRAPS, "ctx");
_Static_assert(__builtin_offsetof(struct ctx, nseg) == CTX_NSEG, "ctx");
_Static_assert(__builtin_offsetof(struct ctx, entry) == CTX_ENTRY, "ctx");
_Static_assert(sizeof(struct ctx) == CTX_SIZE, "ctx");
_Static_assert(RC_SEGMENTS >= 1 && RC_SEGMENTS <= RC_MAXSEG, "RC_SEGMENTS");

static struct ctx ctx;

#define S_(x) #x
#define S(x) S_(x)

/* rc_enter(&ctx): save the harness's registers, load the U state, arm the
 * timer, mret to ctx.pc in U. Returns (from rc_trap) when the sub-round
 * ends, with the U state saved in ctx. */
void rc_enter(struct ctx *c);
void rc_trap(void);
void rc_fatal(void);

#define FREG(op, n) "    " #op " f" #n ", " S(CTX_F) "+" #n "*8(a0)\n"
#define FREGS(op)                                                                                            \
    FREG(op, 0) FREG(op, 1) FREG(op, 2) FREG(op, 3) FREG(op, 4) FREG(op, 5) FREG(op, 6) FREG(op, 7) FREG(op, 8) \
    FREG(op, 9) FREG(op, 10) FREG(op, 11) FREG(op, 12) FREG(op, 13) FREG(op, 14) FREG(op, 15) FREG(op, 16)     \
    FREG(op, 17) FREG(op, 18) FREG(op, 19) FREG(op, 20) FREG(op, 21) FREG(op, 22) FREG(op, 23) FREG(op, 24)    \
    FREG(op, 25) FREG(op, 26) FREG(op, 27) FREG(op, 28) FREG(op, 29) FREG(op, 30) FREG(op, 31)
#define XREG(op, n) "    " #op " x" #n ", " #n "*8(a0)\n"
#define HREG(op, r, i) "    " #op " " #r ", " S(CTX_H) "+" #i "*8(a0)\n"
#define HREGS(op)                                                                                            \
    HREG(op, ra, 0) HREG(op, sp, 1) HREG(op, gp, 2) HREG(op, tp, 3) HREG(op, s0, 4) HREG(op, s1, 5)          \
    HREG(op, s2, 6) HREG(op, s3, 7) HREG(op, s4, 8) HREG(op, s5, 9) HREG(op, s6, 10) HREG(op, s7, 11)        \
    HREG(op, s8, 12) HREG(op, s9, 13) HREG(op, s10, 14) HREG(op, s11, 15)

__asm__(
    "    .option push\n"
    "    .option arch, +d\n"
    "    .option norelax\n"
    "    .text\n"
    "    .balign 4\n"
    "    .globl rc_enter\n"
    "rc_enter:\n"
    HREGS(sd)
    "    csrw mscratch, a0\n"
    "    li t0, 3 << 13\n"
    "    csrs mstatus, t0\n"            /* FS on to load the FP registers */
    FREGS(fld)
    "    ld t0, " S(CTX_FCSR) "(a0)\n"
    "    csrw 0x003, t0\n"              /* fcsr */
    "    ld t0, " S(CTX_PC) "(a0)\n"
    "    csrw mepc, t0\n"
    /* mstatus: MPP = U, MIE = MPRV = 0; MPIE, FS and TW as the harness chose */
    "    li t0, (3 << 11) | (3 << 13) | (1 << 3) | (1 << 17)\n"
    "    csrc mstatus, t0\n"
    "    ld t0, " S(CTX_MSTATUS) "(a0)\n"
    "    csrs mstatus, t0\n"
    /* the timer: mtimecmp = mtime + ticks */
    "    li t0, " S(CLINT_MTIME) "\n"
    "    ld t0, 0(t0)\n"
    "    ld t1, " S(CTX_TICKS) "(a0)\n"
    "    add t0, t0, t1\n"
    "    li t1, " S(CLINT_MTIMECMP) "\n"
    "    sd t0, 0(t1)\n"
#ifdef QEMU_QUIRKS
    "    fence.i\n"                    /* QEMU may run stale code otherwise (legal) */
#endif
    "    csrr t0, minstret\n"
    "    sd t0, " S(CTX_START) "(a0)\n"
    XREG(ld, 1) XREG(ld, 2) XREG(ld, 3) XREG(ld, 4) XREG(ld, 5) XREG(ld, 6) XREG(ld, 7) XREG(ld, 8)
    XREG(ld, 9) XREG(ld, 11) XREG(ld, 12) XREG(ld, 13) XREG(ld, 14) XREG(ld, 15) XREG(ld, 16)
    XREG(ld, 17) XREG(ld, 18) XREG(ld, 19) XREG(ld, 20) XREG(ld, 21) XREG(ld, 22) XREG(ld, 23)
    XREG(ld, 24) XREG(ld, 25) XREG(ld, 26) XREG(ld, 27) XREG(ld, 28) XREG(ld, 29) XREG(ld, 30)
    XREG(ld, 31) XREG(ld, 10)
    "    mret\n"
    "\n"
    /* The trap handler. t6 <-> mscratch gives the context; t0-t4 are
     * saved in it (x5-x7, x28, x29) for the fast paths. */
    "    .balign 64\n"
    "    .globl rc_trap\n"
    "rc_trap:\n"
    "    csrrw t6, mscratch, t6\n"
    "    sd t0, 40(t6)\n"
    "    sd t1, 48(t6)\n"
    "    sd t2, 56(t6)\n"
    "    sd t3, 224(t6)\n"
    "    sd t4, 232(t6)\n"
    "    csrr t0, mstatus\n"
    "    srli t0, t0, 11\n"
    "    andi t0, t0, 3\n"
    "    bnez t0, rc_fatal\n"           /* not from U: a harness bug */
    "    csrr t0, mcause\n"
    "    bltz t0, rc_irq\n"
    "    addi t1, t0, -1\n"
    "    li t2, 7\n"
    "    bgeu t1, t2, rc_end\n"         /* handled: causes 1..7; ecall and the rest end */
    "    csrr t1, mepc\n"
    "    slli t2, t0, 3\n"              /* count[cause]++ */
    "    add t2, t2, t6\n"
    "    ld t3, " S(CTX_COUNT) "(t2)\n"
    "    addi t3, t3, 1\n"
    "    sd t3, " S(CTX_COUNT) "(t2)\n"
    "    slli t2, t1, 8\n"              /* thash = (thash ^ (epc << 8 | cause)) * mul */
    "    or t2, t2, t0\n"
    "    ld t3, " S(CTX_THASH) "(t6)\n"
    "    xor t3, t3, t2\n"
    "    ld t2, " S(CTX_MUL) "(t6)\n"
    "    mul t3, t3, t2\n"
    "    sd t3, " S(CTX_THASH) "(t6)\n"
    "    csrr t4, mtval\n"              /* vhash = (vhash ^ tval) * mul */
    "    ld t3, " S(CTX_VHASH) "(t6)\n"
    "    xor t3, t3, t4\n"
    "    mul t3, t3, t2\n"
    "    sd t3, " S(CTX_VHASH) "(t6)\n"
#ifdef RC_DEBUG
    "    ld t2, " S(CTX_LOG) "(t6)\n"
    "    ld t3, " S(CTX_LOGEND) "(t6)\n"
    "    bgeu t2, t3, 2f\n"
    "    sd t1, 0(t2)\n"
    "    sd t0, 8(t2)\n"
    "    sd t4, 16(t2)\n"
    "    addi t2, t2, 24\n"
    "    sd t2, " S(CTX_LOG) "(t6)\n"
    "2:\n"
#endif
    "    ld t3, " S(CTX_NTRAPS) "(t6)\n"
    "    addi t3, t3, 1\n"
    "    sd t3, " S(CTX_NTRAPS) "(t6)\n"
    "    ld t2, " S(CTX_TLIMIT) "(t6)\n"
    "    bgeu t3, t2, rc_limit\n"
    "    li t2, 1\n"
    "    beq t0, t2, rc_segment\n"
    "    ld t2, " S(CTX_LO) "(t6)\n"    /* skip the instruction at mepc */
    "    bltu t1, t2, rc_end\n"
    "    ld t2, " S(CTX_HI) "(t6)\n"
    "    bgeu t1, t2, rc_end\n"
    "    lhu t2, 0(t1)\n"               /* its length */
    "    andi t2, t2, 3\n"
    "    addi t1, t1, 2\n"
    "    li t3, 3\n"
    "    bne t2, t3, 1f\n"
    "    addi t1, t1, 2\n"
    "1:  csrw mepc, t1\n"
    "rc_resume:\n"
    "    ld t0, 40(t6)\n"
    "    ld t1, 48(t6)\n"
    "    ld t2, 56(t6)\n"
    "    ld t3, 224(t6)\n"
    "    ld t4, 232(t6)\n"
    "    csrrw t6, mscratch, t6\n"
    "    mret\n"
    "\n"
    "rc_segment:\n"                    /* an instruction access fault: the next entry */
    "    ld t1, " S(CTX_NSEG) "(t6)\n"
    "    addi t1, t1, 1\n"
    "    ld t2, " S(CTX_MAXSEG) "(t6)\n"
    "    bgeu t1, t2, rc_end\n"
    "    sd t1, " S(CTX_NSEG) "(t6)\n"
    "    slli t1, t1, 3\n"
    "    add t1, t1, t6\n"
    "    ld t1, " S(CTX_ENTRY) "(t1)\n"
    "    csrw mepc, t1\n"
    "    j rc_resume\n"
    "\n"
    "rc_limit:\n"                      /* too many traps: end, cause | 1 << 62 */
    "    li t2, 1\n"
    "    slli t2, t2, 62\n"
    "    or t0, t0, t2\n"
    "    j rc_end\n"
    "\n"
    "rc_irq:\n"                        /* an interrupt ends the sub-round too */
    "    csrr t1, minstret\n"
    "    sd t1, " S(CTX_IRQ_INSTRET) "(t6)\n"
    "    j rc_end\n"
    "\n"
    /* The end of a sub-round: save the whole U state, return from rc_enter. */
    "rc_end:\n"
    "    sd t0, " S(CTX_CAUSE) "(t6)\n"
    "    csrr t0, mtval\n"
    "    sd t0, " S(CTX_TVAL) "(t6)\n"
    "    csrr t0, mepc\n"
    "    sd t0, " S(CTX_PC) "(t6)\n"
    "    mv t0, a0\n"
    "    mv a0, t6\n"
    XREG(sd, 1) XREG(sd, 2) XREG(sd, 3) XREG(sd, 4) XREG(sd, 8) XREG(sd, 9) XREG(sd, 11) XREG(sd, 12)
    XREG(sd, 13) XREG(sd, 14) XREG(sd, 15) XREG(sd, 16) XREG(sd, 17) XREG(sd, 18) XREG(sd, 19)
    XREG(sd, 20) XREG(sd, 21) XREG(sd, 22) XREG(sd, 23) XREG(sd, 24) XREG(sd, 25) XREG(sd, 26)
    XREG(sd, 27) XREG(sd, 30)
    "    sd t0, 80(a0)\n"               /* U's a0 */
    "    csrr t0, mscratch\n"
    "    sd t0, 248(a0)\n"              /* U's t6 */
    "    csrw mscratch, a0\n"
    "    li t0, 3 << 13\n"
    "    csrs mstatus, t0\n"            /* FS on (U may have run with it off) */
    FREGS(fsd)
    "    csrr t0, 0x003\n"
    "    sd t0, " S(CTX_FCSR) "(a0)\n"
    HREGS(ld)
    "    ret\n"
    "\n"
    /* A trap from M (the harness itself): restore t6, report, fail. */
    "rc_fatal:\n"
    "    csrrw t6, mscratch, t6\n"
    "    la sp, __stack_top\n"
    "    call rc_fatal_report\n"
    "    .option pop\n");

void rc_fatal_report(void);
__attribute__((noreturn, used)) void rc_fatal_report(void)
{
    u64 cause, epc, tval;
    __asm__ volatile("csrr %0, mcause; csrr %1, mepc; csrr %2, mtval" : "=r"(cause), "=r"(epc), "=r"(tval));
    guest_fail_begin(0xfff0);
    guest_puts("priv_random_code: trap in the harness: mcause=");
    guest_puthex(cause);
    guest_puts(" mepc=");
    guest_puthex(epc);
    guest_puts(" mtval=");
    guest_puthex(tval);
    guest_putc('\n');
    guest_exit_fail(0xfff0);
}

/* ------------------------------------------------------------------ random */
static u64 rng = RC_SEED;

static inline u64 rnd(void)
{
    u64 x = rng; /* xorshift64* */
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    rng = x;
    return x * 0x2545f4914f6cdd1dull;
}

static inline u64 mix(u64 h, u64 v)
{
    h ^= v;
    h *= 0x9e3779b97f4a7c15ull;
    return h ^ (h >> 29);
}

/* ------------------------------------------------------------------ encoders */
static inline u32 enc_r(u32 op, u32 rd, u32 f3, u32 rs1, u32 rs2, u32 f7)
{
    return f7 << 25 | (rs2 & 31) << 20 | (rs1 & 31) << 15 | (f3 & 7) << 12 | (rd & 31) << 7 | op;
}
static inline u32 enc_i(u32 op, u32 rd, u32 f3, u32 rs1, s32 imm)
{
    return (u32)imm << 20 | (rs1 & 31) << 15 | (f3 & 7) << 12 | (rd & 31) << 7 | op;
}
static inline u32 enc_s(u32 op, u32 f3, u32 rs1, u32 rs2, s32 imm)
{
    u32 o = (u32)imm;
    return ((o >> 5) & 0x7f) << 25 | (rs2 & 31) << 20 | (rs1 & 31) << 15 | (f3 & 7) << 12 | (o & 31) << 7 | op;
}
static inline u32 enc_b(u32 f3, u32 rs1, u32 rs2, s32 off)
{
    u32 o = (u32)off;
    return ((o >> 12) & 1) << 31 | ((o >> 5) & 0x3f) << 25 | (rs2 & 31) << 20 | (rs1 & 31) << 15 | (f3 & 7) << 12 |
           ((o >> 1) & 0xf) << 8 | ((o >> 11) & 1) << 7 | 0x63;
}
static inline u32 enc_j(u32 rd, s32 off)
{
    u32 o = (u32)off;
    return ((o >> 20) & 1) << 31 | ((o >> 1) & 0x3ff) << 21 | ((o >> 11) & 1) << 20 | ((o >> 12) & 0xff) << 12 |
           (rd & 31) << 7 | 0x6f;
}
/* c.j (funct3 101, quadrant 1) */
static inline u32 enc_cj(s32 off)
{
    u32 o = (u32)off;
    return 0x5u << 13 | ((o >> 11) & 1) << 12 | ((o >> 4) & 1) << 11 | ((o >> 8) & 3) << 9 | ((o >> 10) & 1) << 8 |
           ((o >> 6) & 1) << 7 | ((o >> 7) & 1) << 6 | ((o >> 1) & 7) << 3 | ((o >> 5) & 1) << 2 | 1;
}
/* c.beqz / c.bnez (funct3 110 / 111, quadrant 1) */
static inline u32 enc_cb(u32 f3, u32 rs1p, s32 off)
{
    u32 o = (u32)off;
    return f3 << 13 | ((o >> 8) & 1) << 12 | ((o >> 3) & 3) << 10 | (rs1p & 7) << 7 | ((o >> 6) & 3) << 5 |
           ((o >> 1) & 3) << 3 | ((o >> 5) & 1) << 2 | 1;
}

/* ------------------------------------------------------------------ generator */
/* Registers the harness points into the sandbox at each entry: data
 * pointers (sp, s0, s1, s3, s5; s4 into the read-only page) and code
 * pointers (a5, s2). Loads, stores and AMOs mostly use them as the base
 * (the compressed ones s0, s1 or a5); other 32-bit instructions mostly
 * leave them alone. */
static const u8 base_regs[8] = { 2, 8, 9, 19, 21, 19, 18, 20 };
#define IS_BASE(r) ((r) == 2 || (r) == 8 || (r) == 9 || ((r) >= 18 && (r) <= 21))

static inline u32 pick_rd(u64 r)
{
    u32 rd = (u32)(r & 31);
    if (IS_BASE(rd) && ((r >> 5) & 7))
        rd = 10 + (u32)((r >> 8) & 7); /* a0-a7 (a5 included: fine) */
    return rd;
}
static inline u32 pick_base(u64 r)
{
    return (r & 7) ? base_regs[(r >> 3) & 7] : (u32)((r >> 6) & 31);
}
/* a memory offset: mostly small and size-aligned, sometimes any imm12 */
static inline s32 pick_off(u64 r, u32 size)
{
    if (r & 7) {
        s32 off = (s32)(r >> 3 & 127) - 64;
        if ((r >> 10) & 3)
            off &= ~(s32)(size - 1);
        return off;
    }
    return (s32)((r >> 3) & 0xfff) - 2048;
}
/* a branch / jump offset: mostly a short forward one */
static inline s32 pick_target(u64 r, s32 fwd_max)
{
    switch (r & 63) {
    case 0:
        return -(s32)(2 + 2 * ((r >> 6) % 128)); /* backward */
    case 1: /* anywhere near, but not onto itself */
        return 2 * (s32)((r >> 6) % 512) - 512 + ((r >> 6) % 512 == 256 ? 2 : 0);
    default:
        return 4 + 2 * (s32)((r >> 6) % (u64)(fwd_max / 2));
    }
}
static inline u32 pick_rm(u64 r)
{
    static const u8 rms[16] = { 0, 1, 2, 3, 4, 7, 7, 7, 7, 7, 0, 1, 2, 3, 4, 5 };
    return (r & 0xf0) ? rms[r & 15] : (u32)(r >> 8) & 7; /* 5 and 6 are reserved */
}
static inline u32 pick_fmt(u64 r)
{
    return (r & 31) ? (u32)((r >> 5) & 1) : (u32)((r >> 5) & 3); /* S/D, sometimes H/Q */
}

enum cls {
    C_OPIMM, C_OP, C_OPIMM32, C_OP32, C_LUI, C_AUIPC, C_LOAD, C_STORE, C_BRANCH, C_JAL, C_JALR, C_MISCMEM,
    C_SYSTEM, C_AMO, C_FLOAD, C_FSTORE, C_FMA, C_OPFP, C_RANDOM, C_SMC, C_LRSC, C_COUNT
};
static u8 weights[C_COUNT] = {
    [C_OPIMM] = 28, [C_OP] = 26, [C_OPIMM32] = 10, [C_OP32] = 10, [C_LUI] = 4, [C_AUIPC] = 6, [C_LOAD] = 22,
    [C_STORE] = 16, [C_BRANCH] = 14, [C_JAL] = 4, [C_JALR] = 2, [C_MISCMEM] = 4, [C_SYSTEM] = 10, [C_AMO] = 12,
    [C_FLOAD] = 8, [C_FSTORE] = 6, [C_FMA] = 8, [C_OPFP] = 24, [C_RANDOM] = 4, [C_SMC] = 5, [C_LRSC] = 3,
};
static u8 cls_table[256];

static void init_cls_table(void)
{
#ifdef RC_NO_AMO /* for comparisons with QEMU 7.2, whose AMO faults differ (see the report) */
    weights[C_AMO] = weights[C_LRSC] = 0;
#endif
    unsigned total = 0, n = 0;
    for (int c = 0; c < C_COUNT; c++)
        total += weights[c];
    for (int c = 0; c < C_COUNT; c++) {
        unsigned k = (weights[c] * 256u + total / 2) / total;
        for (unsigned i = 0; i < k && n < 256; i++)
            cls_table[n++] = (u8)c;
    }
    while (n < 256)
        cls_table[n++] = C_OPIMM;
}

static const u16 csrs_list[16] = { 0x001, 0x002, 0x003, 0x003, 0x001, 0x002, 0x003, 0xc00,
                                   0xc01, 0xc02, 0x100, 0x300, 0x015, 0x008, 0xc03, 0x7b0 };
static const u8 amo_f5[16] = { 0x02, 0x03, 0x01, 0x00, 0x04, 0x0c, 0x08, 0x10,
                               0x14, 0x18, 0x1c, 0x01, 0x00, 0x02, 0x03, 0x1f };

/* The generated code: written as halfwords from gp_ up to gend_. is_start
 * marks the halfwords where an instruction begins (entries and jump targets
 * mostly go there, sometimes into the middle of a 32-bit instruction); the
 * direct jumps and branches are noted, to move their targets onto a start
 * afterwards. */
static u16 *gp_;
static u16 *gend_;
static u8 is_start[4096];
#define HW(p) (((u64)(p) - RC_CODE_PAGE) >> 1)
enum { FIX_B, FIX_J, FIX_CJ, FIX_CB };
static struct fix {
    u16 hw;
    u8 kind;
    s16 off;
} fixes[1024];
static unsigned nfix;

static inline void note_jump(unsigned kind, s32 off)
{
    if (nfix < sizeof fixes / sizeof fixes[0] && gp_ < gend_)
        fixes[nfix++] = (struct fix){ (u16)HW(gp_), (u8)kind, (s16)off };
}
static inline void put16(u32 h)
{
    if (gp_ < gend_)
        *gp_++ = (u16)h;
}
static inline void put32(u32 w)
{
    put16(w & 0xffff);
    put16(w >> 16);
}

/* one compressed instruction */
static void gen16(u64 r)
{
    u32 h = (u32)(r >> 16) & 0xffff;
    u32 q = (u32)(r % 3);
    h = (h & ~3u) | q;
    u32 f3 = h >> 13;
    if (q == 0 && f3 == 4 && (r & 0xf000000)) { /* mostly not the reserved funct3 */
        h ^= 1u << 13;
        f3 = 5;
    }
    /* the registers written mostly not the base registers (above) */
    if ((r >> 48) & 7) {
        if (q == 0 || (q == 1 && f3 == 4)) { /* rd' in 4:2 (q0) or rd'/rs1' in 9:7 (q1) */
            unsigned sh = q == 0 ? 2 : 7;
            if (((h >> sh) & 6) == 0)
                h |= 2u << sh;
        } else if (q == 1 ? f3 <= 2 || (f3 == 3 && ((r >> 51) & 7)) : f3 != 1 && f3 < 5) {
            u32 rd = (h >> 7) & 31; /* c.addi[w], c.li, c.lui / c.slli, c.lwsp, c.ldsp, c.mv, c.add */
            if (IS_BASE(rd))
                h = (h & ~(31u << 7)) | (10 + (rd & 7)) << 7;
        }
    }
    if (q == 0 && f3 != 0 && f3 != 4 && (r & 0xf00)) {
        /* loads/stores: rs1' mostly s0 or s1, sometimes a5 */
        static const u8 p3[8] = { 0, 1, 0, 1, 0, 1, 7, 0 };
        h = (h & ~(7u << 7)) | (u32)p3[(r >> 12) & 7] << 7;
    } else if (q == 1 && f3 == 5) {
        s32 off = pick_target(r >> 32, 96);
        note_jump(FIX_CJ, off);
        h = enc_cj(off);
    } else if (q == 1 && f3 >= 6) {
        s32 off = pick_target(r >> 32, 96);
        note_jump(FIX_CB, off);
        h = enc_cb(f3, (u32)(r >> 40) & 7, off);
    } else if (q == 2 && f3 == 4 && ((r >> 40) & 31) == 0) {
        /* c.jr / c.jalr / c.ebreak, 1 in 32 of this funct3 */
        h &= ~(31u << 2);
    }
    put16(h);
}

static void gen32(u64 r, u64 r2)
{
    u32 rd = pick_rd(r >> 8), rs1 = (u32)(r >> 16) & 31, rs2 = (u32)(r >> 21) & 31;
    u32 f3 = (u32)(r >> 26) & 7;
    switch ((enum cls)cls_table[r & 255]) {
    case C_OPIMM: {
        s32 imm = (r2 & 3) ? (s32)(r2 >> 2 & 63) - 32 : (s32)((r2 >> 2) & 0xfff) - 2048;
        if (f3 == 1 || f3 == 5) { /* shifts: mostly valid (imm[11:6] 0, or 0x10 for srai) */
            u32 top = ((r2 >> 20) & 15) ? (u32)(f3 == 5 && ((r2 >> 24) & 1)) << 10 : (u32)((r2 >> 24) & 0x3f) << 6;
            imm = (s32)(top | (u32)((r2 >> 30) & 63));
        }
        put32(enc_i(0x13, rd, f3, rs1, imm));
        break;
    }
    case C_OP: { /* funct7 0 / 1: any funct3; 0x20: sub, sra */
        static const u8 f7s[8] = { 0, 0, 0, 0x20, 1, 1, 1, 0 };
        u32 f7 = (r2 & 15) ? f7s[(r2 >> 4) & 7] : (u32)(r2 >> 8) & 0x7f;
        if (f7 == 0x20 && (r2 & 15))
            f3 = (f3 & 1) ? 5 : 0;
        put32(enc_r(0x33, rd, f3, rs1, rs2, f7));
        break;
    }
    case C_OPIMM32: {
        s32 imm = (s32)((r2 >> 2) & 0xfff) - 2048;
        if (f3 == 1 || f3 == 5) { /* imm[11:5] 0, or 0x20 for sraiw */
            u32 top = ((r2 >> 20) & 7) ? (u32)(f3 == 5 && ((r2 >> 24) & 1)) << 10 : (u32)((r2 >> 24) & 0x7f) << 5;
            imm = (s32)(top | (u32)((r2 >> 30) & 31));
        }
        if (r2 & 0x70000)
            f3 = (const u8[4]){ 0, 0, 1, 5 }[(r2 >> 16) & 3]; /* addiw, slliw, srliw / sraiw */
        put32(enc_i(0x1b, rd, f3, rs1, imm));
        break;
    }
    case C_OP32: { /* the valid (funct7, funct3) pairs, sometimes any */
        static const u8 ops[16][2] = { { 0, 0 }, { 0, 1 }, { 0, 5 }, { 0x20, 0 }, { 0x20, 5 }, { 1, 0 }, { 1, 4 },
                                       { 1, 5 }, { 1, 6 }, { 1, 7 }, { 0, 0 }, { 0x20, 0 }, { 1, 0 }, { 1, 4 },
                                       { 1, 6 }, { 0, 1 } };
        u32 f7 = ops[(r2 >> 4) & 15][0];
        f3 = ops[(r2 >> 4) & 15][1];
        if ((r2 & 15) == 0) {
            f7 = (u32)(r2 >> 8) & 0x7f;
            f3 = (u32)(r >> 26) & 7;
        }
        put32(enc_r(0x3b, rd, f3, rs1, rs2, f7));
        break;
    }
    case C_LUI:
        put32((u32)(r2 & 0xfffff000u) | rd << 7 | 0x37);
        break;
    case C_AUIPC: /* mostly near the pc: a base for stores into the code */
        put32(((r2 & 3) ? (u32)(r2 >> 2 & 1) * 0xfffff000u : (u32)(r2 & 0xfffff000u)) | rd << 7 | 0x17);
        break;
    case C_LOAD:
        if (r2 & 7)
            f3 = (u32)(r2 >> 3) % 7; /* lb..lwu, not the reserved 111 */
        put32(enc_i(0x03, rd, f3, pick_base(r2 >> 4), pick_off(r2 >> 16, 1u << (f3 & 3))));
        break;
    case C_STORE:
        if (r2 & 7)
            f3 &= 3;
        put32(enc_s(0x23, f3, pick_base(r2 >> 4), rs2, pick_off(r2 >> 16, 1u << (f3 & 3))));
        break;
    case C_BRANCH: {
        if ((f3 == 2 || f3 == 3) && (r2 & 3))
            f3 ^= 4; /* mostly not the reserved funct3 */
        s32 off = pick_target(r2, 256);
        note_jump(FIX_B, off);
        put32(enc_b(f3, rs1, rs2, off));
        break;
    }
    case C_JAL: { /* jal x0 / ra / any */
        s32 off = pick_target(r2 >> 2, 512);
        note_jump(FIX_J, off);
        put32(enc_j((r2 & 1) ? 0 : (r2 & 2) ? 1 : rd, off));
        break;
    }
    case C_JALR:
        put32(enc_i(0x67, (r2 & 1) ? 0 : rd, (r2 & 6) ? 0 : f3, rs1, (s32)((r2 >> 4) & 0xfff) - 2048));
        break;
    case C_MISCMEM: /* fence (any fields), fence.i, pause, rarely the rest */
        if (r2 & 0xf00000)
            f3 = (u32)(r2 >> 4) & 1;
        if ((r2 & 0x70) == 0)
            put32(0x0100000f); /* pause */
        else
            put32(enc_i(0x0f, rd, f3, rs1, (s32)((r2 >> 8) & 0xfff)));
        break;
    case C_SYSTEM:
        switch (r2 & 15) {
        case 0:
        case 1:
            put32(0x00100073); /* ebreak */
            break;
        case 2:
            put32((r2 & 0x30) ? 0x10500073 : 0x00000073); /* wfi, ecall */
            break;
        case 3: {
            static const u32 priv[4] = { 0x30200073, 0x10200073, 0x12000073, 0x7b200073 };
            put32(priv[(r2 >> 4) & 3] | (u32)((r2 >> 8) & 0x1f) << 15); /* mret, sret, sfence.vma, dret */
            break;
        }
        case 4:
            put32(enc_i(0x73, rd, (r2 >> 4) & 1 ? 0 : 4, rs1, (s32)((r2 >> 8) & 0xfff)));
            break;
        default: { /* Zicsr, mostly on the FP CSRs */
            u32 csr = (r2 & 0x30) ? csrs_list[(r2 >> 6) & 15] : (u32)(r2 >> 6) & 0xfff;
            if (f3 == 0 || f3 == 4)
                f3 |= 1;
            put32(enc_i(0x73, rd, f3, rs1, (s32)csr));
            break;
        }
        }
        break;
    case C_AMO: {
        u32 f5 = amo_f5[r2 & 15];
        u32 w = (r2 & 0xf0000) ? 2 + ((u32)(r2 >> 6) & 1) : f3;
        if (f5 == 0x02 && (r2 & 0x700))
            rs2 = 0;
        put32(enc_r(0x2f, rd, w, pick_base(r2 >> 12), rs2, f5 << 2 | (u32)((r2 >> 20) & 3)));
        break;
    }
    case C_FLOAD:
        if (r2 & 7)
            f3 = 2 + (u32)((r2 >> 3) & 1);
        put32(enc_i(0x07, (u32)(r >> 8) & 31, f3, pick_base(r2 >> 4), pick_off(r2 >> 16, f3 == 3 ? 8 : 4)));
        break;
    case C_FSTORE:
        if (r2 & 7)
            f3 = 2 + (u32)((r2 >> 3) & 1);
        put32(enc_s(0x27, f3, pick_base(r2 >> 4), rs2, pick_off(r2 >> 16, f3 == 3 ? 8 : 4)));
        break;
    case C_FMA: {
        static const u8 ops[4] = { 0x43, 0x47, 0x4b, 0x4f };
        u32 rs3 = (u32)(r2 >> 8) & 31;
        put32(rs3 << 27 | pick_fmt(r2 >> 13) << 25 | rs2 << 20 | rs1 << 15 | pick_rm(r2 >> 20) << 12 |
              ((u32)(r >> 8) & 31) << 7 | ops[r2 & 3]);
        break;
    }
    case C_OPFP: {
        /* funct7 base (fmt in bit 0 added); rs2: 32 = any register, else
         * the field is in 0..rs2-1 (0: zero; fcvt.s.d's 1 is set below);
         * funct3: 0 = a rounding mode, n = 0..n-1 */
        static const struct { u8 f7, rs2, f3n; } ops[16] = {
            { 0x00, 32, 0 }, { 0x04, 32, 0 }, { 0x08, 32, 0 }, { 0x0c, 32, 0 }, { 0x2c, 0, 0 },
            { 0x10, 32, 3 }, { 0x14, 32, 2 }, { 0x20, 0, 0 },  { 0x21, 0, 0 },  { 0x50, 32, 3 },
            { 0x70, 0, 2 },  { 0x60, 4, 0 },  { 0x68, 4, 0 },  { 0x78, 0, 1 },  { 0x10, 32, 3 },
            { 0x08, 32, 0 },
        };
        unsigned k = (unsigned)(r2 & 15);
        u32 f7 = ops[k].f7, frs2 = rs2, rm;
        if (k != 7 && k != 8)
            f7 |= pick_fmt(r2 >> 4);
        if (ops[k].rs2 < 32)
            frs2 = k == 7 ? 1 : ops[k].rs2 ? (u32)(r2 >> 8) % ops[k].rs2 : 0;
        if (ops[k].f3n == 0)
            rm = pick_rm(r2 >> 12);
        else
            rm = (u32)((r2 >> 12) % ops[k].f3n);
        if ((r2 >> 20 & 31) == 0) { /* sometimes any fields */
            frs2 = rs2;
            rm = f3;
        }
        put32(enc_r(0x53, (u32)(r >> 8) & 31, rm, rs1, frs2, f7));
        break;
    }
    case C_RANDOM:
#ifdef RC_NO_AMO
        if ((r2 & 0x7f) == 0x2f)
            r2 ^= 0x10;
#endif
        put32((u32)r2 | 3);
        break;
    case C_SMC: {
        /* auipc rX, 0; store rY at 8..70 bytes after the auipc */
        u32 rx = 10 + (u32)(r2 & 7), sz = (u32)(r2 >> 3) & 3;
        put32(rx << 7 | 0x17);
        put32(enc_s(0x23, sz, rx, rs2, 8 + 2 * (s32)((r2 >> 5) % 32)));
        break;
    }
    case C_LRSC: {
        u32 base = base_regs[(r2 & 1) ? 1 : 2], w = 2 + (u32)((r2 >> 1) & 1);
        put32(enc_r(0x2f, rd, w, base, 0, 0x02 << 2 | (u32)((r2 >> 2) & 3)));
        unsigned n = (unsigned)(r2 >> 4) & 3;
        for (unsigned i = 0; i < n; i++)
            gen16(rnd());
        put32(enc_r(0x2f, pick_rd(r2 >> 8), w, base, rs2, 0x03 << 2 | (u32)((r2 >> 14) & 3)));
        break;
    }
    default:
        put32(0x00000013);
        break;
    }
}

/* Move 3 in 4 of the noted jumps whose target is the middle of a 32-bit
 * instruction onto the next halfword, the start of the next one. */
static void fix_jumps(u64 lo, u64 hi)
{
    volatile u16 *code = (volatile u16 *)RC_CODE_PAGE;
    for (unsigned i = 0; i < nfix; i++) {
        const struct fix *f = &fixes[i];
        s32 off = f->off + 2;
        u64 t = RC_CODE_PAGE + 2 * f->hw + (u64)(s64)f->off;
        if (t < lo || t >= hi || is_start[HW(t)] || off == 0 || (rnd() & 3) == 0)
            continue;
        if (f->kind == FIX_B || f->kind == FIX_J) {
            if (RC_CODE_PAGE + 2 * f->hw + 4 > hi)
                continue; /* its upper half is beyond the region */
            u32 w = code[f->hw] | (u32)code[f->hw + 1] << 16;
            if (f->kind == FIX_B)
                w = (w & ~0xfe000f80u) | (enc_b(0, 0, 0, off) & 0xfe000f80u);
            else
                w = (w & ~0xfffff000u) | (enc_j(0, off) & 0xfffff000u);
            code[f->hw] = (u16)w;
            code[f->hw + 1] = (u16)(w >> 16);
        } else if (f->kind == FIX_CJ) {
            code[f->hw] = (u16)((code[f->hw] & ~0x1ffcu) | (enc_cj(off) & 0x1ffcu));
        } else if (off <= 254) {
            code[f->hw] = (u16)((code[f->hw] & ~0x1c7cu) | (enc_cb(0, 0, off) & 0x1c7cu));
        }
    }
}

/* ------------------------------------------------------------------ rounds */
/* What the checksums and counts have accumulated: saved at the start of
 * an epoch (see main), restored if it has to run again. */
static struct acc {
    u64 regs, traps, tvals, mem;
    u64 count[16];
    u64 sub, timeout, limit, ecall, fetch, escape, other;
} acc = { .regs = 0x243f6a8885a308d3ull, .traps = 0x13198a2e03707344ull, .tvals = 0xa4093822299f31d0ull,
          .mem = 0x082efa98ec4e6c89ull };
/* not deterministic under the host clock: epochs run again, instructions,
 * and the state at the timeouts (deterministic under --clock=insns, where
 * the timer fires after a given number of instructions) */
static u64 n_rerun, n_insns, sum_timeouts;

static u64 fold_regs(void)
{
    u64 h = 0;
    for (int i = 1; i < 32; i++)
        h = mix(h, ctx.x[i]);
    for (int i = 0; i < 32; i++)
        h = mix(h, ctx.f[i]);
    h = mix(h, ctx.fcsr);
    h = mix(h, ctx.pc);
    return mix(h, ctx.cause);
}
static u64 code_lo, code_hi;

static inline void csr_pmp(u64 a0, u64 a1, u64 a2, u64 a3, u64 cfg)
{
    __asm__ volatile("csrw pmpaddr0, %0; csrw pmpaddr1, %1; csrw pmpaddr2, %2; csrw pmpaddr3, %3;"
                     "csrw pmpcfg0, %4; sfence.vma"
                     :
                     : "r"(a0), "r"(a1), "r"(a2), "r"(a3), "r"(cfg)
                     : "memory");
}

/* bulk random bytes: an LCG is enough (and cheap) */
static void fill(u64 *p, unsigned n)
{
    u64 x = rnd();
    for (unsigned i = 0; i < n; i++) {
        x = x * 6364136223846793005ull + 1442695040888963407ull;
        p[i] = (i & 3) ? x ^ (x >> 29) : (x >> 56);
    }
}

static void setup_round(void)
{
    /* the code region: [lo, hi), spanning the page boundary at RC_CODE_MID */
    code_lo = RC_CODE_MID - 768 - 4 * (rnd() % 128);
    code_hi = RC_CODE_MID + 768 + 4 * (rnd() % 128);
#ifdef QEMU_QUIRKS
    /* QEMU 7.2 checks PMP execute permission per page, not per fetch: it
     * runs on past the end of a region that ends inside a page (see
     * priv_pmp_subpage_fetch.S). Whole pages, so that its checksums can be
     * compared with ours for the same program. */
    code_lo = RC_CODE_PAGE;
    code_hi = RC_CODE_PAGE + 8192;
#endif
    /* PMP: 0/1 TOR code RWX, 2 data RW, 3 read-only data R */
#ifdef RC_NO_SMC /* for comparisons with QEMU, which may run stale code (legal without fence.i) */
    const u64 cfg = (u64)(0x08 | 5) << 8 | (u64)(0x18 | 3) << 16 | (u64)(0x18 | 1) << 24;
#else
    const u64 cfg = (u64)(0x08 | 7) << 8 | (u64)(0x18 | 3) << 16 | (u64)(0x18 | 1) << 24;
#endif
    csr_pmp(code_lo >> 2, code_hi >> 2, (RC_DATA >> 2) | 0x1ff, (RC_RODATA >> 2) | 0x1ff, cfg);

    /* the code */
    gp_ = (u16 *)code_lo;
    gend_ = (u16 *)code_hi;
    nfix = 0;
    for (u64 i = HW(code_lo); i < HW(code_hi); i++)
        is_start[i] = 0;
    int ecall_end = (int)(rnd() & 1);
    while (gp_ < gend_) {
        if (ecall_end && gend_ - gp_ <= 3) {
            while (gend_ - gp_ > 2) {
                is_start[HW(gp_)] = 1;
                put16(0x0001); /* c.nop */
            }
            is_start[HW(gp_)] = 1;
            put32(0x00000073);
            break;
        }
        u64 r = rnd();
        is_start[HW(gp_)] = 1;
        /* 32-bit instructions straddle the page boundary more often */
        int wide = ((u64)gp_ == RC_CODE_MID - 2) ? (r & 3) != 0 : (r >> 62) != 0 && (r >> 60 & 3) != 0;
        if (wide)
            gen32(r, rnd());
        else
            gen16(r);
    }
    fix_jumps(code_lo, code_hi);
    /* the data page */
    fill((u64 *)RC_DATA, 512);
    __asm__ volatile("fence.i" ::: "memory");
}

/* a random address in the code region, mostly where an instruction starts */
static u64 code_addr(u64 r, u64 room)
{
    u64 hw = HW(code_lo) + r % ((code_hi - code_lo - room) / 2);
    if (!is_start[hw] && ((r >> 40) & 3))
        hw++;
    return RC_CODE_PAGE + 2 * hw;
}

static u64 random_value(u64 v)
{
    switch (v >> 60) {
    case 0:
    case 1:
    case 2:
        return (u64)(s64)(s8)v;
    case 3:
        return v & 0xffffffffull;
    case 4:
        return (u64)(s64)(s32)v;
    case 5: {
        static const u64 sp[8] = { 0, 1, ~0ull, 0x8000000000000000ull, 0x7fffffffffffffffull,
                                   0x80000000ull, 0xffffffff80000000ull, 0x7fffffffull };
        return sp[v & 7];
    }
    case 6:
        return RC_DATA + (v & 0xfff);
    default:
        return v;
    }
}

static u64 random_fp(u64 v)
{
    switch (v >> 61) {
    case 0: /* NaN-boxed single */
    case 1:
        return 0xffffffff00000000ull | (v & 0xffffffffull);
    case 2: { /* NaN-boxed single, small integer or special */
        static const u32 s[8] = { 0x00000000, 0x80000000, 0x3f800000, 0xbf800000,
                                  0x7f800000, 0x7fc00000, 0x00000001, 0x4b000000 };
        return 0xffffffff00000000ull | s[v & 7];
    }
    case 3: { /* double, small integer or special */
        static const u64 d[8] = { 0, 0x8000000000000000ull, 0x3ff0000000000000ull, 0xc000000000000000ull,
                                  0x7ff0000000000000ull, 0x7ff8000000000000ull, 1, 0x4330000000000000ull };
        return d[v & 7];
    }
    case 4: /* double of moderate exponent */
        return (v & 0x800fffffffffffffull) | (0x3c0ull + ((v >> 52) & 0x7f)) << 52;
    default:
        return v;
    }
}

#ifdef RC_DEBUG
static u64 trap_log[3 * (RC_TLIMIT + 1)];
#endif

static void setup_sub(void)
{
    for (int i = 1; i < 32; i++)
        ctx.x[i] = random_value(rnd());
    u64 r = rnd();
    ctx.x[2] = RC_DATA + 1536 + 8 * (r % 128);
    ctx.x[8] = RC_DATA + 8 * ((r >> 8) % 512);
    ctx.x[9] = RC_DATA + 8 * ((r >> 20) % 512) + (((r >> 30) & 7) ? 0 : (r >> 33) & 7);
    ctx.x[19] = RC_DATA + 2048 + 8 * ((r >> 44) % 64);
    ctx.x[20] = RC_RODATA - 256 + 8 * ((r >> 36) % 256);
    ctx.x[21] = RC_DATA + 2048 + 8 * ((r >> 50) % 64);
    ctx.x[15] = code_addr(rnd(), 0);
    ctx.x[18] = code_addr(rnd(), 0);
    for (int i = 0; i < 32; i++)
        ctx.f[i] = random_fp(rnd());
    u64 r2 = rnd();
    ctx.fcsr = r2 & 0xff;
    ctx.mstatus = MSTATUS_MPIE | MSTATUS_TW | (((r2 >> 40) & 7) ? MSTATUS_FS_DIRTY : 0);
    for (unsigned i = 0; i < RC_SEGMENTS; i++)
        ctx.entry[i] = code_addr(rnd(), 16);
    ctx.pc = ctx.entry[0];
    ctx.nseg = 0;
    ctx.lo = code_lo;
    ctx.hi = code_hi;
    ctx.thash = 0;
    ctx.vhash = 0;
    ctx.ntraps = 0;
    for (int i = 0; i < 16; i++)
        ctx.count[i] = 0;
#ifdef RC_DEBUG
    ctx.log = trap_log;
    ctx.logend = trap_log + 3 * (RC_TLIMIT + 1);
#endif
}

static u64 fold_memory(void);

#define CAUSE_INTERRUPT (1ull << 63)
enum { SUB_DONE, SUB_TIMEOUT, SUB_EARLY };

/* One sub-round. SUB_TIMEOUT: the timer fired after RC_BUDGET
 * instructions (a loop); SUB_EARLY: before (the host clock ran faster than
 * the instructions: the epoch runs again with a longer period). */
static int run_sub(unsigned round, unsigned sub)
{
    setup_sub();
    u64 entry = ctx.pc, i0, i1;
    __asm__ volatile("csrr %0, minstret" : "=r"(i0));
    rc_enter(&ctx);
    __asm__ volatile("csrr %0, minstret" : "=r"(i1));
    n_insns += i1 - i0;
    if (ctx.cause >> 63) {
        int timeout = ctx.irq_instret - ctx.start >= ctx.budget;
#ifdef RC_DEBUG
        guest_puts("round ");
        guest_putdec(round);
        guest_puts(" sub ");
        guest_putdec(sub);
        guest_puts(timeout ? " timeout at " : " early interrupt at ");
        guest_puthex(ctx.pc);
        guest_putc('\n');
#endif
        if (timeout)
            sum_timeouts = mix(mix(mix(sum_timeouts, fold_regs()), ctx.thash), fold_memory());
        return timeout ? SUB_TIMEOUT : SUB_EARLY;
    }
    acc.sub++;
    if (ctx.cause >> 62 == 1)
        acc.limit++;
    else if (ctx.cause == 8)
        acc.ecall++;
    else if (ctx.cause == 1)
        acc.fetch++;
    else if (ctx.pc < code_lo || ctx.pc >= code_hi)
        acc.escape++;
    else
        acc.other++;
    u64 h = fold_regs();
    acc.regs = mix(acc.regs, h);
    acc.traps = mix(acc.traps, ctx.thash);
    acc.tvals = mix(mix(acc.tvals, ctx.vhash), ctx.tval);
    for (int i = 0; i < 16; i++)
        acc.count[i] += ctx.count[i];
#ifdef RC_DEBUG
    guest_puts("round ");
    guest_putdec(round);
    guest_puts(" sub ");
    guest_putdec(sub);
    guest_puts(" entry ");
    guest_puthex(entry);
    guest_puts(" end ");
    guest_puthex(ctx.pc);
    guest_puts(" cause ");
    guest_puthex(ctx.cause);
    guest_puts(" tval ");
    guest_puthex(ctx.tval);
    guest_puts(" insns ");
    guest_putdec(i1 - i0);
    guest_puts(" ntraps ");
    guest_putdec(ctx.ntraps);
    guest_puts(" seg ");
    guest_putdec(ctx.nseg);
    guest_puts(" regs ");
    guest_puthex(h);
    guest_puts(" traps ");
    guest_puthex(ctx.thash);
    guest_puts(" tvals ");
    guest_puthex(ctx.vhash);
    guest_putc('\n');
    for (const u64 *t = trap_log; t < ctx.log; t += 3) {
        guest_puts("  trap epc ");
        guest_puthex(t[0]);
        guest_puts(" cause ");
        guest_putdec(t[1]);
        guest_puts(" tval ");
        guest_puthex(t[2]);
        guest_putc('\n');
    }
#else
    (void)round;
    (void)sub;
    (void)entry;
#endif
    return SUB_DONE;
}

static u64 fold_memory(void)
{
    u64 h = 0;
    for (u64 a = code_lo; a < code_hi; a += 4)
        h = mix(h, *(volatile u32 *)a);
    const u64 *d = (const u64 *)RC_DATA;
    for (unsigned i = 0; i < 512; i++)
        h = mix(h, d[i]);
    return h;
}

/* The sandbox memory at the start of a round: save (0) or restore (1). */
static u64 saved_code[8192 / 8], saved_data[512], saved_lo, saved_hi;

static void snapshot(int restore)
{
    u64 *code = (u64 *)(code_lo & ~7ull), *data = (u64 *)RC_DATA;
    unsigned n = (unsigned)(((code_hi + 7) & ~7ull) - (code_lo & ~7ull)) / 8;
    if (code_lo & 7) /* a dword straddling lo or hi would fail even in M (PMP) */
        code = (u64 *)(code_lo + 4), n--;
    if (code_hi & 7)
        n--;
    for (unsigned i = 0; i < n; i++) {
        if (restore)
            code[i] = saved_code[i];
        else
            saved_code[i] = code[i];
    }
    for (unsigned i = 0; i < 512; i++) {
        if (restore)
            data[i] = saved_data[i];
        else
            saved_data[i] = data[i];
    }
    if (restore) {
        /* the words at the ends */
        if (code_lo & 7)
            *(volatile u32 *)code_lo = (u32)saved_lo;
        if (code_hi & 7)
            *(volatile u32 *)(code_hi - 4) = (u32)saved_hi;
        __asm__ volatile("fence.i" ::: "memory");
    } else {
        saved_lo = *(volatile u32 *)code_lo;
        saved_hi = *(volatile u32 *)(code_hi - 4);
    }
}

static void put_count(const char *name, u64 v)
{
    guest_puts(name);
    guest_putdec(v);
}

extern char _end[];

#ifdef RC_PROF
static u64 prof[4], prof_last;
#define PROF(i)                                                     \
    do {                                                            \
        u64 n_;                                                     \
        __asm__ volatile("csrr %0, minstret" : "=r"(n_));           \
        if (i)                                                      \
            prof[i] += n_ - prof_last;                              \
        prof_last = n_;                                             \
    } while (0)
#else
#define PROF(i) ((void)0)
#endif

int main(void)
{
    if ((u64)_end > RC_CODE_PAGE) {
        guest_puts("priv_random_code: the program overlaps the sandbox\n");
        return 1;
    }
    init_cls_table();
    ctx.budget = RC_BUDGET;
    ctx.tlimit = RC_TLIMIT;
    ctx.maxseg = RC_SEGMENTS;
    ctx.ticks = RC_TICKS;
    ctx.mul = 0x9e3779b97f4a7c15ull;
    /* the code pages (outside the region, U may not execute them) and
     * the read-only page: random, once */
    fill((u64 *)RC_CODE_PAGE, 1024);
    fill((u64 *)RC_RODATA, 512);
    __asm__ volatile("csrw mcounteren, zero; csrw medeleg, zero; csrw mideleg, zero; csrw satp, zero;"
                     "csrw mscratch, %2; csrw mtvec, %0; csrw mie, %1"
                     :
                     : "r"(rc_trap), "r"(1ull << 7), "r"(&ctx)
                     : "memory");

    for (unsigned round = 0; round < RC_ROUNDS; round++) {
        PROF(0);
        setup_round();
        PROF(1);
        /* Epochs: runs of sub-rounds from a snapshot of the sandbox memory,
         * the PRNG and the accumulators. A timer interrupt before
         * RC_BUDGET instructions makes the epoch run again, from the
         * snapshot, with twice the timer period: so whatever the clock,
         * what counts is always a run without interrupts (taking one may
         * change the outcome of an sc, as it may drop the reservation). A
         * timeout (a loop, whose state depends on when the timer fired) is
         * not counted either: the memory goes back to the snapshot, the
         * round gets new code and a new epoch begins after it. */
        unsigned sub = 0;
        for (;;) {
            snapshot(0);
            const u64 rng0 = rng;
            const struct acc acc0 = acc;
            const unsigned sub0 = sub;
            int r = SUB_DONE;
            while (sub < RC_SUBROUNDS && (r = run_sub(round, sub)) == SUB_DONE)
                sub++;
            if (r == SUB_EARLY) {
                snapshot(1);
                rng = rng0;
                acc = acc0;
                sub = sub0;
                if (ctx.ticks < (1ull << 40))
                    ctx.ticks *= 2;
                n_rerun++;
                continue;
            }
            if (r == SUB_TIMEOUT) {
                snapshot(1);
                acc.timeout++;
                sub++;
                setup_round();
                continue;
            }
            break;
        }
        PROF(2);
        acc.mem = mix(acc.mem, fold_memory());
        PROF(3);
    }
    /* quiet the timer */
    *(volatile u64 *)CLINT_MTIMECMP = ~0ull;

    u64 total = mix(mix(mix(mix(0, acc.regs), acc.traps), acc.tvals), acc.mem);
    guest_puts("priv_random_code: rounds ");
    guest_putdec(RC_ROUNDS);
    put_count(" sub-rounds ", acc.sub);
    put_count(" (ecall ", acc.ecall);
    put_count(", fetch fault ", acc.fetch);
    put_count(", trap limit ", acc.limit);
    put_count(", escape ", acc.escape);
    put_count(", other ", acc.other);
    put_count(") timeouts ", acc.timeout);
    guest_puts("\n");
    put_count("traps: fetch fault ", acc.count[1]);
    put_count(", illegal ", acc.count[2]);
    put_count(", breakpoint ", acc.count[3]);
    put_count(", misaligned load ", acc.count[4]);
    put_count(", load fault ", acc.count[5]);
    put_count(", misaligned store/AMO ", acc.count[6]);
    put_count(", store/AMO fault ", acc.count[7]);
    guest_puts("\n");
    put_count("instructions in sub-rounds (with the trap handler) ", n_insns);
    put_count(", epochs run again ", n_rerun);
    guest_puts(", timeouts' state ");
    guest_puthex(sum_timeouts);
    guest_puts("\n");
    guest_puts("checksums: regs ");
    guest_puthex(acc.regs);
    guest_puts(" traps ");
    guest_puthex(acc.traps);
    guest_puts(" tvals ");
    guest_puthex(acc.tvals);
    guest_puts(" mem ");
    guest_puthex(acc.mem);
    guest_puts("\ntotal ");
    guest_puthex(total);
    guest_putc('\n');
#ifdef RC_PROF
    put_count("profile: setup_round ", prof[1]);
    put_count(" sub-rounds ", prof[2]);
    put_count(" fold ", prof[3]);
    guest_putc('\n');
#endif
#ifdef RC_CHECK
    if (total != RC_EXPECT) {
        guest_puts("priv_random_code: total checksum differs from the expected ");
        guest_puthex(RC_EXPECT);
        guest_putc('\n');
        return 2;
    }
#endif
    return 0;
}
