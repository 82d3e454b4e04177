#include "lang/classes.h"

#include "lang/builtins.h"
#include "lang/compiler.h"
#include "lang/containers.h"
#include "lang/exceptions.h"
#include "lang/int_value.h"
#include "lang/interp_state.h"
#include "lang/mp_process.h"
#include "lang/mp_shared.h"
#include "lang/mp_sync.h"
#include "lang/thread_objects.h"

#include <algorithm>
#include <unordered_set>

namespace forklab::lang {

// [SECTION] classes ------------------------------------------------------------------------------
void compute_mro(ClassObj* c) {
    c->mro.clear();
    for (ClassObj* k = c; k; k = k->base.is(OT::cls) ? k->base.as<ClassObj>() : nullptr) c->mro.push_back(k);
}

Value* class_lookup(const ClassObj* c, std::string_view name) {
    for (const ClassObj* k : c->mro) {
        if (Value* v = k->dict.as<DictObj>()->find_str(name)) return v;
    }
    return nullptr;
}

Res make_class_object(State& st, const Value& ns, const Value& name, const Value& base, Value& out) {
    if (!base.is_none() && !base.is(OT::cls)) {
        if (base.is(OT::builtin) && base.as<BuiltinObj>()->type_id >= 0)
            return st.raise("TypeError", std::string("forklab does not support subclassing the builtin type '") +
                                             base.as<BuiltinObj>()->name + "'");
        if (base.is(OT::builtin) && std::string_view(base.as<BuiltinObj>()->name) == "object") {
            // class C(object): the same as class C:
        } else {
            return st.raise("TypeError", "forklab does not support this base class (only classes defined in the program and exceptions)");
        }
    }
    auto* c = new ClassObj();
    out = Value::object(c);
    c->name = str_of_obj(name);
    if (base.is(OT::cls)) {
        c->base = base;
        c->is_exception = base.as<ClassObj>()->is_exception;
        c->native_attrs = base.as<ClassObj>()->native_attrs;
        c->thread_local_attrs = base.as<ClassObj>()->thread_local_attrs;
    }
    c->dict = ns;
    compute_mro(c);
    c->has_property = base.is(OT::cls) && base.as<ClassObj>()->has_property;
    // Functions defined in the body know their class, for zero-argument super() (also those
    // a property, staticmethod or classmethod wraps).
    auto own = [&](const Value& f) {
        if (f.is(OT::function) && f.as<FunctionObj>()->owner.is_none()) f.as<FunctionObj>()->owner = out;
    };
    for (auto& e : ns.as<DictObj>()->entries) {
        if (!e.live) continue;
        own(e.v);
        if (e.v.is(OT::descriptor)) {
            const auto* d = e.v.as<DescriptorObj>();
            own(d->fget);
            own(d->fset);
            own(d->fdel);
            c->has_property |= is_property(e.v);
        }
    }
    return Res::ok;
}

Value new_instance(const Value& cls) {
    if (cls.as<ClassObj>()->is_exception) return new_exception(cls, {});
    auto* o = new InstanceObj();
    Value ov = Value::object(o);
    o->cls = cls;
    o->dict = Value::object(new DictObj());
    return ov;
}

// [SECTION] attributes ---------------------------------------------------------------------------
namespace {
Value bind(const Value& attr, const Value& self) {
    if (attr.is(OT::function)) return Value::object(new MethodObj(attr, self));
    if (attr.is(OT::builtin) && attr.as<BuiltinObj>()->self.is_none() && attr.as<BuiltinObj>()->type_id < 0) {
        // A native method of a builtin class (BaseException.__init__): bind it as a method.
        return Value::object(new MethodObj(attr, self));
    }
    return attr;
}
}  // namespace

namespace {
// The attribute dict of an instance: its own, or for a threading.local the current thread's
// (kept in the instance's dict under the thread's ident, made on first use).
Value attr_dict_value(State& st, InstanceObj* o) {
    if (!o->cls.as<ClassObj>()->thread_local_attrs) return o->dict;
    DictObj* d = o->dict.as<DictObj>();
    const Value ident = Value::integer(current_ident(st));
    if (Value* mine = d->find(ident); mine && mine->is(OT::dict)) return *mine;
    Value fresh = Value::object(new DictObj());
    d->set(ident, fresh);
    // A subclass's __init__ runs again in this thread with the constructor's arguments (kept
    // under the key None by instantiate), as CPython's _threading_local does. An exception
    // it raises is dropped: this lookup cannot fail (CPython would raise it here).
    const Value* saved = d->find(Value());  // (positional, keyword names, keyword values)
    Value* init = class_lookup(o->cls.as<ClassObj>(), "__init__");
    if (saved && saved->is(OT::tuple) && init && init->is(OT::function)) {
        const auto& parts = saved->as<ListObj>()->items;
        const auto& pos = parts[0].as<ListObj>()->items;
        const auto& names = parts[1].as<ListObj>()->items;
        const auto& vals = parts[2].as<ListObj>()->items;
        std::vector<Value> call;
        Value self;
        self.tag = Tag::obj;
        self.u.o = o;
        ++o->rc;
        call.push_back(std::move(self));
        call.insert(call.end(), pos.begin(), pos.end());
        call.insert(call.end(), vals.begin(), vals.end());
        Value ignored;
        const Value fn = *init;
        if (call_value_kw(st, fn, call.data(), int(pos.size()) + 1, names.data(), int(names.size()), ignored) != Res::ok)
            st.exc = Value();
    }
    return fresh;
}
// (The dict stays alive in the instance after the Value goes.)
DictObj* attr_dict(State& st, InstanceObj* o) { return attr_dict_value(st, o).as<DictObj>(); }
}  // namespace

DictObj* thread_local_dict(State& st, InstanceObj* o) { return attr_dict(st, o); }

Res object_getattr(State& st, const Value& obj, std::string_view name, Value& out, bool* found) {
    *found = true;
    if (obj.is(OT::instance)) {
        auto* o = obj.as<InstanceObj>();
        auto* cls = o->cls.as<ClassObj>();
        if (is_process_property(name)) {  // multiprocessing.Process's properties come first
            Res r = process_property_get(st, obj, name, out, found);
            if (r != Res::ok || *found) return r;
            *found = true;
        }
        if (cls->has_property) {  // a property comes before the instance's own attributes
            Value* v = class_lookup(cls, name);
            if (v && is_property(*v)) return descriptor_bind(st, *v, obj, o->cls, out);
        }
        if (Value* v = attr_dict(st, o)->find_str(name)) { out = *v; return Res::ok; }
        if (cls->is_exception) {
            if (name == "args") { out = o->args; return Res::ok; }
            if (name == "code" && class_is_subclass(cls, exception_class(st, "SystemExit").as<ClassObj>())) {
                auto& a = o->args.as<ListObj>()->items;  // SystemExit.code: None, the argument, or all of them
                out = a.empty() ? Value() : a.size() == 1 ? a[0] : o->args;
                return Res::ok;
            }
            if (name == "__cause__") { out = o->cause; return Res::ok; }
            if (name == "__context__") { out = o->context; return Res::ok; }
            if (name == "__suppress_context__") { out = Value::boolean(o->suppress_context); return Res::ok; }
            if (name == "__traceback__") { out = Value(); return Res::ok; }
            const auto& args = o->args.as<ListObj>()->items;
            const ClassObj* stop = st.exc_classes[size_t(exception_index("StopIteration"))].as<ClassObj>();
            const ClassObj* exit = st.exc_classes[size_t(exception_index("SystemExit"))].as<ClassObj>();
            if (name == "value" && class_is_subclass(cls, stop)) { out = args.empty() ? Value() : args[0]; return Res::ok; }
            if (name == "code" && class_is_subclass(cls, exit)) {
                out = args.empty() ? Value() : args.size() == 1 ? args[0] : o->args;
                return Res::ok;
            }
        }
        if (name == "__class__") { out = o->cls; return Res::ok; }
        if (name == "__dict__") { out = attr_dict_value(st, o); return Res::ok; }
        if (Value* v = class_lookup(cls, name)) {
            if (v->is(OT::descriptor)) return descriptor_bind(st, *v, obj, o->cls, out);
            out = bind(*v, obj);
            return Res::ok;
        }
        *found = false;
        return Res::ok;
    }
    if (obj.is(OT::cls)) {
        auto* c = obj.as<ClassObj>();
        if (Value* v = class_lookup(c, name)) {
            if (v->is(OT::descriptor)) return descriptor_bind(st, *v, Value(), obj, out);
            out = *v;
            return Res::ok;
        }
        if (name == "__name__" || name == "__qualname__") { out = make_str(c->name); return Res::ok; }
        if (name == "__doc__") { out = Value(); return Res::ok; }
        if (name == "__module__") { out = make_str(c->module.empty() ? "builtins" : c->module); return Res::ok; }
        if (name == "__base__") { out = c->base; return Res::ok; }
        if (name == "__bases__") { out = make_tuple(c->base.is_none() ? std::vector<Value>{} : std::vector<Value>{c->base}); return Res::ok; }
        if (name == "__dict__") { out = c->dict; return Res::ok; }
        if (name == "__mro__") {
            std::vector<Value> m;
            for (ClassObj* k : c->mro) { Value kv; kv.tag = Tag::obj; kv.u.o = k; ++k->rc; m.push_back(std::move(kv)); }
            m.push_back(st.builtins[size_t(builtin_index("object"))]);
            out = make_tuple(std::move(m));
            return Res::ok;
        }
        *found = false;
        return Res::ok;
    }
    if (obj.is(OT::super_)) {
        auto* s = obj.as<SuperObj>();
        const ClassObj* start = s->cls.as<ClassObj>();
        const Value& self = s->self;
        const ClassObj* type = self.is(OT::instance) ? self.as<InstanceObj>()->cls.as<ClassObj>()
                               : self.is(OT::cls) ? self.as<ClassObj>() : start;
        bool after = false;
        for (const ClassObj* k : type->mro) {
            if (after) {
                if (Value* v = k->dict.as<DictObj>()->find_str(name)) {
                    if (v->is(OT::descriptor)) {
                        const Value cls = self.is(OT::instance) ? self.as<InstanceObj>()->cls : self;
                        return descriptor_bind(st, *v, self.is(OT::instance) ? self : Value(), cls, out);
                    }
                    out = bind(*v, self);
                    return Res::ok;
                }
            }
            if (k == start) after = true;
        }
        if (name == "__init__") {  // object.__init__: accepts nothing, does nothing
            out = Value::object(new BuiltinObj([](State&, CallArgs&, Value& o) -> Res { o = Value(); return Res::ok; }, "__init__"));
            return Res::ok;
        }
        *found = false;
        return Res::ok;
    }
    if (obj.is(OT::method)) {
        auto* m = obj.as<MethodObj>();
        if (name == "__self__") { out = m->self; return Res::ok; }
        if (name == "__func__") { out = m->fn; return Res::ok; }
        if (name == "__name__" && m->fn.is(OT::function)) { out = make_str(m->fn.as<FunctionObj>()->code->name); return Res::ok; }
    }
    *found = false;
    return Res::ok;
}

Res object_setattr(State& st, const Value& obj, const std::string& name, const Value& v, bool* handled) {
    *handled = true;
    if (obj.is(OT::instance)) {
        auto* o = obj.as<InstanceObj>();
        if (is_process_property(name)) {
            bool found = false;
            Res r = process_property_set(st, obj, name, v, &found);
            if (r != Res::ok || found) return r;
        }
        if (o->cls.as<ClassObj>()->is_exception) {
            if (name == "args") { std::vector<Value> items; Res r = to_vector(st, v, items); if (r != Res::ok) return r; o->args = make_tuple(std::move(items)); return Res::ok; }
            if (name == "__cause__") { o->cause = v; o->suppress_context = true; return Res::ok; }
            if (name == "__context__") { o->context = v; return Res::ok; }
        }
        if (o->cls.as<ClassObj>()->has_property) {
            Value* p = class_lookup(o->cls.as<ClassObj>(), name);
            if (p && is_property(*p)) return property_set(st, *p, obj, name, &v);
        }
        DictObj* d = attr_dict(st, o);
        if (Value* slot = d->find_str(name)) { *slot = v; return Res::ok; }
        Res r = charge_memory(st, kDictEntryBytes);
        if (r != Res::ok) return r;
        d->set(make_str(name), v);
        return Res::ok;
    }
    if (obj.is(OT::cls)) {
        obj.as<ClassObj>()->dict.as<DictObj>()->set(make_str(name), v);
        obj.as<ClassObj>()->has_property |= is_property(v);  // C.x = property(...) after the class body
        return Res::ok;
    }
    *handled = false;
    return Res::ok;
}

Res object_delattr(State& st, const Value& obj, const std::string& name, bool* handled) {
    *handled = true;
    DictObj* d = obj.is(OT::instance) ? attr_dict(st, obj.as<InstanceObj>())
                 : obj.is(OT::cls) ? obj.as<ClassObj>()->dict.as<DictObj>() : nullptr;
    if (!d) { *handled = false; return Res::ok; }
    if (obj.is(OT::instance) && obj.as<InstanceObj>()->cls.as<ClassObj>()->has_property) {
        Value* p = class_lookup(obj.as<InstanceObj>()->cls.as<ClassObj>(), name);
        if (p && is_property(*p)) return property_set(st, *p, obj, name, nullptr);
    }
    if (!d->erase(make_str(name))) {
        if (obj.is(OT::cls)) return st.raise("AttributeError", "type object '" + obj.as<ClassObj>()->name + "' has no attribute '" + name + "'");
        return st.raise("AttributeError", "'" + class_name_of(obj) + "' object has no attribute '" + name + "'");
    }
    return Res::ok;
}

Res repr_container(State& st, const Value& v, std::string& out);

// [SECTION] protocols ------------------------------------------------------------------------------
Res call_dunder(State& st, const Value& obj, const char* name, const Value* args, int nargs, Value& out, bool* found) {
    *found = false;
    if (!obj.is(OT::instance)) return Res::ok;
    Value* m = class_lookup(obj.as<InstanceObj>()->cls.as<ClassObj>(), name);
    if (!m) return Res::ok;
    *found = true;
    Value fn = *m;
    Value argv[4];
    argv[0] = obj;
    for (int i = 0; i < nargs && i < 3; ++i) argv[i + 1] = args[i];
    return call_value(st, fn, argv, nargs + 1, out);
}

namespace {
std::string default_object_repr(const Value& v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "0x%012llx", (unsigned long long)(uintptr_t(v.u.o) & 0xffffffffffffULL));
    if (v.is(OT::cls)) {
        const ClassObj* c = v.as<ClassObj>();
        return "<class '" + (c->module.empty() ? c->name : c->module + "." + c->name) + "'>";
    }
    const ClassObj* c = v.as<InstanceObj>()->cls.as<ClassObj>();
    return "<" + (c->module.empty() ? c->name : c->module + "." + c->name) + " object at " + buf + ">";
}

Res dunder_text(State& st, const Value& v, const char* name, std::string& out, bool* found) {
    Value r;
    Res res = call_dunder(st, v, name, nullptr, 0, r, found);
    if (res != Res::ok || !*found) return res;
    if (!r.is(OT::str)) return st.raise("TypeError", std::string(name) + " returned non-string (type " + type_name(r) + ")");
    out = r.as<StrObj>()->s;
    return Res::ok;
}

Res repr_items(State& st, const std::vector<Value>& items, std::string& out) {
    for (size_t i = 0; i < items.size(); ++i) {
        if (i) out += ", ";
        std::string part;
        Res r = repr_value(st, items[i], part);
        if (r != Res::ok) return r;
        out += part;
    }
    return Res::ok;
}

// Whether a container holds anything whose repr needs the interpreter (each container is
// looked at once: a list holding itself, or one list twice, is no deeper).
bool needs_state_in(const Value& v, std::unordered_set<const Obj*>& seen, int depth) {
    if (!v.is_obj()) return false;
    switch (v.u.o->type) {
        case OT::instance: case OT::cls: return true;
        case OT::bigint: return true;  // str() has a digit limit (int_repr)
        case OT::shared: case OT::lock: case OT::sync: return true;  // their reprs ask the Host
        case OT::list: case OT::tuple: case OT::dict: case OT::set: break;
        case OT::dict_view: return needs_state_in(v.as<DictViewObj>()->dict, seen, depth);
        default: return false;
    }
    if (depth > 50) return true;
    if (!seen.insert(v.u.o).second) return false;
    if (v.is(OT::list) || v.is(OT::tuple)) {
        for (auto& x : v.as<ListObj>()->items) if (needs_state_in(x, seen, depth + 1)) return true;
        return false;
    }
    const DictObj& d = v.is(OT::dict) ? *v.as<DictObj>() : v.as<SetObj>()->d;
    for (auto& e : d.entries)
        if (e.live && (needs_state_in(e.k, seen, depth + 1) || needs_state_in(e.v, seen, depth + 1))) return true;
    return false;
}
bool needs_state(const Value& v) {
    if (!v.is_obj()) return false;
    std::unordered_set<const Obj*> seen;
    return needs_state_in(v, seen, 0);
}
}  // namespace

