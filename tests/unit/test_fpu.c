/*
 * The software FPU (src/cpu/fpu.c) against the host's IEEE 754 hardware,
 * for the four rounding modes both have: results and exception flags of
 * add, sub, mul, div, sqrt, fma and the conversions must agree bit for bit
 * (x86-64 SSE, like RISC-V, detects tininess after rounding; NaN results are
 * compared as "a NaN" since RISC-V's are canonical). RMM, which hosts lack,
 * is checked on hand-picked ties. Operands: random bits mixed with the
 * edge cases, a fixed seed.
 */
#include <fenv.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "cpu/fpu.h"


static const int host_modes[4] = { FE_TONEAREST, FE_TOWARDZERO, FE_DOWNWARD, FE_UPWARD };

static uint64_t state = 0x9e3779b97f4a7c15ull;
static uint64_t next(void)
{
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    return state;
}

static const uint64_t d_edges[] = {
    0, 0x8000000000000000ull, 1, 0x000fffffffffffffull, 0x0010000000000000ull, 0x7fefffffffffffffull,
    0x7ff0000000000000ull, 0xfff0000000000000ull, 0x7ff8000000000000ull, 0x7ff4000000000000ull,
    0x3ff0000000000000ull, 0x3ff0000000000001ull, 0x4340000000000000ull, 0xbff8000000000000ull,
    0x0000000000000003ull, 0x3cb0000000000000ull,
};
static const uint32_t s_edges[] = {
    0, 0x80000000u, 1, 0x007fffffu, 0x00800000u, 0x7f7fffffu, 0x7f800000u, 0xff800000u, 0x7fc00000u,
    0x7fa00000u, 0x3f800000u, 0x3f800001u, 0x4b000000u, 0xbfc00000u, 0x00000003u, 0x33800000u,
};

static uint64_t d_operand(void)
{
    uint64_t r = next();
    switch (r & 7) {
    case 0: return d_edges[(r >> 8) % (sizeof d_edges / sizeof d_edges[0])];
    case 1: return (r >> 3) & 0x801fffffffffffffull; /* subnormal and tiny */
    case 2: return ((r >> 3) & 0x800fffffffffffffull) | 0x3ff0000000000000ull; /* [1, 2) */
    default: return next();
    }
}

static uint32_t s_operand(void)
{
    uint64_t r = next();
    switch (r & 7) {
    case 0: return s_edges[(r >> 8) % (sizeof s_edges / sizeof s_edges[0])];
    case 1: return (uint32_t)(r >> 3) & 0x80ffffffu;
    case 2: return ((uint32_t)(r >> 3) & 0x807fffffu) | 0x3f800000u;
    default: return (uint32_t)next();
    }
}

static uint32_t host_flags(void)
{
    uint32_t f = 0;
    if (fetestexcept(FE_INEXACT)) f |= FFLAG_NX;
    if (fetestexcept(FE_UNDERFLOW)) f |= FFLAG_UF;
    if (fetestexcept(FE_OVERFLOW)) f |= FFLAG_OF;
    if (fetestexcept(FE_DIVBYZERO)) f |= FFLAG_DZ;
    if (fetestexcept(FE_INVALID)) f |= FFLAG_NV;
    return f;
}

static int failures;

static void check(const char *op, unsigned rm, uint64_t a, uint64_t b, uint64_t c, uint64_t want, uint32_t want_flags,
                  uint64_t got, uint32_t got_flags, bool is_double)
{
    bool want_nan = is_double ? (want & 0x7fffffffffffffffull) > 0x7ff0000000000000ull
                              : (want & 0x7fffffffu) > 0x7f800000u;
    bool same = want_nan ? got == (is_double ? F64_CANONICAL_NAN : F32_CANONICAL_NAN) : got == want;
    if (!same || got_flags != want_flags) {
        if (failures++ < 20)
            print_error("%s rm=%u a=%016llx b=%016llx c=%016llx: want %016llx flags %02x, got %016llx flags %02x\n",
                        op, rm, (unsigned long long)a, (unsigned long long)b, (unsigned long long)c,
                        (unsigned long long)want, want_flags, (unsigned long long)got, got_flags);
    }
}

#define N 200000

