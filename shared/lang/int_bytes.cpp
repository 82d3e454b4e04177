// int.to_bytes / int.from_bytes: see int_bytes.h. The conversion goes through hexadecimal
// text, which BigInt already reads and writes in linear time.
#include "lang/int_bytes.h"

#include <algorithm>

#include "lang/bytes_ops.h"
#include "lang/classes.h"
#include "lang/containers.h"
#include "lang/int_value.h"
#include "lang/interp_state.h"

namespace forklab::lang {

namespace {

// CPython's messages for this pair's signature (fname, *, signed): at most two positional
// arguments, and only the names it knows as keywords.
Res check_signature(State& st, CallArgs& a, const char* fname, const char* first) {
    if (a.npos > 2)
        return st.raise("TypeError", std::string(fname) + "() takes at most 2 positional arguments (" +
                                         std::to_string(a.npos) + " given)");
    for (int k = 0; k < a.nkw; ++k) {
        const std::string& name = str_of_obj(a.kwnames[k]);
        if (name != first && name != "byteorder" && name != "signed")
            return st.raise("TypeError", "'" + name + "' is an invalid keyword argument for " + fname + "()");
    }
    return Res::ok;
}

// byteorder (default 'big') -> *little; signed (default False) -> *is_signed.
Res byteorder_and_sign(State& st, const char* fname, const Value& order, const Value& sign, bool* little,
                       bool* is_signed) {
    *little = false;
    if (order.tag != Tag::undef) {
        if (!order.is(OT::str))
            return st.raise("TypeError", std::string(fname) + "() argument 'byteorder' must be str, not " +
                                             class_name_of(order));
        const std::string& o = str_of_obj(order);
        if (o != "little" && o != "big") return st.raise("ValueError", "byteorder must be either 'little' or 'big'");
        *little = o == "little";
    }
    *is_signed = false;
    if (sign.tag != Tag::undef && truth_value(st, sign, is_signed) != Res::ok) return Res::error;
    return Res::ok;
}

// The bytes of `data` as bytes(data) makes them, but TypeError for the text and numbers that
// bytes() would accept with another meaning (bytes(3) is three zeros).
Res bytes_of(State& st, const Value& data, std::string* out) {
    if (data.is(OT::bytes)) {
        *out = data.as<BytesObj>()->s;
        return Res::ok;
    }
    if (!data.is_obj() || data.is(OT::str) || data.is(OT::bigint))
        return st.raise("TypeError", "cannot convert '" + class_name_of(data) + "' object to bytes");
    Value arg = data, made;
    CallArgs b;
    b.pos = &arg;
    b.npos = 1;
    if (b_bytes(st, b, made) != Res::ok) return Res::error;
    *out = made.as<BytesObj>()->s;
    return Res::ok;
}

}  // namespace

Res int_to_bytes(State& st, CallArgs& a, Value& out) {
    if (check_signature(st, a, "to_bytes", "length") != Res::ok) return Res::error;
    Value av[3];
    if (parse_args(st, a, "to_bytes", {"length", "byteorder", "signed"}, 0, av) != Res::ok) return Res::error;
    int64_t length = 1;
    if (av[0].tag != Tag::undef && index_value(st, av[0], &length) != Res::ok) return Res::error;
    bool little = false, is_signed = false;
    if (byteorder_and_sign(st, "to_bytes", av[1], av[2], &little, &is_signed) != Res::ok) return Res::error;
    if (length < 0) return st.raise("ValueError", "length argument must be non-negative");
    BigInt x = to_bigint(*a.self);
    if (x.is_negative() && !is_signed) return st.raise("OverflowError", "can't convert negative int to unsigned");
    // The bits beyond the sign: a signed value needs one more for its sign, except 0 and -1,
    // which CPython writes even into zero bytes.
    const size_t bits = x.is_negative() ? (~x).bit_length() : x.bit_length();
    const uint64_t room = 8 * uint64_t(length);
    if (is_signed ? bits != 0 && bits >= room : bits > room) return st.raise("OverflowError", "int too big to convert");
    if (charge_memory(st, double(length)) != Res::ok) return Res::error;
    if (x.is_negative()) x += BigInt(1).shl(room);  // two's complement in `length` bytes
    std::string hex = x.to_string(16);
    const size_t digits = 2 * size_t(length);
    hex = hex.size() >= digits ? hex.substr(hex.size() - digits) : std::string(digits - hex.size(), '0') + hex;
    auto nibble = [](char c) { return c <= '9' ? c - '0' : c - 'a' + 10; };
    std::string bytes(size_t(length), '\0');
    for (size_t i = 0; i < bytes.size(); ++i) bytes[i] = char(nibble(hex[2 * i]) * 16 + nibble(hex[2 * i + 1]));
    if (little) std::reverse(bytes.begin(), bytes.end());
    out = make_bytes(std::move(bytes), false);
    return Res::ok;
}

Res int_from_bytes(State& st, CallArgs& a, Value& out) {
    if (check_signature(st, a, "from_bytes", "bytes") != Res::ok) return Res::error;
    Value av[3];
    if (parse_args(st, a, "from_bytes", {"bytes", "byteorder", "signed"}, 1, av) != Res::ok) return Res::error;
    std::string bytes;
    if (bytes_of(st, av[0], &bytes) != Res::ok) return Res::error;
    bool little = false, is_signed = false;
    if (byteorder_and_sign(st, "from_bytes", av[1], av[2], &little, &is_signed) != Res::ok) return Res::error;
    if (little) std::reverse(bytes.begin(), bytes.end());
    static const char kHex[] = "0123456789abcdef";
    std::string hex = "0";
    for (unsigned char c : bytes) {
        hex.push_back(kHex[c >> 4]);
        hex.push_back(kHex[c & 15]);
    }
    BigInt x;
    BigInt::from_string(hex, 16, x);
    if (is_signed && !bytes.empty() && (unsigned char)bytes[0] >= 0x80) x -= BigInt(1).shl(8 * uint64_t(bytes.size()));
    // bool.from_bytes (the type, or True.from_bytes) makes a bool, as cls(n) does.
    const bool as_bool = a.self && (a.self->tag == Tag::boolean ||
                                    (a.self->is(OT::builtin) && std::string_view(a.self->as<BuiltinObj>()->name) == "bool"));
    out = as_bool ? Value::boolean(!x.is_zero()) : make_int(std::move(x));
    return Res::ok;
}

}  // namespace forklab::lang
