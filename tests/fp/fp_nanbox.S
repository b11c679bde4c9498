/*
 * fp_nanbox.S - NaN-boxing of single-precision values in 64-bit f registers.
 *   - every instruction that writes a single result (arithmetic, fsgnj,
 *     fmin/fmax, fcvt.s.*, fmv.w.x, flw) sets bits 63..32 to ones
 *   - a single-precision operand whose upper 32 bits are not all ones reads
 *     as the canonical NaN 0x7fc00000 (a quiet NaN: no NV by itself) in
 *     arithmetic, fsgnj*, fmin/fmax, compares, fclass, fcvt
 *   - the transfers fmv.x.w and fsw do not check: they move the low 32 bits
 *     (fmv.x.w sign-extends bit 31)
 *   - double-precision instructions see the whole 64 bits (a boxed single is
 *     a double quiet NaN)
 */
#include "fp_macros.h"

#define BAD1  0x000000003f800000      /* 1.0f, upper half zero */
#define BAD2  0x7fffffffbf800000      /* -1.0f, one upper bit clear */
#define BAD3  0xfffffffe00000001      /* lowest upper bit clear */
#define M1F   0xbf800000              /* -1.0f */
#define P2F   0x40000000              /* 2.0f */

/* fa0 = raw 64 bits a, fa1 = raw 64 bits b */
#define T2F(op, a, b, expected, flags) \
    FP_NEXT; FP_SRC_D(fa0, a); FP_SRC_D(fa1, b); fsflags zero; \
    op fa3, fa0, fa1; FP_RES_F(fa3, expected, flags)
#define T2X(op, a, b, expected, flags) \
    FP_NEXT; FP_SRC_D(fa0, a); FP_SRC_D(fa1, b); fsflags zero; \
    op a3, fa0, fa1; FP_RES_X(a3, expected, flags)
#define T1F(op, a, expected, flags) \
    FP_NEXT; FP_SRC_D(fa0, a); fsflags zero; op fa3, fa0; FP_RES_F(fa3, expected, flags)
#define T1X(op, a, expected, flags) \
    FP_NEXT; FP_SRC_D(fa0, a); fsflags zero; op a3, fa0; FP_RES_X(a3, expected, flags)

#define BOX(x)  (0xffffffff00000000 | (x))

