/*
 * matmul.c - integer matrix multiply benchmark.
 *
 * C = A * B on 48x48 int32 matrices, repeated; after each product A is
 * rebuilt from C (hashed down to small values so nothing overflows) and the
 * product is checked against a transposed-B formulation on one row.
 */
#include "bench.h"

#ifndef EXPECTED
#define EXPECTED 0xb03d2462u
#endif

#define N     48
#define ITERS 48

static int32_t A[N][N], B[N][N], Bt[N][N], C[N][N];

static void matmul(int32_t c[N][N], const int32_t a[N][N], const int32_t b[N][N])
{
    for (int i = 0; i < N; i++) {
        for (int j = 0; j < N; j++) {
            int32_t acc = 0;
            for (int k = 0; k < N; k++)
                acc += a[i][k] * b[k][j];
            c[i][j] = acc;
        }
    }
}

/* one row of A*B computed as dot products with the rows of B^T */
static int32_t row_check(int i, uint32_t *h)
{
    int32_t bad = 0;
    for (int j = 0; j < N; j++) {
        int32_t acc = 0;
        for (int k = 0; k < N; k++)
            acc += A[i][k] * Bt[j][k];
        if (acc != C[i][j])
            bad++;
        *h = bench_mix(*h, (uint32_t)acc);
    }
    return bad;
}

int main(void)
{
    bench_rng rng;
    uint32_t sum = 0;
    uint32_t errors = 0;

    bench_rng_seed(&rng, bench_opaque64(0x13198a2e03707344ULL));
    for (int i = 0; i < N; i++)
        for (int j = 0; j < N; j++) {
            A[i][j] = (int32_t)bench_randn(&rng, 256) - 128;
            B[i][j] = (int32_t)bench_randn(&rng, 256) - 128;
        }
    for (int i = 0; i < N; i++)
        for (int j = 0; j < N; j++)
            Bt[j][i] = B[i][j];

    uint32_t iters = bench_opaque32(ITERS);
    for (uint32_t it = 0; it < iters; it++) {
        matmul(C, A, B);

        /* checksum the product: row and column sums plus a weighted trace */
        uint32_t h = 0;
        for (int i = 0; i < N; i++) {
            uint32_t rs = 0, cs = 0;
            for (int j = 0; j < N; j++) {
                rs += (uint32_t)C[i][j];
                cs += (uint32_t)C[j][i];
            }
            h = bench_mix(h, rs);
            h = bench_mix(h, cs);
        }
        h = bench_mix(h, (uint32_t)C[it % N][(it * 7) % N]);
        errors += (uint32_t)row_check((int)((it * 13) % N), &h);
        sum = bench_mix(sum, h);

        /* next A: hash each product element down to [-128, 127] */
        for (int i = 0; i < N; i++)
            for (int j = 0; j < N; j++)
                A[i][j] = (int32_t)(((uint32_t)C[i][j] * 2654435761u) >> 24) - 128;
        bench_sink = h;
    }

    sum = bench_mix(sum, errors);
    return bench_report("matmul", sum, EXPECTED);
}
