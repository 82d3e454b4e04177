#!/usr/bin/env python3
"""Prints tests/unit/bigint_cases.inc: expected BigInt results computed by CPython.

    python3 tests/tools/gen_bigint_cases.py > tests/unit/bigint_cases.inc

Every expected value is CPython's own answer, so test_bigint.cpp checks the C++ code against
the language it imitates. The random numbers come from a fixed seed: rerunning the script
reproduces the committed file byte for byte. The struct types are declared in test_bigint.cpp.
"""
import math
import re
import random
import sys

sys.set_int_max_str_digits(0)  # 3.11 refuses str() of more than 4300 digits by default
rng = random.Random(20240611)


def rand_digits(n):
    return rng.randrange(10 ** (n - 1), 10 ** n)


R40, R100, R200A, R200B = rand_digits(40), -rand_digits(100), rand_digits(200), -rand_digits(200)

VALUES = [
    0, 1, -1, 2, -3,
    2**31 - 1, 2**31, -2**31, 2**32 - 1, 2**32, -2**32, 2**32 + 1,
    2**63 - 1, 2**63, -2**63, -2**63 - 1, 2**64 - 1, 2**64, -2**64 - 1,
    10**18, -3**40,
    R40, R100, R200A, R200B, 2**200, -2**200 + 1, 10**50 + 7,
    # limb patterns that exercise carries, borrows and the rare add-back step of division
    (2**96 - 1) << 32, -(2**128 - 2**64), 0x80000000_00000000_00000001,
]
# Unary table only: the hash-modulus edges (hash 0; and -1, which becomes -2) and a few more.
UNARY_ONLY = [2**61 - 1, -2**61, 10, 5**30]
VALUES += UNARY_ONLY
# Every pair of small values goes into the binary table; numbers of 40 digits and more meet
# PARTNERS, themselves and their neighbours in BIG (a full cross product of everything would
# be half a megabyte of digits).
PARTNERS = [0, 1, -1, -3, 2**32, -2**63, 2**64 - 1]
BIG = [v for v in VALUES if abs(v) >= 10**39]
SHIFTS = [0, 1, 31, 32, 33, 63, 64, 100]

INT64S = [0, 1, -1, -2, 2**61 - 2, 2**61 - 1, 2**61, -2**61 + 1, -2**61, 2**63 - 1, -2**63,
          123456789, -987654321987654321]

POW_BASES = [0, 1, -1, 2, -3, 10, 2**32, -2**63, 10**18 + 1, R40]
POW_EXPS = [0, 1, 2, 3, 5, 10, 31, 64, 100]

# BigInt refuses a negative exponent (CPython 3.8+ computes a modular inverse: the caller's
# job) and a zero modulus: both are expected to return false (None here).
POW_MODS = [
    (2, 100, 10**9 + 7), (3, 10**30, 2**61 - 1), (-7, 13, 10), (7, 13, -10), (-7, 13, -10),
    (5, 0, 1), (5, 0, -1), (0, 0, 7), (0, 5, 7), (10**18, 3, 10**9), (2**64, 2**64, 2**64 + 1),
    (R200A, R40, R100), (R200B, 2**64 + 3, 2**127 - 1), (R100, 65537, R200A),
    (12345, 678, 0), (2, -1, 5),
]

PARSES = [
    ("0", 10), ("-0", 10), ("  +42\t\n", 10), ("\v\f-17\r", 0), ("1_000_000", 10),
    ("1_000_000", 0), ("0x_ff", 0), ("0XFF", 0), ("0xff", 16), ("ff", 16), ("0o17", 0),
    ("0o17", 8), ("0b1010", 0), ("0b1010", 2), ("0b1010", 16), ("0B_1_1", 0), ("012", 0),
    ("012", 10), ("00", 0), ("0_0", 0), ("0_1", 0), ("1__0", 10), ("_1", 10), ("1_", 10),
    ("", 10), ("   ", 10), ("-", 10), ("+-1", 10), ("- 1", 10), ("1 2", 10), ("0x", 0),
    ("0x", 16), ("0o8", 0), ("0b2", 0), ("0x1g", 0), ("z", 36), ("Z", 36), ("zz", 35),
    ("10", 2), ("2", 2), ("1e5", 10), ("12.5", 10), ("123456789012345678901234567890", 10),
    ("-9223372036854775808", 10), ("9223372036854775808", 10), ("18446744073709551616", 0),
    ("0x" + "f" * 64, 0), ("-" + "9" * 120, 10), ("7" * 100, 8), ("zyx" * 30, 36),
    ("1", 1), ("1", 37), ("1", -1),
]

