/*
 * fp_fs.S - mstatus.FS and SD:
 *   - FS is writable with all four values; SD (bit 63) reads 1 exactly when
 *     FS (or XS / VS, which are 0 here) is Dirty
 *   - FS = Off: every FP instruction and every access to fcsr / frm /
 *     fflags raises an illegal-instruction exception (mcause 2, mepc = the
 *     instruction, mtval = 0 or its bits), including loads / stores,
 *     compressed loads / stores, moves to / from integer registers and
 *     instructions that only write an integer register; nothing is written
 *     (the f registers, memory, integer destination and fcsr keep their
 *     values, FS stays Off)
 *   - FS = Initial / Clean: an instruction that writes an f register, a
 *     write to fcsr / frm / fflags, or an instruction that raises an
 *     exception flag sets FS = Dirty and SD = 1
 */
#include "fp_macros.h"

#define RVC(...)  .option push; .option rvc; __VA_ARGS__; .option pop
#define SD_BIT    (1 << 63)

#define SET_FS(v) li t0, MSTATUS_FS_MASK; csrc mstatus, t0; li t0, v; csrs mstatus, t0

/* check mstatus.FS == v (and SD == (v == Dirty)) */
#define CHECK_FS(v) \
    FP_NEXT; csrr a4, mstatus; li t0, MSTATUS_FS_MASK; and a4, a4, t0; FP_CHECK_VAL(a4, v); \
    FP_NEXT; csrr a4, mstatus; srli a4, a4, 63; FP_CHECK_VAL(a4, ((v) == MSTATUS_FS_DIRTY) & 1)

/* with FS = Off the instruction(s) must trap as illegal */
#define OFF_ILL(...)  FP_TEST_ILLEGAL_SELF(__VA_ARGS__)

/* from FS = fs0, run the code, expect FS = Dirty */
#define DIRTIES(fs0, ...) \
    SET_FS(fs0); CHECK_FS(fs0); __VA_ARGS__; CHECK_FS(MSTATUS_FS_DIRTY)

