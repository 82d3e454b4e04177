// A minimal ctypes: the simple C types as classes (c_int, c_double, c_char, c_bool ... and their
// aliases c_int32, c_longlong ...), so multiprocessing.Value(ctypes.c_int, 0) can name its
// element type, plus c_int(5) objects with .value and sizeof(). No pointers, structures or
// foreign functions. Each class carries CPython's `_type_` letter; mp_shared.cpp reads it.
#include "lang/classes.h"
#include "lang/interp_state.h"
#include "lang/module_util.h"
#include "lang/mp_shared.h"

namespace forklab::lang {

namespace {

bool code_of(const Value& v, TypeCode* out) {
    return ctype_class_code(v.is(OT::instance) ? v.as<InstanceObj>()->cls : v, out);
}

// c_int(value=0): the value converted and wrapped to the C type, kept in the instance's `value`.
Res ct_init(State& st, CallArgs& a, Value& out) {
    TypeCode tc;
    if (a.npos < 1 || !a.pos[0].is(OT::instance) || !code_of(a.pos[0], &tc))
        return st.raise("TypeError", "ctypes: __init__ needs an instance of a ctypes type");
    if (a.npos > 2) return st.raise("TypeError", "function takes at most 1 argument (" + std::to_string(a.npos - 1) + " given)");
    Scalar sc = typecode_is_float(tc) ? Scalar::real(0.0) : Scalar::integer(0);
    if (a.npos == 2) {
        Res r = to_scalar(st, tc, a.pos[1], &sc);
        if (r != Res::ok) return r;
    }
    a.pos[0].as<InstanceObj>()->dict.as<DictObj>()->set(make_str("value"), from_scalar(tc, sc));
    out = Value();
    return Res::ok;
}

Res ct_repr(State& st, CallArgs& a, Value& out) {
    TypeCode tc;
    if (a.npos < 1 || !code_of(a.pos[0], &tc)) return st.raise("TypeError", "ctypes: __repr__ needs an instance of a ctypes type");
    Value* v = a.pos[0].as<InstanceObj>()->dict.as<DictObj>()->find_str("value");
    std::string text;
    if (v) {
        Res r = repr_value(st, *v, text);
        if (r != Res::ok) return r;
    }
    out = make_str(class_name_of(a.pos[0]) + "(" + text + ")");
    return Res::ok;
}

Res ct_sizeof(State& st, CallArgs& a, Value& out) {
    TypeCode tc;
    if (a.npos != 1 || a.nkw) return st.raise("TypeError", "sizeof() takes exactly one argument");
    if (!code_of(a.pos[0], &tc)) return st.raise("TypeError", "this type has no size");
    out = Value::integer(int64_t(typecode_size(tc)));
    return Res::ok;
}

Value make_ctype(const char* name, char letter) {
    auto* c = new ClassObj();
    Value cv = Value::object(c);
    c->name = name;
    c->module = "ctypes";
    auto* d = new DictObj();
    c->dict = Value::object(d);
    d->set(make_str("_type_"), make_str(std::string(1, letter)));
    d->set(make_str("__init__"), Value::object(new BuiltinObj(ct_init, "__init__")));
    d->set(make_str("__repr__"), Value::object(new BuiltinObj(ct_repr, "__repr__")));
    compute_mro(c);
    return cv;
}
}  // namespace

bool ctype_class_code(const Value& v, TypeCode* out) {
    if (!v.is(OT::cls) || v.as<ClassObj>()->module != "ctypes") return false;
    Value* t = class_lookup(v.as<ClassObj>(), "_type_");
    if (!t || !t->is(OT::str) || str_of_obj(*t).size() != 1) return false;
    const char letter = str_of_obj(*t)[0];
    if (letter == '?') { *out = TypeCode::boolean; return true; }
    return typecode_from_char(letter, out);
}

Value make_ctypes_module(State& st) {
    (void)st;
    auto* m = new ModuleObj("ctypes");
    Value mv = Value::object(m);
    // Each class takes its name from typecode_ctype_name, so reprs and class names agree.
    struct Def { TypeCode type; std::initializer_list<const char*> aliases; };
    // 64-bit Linux: long is 64 bits, so c_int64 and c_longlong are c_long itself, as in CPython.
    const Def defs[] = {
        {TypeCode::i8, {"c_int8"}},      {TypeCode::u8, {"c_uint8"}},
        {TypeCode::i16, {"c_int16"}},    {TypeCode::u16, {"c_uint16"}},
        {TypeCode::i32, {"c_int32"}},    {TypeCode::u32, {"c_uint32"}},
        {TypeCode::long_, {"c_int64", "c_longlong", "c_ssize_t"}},
        {TypeCode::ulong, {"c_uint64", "c_ulonglong", "c_size_t"}},
        {TypeCode::f32, {}},             {TypeCode::f64, {}},
        {TypeCode::ch, {}},              {TypeCode::boolean, {}},
    };
    for (const Def& d : defs) {
        const char* name = typecode_ctype_name(d.type);
        Value cls = make_ctype(name, char(d.type));
        m->attrs.emplace_back(name, cls);
        for (const char* alias : d.aliases) m->attrs.emplace_back(alias, cls);
    }
    module_add(m, "sizeof", ct_sizeof);
    return mv;
}

}  // namespace forklab::lang
