/*
 * fp_digest.c - differential FP test: runs pseudo-random and hard-case
 * operands through every F and D instruction in every static rounding mode
 * (and the main ones through frm with rm = dyn), and folds each result
 * (all 64 bits of the destination register) and the fflags it raised into
 * a running 64-bit digest (FNV-1a style, one 64-bit word at a time).
 *
 * It checks nothing itself: it prints
 *     fp digest: 0x<16 hex digits> ops: <number of operations>
 * on the UART and exits 0.  tests/fp/check-digest.sh runs it on QEMU and on
 * libvsim and compares the two lines.
 *
 * Single-precision operands are 64-bit register images: mostly NaN-boxed,
 * sometimes not (then they must read as the canonical NaN).  Operands are
 * set with fmv.d.x and results read with fmv.x.d inside the asm blocks, so
 * the compiler never does FP arithmetic of its own here.
 */
#include "guest.h"
#include "fp_macros.h"

#ifndef DIGEST_ITERS
#define DIGEST_ITERS 1600
#endif

static u64 digest = 0xcbf29ce484222325ull;
static u64 nops;

static inline void mix(u64 v)
{
    digest ^= v;
    digest *= 0x100000001b3ull;
}

static inline void mix2(u64 r, u64 fl)
{
    mix(r);
    mix(fl);
    nops++;
}

/* ------------------------------------------------------------ operands */
static u64 rng_state = 0x9e3779b97f4a7c15ull;

static u64 rnd(void)
{
    u64 x = rng_state;
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    rng_state = x;
    return x * 0x2545f4914f6cdd1dull;
}

static const u32 s_special[] = {
    0x00000000, 0x80000000, 0x00000001, 0x80000001, 0x007fffff, 0x807fffff,
    0x00800000, 0x80800000, 0x7f7fffff, 0xff7fffff, 0x7f800000, 0xff800000,
    0x7fc00000, 0xffc00000, 0x7f800001, 0xff800001, 0x7fa00000, 0x7fc01234,
    0x3f800000, 0xbf800000, 0x3f800001, 0x3f7fffff, 0x3f000000, 0xbf000000,
    0x3fc00000, 0x40000000, 0x4b800000, 0x4b800001, 0x4f000000, 0xcf000000,
    0xcf000001, 0x4f800000, 0x5f000000, 0xdf000000, 0x5f800000, 0x4effffff,
    0x33800000, 0x34000000, 0x00400000, 0x3eaaaaab, 0xbf400000, 0x3fe00000,
};

static const u64 d_special[] = {
    0x0000000000000000ull, 0x8000000000000000ull, 0x0000000000000001ull,
    0x8000000000000001ull, 0x000fffffffffffffull, 0x800fffffffffffffull,
    0x0010000000000000ull, 0x8010000000000000ull, 0x7fefffffffffffffull,
    0xffefffffffffffffull, 0x7ff0000000000000ull, 0xfff0000000000000ull,
    0x7ff8000000000000ull, 0xfff8000000000000ull, 0x7ff0000000000001ull,
    0xfff0000000000001ull, 0x7ff4000000000000ull, 0x7ff8000000001234ull,
    0x3ff0000000000000ull, 0xbff0000000000000ull, 0x3ff0000000000001ull,
    0x3fefffffffffffffull, 0x3fe0000000000000ull, 0xbfe0000000000000ull,
    0x3ff8000000000000ull, 0x4000000000000000ull, 0x4340000000000000ull,
    0x4340000000000001ull, 0x41e0000000000000ull, 0xc1e0000000000000ull,
    0xc1e0000000200000ull, 0x41dfffffffc00000ull, 0x41efffffffe00000ull,
    0x41f0000000000000ull, 0x43e0000000000000ull, 0xc3e0000000000000ull,
    0x43f0000000000000ull, 0x3ca0000000000000ull, 0x3cb0000000000000ull,
    0x0008000000000000ull, 0x3fd5555555555555ull, 0x47efffffe0000000ull,
    0x47efffffefffffffull, 0x47effffff0000000ull, 0x36a0000000000000ull,
    0x3690000000000000ull, 0x380fffffe0000000ull, 0x3810000000000000ull,
};

