/*
 * fp_csr.S - fcsr / frm / fflags and rounding-mode encodings:
 *   - fcsr = frm << 5 | fflags; bits 31..8 read as zero, writes ignored
 *   - frm is 3 bits, fflags 5 bits (writes masked); csrrw/csrrs/csrrc and
 *     the immediate forms on each of the three CSRs, swap semantics
 *   - flags accrue (OR) until software clears them
 *   - dynamic rounding uses frm; a static rm overrides it
 *   - reserved static rm (5, 6) -> illegal instruction, including the
 *     conversions that are exact (fcvt.d.s, fcvt.d.w[u]), whose rm field
 *     must still be decoded; rm = dyn with frm = 5, 6, 7 -> illegal, while
 *     the same instruction with a static rm and the instructions without an
 *     rm field (fsgnj, fmin/fmax, compares, fclass, fmv) still execute
 *   - other reserved OP-FP encodings: bad funct3 of fsgnj / fmin / compares
 *     / fclass / fmv, bad rs2 of fsqrt and fcvt, fmt = Q (no Q extension)
 *   A trapping instruction writes neither its destination nor fflags.
 *
 * Note: the current ISA manual weakens the reserved-rm cases to
 * "reserved"; trapping is the behaviour of the ratified F/D 2.2 and QEMU,
 * and is what libvsim implements.
 */
#include "fp_macros.h"

/* instruction words (register numbers: fa0 = 10, fa1 = 11, fa2 = 12,
 * fa3 / a3 = 13) */
#define OPFP(f7, rs2, rs1, rm, rd) \
    (((f7) << 25) | ((rs2) << 20) | ((rs1) << 15) | ((rm) << 12) | ((rd) << 7) | 0x53)
#define R4(op, fmt, rs3, rs2, rs1, rm, rd) \
    (((rs3) << 27) | ((fmt) << 25) | ((rs2) << 20) | ((rs1) << 15) | ((rm) << 12) | ((rd) << 7) | (op))
#define OP_FMADD  0x43
#define OP_FMSUB  0x47
#define OP_FNMSUB 0x4b
#define OP_FNMADD 0x4f

/* the instruction word must trap as illegal, leave fa3 / a3 and fflags
 * unchanged */
#define T_ILL(w) \
    li t0, 0x5555aaaa5555aaaa; fmv.d.x fa3, t0; mv a3, t0; csrwi fflags, 0x0a; \
    FP_TEST_ILLEGAL_WORD(w); fmv.x.d a4, fa3; li t0, 0x5555aaaa5555aaaa; \
    FP_CHECK_EQ(a4, t0); FP_CHECK_EQ(a3, t0); FP_FLAGS(0x0a);

/* the instruction word must execute (no trap) */
#define T_OK(w) \
    FP_NEXT; li tp, 0; .word w;

/* operands: fa0 = 1.0 (d), fa1 = 3.0 (d), fa2 = 1.0 (s, boxed) */
#define SET_OPS \
    li t0, 0x3ff0000000000000; fmv.d.x fa0, t0; \
    li t0, 0x4008000000000000; fmv.d.x fa1, t0; \
    li t0, 0x3f800000; fmv.w.x fa2, t0

/* rounding-mode-dependent instructions, one per kind (rm given) */
#define RM_INSNS(X, rm) \
    X(OPFP(0x00, 11, 10, rm, 13))         /* fadd.s  */ \
    X(OPFP(0x01, 11, 10, rm, 13))         /* fadd.d  */ \
    X(OPFP(0x05, 11, 10, rm, 13))         /* fsub.d  */ \
    X(OPFP(0x08, 11, 10, rm, 13))         /* fmul.s  */ \
    X(OPFP(0x0d, 11, 10, rm, 13))         /* fdiv.d  */ \
    X(OPFP(0x2c, 0, 10, rm, 13))          /* fsqrt.s */ \
    X(OPFP(0x2d, 0, 10, rm, 13))          /* fsqrt.d */ \
    X(R4(OP_FMADD, 0, 12, 11, 10, rm, 13))  /* fmadd.s  */ \
    X(R4(OP_FMSUB, 1, 12, 11, 10, rm, 13))  /* fmsub.d  */ \
    X(R4(OP_FNMSUB, 0, 12, 11, 10, rm, 13)) /* fnmsub.s */ \
    X(R4(OP_FNMADD, 1, 12, 11, 10, rm, 13)) /* fnmadd.d */ \
    X(OPFP(0x60, 0, 10, rm, 13))          /* fcvt.w.s  */ \
    X(OPFP(0x60, 1, 10, rm, 13))          /* fcvt.wu.s */ \
    X(OPFP(0x61, 2, 10, rm, 13))          /* fcvt.l.d  */ \
    X(OPFP(0x61, 3, 10, rm, 13))          /* fcvt.lu.d */ \
    X(OPFP(0x68, 0, 10, rm, 13))          /* fcvt.s.w  */ \
    X(OPFP(0x68, 3, 10, rm, 13))          /* fcvt.s.lu */ \
    X(OPFP(0x69, 0, 10, rm, 13))          /* fcvt.d.w  (exact) */ \
    X(OPFP(0x69, 1, 10, rm, 13))          /* fcvt.d.wu (exact) */ \
    X(OPFP(0x69, 2, 10, rm, 13))          /* fcvt.d.l  */ \
    X(OPFP(0x20, 1, 10, rm, 13))          /* fcvt.s.d  */ \
    X(OPFP(0x21, 0, 10, rm, 13))          /* fcvt.d.s  (exact) */

