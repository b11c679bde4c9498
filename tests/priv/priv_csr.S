/*
 * priv_csr.S - machine- and supervisor-level CSRs, read and written from M:
 *   mstatus fields (writable bits, UXL = SXL = 2 read-only, XS = 0, SD,
 *   MPP WARL, no big-endian), the sstatus view of mstatus, misa (S and U),
 *   medeleg / mideleg masks (medeleg[11] read-only zero), mie / mip masks
 *   (MTIP / MSIP / MEIP read-only in mip), sie / sip as views restricted by
 *   mideleg, mtvec / stvec modes, mepc / sepc bit 0, mtval / stval,
 *   mscratch / sscratch, satp modes (unsupported modes leave satp unchanged),
 *   mcounteren / scounteren, mcountinhibit stops mcycle / minstret,
 *   mhpmcounter3..31 / mhpmevent3..31 read zero, menvcfg / senvcfg without
 *   the unimplemented extensions' fields, mconfigptr, read-only ID CSRs,
 *   pmpcfg0..14 (odd ones illegal on RV64) and pmpaddr0..63.
 */
#include "priv_macros.h"

PRIV_TEST_BEGIN

    /* ---------------- mstatus ---------------- */
    /* UXL = SXL = 2 */
    TEST_CASE(1, a4, 0xa, csrr a4, mstatus; srli a4, a4, 32; andi a4, a4, 0xf)
    /* UXL / SXL are read-only */
    TEST_CASE(2, a4, 0xa, li a1, MSTATUS_UXL | MSTATUS_SXL; csrc mstatus, a1; csrr a4, mstatus; srli a4, a4, 32; andi a4, a4, 0xf)
#ifndef QEMU_QUIRKS
    /* (QEMU lets UXL be changed to 1 = RV32) */
    TEST_CASE(3, a4, 0xa, li a1, 1 << 32 | 1 << 34; csrs mstatus, a1; li a1, 2 << 32 | 2 << 34; csrc mstatus, a1; csrr a4, mstatus; srli a4, a4, 32; andi a4, a4, 0xf)
#endif
    /* XS = 0 even after writing ones */
    TEST_CASE(4, a4, 0, li a1, MSTATUS_XS; csrs mstatus, a1; csrr a4, mstatus; and a4, a4, a1)
    /* no big-endian support: MBE, SBE, UBE read zero */
    TEST_CASE(5, a4, 0, li a1, MSTATUS_MBE | MSTATUS_SBE | MSTATUS_UBE; csrs mstatus, a1; csrr a4, mstatus; and a4, a4, a1)
    /* the single-bit fields are writable: set ... */
    li a1, MSTATUS_MPP
    csrs mstatus, a1                    /* MPP = M so that MPRV has no effect */
    li s0, MSTATUS_SIE | MSTATUS_MIE | MSTATUS_SPIE | MSTATUS_MPIE | MSTATUS_SPP | MSTATUS_MPRV | MSTATUS_SUM | MSTATUS_MXR | MSTATUS_TVM | MSTATUS_TW | MSTATUS_TSR
    TEST_CASE(6, a4, 0, csrc mstatus, s0; csrr a4, mstatus; and a4, a4, s0)
    TEST_CASE(7, a4, 0, csrs mstatus, s0; csrr a4, mstatus; and a4, a4, s0; xor a4, a4, s0)
    /* ... and clear each one individually */
    TEST_CASE(8, a4, MSTATUS_SIE, li a1, MSTATUS_SIE; csrc mstatus, a1; csrr a4, mstatus; and a4, a4, s0; xor a4, a4, s0)
    TEST_CASE(9, a4, MSTATUS_TSR | MSTATUS_SIE, li a1, MSTATUS_TSR; csrc mstatus, a1; csrr a4, mstatus; and a4, a4, s0; xor a4, a4, s0)
    TEST_CASE(10, a4, 0, csrc mstatus, s0; csrr a4, mstatus; and a4, a4, s0)
    /* MPP: M, S, U are legal; the reserved value 2 is not kept */
    TEST_CASE(11, a4, 3 << 11, li a1, MSTATUS_MPP; csrs mstatus, a1; csrr a4, mstatus; and a4, a4, a1)
    TEST_CASE(12, a4, 1 << 11, li a1, MSTATUS_MPP; csrc mstatus, a1; li a2, 1 << 11; csrs mstatus, a2; csrr a4, mstatus; and a4, a4, a1)
    TEST_CASE(13, a4, 0, li a1, MSTATUS_MPP; csrc mstatus, a1; csrr a4, mstatus; and a4, a4, a1)
