// Operators on instances of user classes (see dunder_ops.cpp).
#pragma once
#include "lang/value.h"

namespace forklab::lang {

// a OP b through __op__ / __rop__ (/ __iop__ when inplace); *handled false when neither
// side defines it (the caller raises the usual TypeError).
Res instance_binary(State& st, int op, const Value& a, const Value& b, Value& out, bool inplace, bool* handled);
// a CMP b through __lt__ ... with the reflected method on the right operand; == and !=
// fall back to identity.
Res instance_compare(State& st, int op, const Value& a, const Value& b, Value& out, bool* handled);
// a < b as sorted() needs it, for any values (TypeError when they do not order).
Res less_than(State& st, const Value& a, const Value& b, bool* out);

}  // namespace forklab::lang
