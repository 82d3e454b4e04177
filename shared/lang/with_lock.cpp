// See with_lock.h. The generic paths these stand in for: invoke() of a builtin (interp.cpp),
// cached_method_call and get_attr (builtins.cpp), shared_get_attr/shared_read (mp_shared.cpp).
#include "lang/with_lock.h"

#include "lang/builtins.h"
#include "lang/interp_state.h"
#include "lang/mp_shared.h"

namespace forklab::lang {

namespace {

LockObj* lock_of(State& st, const Value& mgr, Value& holder) {
    if (mgr.is(OT::lock)) return mgr.as<LockObj>();
    if (mgr.is(OT::shared) && mgr.as<SharedObj>()->synchronized) {
        holder = shared_lock_object(st, mgr.as<SharedObj>());
        return holder.as<LockObj>();
    }
    return nullptr;
}

Res lock_enter(State& st, const LockObj* l, Value& out) {
    bool acquired = false;
    Res r = host_lock_acquire(st, l->id, l->kind, true, std::nullopt, &acquired);
    if (r != Res::ok) return r;
    out = Value::boolean(true);
    return Res::ok;
}

Res lock_exit(State& st, const LockObj* l, Value& out) {
    out = Value::boolean(false);
    return host_lock_release(st, l->id, l->kind);
}

// Element types whose Scalar is the Python int itself (no bytes, bool or unsigned 64-bit
// conversion): from_scalar and to_scalar reduce to the C type's wrap.
bool plain_int(TypeCode tc) {
    switch (tc) {
        case TypeCode::i8: case TypeCode::u8: case TypeCode::i16: case TypeCode::u16:
        case TypeCode::i32: case TypeCode::u32: case TypeCode::i64: case TypeCode::long_:
            return true;
        default:
            return false;
    }
}

// No lock is taken by the interpreter around the access: no lock= lock, and no other thread
// of this process that could hold the block's RLock (see access_lock in mp_shared.cpp).
bool host_locks_alone(State& st, const SharedObj* s) {
    return !s->lock.is(OT::lock) && (!s->synchronized || st.threads.empty());
}

}  // namespace

// `with lock:` and `with value.get_lock():` / `with value:` (a synchronized Value).
Res lock_enter_method(State& st, CallArgs& a, Value& out) {
    Value holder;
    LockObj* l = lock_of(st, *a.self, holder);
    if (!l) return st.raise("AttributeError", "__enter__");
    return lock_enter(st, l, out);
}

Res lock_exit_method(State& st, CallArgs& a, Value& out) {
    Value holder;
    LockObj* l = lock_of(st, *a.self, holder);
    if (!l) return st.raise("AttributeError", "__exit__");
    return lock_exit(st, l, out);
}

Res lock_with_call(State& st, const Value& callee, Value& out) {
    const auto* b = callee.as<BuiltinObj>();
    const LockObj* l = b->self.as<LockObj>();
    return b->fn == lock_enter_method ? lock_enter(st, l, out) : lock_exit(st, l, out);
}

bool get_lock_shortcut(const Value& callee, const Value& self, Value* lock) {
    if (!callee.is(OT::builtin) || !self.is(OT::shared)) return false;
    const auto* hint = callee.as<BuiltinObj>();
    if (hint->fn != cached_method_call || !hint->self.is(OT::builtin)) return false;
    if (hint->self.as<BuiltinObj>()->fn != shared_get_lock_method) return false;
    const auto* s = self.as<SharedObj>();
    if (!s->synchronized) return false;  // the generic call raises AttributeError
    if (s->lock.is(OT::lock)) { *lock = s->lock; return true; }
    if (!s->own_lock.is(OT::lock)) return false;  // made (a Host call) by the generic call
    *lock = s->own_lock;
    return true;
}

Res shared_value_load(State& st, SharedObj* s, Value& out) {
    if (!host_locks_alone(st, s)) return shared_read(st, s, 0, out);
    Scalar sc;
    if (st.host.shared_load(s->id, 0, &sc) == OpStatus::blocked) return st.blocked("shared memory read");
    out = plain_int(s->tc) && !sc.is_float ? Value::integer(sc.i) : from_scalar(s->tc, sc);
    return Res::ok;
}

Res shared_value_store(State& st, SharedObj* s, const Value& v) {
    if (!host_locks_alone(st, s)) return shared_write(st, s, 0, v);
    Scalar sc;
    if (v.tag == Tag::integer && plain_int(s->tc)) {
        sc = typecode_wrap(s->tc, Scalar::integer(v.u.i));
    } else if (Res r = to_scalar(st, s->tc, v, &sc); r != Res::ok) {
        return r;
    }
    if (st.host.shared_store(s->id, 0, sc) == OpStatus::blocked) return st.blocked("shared memory write");
    return Res::ok;
}

}  // namespace forklab::lang
