#include "lang/set_ops.h"

#include "lang/ast.h"
#include "lang/builtins.h"
#include "lang/classes.h"
#include "lang/exceptions.h"
#include "lang/native_args.h"

namespace forklab::lang {

// [SECTION] CPython's order ------------------------------------------------------------------------
namespace {
// hash(n) of a CPython int that fits in 64 bits.
uint64_t int_hash(int64_t n) {
    const int64_t m = (int64_t(1) << 61) - 1;
    int64_t h = n >= 0 ? n % m : -((-(n + 1) % m + 1) % m);
    if (h == -1) h = -2;
    return uint64_t(h);
}

// Replays CPython 3.11's setobject.c insertion (linear probes of 9, perturbed probing,
// resize to 4x used once the table is 3/5 full) to find each member's slot.
std::vector<size_t> cpython_slots(const std::vector<uint64_t>& hashes) {
    constexpr size_t kProbes = 9;
    size_t mask = 7;
    std::vector<long> table(8, -1);  // index into hashes, -1 empty
    size_t fill = 0;
    auto insert_clean = [](std::vector<long>& t, size_t msk, long idx, uint64_t h) {
        uint64_t perturb = h;
        size_t i = size_t(h) & msk;
        for (;;) {
            if (t[i] < 0) { t[i] = idx; return; }
            if (i + kProbes <= msk) {
                for (size_t j = 1; j <= kProbes; ++j)
                    if (t[i + j] < 0) { t[i + j] = idx; return; }
            }
            perturb >>= 5;
            i = size_t(i * 5 + 1 + perturb) & msk;
        }
    };
    for (size_t k = 0; k < hashes.size(); ++k) {
        insert_clean(table, mask, long(k), hashes[k]);
        ++fill;
        if (fill * 5 >= mask * 3) {
            size_t used = fill;
            size_t minused = used > 50000 ? used * 2 : used * 4;
            size_t size = 8;
            while (size <= minused) size <<= 1;
            std::vector<long> bigger(size, -1);
            for (long idx : table) if (idx >= 0) insert_clean(bigger, size - 1, idx, hashes[size_t(idx)]);
            table = std::move(bigger);
            mask = size - 1;
        }
    }
    std::vector<size_t> order;
    for (long idx : table) if (idx >= 0) order.push_back(size_t(idx));
    return order;
}
}  // namespace

std::vector<Value> set_members_in_order(const SetObj* s) {
    std::vector<Value> members;
    bool ints = true;
    for (auto& e : s->d.entries) {
        if (!e.live) continue;
        members.push_back(e.k);
        if (e.k.tag != Tag::integer && e.k.tag != Tag::boolean) ints = false;
    }
    if (!ints || members.size() < 2) return members;
    std::vector<uint64_t> hashes;
    for (auto& m : members) hashes.push_back(int_hash(m.tag == Tag::integer ? m.u.i : m.u.b));
    std::vector<Value> ordered;
    for (size_t i : cpython_slots(hashes)) ordered.push_back(members[i]);
    return ordered;
}

// [SECTION] operators ---------------------------------------------------------------------------------
namespace {
Value new_set(bool frozen) {
    auto* s = new SetObj();
    s->frozen = frozen;
    return Value::object(s);
}
bool has(const SetObj* s, const Value& k) { return const_cast<DictObj&>(s->d).find(k) != nullptr; }

Value combine(const SetObj* a, const SetObj* b, int op, bool frozen) {
    Value out = new_set(frozen);
    DictObj& d = out.as<SetObj>()->d;
    switch (op) {
        case op_or:
            for (auto& e : a->d.entries) if (e.live) d.set(e.k, Value());
            for (auto& e : b->d.entries) if (e.live) d.set(e.k, Value());
            break;
        case op_and:
            for (auto& e : a->d.entries) if (e.live && has(b, e.k)) d.set(e.k, Value());
            break;
        case op_sub:
            for (auto& e : a->d.entries) if (e.live && !has(b, e.k)) d.set(e.k, Value());
            break;
        case op_xor:
            for (auto& e : a->d.entries) if (e.live && !has(b, e.k)) d.set(e.k, Value());
            for (auto& e : b->d.entries) if (e.live && !has(a, e.k)) d.set(e.k, Value());
            break;
    }
    return out;
}

bool subset(const SetObj* a, const SetObj* b) {
    for (auto& e : a->d.entries) if (e.live && !has(b, e.k)) return false;
    return true;
}

const char* set_type_name(const Value& v) { return v.is(OT::set) && v.as<SetObj>()->frozen ? "frozenset" : type_name(v); }
}  // namespace

Res set_binary(State& st, int op, const Value& a, const Value& b, Value& out, bool inplace, bool* handled) {
    *handled = false;
    if (!a.is(OT::set) || !b.is(OT::set)) return Res::ok;
    if (op != op_or && op != op_and && op != op_sub && op != op_xor) return Res::ok;
    SetObj* x = a.as<SetObj>();
    Value r = combine(x, b.as<SetObj>(), op, x->frozen);
    Res m = charge_memory(st, double(r.as<SetObj>()->d.live) * kDictEntryBytes);
    if (m != Res::ok) return m;
    *handled = true;
    if (inplace && !x->frozen) {
        x->d = std::move(r.as<SetObj>()->d);  // |= and friends change the set itself
        out = a;
        return Res::ok;
    }
    out = std::move(r);
    return Res::ok;
}

Res set_compare(State& st, int op, const Value& a, const Value& b, Value& out) {
    static const char* const sym[] = {"<", "<=", "==", "!=", ">", ">="};
    if (!a.is(OT::set) || !b.is(OT::set))
        return st.raise("TypeError", std::string("'") + sym[op] + "' not supported between instances of '" + set_type_name(a) +
                                         "' and '" + set_type_name(b) + "'");
    const SetObj* x = a.as<SetObj>();
    const SetObj* y = b.as<SetObj>();
    bool r = false;
    switch (op) {
        case cmp_le: r = subset(x, y); break;
        case cmp_lt: r = subset(x, y) && x->d.live < y->d.live; break;
        case cmp_ge: r = subset(y, x); break;
        case cmp_gt: r = subset(y, x) && y->d.live < x->d.live; break;
        default: break;
    }
    out = Value::boolean(r);
    return Res::ok;
}

// [SECTION] methods -------------------------------------------------------------------------------------
namespace {
#define SELF_SET (a.self->as<SetObj>())

Res need_hashable(State& st, const Value& k) {
    if (!is_hashable(k)) return st.raise("TypeError", std::string("unhashable type: '") + unhashable_type_name(k) + "'");
    return Res::ok;
}
Res not_frozen(State& st, SetObj* s, const char* name) {
    if (s->frozen) return st.raise("AttributeError", std::string("'frozenset' object has no attribute '") + name + "'");
    return Res::ok;
}
// Any iterable as a temporary set.
Res as_set(State& st, const Value& v, Value& out) {
    if (v.is(OT::set)) { out = v; return Res::ok; }
    std::vector<Value> items;
    Res r = to_vector(st, v, items);
    if (r != Res::ok) return r;
    out = new_set(false);
    for (auto& x : items) {
        r = need_hashable(st, x);
        if (r != Res::ok) return r;
        out.as<SetObj>()->d.set(x, Value());
    }
    return Res::ok;
}

Res m_add(State& st, CallArgs& a, Value& out) {
    FORKLAB_ARGS("add", 1, "elem");
    Res r = not_frozen(st, SELF_SET, "add");
    if (r == Res::ok) r = need_hashable(st, av[0]);
    if (r == Res::ok) r = charge_memory(st, kDictEntryBytes);
    if (r != Res::ok) return r;
    SELF_SET->d.set(av[0], Value());
    out = Value();
    return Res::ok;
}
Res m_remove(State& st, CallArgs& a, Value& out) {
    FORKLAB_ARGS("remove", 1, "elem");
    Res r = not_frozen(st, SELF_SET, "remove");
    if (r == Res::ok) r = need_hashable(st, av[0]);
    if (r != Res::ok) return r;
    if (!SELF_SET->d.erase(av[0])) return raise_key_error(st, av[0]);
    out = Value();
    return Res::ok;
}
Res m_discard(State& st, CallArgs& a, Value& out) {
    FORKLAB_ARGS("discard", 1, "elem");
    Res r = not_frozen(st, SELF_SET, "discard");
    if (r == Res::ok) r = need_hashable(st, av[0]);
    if (r != Res::ok) return r;
    SELF_SET->d.erase(av[0]);
    out = Value();
    return Res::ok;
}
Res m_pop(State& st, CallArgs& a, Value& out) {
    FORKLAB_ARGS("pop", 0, "x");
    Res r = not_frozen(st, SELF_SET, "pop");
    if (r != Res::ok) return r;
    std::vector<Value> m = set_members_in_order(SELF_SET);
    if (m.empty()) return st.raise("KeyError", "pop from an empty set");
    out = m.front();
    SELF_SET->d.erase(out);
    return Res::ok;
}
Res m_clear(State& st, CallArgs& a, Value& out) {
    Res r = not_frozen(st, SELF_SET, "clear");
    if (r != Res::ok) return r;
    SELF_SET->d = DictObj();
    out = Value();
    return Res::ok;
}
Res m_copy(State& st, CallArgs& a, Value& out) {
    (void)st;
    out = new_set(SELF_SET->frozen);
    for (auto& e : SELF_SET->d.entries) if (e.live) out.as<SetObj>()->d.set(e.k, Value());
    return Res::ok;
}
// union/intersection/difference/symmetric_difference(*others) and their _update forms.
Res combine_many(State& st, CallArgs& a, Value& out, int op, bool update) {
    SetObj* self = SELF_SET;
    if (update) { Res r = not_frozen(st, self, "update"); if (r != Res::ok) return r; }
    Value acc;
    {
        CallArgs none;
        none.self = a.self;
        Res r = m_copy(st, none, acc);
        if (r != Res::ok) return r;
    }
    for (int i = 0; i < a.npos; ++i) {
        Value other;
        Res r = as_set(st, a.pos[i], other);
        if (r != Res::ok) return r;
        acc = combine(acc.as<SetObj>(), other.as<SetObj>(), op, self->frozen);
    }
    if (update) { self->d = std::move(acc.as<SetObj>()->d); out = Value(); }
    else out = std::move(acc);
    return Res::ok;
}
Res m_union(State& st, CallArgs& a, Value& out) { return combine_many(st, a, out, op_or, false); }
Res m_intersection(State& st, CallArgs& a, Value& out) { return combine_many(st, a, out, op_and, false); }
Res m_difference(State& st, CallArgs& a, Value& out) { return combine_many(st, a, out, op_sub, false); }
Res m_symdiff(State& st, CallArgs& a, Value& out) { return combine_many(st, a, out, op_xor, false); }
Res m_update(State& st, CallArgs& a, Value& out) { return combine_many(st, a, out, op_or, true); }
Res m_intersection_update(State& st, CallArgs& a, Value& out) { return combine_many(st, a, out, op_and, true); }
Res m_difference_update(State& st, CallArgs& a, Value& out) { return combine_many(st, a, out, op_sub, true); }
Res m_symdiff_update(State& st, CallArgs& a, Value& out) { return combine_many(st, a, out, op_xor, true); }
Res relation(State& st, CallArgs& a, Value& out, int which) {
    FORKLAB_ARGS("issubset", 1, "other");
    Value other;
    Res r = as_set(st, av[0], other);
    if (r != Res::ok) return r;
    const SetObj* x = SELF_SET;
    const SetObj* y = other.as<SetObj>();
    bool res = which == 0 ? subset(x, y) : which == 1 ? subset(y, x) : combine(x, y, op_and, false).as<SetObj>()->d.live == 0;
    out = Value::boolean(res);
    return Res::ok;
}
Res m_issubset(State& st, CallArgs& a, Value& out) { return relation(st, a, out, 0); }
Res m_issuperset(State& st, CallArgs& a, Value& out) { return relation(st, a, out, 1); }
Res m_isdisjoint(State& st, CallArgs& a, Value& out) { return relation(st, a, out, 2); }

struct SetMethod { const char* name; NativeFn fn; };
const SetMethod kSetMethods[] = {
    {"add", m_add}, {"remove", m_remove}, {"discard", m_discard}, {"pop", m_pop}, {"clear", m_clear},
    {"copy", m_copy}, {"union", m_union}, {"intersection", m_intersection}, {"difference", m_difference},
    {"symmetric_difference", m_symdiff}, {"update", m_update}, {"intersection_update", m_intersection_update},
    {"difference_update", m_difference_update}, {"symmetric_difference_update", m_symdiff_update},
    {"issubset", m_issubset}, {"issuperset", m_issuperset}, {"isdisjoint", m_isdisjoint},
};
}  // namespace

NativeFn find_set_method(std::string_view name) {
    for (const SetMethod& m : kSetMethods) if (name == m.name) return m.fn;
    return nullptr;
}

}  // namespace forklab::lang