#ifndef QEMU_QUIRKS
    /* (QEMU 7.2 keeps MPP = 2) */
    li TESTNUM, 14
    li a1, MSTATUS_MPP
    csrc mstatus, a1
    li a2, 2 << 11
    csrs mstatus, a2
    csrr a4, mstatus
    and a4, a4, a1
    beq a4, a2, test_fail
    li a1, MSTATUS_MPP
    csrc mstatus, a1
#endif
    /* SD summarises FS / XS (FS may be hardwired to 0) */
    li TESTNUM, 15
    li a1, MSTATUS_FS
    csrs mstatus, a1
    csrr a4, mstatus
    srli a2, a4, 13
    andi a2, a2, 3
    srli a3, a4, 63                     /* SD */
    li t2, 3
    bne a2, t2, 1f
    CHECK_VAL(a3, 1)
    j 2f
1:  CHECK_VAL(a3, 0)
2:  TEST_CASE(16, a4, 0, li a1, MSTATUS_FS; csrc mstatus, a1; csrr a4, mstatus; srli a4, a4, 63)
    TEST_CASE(17, a4, 0, li a1, MSTATUS_FS; csrr a4, mstatus; and a4, a4, a1)

    /* ---------------- sstatus view ---------------- */
    li a1, MSTATUS_MIE | MSTATUS_MPIE | MSTATUS_MPP | MSTATUS_MPRV | MSTATUS_TVM | MSTATUS_TW | MSTATUS_TSR | MSTATUS_SIE | MSTATUS_SUM
    csrs mstatus, a1
    /* M-only fields and SXL are invisible in sstatus */
    TEST_CASE(18, a4, 0, csrr a4, sstatus; li a2, MSTATUS_MIE | MSTATUS_MPIE | MSTATUS_MPP | MSTATUS_MPRV | MSTATUS_TVM | MSTATUS_TW | MSTATUS_TSR | MSTATUS_SXL; and a4, a4, a2)
    /* shared fields are */
    TEST_CASE(19, a4, MSTATUS_SIE | MSTATUS_SUM, csrr a4, sstatus; li a2, MSTATUS_SIE | MSTATUS_SUM; and a4, a4, a2)
    /* UXL = 2 in sstatus */
    TEST_CASE(20, a4, 2, csrr a4, sstatus; srli a4, a4, 32; andi a4, a4, 0xf)
    /* writing sstatus leaves the M-only fields alone */
    TEST_CASE(21, a4, MSTATUS_MIE | MSTATUS_MPIE | MSTATUS_MPP | MSTATUS_MPRV | MSTATUS_TVM | MSTATUS_TW | MSTATUS_TSR, csrw sstatus, zero; csrr a4, mstatus; and a4, a4, a1)
    /* ... and writes SIE / SPIE / SPP / SUM / MXR through */
    li a2, MSTATUS_SIE | MSTATUS_SPIE | MSTATUS_SPP | MSTATUS_SUM | MSTATUS_MXR
    TEST_CASE(22, a4, MSTATUS_SIE | MSTATUS_SPIE | MSTATUS_SPP | MSTATUS_SUM | MSTATUS_MXR, csrw sstatus, a2; csrr a4, mstatus; and a4, a4, a2)
    TEST_CASE(23, a4, 0, li a1, -1; csrc sstatus, a1; csrr a4, mstatus; and a4, a4, a2)
    li a1, MSTATUS_MIE | MSTATUS_MPIE | MSTATUS_MPRV | MSTATUS_TVM | MSTATUS_TW | MSTATUS_TSR
    csrc mstatus, a1

    /* ---------------- misa ---------------- */
    /* S (bit 18) and U (bit 20), plus I, M, A, C */
    TEST_CASE(24, a4, (1 << 18) | (1 << 20) | 0x1105, csrr a4, misa; li a1, (1 << 18) | (1 << 20) | 0x1105; and a4, a4, a1)
    TEST_CASE(25, a4, 2, csrr a4, misa; srli a4, a4, 62)

    /* ---------------- medeleg / mideleg ---------------- */
    /* every synchronous exception but ecall-from-M is delegable */
    TEST_CASE(26, a4, 0xb3ff, li a1, -1; csrw medeleg, a1; csrr a4, medeleg; li a2, 0xb3ff; and a4, a4, a2)
