// The builtins about objects and types: isinstance, issubclass, type, super, hasattr,
// getattr, setattr, delattr, id, hash, callable, vars, object, input; and the set
// constructors (bytes and bytearray: bytes_ops.cpp).
#include <cstdint>
#include <mutex>
#include <set>
#include <string>

#include "lang/builtins.h"
#include "lang/classes.h"
#include "lang/exceptions.h"
#include "lang/int_value.h"
#include "lang/mp_shared.h"
#include "lang/native_args.h"

namespace forklab::lang {

namespace {
// One class (or builtin type) against a value; false and an error for a non-type.
Res instance_check(State& st, const Value& v, const Value& t, bool* out, const char* fname) {
    if (t.is(OT::cls)) { *out = value_is_instance(st, v, t); return Res::ok; }
    if (t.is(OT::builtin) && t.as<BuiltinObj>()->type_id >= 0) {
        int tid = t.as<BuiltinObj>()->type_id;
        int id = type_id_of(v);
        if (tid == 100) {  // NoneType, function ...: a type known by name (type_of)
            *out = std::string_view(t.as<BuiltinObj>()->name) == (v.is_none() ? "NoneType" : type_name(v));
            return Res::ok;
        }
        *out = tid == t_object || tid == id || (tid == t_int && id == t_bool);
        return Res::ok;
    }
    return st.raise("TypeError", std::string(fname) + "() arg 2 must be a type, a tuple of types, or a union");
}
}  // namespace

Res b_isinstance(State& st, CallArgs& a, Value& out) {
    FORKLAB_ARGS("isinstance", 2, "obj", "class_or_tuple");
    std::vector<Value> types;
    if (av[1].is(OT::tuple)) types = av[1].as<ListObj>()->items;
    else types.push_back(av[1]);
    bool res = false;
    for (auto& t : types) {
        bool one = false;
        Res r = instance_check(st, av[0], t, &one, "isinstance");
        if (r != Res::ok) return r;
        res = res || one;
    }
    out = Value::boolean(res);
    return Res::ok;
}

Res b_issubclass(State& st, CallArgs& a, Value& out) {
    FORKLAB_ARGS("issubclass", 2, "cls", "class_or_tuple");
    std::vector<Value> types;
    if (av[1].is(OT::tuple)) types = av[1].as<ListObj>()->items;
    else types.push_back(av[1]);
    const Value& c = av[0];
    bool res = false;
    for (auto& t : types) {
        if (c.is(OT::cls) && t.is(OT::cls)) res = res || class_is_subclass(c.as<ClassObj>(), t.as<ClassObj>());
        else if (c.is(OT::builtin) && c.as<BuiltinObj>()->type_id >= 0 && t.is(OT::builtin) && t.as<BuiltinObj>()->type_id >= 0) {
            int x = c.as<BuiltinObj>()->type_id, y = t.as<BuiltinObj>()->type_id;
            res = res || x == y || y == t_object || (x == t_bool && y == t_int);
        } else if (t.is(OT::builtin) && t.as<BuiltinObj>()->type_id == t_object && c.is(OT::cls)) {
            res = true;
        } else if (!c.is(OT::cls) && !(c.is(OT::builtin) && c.as<BuiltinObj>()->type_id >= 0)) {
            return st.raise("TypeError", "issubclass() arg 1 must be a class");
        } else if (!t.is(OT::cls) && !(t.is(OT::builtin) && t.as<BuiltinObj>()->type_id >= 0)) {
            return st.raise("TypeError", "issubclass() arg 2 must be a class, a tuple of classes, or a union");
        }
    }
    out = Value::boolean(res);
    return Res::ok;
}

Res b_not_implemented(State& st, CallArgs&, Value&);

// A type name made at run time (c_double_Array_2), kept for the life of the program: type
// objects hold a plain pointer to their name, and every interpreter (thread) may make one.
const char* interned_name(std::string name) {
    static std::mutex guard;
    static std::set<std::string> names;
    std::lock_guard<std::mutex> hold(guard);
    return names.insert(std::move(name)).first->c_str();
}

Value type_of(State& st, const Value& v) {
    if (v.is(OT::instance)) return v.as<InstanceObj>()->cls;
    if (v.is(OT::cls)) return st.builtins[size_t(builtin_index("type"))];
    int id = type_id_of(v);
    static const char* const kNames[] = {"int", "float", "bool", "str", "list", "tuple", "dict", "range", nullptr, "set", "bytes", "object", "type",
                                         "frozenset", "bytearray", "slice"};
    if (id >= 0 && id < int(sizeof kNames / sizeof kNames[0]) && kNames[id]) return st.builtins[size_t(builtin_index(kNames[id]))];
    // Types without a constructor here (NoneType, function, generator ...): a type object
    // that knows its name, for type(x).__name__ and printing.
    const char* name = id == t_nonetype ? "NoneType" : v.is(OT::shared) ? interned_name(shared_type_name(v.as<SharedObj>())) : type_name(v);
    constexpr std::string_view kContext = "multiprocessing.context.";  // a context (mp_context.cpp)
    if (v.is(OT::module) && v.as<ModuleObj>()->name.rfind(kContext, 0) == 0)
        name = interned_name(v.as<ModuleObj>()->name.substr(kContext.size()));
    for (const Value& t : st.type_objects)
        if (std::string_view(t.as<BuiltinObj>()->name) == name) return t;  // type(None) is type(None)
    auto* t = new BuiltinObj(b_not_implemented, name);
    t->type_id = 100;
    st.type_objects.push_back(Value::object(t));
    return st.type_objects.back();
}

Res b_type(State& st, CallArgs& a, Value& out) {
    FORKLAB_ARGS("type", 1, "object");
    out = type_of(st, av[0]);
    return Res::ok;
}

// super() inside a method: the class that defined the running function, and its first
// argument; super(C, obj) names both.
Res b_super(State& st, CallArgs& a, Value& out) {
    auto* s = new SuperObj();
    Value sv = Value::object(s);
    if (a.npos == 2) {
        if (!a.pos[0].is(OT::cls)) return st.raise("TypeError", "super() argument 1 must be a type");
        s->cls = a.pos[0];
        s->self = a.pos[1];
    } else if (a.npos == 0) {
        if (st.frames.empty() || !st.frames.back().fn || !st.frames.back().fn->owner.is(OT::cls))
            return st.raise("RuntimeError", "super(): __class__ cell not found");
        const Frame& f = st.frames.back();
        if (f.code->nparams == 0) return st.raise("RuntimeError", "super(): no arguments");
        s->cls = f.fn->owner;
        const Value& first = st.stack[f.base];
        s->self = first.is(OT::cell) ? first.as<CellObj>()->v : first;
    } else {
        return st.raise("TypeError", "super() takes 0 or 2 arguments");
    }
    out = std::move(sv);
    return Res::ok;
}

Res b_hasattr(State& st, CallArgs& a, Value& out) {
    FORKLAB_ARGS("hasattr", 2, "obj", "name");
    if (!av[1].is(OT::str)) return st.raise("TypeError", "attribute name must be string");
    Value v;
    Res r = get_attr(st, av[0], str_of_obj(av[1]), v);
    if (r == Res::error && is_exception_instance(st.exc) &&
        class_is_subclass(st.exc.as<InstanceObj>()->cls.as<ClassObj>(), exception_class(st, "AttributeError").as<ClassObj>())) {
        st.exc = Value();
        out = Value::boolean(false);
        return Res::ok;
    }
    if (r != Res::ok) return r;
    out = Value::boolean(true);
    return Res::ok;
}

Res b_getattr(State& st, CallArgs& a, Value& out) {
    FORKLAB_ARGS("getattr", 2, "object", "name", "default");
    if (!av[1].is(OT::str)) return st.raise("TypeError", "attribute name must be string");
    Res r = get_attr(st, av[0], str_of_obj(av[1]), out);
    if (r == Res::error && FORKLAB_GIVEN(2) && is_exception_instance(st.exc) &&
        class_is_subclass(st.exc.as<InstanceObj>()->cls.as<ClassObj>(), exception_class(st, "AttributeError").as<ClassObj>())) {
        st.exc = Value();
        out = av[2];
        return Res::ok;
    }
    return r;
}

Res b_setattr(State& st, CallArgs& a, Value& out) {
    FORKLAB_ARGS("setattr", 3, "obj", "name", "value");
    if (!av[1].is(OT::str)) return st.raise("TypeError", "attribute name must be string");
    out = Value();
    return set_attr(st, av[0], str_of_obj(av[1]), av[2]);
}

Res b_delattr(State& st, CallArgs& a, Value& out) {
    FORKLAB_ARGS("delattr", 2, "obj", "name");
    if (!av[1].is(OT::str)) return st.raise("TypeError", "attribute name must be string");
    out = Value();
    return del_attr(st, av[0], str_of_obj(av[1]));
}

Res b_id(State& st, CallArgs& a, Value& out) {
    FORKLAB_ARGS("id", 1, "obj");
    const Value& v = av[0];
    int64_t id = v.is_obj() ? int64_t(uintptr_t(v.u.o) & 0x7fffffffffffULL) : int64_t(ValueHash()(v) & 0x7fffffffffffULL);
    out = Value::integer(id);
    return Res::ok;
}

Res b_hash(State& st, CallArgs& a, Value& out) {
    FORKLAB_ARGS("hash", 1, "obj");
    const Value& v = av[0];
    if (v.is(OT::instance)) {
        bool found = false;
        Res r = call_dunder(st, v, "__hash__", nullptr, 0, out, &found);
        if (r != Res::ok || found) return r;
        if (class_lookup(v.as<InstanceObj>()->cls.as<ClassObj>(), "__eq__"))
            return st.raise("TypeError", "unhashable type: '" + class_name_of(v) + "'");
    }
    if (!is_hashable(v)) return st.raise("TypeError", std::string("unhashable type: '") + unhashable_type_name(v) + "'");
    int64_t h;
    if (py_hash_number(v, &h)) {  // CPython's: ints mod 2**61 - 1, a float equal to an int hashes as it
        out = Value::integer(h);
        return Res::ok;
    }
    out = Value::integer(int64_t(ValueHash()(v) & 0x7fffffffffffffffULL));
    return Res::ok;
}

Res b_callable(State& st, CallArgs& a, Value& out) {
    FORKLAB_ARGS("callable", 1, "obj");
    const Value& v = av[0];
    bool c = v.is(OT::function) || v.is(OT::builtin) || v.is(OT::method) || v.is(OT::cls) ||
             (v.is(OT::instance) && class_lookup(v.as<InstanceObj>()->cls.as<ClassObj>(), "__call__"));
    out = Value::boolean(c);
    return Res::ok;
}

Res b_vars(State& st, CallArgs& a, Value& out) {
    FORKLAB_ARGS("vars", 1, "object");
    if (av[0].is(OT::instance)) return get_attr(st, av[0], "__dict__", out);  // a threading.local: this thread's
    if (av[0].is(OT::cls)) { out = av[0].as<ClassObj>()->dict; return Res::ok; }
    return st.raise("TypeError", "vars() argument must have __dict__ attribute");
}

Res b_object(State& st, CallArgs& a, Value& out) {
    if (a.npos || a.nkw) return st.raise("TypeError", "object() takes no arguments");
    auto* c = new ClassObj();
    Value cv = Value::object(c);
    c->name = "object";
    c->module = "";
    c->dict = Value::object(new DictObj());
    compute_mro(c);
    out = new_instance(cv);
    return Res::ok;
}

Res b_not_implemented(State& st, CallArgs&, Value&) { return st.raise("TypeError", "'NotImplementedType' object is not callable"); }

Res b_input(State& st, CallArgs& a, Value& out) {
    FORKLAB_ARGS("input", 0, "prompt");
    if (FORKLAB_GIVEN(0)) {
        std::string p;
        Res r = str_value(st, av[0], p);
        if (r != Res::ok) return r;
        st.host.write(Stream::out, p);
    }
    std::string line;
    if (!st.host.read_line(line)) return st.raise("EOFError", "EOF when reading a line");
    if (!line.empty() && line.back() == '\n') line.pop_back();
    out = make_str(std::move(line));
    return Res::ok;
}

Res b_set(State& st, CallArgs& a, Value& out) {
    FORKLAB_ARGS("set", 0, "iterable");
    auto* s = new SetObj();
    Value sv = Value::object(s);
    if (FORKLAB_GIVEN(0)) {
        std::vector<Value> items;
        Res r = to_vector(st, av[0], items);
        if (r != Res::ok) return r;
        r = charge_memory(st, double(items.size()) * kDictEntryBytes);
        if (r != Res::ok) return r;
        for (auto& x : items) {
            if (!is_hashable(x)) return st.raise("TypeError", std::string("unhashable type: '") + unhashable_type_name(x) + "'");
            s->d.set(x, Value());
        }
    }
    out = std::move(sv);
    return Res::ok;
}

Res b_frozenset(State& st, CallArgs& a, Value& out) {
    Res r = b_set(st, a, out);
    if (r == Res::ok) out.as<SetObj>()->frozen = true;
    return r;
}

}  // namespace forklab::lang
