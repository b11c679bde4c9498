/*
 * bench.h - shared helpers for the libvsim benchmark workloads (freestanding
 * RV64 guests: no libc). Implementations live in bench_rt.c.
 */
#ifndef VSIM_BENCH_H
#define VSIM_BENCH_H

#include <stddef.h>
#include <stdint.h>

#define BENCH_UART_BASE 0x10000000UL /* NS16550A: THR at +0, LSR at +5 */
#define BENCH_TEST_BASE 0x100000UL   /* test device: 0x5555 pass, 0x3333|code<<16 fail */

/* ---- output / exit ---- */
void bench_putc(char c);
void bench_puts(const char *s);
void bench_puthex32(uint32_t v); /* "0x%08x" */
void bench_putdec(uint32_t v);
__attribute__((noreturn)) void bench_exit(int code);
__attribute__((noreturn)) void bench_trap(uint64_t mcause, uint64_t mepc, uint64_t mtval);

/* Print "workload: NAME" and "checksum: 0x%08x"; return 0 if the checksum
 * equals the expected one, 1 otherwise (main returns this as exit code). */
int bench_report(const char *name, uint32_t checksum, uint32_t expected);

/* ---- freestanding libc bits gcc may call ---- */
void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);

/* ---- keeping the optimizer honest ---- */

/* Returns x, but the compiler cannot see through it: use for seeds and
 * iteration counts so nothing is evaluated at compile time. */
static inline uint32_t bench_opaque32(uint32_t x)
{
    __asm__ volatile("" : "+r"(x));
    return x;
}
static inline uint64_t bench_opaque64(uint64_t x)
{
    __asm__ volatile("" : "+r"(x));
    return x;
}

/* A store the compiler must perform. */
extern volatile uint32_t bench_sink;

/* ---- deterministic PRNG: xorshift64 (Marsaglia 13/7/17) ---- */
typedef struct {
    uint64_t s;
} bench_rng;

static inline void bench_rng_seed(bench_rng *r, uint64_t seed)
{
    r->s = seed ? seed : 0x9e3779b97f4a7c15ULL;
}
static inline uint64_t bench_rand64(bench_rng *r)
{
    uint64_t x = r->s;
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    r->s = x;
    return x;
}
static inline uint32_t bench_rand32(bench_rng *r)
{
    return (uint32_t)(bench_rand64(r) >> 32);
}
/* uniform-ish in [0, n) (n > 0; tiny modulo bias is irrelevant here) */
static inline uint32_t bench_randn(bench_rng *r, uint32_t n)
{
    return (uint32_t)(((bench_rand64(r) >> 32) * (uint64_t)n) >> 32);
}

/* 32-bit mixing step for running checksums */
static inline uint32_t bench_mix(uint32_t h, uint32_t v)
{
    h ^= v + 0x9e3779b9u + (h << 6) + (h >> 2);
    return h;
}

#endif /* VSIM_BENCH_H */