Res repr_value(State& st, const Value& v, std::string& out) {
    if (v.is(OT::shared)) return shared_repr(st, v, out);  // reads shared memory through the Host
    if (v.is(OT::lock)) return mp_lock_repr(st, v, out);    // asks the Host who holds it
    if (v.is(OT::sync)) return sync_repr_value(st, v, out); // reads the live counts
    if (!needs_state(v)) { out = repr_of(v); return Res::ok; }
    if (v.is(OT::list) || v.is(OT::tuple) || v.is(OT::dict) || v.is(OT::set) || v.is(OT::dict_view)) {
        for (const Obj* o : st.repr_active)
            if (o == v.u.o) {
                out = v.is(OT::list) ? "[...]" : v.is(OT::tuple) ? "(...)" : v.is(OT::dict_view) ? "..." : "{...}";
                return Res::ok;
            }
        if (st.repr_active.size() > 1000) return st.raise("RecursionError", "maximum recursion depth exceeded while getting the repr of an object");
        st.repr_active.push_back(v.u.o);
        Res r = repr_container(st, v, out);
        st.repr_active.pop_back();
        return r;
    }
    return repr_container(st, v, out);
}

Res repr_container(State& st, const Value& v, std::string& out) {
    if (v.is(OT::bigint)) return int_repr(st, v, out);
    if (v.is(OT::instance)) {
        bool found = false;
        Res r = dunder_text(st, v, "__repr__", out, &found);
        if (r != Res::ok || found) return r;
        if (is_exception_instance(v)) { out = exception_repr(st, v); return Res::ok; }
        out = default_object_repr(v);
        return Res::ok;
    }
    if (v.is(OT::cls)) { out = default_object_repr(v); return Res::ok; }
    if (v.is(OT::dict_view)) {
        std::string items;
        Res r = repr_value(st, dict_view_items(v), items);
        out = dict_view_repr(v, items);
        return r;
    }
    if (v.is(OT::list) || v.is(OT::tuple)) {
        bool tup = v.is(OT::tuple);
        const std::vector<Value> items = v.as<ListObj>()->items;  // a __repr__ may change the list
        out = tup ? "(" : "[";
        Res r = repr_items(st, items, out);
        if (r != Res::ok) return r;
        if (tup && items.size() == 1) out += ",";
        out += tup ? ")" : "]";
        return Res::ok;
    }
    if (v.is(OT::dict)) {
        out = "{";
        bool first = true;
        const auto& entries = v.as<DictObj>()->entries;
        for (size_t i = 0; i < entries.size(); ++i) {  // by index: a __repr__ may change the dict
            if (!entries[i].live) continue;
            if (!first) out += ", ";
            first = false;
            std::string k, x;
            Value ek = entries[i].k, ev = entries[i].v;
            Res r = repr_value(st, ek, k);
            if (r == Res::ok) r = repr_value(st, ev, x);
            if (r != Res::ok) return r;
            out += k + ": " + x;
        }
        out += "}";
        return Res::ok;
    }
    if (v.is(OT::set)) {
        std::vector<Value> keys;
        for (auto& e : v.as<SetObj>()->d.entries) if (e.live) keys.push_back(e.k);
        out = "{";
        Res r = repr_items(st, keys, out);
        out += "}";
        return r;
    }
    out = repr_of(v);
    return Res::ok;
}

