// bytes and bytearray (bytes_ops.cpp): methods, operators, items, constructors, codecs.
#pragma once
#include <string>
#include <string_view>

#include "lang/value.h"

namespace forklab::lang {
struct NamedMethod;  // containers.h

Value make_bytes(std::string s, bool bytearray);
// The methods of bytes (bytearray: of bytearray, which adds append, extend ...), or null.
const NamedMethod* find_bytes_method(std::string_view name, bool bytearray);
Res bytes_fromhex(State& st, CallArgs& a, Value& out);  // self: the type (bytes or bytearray)
// + and * (and bytearray's += *=) when a bytes operand is involved; *handled false otherwise.
Res bytes_binary(State& st, int op, const Value& a, const Value& b, Value& out, bool inplace, bool* handled);
Res bytes_contains(State& st, const Value& c, const Value& item, bool* out);
Res bytes_get_item(State& st, const Value& obj, const Value& key, Value& out);  // an int, or a slice of the same type
// b[i] = x, b[i:j] = iterable, del b[i] for bytearrays (TypeError for bytes).
Res bytes_set_item(State& st, const Value& obj, const Value& key, const Value& v);
Res bytes_del_item(State& st, const Value& obj, const Value& key);
Res b_bytes(State& st, CallArgs& a, Value& out);
Res b_bytearray(State& st, CallArgs& a, Value& out);
// str.encode / bytes.decode: utf-8, ascii and latin-1 with the strict, ignore, replace,
// backslashreplace (and, encoding, xmlcharrefreplace) handlers; CPython's messages and the
// start/end/reason attributes of UnicodeDecodeError and UnicodeEncodeError.
Res codec_decode(State& st, const Value& bytes, const std::string& encoding, const std::string& errors, std::string& out);
Res codec_encode(State& st, const Value& str, const std::string& encoding, const std::string& errors, std::string& out);
}  // namespace forklab::lang
