// The course's hottest loop, `with v.get_lock(): v.value += 1`, without the interpreter's
// generic paths: the calls of a lock's bound __enter__/__exit__ (what load_special leaves on
// the stack), `v.get_lock()` through load_method's cache, and `.value` of a Value.
//
// Each shortcut does exactly what the generic path would (same Host calls in the same order,
// same exceptions, same blocked results with nothing changed), only without building call
// frames, CallArgs or bound-method objects, and without comparing attribute names as strings.
// The dispatch loop tries them in the handlers of call, call_method, load_attr and
// store_attr; whatever they do not recognise takes the generic path.
#pragma once
#include <cstring>
#include <string>

#include "lang/value.h"

namespace forklab::lang {

// The native __enter__/__exit__ of Lock, RLock and of a synchronized Value/Array (which
// stands for its own lock): `with lock:` calls them through load_special's bound builtins.
Res lock_enter_method(State& st, CallArgs& a, Value& out);
Res lock_exit_method(State& st, CallArgs& a, Value& out);

// A call of `npos` arguments whose callee is a lock's bound __enter__ or __exit__ (they take
// no arguments of their own: `call 0` and `call 3` of the with statement).
inline bool is_lock_with_call(const Value& callee) {
    if (!callee.is(OT::builtin)) return false;
    const auto* b = callee.as<BuiltinObj>();
    return (b->fn == lock_enter_method || b->fn == lock_exit_method) && b->self.is(OT::lock);
}
// Runs that call: `out` is its result (True for __enter__, False for __exit__).
Res lock_with_call(State& st, const Value& callee, Value& out);

// call_method 0 where load_method's cache left `v.get_lock` of a synchronized Value/Array
// whose lock object exists already: *lock is that lock. false: take the generic path.
bool get_lock_shortcut(const Value& callee, const Value& self, Value* lock);

// load_attr / store_attr of `.value` on a shared object: true when `name` is "value" and the
// object is a Value (not an Array); *r is then the access's result (error, blocked, ok).
inline bool is_value_name(const std::string& name) {
    return name.size() == 5 && std::memcmp(name.data(), "value", 5) == 0;
}
Res shared_value_load(State& st, SharedObj* s, Value& out);
Res shared_value_store(State& st, SharedObj* s, const Value& v);

}  // namespace forklab::lang
