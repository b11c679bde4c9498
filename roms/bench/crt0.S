/*
 * crt0.S - start-up code for the libvsim benchmark workloads.
 *
 * Entered in M-mode with no stack: sets sp, installs a trap handler (any
 * trap reports mcause/mepc/mtval and exits with code 3), clears .bss, calls
 * int main(void) and exits with its return value through the test device.
 */
    .option norelax

    .section .text.init, "ax", @progbits
    .globl _start
_start:
    la      sp, __stack_top
    la      t0, bench_trap_entry
    csrw    mtvec, t0
    csrw    mie, zero
    la      t0, __bss_start
    la      t1, __bss_end
1:  bgeu    t0, t1, 2f
    sd      zero, 0(t0)
    addi    t0, t0, 8
    j       1b
2:  call    main
    tail    bench_exit

    .text
    .balign 4
bench_trap_entry:
    la      sp, __stack_top
    csrr    a0, mcause
    csrr    a1, mepc
    csrr    a2, mtval
    tail    bench_trap