FP_TEST_BEGIN

    /* known state: fa0 = 1.0d, fa1 = 2.0d, fa2 = boxed 1.0f, fa4 = qNaN,
     * fcsr = 0x25, 0(sp) = 0x5a5a */
    addi sp, sp, -16
    li t0, 0x5a5a; sd t0, 0(sp)
    li t0, 0x7ff8000000000000; fmv.d.x fa4, t0
    li t0, 0x3ff0000000000000; fmv.d.x fa0, t0
    li t0, 0x4000000000000000; fmv.d.x fa1, t0
    li t0, 0x3f800000; fmv.w.x fa2, t0
    li t0, 0x25; csrw fcsr, t0

    /* ---- FS field values and SD ---- */
    SET_FS(MSTATUS_FS_OFF);     CHECK_FS(MSTATUS_FS_OFF)
    SET_FS(MSTATUS_FS_INITIAL); CHECK_FS(MSTATUS_FS_INITIAL)
    SET_FS(MSTATUS_FS_CLEAN);   CHECK_FS(MSTATUS_FS_CLEAN)
    SET_FS(MSTATUS_FS_DIRTY);   CHECK_FS(MSTATUS_FS_DIRTY)
    /* SD itself is read-only */
    FP_NEXT; SET_FS(MSTATUS_FS_CLEAN); li t0, 1; slli t0, t0, 63; csrs mstatus, t0; \
        csrr a4, mstatus; srli a4, a4, 63; FP_CHECK_VAL(a4, 0)

    /* ---- FS = Off: everything FP is illegal ---- */
    SET_FS(MSTATUS_FS_OFF)
    la s1, fsdat
    li a3, 0x1234
    OFF_ILL(flw fa0, 0(s1))
    OFF_ILL(fld fa0, 0(s1))
    OFF_ILL(fsw fa0, 0(s1))
    OFF_ILL(fsd fa0, 0(s1))
    OFF_ILL(RVC(c.fld fa0, 0(s1)))
    OFF_ILL(RVC(c.fsd fa0, 0(s1)))
    OFF_ILL(RVC(c.fldsp fa0, 0(sp)))
    OFF_ILL(RVC(c.fsdsp fa0, 0(sp)))
    OFF_ILL(fadd.s fa0, fa0, fa1, rne)
    OFF_ILL(fadd.d fa0, fa0, fa1)
    OFF_ILL(fsqrt.d fa0, fa0, rne)
    OFF_ILL(fmadd.d fa0, fa0, fa1, fa2, rne)
    OFF_ILL(fnmadd.d fa0, fa0, fa1, fa2, rne)
    OFF_ILL(fsgnj.d fa0, fa0, fa1)
    OFF_ILL(fmin.s fa0, fa0, fa1)
    OFF_ILL(feq.d a3, fa0, fa1)
    OFF_ILL(fclass.d a3, fa0)
    OFF_ILL(fcvt.w.d a3, fa0, rne)
    OFF_ILL(fcvt.d.l fa0, a3, rne)
    OFF_ILL(fcvt.s.d fa0, fa0, rne)
    OFF_ILL(fcvt.d.s fa0, fa0)
    OFF_ILL(fmv.x.w a3, fa0)
    OFF_ILL(fmv.x.d a3, fa0)
    OFF_ILL(fmv.w.x fa0, a3)
    OFF_ILL(fmv.d.x fa0, a3)
    OFF_ILL(csrr a3, fcsr)
    OFF_ILL(csrr a3, frm)
    OFF_ILL(csrr a3, fflags)
    OFF_ILL(csrw fflags, zero)
    OFF_ILL(csrwi frm, 0)
    OFF_ILL(csrw fcsr, a3)
    /* nothing was written and FS is still Off */
    CHECK_FS(MSTATUS_FS_OFF)
    FP_NEXT; FP_CHECK_VAL(a3, 0x1234)
    FP_NEXT; ld a4, 0(s1); FP_CHECK_VAL(a4, 0x0123456789abcdef)
    FP_NEXT; ld a4, 0(sp); FP_CHECK_VAL(a4, 0x5a5a)
    SET_FS(MSTATUS_FS_CLEAN)
    FP_NEXT; fmv.x.d a4, fa0; FP_CHECK_VAL(a4, 0x3ff0000000000000)
    FP_NEXT; fmv.x.d a4, fa1; FP_CHECK_VAL(a4, 0x4000000000000000)
    FP_NEXT; fmv.x.d a4, fa2; FP_CHECK_VAL(a4, 0xffffffff3f800000)
    FP_NEXT; frcsr a4; FP_CHECK_VAL(a4, 0x25)

    /* ---- Initial / Clean -> Dirty ---- */
    DIRTIES(MSTATUS_FS_INITIAL, fmv.w.x fa3, zero)
    DIRTIES(MSTATUS_FS_CLEAN, fmv.d.x fa3, zero)
    DIRTIES(MSTATUS_FS_CLEAN, fadd.d fa3, fa0, fa1)
    DIRTIES(MSTATUS_FS_INITIAL, fmadd.s fa3, fa2, fa2, fa2)
    DIRTIES(MSTATUS_FS_CLEAN, flw fa3, 0(s1))
    DIRTIES(MSTATUS_FS_CLEAN, fld fa3, 0(s1))
    DIRTIES(MSTATUS_FS_CLEAN, RVC(c.fld fa3, 0(s1)))
    DIRTIES(MSTATUS_FS_CLEAN, RVC(c.fldsp fa3, 0(sp)))
    DIRTIES(MSTATUS_FS_CLEAN, fcvt.d.w fa3, a3)
    DIRTIES(MSTATUS_FS_CLEAN, fsgnjn.d fa3, fa0, fa0)
    DIRTIES(MSTATUS_FS_CLEAN, fmax.s fa3, fa2, fa2)
    DIRTIES(MSTATUS_FS_CLEAN, csrwi fflags, 0)
    DIRTIES(MSTATUS_FS_INITIAL, csrwi frm, 0)
    DIRTIES(MSTATUS_FS_CLEAN, csrw fcsr, zero)
    DIRTIES(MSTATUS_FS_CLEAN, fsflagsi 1)
    DIRTIES(MSTATUS_FS_CLEAN, fsrmi 0)
    /* an instruction that writes only an integer register but raises a
     * flag modifies fflags, which is FP state.  QEMU 7.2 does not set
     * Dirty here (it only does so for f-register and fcsr writes). */
#ifndef QEMU_QUIRKS
    DIRTIES(MSTATUS_FS_CLEAN, csrwi fflags, 0; SET_FS(MSTATUS_FS_CLEAN); flt.d a3, fa0, fa4)
    FP_NEXT; FP_FLAGS(FFLAG_NV)
    DIRTIES(MSTATUS_FS_CLEAN, csrwi fflags, 0; SET_FS(MSTATUS_FS_CLEAN); fcvt.w.d a3, fa4)
    FP_NEXT; FP_FLAGS(FFLAG_NV)
#endif
    /* the f registers hold their values through FS changes */
    FP_NEXT; SET_FS(MSTATUS_FS_OFF); SET_FS(MSTATUS_FS_INITIAL); fmv.x.d a4, fa0; \
        FP_CHECK_VAL(a4, 0x3ff0000000000000)
    FP_NEXT; li t0, 0x3ff0000000000000; fmv.d.x fa3, t0; fmv.x.d a4, fa3; \
        FP_CHECK_VAL(a4, 0x3ff0000000000000)

FP_TEST_END

TEST_DATA
fsdat:
    .dword 0x0123456789abcdef
    .dword 0
