/*
 * priv_macros.h - framework for the self-checking privileged-architecture
 * guest tests in tests/priv (libvsim).  Include from a .S file instead of
 * test_macros.h (it includes test_macros.h and reuses its check macros:
 * SET_TEST, CHECK_EQ, CHECK_VAL, TEST_CASE, TEST_TRAP, TEST_ILLEGAL, ...).
 *
 * Exit protocol and failure codes are those of test_macros.h:
 *   PASS = syscon 0x5555; FAIL n = 0x3333 | (n << 16), n = check number;
 *   0xFFE0|cause / 0xFFC0|cause = unexpected exception / interrupt (M or S).
 *
 * Layout of a test file:
 *     #include "priv_macros.h"
 *     PRIV_TEST_BEGIN
 *       ... checks ...
 *     PRIV_TEST_END
 *     TEST_DATA
 *     ...
 *
 * PRIV_TEST_BEGIN installs
 *   - mtvec = priv_mtrap (direct), stvec = priv_strap (direct)
 *   - medeleg = mideleg = 0, mie = 0, satp = 0
 *   - PMP entry 15 = NAPOT over all addresses, R/W/X (lowest priority), so
 *     that S and U can access memory; every other PMP entry is OFF.
 *
 * Register conventions (in addition to those of test_macros.h: gp = check
 * number, tp = expected-trap resume address, t4/t5/t6 = epc/cause/tval of
 * the last expected trap, t2/t3 scratch of the checks):
 *   s10 (x26)  mstatus (M handler) or sstatus (S handler) read on entry to
 *              the handler that took the last expected trap
 *   s11 (x27)  which handler took the last expected trap: 3 = M, 1 = S
 *   a7  (x17)  PRIV_MAGIC while switching to M mode with an ecall
 *   t0         scratch of the mode-switch macros
 *
 * Trap handling.  Both handlers (M: priv_mtrap, S: priv_strap) work the same
 * way for expected traps (tp != 0): they record epc/cause/tval in t4/t5/t6,
 * the status register in s10, the level in s11, and resume at tp in the
 * privilege mode that trapped (xRET with unchanged xPP), setting tp = 0.
 * For an interrupt they also clear the interrupt's enable bit in mie (M) or
 * sie (S) so that a still-pending interrupt does not trap again, and clear
 * MPIE (M) or SPIE (S) so that the interrupted mode resumes with its global
 * interrupt enable off (re-enable MIE / SIE to take the next interrupt).
 * The M handler also treats an ebreak with a7 == PRIV_MAGIC like the
 * ENTER_M ecall (ENTER_M_EBREAK, for tests that delegate ecall-from-S).
 *
 * Mode switches:
 *   ENTER_S / ENTER_U           M -> S / U at the next instruction (mret)
 *   ENTER_U_FROM_S              S -> U at the next instruction (sret)
 *   ENTER_M                     any mode -> M at the next instruction:
 *                               "li a7, PRIV_MAGIC; ecall"; the handlers
 *                               recognise the magic value (an ecall from U
 *                               delegated to S is forwarded to M by the S
 *                               handler with a second ecall).
 *   test_pass / test_fail first switch to M the same way, so checks may
 *   fail in any mode.  Never delegate ecall-from-S (medeleg bit 9) while
 *   relying on ENTER_M from S or U.
 *
 * Code and data are identity-mapped in the paging tests (VA == PA), so that
 * a mode switch between translated S/U code and untranslated M code
 * continues at the same address.
 */
#ifndef PRIV_MACROS_H
#define PRIV_MACROS_H

#include "test_macros.h"

#define PRIV_MAGIC      0x5ec0de

/* mstatus / sstatus */
#define MSTATUS_SIE     (1 << 1)
#define MSTATUS_MIE     (1 << 3)
#define MSTATUS_SPIE    (1 << 5)
#define MSTATUS_UBE     (1 << 6)
#define MSTATUS_MPIE    (1 << 7)
#define MSTATUS_SPP     (1 << 8)
#define MSTATUS_VS      (3 << 9)
#define MSTATUS_MPP     (3 << 11)
#define MSTATUS_MPP_S   (1 << 11)
#define MSTATUS_MPP_M   (3 << 11)
#define MSTATUS_FS      (3 << 13)
#define MSTATUS_XS      (3 << 15)
#define MSTATUS_MPRV    (1 << 17)
#define MSTATUS_SUM     (1 << 18)
#define MSTATUS_MXR     (1 << 19)
#define MSTATUS_TVM     (1 << 20)
#define MSTATUS_TW      (1 << 21)
#define MSTATUS_TSR     (1 << 22)
#define MSTATUS_UXL     (3 << 32)
#define MSTATUS_SXL     (3 << 34)
#define MSTATUS_SBE     (1 << 36)
#define MSTATUS_MBE     (1 << 37)
#define MSTATUS_SD      (1 << 63)