Res str_value(State& st, const Value& v, std::string& out) {
    if (v.is(OT::str)) { out = v.as<StrObj>()->s; return Res::ok; }
    if (v.is(OT::instance)) {
        bool found = false;
        Res r = dunder_text(st, v, "__str__", out, &found);
        if (r != Res::ok || found) return r;
        if (is_exception_instance(v)) { out = exception_str(st, v); return Res::ok; }
        return repr_value(st, v, out);
    }
    if (needs_state(v) || v.is(OT::shared)) return repr_value(st, v, out);
    out = str_of(v);
    return Res::ok;
}

Res truth_value(State& st, const Value& v, bool* out) {
    if (!v.is(OT::instance)) { *out = truthy(v); return Res::ok; }
    Value r;
    bool found = false;
    Res res = call_dunder(st, v, "__bool__", nullptr, 0, r, &found);
    if (res != Res::ok) return res;
    if (found) {
        if (r.tag != Tag::boolean) return st.raise("TypeError", std::string("__bool__ should return bool, returned ") + type_name(r));
        *out = r.u.b;
        return Res::ok;
    }
    res = call_dunder(st, v, "__len__", nullptr, 0, r, &found);
    if (res != Res::ok) return res;
    if (found) {
        if (r.tag != Tag::integer) return st.raise("TypeError", std::string("'") + type_name(r) + "' object cannot be interpreted as an integer");
        *out = r.u.i != 0;
        return Res::ok;
    }
    *out = true;
    return Res::ok;
}

