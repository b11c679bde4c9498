#!/usr/bin/env python3
"""
fpref.py - exact reference model of the RISC-V F/D arithmetic (libvsim tests).

Written from the RISC-V Unprivileged ISA ("F" and "D" chapters) and IEEE
754-2019: every operation is computed exactly with Python rationals and then
rounded once, so the results do not depend on the host FPU.  Used by
gen_fp_tests.py to compute the expected values of the generated guest tests
(which are then also validated on QEMU, see run-on-qemu.sh).

Values are raw bit patterns (int).  Every function returns (bits, flags) with
flags as in fflags: NV=16 DZ=8 OF=4 UF=2 NX=1.
"""
from fractions import Fraction
from math import isqrt

NV, DZ, OF, UF, NX = 16, 8, 4, 2, 1
RNE, RTZ, RDN, RUP, RMM = 0, 1, 2, 3, 4
RM_NAMES = ["rne", "rtz", "rdn", "rup", "rmm"]


class Fmt:
    def __init__(self, name, ebits, p):
        self.name = name
        self.ebits = ebits
        self.p = p                      # precision incl. hidden bit
        self.mbits = p - 1
        self.bias = (1 << (ebits - 1)) - 1
        self.emin = 1 - self.bias
        self.emax = self.bias
        self.width = ebits + p
        self.sign = 1 << (self.width - 1)
        self.expmask = ((1 << ebits) - 1) << self.mbits
        self.mmask = (1 << self.mbits) - 1
        self.qbit = 1 << (self.mbits - 1)
        self.cnan = self.expmask | self.qbit
        self.inf = self.expmask
        self.maxfin = self.expmask - 1
        self.minnorm = 1 << self.mbits

    # ---- classification of bit patterns
    def is_nan(self, b):
        return (b & self.expmask) == self.expmask and (b & self.mmask) != 0

    def is_snan(self, b):
        return self.is_nan(b) and not (b & self.qbit)

    def is_inf(self, b):
        return (b & ~self.sign) == self.inf

    def is_zero(self, b):
        return (b & ~self.sign) == 0

    def neg(self, b):
        return b & self.sign != 0

    def value(self, b):
        """exact value of a finite pattern"""
        e = (b & self.expmask) >> self.mbits
        m = b & self.mmask
        if e == 0:
            v = Fraction(m) * Fraction(2) ** (self.emin - self.mbits)
        else:
            v = Fraction(m | (1 << self.mbits)) * Fraction(2) ** (e - self.bias - self.mbits)
        return -v if self.neg(b) else v

    def fclass(self, b):
        s = self.neg(b)
        if self.is_nan(b):
            return 1 << 8 if self.is_snan(b) else 1 << 9
        if self.is_inf(b):
            return 1 << 0 if s else 1 << 7
        if self.is_zero(b):
            return 1 << 3 if s else 1 << 4
        if (b & self.expmask) == 0:
            return 1 << 2 if s else 1 << 5
        return 1 << 1 if s else 1 << 6


S = Fmt("s", 8, 24)
D = Fmt("d", 11, 53)


def pow2(e):
    return Fraction(2) ** e


def round_int(q, rm, negative):
    """round a non-negative rational magnitude q to an integer"""
    fl = q.numerator // q.denominator
    rem = q - fl
    if rem == 0:
        return fl
    if rm == RNE:
        up = rem > Fraction(1, 2) or (rem == Fraction(1, 2) and fl & 1)
    elif rm == RTZ:
        up = False
    elif rm == RDN:
        up = negative
    elif rm == RUP:
        up = not negative
    elif rm == RMM:
        up = rem >= Fraction(1, 2)
    else:
        raise ValueError(rm)
    return fl + 1 if up else fl


def ilog2(a):
    """floor(log2(a)) for a positive rational"""
    e = a.numerator.bit_length() - a.denominator.bit_length()
    if pow2(e) > a:
        e -= 1
    elif pow2(e + 1) <= a:
        e += 1
    return e


def round_to(fmt, x, rm, zero_sign=False):
    """round the exact rational x (non-zero unless zero_sign is used) to fmt"""
    if x == 0:
        return (fmt.sign if zero_sign else 0), 0
    negative = x < 0
    a = -x if negative else x
    e = ilog2(a)
    flags = 0
    # tininess after rounding: round to p bits with unbounded exponent range
    m_unb = round_int(a / pow2(e - fmt.p + 1), rm, negative)
    r_unb = m_unb * pow2(e - fmt.p + 1)
    tiny = r_unb < pow2(fmt.emin)
    # overflow: the rounded (unbounded-exponent) result exceeds the format
    if r_unb >= pow2(fmt.emax + 1):
        flags = OF | NX
        to_inf = (rm in (RNE, RMM) or (rm == RUP and not negative)
                  or (rm == RDN and negative))
        bits = fmt.inf if to_inf else fmt.maxfin
        return bits | (fmt.sign if negative else 0), flags
    eb = max(e, fmt.emin)
    scale = pow2(eb - fmt.p + 1)
    m = round_int(a / scale, rm, negative)
    inexact = m * scale != a
    if inexact:
        flags |= NX
        if tiny:
            flags |= UF
    if m == 0:
        bits = 0
    else:
        if m == 1 << fmt.p:          # carried into the next binade
            m >>= 1
            eb += 1
        if m < 1 << fmt.mbits:       # subnormal (only possible at eb == emin)
            assert eb == fmt.emin
            bits = m
        else:
            bits = ((eb + fmt.bias) << fmt.mbits) | (m & fmt.mmask)
    return bits | (fmt.sign if negative else 0), flags