static const u64 x_special[] = {
    0, 1, (u64)-1, 2, 0x7fffffff, 0x80000000, 0xffffffff, 0x100000000ull,
    0xffffffff80000000ull, 0xffffffff7fffffffull, 0x7fffffffffffffffull,
    0x8000000000000000ull, 0x1000001, 0x1000003, 0x20000000000001ull,
    0x20000000000003ull, 0xfffffffffe000001ull, 0x8000000000000400ull,
    0xfffffffffffff800ull, 0x00000000ffffff80ull,
};

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* a single-precision value (32 bits) */
static u32 gen_s32(void)
{
    u64 r = rnd();
    unsigned cls = (unsigned)(r & 15);
    u32 sign = (u32)(r >> 63) << 31;
    u32 man = (u32)(r >> 8) & 0x7fffff;
    switch (cls) {
    case 0: case 1: case 2: case 3:
        return s_special[(r >> 16) % NELEM(s_special)];
    case 4: case 5: case 6: case 7:             /* around 1.0 */
        return sign | (u32)(127 - 24 + (r >> 40) % 49) << 23 | man;
    case 8:                                     /* fully random */
        return (u32)(r >> 20);
    case 9:                                     /* subnormal / small */
        return sign | (u32)((r >> 40) % 6) << 23 | (man >> ((r >> 50) % 23));
    case 10:                                    /* near the top */
        return sign | (u32)(254 - (r >> 40) % 6) << 23 | man;
    case 11: case 12:                           /* integer range for fcvt */
        return sign | (u32)(127 + (r >> 40) % 66) << 23 | (man & ~0xfu);
    default:                                    /* short mantissa: ties */
        return sign | (u32)(127 - 8 + (r >> 40) % 17) << 23 |
               (man & (0x7fffffu << ((r >> 48) % 20)));
    }
}

/* a 64-bit register image holding a single */
static u64 gen_s(void)
{
    u64 r = rnd();
    u64 v = gen_s32();
    if ((r & 63) == 0)
        return v | (r & 0xffffffff00000000ull);       /* usually not boxed */
    return v | 0xffffffff00000000ull;
}

static u64 gen_d(void)
{
    u64 r = rnd();
    unsigned cls = (unsigned)(r & 15);
    u64 sign = r & 0x8000000000000000ull;
    u64 man = rnd() & 0xfffffffffffffull;
    switch (cls) {
    case 0: case 1: case 2: case 3:
        return d_special[(r >> 16) % NELEM(d_special)];
    case 4: case 5: case 6: case 7:
        return sign | (u64)(1023 - 53 + (r >> 40) % 107) << 52 | man;
    case 8:
        return rnd();
    case 9:
        return sign | (u64)((r >> 40) % 6) << 52 | (man >> ((r >> 50) % 52));
    case 10:
        return sign | (u64)(2046 - (r >> 40) % 6) << 52 | man;
    case 11: case 12:
        return sign | (u64)(1023 + (r >> 40) % 66) << 52 | (man & ~0xffull);
    case 13:                                    /* single-precision range */
        return sign | (u64)(1023 - 150 + (r >> 40) % 280) << 52 |
               (man & ~((1ull << ((r >> 50) % 32)) - 1));
    default:
        return sign | (u64)(1023 - 8 + (r >> 40) % 17) << 52 |
               (man & (0xfffffffffffffull << ((r >> 48) % 48)));
    }
}

static u64 gen_x(void)
{
    u64 r = rnd();
    switch (r & 7) {
    case 0: case 1:
        return x_special[(r >> 16) % NELEM(x_special)];
    case 2:
        return rnd();
    default: {                                  /* random bit length */
        u64 v = rnd() >> ((r >> 8) % 64);
        return (r >> 20) & 1 ? -v : v;
    }
    }
}

/* ------------------------------------------------------------ operations */
/* fa, fb, fc: f-register operands (doubles holding raw bits); xa: integer */
#define ASMF(v) "f"(v)

#define OP_FFF(insn, rm, a, b) do { \
        u64 r_, f_; double t_; \
        __asm__ volatile("fsflags zero\n\t" insn " %2, %3, %4" rm "\n\t" \
                         "frflags %1\n\tfmv.x.d %0, %2" \
                         : "=r"(r_), "=r"(f_), "=&f"(t_) : "f"(a), "f"(b)); \
        mix2(r_, f_); \
    } while (0)

#define OP_FF(insn, rm, a) do { \
        u64 r_, f_; double t_; \
        __asm__ volatile("fsflags zero\n\t" insn " %2, %3" rm "\n\t" \
                         "frflags %1\n\tfmv.x.d %0, %2" \
                         : "=r"(r_), "=r"(f_), "=&f"(t_) : "f"(a)); \
        mix2(r_, f_); \
    } while (0)