DOUBLES = [0.0, -0.0, 0.5, -0.5, 0.999, 1.0, -1.5, 2.5, 123456.789, 2.0**31, 2.0**53,
           2.0**53 + 2, -2.0**63, 2.0**63, 2.0**64, 1e22, -1e300, 1.7976931348623157e308,
           5e-324, math.inf, -math.inf, math.nan]

# int -> float rounding: ties to even, the sticky bits below the tie, overflow at 2**1024.
TO_DOUBLE = [
    2**53 - 1, 2**53 + 1, 2**53 + 3, -(2**53 + 1), 2**54 + 2, 2**54 + 6, 2**63 - 1, 2**64 - 1,
    (2**53 + 1) << 100, ((2**53 + 1) << 100) + 1, ((2**53 + 3) << 100) - 1,
    2**1024 - 2**970, -(2**1024 - 2**970), 2**1024 - 2**970 - 1, 2**1024 - 2**971,
    2**1024, 3**600, -R200A,
]

# Products large enough for Karatsuba and divisions with long quotients. The C++ side builds
# a = 3**k1 - 1 and b = -(7**k2) - 12345 itself; only digests of the results are stored.
LARGE = [(1000, 900), (3000, 1000), (20000, 9000), (50000, 2000), (9000, 20000)]


def c_str(x):
    return "nullptr" if x is None else f'"{x}"'


def c_int64(v):
    return "INT64_MIN" if v == -2**63 else f"{v}LL"


def digits(x, base):
    if x == 0:
        return "0"
    out, n = [], abs(x)
    while n:
        n, d = divmod(n, base)
        out.append("0123456789abcdefghijklmnopqrstuvwxyz"[d])
    return ("-" if x < 0 else "") + "".join(reversed(out))


def c_double(f):
    if math.isnan(f):
        return "NAN"
    if math.isinf(f):
        return "HUGE_VAL" if f > 0 else "-HUGE_VAL"
    return float.hex(f)


def as_float(x):
    """(C double literal, overflow) for float(x)."""
    try:
        return c_double(float(x)), "false"
    except OverflowError:
        return "0.0", "true"


def py_int(fn):
    try:
        return fn()
    except (ValueError, OverflowError):
        return None


def in_binary_table(a, b):
    if a in UNARY_ONLY or b in UNARY_ONLY:
        return False
    if a in BIG and b in BIG:
        i, j = BIG.index(a), BIG.index(b)
        return abs(i - j) <= 1 or {i, j} == {0, len(BIG) - 1}
    if a in BIG:
        return b in PARTNERS
    if b in BIG:
        return a in PARTNERS
    return True


