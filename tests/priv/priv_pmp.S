/*
 * priv_pmp.S - physical memory protection (16 entries), bare mode:
 *   TOR, NA4 (when the granularity allows) and NAPOT regions; R / W / X
 *   permissions for S and U loads, stores, AMOs and fetches, access faults
 *   1 / 5 / 7 with tval = the address; the lowest-numbered matching entry
 *   decides, also against a later entry that would allow the access; an
 *   access only partly inside the deciding entry fails; M is not
 *   restricted by unlocked entries; when no entry matches, S / U accesses
 *   fail and M accesses succeed; a locked entry (L = 1) restricts M too
 *   (loads, stores, fetches), and neither its pmpcfg byte nor its pmpaddr
 *   (nor, for TOR, the pmpaddr below it) can be written any more, while
 *   unlocked bytes of the same pmpcfg register still can.
 * Entry 15 (from PRIV_TEST_BEGIN) allows everything at the lowest priority.
 * sfence.vma follows every PMP change, as the spec requires.
 */
#include "priv_macros.h"

#define NAPOT_ADDR(base_reg, size, rd) srli rd, base_reg, 2; ori rd, rd, ((size) / 8 - 1)
#define CODE_LI_A4_55   0x05500713      /* li a4, 0x55 */
#define CODE_RET        0x00008067      /* ret */
/* pmpcfg0: e1 TOR|R, e2 NAPOT, e3 NA4|R, e4 NAPOT, e5 NAPOT|X */
#define CFG0            0x00001c1811180900
#define CFG15           ((PMP_NAPOT | PMP_R | PMP_W | PMP_X) << 56)

PRIV_TEST_BEGIN

    /* granularity: G = index of the lowest set bit of pmpaddr0 after
     * writing all ones with the entry OFF; s11 is reused below */
    csrw pmpcfg0, zero
    li a1, -1
    csrw pmpaddr0, a1
    csrr a1, pmpaddr0
    andi s8, a1, 1                      /* s8 = 1 if G = 0 (NA4 usable) */

    la s0, pmp_area                     /* 16 KiB, 16 KiB aligned */
    la s5, pmp_code
    /* code for entry 5 */
    li a1, CODE_LI_A4_55
    sw a1, 0(s5)
    li a1, CODE_RET
    sw a1, 4(s5)
    fence.i
    srli a1, s0, 2
    csrw pmpaddr0, a1
    li a1, 4096
    add a1, a1, s0
    srli a1, a1, 2
    csrw pmpaddr1, a1
    li a1, 8192
    add a2, a1, s0
    NAPOT_ADDR(a2, 4096, a1)
    csrw pmpaddr2, a1
    li a1, 12288
    add a1, a1, s0
    srli a1, a1, 2
    csrw pmpaddr3, a1
    NAPOT_ADDR(s0, 16384, a1)
    csrw pmpaddr4, a1
    NAPOT_ADDR(s5, 4096, a1)
    csrw pmpaddr5, a1
    li a1, CFG0
    csrw pmpcfg0, a1
    sfence.vma
    TEST_CASE(1, a4, CFG0, csrr a4, pmpcfg0)

    /* ---- M: unlocked entries do not apply ---- */
    TEST_NO_TRAP(2, ld a4, 0(s0); sd a4, 8(s0); li a1, 4096; add a1, a1, s0; sd a4, 0(a1); li a1, 8192; add a1, a1, s0; ld a4, 0(a1); ld a4, 0(s5))

    /* ---- S ---- */
    ENTER_S
    /* entry 1: TOR, R */
    mv s1, s0
    TEST_CASE(3, a4, 0, ld a4, 16(s1))
    TEST_STORE_FAULT(4, 3, CAUSE_STORE_ACCESS, s1)
    TEST_AMO_FAULT(5, 3, CAUSE_STORE_ACCESS, s1)
    TEST_FETCH_FAULT(6, 3, CAUSE_FETCH_ACCESS, s1)
    addi s1, s0, 0x7f8                  /* last dword of the TOR region */
    li a1, 4096 - 8 - 0x7f8
    add s1, s1, a1
    TEST_CASE(7, a4, 0, ld a4, 0(s1))
    /* entry 4 (NAPOT, nothing allowed) beats entry 15 */
    li s1, 4096
    add s1, s1, s0
    TEST_LOAD_FAULT(8, 3, CAUSE_LOAD_ACCESS, s1)
    TEST_STORE_FAULT(9, 3, CAUSE_STORE_ACCESS, s1)
    /* entry 2 (NAPOT 4 KiB, nothing) */
    li s1, 8192 + 0x100
    add s1, s1, s0
    TEST_LOAD_FAULT(10, 3, CAUSE_LOAD_ACCESS, s1)
    /* entry 5: execute only */
    TEST_CASE(11, a4, 0x55, li a4, 0; jalr ra, 0(s5))
    TEST_LOAD_FAULT(12, 3, CAUSE_LOAD_ACCESS, s5)
    TEST_STORE_FAULT(13, 3, CAUSE_STORE_ACCESS, s5)
    /* outside entries 0..14: entry 15 allows */
    la s1, pmp_beyond
    TEST_NO_TRAP(14, ld a4, 0(s1); sd a4, 0(s1))
    ENTER_M
    beqz s8, 1f
    ENTER_S
    /* entry 3: NA4, R; the next word is entry 4's */
    li s1, 12288
    add s1, s1, s0
    TEST_NO_TRAP(15, lw a4, 0(s1))
    addi s2, s1, 4
    TEST_LOAD_FAULT(16, 3, CAUSE_LOAD_ACCESS, s2)
    TEST_TRAP_TVALR_AT(17, 3, CAUSE_STORE_ACCESS, s1, sw zero, 0(s1))
    /* an 8-byte load only half inside entry 3 fails */
    TEST_LOAD_FAULT(18, 3, CAUSE_LOAD_ACCESS, s1)
    ENTER_M