#define OP_FFFF(insn, rm, a, b, c) do { \
        u64 r_, f_; double t_; \
        __asm__ volatile("fsflags zero\n\t" insn " %2, %3, %4, %5" rm "\n\t" \
                         "frflags %1\n\tfmv.x.d %0, %2" \
                         : "=r"(r_), "=r"(f_), "=&f"(t_) \
                         : "f"(a), "f"(b), "f"(c)); \
        mix2(r_, f_); \
    } while (0)

/* f -> x */
#define OP_XF(insn, rm, a) do { \
        u64 r_, f_; \
        __asm__ volatile("fsflags zero\n\t" insn " %0, %2" rm "\n\tfrflags %1" \
                         : "=&r"(r_), "=r"(f_) : "f"(a)); \
        mix2(r_, f_); \
    } while (0)

#define OP_XFF(insn, a, b) do { \
        u64 r_, f_; \
        __asm__ volatile("fsflags zero\n\t" insn " %0, %2, %3\n\tfrflags %1" \
                         : "=&r"(r_), "=r"(f_) : "f"(a), "f"(b)); \
        mix2(r_, f_); \
    } while (0)

/* x -> f */
#define OP_FX(insn, rm, x) do { \
        u64 r_, f_; double t_; \
        __asm__ volatile("fsflags zero\n\t" insn " %2, %3" rm "\n\t" \
                         "frflags %1\n\tfmv.x.d %0, %2" \
                         : "=r"(r_), "=r"(f_), "=&f"(t_) : "r"(x)); \
        mix2(r_, f_); \
    } while (0)

/* exact conversions whose rm GNU as does not accept: raw encoding
 * (OP-FP, funct3 = rm, funct7, rs2 field) */
#define OP_RAW(f7, rs2, rmv, src, cons) do { \
        u64 r_, f_; double t_; \
        __asm__ volatile("fsflags zero\n\t.insn r OP_FP, " #rmv ", " #f7 \
                         ", %2, %3, " rs2 "\n\tfrflags %1\n\tfmv.x.d %0, %2" \
                         : "=r"(r_), "=r"(f_), "=&f"(t_) : cons(src)); \
        mix2(r_, f_); \
    } while (0)

/* everything that takes a rounding mode; RM = ", rne" etc. or "" (dyn),
 * RMV = its numeric encoding (7 = dyn) */
#define RM_OPS(RM, RMV) do { \
        OP_FFF("fadd.s", RM, sa, sb); \
        OP_FFF("fsub.s", RM, sa, sb); \
        OP_FFF("fmul.s", RM, sa, sb); \
        OP_FFF("fdiv.s", RM, sa, sb); \
        OP_FF("fsqrt.s", RM, sa); \
        OP_FF("fsqrt.s", RM, sc); \
        OP_FFFF("fmadd.s", RM, sa, sb, sc); \
        OP_FFFF("fmsub.s", RM, sa, sb, sc); \
        OP_FFFF("fnmsub.s", RM, sa, sb, sc); \
        OP_FFFF("fnmadd.s", RM, sa, sb, sc); \
        OP_XF("fcvt.w.s", RM, sa); \
        OP_XF("fcvt.wu.s", RM, sa); \
        OP_XF("fcvt.l.s", RM, sa); \
        OP_XF("fcvt.lu.s", RM, sa); \
        OP_FX("fcvt.s.w", RM, xa); \
        OP_FX("fcvt.s.wu", RM, xa); \
        OP_FX("fcvt.s.l", RM, xa); \
        OP_FX("fcvt.s.lu", RM, xa); \
        OP_FF("fcvt.s.d", RM, da); \
        OP_RAW(0x21, "x0", RMV, sa, ASMF);      /* fcvt.d.s */ \
        OP_FFF("fadd.d", RM, da, db); \
        OP_FFF("fsub.d", RM, da, db); \
        OP_FFF("fmul.d", RM, da, db); \
        OP_FFF("fdiv.d", RM, da, db); \
        OP_FF("fsqrt.d", RM, da); \
        OP_FF("fsqrt.d", RM, dc); \
        OP_FFFF("fmadd.d", RM, da, db, dc); \
        OP_FFFF("fmsub.d", RM, da, db, dc); \
        OP_FFFF("fnmsub.d", RM, da, db, dc); \
        OP_FFFF("fnmadd.d", RM, da, db, dc); \
        OP_XF("fcvt.w.d", RM, da); \
        OP_XF("fcvt.wu.d", RM, da); \
        OP_XF("fcvt.l.d", RM, da); \
        OP_XF("fcvt.lu.d", RM, da); \
        OP_RAW(0x69, "x0", RMV, xa, "r");       /* fcvt.d.w */ \
        OP_RAW(0x69, "x1", RMV, xa, "r");       /* fcvt.d.wu */ \
        OP_FX("fcvt.d.l", RM, xa); \
        OP_FX("fcvt.d.lu", RM, xa); \
    } while (0)