Res equal_values(State& st, const Value& a, const Value& b, bool* out) {
    if (!a.is(OT::instance) && !b.is(OT::instance)) {
        if ((a.is(OT::list) || a.is(OT::tuple)) && a.tag == b.tag && b.is_obj() && a.u.o->type == b.u.o->type && needs_state(a)) {
            const auto& p = a.as<ListObj>()->items;
            const auto& q = b.as<ListObj>()->items;
            if (p.size() != q.size()) { *out = false; return Res::ok; }
            for (size_t i = 0; i < p.size(); ++i) {
                if (p[i].is_obj() && q[i].is_obj() && p[i].u.o == q[i].u.o) continue;
                bool e = false;
                Res r = equal_values(st, p[i], q[i], &e);
                if (r != Res::ok) return r;
                if (!e) { *out = false; return Res::ok; }
            }
            *out = true;
            return Res::ok;
        }
        *out = values_equal(a, b);
        return Res::ok;
    }
    if (a.is_obj() && b.is_obj() && a.u.o == b.u.o) { *out = true; return Res::ok; }
    for (int side = 0; side < 2; ++side) {
        const Value& x = side ? b : a;
        const Value& y = side ? a : b;
        Value r;
        bool found = false;
        Res res = call_dunder(st, x, "__eq__", &y, 1, r, &found);
        if (res != Res::ok) return res;
        if (found && !(r.is(OT::builtin) && std::string_view(r.as<BuiltinObj>()->name) == "NotImplemented")) {
            return truth_value(st, r, out);
        }
    }
    *out = false;
    return Res::ok;
}

// [SECTION] iteration ---------------------------------------------------------------------------------
// next() on any iterator that is not a builtin IterObj: generators and classes with
// __next__ (StopIteration ends them). *got false when exhausted.
Res next_value(State& st, const Value& it, Value& out, bool* got) {
    *got = false;
    if (it.is(OT::iter)) return iter_next(st, it.as<IterObj>(), out, got);
    if (it.is(OT::generator)) {
        bool done = false;
        Res r = gen_resume(st, it.as<GeneratorObj>(), Value(), out, &done);
        if (r != Res::ok) return r;
        *got = !done;
        return Res::ok;
    }
    bool found = false;
    Res r = call_dunder(st, it, "__next__", nullptr, 0, out, &found);
    if (r == Res::error && is_exception_instance(st.exc) &&
        class_is_subclass(st.exc.as<InstanceObj>()->cls.as<ClassObj>(), exception_class(st, "StopIteration").as<ClassObj>())) {
        st.exc = Value();
        return Res::ok;
    }
    if (r != Res::ok) return r;
    if (!found) return st.raise("TypeError", "'" + class_name_of(it) + "' object is not an iterator");
    *got = true;
    return Res::ok;
}

// [SECTION] keys -----------------------------------------------------------------------------------
constinit thread_local State* RunningInterp::current = nullptr;