#ifndef QEMU_QUIRKS
    /* medeleg[11] (ecall from M) is read-only zero */
    TEST_CASE(27, a4, 0, csrr a4, medeleg; srli a4, a4, 11; andi a4, a4, 1)
#endif
    TEST_CASE(28, a4, 0, csrw medeleg, zero; csrr a4, medeleg)
    /* SSIP, STIP, SEIP delegable; M-level interrupts are not */
    TEST_CASE(29, a4, 0x222, li a1, -1; csrw mideleg, a1; csrr a4, mideleg; li t3, 0xaaa; and a4, a4, t3)
#ifndef QEMU_QUIRKS
    TEST_CASE(30, a4, 0x222, csrr a4, mideleg; li a1, 0xffff; and a4, a4, a1)
#endif
#ifdef QEMU_QUIRKS
    /* (QEMU's H extension: the VS-level bits of mideleg are read-only one) */
    TEST_CASE(31, a4, 0, csrw mideleg, zero; csrr a4, mideleg; li t3, 0xaaa; and a4, a4, t3)
#else
    TEST_CASE(31, a4, 0, csrw mideleg, zero; csrr a4, mideleg)
#endif

    /* ---------------- mie / mip ---------------- */
    TEST_CASE(32, a4, 0xaaa, li a1, -1; csrw mie, a1; csrr a4, mie; li t3, 0xaaa; and a4, a4, t3)
#ifndef QEMU_QUIRKS
    TEST_CASE(33, a4, 0xaaa, csrr a4, mie; li a1, 0xffff; and a4, a4, a1)
#endif
    TEST_CASE(34, a4, 0, csrw mie, zero; csrr a4, mie)
    /* mtimecmp = max: MTIP clear; MSIP clear */
    li a1, CLINT_MTIMECMP
    li a2, -1
    sd a2, 0(a1)
    li a1, CLINT_MSIP
    sw zero, 0(a1)
    /* SSIP, STIP, SEIP are writable from M */
    TEST_CASE(35, a4, MIP_SSIP, li a1, MIP_SSIP; csrs mip, a1; csrr a4, mip; li t3, 0xaaa; and a4, a4, t3)
    TEST_CASE(36, a4, MIP_SSIP | MIP_STIP, li a1, MIP_STIP; csrs mip, a1; csrr a4, mip; li t3, 0xaaa; and a4, a4, t3)
    TEST_CASE(37, a4, MIP_SSIP | MIP_STIP | MIP_SEIP, li a1, MIP_SEIP; csrs mip, a1; csrr a4, mip; li t3, 0xaaa; and a4, a4, t3)
    TEST_CASE(38, a4, 0, li a1, MIP_SSIP | MIP_STIP | MIP_SEIP; csrc mip, a1; csrr a4, mip; li t3, 0xaaa; and a4, a4, t3)
    /* MSIP, MTIP, MEIP cannot be set by writing mip */
    TEST_CASE(39, a4, 0, li a1, MIP_MSIP | MIP_MTIP | MIP_MEIP; csrs mip, a1; csrr a4, mip; li t3, 0xaaa; and a4, a4, t3)
    /* ... nor cleared: MTIP from the CLINT (mtimecmp = 0 <= mtime) */
    li a1, CLINT_MTIMECMP
    sd zero, 0(a1)
    li TESTNUM, 40
    li a3, 100000                       /* bounded wait for MTIP */
