// dict methods (with CPython's argument checks and messages), update() from any source,
// dict.fromkeys, and the | and |= operators. The views are in dict_views.cpp.
#include "lang/ast.h"
#include "lang/classes.h"
#include "lang/containers.h"
#include "lang/exceptions.h"
#include "lang/native_args.h"

namespace forklab::lang {

#define SELF (*a.self)

Res hashable_key(State& st, const Value& k) {
    if (!is_hashable(k)) return st.raise("TypeError", std::string("unhashable type: '") + unhashable_type_name(k) + "'");
    return Res::ok;
}

namespace {
Res set_entry(State& st, DictObj* d, const Value& k, const Value& v) {
    if (hashable_key(st, k) != Res::ok) return Res::error;
    if (!d->find(k) && charge_memory(st, kDictEntryBytes) != Res::ok) return Res::error;
    d->set(k, v);
    return Res::ok;
}
}  // namespace

Res dict_update_from(State& st, const Value& dict, const Value& src) {
    DictObj* d = dict.as<DictObj>();
    if (src.is(OT::dict)) {
        std::vector<DictObj::Entry> entries = src.as<DictObj>()->entries;  // src may be d
        if (charge_memory(st, double(entries.size()) * kDictEntryBytes) != Res::ok) return Res::error;
        for (auto& e : entries) if (e.live) d->set_hashed(e.k, e.v, e.hash);
        return Res::ok;
    }
    Value keys_fn;
    if (src.is(OT::instance) && class_lookup(src.as<InstanceObj>()->cls.as<ClassObj>(), "keys")) {  // a mapping
        if (get_attr(st, src, "keys", keys_fn) != Res::ok) return Res::error;
        Value keys;
        if (call_value(st, keys_fn, nullptr, 0, keys) != Res::ok) return Res::error;
        std::vector<Value> ks;
        if (to_vector(st, keys, ks) != Res::ok) return Res::error;
        for (const Value& k : ks) {
            Value v;
            if (get_item(st, src, k, v) != Res::ok || set_entry(st, d, k, v) != Res::ok) return Res::error;
        }
        return Res::ok;
    }
    std::vector<Value> items;
    if (to_vector(st, src, items) != Res::ok) return Res::error;
    for (size_t i = 0; i < items.size(); ++i) {
        std::string n = std::to_string(i);
        Value it;
        if (get_iter(st, items[i], it) != Res::ok) {
            st.exc = Value();
            return st.raise("TypeError", "cannot convert dictionary update sequence element #" + n + " to a sequence");
        }
        std::vector<Value> kv;
        if (to_vector(st, it, kv) != Res::ok) return Res::error;
        if (kv.size() != 2)
            return st.raise("ValueError", "dictionary update sequence element #" + n + " has length " + std::to_string(kv.size()) +
                                              "; 2 is required");
        if (set_entry(st, d, kv[0], kv[1]) != Res::ok) return Res::error;
    }
    return Res::ok;
}

namespace {
Res m_dict_get(State& st, CallArgs& a, Value& out) {
    if (method_arity(st, a, "dict.get", 1, 2) != Res::ok) return Res::error;
    if (hashable_key(st, a.pos[0]) != Res::ok) return Res::error;
    Value* v = SELF.as<DictObj>()->find(a.pos[0]);
    out = v ? *v : (a.npos > 1 ? a.pos[1] : Value());
    return Res::ok;
}
Res view(State& st, CallArgs& a, Value& out, DictViewObj::Kind kind) {
    static const char* const names[] = {"dict.keys", "dict.values", "dict.items"};
    if (method_arity(st, a, names[kind], 0, 0) != Res::ok) return Res::error;
    out = make_dict_view(SELF, kind);
    return Res::ok;
}
Res m_dict_keys(State& st, CallArgs& a, Value& out) { return view(st, a, out, DictViewObj::keys); }
Res m_dict_values(State& st, CallArgs& a, Value& out) { return view(st, a, out, DictViewObj::values); }
Res m_dict_items(State& st, CallArgs& a, Value& out) { return view(st, a, out, DictViewObj::items); }
Res m_dict_pop(State& st, CallArgs& a, Value& out) {
    if (method_arity(st, a, "dict.pop", 1, 2) != Res::ok) return Res::error;
    auto* d = SELF.as<DictObj>();
    const Value& k = a.pos[0];
    if (d->live && hashable_key(st, k) != Res::ok) return Res::error;  // CPython hashes only when not empty
    Value* v = d->live ? d->find(k) : nullptr;
    if (!v) {
        if (a.npos > 1) { out = a.pos[1]; return Res::ok; }
        return raise_key_error(st, k);
    }
    out = *v;
    d->erase(k);
    return Res::ok;
}
Res m_dict_popitem(State& st, CallArgs& a, Value& out) {
    if (method_arity(st, a, "dict.popitem", 0, 0) != Res::ok) return Res::error;
    auto* d = SELF.as<DictObj>();
    if (d->live == 0) return st.raise("KeyError", "popitem(): dictionary is empty");
    size_t i = d->entries.size();
    while (!d->entries[i - 1].live) --i;
    Value k = d->entries[i - 1].k;
    out = make_tuple({k, d->entries[i - 1].v});
    d->erase(k);
    return Res::ok;
}
Res m_dict_setdefault(State& st, CallArgs& a, Value& out) {
    if (method_arity(st, a, "dict.setdefault", 1, 2) != Res::ok) return Res::error;
    if (hashable_key(st, a.pos[0]) != Res::ok) return Res::error;
    auto* d = SELF.as<DictObj>();
    Value* v = d->find(a.pos[0]);
    if (v) { out = *v; return Res::ok; }
    out = a.npos > 1 ? a.pos[1] : Value();
    return set_entry(st, d, a.pos[0], out);
}
Res m_dict_update(State& st, CallArgs& a, Value& out) {
    if (a.npos > 1) return st.raise("TypeError", "update expected at most 1 argument, got " + std::to_string(a.npos));
    Value self = SELF;
    if (a.npos == 1 && dict_update_from(st, self, a.pos[0]) != Res::ok) return Res::error;
    for (int k = 0; k < a.nkw; ++k)
        if (set_entry(st, self.as<DictObj>(), a.kwnames[k], a.kwvals[k]) != Res::ok) return Res::error;
    out = Value();
    return Res::ok;
}
Res m_dict_copy(State& st, CallArgs& a, Value& out) {
    if (method_arity(st, a, "dict.copy", 0, 0) != Res::ok) return Res::error;
    out = Value::object(new DictObj());
    return dict_update_from(st, out, SELF);
}
Res m_dict_clear(State& st, CallArgs& a, Value& out) {
    if (method_arity(st, a, "dict.clear", 0, 0) != Res::ok) return Res::error;
    auto* d = SELF.as<DictObj>();
    std::vector<DictObj::Entry> old = std::move(d->entries);  // released once the dict is consistent
    d->clear();
    out = Value();
    return Res::ok;
}

const NamedMethod kDictMethods[] = {
    {"get", m_dict_get}, {"keys", m_dict_keys}, {"values", m_dict_values}, {"items", m_dict_items},
    {"pop", m_dict_pop}, {"popitem", m_dict_popitem}, {"setdefault", m_dict_setdefault}, {"update", m_dict_update},
    {"copy", m_dict_copy}, {"clear", m_dict_clear}, {"fromkeys", dict_fromkeys},
};
}  // namespace

// dict.fromkeys(iterable, value=None), also called on a dict ({}.fromkeys).
Res dict_fromkeys(State& st, CallArgs& a, Value& out) {
    if (method_arity(st, a, "dict.fromkeys", 1, 2) != Res::ok) return Res::error;
    std::vector<Value> keys;
    if (to_vector(st, a.pos[0], keys) != Res::ok) return Res::error;
    out = Value::object(new DictObj());
    Value v = a.npos > 1 ? a.pos[1] : Value();
    for (const Value& k : keys)
        if (set_entry(st, out.as<DictObj>(), k, v) != Res::ok) return Res::error;
    return Res::ok;
}

Res dict_binary(State& st, int op, const Value& a, const Value& b, Value& out, bool inplace, bool* handled) {
    *handled = false;
    if (op != op_or || !a.is(OT::dict)) return Res::ok;
    if (inplace) {  // d |= anything update() takes
        *handled = true;
        if (dict_update_from(st, a, b) != Res::ok) return Res::error;
        out = a;
        return Res::ok;
    }
    if (!b.is(OT::dict)) return Res::ok;
    *handled = true;
    out = Value::object(new DictObj());
    if (dict_update_from(st, out, a) != Res::ok) return Res::error;
    return dict_update_from(st, out, b);
}

const NamedMethod* find_dict_method(std::string_view name) {
    for (const NamedMethod& m : kDictMethods) if (name == m.name) return &m;
    return nullptr;
}

}  // namespace forklab::lang
