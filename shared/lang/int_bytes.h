// int.to_bytes and int.from_bytes as CPython 3.11 has them: length=1 and byteorder='big' by
// default, signed= keyword-only, two's complement for signed values, and CPython's messages
// (OverflowError "int too big to convert", "can't convert negative int to unsigned").
// Students meet them when they pack numbers into bytes for Pipe.send_bytes.
#pragma once
#include "lang/value.h"

namespace forklab::lang {

// (n).to_bytes(length=1, byteorder='big', *, signed=False); self: the int.
Res int_to_bytes(State& st, CallArgs& a, Value& out);
// int.from_bytes(bytes, byteorder='big', *, signed=False): bytes, bytearray or an iterable of
// ints in range(256); self: the type (bool.from_bytes gives a bool) or an int.
Res int_from_bytes(State& st, CallArgs& a, Value& out);

}  // namespace forklab::lang
