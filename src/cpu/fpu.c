/*
 * Software IEEE 754 arithmetic for the F and D extensions (see fpu.h).
 *
 * Every operation computes its exact result as sign x sig x 2^exp with sig a
 * 128-bit integer (plus a sticky bit when the exact value has more bits than
 * that), then round_pack rounds once, in any of the five modes, raising
 * NX/UF/OF exactly as RISC-V requires (tininess detected after rounding).
 */
#include "fpu.h"

#include <stddef.h>

typedef unsigned __int128 u128;

struct fmt {
    unsigned p;      /* significand bits, hidden bit included */
    unsigned ebits;  /* exponent field bits */
    int emin, emax;  /* unbiased exponent range of normal numbers */
    uint64_t canonical_nan;
};

static const struct fmt fmts[2] = {
    [FP_S] = { 24, 8, -126, 127, F32_CANONICAL_NAN },
    [FP_D] = { 53, 11, -1022, 1023, F64_CANONICAL_NAN },
};

enum kind { K_ZERO, K_FINITE, K_INF, K_QNAN, K_SNAN };

/* An unpacked operand: value = (-1)^sign * sig * 2^exp for K_FINITE. */
struct num {
    enum kind kind;
    bool sign;
    int exp;
    uint64_t sig;
};

static unsigned width(enum fp_fmt f) { return f == FP_S ? 32 : 64; }
static uint64_t frac_mask(const struct fmt *F) { return (1ull << (F->p - 1)) - 1; }
static uint64_t exp_mask(const struct fmt *F) { return (1ull << F->ebits) - 1; }
static int bias(const struct fmt *F) { return F->emax; }

static struct num unpack(enum fp_fmt f, uint64_t bits)
{
    const struct fmt *F = &fmts[f];
    struct num n = { .sign = (bits >> (width(f) - 1)) & 1 };
    uint64_t frac = bits & frac_mask(F);
    uint64_t e = (bits >> (F->p - 1)) & exp_mask(F);
    if (e == exp_mask(F)) {
        n.kind = frac == 0 ? K_INF : (frac >> (F->p - 2)) & 1 ? K_QNAN : K_SNAN;
    } else if (e == 0) {
        n.kind = frac == 0 ? K_ZERO : K_FINITE;
        n.sig = frac;
        n.exp = F->emin - (int)(F->p - 1);
    } else {
        n.kind = K_FINITE;
        n.sig = frac | (1ull << (F->p - 1));
        n.exp = (int)e - bias(F) - (int)(F->p - 1);
    }
    return n;
}

static bool is_nan(const struct num *n) { return n->kind == K_QNAN || n->kind == K_SNAN; }

static uint64_t pack_inf(enum fp_fmt f, bool sign)
{
    const struct fmt *F = &fmts[f];
    return (uint64_t)sign << (width(f) - 1) | exp_mask(F) << (F->p - 1);
}

static uint64_t pack_zero(enum fp_fmt f, bool sign) { return (uint64_t)sign << (width(f) - 1); }

static uint64_t pack_max_finite(enum fp_fmt f, bool sign)
{
    const struct fmt *F = &fmts[f];
    return (uint64_t)sign << (width(f) - 1) | (exp_mask(F) - 1) << (F->p - 1) | frac_mask(F);
}

static int msb128(u128 v)
{
    uint64_t hi = (uint64_t)(v >> 64);
    return hi ? 127 - __builtin_clzll(hi) : 63 - __builtin_clzll((uint64_t)v);
}

/* Shift right, ORing everything shifted out into bit 0 ("jamming"): the
 * result rounds the same as the exact value as long as bit 0 lies below
 * the rounding position's guard bit. */
static u128 shift_right_jam(u128 v, int n)
{
    if (n <= 0)
        return v;
    if (n >= 128)
        return v != 0;
    return (v >> n) | ((v & (((u128)1 << n) - 1)) != 0);
}

/* Should a value be rounded up (in magnitude) given rm, its sign, whether
 * the discarded part is above/at/below half an ulp, and the kept LSB? */
static bool round_up(unsigned rm, bool sign, int vs_half, bool inexact, bool lsb)
{
    switch (rm) {
    case RM_RNE: return vs_half > 0 || (vs_half == 0 && lsb);
    case RM_RTZ: return false;
    case RM_RDN: return inexact && sign;
    case RM_RUP: return inexact && !sign;
    case RM_RMM: return vs_half >= 0;
    default: return false;
    }
}

