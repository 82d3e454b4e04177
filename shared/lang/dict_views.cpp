// Dict views (d.keys(), d.values(), d.items()) and dict iteration: a view is live (it shows
// later changes of its dict); keys and items views are set-like (in, & | - ^ giving sets,
// < <= == with sets and other views); iterating a dict that changes size raises
// RuntimeError, as in CPython.
#include "lang/ast.h"
#include "lang/classes.h"
#include "lang/containers.h"
#include "lang/exceptions.h"
#include "lang/interp_state.h"
#include "lang/native_args.h"

namespace forklab::lang {

namespace {
DictObj* dict_of(const Value& view) { return view.as<DictViewObj>()->dict.as<DictObj>(); }
DictViewObj::Kind kind_of(const Value& view) { return view.as<DictViewObj>()->kind; }

// A keys or items view: the set-like ones.
bool set_like_view(const Value& v) { return v.is(OT::dict_view) && kind_of(v) != DictViewObj::values; }
bool set_like(const Value& v) { return v.is(OT::set) || set_like_view(v); }

const char* const kViewNames[] = {"dict_keys", "dict_values", "dict_items"};

// The members of a set, or of a keys/items view, in their iteration order.
std::vector<Value> members(const Value& v) {
    std::vector<Value> out;
    if (v.is(OT::set)) {
        for (auto& e : v.as<SetObj>()->d.entries) if (e.live) out.push_back(e.k);
        return out;
    }
    bool items = kind_of(v) == DictViewObj::items;
    for (auto& e : dict_of(v)->entries)
        if (e.live) out.push_back(items ? make_tuple({e.k, e.v}) : e.k);
    return out;
}

// x in a set or keys/items view, without running Python code (value.cpp's equality).
bool contains_plain(const Value& c, const Value& x) {
    if (!is_hashable(x)) return false;
    if (c.is(OT::set)) return c.as<SetObj>()->d.find(x) != nullptr;
    if (kind_of(c) == DictViewObj::keys) return dict_of(c)->find(x) != nullptr;
    if (!x.is(OT::tuple) || x.as<ListObj>()->items.size() != 2) return false;
    const auto& kv = x.as<ListObj>()->items;
    Value* v = dict_of(c)->find(kv[0]);
    return v && values_equal(*v, kv[1]);
}

size_t size_of(const Value& v) { return v.is(OT::set) ? v.as<SetObj>()->d.live : dict_of(v)->live; }

// Every member of a is in b (b's own `in`, so __eq__ and hash errors are honoured).
Res all_contained_in(State& st, const Value& a, const Value& b, bool* out) {
    *out = true;
    for (const Value& x : members(a)) {
        bool in = false;
        if (contains(st, b, x, &in) != Res::ok) return Res::error;
        if (!in) { *out = false; return Res::ok; }
    }
    return Res::ok;
}

// Any iterable as a new set (the operands of & | - ^ with a view).
Res to_set(State& st, const Value& v, Value& out) {
    std::vector<Value> items;
    if (!v.is(OT::set)) {
        if (to_vector(st, v, items) != Res::ok) return Res::error;
    } else {
        items = members(v);
    }
    auto* s = new SetObj();
    out = Value::object(s);
    if (charge_memory(st, double(items.size()) * kDictEntryBytes) != Res::ok) return Res::error;
    for (auto& x : items) {
        if (hashable_key(st, x) != Res::ok) return Res::error;
        s->d.set(x, Value());
    }
    return Res::ok;
}

Res m_isdisjoint(State& st, CallArgs& a, Value& out) {
    if (method_arity(st, a, kind_of(*a.self) == DictViewObj::keys ? "dict_keys.isdisjoint" : "dict_items.isdisjoint", 1, 1) != Res::ok)
        return Res::error;
    std::vector<Value> other;
    if (to_vector(st, a.pos[0], other) != Res::ok) return Res::error;
    for (const Value& x : other) {
        bool in = false;
        if (dict_view_contains(st, *a.self, x, &in) != Res::ok) return Res::error;
        if (in) { out = Value::boolean(false); return Res::ok; }
    }
    out = Value::boolean(true);
    return Res::ok;
}
}  // namespace

// [SECTION] views ---------------------------------------------------------------------------
Value make_dict_view(const Value& dict, DictViewObj::Kind kind) { return Value::object(new DictViewObj(kind, dict)); }

const char* dict_view_type_name(const Value& v) { return kViewNames[kind_of(v)]; }

std::string dict_view_repr(const Value& v, const std::string& items_repr) {
    return std::string(dict_view_type_name(v)) + "(" + items_repr + ")";
}

Value dict_view_items(const Value& v) {
    std::vector<Value> out;
    for (auto& e : dict_of(v)->entries) {
        if (!e.live) continue;
        switch (kind_of(v)) {
            case DictViewObj::keys: out.push_back(e.k); break;
            case DictViewObj::values: out.push_back(e.v); break;
            case DictViewObj::items: out.push_back(make_tuple({e.k, e.v})); break;
        }
    }
    return make_list(std::move(out));
}

int64_t dict_view_len(const Value& v) { return int64_t(dict_of(v)->live); }

Res dict_view_contains(State& st, const Value& view, const Value& x, bool* out) {
    *out = false;
    Value hold = view.as<DictViewObj>()->dict;  // an __eq__ may drop the last other reference
    DictObj* d = hold.as<DictObj>();
    switch (kind_of(view)) {
        case DictViewObj::keys: return contains(st, hold, x, out);
        case DictViewObj::values:
            for (size_t i = 0; i < d->entries.size(); ++i) {
                if (!d->entries[i].live) continue;
                Value v = d->entries[i].v;
                bool eq = false;
                if (v.is_obj() && x.is_obj() && v.u.o == x.u.o) eq = true;
                else if (equal_values(st, v, x, &eq) != Res::ok) return Res::error;
                if (eq) { *out = true; return Res::ok; }
            }
            return Res::ok;
        case DictViewObj::items: {
            if (!x.is(OT::tuple) || x.as<ListObj>()->items.size() != 2) return Res::ok;
            Value k = x.as<ListObj>()->items[0], want = x.as<ListObj>()->items[1];
            if (hashable_key(st, k) != Res::ok) return Res::error;
            Value* v = d->find(k);
            if (!v) return Res::ok;
            Value have = *v;
            if (have.is_obj() && want.is_obj() && have.u.o == want.u.o) { *out = true; return Res::ok; }
            return equal_values(st, have, want, out);
        }
    }
    return Res::ok;
}

Res dict_view_binary(State& st, int op, const Value& a, const Value& b, Value& out, bool* handled) {
    *handled = false;
    if (op != op_and && op != op_or && op != op_sub && op != op_xor) return Res::ok;
    if (!set_like_view(a) && !set_like_view(b)) return Res::ok;
    *handled = true;
    Value x, y;
    if (to_set(st, a, x) != Res::ok || to_set(st, b, y) != Res::ok) return Res::error;
    return binary_op(st, op, x, y, out, false);
}

Res dict_view_compare(State& st, int op, const Value& a, const Value& b, Value& out, bool* handled) {
    *handled = false;
    if (!a.is(OT::dict_view) && !b.is(OT::dict_view)) return Res::ok;
    if (op == cmp_eq || op == cmp_ne) return Res::ok;  // equal_values
    if (op > cmp_ge) return Res::ok;
    *handled = true;
    if (!set_like(a) || !set_like(b)) {
        static const char* const sym[] = {"<", "<=", "==", "!=", ">", ">="};
        return st.raise("TypeError", std::string("'") + sym[op] + "' not supported between instances of '" + class_name_of(a) +
                                         "' and '" + class_name_of(b) + "'");
    }
    size_t m = size_of(a), n = size_of(b);
    bool r = false;
    switch (op) {
        case cmp_lt: if (m < n && all_contained_in(st, a, b, &r) != Res::ok) return Res::error; break;
        case cmp_le: if (m <= n && all_contained_in(st, a, b, &r) != Res::ok) return Res::error; break;
        case cmp_gt: if (m > n && all_contained_in(st, b, a, &r) != Res::ok) return Res::error; break;
        case cmp_ge: if (m >= n && all_contained_in(st, b, a, &r) != Res::ok) return Res::error; break;
        default: break;
    }
    out = Value::boolean(r);
    return Res::ok;
}

bool dict_view_equal(const Value& a, const Value& b, bool* out) {
    if (!a.is(OT::dict_view) && !b.is(OT::dict_view)) return false;
    *out = false;
    if (a.is_obj() && b.is_obj() && a.u.o == b.u.o) { *out = true; return true; }
    if (!set_like(a) || !set_like(b)) return true;  // a values view equals only itself
    if (size_of(a) != size_of(b)) return true;
    for (const Value& x : members(a)) if (!contains_plain(b, x)) return true;
    *out = true;
    return true;
}

const NamedMethod* find_dict_view_method(const Value& view, std::string_view name) {
    static const NamedMethod kIsDisjoint{"isdisjoint", m_isdisjoint};
    if (name == "isdisjoint" && set_like_view(view)) return &kIsDisjoint;
    return nullptr;
}

// [SECTION] iteration -----------------------------------------------------------------------
Value dict_iter(const Value& dict, IterObj::Kind kind) {
    auto* it = new IterObj(kind);
    it->src = dict;
    it->cur = it->stop = int64_t(dict.as<DictObj>()->live);
    return Value::object(it);
}

Value dict_view_iter(const Value& view) {
    static const IterObj::Kind kinds[] = {IterObj::dict_keys, IterObj::dict_values, IterObj::dict_items};
    return dict_iter(view.as<DictViewObj>()->dict, kinds[kind_of(view)]);
}

Res dict_iter_next(State& st, IterObj* it, Value& out, bool* got) {
    *got = false;
    if (it->src.is_none()) return Res::ok;  // exhausted, or stopped by an error
    DictObj* d = it->src.is(OT::set) ? &it->src.as<SetObj>()->d : it->src.as<DictObj>();
    if (int64_t(d->live) != it->stop) {
        it->stop = -1;  // sticky, as CPython: every later next() raises too
        return st.raise("RuntimeError", "dictionary changed size during iteration");
    }
    while (it->idx < d->entries.size() && !d->entries[it->idx].live) ++it->idx;
    if (it->idx >= d->entries.size()) { it->src = Value(); return Res::ok; }
    if (it->cur <= 0) {  // an item the iteration did not start with: keys were deleted and added
        it->src = Value();
        return st.raise("RuntimeError", "dictionary keys changed during iteration");
    }
    const DictObj::Entry& e = d->entries[it->idx++];
    --it->cur;
    switch (it->kind) {
        case IterObj::dict_values: out = e.v; break;
        case IterObj::dict_items: out = make_tuple({e.k, e.v}); break;
        default: out = e.k; break;
    }
    *got = true;
    return Res::ok;
}

}  // namespace forklab::lang
