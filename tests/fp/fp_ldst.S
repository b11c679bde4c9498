/*
 * fp_ldst.S - FP loads, stores and register file:
 *   flw fsw fld fsd (positive / negative / extreme offsets, f0 and f31,
 *   misaligned addresses), c.fld c.fsd c.fldsp c.fsdsp (offset extremes,
 *   the f8-f15 window, c.fldsp/c.fsdsp with f0 and f31), NaN payloads
 *   preserved, flw NaN-boxes, fsw stores the low 32 bits of whatever is in
 *   the register (no NaN-box check), loads and stores leave fflags alone,
 *   all 32 f registers distinct (f0 is an ordinary register).
 */
#include "fp_macros.h"

#define RVC(...)  .option push; .option rvc; __VA_ARGS__; .option pop

/* load with inst from addr+off into freg; check the 64-bit register image */
#define T_FLD(inst, freg, off, addr, expected) \
    FP_NEXT; la a1, addr; inst freg, off(a1); fmv.x.d a4, freg; \
    FP_CHECK_VAL(a4, expected); la t3, addr; FP_CHECK_EQ(a1, t3)

/* store the register image 'val' with inst, read back with ld* */
#define T_FST(inst, freg, ldinst, off, addr, val, expected) \
    FP_NEXT; la a1, addr; li t0, val; fmv.d.x freg, t0; inst freg, off(a1); \
    ldinst a4, off(a1); FP_CHECK_VAL(a4, expected)

