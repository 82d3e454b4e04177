#include "runtime/typecode.h"

namespace forklab {

size_t typecode_size(TypeCode t) {
    switch (t) {
        case TypeCode::i8: case TypeCode::u8: case TypeCode::ch: case TypeCode::boolean: return 1;
        case TypeCode::i16: case TypeCode::u16: return 2;
        case TypeCode::i32: case TypeCode::u32: case TypeCode::f32: return 4;
        case TypeCode::i64: case TypeCode::u64: case TypeCode::long_: case TypeCode::ulong: case TypeCode::f64: return 8;
    }
    return 8;
}

bool typecode_is_float(TypeCode t) { return t == TypeCode::f32 || t == TypeCode::f64; }

bool typecode_from_char(char c, TypeCode* out) {
    switch (c) {
        case 'b': case 'B': case 'h': case 'H': case 'i': case 'I': case 'q': case 'Q':
        case 'l': case 'L': case 'f': case 'd': case 'c':
            *out = TypeCode(c);
            return true;
        default: return false;
    }
}

const char* typecode_ctype_name(TypeCode t) {
    switch (t) {
        case TypeCode::i8: return "c_byte";
        case TypeCode::u8: return "c_ubyte";
        case TypeCode::i16: return "c_short";
        case TypeCode::u16: return "c_ushort";
        case TypeCode::i32: return "c_int";
        case TypeCode::u32: return "c_uint";
        case TypeCode::i64: case TypeCode::long_: return "c_long";
        case TypeCode::u64: case TypeCode::ulong: return "c_ulong";
        case TypeCode::f32: return "c_float";
        case TypeCode::f64: return "c_double";
        case TypeCode::ch: return "c_char";
        case TypeCode::boolean: return "c_bool";
    }
    return "c_int";
}

Scalar typecode_wrap(TypeCode t, Scalar v) {
    if (typecode_is_float(t)) {
        double d = v.is_float ? v.f : double(v.i);
        if (t == TypeCode::f32) d = double(float(d));
        return Scalar::real(d);
    }
    // Floats stored into an integer type truncate toward zero, as ctypes does.
    uint64_t bits = v.is_float ? uint64_t(int64_t(v.f)) : uint64_t(v.i);
    switch (t) {
        case TypeCode::i8: return Scalar::integer(int8_t(uint8_t(bits)));
        case TypeCode::u8: case TypeCode::ch: return Scalar::integer(uint8_t(bits));
        case TypeCode::boolean: return Scalar::integer(bits != 0);
        case TypeCode::i16: return Scalar::integer(int16_t(uint16_t(bits)));
        case TypeCode::u16: return Scalar::integer(uint16_t(bits));
        case TypeCode::i32: return Scalar::integer(int32_t(uint32_t(bits)));
        case TypeCode::u32: return Scalar::integer(uint32_t(bits));
        case TypeCode::i64: case TypeCode::long_: return Scalar::integer(int64_t(bits));
        // Unsigned 64-bit values above INT64_MAX travel as their two's-complement bits.
        case TypeCode::u64: case TypeCode::ulong: return Scalar::integer(int64_t(bits));
        default: return Scalar::integer(int64_t(bits));
    }
}

}  // namespace forklab
