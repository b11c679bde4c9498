/*
 * An S-mode payload for OpenSBI: entered at 0x80200000 in S-mode with
 * a0 = hartid and a1 = the device tree. It checks what firmware hands over,
 * talks to the SBI (base extension probe, legacy console putchar, TIME via
 * set_timer and a supervisor timer interrupt), and shuts down through the
 * SBI system-reset extension, which OpenSBI carries out with the test
 * device. Exit code 0 only if every check passed (else SRST with failure,
 * which OpenSBI reports as 0x3333 | 1 << 16 ... exit 1).
 */
    .section .text.init
    .globl _start
_start:
    mv      s0, a0                  /* hartid */
    mv      s1, a1                  /* device tree */
    la      sp, stack_top
    la      a0, msg_hello
    call    puts

    /* the device tree must start with the FDT magic 0xd00dfeed (big-endian) */
    lwu     t0, 0(s1)
    li      t1, 0xedfe0dd0
    bne     t0, t1, fail

    /* SBI base extension: get_spec_version (EID 0x10, FID 0) must succeed */
    li      a7, 0x10
    li      a6, 0
    ecall
    bnez    a0, fail

    /* a supervisor timer interrupt through SBI set_timer (EID 0x54494d45) */
    la      t0, trap
    csrw    stvec, t0
    rdtime  t0
    li      t1, 1000                /* 100 us at 10 MHz */
    add     a0, t0, t1
    li      a7, 0x54494d45
    li      a6, 0
    ecall
    li      t0, 1 << 5              /* STIE */
    csrs    sie, t0
    csrsi   sstatus, 2              /* SIE */
    li      t2, 100000000
1:  lw      t3, timer_fired
    bnez    t3, 2f
    addi    t2, t2, -1
    bnez    t2, 1b
    j       fail
2:  la      a0, msg_timer
    call    puts

    /* shutdown: SRST (EID 0x53525354), type 0 shutdown, reason 0 */
    li      a7, 0x53525354
    li      a6, 0
    li      a0, 0
    li      a1, 0
    ecall
    j       fail                    /* not reached */

fail:
    la      a0, msg_fail
    call    puts
    li      a7, 0x53525354
    li      a6, 0
    li      a0, 0
    li      a1, 1                   /* reason: system failure */
    ecall
3:  j       3b

/* the supervisor timer interrupt: disarm it (set_timer far away), note it */
    .align 4
trap:
    csrr    t0, scause
    li      t1, (1 << 63) | 5
    bne     t0, t1, fail
    li      a0, -1
    li      a7, 0x54494d45
    li      a6, 0
    ecall
    li      t0, 1
    sw      t0, timer_fired, t1
    li      t0, 1 << 5
    csrc    sie, t0
    sret

/* puts(a0) through the legacy SBI console putchar (EID 0x01) */
puts:
    mv      t4, a0
1:  lbu     a0, 0(t4)
    beqz    a0, 2f
    li      a7, 1
    ecall
    addi    t4, t4, 1
    j       1b
2:  ret

    .section .rodata
msg_hello: .asciz "sbi payload: hello from S-mode\n"
msg_timer: .asciz "sbi payload: timer interrupt via SBI\n"
msg_fail:  .asciz "sbi payload: FAIL\n"

    .section .bss
    .align 4
timer_fired: .word 0
    .align 12
    .space 4096
stack_top:
