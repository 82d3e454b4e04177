// dict methods.
#include "lang/ast.h"
#include "lang/classes.h"
#include "lang/containers.h"
#include "lang/exceptions.h"
#include "lang/native_args.h"

namespace forklab::lang {

#define SELF (*a.self)
#define ARGS FORKLAB_ARGS
#define GIVEN FORKLAB_GIVEN

Res hashable_key(State& st, const Value& k) {
    if (!is_hashable(k)) return st.raise("TypeError", std::string("unhashable type: '") + type_name(k) + "'");
    return Res::ok;
}

namespace {
Res m_dict_get(State& st, CallArgs& a, Value& out) {
    ARGS("get", 1, "key", "default");
    if (hashable_key(st, av[0]) != Res::ok) return Res::error;
    Value* v = SELF.as<DictObj>()->find(av[0]);
    out = v ? *v : (GIVEN(1) ? av[1] : Value());
    return Res::ok;
}
Res dict_view(State& st, CallArgs& a, Value& out, int which) {
    ARGS("keys", 0, "x");
    std::vector<Value> r;
    for (auto& e : SELF.as<DictObj>()->entries) {
        if (!e.live) continue;
        if (which == 0) r.push_back(e.k);
        else if (which == 1) r.push_back(e.v);
        else r.push_back(make_tuple({e.k, e.v}));
    }
    out = make_list(std::move(r));
    return Res::ok;
}
Res m_dict_keys(State& st, CallArgs& a, Value& out) { return dict_view(st, a, out, 0); }
Res m_dict_values(State& st, CallArgs& a, Value& out) { return dict_view(st, a, out, 1); }
Res m_dict_items(State& st, CallArgs& a, Value& out) { return dict_view(st, a, out, 2); }
Res m_dict_pop(State& st, CallArgs& a, Value& out) {
    ARGS("pop", 1, "key", "default");
    if (hashable_key(st, av[0]) != Res::ok) return Res::error;
    auto* d = SELF.as<DictObj>();
    Value* v = d->find(av[0]);
    if (!v) {
        if (GIVEN(1)) { out = av[1]; return Res::ok; }
        return raise_key_error(st, av[0]);
    }
    out = *v;
    d->erase(av[0]);
    return Res::ok;
}
Res m_dict_setdefault(State& st, CallArgs& a, Value& out) {
    ARGS("setdefault", 1, "key", "default");
    if (hashable_key(st, av[0]) != Res::ok) return Res::error;
    auto* d = SELF.as<DictObj>();
    Value* v = d->find(av[0]);
    if (v) { out = *v; return Res::ok; }
    out = GIVEN(1) ? av[1] : Value();
    d->set(av[0], out);
    return Res::ok;
}
Res m_dict_update(State& st, CallArgs& a, Value& out) {
    auto* d = SELF.as<DictObj>();
    if (a.npos > 0) {
        if (!a.pos[0].is(OT::dict)) return st.raise("TypeError", "forklab: dict.update() takes a dict");
        for (auto& e : a.pos[0].as<DictObj>()->entries) if (e.live) d->set(e.k, e.v);
    }
    for (int k = 0; k < a.nkw; ++k) d->set(a.kwnames[k], a.kwvals[k]);
    out = Value();
    return Res::ok;
}
Res m_dict_copy(State& st, CallArgs& a, Value& out) {
    ARGS("copy", 0, "x");
    auto* d = new DictObj();
    for (auto& e : SELF.as<DictObj>()->entries) if (e.live) d->set(e.k, e.v);
    out = Value::object(d);
    return Res::ok;
}
Res m_dict_clear(State& st, CallArgs& a, Value& out) {
    ARGS("clear", 0, "x");
    auto* d = SELF.as<DictObj>(); d->entries.clear(); d->index.clear(); d->live = 0;
    out = Value();
    return Res::ok;
}

const NamedMethod kDictMethods[] = {
    {"get", m_dict_get}, {"keys", m_dict_keys}, {"values", m_dict_values}, {"items", m_dict_items},
    {"pop", m_dict_pop}, {"setdefault", m_dict_setdefault}, {"update", m_dict_update}, {"copy", m_dict_copy},
    {"clear", m_dict_clear},
};
}  // namespace

const NamedMethod* find_dict_method(std::string_view name) {
    for (const NamedMethod& m : kDictMethods) if (name == m.name) return &m;
    return nullptr;
}

}  // namespace forklab::lang