FP_TEST_BEGIN

    /* ---- flw: boxing, NaN payload preserved, offsets ---- */
    T_FLD(flw, fa0, 0, ldat, 0xffffffff3f800000)
    T_FLD(flw, fa0, 4, ldat, 0xffffffff7f800001)        /* sNaN, unchanged */
    T_FLD(flw, fa0, 8, ldat, 0xffffffffffc12345)        /* qNaN with payload */
    T_FLD(flw, fa0, 12, ldat, 0xffffffff80000000)       /* -0 */
    T_FLD(flw, f0, 16, ldat, 0xffffffff00000001)        /* f0 is a register */
    T_FLD(flw, f31, 20, ldat, 0xffffffff7f7fffff)
    T_FLD(flw, fa1, -4, ldat + 4, 0xffffffff3f800000)
    T_FLD(flw, fa1, 2047, ldat - 2047, 0xffffffff3f800000)
    T_FLD(flw, fa1, -2048, ldat + 2048, 0xffffffff3f800000)
    /* flw replaces all 64 bits of a register holding a double */
    FP_NEXT; li t0, 0x400921fb54442d18; fmv.d.x fa2, t0; la a1, ldat; flw fa2, 4(a1); \
        fmv.x.d a4, fa2; FP_CHECK_VAL(a4, 0xffffffff7f800001)
    /* the loaded single is usable by single-precision arithmetic */
    FP_NEXT; la a1, ldat; flw fa0, 0(a1); fsflags zero; fadd.s fa1, fa0, fa0; \
        FP_RES_F(fa1, 0xffffffff40000000, 0)

    /* ---- fld ---- */
    T_FLD(fld, fa0, 24, ldat, 0x7ff0000000000001)       /* sNaN, unchanged */
    T_FLD(fld, fa0, 32, ldat, 0xfff8000000012345)
    T_FLD(fld, f0, 40, ldat, 0x8000000000000001)
    T_FLD(fld, f31, 48, ldat, 0x0123456789abcdef)       /* not a boxed single */
    T_FLD(fld, fa1, -8, ldat + 32, 0x7ff0000000000001)
    T_FLD(fld, fa1, 2040, ldat + 24 - 2040, 0x7ff0000000000001)
    T_FLD(fld, fa1, -2048, ldat + 24 + 2048, 0x7ff0000000000001)

    /* ---- misaligned (M-mode, performed like QEMU does) ---- */
    T_FLD(flw, fa0, 1, mdat, 0xffffffff44332211)
    T_FLD(flw, fa0, 6, mdat, 0xffffffff99887766)        /* crosses 8 bytes */
    T_FLD(fld, fa0, 3, mdat, 0xaa99887766554433)
    T_FLD(fld, fa0, 12, mdat, 0x33221100ffeeddcc)
    T_FST(fsw, fa0, lwu, 5, sdat + 64, 0xffffffffcafef00d, 0xcafef00d)
    T_FST(fsd, fa0, ld, 7, sdat + 64, 0x0102030405060708, 0x0102030405060708)

    /* ---- fsw: low 32 bits, whatever the upper half holds ---- */
    T_FST(fsw, fa0, lwu, 0, sdat, 0xffffffff3f800000, 0x3f800000)
    T_FST(fsw, fa0, lwu, 4, sdat, 0xffffffff7f800001, 0x7f800001)
    T_FST(fsw, fa0, lwu, 8, sdat, 0x123456789abcdef0, 0x9abcdef0)  /* not boxed */
    T_FST(fsw, f0, lwu, 12, sdat, 0x00000000ffc00001, 0xffc00001)
    T_FST(fsw, f31, lwu, -4, sdat + 20, 0xffffffff80000000, 0x80000000)
    /* fsw writes exactly 4 bytes */
    FP_NEXT; la a1, sdat; li t0, -1; sd t0, 24(a1); sd t0, 32(a1); \
        li t0, 0xffffffff00000000; fmv.d.x fa0, t0; fsw fa0, 28(a1); \
        ld a4, 24(a1); FP_CHECK_VAL(a4, 0x00000000ffffffff); \
        ld a4, 32(a1); FP_CHECK_VAL(a4, -1)

    /* ---- fsd ---- */
    T_FST(fsd, fa0, ld, 40, sdat, 0x7ff0000000000001, 0x7ff0000000000001)
    T_FST(fsd, f0, ld, 48, sdat, 0xffffffff7f800001, 0xffffffff7f800001)
    T_FST(fsd, f31, ld, -8, sdat + 64, 0x8000000000000000, 0x8000000000000000)
    T_FST(fsd, fa1, ld, 2040, sdat - 1984, 0x1122334455667788, 0x1122334455667788)

    /* ---- loads / stores / moves do not touch fflags ---- */
    FP_NEXT; csrwi fflags, 0x15; la a1, ldat; flw fa0, 4(a1); fld fa1, 24(a1); \
        fsw fa0, 0(a1); fsd fa1, 24(a1); fmv.x.w a2, fa0; fmv.d.x fa2, a2; \
        FP_FLAGS(0x15)
    FP_NEXT; csrwi fflags, 0; la a1, ldat; flw fa0, 4(a1); fld fa1, 24(a1); \
        FP_FLAGS(0)

    /* ---- c.fld / c.fsd: f8-f15, x8-x15, offsets 0..248 ---- */
    FP_NEXT; la a1, cdat; RVC(c.fld fa0, 0(a1)); fmv.x.d a4, fa0; \
        FP_CHECK_VAL(a4, 0x3ff0000000000000)
    FP_NEXT; la a1, cdat; RVC(c.fld fs0, 248(a1)); fmv.x.d a4, fs0; \
        FP_CHECK_VAL(a4, 0xfff0000000000000)
    FP_NEXT; la s0, cdat; RVC(c.fld fa5, 8(s0)); fmv.x.d a4, fa5; \
        FP_CHECK_VAL(a4, 0x7ff4000000000000)
    FP_NEXT; la a5, cdat; RVC(c.fld fs1, 16(a5)); fmv.x.d a4, fs1; \
        FP_CHECK_VAL(a4, 0xffffffff7f800001)
    FP_NEXT; la a1, sdat; li t0, 0x0011223344556677; fmv.d.x fa4, t0; \
        RVC(c.fsd fa4, 248(a1)); ld a4, 248(a1); FP_CHECK_VAL(a4, 0x0011223344556677)
    FP_NEXT; la s0, sdat; li t0, 0x7ff0000000000001; fmv.d.x fs0, t0; \
        RVC(c.fsd fs0, 0(s0)); ld a4, 0(s0); FP_CHECK_VAL(a4, 0x7ff0000000000001)
    FP_NEXT; la a5, sdat; li t0, 0xffffffff3f800000; fmv.d.x fa5, t0; \
        RVC(c.fsd fa5, 8(a5)); ld a4, 8(a5); FP_CHECK_VAL(a4, 0xffffffff3f800000)

    /* ---- c.fldsp / c.fsdsp: any f register (f0 too), offsets 0..504 ---- */
    FP_NEXT; mv s1, sp; la sp, cdat; RVC(c.fldsp f0, 0(sp)); mv sp, s1; \
        fmv.x.d a4, f0; FP_CHECK_VAL(a4, 0x3ff0000000000000)
    FP_NEXT; mv s1, sp; la sp, cdat; RVC(c.fldsp f31, 504(sp)); mv sp, s1; \
        fmv.x.d a4, f31; FP_CHECK_VAL(a4, 0x8000000000000001)
    FP_NEXT; mv s1, sp; la sp, cdat; RVC(c.fldsp ft1, 8(sp)); mv sp, s1; \
        fmv.x.d a4, ft1; FP_CHECK_VAL(a4, 0x7ff4000000000000)
    FP_NEXT; li t0, 0x4000000000000000; fmv.d.x f0, t0; mv s1, sp; la sp, sdat; \
        RVC(c.fsdsp f0, 0(sp)); mv sp, s1; la a1, sdat; ld a4, 0(a1); \
        FP_CHECK_VAL(a4, 0x4000000000000000)
    FP_NEXT; li t0, 0xc000000000000001; fmv.d.x f31, t0; mv s1, sp; la sp, sdat; \
        RVC(c.fsdsp f31, 504(sp)); mv sp, s1; la a1, sdat; ld a4, 504(a1); \
        FP_CHECK_VAL(a4, 0xc000000000000001)
    /* the compressed forms are 2 bytes long */
    FP_NEXT; la a1, cdat; 1: RVC(c.fld fa0, 0(a1)); 2: la t0, 1b; la t1, 2b; \
        sub a4, t1, t0; FP_CHECK_VAL(a4, 2)
    FP_NEXT; mv s1, sp; la sp, sdat; 1: RVC(c.fsdsp fa0, 0(sp)); 2: mv sp, s1; \
        la t0, 1b; la t1, 2b; sub a4, t1, t0; FP_CHECK_VAL(a4, 2)

    /* ---- 32 distinct f registers ---- */
