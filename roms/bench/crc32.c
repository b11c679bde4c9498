/*
 * crc32.c - CRC-32 (IEEE 802.3, reflected polynomial 0xEDB88320) benchmark.
 *
 * Builds the 256-entry table at run time, then repeatedly checksums a
 * pseudo-random buffer with the table-driven CRC, cross-checks a slice of it
 * with the bit-at-a-time CRC, and feeds each result back into the buffer so
 * every pass depends on the previous one.
 */
#include "bench.h"

#ifndef EXPECTED
#define EXPECTED 0x1d5861c3u
#endif

#define BUF_LEN   (16 * 1024)
#define SLICE_LEN 512
#define ITERS     180
#define CRC_POLY  0xedb88320u

static uint8_t buf[BUF_LEN];
static uint32_t table[256];

static void crc_table_init(void)
{
    for (uint32_t i = 0; i < 256; i++) {
        uint32_t c = i;
        for (int k = 0; k < 8; k++)
            c = (c >> 1) ^ (CRC_POLY & (0u - (c & 1)));
        table[i] = c;
    }
}

static uint32_t crc_table_update(uint32_t crc, const uint8_t *p, size_t n)
{
    crc = ~crc;
    while (n--)
        crc = table[(crc ^ *p++) & 0xff] ^ (crc >> 8);
    return ~crc;
}

static uint32_t crc_bitwise_update(uint32_t crc, const uint8_t *p, size_t n)
{
    crc = ~crc;
    while (n--) {
        crc ^= *p++;
        for (int k = 0; k < 8; k++) {
            if (crc & 1)
                crc = (crc >> 1) ^ CRC_POLY;
            else
                crc >>= 1;
        }
    }
    return ~crc;
}

int main(void)
{
    bench_rng rng;
    uint32_t sum = 0;
    uint32_t errors = 0;

    bench_rng_seed(&rng, bench_opaque64(0x243f6a8885a308d3ULL));
    for (size_t i = 0; i < BUF_LEN; i += 8) {
        uint64_t r = bench_rand64(&rng);
        for (int k = 0; k < 8; k++)
            buf[i + k] = (uint8_t)(r >> (8 * k));
    }

    crc_table_init();

    /* the standard check value: CRC-32 of "123456789" is 0xCBF43926 */
    static const uint8_t check[9] = { '1', '2', '3', '4', '5', '6', '7', '8', '9' };
    size_t check_len = bench_opaque32(9);
    if (crc_table_update(0, check, check_len) != 0xcbf43926u)
        errors++;
    if (crc_bitwise_update(0, check, check_len) != 0xcbf43926u)
        errors++;

    uint32_t iters = bench_opaque32(ITERS);
    for (uint32_t it = 0; it < iters; it++) {
        uint32_t crc = crc_table_update(0, buf, BUF_LEN);
        sum = bench_mix(sum, crc);

        /* cross-check a slice with the bitwise implementation, including
         * CRC continuation across two chunks */
        size_t off = (crc >> 8) % (BUF_LEN - SLICE_LEN);
        uint32_t a = crc_table_update(0, buf + off, SLICE_LEN);
        uint32_t b = crc_bitwise_update(0, buf + off, SLICE_LEN / 2);
        b = crc_bitwise_update(b, buf + off + SLICE_LEN / 2, SLICE_LEN / 2);
        if (a != b)
            errors++;
        sum = bench_mix(sum, b);

        /* perturb the buffer so the next pass computes something new */
        buf[crc % BUF_LEN] ^= (uint8_t)(crc >> 24);
        buf[(crc >> 16) % BUF_LEN] += (uint8_t)it;
        bench_sink = crc;
    }

    sum = bench_mix(sum, errors);
    return bench_report("crc32", sum, EXPECTED);
}