1:
    /* ---- U: the same rules ---- */
    ENTER_U
    mv s1, s0
    TEST_CASE(19, a4, 0, ld a4, 16(s1))
    TEST_STORE_FAULT(20, 3, CAUSE_STORE_ACCESS, s1)
    TEST_CASE(21, a4, 0x55, li a4, 0; jalr ra, 0(s5))
    li s1, 4096
    add s1, s1, s0
    TEST_LOAD_FAULT(22, 3, CAUSE_LOAD_ACCESS, s1)
    ENTER_M

    /* ---- no matching entry: S / U fail, M succeeds ---- */
    /* entry 6: TOR [pmpaddr5 .. pmp_area) would be odd: use [0, code end)
     * by moving entry 5 out of the way: entry 5 OFF with pmpaddr5 = 0 */
    csrw pmpaddr5, zero
    srli a1, s0, 2
    csrw pmpaddr6, a1                   /* entry 6: TOR [0, pmp_area) RWX */
    li a1, CFG0 & ~(0xff << 40)
    li a2, (PMP_TOR | PMP_R | PMP_W | PMP_X) << 48
    or a1, a1, a2
    csrw pmpcfg0, a1
    li a1, CFG15 & ~CFG15               /* entry 15 OFF */
    csrw pmpcfg2, a1
    sfence.vma
    la s1, pmp_beyond
    TEST_NO_TRAP(23, ld a4, 0(s1); sd a4, 0(s1))
    ENTER_S
    TEST_LOAD_FAULT(24, 3, CAUSE_LOAD_ACCESS, s1)
    TEST_STORE_FAULT(25, 3, CAUSE_STORE_ACCESS, s1)
    TEST_CASE(26, a4, 0, ld a4, 16(s0))             /* entry 1 still */
    ENTER_M
    ENTER_U
    TEST_LOAD_FAULT(27, 3, CAUSE_LOAD_ACCESS, s1)
    ENTER_M
    li a1, CFG15
    csrw pmpcfg2, a1
    li a1, CFG0 & ~(0xff << 40)
    csrw pmpcfg0, a1                    /* entries 5, 6 OFF */
    sfence.vma

    /* ---- locked NAPOT entry 7: R only, for M too ---- */
    la s2, pmp_lock
    la s3, pmp_lock_code
    li a1, CODE_LI_A4_55
    sw a1, 0(s3)
    li a1, CODE_RET
    sw a1, 4(s3)
    fence.i
    li a1, 0x1234
    sd a1, 0(s2)
    NAPOT_ADDR(s2, 8192, a1)            /* pmp_lock and pmp_lock_code */
    csrw pmpaddr7, a1
    mv s4, a1
    csrr a1, pmpcfg0
    li a2, (PMP_L | PMP_NAPOT | PMP_R) << 56
    or a1, a1, a2
    csrw pmpcfg0, a1
    sfence.vma
    TEST_CASE(28, a4, 0x1234, ld a4, 0(s2))
    TEST_STORE_FAULT(29, 3, CAUSE_STORE_ACCESS, s2)
    TEST_AMO_FAULT(30, 3, CAUSE_STORE_ACCESS, s2)
    TEST_FETCH_FAULT(31, 3, CAUSE_FETCH_ACCESS, s3)
    TEST_MEM64(32, 0x1234, pmp_lock)
    /* the cfg byte and the address cannot change */
    TEST_CASE(33, a4, 0x99, csrr a1, pmpcfg0; li a2, 0x00ffffffffffffff; and a1, a1, a2; csrw pmpcfg0, a1; csrr a4, pmpcfg0; srli a4, a4, 56)
    TEST_CASE(34, a4, 0, csrw pmpaddr7, zero; csrr a4, pmpaddr7; sub a4, a4, s4)
    TEST_CASE(35, a4, 0, li a1, -1; csrw pmpaddr7, a1; csrr a4, pmpaddr7; sub a4, a4, s4)
    /* other bytes of pmpcfg0 still change: entry 6 = R (OFF) */
    TEST_CASE(36, a4, 0x01, csrr a1, pmpcfg0; li a2, 0x01 << 48; or a1, a1, a2; csrw pmpcfg0, a1; csrr a4, pmpcfg0; srli a4, a4, 48; andi a4, a4, 0xff)
    TEST_CASE(37, a4, 0x99, csrr a4, pmpcfg0; srli a4, a4, 56)
    sfence.vma
    /* it applies to S as well */
    ENTER_S
    TEST_CASE(38, a4, 0x1234, ld a4, 0(s2))
    TEST_STORE_FAULT(39, 3, CAUSE_STORE_ACCESS, s2)
    ENTER_M

    /* ---- locked TOR entry 9 [pmpaddr8, pmpaddr9): R W, no X ---- */
    la s2, pmp_tor
    li a1, CODE_LI_A4_55
    sw a1, 0(s2)
    li a1, CODE_RET
    sw a1, 4(s2)
    fence.i
    srli s6, s2, 2
    csrw pmpaddr8, s6
    li a1, 4096
    add a1, a1, s2
    srli s7, a1, 2
    csrw pmpaddr9, s7
    li a1, CFG15 | ((PMP_L | PMP_TOR | PMP_R | PMP_W) << 8)
    csrw pmpcfg2, a1
    sfence.vma
    TEST_CASE(40, a4, CODE_LI_A4_55, lwu a4, 0(s2))
    TEST_CASE(41, a4, 0x42, li a1, 0x42; sd a1, 8(s2); ld a4, 8(s2))
    TEST_FETCH_FAULT(42, 3, CAUSE_FETCH_ACCESS, s2)
    /* pmpaddr8 (the TOR base) and pmpaddr9 are locked */
    TEST_CASE(43, a4, 0, csrw pmpaddr8, zero; csrr a4, pmpaddr8; sub a4, a4, s6)
    TEST_CASE(44, a4, 0, csrw pmpaddr9, zero; csrr a4, pmpaddr9; sub a4, a4, s7)
    /* entry 8's own cfg byte is not locked */
    TEST_CASE(45, a4, 0x01, csrr a1, pmpcfg2; ori a1, a1, 0x01; csrw pmpcfg2, a1; csrr a4, pmpcfg2; andi a4, a4, 0xff)
    TEST_CASE(46, a4, PMP_L | PMP_TOR | PMP_R | PMP_W, csrr a4, pmpcfg2; srli a4, a4, 8; andi a4, a4, 0xff)
    sfence.vma
    /* just above the TOR region: entry 15 (writes back what it read) */
    li a1, 4096
    add s1, s2, a1
    TEST_NO_TRAP(47, ld a4, 0(s1); sd a4, 0(s1))

PRIV_TEST_END

TEST_DATA
    .balign 16384
pmp_area:   .zero 16384
pmp_code:   .zero 4096
pmp_beyond: .zero 4096
    .balign 8192
pmp_lock:   .zero 4096
pmp_lock_code: .zero 4096
pmp_tor:    .zero 4096