/* interrupt numbers and mip / mie bits */
#define IRQ_S_SOFT      1
#define IRQ_M_SOFT      3
#define IRQ_S_TIMER     5
#define IRQ_M_TIMER     7
#define IRQ_S_EXT       9
#define IRQ_M_EXT       11
#define MIP_SSIP        (1 << IRQ_S_SOFT)
#define MIP_MSIP        (1 << IRQ_M_SOFT)
#define MIP_STIP        (1 << IRQ_S_TIMER)
#define MIP_MTIP        (1 << IRQ_M_TIMER)
#define MIP_SEIP        (1 << IRQ_S_EXT)
#define MIP_MEIP        (1 << IRQ_M_EXT)
#define INTR            (1 << 63)       /* interrupt bit of mcause */

/* exception causes */
#define CAUSE_MISALIGNED_FETCH  0
#define CAUSE_FETCH_ACCESS      1
#define CAUSE_ILLEGAL           2
#define CAUSE_BREAKPOINT        3
#define CAUSE_MISALIGNED_LOAD   4
#define CAUSE_LOAD_ACCESS       5
#define CAUSE_MISALIGNED_STORE  6
#define CAUSE_STORE_ACCESS      7
#define CAUSE_ECALL_U           8
#define CAUSE_ECALL_S           9
#define CAUSE_ECALL_M           11
#define CAUSE_FETCH_PAGE        12
#define CAUSE_LOAD_PAGE         13
#define CAUSE_STORE_PAGE        15

/* page-table entries and satp */
#define PTE_V           (1 << 0)
#define PTE_R           (1 << 1)
#define PTE_W           (1 << 2)
#define PTE_X           (1 << 3)
#define PTE_U           (1 << 4)
#define PTE_G           (1 << 5)
#define PTE_A           (1 << 6)
#define PTE_D           (1 << 7)
#define PTE_RWX         (PTE_R | PTE_W | PTE_X)
#define PTE_LEAF_RWX    (PTE_V | PTE_RWX | PTE_A | PTE_D)
#define SATP_MODE_BARE  0
#define SATP_MODE_SV39  (8 << 60)
#define SATP_MODE_SV48  (9 << 60)
#define SATP_MODE_SV57  (10 << 60)
#define SATP_ASID_SHIFT 44
/* PTE value for a constant physical address */
#define PTE_OF(pa, flags)   ((((pa) >> 12) << 10) | (flags))

/* PMP */
#define PMP_R           0x01
#define PMP_W           0x02
#define PMP_X           0x04
#define PMP_OFF         0x00
#define PMP_TOR         0x08
#define PMP_NA4         0x10
#define PMP_NAPOT       0x18
#define PMP_L           0x80

/* CLINT */
#define CLINT_BASE      0x2000000
#define CLINT_MSIP      (CLINT_BASE + 0x0)
#define CLINT_MTIMECMP  (CLINT_BASE + 0x4000)
#define CLINT_MTIME     (CLINT_BASE + 0xbff8)

/* RAM (both QEMU virt and libvsim: 128 MiB at 0x80000000) */
#define RAM_BASE        0x80000000
/* a physical address with no memory or device behind it on both boards */
#define NOMEM_ADDR      0x24000000

/* CLINT helpers (clobber t0, t1) */
#define MTIMECMP_SET(val)   li t0, CLINT_MTIMECMP; li t1, val; sd t1, 0(t0)
#define MTIMECMP_NEVER      MTIMECMP_SET(-1)
#define MSIP_WRITE(v)       li t0, CLINT_MSIP; li t1, v; sw t1, 0(t0)
/* wait (bounded) until (mip & bit) == want; clobbers t0, t1 */
#define WAIT_MIP(bit, want) \
    li t1, 2000000; 1: csrr t0, mip; andi t0, t0, bit; xori t0, t0, want; \
    beqz t0, 2f; addi t1, t1, -1; bnez t1, 1b; 2:

/* ---------------------------------------------------------------------
 * Mode switches
 * ------------------------------------------------------------------- */

/* M -> S, continue at the next instruction */
.macro ENTER_S
    li t0, MSTATUS_MPP
    csrc mstatus, t0
    li t0, MSTATUS_MPP_S
    csrs mstatus, t0
    la t0, .Lenter_s\@
    csrw mepc, t0
    mret
.Lenter_s\@:
.endm

/* M -> U, continue at the next instruction */
.macro ENTER_U
    li t0, MSTATUS_MPP
    csrc mstatus, t0
    la t0, .Lenter_u\@
    csrw mepc, t0
    mret
.Lenter_u\@:
.endm

/* S -> U, continue at the next instruction */
.macro ENTER_U_FROM_S
    li t0, MSTATUS_SPP
    csrc sstatus, t0
    la t0, .Lenter_us\@
    csrw sepc, t0
    sret
.Lenter_us\@:
.endm

/* any mode -> M, continue at the next instruction (clobbers t4-t6;
 * leaves a7 = 0, so that a later ecall is an ordinary one) */
.macro ENTER_M
    li a7, PRIV_MAGIC
    ecall
    li a7, 0
.endm

/* any mode -> M with an ebreak (when ecalls are delegated to S; the
 * ebreak must not be) */
.macro ENTER_M_EBREAK
    li a7, PRIV_MAGIC
    ebreak
    li a7, 0
.endm

/* check which handler took the last expected trap (clobbers t2) */
#define CHECK_TRAP_IN_M     CHECK_VAL(s11, 3)
#define CHECK_TRAP_IN_S     CHECK_VAL(s11, 1)
/* check the previous-privilege field saved in s10 by the handler:
 * M handler: MPP (0, 1, 3); S handler: SPP (0, 1) */
#define CHECK_MPP(v)        srli t3, s10, 11; andi t3, t3, 3; CHECK_VAL(t3, v)
#define CHECK_SPP(v)        srli t3, s10, 8; andi t3, t3, 1; CHECK_VAL(t3, v)

/* expected trap with cause / epc / tval and the handler level (3 or 1) */
#define TEST_TRAP_AT(n, level, cause, ...) \
    TEST_TRAP(n, cause, __VA_ARGS__); CHECK_VAL(s11, level)
#define TEST_TRAP_TVAL_AT(n, level, cause, tval, ...) \
    TEST_TRAP_TVAL(n, cause, tval, __VA_ARGS__); CHECK_VAL(s11, level)
/* trap whose tval must equal the value of register r (tval computed at run
 * time, e.g. a label address) */
#define TEST_TRAP_TVALR_AT(n, level, cause, r, ...) \
    TEST_TRAP(n, cause, __VA_ARGS__); CHECK_VAL(s11, level); CHECK_EQ(t6, r)
/* a fetch from the address in register r must fault with cause c
 * (epc = tval = r) at level lvl */
#define TEST_FETCH_FAULT(n, lvl, c, r) \
    TRAP_SETUP(n); jalr ra, 0(r); j test_fail; \
    8: CHECK_VAL(t5, c); CHECK_EQ(t4, r); CHECK_EQ(t6, r); CHECK_VAL(s11, lvl)

/* load / store at the address in register r must fault with cause c
 * (tval = r) at level lvl */
#define TEST_LOAD_FAULT(n, lvl, c, r) \
    TEST_TRAP_TVALR_AT(n, lvl, c, r, ld a4, 0(r))
#define TEST_STORE_FAULT(n, lvl, c, r) \
    TEST_TRAP_TVALR_AT(n, lvl, c, r, sd zero, 0(r))
#define TEST_AMO_FAULT(n, lvl, c, r) \
    TEST_TRAP_TVALR_AT(n, lvl, c, r, amoadd.d a4, zero, (r))

/* illegal instruction, taken in M */
#define TEST_ILLEGAL_M(n, ...) \
    TEST_TRAP(n, CAUSE_ILLEGAL, __VA_ARGS__); CHECK_VAL(s11, 3)

/* the code must not trap (a trap jumps to the failure path) */
#define TEST_NO_TRAP(n, ...) \
    li TESTNUM, n; li t5, -1; la tp, 8f; __VA_ARGS__; li tp, 0; j 9f; \
    8: j test_fail; 9:

/* store a PTE: table_reg[idx] = pte_reg (clobbers t0) */
#define PT_STORE(tbl, idx, pte) li t0, ((idx) * 8); add t0, t0, tbl; sd pte, 0(t0)
/* rd = PTE for the physical address in register pa with flags (pa page-aligned) */
#define MKPTE(rd, pa, flags) srli rd, pa, 12; slli rd, rd, 10; ori rd, rd, flags
/* rd = satp value for root table address in register root, mode constant
 * (rd must not be t0; clobbers t0) */
#define MKSATP(rd, root, mode) srli rd, root, 12; li t0, mode; or rd, rd, t0

/* VPN indices of a virtual address */
#define VPN0(va)        (((va) >> 12) & 0x1ff)
#define VPN1(va)        (((va) >> 21) & 0x1ff)
#define VPN2(va)        (((va) >> 30) & 0x1ff)
#define VPN3(va)        (((va) >> 39) & 0x1ff)

/* ---------------------------------------------------------------------
 * Test program skeleton
 * ------------------------------------------------------------------- */

.macro PRIV_TEST_BEGIN
    .option norvc
    .option norelax
    .section .text.init, "ax", @progbits
    .globl _start
_start:
    la t0, priv_mtrap
    csrw mtvec, t0
    la t0, priv_strap
    csrw stvec, t0
    la sp, __stack_top
    li gp, 0
    li tp, 0
    li s10, 0
    li s11, 0
    li a7, 0
    csrw medeleg, zero
    csrw mideleg, zero
    csrw mie, zero
    csrw satp, zero
    /* PMP: entry 15 = everything, R/W/X; entries 0..14 OFF */
    csrw pmpcfg0, zero
    li t0, -1
    csrw pmpaddr15, t0
    li t0, (PMP_NAPOT | PMP_R | PMP_W | PMP_X) << 56
    csrw pmpcfg2, t0
    sfence.vma
    j test_body
    .text
    .balign 4
test_body:
.endm

.macro PRIV_TEST_END
    j test_pass

    .balign 4
test_pass:
    ENTER_M
    li t0, MSTATUS_MPRV
    csrc mstatus, t0
    li t0, SYSCON_BASE
    li t1, SYSCON_PASS
    sw t1, 0(t0)
1:  j 1b

    /* failing check: number in TESTNUM */
    .balign 4
test_fail:
    mv s0, TESTNUM
    li tp, 0
    ENTER_M
    li t0, MSTATUS_MPRV
    csrc mstatus, t0
    li t0, 0xffff
    and s0, s0, t0
    bnez s0, 1f
    li s0, 0xffff
1:  la t0, priv_exit_fail
    csrw mtvec, t0            /* any fault while printing: just exit */
    la a0, priv_str_fail
    jal priv_puts
    mv a0, s0
    jal priv_putdec
    li a0, '\n'
    jal priv_putc
    j priv_exit_fail

    /* ---- M-mode trap handler ---- */
    .balign 64
priv_mtrap:
    csrr t5, mcause
    bltz t5, 2f
    /* ecall with a7 == PRIV_MAGIC: continue in M after the ecall */
    addi t4, t5, -CAUSE_BREAKPOINT
    beqz t4, 1f
    addi t4, t5, -CAUSE_ECALL_U
    beqz t4, 1f
    addi t4, t5, -CAUSE_ECALL_S
    beqz t4, 1f
    addi t4, t5, -CAUSE_ECALL_M
    bnez t4, 2f
1:  li t4, PRIV_MAGIC
    bne a7, t4, 2f
    csrr t4, mepc
    addi t4, t4, 4
    csrw mepc, t4
    li t4, MSTATUS_MPP
    csrs mstatus, t4
    mret
2:  beqz tp, priv_m_unexpected
    csrr t4, mepc
    csrr t6, mtval
    csrr s10, mstatus
    li s11, 3
    csrw mepc, tp
    bgez t5, 3f
    li tp, 1
    sll tp, tp, t5            /* 1 << (cause & 63) */
    csrc mie, tp
    li tp, MSTATUS_MPIE
    csrc mstatus, tp
3:  li tp, 0
    mret

priv_m_unexpected:
    csrr s1, mcause
    csrr s2, mepc
    csrr s3, mtval
    la a0, priv_str_mtrap
    j priv_report

    /* ---- S-mode trap handler ---- */
    .balign 64