1:  csrr a4, mip
    andi a4, a4, MIP_MTIP
    bnez a4, 2f
    addi a3, a3, -1
    bnez a3, 1b
2:  CHECK_VAL(a4, MIP_MTIP)
    TEST_CASE(41, a4, MIP_MTIP, li a1, MIP_MTIP; csrc mip, a1; csrw mip, zero; csrr a4, mip; andi a4, a4, MIP_MTIP)
    /* MSIP from the CLINT */
    li a1, CLINT_MSIP
    li a2, 1
    sw a2, 0(a1)
    TEST_CASE(42, a4, MIP_MSIP, li a1, MIP_MSIP; csrc mip, a1; csrr a4, mip; andi a4, a4, MIP_MSIP)
    li a1, CLINT_MSIP
    sw zero, 0(a1)
    li a1, CLINT_MTIMECMP
    li a2, -1
    sd a2, 0(a1)
    TEST_CASE(43, a4, 0, csrr a4, mip; andi a4, a4, MIP_MSIP | MIP_MTIP)

    /* ---------------- sie / sip: views restricted by mideleg ---------------- */
    csrw mideleg, zero
    csrw mie, zero
    /* not delegated: sie reads zero and writes do not reach mie */
    TEST_CASE(44, a4, 0, li a1, -1; csrw sie, a1; csrr a4, sie)
    TEST_CASE(45, a4, 0, csrr a4, mie)
    li a1, MIP_SSIP | MIP_STIP
    csrs mip, a1
    TEST_CASE(46, a4, 0, csrr a4, sip)
    /* delegated: visible and maskable */
    li a1, MIP_SSIP | MIP_STIP | MIP_SEIP
    csrw mideleg, a1
    TEST_CASE(47, a4, MIP_SSIP | MIP_STIP, csrr a4, sip)
    TEST_CASE(48, a4, 0x222, li a1, -1; csrw sie, a1; csrr a4, sie)
    TEST_CASE(49, a4, 0x222, csrr a4, mie)
    /* sip.SSIP is writable, sip.STIP is not */
    TEST_CASE(50, a4, MIP_STIP, li a1, MIP_SSIP; csrc sip, a1; csrr a4, mip; andi a4, a4, 0x222)
    TEST_CASE(51, a4, MIP_STIP, li a1, MIP_STIP; csrc sip, a1; csrr a4, mip; andi a4, a4, 0x222)
    TEST_CASE(52, a4, MIP_SSIP | MIP_STIP, li a1, MIP_SSIP; csrs sip, a1; csrr a4, mip; andi a4, a4, 0x222)
    /* only the delegated one when mideleg is partial */
    li a1, MIP_STIP
    csrw mideleg, a1
    TEST_CASE(53, a4, MIP_STIP, csrr a4, sip)
    TEST_CASE(54, a4, MIP_STIP, csrr a4, sie)
    csrw mideleg, zero
    csrw mie, zero
    li a1, MIP_SSIP | MIP_STIP | MIP_SEIP
    csrc mip, a1

    /* ---------------- trap vectors, epc, tval, scratch ---------------- */
    la s0, tvec_target                  /* 64-byte aligned */
    TEST_CASE(55, a4, 0, csrw mtvec, s0; csrr a4, mtvec; sub a4, a4, s0)
    TEST_CASE(56, a4, 1, addi a1, s0, 1; csrw mtvec, a1; csrr a4, mtvec; sub a4, a4, s0)
    TEST_CASE(57, a4, 0, csrw stvec, s0; csrr a4, stvec; sub a4, a4, s0)
    TEST_CASE(58, a4, 1, addi a1, s0, 1; csrw stvec, a1; csrr a4, stvec; sub a4, a4, s0)
    la a1, priv_mtrap
    csrw mtvec, a1
    la a1, priv_strap
    csrw stvec, a1
    /* mepc / sepc: bit 0 is always zero (IALIGN = 16 with C); they hold
     * every valid virtual address (invalid ones may be converted) */