/* Round `sig` (with its discarded low `shift` bits) to an integer:
 * returns the rounded value; *inexact says whether anything was lost. */
static u128 round_shift(u128 sig, int shift, unsigned rm, bool sign, bool *inexact)
{
    if (shift <= 0) {
        *inexact = false;
        return sig << -shift;
    }
    *inexact = false;
    if (sig == 0)
        return 0;
    if (shift > 127) {
        /* All of sig is discarded; half a unit is 2^(shift-1) >= 2^127. */
        const u128 top = (u128)1 << 127;
        int vs_half = shift > 128 ? -1 : sig > top ? 1 : sig == top ? 0 : -1;
        *inexact = true;
        return round_up(rm, sign, vs_half, true, false);
    }
    u128 kept = sig >> shift;
    u128 rest = sig & (((u128)1 << shift) - 1);
    u128 half = (u128)1 << (shift - 1);
    *inexact = rest != 0;
    int vs_half = rest > half ? 1 : rest == half ? 0 : -1;
    return kept + round_up(rm, sign, vs_half, *inexact, kept & 1);
}

/* Round (-1)^sign * sig * 2^exp to format f. sig may be zero. */
static uint64_t round_pack(enum fp_fmt f, bool sign, int exp, u128 sig, unsigned rm, uint32_t *flags)
{
    const struct fmt *F = &fmts[f];
    if (sig == 0)
        return pack_zero(f, sign);
    const int p = (int)F->p;
    int E = exp + msb128(sig); /* value in [2^E, 2^(E+1)) */
    int lsb = (E >= F->emin ? E : F->emin) - (p - 1);
    bool inexact;
    u128 m = round_shift(sig, lsb - exp, rm, sign, &inexact);
    if (m >> p) { /* rounding carried into a new bit */
        m >>= 1;
        lsb++;
    }
    /* Tininess after rounding: would the result, rounded to p bits with an
     * unbounded exponent, be below 2^emin? */
    if (E < F->emin && inexact) {
        bool dummy;
        u128 u = round_shift(sig, E - (p - 1) - exp, rm, sign, &dummy);
        bool tiny = !((u >> p) && E + 1 >= F->emin);
        if (tiny)
            *flags |= FFLAG_UF;
    }
    if (inexact)
        *flags |= FFLAG_NX;
    int top = lsb + (p - 1); /* exponent of the result if normal */
    if (m >> (p - 1) && top > F->emax) {
        *flags |= FFLAG_OF | FFLAG_NX;
        bool to_inf = rm == RM_RNE || rm == RM_RMM || (rm == RM_RDN && sign) || (rm == RM_RUP && !sign);
        return to_inf ? pack_inf(f, sign) : pack_max_finite(f, sign);
    }
    uint64_t bits;
    if (m >> (p - 1))
        bits = (uint64_t)(top + bias(F)) << (p - 1) | ((uint64_t)m & frac_mask(F));
    else
        bits = (uint64_t)m; /* subnormal (or zero after rounding) */
    return (uint64_t)sign << (width(f) - 1) | bits;
}

/* NaN operands: any signaling NaN raises NV; the result is canonical. */
static uint64_t nan_result(enum fp_fmt f, const struct num *a, const struct num *b, const struct num *c,
                           uint32_t *flags)
{
    if (a->kind == K_SNAN || (b && b->kind == K_SNAN) || (c && c->kind == K_SNAN))
        *flags |= FFLAG_NV;
    return fmts[f].canonical_nan;
}

static uint64_t invalid(enum fp_fmt f, uint32_t *flags)
{
    *flags |= FFLAG_NV;
    return fmts[f].canonical_nan;
}

/* Exact sum of two finite-or-zero numbers (a zero has sig 0), rounded once. */
static uint64_t add_finite(enum fp_fmt f, bool sa, int ea, u128 siga, bool sb, int eb, u128 sigb, unsigned rm,
                           uint32_t *flags)
{
    if (siga == 0 && sigb == 0) /* signed zeros: -0 only if both are, or RDN of opposite signs */
        return pack_zero(f, sa == sb ? sa : rm == RM_RDN);
    if (siga == 0)
        return round_pack(f, sb, eb, sigb, rm, flags);
    if (sigb == 0)
        return round_pack(f, sa, ea, siga, rm, flags);
    /* Align at the larger magnitude's top bit, at bit 125: two bits of
     * headroom for a carry, everything far below jammed into bit 0. */
    int ta = ea + msb128(siga), tb = eb + msb128(sigb);
    int e0 = (ta > tb ? ta : tb) - 125;
    u128 A = ea >= e0 ? siga << (ea - e0) : shift_right_jam(siga, e0 - ea);
    u128 B = eb >= e0 ? sigb << (eb - e0) : shift_right_jam(sigb, e0 - eb);
    if (sa == sb)
        return round_pack(f, sa, e0, A + B, rm, flags);
    if (A == B)
        return pack_zero(f, rm == RM_RDN); /* exact cancellation */
    return A > B ? round_pack(f, sa, e0, A - B, rm, flags) : round_pack(f, sb, e0, B - A, rm, flags);
}