static void test_double_vs_host(void **state_)
{
    (void)state_;
    for (int i = 0; i < N; i++) {
        uint64_t a = d_operand(), b = d_operand(), c = d_operand();
        unsigned rm = (unsigned)(next() & 3);
        volatile double x, y, z, r;
        memcpy((void *)&x, &a, 8);
        memcpy((void *)&y, &b, 8);
        memcpy((void *)&z, &c, 8);
        for (int op = 0; op < 6; op++) {
            uint32_t got_flags = 0;
            uint64_t got = 0, want;
            fesetround(host_modes[rm]);
            feclearexcept(FE_ALL_EXCEPT);
            switch (op) {
            case 0: r = x + y; break;
            case 1: r = x - y; break;
            case 2: r = x * y; break;
            case 3: r = x / y; break;
            case 4: r = sqrt(x); break;
            default: r = fma(x, y, z); break;
            }
            uint32_t want_flags = host_flags();
            fesetround(FE_TONEAREST);
            double rr = r;
            memcpy(&want, &rr, 8);
            switch (op) {
            case 0: got = fp_add(FP_D, a, b, rm, &got_flags); break;
            case 1: got = fp_sub(FP_D, a, b, rm, &got_flags); break;
            case 2: got = fp_mul(FP_D, a, b, rm, &got_flags); break;
            case 3: got = fp_div(FP_D, a, b, rm, &got_flags); break;
            case 4: got = fp_sqrt(FP_D, a, rm, &got_flags); break;
            default: got = fp_fma(FP_D, a, b, c, false, false, rm, &got_flags); break;
            }
            static const char *names[] = { "add.d", "sub.d", "mul.d", "div.d", "sqrt.d", "fma.d" };
            check(names[op], rm, a, b, c, want, want_flags, got, got_flags, true);
        }
    }
    assert_int_equal(failures, 0);
}

static void test_single_vs_host(void **state_)
{
    (void)state_;
    for (int i = 0; i < N; i++) {
        uint32_t a = s_operand(), b = s_operand(), c = s_operand();
        unsigned rm = (unsigned)(next() & 3);
        volatile float x, y, z, r;
        memcpy((void *)&x, &a, 4);
        memcpy((void *)&y, &b, 4);
        memcpy((void *)&z, &c, 4);
        for (int op = 0; op < 7; op++) {
            uint32_t got_flags = 0, want32;
            uint64_t got = 0;
            fesetround(host_modes[rm]);
            feclearexcept(FE_ALL_EXCEPT);
            switch (op) {
            case 0: r = x + y; break;
            case 1: r = x - y; break;
            case 2: r = x * y; break;
            case 3: r = x / y; break;
            case 4: r = sqrtf(x); break;
            case 5: r = fmaf(x, y, z); break;
            default: { volatile double d = x; memcpy(&want32, &a, 4); (void)d; r = x; break; }
            }
            uint32_t want_flags = host_flags();
            fesetround(FE_TONEAREST);
            float rr = r;
            memcpy(&want32, &rr, 4);
            switch (op) {
            case 0: got = fp_add(FP_S, a, b, rm, &got_flags); break;
            case 1: got = fp_sub(FP_S, a, b, rm, &got_flags); break;
            case 2: got = fp_mul(FP_S, a, b, rm, &got_flags); break;
            case 3: got = fp_div(FP_S, a, b, rm, &got_flags); break;
            case 4: got = fp_sqrt(FP_S, a, rm, &got_flags); break;
            case 5: got = fp_fma(FP_S, a, b, c, false, false, rm, &got_flags); break;
            default: continue;
            }
            static const char *names[] = { "add.s", "sub.s", "mul.s", "div.s", "sqrt.s", "fma.s" };
            check(names[op], rm, a, b, c, want32, want_flags, got, got_flags, false);
        }
    }
    assert_int_equal(failures, 0);
}

static void test_conversions_vs_host(void **state_)
{
    (void)state_;
    for (int i = 0; i < N; i++) {
        uint64_t a = d_operand();
        uint64_t v = next() >> (next() & 63);
        unsigned rm = (unsigned)(next() & 3);
        volatile double x;
        memcpy((void *)&x, &a, 8);
        uint32_t got_flags = 0, want_flags;
        /* double -> float */
        fesetround(host_modes[rm]);
        feclearexcept(FE_ALL_EXCEPT);
        volatile float f = (float)x;
        want_flags = host_flags();
        fesetround(FE_TONEAREST);
        uint32_t want32;
        float ff = f;
        memcpy(&want32, &ff, 4);
        uint64_t got = fp_convert(FP_S, FP_D, a, rm, &got_flags);
        check("fcvt.s.d", rm, a, 0, 0, want32, want_flags, got, got_flags, false);
        /* int64 -> double, uint64 -> float */
        got_flags = 0;
        fesetround(host_modes[rm]);
        feclearexcept(FE_ALL_EXCEPT);
        volatile double dv = (double)(int64_t)v;
        want_flags = host_flags();
        fesetround(FE_TONEAREST);
        double dd = dv;
        uint64_t want;
        memcpy(&want, &dd, 8);
        got = fp_from_int(FP_D, v, true, 64, rm, &got_flags);
        check("fcvt.d.l", rm, v, 0, 0, want, want_flags, got, got_flags, true);
        got_flags = 0;
        fesetround(host_modes[rm]);
        feclearexcept(FE_ALL_EXCEPT);
        volatile float fv = (float)v;
        want_flags = host_flags();
        fesetround(FE_TONEAREST);
        ff = fv;
        memcpy(&want32, &ff, 4);
        got = fp_from_int(FP_S, v, false, 64, rm, &got_flags);
        check("fcvt.s.lu", rm, v, 0, 0, want32, want_flags, got, got_flags, false);
    }
    assert_int_equal(failures, 0);
}