/* instructions without an rm field: legal whatever frm holds */
#define NO_RM_INSNS(X) \
    X(OPFP(0x10, 11, 10, 0, 13))          /* fsgnj.s  */ \
    X(OPFP(0x11, 11, 10, 2, 13))          /* fsgnjx.d */ \
    X(OPFP(0x14, 11, 10, 0, 13))          /* fmin.s   */ \
    X(OPFP(0x15, 11, 10, 1, 13))          /* fmax.d   */ \
    X(OPFP(0x50, 11, 10, 2, 13))          /* feq.s    */ \
    X(OPFP(0x51, 11, 10, 1, 13))          /* flt.d    */ \
    X(OPFP(0x70, 0, 10, 1, 13))           /* fclass.s */ \
    X(OPFP(0x71, 0, 10, 0, 13))           /* fmv.x.d  */ \
    X(OPFP(0x78, 0, 10, 0, 13))           /* fmv.w.x  */

FP_TEST_BEGIN

    /* ---- field layout and masking ---- */
    FP_NEXT; csrwi fcsr, 0; csrr a4, fcsr; FP_CHECK_VAL(a4, 0)
    FP_NEXT; li t0, -1; csrw fcsr, t0; csrr a4, fcsr; FP_CHECK_VAL(a4, 0xff)
    FP_NEXT; csrr a4, frm; FP_CHECK_VAL(a4, 7)
    FP_NEXT; csrr a4, fflags; FP_CHECK_VAL(a4, 0x1f)
    FP_NEXT; li t0, 0x12345678; csrw fcsr, t0; csrr a4, fcsr; FP_CHECK_VAL(a4, 0x78)
    FP_NEXT; frrm a4; FP_CHECK_VAL(a4, 3)
    FP_NEXT; frflags a4; FP_CHECK_VAL(a4, 0x18)
    FP_NEXT; li t0, 0x1a5; csrw fcsr, t0; frcsr a4; FP_CHECK_VAL(a4, 0xa5)
    FP_NEXT; frrm a4; FP_CHECK_VAL(a4, 5)
    FP_NEXT; frflags a4; FP_CHECK_VAL(a4, 5)
    /* frm writes: 3 bits, fflags untouched */
    FP_NEXT; csrwi fcsr, 0x0b; li t0, -1; csrw frm, t0; frcsr a4; FP_CHECK_VAL(a4, 0xeb)
    FP_NEXT; li t0, 0x2a; csrw frm, t0; frcsr a4; FP_CHECK_VAL(a4, 0x4b)
    FP_NEXT; csrwi frm, 0x1c; frrm a4; FP_CHECK_VAL(a4, 4)
    FP_NEXT; frcsr a4; FP_CHECK_VAL(a4, 0x8b)
    /* fflags writes: 5 bits, frm untouched */
    FP_NEXT; li t0, -1; csrw fflags, t0; frcsr a4; FP_CHECK_VAL(a4, 0x9f)
    FP_NEXT; li t0, 0x3e4; csrw fflags, t0; frcsr a4; FP_CHECK_VAL(a4, 0x84)
    FP_NEXT; csrwi fflags, 0; frcsr a4; FP_CHECK_VAL(a4, 0x80)
    /* set / clear forms */
    FP_NEXT; csrwi fcsr, 0; csrsi fflags, 0x11; csrsi fflags, 0x02; frflags a4; FP_CHECK_VAL(a4, 0x13)
    FP_NEXT; csrci fflags, 0x01; frflags a4; FP_CHECK_VAL(a4, 0x12)
    FP_NEXT; li t0, 0x300; csrs fflags, t0; frcsr a4; FP_CHECK_VAL(a4, 0x12)
    FP_NEXT; csrsi frm, 2; csrsi frm, 1; frrm a4; FP_CHECK_VAL(a4, 3)
    FP_NEXT; csrci frm, 1; frcsr a4; FP_CHECK_VAL(a4, 0x52)
    FP_NEXT; li t0, 0xf00; csrs fcsr, t0; frcsr a4; FP_CHECK_VAL(a4, 0x52)
    FP_NEXT; csrci fcsr, 0x10; frcsr a4; FP_CHECK_VAL(a4, 0x42)
    FP_NEXT; li t0, 0xe0; csrc fcsr, t0; frcsr a4; FP_CHECK_VAL(a4, 0x02)
    /* swaps return the old value */
    FP_NEXT; li t0, 0x61; csrw fcsr, t0; li t0, 0x9e; fscsr a4, t0; FP_CHECK_VAL(a4, 0x61); \
        frcsr a4; FP_CHECK_VAL(a4, 0x9e)
    FP_NEXT; li t0, 1; fsrm a4, t0; FP_CHECK_VAL(a4, 4); frcsr a4; FP_CHECK_VAL(a4, 0x3e)
    FP_NEXT; li t0, 0x21; fsflags a4, t0; FP_CHECK_VAL(a4, 0x1e); frcsr a4; FP_CHECK_VAL(a4, 0x21)
    FP_NEXT; fsrmi a4, 2; FP_CHECK_VAL(a4, 1); fsflagsi a4, 4; FP_CHECK_VAL(a4, 1); \
        frcsr a4; FP_CHECK_VAL(a4, 0x44)
    /* csrr of fcsr with rd = x0 / csrrs with rs1 = x0: no write */
    FP_NEXT; csrrs x0, fcsr, x0; csrrs a4, fflags, x0; FP_CHECK_VAL(a4, 4)

    /* ---- flags accrue ---- */
    FP_NEXT; csrwi fcsr, 0; SET_OPS; fdiv.d fa3, fa0, fa1, rne; FP_FLAGS(FFLAG_NX); \
        fmv.d.x fa2, zero; fdiv.d fa3, fa0, fa2, rne; FP_FLAGS(FFLAG_NX | FFLAG_DZ); \
        fdiv.d fa3, fa2, fa2, rne; FP_FLAGS(FFLAG_NX | FFLAG_DZ | FFLAG_NV); \
        fadd.d fa3, fa0, fa0, rne; FP_FLAGS(FFLAG_NX | FFLAG_DZ | FFLAG_NV)
    /* an exact operation does not clear anything; frcsr reflects the flags */
    FP_NEXT; csrwi frm, 3; frcsr a4; FP_CHECK_VAL(a4, 0x79)

    /* ---- dynamic vs static rounding: 1/3 in double ---- */