static uint64_t add_signed(enum fp_fmt f, uint64_t a, uint64_t b, bool negate_b, unsigned rm, uint32_t *flags)
{
    struct num x = unpack(f, a), y = unpack(f, b);
    if (negate_b)
        y.sign = !y.sign;
    if (is_nan(&x) || is_nan(&y))
        return nan_result(f, &x, &y, NULL, flags);
    if (x.kind == K_INF || y.kind == K_INF) {
        if (x.kind == K_INF && y.kind == K_INF && x.sign != y.sign)
            return invalid(f, flags);
        return pack_inf(f, x.kind == K_INF ? x.sign : y.sign);
    }
    return add_finite(f, x.sign, x.exp, x.kind == K_ZERO ? 0 : x.sig, y.sign, y.exp, y.kind == K_ZERO ? 0 : y.sig,
                      rm, flags);
}

uint64_t fp_add(enum fp_fmt f, uint64_t a, uint64_t b, unsigned rm, uint32_t *flags)
{
    return add_signed(f, a, b, false, rm, flags);
}

uint64_t fp_sub(enum fp_fmt f, uint64_t a, uint64_t b, unsigned rm, uint32_t *flags)
{
    return add_signed(f, a, b, true, rm, flags);
}

uint64_t fp_mul(enum fp_fmt f, uint64_t a, uint64_t b, unsigned rm, uint32_t *flags)
{
    struct num x = unpack(f, a), y = unpack(f, b);
    bool sign = x.sign != y.sign;
    if (is_nan(&x) || is_nan(&y))
        return nan_result(f, &x, &y, NULL, flags);
    if (x.kind == K_INF || y.kind == K_INF) {
        if (x.kind == K_ZERO || y.kind == K_ZERO)
            return invalid(f, flags);
        return pack_inf(f, sign);
    }
    if (x.kind == K_ZERO || y.kind == K_ZERO)
        return pack_zero(f, sign);
    return round_pack(f, sign, x.exp + y.exp, (u128)x.sig * y.sig, rm, flags);
}

/* Normalise a finite significand so its top bit is bit p-1. */
static void normalise(enum fp_fmt f, struct num *n)
{
    int shift = (int)fmts[f].p - 1 - (63 - __builtin_clzll(n->sig));
    n->sig <<= shift;
    n->exp -= shift;
}

uint64_t fp_div(enum fp_fmt f, uint64_t a, uint64_t b, unsigned rm, uint32_t *flags)
{
    struct num x = unpack(f, a), y = unpack(f, b);
    bool sign = x.sign != y.sign;
    if (is_nan(&x) || is_nan(&y))
        return nan_result(f, &x, &y, NULL, flags);
    if (x.kind == K_INF)
        return y.kind == K_INF ? invalid(f, flags) : pack_inf(f, sign);
    if (y.kind == K_INF)
        return pack_zero(f, sign);
    if (y.kind == K_ZERO) {
        if (x.kind == K_ZERO)
            return invalid(f, flags);
        *flags |= FFLAG_DZ;
        return pack_inf(f, sign);
    }
    if (x.kind == K_ZERO)
        return pack_zero(f, sign);
    normalise(f, &x);
    normalise(f, &y);
    /* Quotient of at least p+2 bits; the remainder becomes a sticky bit. */
    const int k = 74;
    u128 num = (u128)x.sig << k;
    u128 q = num / y.sig, r = num % y.sig;
    return round_pack(f, sign, x.exp - y.exp - k - 1, (q << 1) | (r != 0), rm, flags);
}

/* floor(sqrt(v)) for a 128-bit v, bit by bit. */
static uint64_t isqrt128(u128 v, bool *exact)
{
    u128 res = 0, bit = (u128)1 << 126;
    while (bit > v)
        bit >>= 2;
    while (bit) {
        if (v >= res + bit) {
            v -= res + bit;
            res = (res >> 1) + bit;
        } else {
            res >>= 1;
        }
        bit >>= 2;
    }
    *exact = v == 0;
    return (uint64_t)res;
}

