/*
 * c_muldiv.c - M-extension behaviour checked from C against a software
 * reference written with shifts, adds and compares only.
 *
 *  1..13   each M instruction (via inline asm, exact encodings) on
 *          pseudo-random operands of varied magnitude and sign
 *  21..33  the same on an edge-case table (0, 1, -1, most-negative,
 *          32-bit boundaries): division by zero, signed overflow
 *  41..46  C operators on volatile operands (compiler-chosen mul/div/rem)
 *  51..56  division by constants (GCC emits mulh/mulhu magic sequences)
 */
#include "guest.h"

#define INT64_MIN_ ((s64)0x8000000000000000ULL)

/* ---- software reference ------------------------------------------ */

static u64 soft_mul(u64 a, u64 b)           /* low 64 bits */
{
    u64 r = 0;
    while (b) {
        if (b & 1)
            r += a;
        a <<= 1;
        b >>= 1;
    }
    return r;
}

static u64 soft_mulhu(u64 a, u64 b)         /* high 64 bits, unsigned */
{
    u64 hi = 0, lo = 0;
    for (int i = 63; i >= 0; i--) {
        /* (hi:lo) <<= 1 */
        hi = (hi << 1) | (lo >> 63);
        lo <<= 1;
        if ((b >> i) & 1) {
            u64 nlo = lo + a;
            hi += (nlo < lo);
            lo = nlo;
        }
    }
    return hi;
}

static u64 soft_mulh(u64 a, u64 b)          /* signed x signed */
{
    u64 h = soft_mulhu(a, b);
    if ((s64)a < 0)
        h -= b;
    if ((s64)b < 0)
        h -= a;
    return h;
}

static u64 soft_mulhsu(u64 a, u64 b)        /* signed x unsigned */
{
    u64 h = soft_mulhu(a, b);
    if ((s64)a < 0)
        h -= b;
    return h;
}

/* restoring division, unsigned; b != 0 */
static void soft_udivmod(u64 a, u64 b, u64 *q, u64 *r)
{
    u64 quo = 0, rem = 0;
    for (int i = 63; i >= 0; i--) {
        int carry = (int)(rem >> 63);
        rem = (rem << 1) | ((a >> i) & 1);
        if (carry || rem >= b) {
            rem -= b;
            quo |= 1ULL << i;
        }
    }
    *q = quo;
    *r = rem;
}

static u64 soft_divu(u64 a, u64 b)
{
    u64 q, r;
    if (b == 0)
        return ~0ULL;
    soft_udivmod(a, b, &q, &r);
    return q;
}

static u64 soft_remu(u64 a, u64 b)
{
    u64 q, r;
    if (b == 0)
        return a;
    soft_udivmod(a, b, &q, &r);
    return r;
}

static u64 uabs(u64 x) { return (s64)x < 0 ? -x : x; }

static u64 soft_div(u64 a, u64 b)
{
    if (b == 0)
        return ~0ULL;
    if (a == (u64)INT64_MIN_ && b == ~0ULL)
        return a;
    u64 q = soft_divu(uabs(a), uabs(b));
    return (((s64)a < 0) != ((s64)b < 0)) ? -q : q;
}

static u64 soft_rem(u64 a, u64 b)
{
    if (b == 0)
        return a;
    if (a == (u64)INT64_MIN_ && b == ~0ULL)
        return 0;
    u64 r = soft_remu(uabs(a), uabs(b));
    return (s64)a < 0 ? -r : r;              /* sign of the dividend */
}

static u64 sext32(u64 x) { return (u64)(s64)(s32)(u32)x; }
static u64 zext32(u64 x) { return x & 0xffffffffULL; }

static u64 soft_mulw(u64 a, u64 b)  { return sext32(soft_mul(a, b)); }
static u64 soft_divw(u64 a, u64 b)  { return sext32(soft_div(sext32(a), sext32(b))); }
static u64 soft_remw(u64 a, u64 b)  { return sext32(soft_rem(sext32(a), sext32(b))); }
static u64 soft_divuw(u64 a, u64 b)
{
    return zext32(b) == 0 ? ~0ULL : sext32(soft_divu(zext32(a), zext32(b)));
}
static u64 soft_remuw(u64 a, u64 b) { return sext32(soft_remu(zext32(a), zext32(b))); }

/* ---- hardware (exact instructions) ------------------------------- */

#define HW(name, insn) \
    static u64 hw_##name(u64 a, u64 b) \
    { \
        u64 r; \
        __asm__ volatile(insn " %0, %1, %2" : "=r"(r) : "r"(a), "r"(b)); \
        return r; \
    }
HW(mul, "mul") HW(mulh, "mulh") HW(mulhsu, "mulhsu") HW(mulhu, "mulhu")
HW(div, "div") HW(divu, "divu") HW(rem, "rem") HW(remu, "remu")
HW(mulw, "mulw") HW(divw, "divw") HW(divuw, "divuw") HW(remw, "remw")
HW(remuw, "remuw")

