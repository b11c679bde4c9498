/*
 * The program the GDB tests debug (built -O0 -g -fno-omit-frame-pointer):
 * a few calls to break in and finish from, globals to watch and read.
 * Passes (exit 0) when it runs to the end undisturbed: sum == 204, counter == 8.
 *
 * gdb_protocol.c sets spin_mode (with an M packet) to keep it busy in spin()
 * for the Ctrl-C test, then spin_release to let it go on; idle_mode keeps it
 * waiting in wfi (for a timer interrupt far away) until idle_release.
 */
#include "guest.h"

volatile long counter;          /* watched: bump() reads and writes it once per round */
long results[8];
const unsigned magic[4] = { 0xdeadbeef, 0x12345678, 0xcafef00d, 0x0badc0de };
volatile int spin_mode;
volatile int spin_release;
volatile int idle_mode;
volatile int idle_release;

__attribute__((noinline)) long square(long x)
{
    long r = x * x;
    return r;
}

__attribute__((noinline)) long add(long a, long b)
{
    return a + b;
}

__attribute__((noinline)) void bump(void)
{
    counter = counter + 1;
}

__attribute__((noinline)) void spin(void)
{
    while (!spin_release) {
    }
}

#define CLINT_MTIMECMP 0x2004000UL

/* wfi with the machine timer enabled (mie.MTIE, but mstatus.MIE off: no
 * trap) and due in ages; the debugger ends the wait by moving mtimecmp. */
__attribute__((noinline)) void idle(void)
{
    *(volatile u64 *)CLINT_MTIMECMP = 1ull << 62;
    __asm__ volatile("csrs mie, %0" : : "r"(1ul << 7));
    while (!idle_release)
        __asm__ volatile("wfi");
    __asm__ volatile("csrc mie, %0" : : "r"(1ul << 7));
}

int main(void)
{
    long sum = 0;
    for (long i = 0; i < 8; i++) {
        if (spin_mode)
            spin();
        if (idle_mode)
            idle();
        bump();
        sum = add(sum, square(i + 1));
        results[i] = sum;
    }
    return sum == 204 && counter == 8 && magic[0] == 0xdeadbeef ? 0 : 1;
}
