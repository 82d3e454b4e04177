// Classes and instances: class creation, attribute lookup along the MRO, bound methods,
// super(), and the protocol helpers that let native code honour a class's dunder methods
// (__str__, __repr__, __eq__, __lt__, __len__, __bool__, __iter__, __hash__ ...).
#pragma once
#include <string>
#include <string_view>

#include "lang/value.h"

namespace forklab::lang {

void compute_mro(ClassObj* c);
Value* class_lookup(const ClassObj* c, std::string_view name);  // along the MRO
// class NAME(BASE): ... with its namespace dict; checks the base.
Res make_class_object(State& st, const Value& ns, const Value& name, const Value& base, Value& out);
Value new_instance(const Value& cls);

// obj.name for instances, classes and super objects; *found false when absent (no error).
Res object_getattr(State& st, const Value& obj, std::string_view name, Value& out, bool* found);
Res object_setattr(State& st, const Value& obj, const std::string& name, const Value& v, bool* handled);
Res object_delattr(State& st, const Value& obj, const std::string& name, bool* handled);
// The attribute dict an instance shows the running thread: its own, or for a threading.local
// the thread's (made on first use, running a subclass's __init__ again as CPython does).
DictObj* thread_local_dict(State& st, InstanceObj* o);

// property, staticmethod, classmethod (descriptors.cpp). descriptor_bind: what a class
// attribute `desc` found for `self` (an instance, or none when looked up on the class `cls`)
// gives: a property calls its getter on an instance and is itself on the class; a
// staticmethod gives its function; a classmethod its function bound to the class.
Res descriptor_bind(State& st, const Value& desc, const Value& self, const Value& cls, Value& out);
// Whether a class attribute is a property (which comes before the instance's own attributes).
bool is_property(const Value& v);
// p.fget, p.setter(f) ... on the descriptor object itself; *found false when absent.
Res descriptor_get_attr(State& st, const Value& obj, const std::string& name, Value& out, bool* found);
// obj.name = v, del obj.name through a property: its setter or deleter, or CPython's error.
Res property_set(State& st, const Value& prop, const Value& obj, const std::string& name, const Value* v);

// Calls type(obj).name(obj, *args) when the class defines it; *found false otherwise.
Res call_dunder(State& st, const Value& obj, const char* name, const Value* args, int nargs, Value& out, bool* found);

// str(), repr(), bool(), ==, < and hash() with the classes' dunders honoured; containers
// recurse (a list of objects prints with their __repr__).
Res str_value(State& st, const Value& v, std::string& out);
Res repr_value(State& st, const Value& v, std::string& out);
Res truth_value(State& st, const Value& v, bool* out);
Res equal_values(State& st, const Value& a, const Value& b, bool* out);

// One step of any iterator: builtin ones, generators, classes with __next__ (StopIteration
// ends them). *got false when exhausted.
Res next_value(State& st, const Value& it, Value& out, bool* got);

// Dict and set keys that are instances of classes with __hash__/__eq__. Hashing and key
// comparison happen deep inside DictObj, which has no State to pass, so the Interp running
// on this thread is reachable through running_interp (set by Interp::run; one Interp runs
// at a time per thread on every backend). An exception in __hash__/__eq__ is left in
// st.exc and checked by the caller (pending_error).
// constinit: constant-initialized, so other files read it directly instead of through a
// thread_local init wrapper call (Interp::run sets it around every sim burst).
struct RunningInterp {
    static constinit thread_local State* current;
};
size_t instance_hash(const Value& v);
bool instance_equal(const Value& a, const Value& b);
bool instance_hashable(const Value& v);  // false when __eq__ is defined without __hash__

// isinstance(v, cls) for a class object or a builtin type (int, str, ...).
bool value_is_instance(State& st, const Value& v, const Value& cls);
// type(v): the class of an instance, the builtin type object otherwise.
Value type_of(State& st, const Value& v);
std::string class_name_of(const Value& v);  // for messages: "MyClass", "int"

}  // namespace forklab::lang