FP_TEST_BEGIN

    /* ---- arithmetic: improperly boxed operand = canonical NaN, no NV ---- */
    T2F(fadd.s, BAD1, BOX(P2F), CNAN_S_BOX, 0)
    T2F(fadd.s, BOX(P2F), BAD2, CNAN_S_BOX, 0)
    T2F(fmul.s, BAD3, BOX(P2F), CNAN_S_BOX, 0)
    T2F(fdiv.s, BAD1, 0, CNAN_S_BOX, 0)                  /* not DZ: NaN / x */
    T2F(fsub.s, BAD1, BOX(0x7f800001), CNAN_S_BOX, FFLAG_NV) /* other is sNaN */
    T1F(fsqrt.s, BAD2, CNAN_S_BOX, 0)                    /* not NV: -1 unseen */
    FP_NEXT; FP_SRC_S(fa0, 0x3f800000); FP_SRC_S(fa1, 0x3f800000); FP_SRC_D(fa2, BAD1); \
        fsflags zero; fmadd.s fa3, fa0, fa1, fa2; FP_RES_F(fa3, CNAN_S_BOX, 0)
    FP_NEXT; FP_SRC_S(fa0, 0x7f800000); FP_SRC_S(fa1, 0); FP_SRC_D(fa2, BAD1); \
        fsflags zero; fnmsub.s fa3, fa0, fa1, fa2; FP_RES_F(fa3, CNAN_S_BOX, FFLAG_NV)

    /* ---- sign injection: operates on the canonical NaN ---- */
    T2F(fsgnj.s, BAD1, BOX(M1F), BOX(0xffc00000), 0)
    T2F(fsgnj.s, BOX(M1F), BAD1, BOX(0x3f800000), 0)     /* rs2 sign: + */
    T2F(fsgnjn.s, BOX(M1F), BAD2, BOX(M1F), 0)
    T2F(fsgnjx.s, BOX(M1F), BAD2, BOX(M1F), 0)
    T2F(fsgnjx.s, BAD2, BOX(M1F), BOX(0xffc00000), 0)
    T1F(fmv.s, BAD2, CNAN_S_BOX, 0)
    T1F(fneg.s, BAD1, BOX(0xffc00000), 0)
    T1F(fabs.s, BAD3, CNAN_S_BOX, 0)
    /* a properly boxed NaN payload is kept by fsgnj */
    T1F(fneg.s, BOX(0x7f800001), BOX(0xff800001), 0)

    /* ---- min / max: the bad operand is a (quiet) NaN ---- */
    T2F(fmin.s, BAD1, BOX(P2F), BOX(P2F), 0)
    T2F(fmax.s, BOX(M1F), BAD2, BOX(M1F), 0)
    T2F(fmax.s, BAD1, BAD3, CNAN_S_BOX, 0)
    T2F(fmin.s, BAD1, BOX(0x7f800001), CNAN_S_BOX, FFLAG_NV)

    /* ---- compares / classify ---- */
    T2X(feq.s, BAD1, BAD1, 0, 0)                         /* quiet: no NV */
    T2X(feq.s, BOX(0x3f800000), BAD1, 0, 0)
    T2X(flt.s, BAD1, BOX(P2F), 0, FFLAG_NV)
    T2X(fle.s, BOX(P2F), BAD2, 0, FFLAG_NV)
    T2X(feq.s, BOX(0x3f800000), BOX(0x3f800000), 1, 0)
    T1X(fclass.s, BAD1, 0x200, 0)
    T1X(fclass.s, BAD2, 0x200, 0)
    T1X(fclass.s, BAD3, 0x200, 0)
    T1X(fclass.s, BOX(0x7f800001), 0x100, 0)
    T1X(fclass.s, BOX(0xbf800000), 0x002, 0)

    /* ---- conversions ---- */
    FP_NEXT; FP_SRC_D(fa0, BAD1); fsflags zero; fcvt.d.s fa3, fa0; FP_RES_F(fa3, CNAN_D, 0)
    FP_NEXT; FP_SRC_D(fa0, BAD2); fsflags zero; fcvt.w.s a3, fa0, rtz; \
        FP_RES_X(a3, 0x7fffffff, FFLAG_NV)
    FP_NEXT; FP_SRC_D(fa0, BAD2); fsflags zero; fcvt.lu.s a3, fa0, rtz; \
        FP_RES_X(a3, -1, FFLAG_NV)
    /* single results are boxed */
    FP_NEXT; fsflags zero; FP_SRC_D(fa3, 0); li a1, -3; fcvt.s.l fa3, a1; FP_RES_F(fa3, BOX(0xc0400000), 0)
    FP_NEXT; fsflags zero; FP_SRC_D(fa3, 0); FP_SRC_D(fa0, 0x3ff0000000000000); fcvt.s.d fa3, fa0; \
        FP_RES_F(fa3, BOX(0x3f800000), 0)
    FP_NEXT; fsflags zero; FP_SRC_D(fa3, 0); li a1, 0x123456789abcdef0; fmv.w.x fa3, a1; \
        FP_RES_F(fa3, BOX(0x9abcdef0), 0)
    FP_NEXT; fsflags zero; FP_SRC_D(fa3, 0); FP_SRC_S(fa0, 0x3f800000); fmin.s fa3, fa0, fa0; \
        FP_RES_F(fa3, BOX(0x3f800000), 0)

    /* ---- transfers do not check the boxing ---- */
    T1X(fmv.x.w, BAD1, 0x3f800000, 0)
    T1X(fmv.x.w, BAD2, 0xffffffffbf800000, 0)
    T1X(fmv.x.w, 0x1234567887654321, 0xffffffff87654321, 0)
    T1X(fmv.x.w, 0xffffffff7fc00001, 0x7fc00001, 0)      /* payload kept */
    FP_NEXT; FP_SRC_D(fa0, 0x0123456789abcdef); la a1, nbdat; fsw fa0, 0(a1); \
        lwu a4, 0(a1); FP_CHECK_VAL(a4, 0x89abcdef)

    /* ---- double instructions see all 64 bits ---- */
    T1X(fclass.d, BOX(0x3f800000), 0x200, 0)             /* negative qNaN */
    T2F(fadd.d, BOX(0x3f800000), 0x3ff0000000000000, CNAN_D, 0)
    T1X(fmv.x.d, BOX(0x3f800000), BOX(0x3f800000), 0)
    T1X(fmv.x.d, BAD1, BAD1, 0)

FP_TEST_END

TEST_DATA
nbdat: .dword 0
