// See with_lock.h. The generic paths these stand in for: invoke() of a builtin (interp.cpp),
// cached_method_call and get_attr (builtins.cpp), shared_get_attr/shared_read (mp_shared.cpp).
#include "lang/with_lock.h"

#include "lang/builtins.h"
#include "lang/ast.h"
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

const Value* get_lock_shortcut(const Value& callee, const Value& self) {
    if (!callee.is(OT::builtin) || !self.is(OT::shared)) return nullptr;
    const auto* hint = callee.as<BuiltinObj>();
    if (hint->fn != cached_method_call || !hint->self.is(OT::builtin)) return nullptr;
    if (hint->self.as<BuiltinObj>()->fn != shared_get_lock_method) return nullptr;
    const auto* s = self.as<SharedObj>();
    if (!s->synchronized) return nullptr;  // the generic call raises AttributeError
    if (s->lock.is(OT::lock)) return &s->lock;
    if (!s->own_lock.is(OT::lock)) return nullptr;  // made (a Host call) by the generic call
    return &s->own_lock;
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

// [SECTION] fused sequences ----------------------------------------------------------------
namespace {

// The dispatch loop's SYNC(): what a raise, a nested call or the fail path reads.
void sync(State& st, Regs& g) {
    g.f->pc = g.pc;
    st.sp = size_t(g.sp - st.stack.data());
}

uint32_t words_in(Regs& g) { return uint32_t(g.f->code->words.size()); }

}  // namespace

Fused fuse_get_lock(State& st, Regs& g, const Value& hint) {
    (void)st;
    if (g.left < 1 || g.pc + 1 >= words_in(g) || g.code[g.pc + 1] != encode(Op::call_method, 0)) return Fused::no;
    const Value* lock = get_lock_shortcut(hint, g.sp[-1]);
    if (!lock) return Fused::no;
    --g.left;  // call_method
    ++g.pc;
    g.sp[-1] = *lock;  // reads the lock before releasing the Value that holds it
    return Fused::done;
}

Fused fuse_with_enter(State& st, Regs& g, const Value& exit_hint, Res* r) {
    const uint32_t pc = g.pc;
    const uint32_t* c = g.code;
    if (g.left < 4 || pc + 4 >= words_in(g)) return Fused::no;
    if (c[pc + 1] != encode(Op::rot2, 0) || Op(c[pc + 2] & 0xff) != Op::load_special ||
        c[pc + 3] != encode(Op::call, 0) || c[pc + 4] != encode(Op::pop, 0))
        return Fused::no;
    // The second load_special looks at the object under the one just looked up (the dup).
    const Value& enter_hint = st.method_hint[g.f->code->word_offset + pc + 2];
    if (!is_lock_with_call(enter_hint) || enter_hint.as<BuiltinObj>()->fn != lock_enter_method) return Fused::no;
    if (!g.sp[-2].is_obj() || enter_hint.as<BuiltinObj>()->self.u.o != g.sp[-2].u.o) return Fused::no;
    // rot2, load_special, then call 0's turn. The stack is as deep as the call sees it, so
    // what the acquire may run on the VM stack (a raise) lands above it.
    g.left -= 3;
    g.pc += 3;
    sync(st, g);
    const LockObj* l = enter_hint.as<BuiltinObj>()->self.as<LockObj>();
    bool acquired = false;
    *r = host_lock_acquire(st, l->id, l->kind, true, std::nullopt, &acquired);
    g.sp[-2] = exit_hint;
    if (*r != Res::ok) {
        g.sp[-1] = enter_hint;  // the call, ready to be repeated or unwound
        return Fused::failed;
    }
    if (g.left == 0) {  // the Host ended the burst (Interp::end_burst): stop after the call
        g.sp[-1] = Value::boolean(true);
        return Fused::done;
    }
    --g.left;  // pop of __enter__'s result
    ++g.pc;
    *--g.sp = Value();
    return Fused::done;
}

Fused fuse_with_exit(State& st, Regs& g, Res* r) {
    if (g.left < 4 || g.code[g.pc + 4] != encode(Op::pop, 0)) return Fused::no;
    if (!is_lock_with_call(g.sp[-1]) || g.sp[-1].as<BuiltinObj>()->fn != lock_exit_method) return Fused::no;
    // The other two load_none, then call 3's turn (its three Nones are pushed only if the
    // release raises: they hold nothing a raise could overwrite).
    g.left -= 3;
    g.pc += 3;
    sync(st, g);
    const LockObj* l = g.sp[-1].as<BuiltinObj>()->self.as<LockObj>();
    *r = host_lock_release(st, l->id, l->kind);
    if (*r != Res::ok) {
        g.sp[0] = Value();
        g.sp[1] = Value();
        g.sp[2] = Value();
        g.sp += 3;
        sync(st, g);
        return Fused::failed;
    }
    if (g.left == 0) {  // the burst ended: stop after the call
        g.sp[-1] = Value::boolean(false);
        return Fused::done;
    }
    --g.left;  // pop of __exit__'s result
    ++g.pc;
    *--g.sp = Value();
    return Fused::done;
}

Fused fuse_value_add(State& st, Regs& g, Res* r) {
    const uint32_t pc = g.pc;
    const uint32_t* c = g.code;
    if (g.left < 4 || pc + 4 >= words_in(g)) return Fused::no;
    if (Op(c[pc + 1] & 0xff) != Op::load_int || c[pc + 2] != encode(Op::inplace, op_add) ||
        c[pc + 3] != encode(Op::rot2, 0) || Op(c[pc + 4] & 0xff) != Op::store_attr ||
        !is_value_name(st.program->names[c[pc + 4] >> 8]))
        return Fused::no;
    if (!g.sp[-2].is_obj() || g.sp[-2].u.o != g.sp[-1].u.o) return Fused::no;
    auto* s = g.sp[-1].as<SharedObj>();
    // Only the Host locks around the accesses, and the element is a plain C int: the two
    // Host calls of shared_value_load/store, made here directly.
    if (!host_locks_alone(st, s) || !plain_int(s->tc)) return Fused::no;
    Scalar sc;
    if (st.host.shared_load(s->id, 0, &sc) == OpStatus::blocked) {
        *r = st.blocked("shared memory read");
        return Fused::failed;
    }
    int64_t sum;
    // The load only when the Host ended the burst (the loop stops after this instruction).
    if (g.left == 0 || sc.is_float || __builtin_add_overflow(sc.i, int64_t(int32_t(c[pc + 1]) >> 8), &sum)) {
        g.sp[-1] = from_scalar(s->tc, sc);  // only the load: the rest runs one by one
        return Fused::done;
    }
    // load_int, inplace, rot2, then store_attr's own turn: [sum, v] as the store sees it.
    g.left -= 4;
    g.pc += 4;
    sync(st, g);
    if (st.host.shared_store(s->id, 0, typecode_wrap(s->tc, Scalar::integer(sum))) == OpStatus::blocked) {
        g.sp[-2] = Value::integer(sum);
        *r = st.blocked("shared memory write");
        return Fused::failed;
    }
    g.sp -= 2;
    g.sp[0] = Value();
    g.sp[1] = Value();
    return Fused::done;
}

}  // namespace forklab::lang