uint64_t fp_sqrt(enum fp_fmt f, uint64_t a, unsigned rm, uint32_t *flags)
{
    struct num x = unpack(f, a);
    if (is_nan(&x))
        return nan_result(f, &x, NULL, NULL, flags);
    if (x.kind == K_ZERO)
        return a; /* sqrt(-0) = -0 */
    if (x.sign)
        return invalid(f, flags);
    if (x.kind == K_INF)
        return a;
    normalise(f, &x);
    if (x.exp & 1) { /* make the exponent even */
        x.sig <<= 1;
        x.exp -= 1;
    }
    const int k = 72; /* even, and leaves >= p+2 bits of root */
    bool exact;
    uint64_t root = isqrt128((u128)x.sig << k, &exact);
    return round_pack(f, false, (x.exp - k) / 2 - 1, ((u128)root << 1) | !exact, rm, flags);
}

uint64_t fp_fma(enum fp_fmt f, uint64_t a, uint64_t b, uint64_t c, bool negate_product, bool negate_addend,
                unsigned rm, uint32_t *flags)
{
    struct num x = unpack(f, a), y = unpack(f, b), z = unpack(f, c);
    bool ps = (x.sign != y.sign) != negate_product;
    if (negate_addend)
        z.sign = !z.sign;
    /* inf * 0 is invalid even when the addend is a quiet NaN. */
    bool inf_times_zero = (x.kind == K_INF && y.kind == K_ZERO) || (x.kind == K_ZERO && y.kind == K_INF);
    if (is_nan(&x) || is_nan(&y) || is_nan(&z)) {
        if (inf_times_zero)
            *flags |= FFLAG_NV;
        return nan_result(f, &x, &y, &z, flags);
    }
    if (inf_times_zero)
        return invalid(f, flags);
    if (x.kind == K_INF || y.kind == K_INF) {
        if (z.kind == K_INF && z.sign != ps)
            return invalid(f, flags);
        return pack_inf(f, ps);
    }
    if (z.kind == K_INF)
        return pack_inf(f, z.sign);
    u128 prod = (x.kind == K_ZERO || y.kind == K_ZERO) ? 0 : (u128)x.sig * y.sig;
    return add_finite(f, ps, x.exp + y.exp, prod, z.sign, z.exp, z.kind == K_ZERO ? 0 : z.sig, rm, flags);
}

/* -1, 0, 1 for a < b, a == b, a > b; both non-NaN. +0 == -0. */
static int compare(enum fp_fmt f, uint64_t a, uint64_t b)
{
    struct num x = unpack(f, a), y = unpack(f, b);
    if (x.kind == K_ZERO && y.kind == K_ZERO)
        return 0;
    if (x.sign != y.sign)
        return x.sign ? -1 : 1;
    /* Same sign: the bit patterns order the magnitudes. */
    uint64_t ma = a & ~(1ull << (width(f) - 1)), mb = b & ~(1ull << (width(f) - 1));
    int c = ma < mb ? -1 : ma > mb;
    return x.sign ? -c : c;
}

static uint64_t min_max(enum fp_fmt f, uint64_t a, uint64_t b, bool want_max, uint32_t *flags)
{
    struct num x = unpack(f, a), y = unpack(f, b);
    if (x.kind == K_SNAN || y.kind == K_SNAN)
        *flags |= FFLAG_NV;
    if (is_nan(&x) && is_nan(&y))
        return fmts[f].canonical_nan;
    if (is_nan(&x))
        return b;
    if (is_nan(&y))
        return a;
    if (x.kind == K_ZERO && y.kind == K_ZERO) /* -0 < +0 */
        return (x.sign == want_max) ? b : a;
    int c = compare(f, a, b);
    return (c < 0) == want_max ? b : a;
}

uint64_t fp_min(enum fp_fmt f, uint64_t a, uint64_t b, uint32_t *flags) { return min_max(f, a, b, false, flags); }
uint64_t fp_max(enum fp_fmt f, uint64_t a, uint64_t b, uint32_t *flags) { return min_max(f, a, b, true, flags); }

