/*
 * quicksort.c - quicksort benchmark.
 *
 * Sorts int32 arrays with a median-of-three quicksort (Hoare partition,
 * insertion sort for short ranges, recursion on the smaller side only).
 * Inputs cycle through uniform random, few distinct values, nearly sorted
 * and reversed data. Each result is verified sorted and checked to still
 * hold the same multiset (sum and xor of elements preserved).
 */
#include "bench.h"

#ifndef EXPECTED
#define EXPECTED 0x926951acu
#endif

#define N      8192
#define ROUNDS 36
#define SMALL  12

static int32_t a[N];

static void insertion_sort(int32_t *v, int32_t lo, int32_t hi)
{
    for (int32_t i = lo + 1; i <= hi; i++) {
        int32_t x = v[i];
        int32_t j = i - 1;
        while (j >= lo && v[j] > x) {
            v[j + 1] = v[j];
            j--;
        }
        v[j + 1] = x;
    }
}

static inline void swap(int32_t *v, int32_t i, int32_t j)
{
    int32_t t = v[i];
    v[i] = v[j];
    v[j] = t;
}

static void quicksort(int32_t *v, int32_t lo, int32_t hi)
{
    while (hi - lo >= SMALL) {
        /* median of three into v[mid], used as the pivot value */
        int32_t mid = lo + (hi - lo) / 2;
        if (v[mid] < v[lo])
            swap(v, mid, lo);
        if (v[hi] < v[lo])
            swap(v, hi, lo);
        if (v[hi] < v[mid])
            swap(v, hi, mid);
        int32_t pivot = v[mid];

        /* Hoare partition */
        int32_t i = lo - 1, j = hi + 1;
        for (;;) {
            do
                i++;
            while (v[i] < pivot);
            do
                j--;
            while (v[j] > pivot);
            if (i >= j)
                break;
            swap(v, i, j);
        }
        /* [lo, j] and [j+1, hi]: recurse on the smaller, loop on the larger */
        if (j - lo < hi - j) {
            quicksort(v, lo, j);
            lo = j + 1;
        } else {
            quicksort(v, j + 1, hi);
            hi = j;
        }
    }
    insertion_sort(v, lo, hi);
}

static void fill(bench_rng *r, uint32_t kind)
{
    switch (kind % 4) {
    case 0: /* uniform random */
        for (int i = 0; i < N; i++)
            a[i] = (int32_t)bench_rand32(r);
        break;
    case 1: /* few distinct values */
        for (int i = 0; i < N; i++)
            a[i] = (int32_t)bench_randn(r, 16) - 8;
        break;
    case 2: /* nearly sorted: ascending with some random swaps */
        for (int i = 0; i < N; i++)
            a[i] = i * 3;
        for (int k = 0; k < N / 32; k++)
            swap(a, (int32_t)bench_randn(r, N), (int32_t)bench_randn(r, N));
        break;
    default: /* descending with noise */
        for (int i = 0; i < N; i++)
            a[i] = (N - i) * 5 + (int32_t)bench_randn(r, 7);
        break;
    }
}

int main(void)
{
    bench_rng rng;
    uint32_t sum = 0, errors = 0;

    bench_rng_seed(&rng, bench_opaque64(0x452821e638d01377ULL));

    uint32_t rounds = bench_opaque32(ROUNDS);
    for (uint32_t r = 0; r < rounds; r++) {
        /* uniform random data every other round, the other patterns between */
        fill(&rng, (r & 1) ? (r >> 1) % 3 + 1 : 0);

        uint32_t add = 0, xr = 0;
        for (int i = 0; i < N; i++) {
            add += (uint32_t)a[i];
            xr ^= (uint32_t)a[i] * 0x9e3779b1u;
        }

        quicksort(a, 0, N - 1);

        uint32_t add2 = 0, xr2 = 0, h = 0;
        for (int i = 0; i < N; i++) {
            add2 += (uint32_t)a[i];
            xr2 ^= (uint32_t)a[i] * 0x9e3779b1u;
            if (i && a[i - 1] > a[i])
                errors++;
            h = h * 31 + (uint32_t)a[i];
        }
        if (add != add2 || xr != xr2)
            errors++;
        sum = bench_mix(sum, h);
        sum = bench_mix(sum, (uint32_t)a[N / 2]);
        bench_sink = h;
    }

    sum = bench_mix(sum, errors);
    return bench_report("quicksort", sum, EXPECTED);
}
