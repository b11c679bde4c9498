/*
 * sieve.c - prime sieve benchmark.
 *
 * Sieve of Eratosthenes up to LIMIT twice: once over a byte per integer and
 * once over a bitmap of odd integers only. Both prime counts must equal
 * pi(LIMIT) (known) and each other, and the twin-prime count is known too;
 * the checksum also covers the sum of the primes and a sample of them.
 */
#include "bench.h"

#ifndef EXPECTED
#define EXPECTED 0x5281f9d1u
#endif

#define LIMIT      1000000u
#define PI_LIMIT   78498u /* number of primes <= 1,000,000 */
#define TWIN_PAIRS 8169u  /* twin-prime pairs (p, p+2) with p+2 <= 1,000,000 */

static uint8_t composite[LIMIT + 1];
static uint64_t odd_bits[(LIMIT / 2) / 64 + 1]; /* bit i: 2i+1 is composite */

static uint32_t byte_sieve(uint32_t n, uint32_t *prime_sum, uint32_t *twins, uint32_t *sample)
{
    memset(composite, 0, n + 1);
    composite[0] = composite[1] = 1;
    for (uint32_t p = 2; p * p <= n; p++)
        if (!composite[p])
            for (uint32_t m = p * p; m <= n; m += p)
                composite[m] = 1;

    uint32_t count = 0, sum = 0, tw = 0, h = 0, last = 0;
    for (uint32_t i = 2; i <= n; i++) {
        if (composite[i])
            continue;
        count++;
        sum += i;
        if (last && i - last == 2)
            tw++;
        last = i;
        if ((count & 1023) == 0)
            h = bench_mix(h, i);
    }
    *prime_sum = sum;
    *twins = tw;
    *sample = h;
    return count;
}

static uint32_t bit_sieve(uint32_t n)
{
    uint32_t nbits = n / 2 + 1; /* odd numbers 1, 3, ..., <= n (+ slack) */
    for (uint32_t w = 0; w < nbits / 64 + 1; w++)
        odd_bits[w] = 0;
    odd_bits[0] |= 1; /* 1 is not prime */
    for (uint32_t p = 3; p * p <= n; p += 2) {
        uint32_t bp = p / 2;
        if (odd_bits[bp / 64] >> (bp % 64) & 1)
            continue;
        /* odd multiples of p from p*p: step 2p, i.e. p bits */
        for (uint32_t b = (p * p) / 2; b < nbits; b += p)
            odd_bits[b / 64] |= 1ULL << (b % 64);
    }
    uint32_t count = n >= 2; /* the prime 2 */
    for (uint32_t b = 0; 2 * b + 1 <= n; b++)
        if (!(odd_bits[b / 64] >> (b % 64) & 1))
            count++;
    return count;
}

int main(void)
{
    uint32_t sum = 0, errors = 0;
    uint32_t n = bench_opaque32(LIMIT);
    uint32_t prime_sum, twins, sample;

    uint32_t c1 = byte_sieve(n, &prime_sum, &twins, &sample);
    uint32_t c2 = bit_sieve(n);
    if (c1 != PI_LIMIT)
        errors++;
    if (c2 != c1)
        errors++;
    if (twins != TWIN_PAIRS)
        errors++;

    sum = bench_mix(sum, c1);
    sum = bench_mix(sum, c2);
    sum = bench_mix(sum, prime_sum);
    sum = bench_mix(sum, twins);
    sum = bench_mix(sum, sample);
    sum = bench_mix(sum, errors);
    bench_sink = sum;
    return bench_report("sieve", sum, EXPECTED);
}