bool instance_hashable(const Value& v) {
    const ClassObj* c = v.as<InstanceObj>()->cls.as<ClassObj>();
    Value* h = class_lookup(c, "__hash__");
    if (h) return !h->is_none();
    return class_lookup(c, "__eq__") == nullptr;  // __eq__ without __hash__: unhashable
}

size_t instance_hash(const Value& v) {
    State* st = RunningInterp::current;
    if (st && class_lookup(v.as<InstanceObj>()->cls.as<ClassObj>(), "__hash__")) {
        Value out;
        bool found = false;
        if (call_dunder(*st, v, "__hash__", nullptr, 0, out, &found) == Res::ok && found) {
            if (out.tag == Tag::integer) return std::hash<int64_t>()(out.u.i);
            if (!st->exc.is_obj()) st->raise("TypeError", "__hash__ method should return an integer");
        }
    }
    return std::hash<const void*>()(v.u.o);
}

bool instance_equal(const Value& a, const Value& b) {
    if (a.is_obj() && b.is_obj() && a.u.o == b.u.o) return true;
    State* st = RunningInterp::current;
    if (!st) return false;
    bool eq = false;
    if (equal_values(*st, a, b, &eq) != Res::ok) return false;  // the exception stays in st->exc
    return eq;
}

// [SECTION] types ---------------------------------------------------------------------------------------
bool value_is_instance(State& st, const Value& v, const Value& cls) {
    if (cls.is(OT::cls)) {
        if (!v.is(OT::instance)) return false;
        return class_is_subclass(v.as<InstanceObj>()->cls.as<ClassObj>(), cls.as<ClassObj>());
    }
    if (cls.is(OT::builtin) && std::string_view(cls.as<BuiltinObj>()->name) == "object") return true;
    (void)st;
    return false;
}

std::string class_name_of(const Value& v) {
    if (v.is(OT::instance)) return v.as<InstanceObj>()->cls.as<ClassObj>()->name;
    if (v.is(OT::cls)) return "type";
    return type_name(v);
}

}  // namespace forklab::lang