def nan_in(fmt, *ops):
    """(is any NaN, NV flag for sNaN)"""
    anynan = any(fmt.is_nan(o) for o in ops)
    fl = NV if any(fmt.is_snan(o) for o in ops) else 0
    return anynan, fl


# ------------------------------------------------------------ arithmetic
def add(fmt, a, b, rm, negate_b=False):
    if negate_b and not fmt.is_nan(b):
        b ^= fmt.sign
    isn, fl = nan_in(fmt, a, b)
    if isn:
        return fmt.cnan, fl
    if fmt.is_inf(a) and fmt.is_inf(b):
        if fmt.neg(a) != fmt.neg(b):
            return fmt.cnan, NV
        return a, 0
    if fmt.is_inf(a):
        return a, 0
    if fmt.is_inf(b):
        return b, 0
    x = fmt.value(a) + fmt.value(b)
    if x == 0:
        if fmt.is_zero(a) and fmt.is_zero(b) and fmt.neg(a) == fmt.neg(b):
            return a, 0
        return (fmt.sign if rm == RDN else 0), 0
    return round_to(fmt, x, rm)


def sub(fmt, a, b, rm):
    return add(fmt, a, b, rm, negate_b=True)


def mul(fmt, a, b, rm):
    isn, fl = nan_in(fmt, a, b)
    if isn:
        return fmt.cnan, fl
    sign = fmt.sign if fmt.neg(a) != fmt.neg(b) else 0
    if fmt.is_inf(a) or fmt.is_inf(b):
        if fmt.is_zero(a) or fmt.is_zero(b):
            return fmt.cnan, NV
        return fmt.inf | sign, 0
    x = fmt.value(a) * fmt.value(b)
    if x == 0:
        return sign, 0
    return round_to(fmt, x, rm)


def div(fmt, a, b, rm):
    isn, fl = nan_in(fmt, a, b)
    if isn:
        return fmt.cnan, fl
    sign = fmt.sign if fmt.neg(a) != fmt.neg(b) else 0
    if fmt.is_inf(a):
        if fmt.is_inf(b):
            return fmt.cnan, NV
        return fmt.inf | sign, 0
    if fmt.is_inf(b):
        return sign, 0
    if fmt.is_zero(b):
        if fmt.is_zero(a):
            return fmt.cnan, NV
        return fmt.inf | sign, DZ
    if fmt.is_zero(a):
        return sign, 0
    return round_to(fmt, fmt.value(a) / fmt.value(b), rm)


def sqrt(fmt, a, rm):
    isn, fl = nan_in(fmt, a)
    if isn:
        return fmt.cnan, fl
    if fmt.is_zero(a):
        return a, 0
    if fmt.neg(a):
        return fmt.cnan, NV
    if fmt.is_inf(a):
        return a, 0
    v = fmt.value(a)
    n, d = v.numerator, v.denominator
    G = 1600                                  # fraction bits, plenty for D
    r = isqrt(n * d * (1 << (2 * G)))
    exact = r * r == n * d * (1 << (2 * G))
    approx = Fraction(r, d << G)
    if not exact:                            # irrational: nudge inside (r, r+1)
        approx += Fraction(1, (d << G) * 4)
    return round_to(fmt, approx, rm)


def fma(fmt, a, b, c, rm, neg_prod=False, neg_add=False):
    """(+-)(a*b) (+-) c with a single rounding"""
    isn, fl = nan_in(fmt, a, b, c)
    inf_zero = ((fmt.is_inf(a) and fmt.is_zero(b)) or
                (fmt.is_zero(a) and fmt.is_inf(b)))
    if inf_zero:
        return fmt.cnan, NV
    if isn:
        return fmt.cnan, fl
    psign = fmt.neg(a) != fmt.neg(b)
    if neg_prod:
        psign = not psign
    csign = fmt.neg(c) != neg_add
    if fmt.is_inf(a) or fmt.is_inf(b):
        if fmt.is_inf(c) and csign != psign:
            return fmt.cnan, NV
        return fmt.inf | (fmt.sign if psign else 0), 0
    if fmt.is_inf(c):
        return fmt.inf | (fmt.sign if csign else 0), 0
    p = fmt.value(a) * fmt.value(b)
    if neg_prod:
        p = -p
    cv = fmt.value(c)
    if neg_add:
        cv = -cv
    x = p + cv
    if x == 0:
        if p == 0 and cv == 0:
            # zero product (sign psign) plus zero addend (sign csign)
            if psign == csign:
                return (fmt.sign if psign else 0), 0
        return (fmt.sign if rm == RDN else 0), 0
    return round_to(fmt, x, rm)


