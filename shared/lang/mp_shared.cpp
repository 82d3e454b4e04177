// Value, Array, RawValue, RawArray (see mp_shared.h), after Lib/multiprocessing/sharedctypes.py.
// Construction checks everything before shared_alloc, so nothing is allocated twice; element
// accesses make at most one blocking Host call (the lock= lock, or the block's own RLock inside
// shared_load/shared_store), before anything changes.
#include "lang/mp_shared.h"

#include <cstdio>

#include "lang/bytes_ops.h"
#include "lang/classes.h"
#include "lang/int_value.h"
#include "lang/interp_state.h"
#include "lang/module_util.h"

namespace forklab::lang {

namespace {

const char* kNoSize = "this type has no size";

// typecode_or_type: a one-letter typecode of multiprocessing's table, or a ctypes class.
Res element_type(State& st, const Value& v, TypeCode* tc) {
    if (v.is(OT::str) && str_of_obj(v).size() == 1 && str_of_obj(v)[0] != '?' &&
        typecode_from_char(str_of_obj(v)[0], tc))
        return Res::ok;
    if (ctype_class_code(v, tc)) return Res::ok;
    return st.raise("TypeError", kNoSize);
}

}  // namespace

Res to_scalar(State& st, TypeCode tc, const Value& v, Scalar* out) {
    if (tc == TypeCode::ch) {
        if (v.is(OT::bytes) && v.as<BytesObj>()->s.size() == 1) {
            *out = Scalar::integer((unsigned char)v.as<BytesObj>()->s[0]);
            return Res::ok;
        }
        if (v.tag == Tag::integer && v.u.i >= 0 && v.u.i < 256) { *out = Scalar::integer(v.u.i); return Res::ok; }
        return st.raise("TypeError", "one character bytes, bytearray or integer expected");
    }
    if (tc == TypeCode::boolean) {
        bool b = false;
        Res r = truth_value(st, v, &b);
        if (r != Res::ok) return r;
        *out = Scalar::integer(b);
        return Res::ok;
    }
    if (typecode_is_float(tc)) {
        double d = 0;
        Res r = need_real(st, v, &d);
        if (r != Res::ok) return r;
        *out = typecode_wrap(tc, Scalar::real(d));
        return Res::ok;
    }
    if (v.tag == Tag::integer) *out = Scalar::integer(v.u.i);
    else if (v.tag == Tag::boolean) *out = Scalar::integer(v.u.b);
    else if (v.is(OT::bigint)) *out = Scalar::integer(v.as<BigIntObj>()->v.to_int64());  // the low 64 bits
    else return st.raise("TypeError", std::string("'") + type_name(v) + "' object cannot be interpreted as an integer");
    *out = typecode_wrap(tc, *out);
    return Res::ok;
}

Value from_scalar(TypeCode tc, Scalar sc) {
    switch (tc) {
        case TypeCode::ch: return make_bytes(std::string(1, char(sc.i)), false);
        case TypeCode::boolean: return Value::boolean(sc.i != 0);
        case TypeCode::u64: case TypeCode::ulong:
            if (sc.i < 0) return make_int(BigInt::add(BigInt(sc.i), BigInt::pow(BigInt(2), 64)));
            return Value::integer(sc.i);
        default: return sc.is_float ? Value::real(sc.f) : Value::integer(sc.i);
    }
}

namespace {

LockId user_lock(const SharedObj* s) { return s->lock.is(OT::lock) ? s->lock.as<LockObj>()->id : LockId{0}; }

// A 'c' array's .value: the bytes up to the first NUL; .raw: all of them.
Res char_array_bytes(State& st, SharedObj* s, bool raw, Value& out) {
    Value all;
    Res r = shared_read_slice(st, s, 0, int64_t(s->count), 1, all);
    if (r != Res::ok) return r;
    if (raw) { out = all; return Res::ok; }
    const std::string& b = all.as<BytesObj>()->s;
    out = make_bytes(b.substr(0, b.find('\0')), false);
    return Res::ok;
}

// arr.value = b'...' for a 'c' array: shorter values are NUL-terminated, as ctypes does.
Res set_char_array(State& st, SharedObj* s, const Value& v, bool raw) {
    if (!v.is(OT::bytes)) return st.raise("TypeError", std::string("bytes expected instead of ") + type_name(v) + " instance");
    const std::string& b = v.as<BytesObj>()->s;
    if (b.size() > s->count) return st.raise("ValueError", raw ? "byte string too long" : "byte string too long");
    std::string cells = b;
    if (!raw && cells.size() < s->count) cells.push_back('\0');
    for (size_t i = 0; i < cells.size(); ++i) {
        Res r = shared_write(st, s, i, Value::integer((unsigned char)cells[i]));
        if (r != Res::ok) return r;
    }
    return Res::ok;
}

std::string array_type_name(const SharedObj* s) {
    return std::string(typecode_ctype_name(s->tc)) + "_Array_" + std::to_string(s->count);
}

// The arguments after typecode_or_type: positional values and lock= (Value/Array only).
struct Made { TypeCode tc; std::vector<Scalar> init; size_t count = 1; };

Res parse_lock(State& st, CallArgs& a, const char* fname, bool allow_lock, Value* lock, bool* sync, int* nargs) {
    *sync = allow_lock;
    *lock = Value();
    for (int k = 0; k < a.nkw; ++k) {
        const std::string& kw = str_of_obj(a.kwnames[k]);
        if (kw == "lock" && allow_lock) {
            const Value& l = a.kwvals[k];
            if (l.tag == Tag::boolean && !l.u.b) *sync = false;
            else if (l.is_none() || (l.tag == Tag::boolean && l.u.b)) *sync = true;
            else if (l.is(OT::lock)) *lock = l;
            else return st.raise("AttributeError", repr_of(l) + " has no method 'acquire'");
        } else {
            return st.raise("TypeError", std::string("BaseContext.") + fname + "() got an unexpected keyword argument '" + kw + "'");
        }
    }
    *nargs = a.npos;
    return Res::ok;
}

Res make_shared(State& st, bool is_array, const Made& m, bool sync, const Value& lock, Value& out) {
    auto* s = new SharedObj();
    Value sv = Value::object(s);
    s->tc = m.tc;
    s->is_array = is_array;
    s->count = m.count;
    s->synchronized = sync || lock.is(OT::lock);
    s->lock = lock;
    // With a lock= lock the block itself is raw: the accesses take that lock instead.
    s->id = st.host.shared_alloc(m.tc, s->count, sync && !lock.is(OT::lock));
    // Initial stores of a fresh block: no other process can see it yet, so they never block.
    for (size_t i = 0; i < m.init.size(); ++i)
        while (st.host.shared_store(s->id, i, m.init[i]) == OpStatus::blocked) {}
    out = std::move(sv);
    return Res::ok;
}

Res value_impl(State& st, CallArgs& a, Value& out, bool allow_lock, const char* fname) {
    Value lock;
    bool sync = false;
    int n = 0;
    if (Res r = parse_lock(st, a, fname, allow_lock, &lock, &sync, &n); r != Res::ok) return r;
    if (n < 1) return st.raise("TypeError", std::string(fname) + "() missing 1 required positional argument: 'typecode_or_type'");
    Made m;
    if (Res r = element_type(st, a.pos[0], &m.tc); r != Res::ok) return r;
    if (n > 2) return st.raise("TypeError", "function takes at most 1 argument (" + std::to_string(n - 1) + " given)");
    if (n == 2) {
        Scalar sc;
        if (Res r = to_scalar(st, m.tc, a.pos[1], &sc); r != Res::ok) return r;
        m.init.push_back(sc);
    }
    return make_shared(st, false, m, sync, lock, out);
}

Res array_impl(State& st, CallArgs& a, Value& out, bool allow_lock, const char* fname) {
    Value lock;
    bool sync = false;
    int n = 0;
    if (Res r = parse_lock(st, a, fname, allow_lock, &lock, &sync, &n); r != Res::ok) return r;
    if (n != 2) return st.raise("TypeError", std::string(fname) + "() missing 1 required positional argument: 'size_or_initializer'");
    Made m;
    if (Res r = element_type(st, a.pos[0], &m.tc); r != Res::ok) return r;
    const Value& init = a.pos[1];
    if (init.tag == Tag::integer) {
        if (init.u.i < 0) return st.raise("ValueError", "Array length must be >= 0, not " + std::to_string(init.u.i));
        if (Res r = charge_memory(st, double(init.u.i) * 8); r != Res::ok) return r;
        m.count = size_t(init.u.i);
    } else {
        std::vector<Value> items;
        if (Res r = to_vector(st, init, items); r != Res::ok) return r;
        m.count = items.size();
        for (const Value& v : items) {
            Scalar sc;
            if (Res r = to_scalar(st, m.tc, v, &sc); r != Res::ok) return r;
            m.init.push_back(sc);
        }
    }
    return make_shared(st, true, m, sync, lock, out);
}

}  // namespace

Res shared_get_lock_method(State& st, CallArgs& a, Value& out) {
    if (!a.self->is(OT::shared)) return st.raise("TypeError", "descriptor 'get_lock' requires a 'Synchronized' object");
    auto* s = a.self->as<SharedObj>();
    // The interpreter's per-instruction method cache may call this for any shared object at a
    // site that once saw a synchronized one: a raw one has no get_lock, as in get_attr.
    if (!s->synchronized)
        return st.raise("AttributeError", "'" + shared_type_name(s) + "' object has no attribute 'get_lock'");
    out = shared_lock_object(st, s);
    return Res::ok;
}

namespace {

Res m_get_obj(State& st, CallArgs& a, Value& out) {
    (void)st;
    auto* s = a.self->as<SharedObj>();
    auto* n = new SharedObj();
    n->id = s->id; n->tc = s->tc; n->count = s->count; n->is_array = s->is_array;
    n->synchronized = false;
    out = Value::object(n);
    return Res::ok;
}
}  // namespace

Value shared_lock_object(State& st, SharedObj* s) {
    if (s->lock.is(OT::lock)) return s->lock;
    if (!s->own_lock.is(OT::lock)) {
        auto* l = new LockObj();
        l->id = st.host.shared_lock(s->id);
        l->kind = LockKind::rlock;
        s->own_lock = Value::object(l);
    }
    return s->own_lock;
}

NativeFn shared_method(const SharedObj* s, std::string_view name, const char** mname) {
    if (!s->synchronized) return nullptr;
    *mname = "get_lock";
    if (name == "get_lock") return shared_get_lock_method;
    return nullptr;
}

// The lock one access takes around the Host's load/store: the lock= lock given to a raw
// block; and, while other threads run, a synchronized block's own RLock, taken here first
// with the polling acquire so that the load's or store's own take of it is re-entrant and
// cannot block the whole process.
static LockId access_lock(State& st, const SharedObj* s, LockKind* kind) {
    const LockId lk = user_lock(s);
    if (lk.value) {
        *kind = s->lock.as<LockObj>()->kind;
        return lk;
    }
    *kind = LockKind::rlock;
    if (!s->synchronized || !threads_running(st)) return lk;
    return st.host.shared_lock(s->id);
}

Res shared_read(State& st, SharedObj* s, size_t idx, Value& out) {
    LockKind kind;
    const LockId lk = access_lock(st, s, &kind);
    if (lk.value) {
        bool got = false;
        if (Res r = host_lock_acquire(st, lk, kind, true, std::nullopt, &got); r != Res::ok) return r;
    }
    Scalar sc;
    const OpStatus os = st.host.shared_load(s->id, idx, &sc);  // a raw block under a lock= lock: never blocks
    if (lk.value) (void)host_lock_release(st, lk, kind);
    if (os == OpStatus::blocked) return st.blocked("shared memory read");
    out = from_scalar(s->tc, sc);
    return Res::ok;
}

Res shared_write(State& st, SharedObj* s, size_t idx, const Value& v) {
    Scalar sc;
    if (Res r = to_scalar(st, s->tc, v, &sc); r != Res::ok) return r;
    LockKind kind;
    const LockId lk = access_lock(st, s, &kind);
    if (lk.value) {
        bool got = false;
        if (Res r = host_lock_acquire(st, lk, kind, true, std::nullopt, &got); r != Res::ok) return r;
    }
    const OpStatus os = st.host.shared_store(s->id, idx, sc);
    if (lk.value) (void)host_lock_release(st, lk, kind);
    if (os == OpStatus::blocked) return st.blocked("shared memory write");
    return Res::ok;
}

Res shared_read_slice(State& st, SharedObj* s, int64_t start, int64_t stop, int64_t step, Value& out) {
    std::vector<Value> items;
    std::string bytes;
    for (int64_t i = start; step > 0 ? i < stop : i > stop; i += step) {
        Value v;
        Res r = shared_read(st, s, size_t(i), v);
        if (r != Res::ok) return r;
        if (s->tc == TypeCode::ch) bytes += v.as<BytesObj>()->s;
        else items.push_back(std::move(v));
    }
    out = s->tc == TypeCode::ch ? make_bytes(std::move(bytes), false) : make_list(std::move(items));
    return Res::ok;
}

std::string shared_type_name(const SharedObj* s) {
    if (s->synchronized) return !s->is_array ? "Synchronized" : s->tc == TypeCode::ch ? "SynchronizedString" : "SynchronizedArray";
    return s->is_array ? array_type_name(s) : typecode_ctype_name(s->tc);
}

Res shared_get_attr(State& st, const Value& obj, const std::string& name, Value& out, bool* found) {
    auto* s = obj.as<SharedObj>();
    *found = true;
    if (name == "value" && !s->is_array) return shared_read(st, s, 0, out);
    if ((name == "value" || name == "raw") && s->is_array && s->tc == TypeCode::ch) return char_array_bytes(st, s, name == "raw", out);
    if (s->synchronized && (name == "get_lock" || name == "get_obj" || name == "acquire" || name == "release" ||
                            name == "__enter__" || name == "__exit__")) {
        if (name == "get_lock" || name == "get_obj") {
            out = Value::object(new BuiltinObj(name == "get_lock" ? shared_get_lock_method : m_get_obj, name == "get_lock" ? "get_lock" : "get_obj", obj));
            return Res::ok;
        }
        // v.acquire() / v.release() / `with v:`: the wrapper's lock methods.
        return get_attr(st, shared_lock_object(st, s), name, out);
    }
    *found = false;
    return Res::ok;
}

Res shared_set_attr(State& st, const Value& obj, const std::string& name, const Value& v, bool* found) {
    auto* s = obj.as<SharedObj>();
    *found = true;
    if (name == "value" && !s->is_array) return shared_write(st, s, 0, v);
    if ((name == "value" || name == "raw") && s->is_array && s->tc == TypeCode::ch) return set_char_array(st, s, v, name == "raw");
    *found = false;
    return Res::ok;
}

Res shared_repr(State& st, const Value& obj, std::string& out) {
    auto* s = obj.as<SharedObj>();
    std::string inner;
    if (s->is_array) {
        inner = "<multiprocessing.sharedctypes." + array_type_name(s) + " object at " + fake_address(s) + ">";
    } else {
        Value v;
        if (Res r = shared_read(st, s, 0, v); r != Res::ok) return r;
        std::string text;
        if (Res r = repr_value(st, v, text); r != Res::ok) return r;
        inner = std::string(typecode_ctype_name(s->tc)) + "(" + text + ")";
    }
    out = s->synchronized ? "<" + shared_type_name(s) + " wrapper for " + inner + ">" : inner;
    return Res::ok;
}

Res mp_value_fn(State& st, CallArgs& a, Value& out) { return value_impl(st, a, out, true, "Value"); }
Res mp_raw_value_fn(State& st, CallArgs& a, Value& out) { return value_impl(st, a, out, false, "RawValue"); }
Res mp_array_fn(State& st, CallArgs& a, Value& out) { return array_impl(st, a, out, true, "Array"); }
Res mp_raw_array_fn(State& st, CallArgs& a, Value& out) { return array_impl(st, a, out, false, "RawArray"); }

}  // namespace forklab::lang
