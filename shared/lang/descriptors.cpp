// property, staticmethod and classmethod: the descriptors course code uses in its classes.
// They are not general descriptors (no __get__/__set__ protocol for user classes): the
// attribute lookup of classes.cpp knows these three kinds. A class that holds a property
// (ClassObj::has_property) looks at its class before an instance's own attributes, as
// CPython does for data descriptors; every other class keeps the one dict lookup.
#include "lang/classes.h"
#include "lang/exceptions.h"
#include "lang/native_args.h"

namespace forklab::lang {

bool is_property(const Value& v) { return v.is(OT::descriptor) && v.as<DescriptorObj>()->kind == DescriptorObj::property; }

namespace {

Value make_descriptor(DescriptorObj::Kind kind, Value fget, Value fset = Value(), Value fdel = Value(), Value doc = Value()) {
    auto* d = new DescriptorObj(kind);
    d->fget = std::move(fget);
    d->fset = std::move(fset);
    d->fdel = std::move(fdel);
    d->doc = std::move(doc);
    return Value::object(d);
}

// p.getter(f), p.setter(f), p.deleter(f): a copy of p with that function replaced.
Res copy_with(State& st, CallArgs& a, Value& out, int which) {
    if (a.npos != 1 || a.nkw) return st.raise("TypeError", "descriptor takes exactly one argument");
    const auto* p = a.self->as<DescriptorObj>();
    Value f[3] = {p->fget, p->fset, p->fdel};
    f[which] = a.pos[0];
    Value doc = p->doc;
    if (which == 0 && doc.is_none() && a.pos[0].is(OT::function) && a.pos[0].as<FunctionObj>()->code->has_doc)
        doc = make_str(a.pos[0].as<FunctionObj>()->code->doc);
    out = make_descriptor(DescriptorObj::property, f[0], f[1], f[2], doc);
    return Res::ok;
}
Res p_getter(State& st, CallArgs& a, Value& out) { return copy_with(st, a, out, 0); }
Res p_setter(State& st, CallArgs& a, Value& out) { return copy_with(st, a, out, 1); }
Res p_deleter(State& st, CallArgs& a, Value& out) { return copy_with(st, a, out, 2); }

std::string owner_name(const Value& obj) {
    return obj.is(OT::instance) ? obj.as<InstanceObj>()->cls.as<ClassObj>()->name : std::string(type_name(obj));
}

}  // namespace

Res b_property(State& st, CallArgs& a, Value& out) {
    FORKLAB_ARGS("property", 0, "fget", "fset", "fdel", "doc");
    for (Value& v : av)
        if (v.tag == Tag::undef) v = Value();
    Value doc = av[3];
    if (doc.is_none() && av[0].is(OT::function) && av[0].as<FunctionObj>()->code->has_doc)
        doc = make_str(av[0].as<FunctionObj>()->code->doc);  // a getter's docstring is the property's
    out = make_descriptor(DescriptorObj::property, av[0], av[1], av[2], doc);
    return Res::ok;
}

Res b_staticmethod(State& st, CallArgs& a, Value& out) {
    if (a.nkw) return st.raise("TypeError", "staticmethod() takes no keyword arguments");
    if (a.npos != 1) return st.raise("TypeError", "staticmethod expected 1 argument, got " + std::to_string(a.npos));
    out = make_descriptor(DescriptorObj::staticmethod, a.pos[0]);
    return Res::ok;
}

Res b_classmethod(State& st, CallArgs& a, Value& out) {
    if (a.nkw) return st.raise("TypeError", "classmethod() takes no keyword arguments");
    if (a.npos != 1) return st.raise("TypeError", "classmethod expected 1 argument, got " + std::to_string(a.npos));
    out = make_descriptor(DescriptorObj::classmethod, a.pos[0]);
    return Res::ok;
}

Res descriptor_bind(State& st, const Value& desc, const Value& self, const Value& cls, Value& out) {
    const auto* d = desc.as<DescriptorObj>();
    switch (d->kind) {
        case DescriptorObj::staticmethod: out = d->fget; return Res::ok;
        case DescriptorObj::classmethod: out = Value::object(new MethodObj(d->fget, cls)); return Res::ok;
        case DescriptorObj::property: break;
    }
    if (self.is_none()) {  // C.prop: the property itself
        out = desc;
        return Res::ok;
    }
    if (d->fget.is_none()) return st.raise("AttributeError", "unreadable attribute");
    return call_value(st, d->fget, &self, 1, out);
}

Res property_set(State& st, const Value& prop, const Value& obj, const std::string& name, const Value* v) {
    const auto* d = prop.as<DescriptorObj>();
    const Value& fn = v ? d->fset : d->fdel;
    if (fn.is_none())
        return st.raise("AttributeError", "property '" + name + "' of '" + owner_name(obj) + "' object has no " +
                                              (v ? "setter" : "deleter"));
    Value args[2] = {obj, v ? *v : Value()};
    Value ignored;
    return call_value(st, fn, args, v ? 2 : 1, ignored);
}

Res descriptor_get_attr(State& st, const Value& obj, const std::string& name, Value& out, bool* found) {
    (void)st;
    *found = true;
    const auto* d = obj.as<DescriptorObj>();
    const bool prop = d->kind == DescriptorObj::property;
    if (prop && name == "fget") out = d->fget;
    else if (prop && name == "fset") out = d->fset;
    else if (prop && name == "fdel") out = d->fdel;
    else if (name == "__doc__") out = prop ? d->doc : Value();
    else if (!prop && (name == "__func__" || name == "__wrapped__")) out = d->fget;
    else if (prop && name == "getter") out = Value::object(new BuiltinObj(p_getter, "getter", obj));
    else if (prop && name == "setter") out = Value::object(new BuiltinObj(p_setter, "setter", obj));
    else if (prop && name == "deleter") out = Value::object(new BuiltinObj(p_deleter, "deleter", obj));
    else *found = false;
    return Res::ok;
}

}  // namespace forklab::lang
