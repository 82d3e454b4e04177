// Python ints of any size on top of Value. Ints that fit int64_t live inline (Tag::integer)
// and the interpreter's fast paths handle them; everything here is the slow path: results
// that leave int64, BigIntObj operands, ints mixed with floats, and the conversions to and
// from text and float. Every result goes through make_int, so the inline invariant holds.
#pragma once
#include <cstdint>
#include <string>

#include "lang/value.h"

namespace forklab::lang {

// ---- stateless: value.cpp's equality and hashing use these --------------------------------
// int, bool or BigIntObj.
inline bool is_int_value(const Value& v) {
    return v.tag == Tag::integer || v.tag == Tag::boolean || v.is(OT::bigint);
}
BigInt to_bigint(const Value& v);  // v must be is_int_value
// Exact numeric order of a pair that involves a BigIntObj, or an int (any size) and a float,
// as CPython compares them (no rounding of the int): -1, 0, 1, or 3 when a float is NaN.
// False, with *out untouched, for any other pair (two inline ints, two floats, non-numbers).
bool int_mixed_order(const Value& a, const Value& b, int* out);
// CPython's hash() of a number (int, bool, BigIntObj, float); false for anything else and
// for NaN (whose hash is its identity in CPython 3.10+).
bool py_hash_number(const Value& v, int64_t* out);

// ---- operators (State: exceptions and the memory budget) ----------------------------------
// a OP b for two ints (is_int_value), any sizes: + - * / // % ** << >> & | ^ (opcodes.h).
Res int_binary_op(State& st, int op, const Value& a, const Value& b, Value& out);
// op_neg, op_pos, op_invert on an int of any size.
Res int_unary_op(State& st, int op, const Value& a, Value& out);
Res int_abs(State& st, const Value& a, Value& out);

// ---- conversions ----------------------------------------------------------------------------
// float(int): OverflowError "int too large to convert to float" past DBL_MAX.
Res int_to_double(State& st, const Value& v, double* out);
// int(float): truncates; ValueError for NaN, OverflowError for infinities.
Res int_from_double(State& st, double d, Value& out);
// int(text, base), base 0 or 2..36, with CPython's messages and its limit on decimal digits.
Res int_from_text(State& st, const std::string& text, int64_t base, Value& out);
// The digits of |v| in base 2, 8, 10 or 16 (uppercase when upper), *neg for negatives.
// Decimal conversion obeys sys.set_int_max_str_digits (ValueError past the limit).
Res int_digits(State& st, const Value& v, int base, bool upper, std::string& out, bool* neg);
// digits with sep between groups of n, counted from the right ("_" in f"{x:_x}").
std::string group_every(const std::string& digits, size_t n, char sep);
// str()/repr() of an int, with the decimal digit limit.
Res int_repr(State& st, const Value& v, std::string& out);
// round(int, ndigits): ndigits none or >= 0 gives the int; < 0 rounds half to even.
Res int_round(State& st, const Value& v, const Value& ndigits, Value& out);
// round(float, ndigits) for an int ndigits: exactly as CPython (round half to even on the
// float's exact binary value, then the nearest float); OverflowError when that overflows.
Res float_round(State& st, double x, const Value& ndigits, Value& out);

// ---- builtins and module functions (builtins_int.cpp) --------------------------------------
Res b_hex(State& st, CallArgs& a, Value& out);
Res b_oct(State& st, CallArgs& a, Value& out);
Res b_bin(State& st, CallArgs& a, Value& out);
Res b_pow(State& st, CallArgs& a, Value& out);
Res math_factorial(State& st, CallArgs& a, Value& out);
Res math_isqrt(State& st, CallArgs& a, Value& out);
Res math_comb(State& st, CallArgs& a, Value& out);
Res math_perm(State& st, CallArgs& a, Value& out);
Res math_prod(State& st, CallArgs& a, Value& out);
Res math_gcd(State& st, CallArgs& a, Value& out);
Res math_lcm(State& st, CallArgs& a, Value& out);
Res sys_set_int_max_str_digits(State& st, CallArgs& a, Value& out);
Res sys_get_int_max_str_digits(State& st, CallArgs& a, Value& out);

}  // namespace forklab::lang
