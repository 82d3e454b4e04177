// Element types of shared memory (multiprocessing.Value / Array), as array-module
// typecodes. Stores wrap exactly as the C type does, so overflow behaves like CPython's ctypes.
#pragma once
#include <cstddef>
#include <cstdint>

namespace forklab {

enum class TypeCode : char {
    i8 = 'b', u8 = 'B', i16 = 'h', u16 = 'H', i32 = 'i', u32 = 'I',
    i64 = 'q', u64 = 'Q', long_ = 'l', ulong = 'L', f32 = 'f', f64 = 'd', ch = 'c',
    boolean = '?',  // ctypes.c_bool only: not a typecode multiprocessing accepts as a letter
};

// A scalar as it crosses the interpreter/backend boundary: integers travel as int64
// (already wrapped to the element type), floats as double.
struct Scalar {
    bool is_float = false;
    int64_t i = 0;
    double f = 0.0;
    static Scalar integer(int64_t v) { return Scalar{false, v, 0.0}; }
    static Scalar real(double v) { return Scalar{true, 0, v}; }
};

size_t typecode_size(TypeCode t);
bool typecode_is_float(TypeCode t);
// Returns false for an unknown typecode character.
bool typecode_from_char(char c, TypeCode* out);
// Wraps v to the C type (e.g. 2147483648 stored in 'i' reads back as -2147483648).
Scalar typecode_wrap(TypeCode t, Scalar v);
// The ctypes class CPython's multiprocessing names the type after ("c_int", "c_double"), as in
// the repr of a Value and the class name of an Array. 64-bit Linux: 'q' and 'l' are c_long.
const char* typecode_ctype_name(TypeCode t);

}  // namespace forklab
