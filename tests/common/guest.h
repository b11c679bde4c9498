/*
 * guest.h - tiny freestanding helpers for C guest tests (libvsim).
 * Link with tests/common/crt0.S.  No libc.
 *
 * A test's int main(void) returns 0 for PASS or the number of the failing
 * check (1..65535); or it calls guest_fail(n) / CHECK(n, cond) directly,
 * which print "FAIL n" on the UART and power off with code n.
 */
#ifndef GUEST_H
#define GUEST_H

typedef __UINT8_TYPE__   u8;
typedef __UINT16_TYPE__  u16;
typedef __UINT32_TYPE__  u32;
typedef __UINT64_TYPE__  u64;
typedef __INT8_TYPE__    s8;
typedef __INT16_TYPE__   s16;
typedef __INT32_TYPE__   s32;
typedef __INT64_TYPE__   s64;
typedef __SIZE_TYPE__    usize;

#define GUEST_SYSCON      0x100000UL
#define GUEST_UART        0x10000000UL
#define GUEST_UART_LSR    5
#define GUEST_UART_THRE   0x20

/* provided by crt0.S (simple byte loops) */
void *memset(void *dst, int c, usize n);
void *memcpy(void *dst, const void *src, usize n);
void *memmove(void *dst, const void *src, usize n);
int memcmp(const void *a, const void *b, usize n);

extern volatile u32 guest_fail_code;     /* crt0.S */
extern void guest_fail_exit(void);       /* crt0.S: exit with guest_fail_code */

static inline void guest_putc(char c)
{
    volatile u8 *uart = (volatile u8 *)GUEST_UART;
    for (int i = 0; i < 100000; i++)
        if (uart[GUEST_UART_LSR] & GUEST_UART_THRE)
            break;
    uart[0] = (u8)c;
}

static inline void guest_puts(const char *s)
{
    while (*s)
        guest_putc(*s++);
}

static inline void guest_putdec(u64 v)
{
    char buf[24];
    int i = 0;
    do {
        buf[i++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    while (i)
        guest_putc(buf[--i]);
}

static inline void guest_puthex(u64 v)
{
    guest_puts("0x");
    for (int sh = 60; sh >= 0; sh -= 4)
        guest_putc("0123456789abcdef"[(v >> sh) & 15]);
}

static inline __attribute__((noreturn)) void guest_pass(void)
{
    *(volatile u32 *)GUEST_SYSCON = 0x5555;
    for (;;)
        ;
}

/* exit with failure code (1..65535) without printing */
static inline __attribute__((noreturn)) void guest_exit_fail(unsigned code)
{
    code &= 0xffff;
    if (code == 0)
        code = 0xffff;
    *(volatile u32 *)GUEST_SYSCON = 0x3333 | (code << 16);
    for (;;)
        ;
}

/* record failure code n and make any later trap (e.g. a fault while
 * printing, if there is no UART) exit with it */
static inline void guest_fail_begin(unsigned code)
{
    code &= 0xffff;
    if (code == 0)
        code = 0xffff;
    guest_fail_code = code;
    __asm__ volatile("csrw mtvec, %0" : : "r"(guest_fail_exit) : "memory");
}

/* print "FAIL n" (best effort) and exit with failure code n */
static inline __attribute__((noreturn)) void guest_fail(unsigned code)
{
    code &= 0xffff;
    if (code == 0)
        code = 0xffff;
    guest_fail_begin(code);
    guest_puts("FAIL ");
    guest_putdec(code);
    guest_putc('\n');
    guest_exit_fail(code);
}

/* fail with code n unless cond holds */
#define CHECK(n, cond) \
    do { if (!(cond)) guest_fail(n); } while (0)

/* fail with code n unless a == b, printing both values */
#define CHECK_EQ(n, a, b) \
    do { \
        u64 va_ = (u64)(a), vb_ = (u64)(b); \
        if (va_ != vb_) { \
            guest_fail_begin(n); \
            guest_puts("check "); guest_putdec(n); guest_puts(": "); \
            guest_puthex(va_); guest_puts(" != "); guest_puthex(vb_); \
            guest_putc('\n'); \
            guest_fail(n); \
        } \
    } while (0)

/* keep the compiler from constant-folding a value */
#define OPAQUE(x) \
    ({ __typeof__(x) o_ = (x); __asm__ volatile("" : "+r"(o_)); o_; })

#endif /* GUEST_H */
