/*
 * sig_guest.S - a program in the shape of a RISC-V architectural test (as
 * riscv-arch-test / RISCOF run them): it stores known values into the
 * region between the symbols begin_signature and end_signature, then exits
 * through HTIF (tohost = 1: exit code 0). `vsim run --signature=FILE` must
 * then write the region as the checked-in sig_guest.*.txt files show.
 *
 * The region is 9 words (36 bytes), so the last line is partial with 8- and
 * 16-byte granularity (padded with zero bytes). Every word starts as the
 * canary 0xdeadbeef in the ELF, and all but one are overwritten: the file
 * shows memory when the guest stopped, not the ELF's contents.
 */
    .section .text.init, "ax", @progbits
    .globl _start
_start:
    la t0, begin_signature
    li t1, 0x0123456789abcdef
    sd t1, 0(t0)                /* words 0, 1: 89abcdef 01234567 */
    li t1, 0xfeedface
    sw t1, 8(t0)                /* word 2 */
    li t1, 1
    sw t1, 12(t0)               /* word 3: 00000001 */
    li t1, 0x11
    sb t1, 16(t0)               /* word 4, byte by byte: 44332211 */
    li t1, 0x22
    sb t1, 17(t0)
    li t1, 0x33
    sb t1, 18(t0)
    li t1, 0x44
    sb t1, 19(t0)
                                /* word 5: the canary stays */
    li t1, -1
    sw t1, 24(t0)               /* word 6: ffffffff */
    li t1, 0x80000000
    sw t1, 28(t0)               /* word 7: 80000000 */
    li t1, 0xcafef00d
    sw t1, 32(t0)               /* word 8: cafef00d */
    /* exit code 0 through HTIF */
    la t0, tohost
    li t1, 1
    sd t1, 0(t0)
1:  j 1b

    .data
    .balign 16
    .globl begin_signature, end_signature
begin_signature:
    .rept 9
    .word 0xdeadbeef
    .endr
end_signature:
    .word 0x5555aaaa            /* past the end: never in the file */

    .balign 8
    .globl tohost, fromhost
tohost:   .dword 0
fromhost: .dword 0