static void no_rm_ops(double sa, double sb, double da, double db, u64 xa)
{
    OP_FFF("fsgnj.s", "", sa, sb);
    OP_FFF("fsgnjn.s", "", sa, sb);
    OP_FFF("fsgnjx.s", "", sa, sb);
    OP_FFF("fmin.s", "", sa, sb);
    OP_FFF("fmax.s", "", sa, sb);
    OP_XFF("feq.s", sa, sb);
    OP_XFF("flt.s", sa, sb);
    OP_XFF("fle.s", sa, sb);
    OP_XF("fclass.s", "", sa);
    OP_XF("fmv.x.w", "", sa);
    OP_FX("fmv.w.x", "", xa);
    OP_FFF("fsgnj.d", "", da, db);
    OP_FFF("fsgnjn.d", "", da, db);
    OP_FFF("fsgnjx.d", "", da, db);
    OP_FFF("fmin.d", "", da, db);
    OP_FFF("fmax.d", "", da, db);
    OP_XFF("feq.d", da, db);
    OP_XFF("flt.d", da, db);
    OP_XFF("fle.d", da, db);
    OP_XF("fclass.d", "", da);
    OP_XF("fmv.x.d", "", da);
    OP_FX("fmv.d.x", "", xa);
    /* the same values compared with themselves / swapped */
    OP_XFF("feq.s", sa, sa);
    OP_XFF("fle.d", db, da);
    OP_FFF("fmin.d", "", db, da);
    OP_FFF("fmax.s", "", sb, sa);
}

static double as_f(u64 bits)
{
    double d;
    __asm__ volatile("fmv.d.x %0, %1" : "=f"(d) : "r"(bits));
    return d;
}

static u64 as_bits(double d)
{
    u64 v;
    __asm__ volatile("fmv.x.d %0, %1" : "=r"(v) : "f"(d));
    return v;
}

static u64 neg_product_s(double a, double b)
{
    double t;
    __asm__ volatile("fmul.s %0, %1, %2, rne\n\tfneg.s %0, %0" : "=f"(t) : "f"(a), "f"(b));
    return as_bits(t);
}

static u64 neg_product_d(double a, double b)
{
    double t;
    __asm__ volatile("fmul.d %0, %1, %2, rne\n\tfneg.d %0, %0" : "=f"(t) : "f"(a), "f"(b));
    return as_bits(t);
}

static void __attribute__((noinline)) one_round(void)
{
    u64 r = rnd();
    double sa = as_f(gen_s()), sb = as_f(gen_s()), sc;
    double da = as_f(gen_d()), db = as_f(gen_d()), dc;
    u64 xa = gen_x();

    /* near-cancellation partners now and then */
    if ((r & 7) == 0)
        sb = as_f(as_bits(sa) ^ 0x80000000ull ^ (r >> 60));
    if (((r >> 3) & 7) == 0)
        db = as_f(as_bits(da) ^ 0x8000000000000000ull ^ (r >> 58));
    sc = ((r >> 6) & 3) == 0 ? as_f(neg_product_s(sa, sb)) : as_f(gen_s());
    dc = ((r >> 8) & 3) == 0 ? as_f(neg_product_d(da, db)) : as_f(gen_d());

    RM_OPS(", rne", 0);
    RM_OPS(", rtz", 1);
    RM_OPS(", rdn", 2);
    RM_OPS(", rup", 3);
    RM_OPS(", rmm", 4);
    no_rm_ops(sa, sb, da, db, xa);

    /* dynamic rounding: one frm per round, cycling */
    {
        u64 frm = nops % 5;
        __asm__ volatile("fsrm %0" : : "r"(frm));
        RM_OPS("", 7);
        __asm__ volatile("fsrmi 0");
    }
}

static int __attribute__((noinline)) run(void)
{
    for (int i = 0; i < DIGEST_ITERS; i++)
        one_round();
    /* the accrued state at the end: fcsr after an op that sets flags */
    {
        u64 fcsr;
        __asm__ volatile("fsflags zero\n\tfsrmi 3\n\t"
                         "fdiv.d ft0, ft0, ft0\n\tfrcsr %0\n\tfscsr zero"
                         : "=r"(fcsr) : : "ft0");
        mix(fcsr);
    }
    guest_puts("fp digest: ");
    guest_puthex(digest);
    guest_puts(" ops: ");
    guest_putdec(nops);
    guest_putc('\n');
    return 0;
}

int main(void)
{
    fp_enable();
    return run();
}
