// Small helpers shared by the native modules (module_*.cpp): registering a function and
// reading a real-number argument with CPython's TypeError.
#pragma once
#include "lang/int_value.h"
#include "lang/native_args.h"

namespace forklab::lang {

inline void module_add(ModuleObj* m, const char* name, NativeFn fn) {
    m->attrs.emplace_back(name, Value::object(new BuiltinObj(fn, name)));
}
// int, bool or float without conversion (false for anything else, big ints included).
inline bool inline_number(const Value& v, double* d) {
    if (v.tag == Tag::integer) { *d = double(v.u.i); return true; }
    if (v.tag == Tag::real) { *d = v.u.f; return true; }
    if (v.tag == Tag::boolean) { *d = v.u.b; return true; }
    return false;
}
// float(v) for a real-number argument: "must be real number, not str" otherwise, and
// OverflowError for an int too large for a float.
inline Res need_real(State& st, const Value& v, double* d) {
    if (inline_number(v, d)) return Res::ok;
    if (v.is(OT::bigint)) return int_to_double(st, v, d);
    return st.raise("TypeError", std::string("must be real number, not ") + type_name(v));
}

}  // namespace forklab::lang