#ifdef QEMU_QUIRKS
    /* (QEMU 7.2 keeps bit 0 of mepc / sepc) */
    TEST_CASE(59, a4, 0xffffffff80001232, li a1, 0xffffffff80001232; csrw mepc, a1; csrr a4, mepc)
    TEST_CASE(60, a4, 0x00000000fffffffe, li a1, 0x00000000fffffffe; csrw sepc, a1; csrr a4, sepc)
#else
    TEST_CASE(59, a4, 0xffffffff80001232, li a1, 0xffffffff80001233; csrw mepc, a1; csrr a4, mepc)
    TEST_CASE(60, a4, 0x00000000fffffffe, li a1, 0x00000000ffffffff; csrw sepc, a1; csrr a4, sepc)
#endif
    TEST_CASE(61, a4, 0x00007ffffffffffe, li a1, 0x00007ffffffffffe; csrw sepc, a1; csrr a4, sepc)
    /* mtval / stval, mcause / scause hold the values software writes */
    TEST_CASE(62, a4, 0x0000003fffffffff, li a1, 0x0000003fffffffff; csrw mtval, a1; csrr a4, mtval)
    TEST_CASE(63, a4, 0xffffffc000000000, li a1, 0xffffffc000000000; csrw stval, a1; csrr a4, stval)
    TEST_CASE(64, a4, 0xd, li a1, 0xd; csrw mcause, a1; csrr a4, mcause)
    TEST_CASE(65, a4, 0x8000000000000005, li a1, 0x8000000000000005; csrw scause, a1; csrr a4, scause)
    TEST_CASE(66, a4, 0xfedcba9876543210, li a1, 0xfedcba9876543210; csrw mscratch, a1; csrr a4, mscratch)
    TEST_CASE(67, a4, 0x0123456789abcdef, li a1, 0x0123456789abcdef; csrw sscratch, a1; csrr a4, sscratch)
    TEST_CASE(68, a4, 0xfedcba9876543210, csrr a4, mscratch)

    /* ---------------- satp ---------------- */
    la s0, some_page
    srli s0, s0, 12                     /* PPN */
    li s1, SATP_MODE_SV39
    or s1, s1, s0
    TEST_CASE(69, a4, 0, csrw satp, s1; csrr a4, satp; sub a4, a4, s1)
    li s2, SATP_MODE_SV48
    or s2, s2, s0
    TEST_CASE(70, a4, 0, csrw satp, s2; csrr a4, satp; sub a4, a4, s2)
    /* reserved modes 1..7 and 11..15: the whole write is ignored */
    li TESTNUM, 71
    li a2, 1
1:  slli a1, a2, 60
    or a1, a1, s0
    xori a1, a1, 0x10                   /* also a different PPN */
    csrw satp, s1
    csrw satp, a1
    csrr a4, satp
    CHECK_EQ(a4, s1)
    addi a2, a2, 1
    li a3, 8
    bne a2, a3, 2f
    li a2, 11                           /* skip 8, 9, 10 */
2:  li a3, 16
    bne a2, a3, 1b
