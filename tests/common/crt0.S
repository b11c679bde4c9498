/*
 * crt0.S - start-up code for freestanding C guest tests (libvsim).
 *
 *   - sets sp to __stack_top (16 KiB stack reserved by link.ld)
 *   - clears .bss
 *   - installs a default trap handler: any trap prints
 *     "TRAP mcause=0x.. mepc=0x.. mtval=0x.." and exits with failure code
 *     0xFFE0 | cause (exceptions) or 0xFFC0 | cause (interrupts)
 *   - calls int main(void); returns 0 -> PASS (syscon 0x5555), otherwise
 *     FAIL with code = return value & 0xFFFF (0xFFFF if that is 0)
 *   - provides memset / memcpy / memmove / memcmp, which GCC may emit calls
 *     to even in freestanding code
 *   - guest_fail_exit: exits with the code stored in guest_fail_code (used
 *     as the trap vector while printing a failure message, see guest.h)
 */
    .option norelax

#define SYSCON_BASE 0x100000
#define UART_BASE   0x10000000

    .section .text.init, "ax", @progbits
    .globl _start
_start:
    la sp, __stack_top
    la t0, crt_trap
    csrw mtvec, t0
    la a0, __bss_start
    la a1, __bss_end
1:  bgeu a0, a1, 2f
    sb zero, 0(a0)
    addi a0, a0, 1
    j 1b
2:  call main
    li t0, 0xffff
    and a1, a0, t0
    beqz a0, crt_pass
    bnez a1, 3f
    li a1, 0xffff
3:  la t0, guest_fail_code
    sw a1, 0(t0)
    j guest_fail_exit

crt_pass:
    li t0, SYSCON_BASE
    li t1, 0x5555
    sw t1, 0(t0)
1:  j 1b

    .text
    .balign 64
    .globl guest_fail_exit
guest_fail_exit:
    la t0, guest_fail_code
    lwu t1, 0(t0)
    slli t1, t1, 16
    li t2, 0x3333
    or t1, t1, t2
    li t0, SYSCON_BASE
    sw t1, 0(t0)
1:  j 1b

    /* default trap handler: report and fail */
    .balign 64
crt_trap:
    csrr s1, mcause
    csrr s2, mepc
    csrr s3, mtval
    andi t1, s1, 0x1f
    li t0, 0xffe0
    bgez s1, 1f
    li t0, 0xffc0
1:  or t1, t1, t0
    la t0, guest_fail_code
    sw t1, 0(t0)
    la t0, guest_fail_exit
    csrw mtvec, t0              /* a fault while printing just exits */
    la a0, str_trap
    call crt_puts
    mv a0, s1
    call crt_puthex
    la a0, str_mepc
    call crt_puts
    mv a0, s2
    call crt_puthex
    la a0, str_mtval
    call crt_puts
    mv a0, s3
    call crt_puthex
    li a0, '\n'
    call crt_putc
    j guest_fail_exit

crt_putc:                       /* a0 = char; clobbers t0-t2 */
    li t0, UART_BASE
    li t1, 100000
1:  lbu t2, 5(t0)
    andi t2, t2, 0x20
    bnez t2, 2f
    addi t1, t1, -1
    bnez t1, 1b
2:  sb a0, 0(t0)
    ret

crt_puts:                       /* a0 = string; clobbers a0, a1, a7, t0-t2 */
    mv a7, ra
    mv a1, a0
1:  lbu a0, 0(a1)
    beqz a0, 2f
    call crt_putc
    addi a1, a1, 1
    j 1b
2:  mv ra, a7
    ret

crt_puthex:                     /* a0 = value */
    mv a6, ra
    mv a3, a0
    li a0, '0'
    call crt_putc
    li a0, 'x'
    call crt_putc
    li a2, 60
1:  srl a0, a3, a2
    andi a0, a0, 15
    addi a0, a0, '0'
    li t2, '9'
    ble a0, t2, 2f
    addi a0, a0, 'a' - '0' - 10
2:  call crt_putc
    addi a2, a2, -4
    bgez a2, 1b
    mv ra, a6
    ret

/* ---- string functions GCC may call ---- */
    .weak memset, memcpy, memmove, memcmp

memset:                         /* a0 = dst, a1 = byte, a2 = n */
    mv t0, a0
1:  beqz a2, 2f
    sb a1, 0(t0)
    addi t0, t0, 1
    addi a2, a2, -1
    j 1b
2:  ret

memcpy:                         /* a0 = dst, a1 = src, a2 = n */
    mv t0, a0
1:  beqz a2, 2f
    lbu t1, 0(a1)
    sb t1, 0(t0)
    addi t0, t0, 1
    addi a1, a1, 1
    addi a2, a2, -1
    j 1b
2:  ret

memmove:
    bleu a0, a1, memcpy         /* dst <= src: forward copy is safe */
    add t0, a0, a2
    add a1, a1, a2
1:  beqz a2, 2f
    addi a1, a1, -1
    addi t0, t0, -1
    lbu t1, 0(a1)
    sb t1, 0(t0)
    addi a2, a2, -1
    j 1b
2:  ret

memcmp:                         /* a0 = s1, a1 = s2, a2 = n */
1:  beqz a2, 2f
    lbu t0, 0(a0)
    lbu t1, 0(a1)
    bne t0, t1, 3f
    addi a0, a0, 1
    addi a1, a1, 1
    addi a2, a2, -1
    j 1b
2:  li a0, 0
    ret
3:  sub a0, t0, t1
    ret

    .section .rodata
str_trap:   .asciz "TRAP mcause="
str_mepc:   .asciz " mepc="
str_mtval:  .asciz " mtval="

    .data
    .balign 4
    .globl guest_fail_code
guest_fail_code:
    .word 0xffff
