/*
 * asm.S - exact instruction sequences for the REPL tests (tests/repl):
 * uncompressed, unrelaxed, so addresses and encodings are known.
 */
    .option norvc
    .option norelax
    .text

/* asm_driver: three adds, a call to asm_rec(5), return 3 + 15 = 18 */
    .globl asm_driver
    .balign 4
asm_driver:
    addi sp, sp, -16
    sd ra, 8(sp)
    sd s0, 0(sp)
    addi s0, sp, 16
    .globl asm_stepper
asm_stepper:
    li a0, 1                    /* addi a0, zero, 1 = 0x00100513 */
    addi a0, a0, 1              /* 0x00150513 */
    addi a0, a0, 1
    addi a0, a0, 1
    mv s1, a0
    li a0, 5
    .globl asm_call_site
asm_call_site:
    jal ra, asm_rec
    .globl asm_after_call
asm_after_call:
    add a0, a0, s1
    ld ra, 8(sp)
    ld s0, 0(sp)
    addi sp, sp, 16
    ret

/* asm_rec(n) = n + asm_rec(n - 1), asm_rec(0) = 0: the recursive call
 * returns to asm_rec_ret in every frame (`next` must pick the right one) */
    .globl asm_rec
    .balign 4
asm_rec:
    beqz a0, 1f
    addi sp, sp, -16
    sd ra, 8(sp)
    sd a0, 0(sp)
    addi a0, a0, -1
    .globl asm_rec_call
asm_rec_call:
    jal ra, asm_rec
    .globl asm_rec_ret
asm_rec_ret:
    ld t0, 0(sp)
    add a0, a0, t0
    ld ra, 8(sp)
    addi sp, sp, 16
1:  ret
