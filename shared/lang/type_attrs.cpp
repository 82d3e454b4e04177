// Attributes of the builtin container types themselves: unbound methods (str.lower,
// list.append, dict.get ..., callable as str.lower("ABC") and usable as key=str.lower) and
// the alternate constructors dict.fromkeys, bytes.fromhex, bytearray.fromhex, int.from_bytes.
#include "lang/bytes_ops.h"
#include "lang/classes.h"
#include "lang/containers.h"
#include "lang/int_bytes.h"
#include "lang/interp_state.h"

#include <cstring>

namespace forklab::lang {

namespace {
// An empty value of the type, to look its methods up with get_attr.
Value sample_of(const BuiltinObj* t) {
    std::string_view n = t->name;
    if (n == "str") return make_str("");
    if (n == "list") return make_list();
    if (n == "tuple") return make_tuple();
    if (n == "dict") return Value::object(new DictObj());
    if (n == "set" || n == "frozenset") {
        auto* s = new SetObj();
        s->frozen = n == "frozenset";
        return Value::object(s);
    }
    if (n == "bytes" || n == "bytearray") {
        auto* b = new BytesObj("");
        b->mutable_ = n == "bytearray";
        return Value::object(b);
    }
    if (n == "range") return Value::object(new RangeObj(0, 0, 1));
    return Value::undef();
}

// self: (the type, the method bound to a sample). Calls the method on args[0].
Res unbound_call(State& st, CallArgs& a, Value& out) {
    const auto& parts = a.self->as<ListObj>()->items;
    const BuiltinObj* type = parts[0].as<BuiltinObj>();
    const BuiltinObj* bound = parts[1].as<BuiltinObj>();
    std::string qual = std::string(type->name) + "." + bound->name;
    if (a.npos < 1) return st.raise("TypeError", "unbound method " + qual + "() needs an argument");
    if (std::strcmp(type_name(a.pos[0]), type->name) != 0)
        return st.raise("TypeError", std::string("descriptor '") + bound->name + "' for '" + type->name +
                                         "' objects doesn't apply to a '" + class_name_of(a.pos[0]) + "' object");
    CallArgs b = a;
    Value self = a.pos[0];
    b.self = &self;
    b.pos = a.pos + 1;
    b.npos = a.npos - 1;
    return bound->fn(st, b, out);
}
}  // namespace

bool is_unbound_method(const BuiltinObj* b) { return b->fn == unbound_call; }

Res builtin_type_attr(State& st, const Value& type, const std::string& name, Value& out, bool* found) {
    *found = false;
    const BuiltinObj* t = type.as<BuiltinObj>();
    std::string_view tn = t->name;
    if (name == "fromkeys" && tn == "dict") {
        out = Value::object(new BuiltinObj(dict_fromkeys, "fromkeys"));
        *found = true;
        return Res::ok;
    }
    if (name == "fromhex" && (tn == "bytes" || tn == "bytearray")) {
        out = Value::object(new BuiltinObj(bytes_fromhex, "fromhex", type));
        *found = true;
        return Res::ok;
    }
    if (name == "from_bytes" && (tn == "int" || tn == "bool")) {
        out = Value::object(new BuiltinObj(int_from_bytes, "from_bytes", type));
        *found = true;
        return Res::ok;
    }
    Value sample = sample_of(t);
    if (sample.tag == Tag::undef || name.rfind("__", 0) == 0) return Res::ok;
    Value bound;
    if (get_attr(st, sample, name, bound) != Res::ok) {
        st.exc = Value();
        *found = true;
        return st.raise("AttributeError", "type object '" + std::string(tn) + "' has no attribute '" + name + "'");
    }
    if (!bound.is(OT::builtin)) return Res::ok;  // a data attribute of the sample (range.start ...)
    auto* u = new BuiltinObj(unbound_call, bound.as<BuiltinObj>()->name, make_tuple({type, bound}));
    out = Value::object(u);
    *found = true;
    return Res::ok;
}

}  // namespace forklab::lang