def main():
    p = print
    p("// Generated by tests/tools/gen_bigint_cases.py with CPython "
      f"{sys.version_info.major}.{sys.version_info.minor}; do not edit.")
    p("// clang-format off")
    p("static const char* const kValues[] = {")
    for v in VALUES:
        p(f'    "{v}",')
    p("};")

    p(f"static const int kShifts[] = {{{', '.join(map(str, SHIFTS))}}};")
    p("static const UnaryCase kUnary[] = {")
    for i, v in enumerate(VALUES):
        f, ov = as_float(v)
        p(f"    {{{i}, {c_str(digits(v, 2))}, {c_str(digits(v, 8))}, {c_str(digits(v, 16))}, "
          f"{c_str(digits(v, 36))}, {hash(v)}LL, {f}, {ov}, {v.bit_length()}, "
          f"{'true' if -2**63 <= v < 2**63 else 'false'}, {c_str(-v)}, {c_str(abs(v))}, "
          f"{c_str(~v)}, {{{', '.join(c_str(v << s) for s in SHIFTS)}}}, "
          f"{{{', '.join(c_str(v >> s) for s in SHIFTS)}}}}},")
    p("};")

    p("static const BinaryCase kBinary[] = {")
    for i, a in enumerate(VALUES):
        for j, b in enumerate(VALUES):
            if not in_binary_table(a, b):
                continue
            q, r = (a // b, a % b) if b else (None, None)
            cmp = (a > b) - (a < b)
            p(f"    {{{i}, {j}, {cmp}, {c_str(a + b)}, {c_str(a - b)}, {c_str(a * b)}, "
              f"{c_str(q)}, {c_str(r)}, {c_str(a & b)}, {c_str(a | b)}, {c_str(a ^ b)}}},")
    p("};")

    p("static const Int64HashCase kInt64Hashes[] = {")
    for v in INT64S:
        p(f"    {{{c_int64(v)}, {hash(v)}LL}},")
    p("};")

    p("static const PowCase kPows[] = {")
    for base in POW_BASES:
        for e in POW_EXPS:
            r = base**e
            if len(str(r)) <= 400:
                p(f'    {{"{base}", {e}, {c_str(r)}}},')
    p("};")

    p("static const PowModCase kPowMods[] = {")
    for base, e, m in POW_MODS:
        r = pow(base, e, m) if m != 0 and e >= 0 else None
        p(f'    {{"{base}", "{e}", "{m}", {c_str(r)}}},')
    p("};")

    p("static const ParseCase kParses[] = {")
    for text, base in PARSES:
        # unicode_escape writes \xNN; closing the literal after it keeps a following hex
        # digit out of the escape.
        lit = re.sub(r"(\\x[0-9a-f]{2})", r'\1""', text.encode("unicode_escape").decode())
        p(f'    {{"{lit}", {base}, {c_str(py_int(lambda: int(text, base)))}}},')
    p("};")

    p("static const FromDoubleCase kFromDoubles[] = {")
    for d in DOUBLES:
        p(f"    {{{c_double(d)}, {c_str(py_int(lambda: int(d)))}}},")
    p("};")

    p("static const ToDoubleCase kToDoubles[] = {")
    for v in TO_DOUBLE:
        f, ov = as_float(v)
        p(f'    {{"{v}", {f}, {ov}}},')
    p("};")

    p("static const LargeCase kLarge[] = {")
    for k1, k2 in LARGE:
        a, b = 3**k1 - 1, -(7**k2) - 12345
        prod = str(a * b)
        q, r = divmod(a, b)
        p(f'    {{{k1}, {k2}, {hash(a * b)}LL, {(a * b).bit_length()}, "{prod[:20]}", '
          f'"{prod[-20:]}", {len(prod)}, {hash(q)}LL, {hash(r)}LL, {hash(a * a)}LL}},')
    p("};")

    fact, (fa, fb) = math.factorial(1000), (0, 1)
    for _ in range(1000):
        fa, fb = fb, fa + fb
    p(f'static const char* const kFactorial1000Head = "{str(fact)[:30]}";')
    p(f"static const size_t kFactorial1000Digits = {len(str(fact))};")
    p(f"static const int64_t kFactorial1000Hash = {hash(fact)}LL;")
    p(f'static const char* const kFib1000 = "{fa}";')
    big = 7**11835  # about 10**4 digits: decimal conversion must not be quadratic-slow
    p(f'static const char* const kPow7_11835Head = "{str(big)[:30]}";')
    p(f"static const size_t kPow7_11835Digits = {len(str(big))};")
    p(f"static const int64_t kPow7_11835Hash = {hash(big)}LL;")


if __name__ == "__main__":
    main()