#define T_DIV_RM(frm_, insn_rm, expected) \
    FP_NEXT; SET_OPS; fsrmi frm_; fdiv.d fa3, fa0, fa1, insn_rm; fmv.x.d a4, fa3; \
    FP_CHECK_VAL(a4, expected)
    T_DIV_RM(0, dyn, 0x3fd5555555555555)
    T_DIV_RM(1, dyn, 0x3fd5555555555555)
    T_DIV_RM(3, dyn, 0x3fd5555555555556)
    T_DIV_RM(2, dyn, 0x3fd5555555555555)
    T_DIV_RM(4, dyn, 0x3fd5555555555555)
    T_DIV_RM(3, rne, 0x3fd5555555555555)
    T_DIV_RM(0, rup, 0x3fd5555555555556)
    T_DIV_RM(3, rtz, 0x3fd5555555555555)
    /* -1/3 */
    FP_NEXT; SET_OPS; fneg.d fa0, fa0; fsrmi 2; fdiv.d fa3, fa0, fa1; fmv.x.d a4, fa3; \
        FP_CHECK_VAL(a4, 0xbfd5555555555556)
    FP_NEXT; fsrmi 3; fdiv.d fa3, fa0, fa1; fmv.x.d a4, fa3; \
        FP_CHECK_VAL(a4, 0xbfd5555555555555)
    /* the instruction reads frm when it executes (no stale mode) */
    FP_NEXT; SET_OPS; li t1, 2; 1: fsrm t1; fdiv.d fa3, fa0, fa1; fmv.x.d a4, fa3; \
        addi t1, t1, 1; li t0, 4; bne t1, t0, 1b; FP_CHECK_VAL(a4, 0x3fd5555555555556)

    /* ---- reserved static rounding modes 5 and 6 ---- */
    SET_OPS
    RM_INSNS(T_ILL, 5)
    RM_INSNS(T_ILL, 6)
    /* and all of them with a valid static rm while frm is reserved */
    fsrmi 5
    RM_INSNS(T_OK, 0)
    RM_INSNS(T_OK, 4)
    /* ---- rm = dyn with a reserved frm ---- */
    fsrmi 5
    RM_INSNS(T_ILL, 7)
    FP_NEXT; frrm a4; FP_CHECK_VAL(a4, 5)       /* the value is held */
    fsrmi 6
    RM_INSNS(T_ILL, 7)
    FP_NEXT; li t0, 7; csrw frm, t0; frrm a4; FP_CHECK_VAL(a4, 7)
    RM_INSNS(T_ILL, 7)
    /* instructions without rm are unaffected */
    NO_RM_INSNS(T_OK)
    /* valid frm again: the dynamic forms execute */
    fsrmi 4
    RM_INSNS(T_OK, 7)

    /* ---- other reserved OP-FP encodings ---- */
    csrwi fcsr, 0
    T_ILL(OPFP(0x10, 11, 10, 3, 13))      /* fsgnj.s funct3 = 3 */
    T_ILL(OPFP(0x11, 11, 10, 7, 13))      /* fsgnj.d funct3 = 7 */
    T_ILL(OPFP(0x14, 11, 10, 2, 13))      /* fmin.s funct3 = 2 */
    T_ILL(OPFP(0x15, 11, 10, 7, 13))      /* fmax.d funct3 = 7 */
    T_ILL(OPFP(0x50, 11, 10, 3, 13))      /* feq.s funct3 = 3 */
    T_ILL(OPFP(0x51, 11, 10, 7, 13))      /* fle.d funct3 = 7 */
    T_ILL(OPFP(0x70, 0, 10, 2, 13))       /* fclass.s funct3 = 2 */
    T_ILL(OPFP(0x71, 1, 10, 1, 13))       /* fclass.d rs2 = 1 */
    T_ILL(OPFP(0x70, 1, 10, 0, 13))       /* fmv.x.w rs2 = 1 */
    T_ILL(OPFP(0x78, 0, 10, 1, 13))       /* fmv.w.x funct3 = 1 */
    T_ILL(OPFP(0x79, 0, 10, 1, 13))       /* fmv.d.x funct3 = 1 */
    T_ILL(OPFP(0x2c, 1, 10, 0, 13))       /* fsqrt.s rs2 = 1 */
    T_ILL(OPFP(0x2d, 2, 10, 0, 13))       /* fsqrt.d rs2 = 2 */
    T_ILL(OPFP(0x60, 4, 10, 0, 13))       /* fcvt.?.s rs2 = 4 */
    T_ILL(OPFP(0x69, 5, 10, 0, 13))       /* fcvt.d.? rs2 = 5 */
    T_ILL(OPFP(0x20, 0, 10, 0, 13))       /* fcvt.s.s */
    T_ILL(OPFP(0x21, 1, 10, 0, 13))       /* fcvt.d.d */
    T_ILL(OPFP(0x20, 3, 10, 0, 13))       /* fcvt.s.q (no Q) */
    T_ILL(OPFP(0x03, 11, 10, 0, 13))      /* fadd.q (no Q) */
    T_ILL(R4(OP_FMADD, 3, 12, 11, 10, 0, 13))   /* fmadd.q (no Q) */
    T_ILL(OPFP(0x7f, 0, 10, 0, 13))       /* unassigned funct7 */
    T_ILL(OPFP(0x48, 0, 10, 0, 13))       /* unassigned funct7 */
    T_ILL((2 << 15) | (4 << 12) | (13 << 7) | 0x07)     /* flq fa3, 0(sp): no Q */
    T_ILL((13 << 20) | (2 << 15) | (4 << 12) | 0x27)    /* fsq fa3, 0(sp): no Q */

    FP_NEXT; frcsr a4; FP_CHECK_VAL(a4, 0x0a)

FP_TEST_END
