// The lazy iterator builtins: enumerate, zip, map, filter, iter (one and two arguments), next.
// Lazy as in Python 3, so they work on infinite generators and call their functions only as
// items are taken.
#include "lang/builtins.h"
#include "lang/classes.h"
#include "lang/exceptions.h"
#include "lang/native_args.h"

namespace forklab::lang {

namespace {
Value tuple_of_iters(State& st, const Value* src, int n, Res* r) {
    std::vector<Value> its;
    for (int i = 0; i < n; ++i) {
        Value it;
        *r = get_iter(st, src[i], it);
        if (*r != Res::ok) return Value();
        its.push_back(std::move(it));
    }
    return make_tuple(std::move(its));
}

bool is_stop_iteration(State& st) {
    return is_exception_instance(st.exc) &&
           class_is_subclass(st.exc.as<InstanceObj>()->cls.as<ClassObj>(), exception_class(st, "StopIteration").as<ClassObj>());
}
}  // namespace

Res b_enumerate(State& st, CallArgs& a, Value& out) {
    FORKLAB_ARGS("enumerate", 1, "iterable", "start");
    auto* it = new IterObj(IterObj::enumerate);
    Value iv = Value::object(it);
    Res r = get_iter(st, av[0], it->extra);
    if (r != Res::ok) return r;
    if (FORKLAB_GIVEN(1)) {
        if (av[1].tag != Tag::integer && av[1].tag != Tag::boolean)
            return st.raise("TypeError", std::string("'") + type_name(av[1]) + "' object cannot be interpreted as an integer");
        it->cur = av[1].tag == Tag::integer ? av[1].u.i : av[1].u.b;
    }
    out = std::move(iv);
    return Res::ok;
}

Res b_zip(State& st, CallArgs& a, Value& out) {
    for (int k = 0; k < a.nkw; ++k)
        if (str_of_obj(a.kwnames[k]) != "strict") return st.raise("TypeError", "zip() got an unexpected keyword argument '" + str_of_obj(a.kwnames[k]) + "'");
    auto* it = new IterObj(IterObj::zip);
    Value iv = Value::object(it);
    Res r = Res::ok;
    it->extra = tuple_of_iters(st, a.pos, a.npos, &r);
    if (r != Res::ok) return r;
    out = std::move(iv);
    return Res::ok;
}

Res b_map(State& st, CallArgs& a, Value& out) {
    if (a.npos < 2) return st.raise("TypeError", "map() must have at least two arguments.");
    auto* it = new IterObj(IterObj::map);
    Value iv = Value::object(it);
    it->src = a.pos[0];
    Res r = Res::ok;
    it->extra = tuple_of_iters(st, a.pos + 1, a.npos - 1, &r);
    if (r != Res::ok) return r;
    out = std::move(iv);
    return Res::ok;
}

Res b_filter(State& st, CallArgs& a, Value& out) {
    FORKLAB_ARGS("filter", 2, "function", "iterable");
    auto* it = new IterObj(IterObj::filter);
    Value iv = Value::object(it);
    it->src = av[0];
    Res r = get_iter(st, av[1], it->extra);
    if (r != Res::ok) return r;
    out = std::move(iv);
    return Res::ok;
}

Res b_iter(State& st, CallArgs& a, Value& out) {
    FORKLAB_ARGS("iter", 1, "object", "sentinel");
    if (!FORKLAB_GIVEN(1)) return get_iter(st, av[0], out);
    auto* it = new IterObj(IterObj::call_sentinel);
    Value iv = Value::object(it);
    it->src = av[0];
    it->extra = av[1];
    out = std::move(iv);
    return Res::ok;
}

Res b_next(State& st, CallArgs& a, Value& out) {
    FORKLAB_ARGS("next", 1, "iterator", "default");
    const Value& it = av[0];
    if (!it.is(OT::iter) && !it.is(OT::generator) &&
        !(it.is(OT::instance) && class_lookup(it.as<InstanceObj>()->cls.as<ClassObj>(), "__next__")))
        return st.raise("TypeError", "'" + class_name_of(it) + "' object is not an iterator");
    bool got = false;
    Res r = next_value(st, it, out, &got);
    if (r != Res::ok) return r;
    if (got) return Res::ok;
    if (FORKLAB_GIVEN(1)) { out = av[1]; return Res::ok; }
    // A generator's return value travels in StopIteration.
    std::vector<Value> args;
    if (it.is(OT::generator) && !out.is_none()) args.push_back(out);
    return raise_with_args(st, "StopIteration", std::move(args));
}

Res lazy_iter_next(State& st, IterObj* it, Value& out, bool* got) {
    *got = false;
    switch (it->kind) {
        case IterObj::bytes: {
            const std::string& b = it->src.as<BytesObj>()->s;
            if (it->idx >= b.size()) return Res::ok;
            out = Value::integer((unsigned char)b[it->idx++]);
            *got = true;
            return Res::ok;
        }
        case IterObj::enumerate: {
            Value x;
            Res r = next_value(st, it->extra, x, got);
            if (r != Res::ok || !*got) return r;
            out = make_tuple({Value::integer(it->cur++), std::move(x)});
            return Res::ok;
        }
        case IterObj::zip: case IterObj::map: {
            auto& its = it->extra.as<ListObj>()->items;
            if (its.empty()) return Res::ok;
            std::vector<Value> items;
            for (Value& sub : its) {
                Value x;
                bool g = false;
                Res r = next_value(st, sub, x, &g);
                if (r != Res::ok) return r;
                if (!g) return Res::ok;
                items.push_back(std::move(x));
            }
            if (it->kind == IterObj::zip) { out = make_tuple(std::move(items)); *got = true; return Res::ok; }
            Res r = call_value(st, it->src, items.data(), int(items.size()), out);
            if (r != Res::ok) return r;
            *got = true;
            return Res::ok;
        }
        case IterObj::filter:
            for (;;) {
                Value x;
                bool g = false;
                Res r = next_value(st, it->extra, x, &g);
                if (r != Res::ok || !g) return r;
                bool keep = false;
                if (it->src.is_none()) {
                    r = truth_value(st, x, &keep);
                } else {
                    Value t;
                    r = call_value(st, it->src, &x, 1, t);
                    if (r == Res::ok) r = truth_value(st, t, &keep);
                }
                if (r != Res::ok) return r;
                if (keep) { out = std::move(x); *got = true; return Res::ok; }
            }
        case IterObj::call_sentinel: {
            if (it->stop) return Res::ok;  // exhausted once: stays exhausted
            Res r = call_value(st, it->src, nullptr, 0, out);
            if (r != Res::ok) return r;
            bool eq = false;
            r = equal_values(st, out, it->extra, &eq);
            if (r != Res::ok) return r;
            if (eq) { it->stop = 1; out = Value(); return Res::ok; }
            *got = true;
            return Res::ok;
        }
        case IterObj::getitem: {
            Value key = Value::integer(int64_t(it->idx));
            Value argv[1] = {key};
            bool found = false;
            Res r = call_dunder(st, it->src, "__getitem__", argv, 1, out, &found);
            if (r == Res::error && (is_stop_iteration(st) ||
                                    (is_exception_instance(st.exc) &&
                                     class_is_subclass(st.exc.as<InstanceObj>()->cls.as<ClassObj>(), exception_class(st, "IndexError").as<ClassObj>())))) {
                st.exc = Value();
                return Res::ok;
            }
            if (r != Res::ok) return r;
            ++it->idx;
            *got = true;
            return Res::ok;
        }
        default: return Res::ok;
    }
}

}  // namespace forklab::lang
