/*
 * IEEE 754 binary32/binary64 arithmetic as RISC-V's F and D extensions
 * define it, in software: every result and every exception flag is
 * computed exactly, independent of the host's FPU, its rounding mode, its
 * flush-to-zero settings and its NaN conventions.
 *
 * Why software and not the host FPU: RISC-V has a rounding mode no common
 * host has (RMM, round to nearest, ties to max magnitude), produces a
 * canonical NaN where hosts propagate payloads, and saturates float-to-int
 * conversions differently; emulating all that around host instructions,
 * while saving and restoring the host's floating-point state per
 * instruction, costs about as much as doing the arithmetic on integers and
 * is much harder to get exactly right. (`vsim bench` measures the cost on
 * its floating-point workload.)
 *
 * Values travel as raw bit patterns: uint32_t for binary32, uint64_t for
 * binary64. Flags accumulate into *flags as fflags bits.
 */
#ifndef VSIM_CPU_FPU_H
#define VSIM_CPU_FPU_H

#include <stdbool.h>
#include <stdint.h>

enum fp_rm { RM_RNE = 0, RM_RTZ = 1, RM_RDN = 2, RM_RUP = 3, RM_RMM = 4, RM_DYN = 7 };
enum fp_flag { FFLAG_NX = 1, FFLAG_UF = 2, FFLAG_OF = 4, FFLAG_DZ = 8, FFLAG_NV = 16 };

/* A format: 0 = binary32, 1 = binary64. Functions take and return the bits
 * in a uint64_t (binary32 in the low 32 bits). */
enum fp_fmt { FP_S = 0, FP_D = 1 };

#define F32_CANONICAL_NAN 0x7fc00000u
#define F64_CANONICAL_NAN 0x7ff8000000000000ull

uint64_t fp_add(enum fp_fmt f, uint64_t a, uint64_t b, unsigned rm, uint32_t *flags);
uint64_t fp_sub(enum fp_fmt f, uint64_t a, uint64_t b, unsigned rm, uint32_t *flags);
uint64_t fp_mul(enum fp_fmt f, uint64_t a, uint64_t b, unsigned rm, uint32_t *flags);
uint64_t fp_div(enum fp_fmt f, uint64_t a, uint64_t b, unsigned rm, uint32_t *flags);
uint64_t fp_sqrt(enum fp_fmt f, uint64_t a, unsigned rm, uint32_t *flags);
/* (negate_product ? -(a*b) : a*b) + (negate_addend ? -c : c), one rounding. */
uint64_t fp_fma(enum fp_fmt f, uint64_t a, uint64_t b, uint64_t c, bool negate_product, bool negate_addend,
                unsigned rm, uint32_t *flags);

uint64_t fp_min(enum fp_fmt f, uint64_t a, uint64_t b, uint32_t *flags);
uint64_t fp_max(enum fp_fmt f, uint64_t a, uint64_t b, uint32_t *flags);
/* feq (quiet), flt and fle (signaling): 1 or 0. */
uint64_t fp_eq(enum fp_fmt f, uint64_t a, uint64_t b, uint32_t *flags);
uint64_t fp_lt(enum fp_fmt f, uint64_t a, uint64_t b, uint32_t *flags);
uint64_t fp_le(enum fp_fmt f, uint64_t a, uint64_t b, uint32_t *flags);
uint64_t fp_class(enum fp_fmt f, uint64_t a);

/* To an integer of `bits` (32 or 64) bits, signed or not, saturating as the
 * spec's table says; a 32-bit result comes back sign-extended to 64 bits. */
uint64_t fp_to_int(enum fp_fmt f, uint64_t a, bool is_signed, unsigned bits, unsigned rm, uint32_t *flags);
/* From a 32- or 64-bit integer, signed or not. */
uint64_t fp_from_int(enum fp_fmt f, uint64_t v, bool is_signed, unsigned bits, unsigned rm, uint32_t *flags);
/* Between formats. */
uint64_t fp_convert(enum fp_fmt to, enum fp_fmt from, uint64_t a, unsigned rm, uint32_t *flags);

#endif
