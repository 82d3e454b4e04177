// bytes methods and operators (bytes_ops.cpp).
#pragma once
#include <string_view>

#include "lang/value.h"

namespace forklab::lang {
NativeFn find_bytes_method(std::string_view name);
// bytes + bytes, bytes * int; *handled false for anything else.
Res bytes_binary(State& st, int op, const Value& a, const Value& b, Value& out, bool* handled);
}  // namespace forklab::lang