priv_strap:
    csrr t5, scause
    bltz t5, 2f
    addi t4, t5, -CAUSE_ECALL_U
    bnez t4, 2f
    li t4, PRIV_MAGIC
    bne a7, t4, 2f
    ecall                     /* forward to M (cause 9), continues in M */
    csrr t4, sepc
    addi t4, t4, 4
    jr t4
2:  beqz tp, priv_s_unexpected
    csrr t4, sepc
    csrr t6, stval
    csrr s10, sstatus
    li s11, 1
    csrw sepc, tp
    bgez t5, 3f
    li tp, 1
    sll tp, tp, t5
    csrc sie, tp
    li tp, MSTATUS_SPIE
    csrc sstatus, tp
3:  li tp, 0
    sret

priv_s_unexpected:
    csrr s1, scause
    csrr s2, sepc
    csrr s3, stval
    li a7, PRIV_MAGIC
    ecall                     /* to M */
    la a0, priv_str_strap
    /* fall through */

    /* report an unexpected trap: a0 = prefix, s1 = cause, s2 = epc,
     * s3 = tval; exit with 0xFFE0|cause or 0xFFC0|cause */
priv_report:
    li t0, MSTATUS_MPRV
    csrc mstatus, t0
    andi s0, s1, 0x1f
    li t0, 0xffe0
    bgez s1, 1f
    li t0, 0xffc0
1:  or s0, s0, t0
    la t0, priv_exit_fail
    csrw mtvec, t0
    jal priv_puts
    mv a0, s1
    jal priv_puthex
    la a0, priv_str_epc
    jal priv_puts
    mv a0, s2
    jal priv_puthex
    la a0, priv_str_tval
    jal priv_puts
    mv a0, s3
    jal priv_puthex
    la a0, priv_str_test
    jal priv_puts
    mv a0, gp
    jal priv_putdec
    li a0, '\n'
    jal priv_putc
    j priv_exit_fail

    /* exit with failure code s0 */
    .balign 64
priv_exit_fail:
    li t0, SYSCON_BASE
    slli t1, s0, 16
    li t2, SYSCON_FAIL
    or t1, t1, t2
    sw t1, 0(t0)
1:  j 1b

    /* putc(a0): bounded wait for THR empty, then write; clobbers t0-t2 */
priv_putc:
    li t0, UART_BASE
    li t1, 100000
1:  lbu t2, UART_LSR(t0)
    andi t2, t2, UART_LSR_THRE
    bnez t2, 2f
    addi t1, t1, -1
    bnez t1, 1b
2:  sb a0, 0(t0)
    ret

    /* puts(a0 = NUL-terminated string); clobbers a0, a1, t0-t2, a7 */
priv_puts:
    mv a7, ra
    mv a1, a0
1:  lbu a0, 0(a1)
    beqz a0, 2f
    jal priv_putc
    addi a1, a1, 1
    j 1b
2:  mv ra, a7
    ret

    /* putdec(a0 = unsigned value) */
priv_putdec:
    mv a7, ra
    addi sp, sp, -32
    mv a1, sp
    li a2, 10
1:  remu a3, a0, a2
    addi a3, a3, '0'
    sb a3, 0(a1)
    addi a1, a1, 1
    divu a0, a0, a2
    bnez a0, 1b
2:  addi a1, a1, -1
    lbu a0, 0(a1)
    jal priv_putc
    bne a1, sp, 2b
    addi sp, sp, 32
    mv ra, a7
    ret

    /* puthex(a0): "0x" + 16 hex digits */
priv_puthex:
    mv a6, ra
    mv a3, a0
    li a0, '0'
    jal priv_putc
    li a0, 'x'
    jal priv_putc
    li a2, 60
1:  srl a0, a3, a2
    andi a0, a0, 15
    addi a0, a0, '0'
    li t2, '9'
    ble a0, t2, 2f
    addi a0, a0, 'a' - '0' - 10
2:  jal priv_putc
    addi a2, a2, -4
    bgez a2, 1b
    mv ra, a6
    ret

    .section .rodata
priv_str_fail:  .asciz "FAIL "
priv_str_mtrap: .asciz "TRAP mcause="
priv_str_strap: .asciz "STRAP scause="
priv_str_epc:   .asciz " epc="
priv_str_tval:  .asciz " tval="
priv_str_test:  .asciz " test="
    .text
.endm

#endif /* PRIV_MACROS_H */