typedef u64 (*binop)(u64, u64);
static const struct { binop hw, soft; } ops[13] = {
    { hw_mul, soft_mul },     { hw_mulh, soft_mulh },   { hw_mulhsu, soft_mulhsu },
    { hw_mulhu, soft_mulhu }, { hw_div, soft_div },     { hw_divu, soft_divu },
    { hw_rem, soft_rem },     { hw_remu, soft_remu },   { hw_mulw, soft_mulw },
    { hw_divw, soft_divw },   { hw_divuw, soft_divuw }, { hw_remw, soft_remw },
    { hw_remuw, soft_remuw },
};

static const u64 edge[] = {
    0, 1, 2, 3, 7, ~0ULL, ~0ULL - 1, 0x8000000000000000ULL, 0x7fffffffffffffffULL,
    0x8000000000000001ULL, 0x80000000ULL, 0x7fffffffULL, 0xffffffffULL,
    0xffffffff80000000ULL, 0x100000000ULL, 0x00000000fffffffeULL,
    0x123456789abcdef0ULL, 0xfedcba9876543210ULL, 10, 0xfffffffffffffff6ULL,
};
#define NEDGE (sizeof(edge) / sizeof(edge[0]))

static u64 rng_state = 0x9e3779b97f4a7c15ULL;
static u64 rng(void)                         /* xorshift64 */
{
    u64 x = rng_state;
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    rng_state = x;
    return x;
}

/* random value with a random magnitude (and so random sign patterns) */
static u64 rnd_operand(void)
{
    u64 x = rng();
    unsigned bits = (unsigned)(rng() & 63) + 1;
    x >>= 64 - bits;
    if (rng() & 1)
        x = -x;
    return x;
}

int main(void)
{
    /* 1..13: random operands */
    for (int i = 0; i < 300; i++) {
        u64 a = rnd_operand(), b = rnd_operand();
        for (int k = 0; k < 13; k++)
            CHECK_EQ(1 + k, ops[k].hw(a, b), ops[k].soft(a, b));
    }

    /* 21..33: all pairs of edge values */
    for (unsigned i = 0; i < NEDGE; i++)
        for (unsigned j = 0; j < NEDGE; j++)
            for (int k = 0; k < 13; k++)
                CHECK_EQ(21 + k, ops[k].hw(edge[i], edge[j]), ops[k].soft(edge[i], edge[j]));

    /* a few spec-table values spelled out */
    CHECK_EQ(34, hw_div(5, 0), ~0ULL);
    CHECK_EQ(35, hw_rem(5, 0), 5);
    CHECK_EQ(36, hw_div(0x8000000000000000ULL, ~0ULL), 0x8000000000000000ULL);
    CHECK_EQ(37, hw_rem(0x8000000000000000ULL, ~0ULL), 0);
    CHECK_EQ(38, hw_divw(0x80000000ULL, ~0ULL), 0xffffffff80000000ULL);
    CHECK_EQ(39, hw_remuw(0xffffffff00000005ULL, 0xffffffff00000000ULL), 5);

    /* 41..46: C operators on volatile operands */
    for (int i = 0; i < 200; i++) {
        volatile s64 sa = (s64)rnd_operand(), sb = (s64)rnd_operand();
        volatile u64 ua = rnd_operand(), ub = rnd_operand();
        volatile s32 wa = (s32)rnd_operand(), wb = (s32)rnd_operand();
        if (sb == 0 || (sa == INT64_MIN_ && sb == -1))
            sb = 3;
        if (ub == 0)
            ub = 5;
        if (wb == 0 || (wa == (s32)0x80000000 && wb == -1))
            wb = 7;
        CHECK_EQ(41, (u64)(sa * sb), soft_mul(sa, sb));
        CHECK_EQ(42, (u64)(sa / sb), soft_div(sa, sb));
        CHECK_EQ(43, (u64)(sa % sb), soft_rem(sa, sb));
        CHECK_EQ(44, ua / ub, soft_divu(ua, ub));
        CHECK_EQ(45, ua % ub, soft_remu(ua, ub));
        CHECK_EQ(46, (u64)(s64)(wa / wb), soft_divw((u64)(s64)wa, (u64)(s64)wb));
    }

    /* 51..56: division by constants (multiply-high sequences) */
    for (int i = 0; i < 300; i++) {
        s64 s = (s64)OPAQUE(rnd_operand());
        u64 u = OPAQUE(rnd_operand());
        CHECK_EQ(51, (u64)(s / 3), soft_div(s, 3));
        CHECK_EQ(52, (u64)(s % 10), soft_rem(s, 10));
        CHECK_EQ(53, (u64)(s / -7), soft_div(s, (u64)-7));
        CHECK_EQ(54, u / 10, soft_divu(u, 10));
        CHECK_EQ(55, u % 1000000007ULL, soft_remu(u, 1000000007ULL));
        CHECK_EQ(56, (u64)(s64)((s32)s / 100), soft_divw(s, 100));
    }
    return 0;
}
