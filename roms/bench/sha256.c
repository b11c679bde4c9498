/*
 * sha256.c - SHA-256 (FIPS 180-4) benchmark.
 *
 * Hashes a pseudo-random message (the little-endian bytes of successive
 * xorshift64 outputs) through an init/update/final interface, feeding it in
 * chunks of varying size, and compares the digest with the one the host's
 * sha256sum produced for the same bytes. Also checks the FIPS "abc" vector.
 */
#include "bench.h"

#ifndef EXPECTED
#define EXPECTED 0x6e0e0c24u
#endif

#define MSG_LEN  (400 * 1024 + 56) /* not a block multiple: the padding spills into an extra block */
#define MSG_SEED 0xbe5466cf34e90c6cULL

/* sha256sum of the MSG_LEN-byte message, computed on the host:
 * 2aa2f6522c2a823152062d97b930d0b5c2744e5031bda753fdca768dd4d5ebab */
static const uint8_t msg_digest[32] = {
    0x2a, 0xa2, 0xf6, 0x52, 0x2c, 0x2a, 0x82, 0x31, 0x52, 0x06, 0x2d, 0x97, 0xb9, 0x30, 0xd0, 0xb5,
    0xc2, 0x74, 0x4e, 0x50, 0x31, 0xbd, 0xa7, 0x53, 0xfd, 0xca, 0x76, 0x8d, 0xd4, 0xd5, 0xeb, 0xab,
};

static uint8_t msg[MSG_LEN];

struct sha256 {
    uint32_t h[8];
    uint8_t block[64];
    uint32_t fill;  /* bytes in block */
    uint64_t total; /* message length in bytes */
};

/* first 32 bits of the fractional parts of the cube roots of the first 64 primes */
static const uint32_t K[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

static inline uint32_t ror(uint32_t x, unsigned n)
{
    return (x >> n) | (x << (32 - n));
}

static void sha256_compress(uint32_t h[8], const uint8_t *p)
{
    uint32_t w[64];
    for (int t = 0; t < 16; t++)
        w[t] = (uint32_t)p[4 * t] << 24 | (uint32_t)p[4 * t + 1] << 16 |
               (uint32_t)p[4 * t + 2] << 8 | (uint32_t)p[4 * t + 3];
    for (int t = 16; t < 64; t++) {
        uint32_t s0 = ror(w[t - 15], 7) ^ ror(w[t - 15], 18) ^ (w[t - 15] >> 3);
        uint32_t s1 = ror(w[t - 2], 17) ^ ror(w[t - 2], 19) ^ (w[t - 2] >> 10);
        w[t] = w[t - 16] + s0 + w[t - 7] + s1;
    }

    uint32_t a = h[0], b = h[1], c = h[2], d = h[3];
    uint32_t e = h[4], f = h[5], g = h[6], k = h[7];
    for (int t = 0; t < 64; t++) {
        uint32_t S1 = ror(e, 6) ^ ror(e, 11) ^ ror(e, 25);
        uint32_t ch = (e & f) ^ (~e & g);
        uint32_t t1 = k + S1 + ch + K[t] + w[t];
        uint32_t S0 = ror(a, 2) ^ ror(a, 13) ^ ror(a, 22);
        uint32_t maj = (a & b) ^ (a & c) ^ (b & c);
        uint32_t t2 = S0 + maj;
        k = g;
        g = f;
        f = e;
        e = d + t1;
        d = c;
        c = b;
        b = a;
        a = t1 + t2;
    }
    h[0] += a;
    h[1] += b;
    h[2] += c;
    h[3] += d;
    h[4] += e;
    h[5] += f;
    h[6] += g;
    h[7] += k;
}

static void sha256_init(struct sha256 *s)
{
    /* first 32 bits of the fractional parts of the square roots of the first 8 primes */
    static const uint32_t iv[8] = {
        0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
    };
    for (int i = 0; i < 8; i++)
        s->h[i] = iv[i];
    s->fill = 0;
    s->total = 0;
}

static void sha256_update(struct sha256 *s, const uint8_t *p, size_t n)
{
    s->total += n;
    if (s->fill) {
        while (n && s->fill < 64) {
            s->block[s->fill++] = *p++;
            n--;
        }
        if (s->fill < 64)
            return;
        sha256_compress(s->h, s->block);
        s->fill = 0;
    }
    while (n >= 64) {
        sha256_compress(s->h, p);
        p += 64;
        n -= 64;
    }
    while (n--)
        s->block[s->fill++] = *p++;
}

static void sha256_final(struct sha256 *s, uint8_t out[32])
{
    uint64_t bits = s->total * 8;
    s->block[s->fill++] = 0x80;
    if (s->fill > 56) {
        while (s->fill < 64)
            s->block[s->fill++] = 0;
        sha256_compress(s->h, s->block);
        s->fill = 0;
    }
    while (s->fill < 56)
        s->block[s->fill++] = 0;
    for (int i = 0; i < 8; i++)
        s->block[56 + i] = (uint8_t)(bits >> (56 - 8 * i));
    sha256_compress(s->h, s->block);
    for (int i = 0; i < 8; i++) {
        out[4 * i] = (uint8_t)(s->h[i] >> 24);
        out[4 * i + 1] = (uint8_t)(s->h[i] >> 16);
        out[4 * i + 2] = (uint8_t)(s->h[i] >> 8);
        out[4 * i + 3] = (uint8_t)s->h[i];
    }
}

int main(void)
{
    static const uint8_t abc_digest[32] = {
        0xba, 0x78, 0x16, 0xbf, 0x8f, 0x01, 0xcf, 0xea, 0x41, 0x41, 0x40, 0xde, 0x5d, 0xae, 0x22, 0x23,
        0xb0, 0x03, 0x61, 0xa3, 0x96, 0x17, 0x7a, 0x9c, 0xb4, 0x10, 0xff, 0x61, 0xf2, 0x00, 0x15, 0xad,
    };
    struct sha256 s;
    uint8_t digest[32];
    uint32_t errors = 0, sum = 0;
    bench_rng rng;

    /* FIPS 180-4 example: SHA-256("abc") */
    static const uint8_t abc[3] = { 'a', 'b', 'c' };
    sha256_init(&s);
    sha256_update(&s, abc, bench_opaque32(3));
    sha256_final(&s, digest);
    if (memcmp(digest, abc_digest, 32) != 0)
        errors++;

    /* the message: little-endian bytes of successive xorshift64 outputs */
    bench_rng_seed(&rng, bench_opaque64(MSG_SEED));
    for (size_t i = 0; i < MSG_LEN; i += 8) {
        uint64_t r = bench_rand64(&rng);
        for (int k = 0; k < 8; k++)
            msg[i + k] = (uint8_t)(r >> (8 * k));
    }

    /* feed it in irregular chunks to exercise the buffering paths */
    sha256_init(&s);
    size_t pos = 0;
    while (pos < MSG_LEN) {
        size_t chunk = 1 + bench_randn(&rng, 4096);
        if (chunk > MSG_LEN - pos)
            chunk = MSG_LEN - pos;
        sha256_update(&s, msg + pos, chunk);
        pos += chunk;
    }
    sha256_final(&s, digest);
    if (memcmp(digest, msg_digest, 32) != 0)
        errors++;

    for (int i = 0; i < 32; i += 4)
        sum = bench_mix(sum, (uint32_t)digest[i] << 24 | (uint32_t)digest[i + 1] << 16 |
                                 (uint32_t)digest[i + 2] << 8 | digest[i + 3]);
    sum = bench_mix(sum, errors);
    bench_sink = sum;
    return bench_report("sha256", sum, EXPECTED);
}
