// Small helpers shared by module_threading.cpp and module_queue.cpp: their objects are plain
// instances of native classes (so subclassing, vars(), fork copies and teardown need nothing
// new), whose state is kept in underscore attributes of the instance.
#pragma once
#include <optional>

#include "lang/classes.h"
#include "lang/exceptions.h"
#include "lang/interp_state.h"
#include "lang/module_util.h"

namespace forklab::lang {

inline Value* field(const Value& inst, const char* name) {
    if (!inst.is(OT::instance)) return nullptr;
    return inst.as<InstanceObj>()->dict.as<DictObj>()->find_str(name);
}
inline void put(const Value& inst, const char* name, Value v) {
    inst.as<InstanceObj>()->dict.as<DictObj>()->set(make_str(name), std::move(v));
}
inline int64_t int_field(const Value& inst, const char* name) {
    Value* v = field(inst, name);
    return v && v->tag == Tag::integer ? v->u.i : 0;
}
inline bool bool_field(const Value& inst, const char* name) {
    Value* v = field(inst, name);
    return v && truthy(*v);
}

// A `timeout` argument: none (or not given) waits forever; a number waits that long (negative: 0).
inline Res timeout_arg(State& st, const Value& v, std::optional<double>* out) {
    *out = std::nullopt;
    if (v.tag == Tag::undef || v.is_none()) return Res::ok;
    double d;
    if (need_real(st, v, &d) != Res::ok) return Res::error;
    *out = d < 0 ? 0 : d;
    return Res::ok;
}

// The ident of the running thread (threading.get_ident()).
int64_t current_ident(State& st);
int64_t next_thread_ident(State& st);  // of the next Thread started
int64_t main_thread_ident();
// The class `name` of the threading or queue module (made once per Interp).
Value thread_class(State& st, const char* name);

// threading.Lock / RLock: what Condition needs of them (the running thread's ident as owner).
bool lock_try_acquire(State& st, const Value& lock);
bool lock_owned(State& st, const Value& lock);
int64_t lock_release_all(State& st, const Value& lock);  // the depth given up
void lock_restore(State& st, const Value& lock, int64_t depth);
Res raise_class(State& st, const char* cls, const char* msg);

}  // namespace forklab::lang