uint64_t fp_eq(enum fp_fmt f, uint64_t a, uint64_t b, uint32_t *flags)
{
    struct num x = unpack(f, a), y = unpack(f, b);
    if (is_nan(&x) || is_nan(&y)) {
        if (x.kind == K_SNAN || y.kind == K_SNAN)
            *flags |= FFLAG_NV;
        return 0;
    }
    return compare(f, a, b) == 0;
}

uint64_t fp_lt(enum fp_fmt f, uint64_t a, uint64_t b, uint32_t *flags)
{
    struct num x = unpack(f, a), y = unpack(f, b);
    if (is_nan(&x) || is_nan(&y)) {
        *flags |= FFLAG_NV;
        return 0;
    }
    return compare(f, a, b) < 0;
}

uint64_t fp_le(enum fp_fmt f, uint64_t a, uint64_t b, uint32_t *flags)
{
    struct num x = unpack(f, a), y = unpack(f, b);
    if (is_nan(&x) || is_nan(&y)) {
        *flags |= FFLAG_NV;
        return 0;
    }
    return compare(f, a, b) <= 0;
}

uint64_t fp_class(enum fp_fmt f, uint64_t a)
{
    struct num x = unpack(f, a);
    bool subnormal = x.kind == K_FINITE && ((a >> (fmts[f].p - 1)) & exp_mask(&fmts[f])) == 0;
    switch (x.kind) {
    case K_INF: return x.sign ? 1u << 0 : 1u << 7;
    case K_ZERO: return x.sign ? 1u << 3 : 1u << 4;
    case K_SNAN: return 1u << 8;
    case K_QNAN: return 1u << 9;
    default:
        if (subnormal)
            return x.sign ? 1u << 2 : 1u << 5;
        return x.sign ? 1u << 1 : 1u << 6;
    }
}

uint64_t fp_to_int(enum fp_fmt f, uint64_t a, bool is_signed, unsigned bits, unsigned rm, uint32_t *flags)
{
    struct num x = unpack(f, a);
    /* The bounds of the destination, as 64-bit patterns. */
    const uint64_t max = is_signed ? (bits == 32 ? 0x7fffffffull : INT64_MAX) : (bits == 32 ? 0xffffffffull : UINT64_MAX);
    const uint64_t min = is_signed ? (bits == 32 ? (uint64_t)(int64_t)INT32_MIN : (uint64_t)INT64_MIN) : 0;
    uint64_t result;
    if (is_nan(&x) || (x.kind == K_INF && !x.sign)) {
        *flags |= FFLAG_NV;
        result = max;
    } else if (x.kind == K_INF) {
        *flags |= FFLAG_NV;
        result = min;
    } else if (x.kind == K_ZERO) {
        result = 0;
    } else {
        /* Round the magnitude to an integer; anything of 2^65 or more is
         * out of range whatever the destination. */
        bool inexact = false;
        u128 mag = x.exp > 65 ? (u128)1 << 66 : round_shift(x.sig, -x.exp, rm, x.sign, &inexact);
        bool in_range;
        if (x.sign)
            in_range = is_signed ? mag <= ((u128)1 << (bits - 1)) : mag == 0;
        else
            in_range = mag <= (u128)max;
        if (!in_range) {
            *flags |= FFLAG_NV;
            result = x.sign ? min : max;
        } else {
            if (inexact)
                *flags |= FFLAG_NX;
            result = x.sign ? (uint64_t)0 - (uint64_t)mag : (uint64_t)mag;
        }
    }
    return bits == 32 ? (uint64_t)(int64_t)(int32_t)(uint32_t)result : result;
}

uint64_t fp_from_int(enum fp_fmt f, uint64_t v, bool is_signed, unsigned bits, unsigned rm, uint32_t *flags)
{
    if (bits == 32)
        v = is_signed ? (uint64_t)(int64_t)(int32_t)(uint32_t)v : (uint32_t)v;
    bool sign = is_signed && (int64_t)v < 0;
    uint64_t mag = sign ? (uint64_t)0 - v : v;
    return round_pack(f, sign, 0, mag, rm, flags);
}

uint64_t fp_convert(enum fp_fmt to, enum fp_fmt from, uint64_t a, unsigned rm, uint32_t *flags)
{
    struct num x = unpack(from, a);
    if (is_nan(&x))
        return nan_result(to, &x, NULL, NULL, flags);
    if (x.kind == K_INF)
        return pack_inf(to, x.sign);
    if (x.kind == K_ZERO)
        return pack_zero(to, x.sign);
    return round_pack(to, x.sign, x.exp, x.sig, rm, flags);
}
