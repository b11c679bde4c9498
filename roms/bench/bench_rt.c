/*
 * bench_rt.c - runtime support shared by the libvsim benchmark workloads:
 * UART output, exit through the test device, trap reporting and the few
 * libc functions gcc may emit calls to in freestanding code.
 */
#include "bench.h"

volatile uint32_t bench_sink;

#define UART_THR ((volatile uint8_t *)(BENCH_UART_BASE + 0))
#define UART_LSR ((volatile uint8_t *)(BENCH_UART_BASE + 5))
#define LSR_THRE 0x20

void bench_putc(char c)
{
    while (!(*UART_LSR & LSR_THRE))
        ;
    *UART_THR = (uint8_t)c;
}

void bench_puts(const char *s)
{
    while (*s)
        bench_putc(*s++);
}

static void put_hex(uint64_t v, int digits)
{
    static const char hex[] = "0123456789abcdef";
    bench_putc('0');
    bench_putc('x');
    for (int i = digits - 1; i >= 0; i--)
        bench_putc(hex[(v >> (4 * i)) & 0xf]);
}

void bench_puthex32(uint32_t v)
{
    put_hex(v, 8);
}

void bench_putdec(uint32_t v)
{
    char buf[11];
    int n = 0;
    do {
        buf[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    while (n)
        bench_putc(buf[--n]);
}

void bench_exit(int code)
{
    volatile uint32_t *dev = (volatile uint32_t *)BENCH_TEST_BASE;
    if (code == 0)
        *dev = 0x5555;
    else
        *dev = 0x3333u | ((uint32_t)(code & 0xffff) << 16);
    for (;;)
        __asm__ volatile("wfi");
}

void bench_trap(uint64_t mcause, uint64_t mepc, uint64_t mtval)
{
    bench_puts("TRAP mcause=");
    put_hex(mcause, 16);
    bench_puts(" mepc=");
    put_hex(mepc, 16);
    bench_puts(" mtval=");
    put_hex(mtval, 16);
    bench_putc('\n');
    bench_exit(3);
}

int bench_report(const char *name, uint32_t checksum, uint32_t expected)
{
    bench_puts("workload: ");
    bench_puts(name);
    bench_puts("\nchecksum: ");
    bench_puthex32(checksum);
    bench_putc('\n');
    if (checksum != expected) {
        bench_puts("FAIL: expected ");
        bench_puthex32(expected);
        bench_putc('\n');
        return 1;
    }
    return 0;
}

/* gcc would happily turn these loops back into calls to themselves */
#define NO_LIBCALL __attribute__((optimize("no-tree-loop-distribute-patterns")))

NO_LIBCALL void *memset(void *dst, int c, size_t n)
{
    uint8_t *d = dst;
    uint8_t b = (uint8_t)c;
    while (n && ((uintptr_t)d & 7)) {
        *d++ = b;
        n--;
    }
    uint64_t w = 0x0101010101010101ULL * b;
    while (n >= 8) {
        *(uint64_t *)(void *)d = w;
        d += 8;
        n -= 8;
    }
    while (n--)
        *d++ = b;
    return dst;
}

NO_LIBCALL void *memcpy(void *dst, const void *src, size_t n)
{
    uint8_t *d = dst;
    const uint8_t *s = src;
    if ((((uintptr_t)d ^ (uintptr_t)s) & 7) == 0) {
        while (n && ((uintptr_t)d & 7)) {
            *d++ = *s++;
            n--;
        }
        while (n >= 8) {
            *(uint64_t *)(void *)d = *(const uint64_t *)(const void *)s;
            d += 8;
            s += 8;
            n -= 8;
        }
    }
    while (n--)
        *d++ = *s++;
    return dst;
}

NO_LIBCALL void *memmove(void *dst, const void *src, size_t n)
{
    uint8_t *d = dst;
    const uint8_t *s = src;
    if (d <= s || d >= s + n)
        return memcpy(dst, src, n);
    while (n--)
        d[n] = s[n];
    return dst;
}

int memcmp(const void *a, const void *b, size_t n)
{
    const uint8_t *x = a, *y = b;
    for (size_t i = 0; i < n; i++)
        if (x[i] != y[i])
            return x[i] < y[i] ? -1 : 1;
    return 0;
}
