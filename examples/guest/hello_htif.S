/*
 * The smallest useful guest: print a line through HTIF and exit.
 *
 * HTIF is the host-target interface of Spike and riscv-tests. The program
 * owns two 64-bit words, `tohost` and `fromhost`; the host finds them by
 * their ELF symbols. Writing a command to tohost asks the host to act:
 *   tohost = 1 << 56 | 1 << 48 | ch   write byte ch to the console
 *                                     (device 1 = console, command 1 = write)
 *   tohost = code << 1 | 1            exit with status `code`
 * The host clears tohost when it has taken the command, and may post a reply
 * in fromhost, which the guest acknowledges by clearing it.
 *
 * Runs on `vsim run` and on `qemu-system-riscv64 -M spike -bios none -kernel`.
 */
    .section .text.init, "ax", @progbits
    .globl _start
_start:
    la      s0, message
1:  lbu     a0, 0(s0)
    beqz    a0, 2f
    call    htif_putchar
    addi    s0, s0, 1
    j       1b
2:  li      a0, 0
    j       htif_exit

/* htif_putchar(a0 = byte): no stack, temporaries only. */
    .text
htif_putchar:
    li      t0, (1 << 56) | (1 << 48)
    or      t0, t0, a0
    la      t1, tohost
    la      t2, fromhost
    sd      t0, 0(t1)
3:  ld      t3, 0(t2)           /* a reply? take it */
    beqz    t3, 4f
    sd      zero, 0(t2)
4:  ld      t3, 0(t1)           /* wait until the host has the command */
    bnez    t3, 3b
    ret

/* htif_exit(a0 = status): does not return. */
htif_exit:
    slli    a0, a0, 1
    ori     a0, a0, 1
    la      t1, tohost
    sd      a0, 0(t1)
5:  wfi
    j       5b

    .section .rodata
message:
    .asciz  "Hello from a bare-metal guest, via HTIF!\n"

/* Each word on its own 64-byte line, as riscv-tests does. */
    .section .tohost, "aw", @progbits
    .balign 64
    .globl  tohost
    .type   tohost, @object
    .size   tohost, 8       /* QEMU's spike board insists on this */
tohost:
    .dword  0
    .balign 64
    .globl  fromhost
    .type   fromhost, @object
    .size   fromhost, 8
fromhost:
    .dword  0