#ifndef QEMU_QUIRKS
    /* Sv57 (10) is not implemented */
    TEST_CASE(72, a4, 0, csrw satp, s2; li a1, SATP_MODE_SV57; or a1, a1, s0; csrw satp, a1; csrr a4, satp; sub a4, a4, s2)
#endif
    TEST_CASE(73, a4, 0, csrw satp, zero; csrr a4, satp)

    /* ---------------- counters ---------------- */
    TEST_CASE(74, a4, 7, li a1, 7; csrw mcounteren, a1; csrr a4, mcounteren; andi a4, a4, 7)
    TEST_CASE(75, a4, 7, li a1, 7; csrw scounteren, a1; csrr a4, scounteren; andi a4, a4, 7)
    TEST_CASE(76, a4, 0, csrw mcounteren, zero; csrw scounteren, zero; csrr a4, mcounteren; csrr a1, scounteren; or a4, a4, a1)
    /* mcountinhibit: CY and IR writable, bit 1 (TM) read-only zero */
#ifdef QEMU_QUIRKS
    /* (QEMU 7.2 keeps mcountinhibit bit 1) */
    TEST_CASE(77, a4, 5, li a1, 7; csrw mcountinhibit, a1; csrr a4, mcountinhibit; andi a4, a4, 5)
#else
    TEST_CASE(77, a4, 5, li a1, 7; csrw mcountinhibit, a1; csrr a4, mcountinhibit; andi a4, a4, 7)
#endif
    /* inhibited counters stand still */
    li TESTNUM, 78
    csrr a1, mcycle
    csrr a2, minstret
    nop; nop; nop; nop; nop; nop; nop; nop
    csrr a3, mcycle
    csrr a4, minstret
    CHECK_EQ(a1, a3)
    CHECK_EQ(a2, a4)
    /* writes still take effect */
    TEST_CASE(79, a4, 1000, li a1, 1000; csrw minstret, a1; nop; nop; csrr a4, minstret)
    TEST_CASE(80, a4, 2000, li a1, 2000; csrw mcycle, a1; nop; nop; csrr a4, mcycle)
    /* enabled again: both count */
    csrw mcountinhibit, zero
    li TESTNUM, 81
    csrr a1, mcycle
    csrr a2, minstret
    nop; nop; nop; nop; nop; nop; nop; nop
    csrr a3, mcycle
    csrr a4, minstret
    bgeu a1, a3, test_fail
    bgeu a2, a4, test_fail
#ifndef QEMU_QUIRKS
    /* mhpmcounter3..31 and mhpmevent3..31 read as zero, writes ignored */
    li TESTNUM, 82
    li a1, -1
    .irp n, 3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
    csrw mhpmcounter\n, a1
    csrw mhpmevent\n, a1
    csrr a4, mhpmcounter\n
    bnez a4, test_fail
    csrr a4, mhpmevent\n
    bnez a4, test_fail
    csrr a4, hpmcounter\n
    bnez a4, test_fail
    .endr
#endif

    /* ---------------- menvcfg / senvcfg ---------------- */
    li a1, -1
    csrw menvcfg, a1
    csrw senvcfg, a1
#ifndef QEMU_QUIRKS
    /* STCE (63), PBMTE (62), CBZE (7), CBCFE (6), CBIE (5:4): extensions
     * not implemented, read-only zero */
    TEST_CASE(83, a4, 0, csrr a4, menvcfg; li a1, (3 << 62) | 0xf0; and a4, a4, a1)
    TEST_CASE(84, a4, 0, csrr a4, senvcfg; li a1, 0xf0; and a4, a4, a1)