# ------------------------------------------------------------ non-arith
def sgnj(fmt, a, b, kind):
    s = a & fmt.sign
    if kind == "j":
        s = b & fmt.sign
    elif kind == "jn":
        s = (b & fmt.sign) ^ fmt.sign
    elif kind == "jx":
        s ^= b & fmt.sign
    return (a & ~fmt.sign) | s, 0


def minmax(fmt, a, b, is_max):
    fl = NV if fmt.is_snan(a) or fmt.is_snan(b) else 0
    if fmt.is_nan(a) and fmt.is_nan(b):
        return fmt.cnan, fl
    if fmt.is_nan(a):
        return b, fl
    if fmt.is_nan(b):
        return a, fl
    va = fmt.value(a) if not fmt.is_inf(a) else (Fraction(-1 if fmt.neg(a) else 1) * 10 ** 400)
    vb = fmt.value(b) if not fmt.is_inf(b) else (Fraction(-1 if fmt.neg(b) else 1) * 10 ** 400)
    if va == vb:            # equal values: only +0 / -0 differ
        if is_max:
            return (a if not fmt.neg(a) else b), fl
        return (a if fmt.neg(a) else b), fl
    if is_max:
        return (a if va > vb else b), fl
    return (a if va < vb else b), fl


def _cmpval(fmt, a):
    if fmt.is_inf(a):
        return Fraction(-1 if fmt.neg(a) else 1) * 10 ** 400
    return fmt.value(a)


def compare(fmt, a, b, kind):
    if fmt.is_nan(a) or fmt.is_nan(b):
        if kind == "eq":
            return 0, (NV if fmt.is_snan(a) or fmt.is_snan(b) else 0)
        return 0, NV
    va, vb = _cmpval(fmt, a), _cmpval(fmt, b)
    r = {"eq": va == vb, "lt": va < vb, "le": va <= vb}[kind]
    return int(r), 0


# ------------------------------------------------------------ conversions
INT_RANGES = {          # name: (bits, signed)
    "w": (32, True), "wu": (32, False), "l": (64, True), "lu": (64, False),
}


def to_int(fmt, a, kind, rm):
    """fcvt.<kind>.<fmt>: returns the 64-bit register value"""
    n, signed = INT_RANGES[kind]
    lo = -(1 << (n - 1)) if signed else 0
    hi = (1 << (n - 1)) - 1 if signed else (1 << n) - 1
    if fmt.is_nan(a):
        r, fl = hi, NV
    elif fmt.is_inf(a):
        r, fl = (lo if fmt.neg(a) else hi), NV
    else:
        v = fmt.value(a)
        neg = v < 0
        m = round_int(-v if neg else v, rm, neg)
        if neg:
            m = -m
        if m < lo:
            r, fl = lo, NV
        elif m > hi:
            r, fl = hi, NV
        else:
            r, fl = m, (NX if m != v else 0)
    # 32-bit results are sign-extended to 64 bits (also for WU)
    if n == 32:
        r &= 0xffffffff
        if r & 0x80000000:
            r |= 0xffffffff00000000
    return r & 0xffffffffffffffff, fl


def from_int(fmt, x, kind, rm):
    """fcvt.<fmt>.<kind>: x is the 64-bit integer register value"""
    n, signed = INT_RANGES[kind]
    v = x & ((1 << n) - 1)
    if signed and v >> (n - 1):
        v -= 1 << n
    if v == 0:
        return 0, 0
    return round_to(fmt, Fraction(v), rm)


def convert(src, dst, a, rm):
    """fcvt.<dst>.<src>"""
    isn, fl = nan_in(src, a)
    if isn:
        return dst.cnan, fl
    sign = dst.sign if src.neg(a) else 0
    if src.is_inf(a):
        return dst.inf | sign, 0
    if src.is_zero(a):
        return sign, 0
    return round_to(dst, src.value(a), rm)


# ------------------------------------------------------------ NaN boxing
def unbox_s(reg64):
    """single-precision operand as read from a 64-bit f register"""
    if reg64 >> 32 == 0xffffffff:
        return reg64 & 0xffffffff
    return S.cnan


def box_s(b):
    return 0xffffffff00000000 | b
