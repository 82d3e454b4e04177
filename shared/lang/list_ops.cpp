// list and tuple methods.
#include "lang/ast.h"
#include "lang/classes.h"
#include "lang/containers.h"
#include "lang/exceptions.h"
#include "lang/native_args.h"

#include <algorithm>

namespace forklab::lang {

#define SELF (*a.self)
#define ARGS FORKLAB_ARGS
#define GIVEN FORKLAB_GIVEN

namespace {
Res m_list_append(State& st, CallArgs& a, Value& out) {
    ARGS("append", 1, "object");
    if (charge_memory(st, sizeof(Value)) != Res::ok) return Res::error;
    SELF.as<ListObj>()->items.push_back(av[0]);
    out = Value();
    return Res::ok;
}
Res m_list_extend(State& st, CallArgs& a, Value& out) {
    ARGS("extend", 1, "iterable");
    std::vector<Value> items;
    Res r = to_vector(st, av[0], items);
    if (r != Res::ok) return r;
    auto& dst = SELF.as<ListObj>()->items;
    for (auto& v : items) dst.push_back(std::move(v));
    out = Value();
    return Res::ok;
}
Res m_list_pop(State& st, CallArgs& a, Value& out) {
    ARGS("pop", 0, "index");
    auto& items = SELF.as<ListObj>()->items;
    if (items.empty()) return st.raise("IndexError", "pop from empty list");
    size_t i = items.size() - 1;
    if (GIVEN(0)) { Res r = norm_index(st, av[0], items.size(), "pop", &i); if (r != Res::ok) return r; }
    out = std::move(items[i]);
    items.erase(items.begin() + long(i));
    return Res::ok;
}
Res m_list_insert(State& st, CallArgs& a, Value& out) {
    ARGS("insert", 2, "index", "object");
    if (charge_memory(st, sizeof(Value)) != Res::ok) return Res::error;
    auto& items = SELF.as<ListObj>()->items;
    int64_t i;
    if (av[0].tag == Tag::boolean) i = av[0].u.b;
    else if (av[0].tag == Tag::integer) i = av[0].u.i;
    else return st.raise("TypeError", "'" + std::string(type_name(av[0])) + "' object cannot be interpreted as an integer");
    int64_t n = int64_t(items.size());
    if (i < 0) i = std::max<int64_t>(0, i + n);
    if (i > n) i = n;
    items.insert(items.begin() + long(i), av[1]);
    out = Value();
    return Res::ok;
}
Res m_list_remove(State& st, CallArgs& a, Value& out) {
    ARGS("remove", 1, "value");
    auto& items = SELF.as<ListObj>()->items;
    for (size_t i = 0; i < items.size(); ++i)
        if (values_equal(items[i], av[0])) { items.erase(items.begin() + long(i)); out = Value(); return Res::ok; }
    return st.raise("ValueError", "list.remove(x): x not in list");
}
Res m_seq_index(State& st, CallArgs& a, Value& out) {
    ARGS("index", 1, "value");
    auto& items = SELF.as<ListObj>()->items;
    for (size_t i = 0; i < items.size(); ++i)
        if (values_equal(items[i], av[0])) { out = Value::integer(int64_t(i)); return Res::ok; }
    return st.raise("ValueError", SELF.is(OT::list) ? repr_of(av[0]) + " is not in list" : "tuple.index(x): x not in tuple");
}
Res m_seq_count(State& st, CallArgs& a, Value& out) {
    ARGS("count", 1, "value");
    int64_t n = 0;
    for (auto& v : SELF.as<ListObj>()->items) if (values_equal(v, av[0])) ++n;
    out = Value::integer(n);
    return Res::ok;
}
Res m_list_sort(State& st, CallArgs& a, Value& out) {
    ARGS("sort", 0, "key", "reverse");
    Res r = sort_values(st, SELF.as<ListObj>()->items, GIVEN(0) ? av[0] : Value(), GIVEN(1) && truthy(av[1]));
    out = Value();
    return r;
}
Res m_list_reverse(State& st, CallArgs& a, Value& out) {
    ARGS("reverse", 0, "x");
    auto& items = SELF.as<ListObj>()->items;
    std::reverse(items.begin(), items.end());
    out = Value();
    return Res::ok;
}
Res m_list_copy(State& st, CallArgs& a, Value& out) {
    ARGS("copy", 0, "x");
    out = make_list(SELF.as<ListObj>()->items);
    return Res::ok;
}
Res m_list_clear(State& st, CallArgs& a, Value& out) {
    ARGS("clear", 0, "x");
    SELF.as<ListObj>()->items.clear();
    out = Value();
    return Res::ok;
}

const NamedMethod kListMethods[] = {
    {"append", m_list_append}, {"extend", m_list_extend}, {"pop", m_list_pop}, {"insert", m_list_insert},
    {"remove", m_list_remove}, {"index", m_seq_index}, {"count", m_seq_count}, {"sort", m_list_sort},
    {"reverse", m_list_reverse}, {"copy", m_list_copy}, {"clear", m_list_clear},
};
const NamedMethod kTupleMethods[] = {{"index", m_seq_index}, {"count", m_seq_count}};
}  // namespace

const NamedMethod* find_list_method(OT type, std::string_view name) {
    if (type == OT::list) {
        for (const NamedMethod& m : kListMethods) if (name == m.name) return &m;
    } else if (type == OT::tuple) {
        for (const NamedMethod& m : kTupleMethods) if (name == m.name) return &m;
    }
    return nullptr;
}

}  // namespace forklab::lang