#endif
    /* (QEMU 7.2 implements Sstc, Svpbmt, Zicbom, Zicboz) */
    /* FIOM is the same field in both when writable; clearing works */
    TEST_CASE(85, a4, 0, csrw menvcfg, zero; csrw senvcfg, zero; csrr a4, menvcfg; csrr a1, senvcfg; or a4, a4, a1)

    /* ---------------- read-only / identification ---------------- */
    TEST_CASE(86, a4, 0, csrr a1, mconfigptr; csrr a1, mvendorid; csrr a1, marchid; csrr a1, mimpid; li a4, 0)
    TEST_ILLEGAL_M(87, csrw mconfigptr, zero)
    TEST_ILLEGAL_M(88, csrw mvendorid, zero)
    TEST_ILLEGAL_M(89, csrs marchid, a1)
    TEST_ILLEGAL_M(90, csrwi mimpid, 1)
    TEST_ILLEGAL_M(91, csrw mhartid, zero)
    /* the user-level counters are read-only too */
    TEST_ILLEGAL_M(92, csrw cycle, zero)
    TEST_ILLEGAL_M(93, csrw time, zero)
    TEST_ILLEGAL_M(94, csrs instret, a1)

    /* ---------------- PMP registers ---------------- */
    /* RV64: odd pmpcfg registers do not exist */
    TEST_ILLEGAL_M(95, csrr a4, pmpcfg1)
    TEST_ILLEGAL_M(96, csrr a4, pmpcfg3)
    TEST_ILLEGAL_M(97, csrw pmpcfg1, zero)
    TEST_ILLEGAL_M(98, csrr a4, pmpcfg5)
    TEST_ILLEGAL_M(99, csrr a4, pmpcfg15)
    /* pmpaddr0..15 hold (at least) bits 31:0 of their value; with the
     * entry OFF, a granularity G may clear bits G-1:0 */
    TEST_CASE(100, a4, 0x12345000, li a1, 0x12345000; csrw pmpaddr0, a1; csrr a4, pmpaddr0)
    TEST_CASE(101, a4, 0xfedcb000, li a1, 0xfedcb000; csrw pmpaddr14, a1; csrr a4, pmpaddr14)
    /* pmpaddr holds bits 55:2 of an address: 54 bits */
#ifndef QEMU_QUIRKS
    TEST_CASE(102, a4, 0x003ffffffffff000, li a1, 0xfffffffffffff000; csrw pmpaddr1, a1; csrr a4, pmpaddr1)
#endif
    /* pmpcfg0 entries 0..7 and pmpcfg2 entries 8..15 */
    TEST_CASE(103, a4, 0x0d0c0b0900000301, li a1, 0x0d0c0b0900000301; csrw pmpcfg0, a1; csrr a4, pmpcfg0)
    TEST_CASE(104, a4, 0x1f00000000000f01, csrr a1, pmpcfg2; li a2, 0xffffffffffff0000; and a1, a1, a2; li a3, 0x0f01; or a1, a1, a3; csrw pmpcfg2, a1; csrr a4, pmpcfg2)
    csrw pmpcfg0, zero
    li a1, (PMP_NAPOT | PMP_R | PMP_W | PMP_X) << 56
    csrw pmpcfg2, a1
    csrw pmpaddr0, zero
    csrw pmpaddr1, zero
    csrw pmpaddr14, zero
#ifndef QEMU_QUIRKS
    /* only 16 entries: pmpcfg4..14 and pmpaddr16..63 are read-only zero */
    li TESTNUM, 105
    li a1, -1
    .irp n, 4,6,8,10,12,14
    csrw pmpcfg\n, a1
    csrr a4, pmpcfg\n
    bnez a4, test_fail
    .endr
    li TESTNUM, 106
    .irp n, 16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31,32,33,34,35,36,37,38,39,40,41,42,43,44,45,46,47,48,49,50,51,52,53,54,55,56,57,58,59,60,61,62,63
    csrw pmpaddr\n, a1
    csrr a4, pmpaddr\n
    bnez a4, test_fail
    .endr
#endif

PRIV_TEST_END

TEST_DATA
    .balign 64
tvec_target:
    .dword 0
    .balign 4096
some_page:
    .zero 4096
