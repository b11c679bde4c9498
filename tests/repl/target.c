/*
 * target.c - the guest program the `vsim debug` REPL tests step through
 * (tests/repl). Built -O0 -fno-omit-frame-pointer so that `bt` can follow
 * the s0 chain; asm.S has the code whose exact instructions tests check.
 */
#include "guest.h"

volatile u64 counter;       /* written by middle(): watchpoint tests */
volatile u64 exit_with;     /* main returns it: `set *exit_with = 3` */
u64 result;

u64 asm_driver(void);       /* asm.S */

__attribute__((noinline)) u64 leaf(u64 x)
{
    return x * 3 + 1;
}

__attribute__((noinline)) u64 middle(u64 x)
{
    u64 r = leaf(x) + leaf(x + 1);
    counter += r;
    return r;
}

int main(void)
{
    u64 s = 0;
    for (u64 i = 0; i < 3; i++)
        s += middle(i);
    s += asm_driver();
    result = s;
    guest_puts("target done\n");
    return (int)exit_with;
}
