/*
 * bench_nbody.c - floating-point benchmark workload: an n-body gravity
 * simulation in double precision (a heavy central body and four lighter
 * ones on roughly circular, mutually perturbing orbits), integrated with a
 * fixed-step kick-drift-kick leapfrog.  The inner loop is fadd/fsub/fmul/
 * fdiv/fsqrt.d (plus fmadd.d through __builtin_fma).
 *
 * At the end it prints
 *     checksum: 0x<8 hex digits>
 * (FNV-1a over the bit patterns of the final positions and velocities and of
 * the total energy before and after) and exits 0 if that equals NBODY_EXPECTED, 1 otherwise.
 * The expected value was determined on QEMU 7.2.
 *
 * Bit-exact reproducibility: the file sets -ffp-contract=off (the only
 * fused operations are the explicit __builtin_fma calls), so the result does
 * not depend on how the compiler contracts a*b+c.  The square root is an
 * fsqrt.d in inline asm: __builtin_sqrt alone keeps a libm fallback call
 * for errno unless the whole build uses -fno-math-errno (which the guest
 * flags do not, and which "#pragma GCC optimize" cannot set).
 *
 * ~32.3M instructions with the default NBODY_STEPS (checksum 0x70a226e4;
 * the same value is obtained natively on x86-64 with SSE2 doubles and a
 * correctly rounded fma).
 */
#pragma GCC optimize("fp-contract=off")

#include "guest.h"
#include "fp_macros.h"

#ifndef NBODY_STEPS
#define NBODY_STEPS 60000
#endif
#ifndef NBODY_EXPECTED
#define NBODY_EXPECTED 0x70a226e4u
#endif

#define NB 5

struct body {
    double x, y, z;
    double vx, vy, vz;
    double m;
};

static struct body bodies[NB];

static inline double fsqrt(double x)
{
    double r;
    __asm__("fsqrt.d %0, %1" : "=f"(r) : "f"(x));
    return r;
}

static void init(void)
{
    /* radii and masses in units where G = 1 and the central mass is 1;
     * velocities approximately circular (v = sqrt(M / r)), slightly tilted
     * orbits so that z is exercised too */
    static const double r[NB] = { 0.0, 1.0, 1.6180339887498949, 2.5, 3.75 };
    static const double m[NB] = { 1.0, 3.0e-4, 1.0e-3, 5.0e-5, 2.0e-4 };
    double px = 0, py = 0, pz = 0;

    for (int i = 0; i < NB; i++) {
        struct body *b = &bodies[i];
        b->m = m[i];
        if (i == 0) {
            b->x = b->y = b->z = b->vx = b->vy = b->vz = 0;
            continue;
        }
        double v = fsqrt(1.0 / r[i]);
        switch (i & 3) {                     /* start on different axes */
        case 1: b->x = r[i];  b->y = 0;     b->vx = 0;  b->vy = v;  break;
        case 2: b->x = 0;     b->y = r[i];  b->vx = -v; b->vy = 0;  break;
        case 3: b->x = -r[i]; b->y = 0;     b->vx = 0;  b->vy = -v; break;
        default: b->x = 0;    b->y = -r[i]; b->vx = v;  b->vy = 0;  break;
        }
        b->z = 0.01 * r[i] * (double)(i - 2);
        b->vz = 0.02 * v * (double)(3 - i);
        px += b->vx * b->m;
        py += b->vy * b->m;
        pz += b->vz * b->m;
    }
    /* zero total momentum */
    bodies[0].vx = -px / bodies[0].m;
    bodies[0].vy = -py / bodies[0].m;
    bodies[0].vz = -pz / bodies[0].m;
}

/* half kick of all velocities by the pairwise accelerations */
static void kick(double h)
{
    for (int i = 0; i < NB; i++) {
        struct body *a = &bodies[i];
        for (int j = i + 1; j < NB; j++) {
            struct body *b = &bodies[j];
            double dx = a->x - b->x;
            double dy = a->y - b->y;
            double dz = a->z - b->z;
            double d2 = __builtin_fma(dz, dz, __builtin_fma(dy, dy, dx * dx));
            double d = fsqrt(d2);
            double mag = h / (d2 * d);
            double mb = b->m * mag;
            double ma = a->m * mag;
            a->vx -= dx * mb;
            a->vy -= dy * mb;
            a->vz -= dz * mb;
            b->vx += dx * ma;
            b->vy += dy * ma;
            b->vz += dz * ma;
        }
    }
}

static void drift(double dt)
{
    for (int i = 0; i < NB; i++) {
        struct body *b = &bodies[i];
        b->x = __builtin_fma(dt, b->vx, b->x);
        b->y = __builtin_fma(dt, b->vy, b->y);
        b->z = __builtin_fma(dt, b->vz, b->z);
    }
}

static double energy(void)
{
    double e = 0;
    for (int i = 0; i < NB; i++) {
        struct body *a = &bodies[i];
        e += 0.5 * a->m * (a->vx * a->vx + a->vy * a->vy + a->vz * a->vz);
        for (int j = i + 1; j < NB; j++) {
            struct body *b = &bodies[j];
            double dx = a->x - b->x, dy = a->y - b->y, dz = a->z - b->z;
            e -= a->m * b->m / fsqrt(dx * dx + dy * dy + dz * dz);
        }
    }
    return e;
}

static u32 fnv_u64(u32 h, u64 v)
{
    for (int i = 0; i < 8; i++) {
        h ^= (u32)(v >> (8 * i)) & 0xff;
        h *= 16777619u;
    }
    return h;
}

static u64 bits(double d)
{
    u64 v;
    memcpy(&v, &d, sizeof v);
    return v;
}

static void puthex32(u32 v)
{
    guest_puts("0x");
    for (int sh = 28; sh >= 0; sh -= 4)
        guest_putc("0123456789abcdef"[(v >> sh) & 15]);
}

static int __attribute__((noinline)) run(void)
{
    const double dt = 0.001;
    u32 h = 2166136261u;

    init();
    double e0 = energy();
    kick(0.5 * dt);
    for (int s = 0; s < NBODY_STEPS; s++) {
        drift(dt);
        kick(s == NBODY_STEPS - 1 ? 0.5 * dt : dt);
    }
    double e1 = energy();

    for (int i = 0; i < NB; i++) {
        const struct body *b = &bodies[i];
        h = fnv_u64(h, bits(b->x));
        h = fnv_u64(h, bits(b->y));
        h = fnv_u64(h, bits(b->z));
        h = fnv_u64(h, bits(b->vx));
        h = fnv_u64(h, bits(b->vy));
        h = fnv_u64(h, bits(b->vz));
    }
    h = fnv_u64(h, bits(e0));
    h = fnv_u64(h, bits(e1));

    guest_puts("checksum: ");
    puthex32(h);
    guest_putc('\n');
    return h == NBODY_EXPECTED ? 0 : 1;
}

int main(void)
{
    fp_enable();
    return run();
}
