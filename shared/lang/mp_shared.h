// multiprocessing's shared ctypes (Value, Array, RawValue, RawArray) on top of the Host's
// shared blocks: element conversions with ctypes' wrapping and messages, the Synchronized
// wrappers' attributes and reprs, and the ctypes type objects (module_ctypes.cpp) that may
// name an element type.
//
// A SharedObj is either a synchronized wrapper (synchronized true: every access takes the
// block's own RLock, or the lock= object in `lock`) or the raw ctypes object (RawValue,
// lock=False, get_obj()).
#pragma once
#include <string>
#include <string_view>

#include "lang/value.h"

namespace forklab::lang {

// ctypes' conversion of one Python value to the C type (ints wrap to its width), and back
// (c_char: bytes of one byte, c_bool: bool, c_ulong: unsigned).
Res to_scalar(State& st, TypeCode tc, const Value& v, Scalar* out);
Value from_scalar(TypeCode tc, Scalar sc);
// One element, read or written (a lock= lock is taken around the access; sim may block).
Res shared_read(State& st, SharedObj* s, size_t idx, Value& out);
Res shared_write(State& st, SharedObj* s, size_t idx, const Value& v);
// arr[a:b:c] of a shared array: a list, or bytes for a 'c' array.
Res shared_read_slice(State& st, SharedObj* s, int64_t start, int64_t stop, int64_t step, Value& out);
// .value, .raw, get_lock, get_obj; *found false for other names.
Res shared_get_attr(State& st, const Value& obj, const std::string& name, Value& out, bool* found);
Res shared_set_attr(State& st, const Value& obj, const std::string& name, const Value& v, bool* found);
Res shared_repr(State& st, const Value& obj, std::string& out);
// get_lock(): the lock= object, or the block's own RLock as one LockObj kept on the wrapper
// (the same object every call, as CPython's Synchronized._lock). Only for synchronized ones.
Value shared_lock_object(State& st, SharedObj* s);
// The interpreter's method cache (`v.get_lock()` in a loop): the native method `name` of a
// shared object, called with the object as self; nullptr when it is not one.
NativeFn shared_method(const SharedObj* s, std::string_view name, const char** mname);
// v.get_lock() (the method shared_method and get_attr return for it).
Res shared_get_lock_method(State& st, CallArgs& a, Value& out);
std::string shared_type_name(const SharedObj* s);  // Synchronized, c_int, c_int_Array_4 ...

Res mp_value_fn(State& st, CallArgs& a, Value& out);
Res mp_array_fn(State& st, CallArgs& a, Value& out);
Res mp_raw_value_fn(State& st, CallArgs& a, Value& out);
Res mp_raw_array_fn(State& st, CallArgs& a, Value& out);

// module_ctypes.cpp: the element type a ctypes class stands for (c_int -> i32); false for
// anything else.
bool ctype_class_code(const Value& v, TypeCode* out);
Value make_ctypes_module(State& st);

}  // namespace forklab::lang