#define WR(n) li t0, 0x5a00000000000000 + n * 0x0101010101 + 1; fmv.d.x f##n, t0
#define RD(n) FP_NEXT; fmv.x.d a4, f##n; FP_CHECK_VAL(a4, 0x5a00000000000000 + n * 0x0101010101 + 1)
    WR(0); WR(1); WR(2); WR(3); WR(4); WR(5); WR(6); WR(7)
    WR(8); WR(9); WR(10); WR(11); WR(12); WR(13); WR(14); WR(15)
    WR(16); WR(17); WR(18); WR(19); WR(20); WR(21); WR(22); WR(23)
    WR(24); WR(25); WR(26); WR(27); WR(28); WR(29); WR(30); WR(31)
    RD(0); RD(1); RD(2); RD(3); RD(4); RD(5); RD(6); RD(7)
    RD(8); RD(9); RD(10); RD(11); RD(12); RD(13); RD(14); RD(15)
    RD(16); RD(17); RD(18); RD(19); RD(20); RD(21); RD(22); RD(23)
    RD(24); RD(25); RD(26); RD(27); RD(28); RD(29); RD(30); RD(31)

    /* ---- same register as source and destination ---- */
    FP_NEXT; li t0, 0x3ff8000000000000; fmv.d.x f0, t0; fmul.d f0, f0, f0, rne; \
        fmv.x.d a4, f0; FP_CHECK_VAL(a4, 0x4002000000000000)
    FP_NEXT; li t0, 0x3fc00000; fmv.w.x f31, t0; fmadd.s f31, f31, f31, f31, rne; \
        fmv.x.d a4, f31; FP_CHECK_VAL(a4, 0xffffffff40700000)
    FP_NEXT; li t0, 0x4010000000000000; fmv.d.x fa0, t0; fsqrt.d fa0, fa0; \
        fmv.x.d a4, fa0; FP_CHECK_VAL(a4, 0x4000000000000000)
    /* an fp -> int instruction with rd = x0 writes nothing */
    FP_NEXT; li t0, 0x3ff0000000000000; fmv.d.x fa0, t0; fcvt.l.d x0, fa0; \
        fmv.x.d x0, fa0; feq.d x0, fa0, fa0; fclass.d x0, fa0; FP_CHECK_EQ(x0, zero)
    /* an int -> fp instruction reading x0 reads zero */
    FP_NEXT; li t0, -1; fmv.d.x fa0, t0; fcvt.d.l fa0, x0; fmv.x.d a4, fa0; FP_CHECK_VAL(a4, 0)
    FP_NEXT; li t0, -1; fmv.d.x fa0, t0; fmv.w.x fa0, x0; fmv.x.d a4, fa0; \
        FP_CHECK_VAL(a4, 0xffffffff00000000)

FP_TEST_END

TEST_DATA
    .balign 8
ldat:
    .word 0x3f800000, 0x7f800001, 0xffc12345, 0x80000000    /* 0 */
    .word 0x00000001, 0x7f7fffff                             /* 16 */
    .dword 0x7ff0000000000001                                /* 24 */
    .dword 0xfff8000000012345                                /* 32 */
    .dword 0x8000000000000001                                /* 40 */
    .dword 0x0123456789abcdef                                /* 48 */
mdat:
    .byte 0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77
    .byte 0x88, 0x99, 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff
    .byte 0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77
    .balign 8
cdat:
    .dword 0x3ff0000000000000, 0x7ff4000000000000, 0xffffffff7f800001
    .fill 28, 8, 0
    .dword 0xfff0000000000000                                /* 248 */
    .fill 31, 8, 0
    .dword 0x8000000000000001                                /* 504 */
    .balign 8
    .fill 256, 8, 0
sdat:
    .fill 512, 8, 0