/* The spec's examples: RMM ties away from zero; saturating conversions. */
static void test_rmm_and_saturation(void **state_)
{
    (void)state_;
    uint32_t fl = 0;
    /* 1 + 2^-53 is a tie between 1 and 1+2^-52: RNE keeps 1, RMM goes up. */
    assert_int_equal(fp_add(FP_D, 0x3ff0000000000000ull, 0x3ca0000000000000ull, RM_RNE, &fl), 0x3ff0000000000000ull);
    assert_int_equal(fp_add(FP_D, 0x3ff0000000000000ull, 0x3ca0000000000000ull, RM_RMM, &fl), 0x3ff0000000000001ull);
    assert_int_equal(fp_add(FP_D, 0xbff0000000000000ull, 0xbca0000000000000ull, RM_RMM, &fl), 0xbff0000000000001ull);
    /* 2.5 to integer: RNE 2, RMM 3; -2.5: RMM -3 */
    fl = 0;
    assert_int_equal(fp_to_int(FP_D, 0x4004000000000000ull, true, 32, RM_RNE, &fl), 2);
    assert_int_equal(fp_to_int(FP_D, 0x4004000000000000ull, true, 32, RM_RMM, &fl), 3);
    assert_int_equal(fp_to_int(FP_D, 0xc004000000000000ull, true, 32, RM_RMM, &fl), (uint64_t)-3);
    assert_int_equal(fl, FFLAG_NX);
    /* Saturation: NaN and +inf to the maximum, -inf to the minimum, with NV. */
    fl = 0;
    assert_int_equal(fp_to_int(FP_S, 0x7fc00000u, true, 32, RM_RTZ, &fl), 0x7fffffff);
    assert_int_equal(fp_to_int(FP_S, 0xff800000u, true, 32, RM_RTZ, &fl), 0xffffffff80000000ull);
    assert_int_equal(fp_to_int(FP_S, 0x7fc00000u, false, 32, RM_RTZ, &fl), 0xffffffffffffffffull);
    assert_int_equal(fp_to_int(FP_D, 0xbff0000000000000ull, false, 64, RM_RTZ, &fl), 0);
    assert_int_equal(fl, FFLAG_NV);
    /* -0.5 to unsigned in RTZ is 0, inexact but valid. */
    fl = 0;
    assert_int_equal(fp_to_int(FP_D, 0xbfe0000000000000ull, false, 64, RM_RTZ, &fl), 0);
    assert_int_equal(fl, FFLAG_NX);
    /* min/max: -0 < +0, one NaN gives the other operand, sNaN raises NV. */
    fl = 0;
    assert_int_equal(fp_min(FP_S, 0x00000000u, 0x80000000u, &fl), 0x80000000u);
    assert_int_equal(fp_max(FP_S, 0x80000000u, 0x00000000u, &fl), 0x00000000u);
    assert_int_equal(fp_max(FP_S, 0x7fa00000u, 0x3f800000u, &fl), 0x3f800000u);
    assert_int_equal(fl, FFLAG_NV);
    assert_int_equal(fp_min(FP_D, 0x7ff8000000000000ull, 0x7ff0000000000001ull, &fl), F64_CANONICAL_NAN);
    /* inf * 0 + qNaN is invalid. */
    fl = 0;
    assert_int_equal(fp_fma(FP_D, 0x7ff0000000000000ull, 0, 0x7ff8000000000000ull, false, false, RM_RNE, &fl),
                     F64_CANONICAL_NAN);
    assert_int_equal(fl, FFLAG_NV);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_double_vs_host),
        cmocka_unit_test(test_single_vs_host),
        cmocka_unit_test(test_conversions_vs_host),
        cmocka_unit_test(test_rmm_and_saturation),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
