// The builtin namespace (print, len, range, ...) and the native modules a scenario may
// import (multiprocessing, time, os, sys, random, math). The compiler only needs the names;
// each Interp builds its own builtin Values at start-up.
#pragma once
#include <string>
#include <string_view>

#include "lang/value.h"

namespace forklab::lang {

int builtin_index(std::string_view name);  // -1 when not a builtin
// builtin_index(exception_name(e)), looked up once: every new interpreter (each explored
// execution, each child) places its exception classes among its builtins.
int exception_builtin_index(int exception);
int builtin_count();
std::string builtin_name(int index);
Value make_builtin(int index);
// The method `name` of a str/list/tuple/dict/set/bytes object, or null; *mname its name.
NativeFn lookup_native_method(const Value& obj, std::string_view name, const char** mname);
// A method call through a per-instruction cache (load_method): self is a BuiltinObj whose
// fn is the method, pos[0] the receiver.
Res cached_method_call(State& st, CallArgs& a, Value& out);

// The builtin type of a value (t_int, t_str ...), -2 for other objects.
int type_id_of(const Value& v);
// builtins_iter.cpp: next() of map/filter/zip/enumerate/iter(f, sentinel)/__getitem__ iterators.
Res lazy_iter_next(State& st, IterObj* it, Value& out, bool* got);
// A fresh module object, or none Value for an unknown module.
Value make_module(State& st, const std::string& name);

}  // namespace forklab::lang
