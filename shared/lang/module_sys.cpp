// The sys module: exit, stdout/stderr (write through the Host), argv, maxsize and the
// int <-> str digit limit (builtins_int.cpp).
#include "lang/exceptions.h"
#include "lang/module_util.h"

namespace forklab::lang {

namespace {
Res sys_exit(State& st, CallArgs& a, Value& out) {
    FORKLAB_ARGS("exit", 0, "status");
    out = Value();
    std::vector<Value> args;
    if (FORKLAB_GIVEN(0)) args.push_back(av[0]);
    return raise_with_args(st, "SystemExit", std::move(args));
}
Res sys_noop(State& st, CallArgs& a, Value& out) { (void)st; (void)a; out = Value(); return Res::ok; }
Res sys_write(State& st, CallArgs& a, Value& out) {
    FORKLAB_ARGS("write", 1, "s");
    if (!av[0].is(OT::str)) return st.raise("TypeError", std::string("write() argument must be str, not ") + type_name(av[0]));
    bool err = a.self->is(OT::module) && a.self->as<ModuleObj>()->name == "sys.stderr";
    st.host.write(err ? Stream::err : Stream::out, str_of_obj(av[0]));
    out = Value::integer(int64_t(utf8_length(str_of_obj(av[0]))));
    return Res::ok;
}
}  // namespace

Value make_sys_module(State& st) {
    auto* m = new ModuleObj("sys");
    Value v = Value::object(m);
    module_add(m, "exit", sys_exit);
    for (const char* s : {"sys.stdout", "sys.stderr"}) {
        auto* f = new ModuleObj(s);
        Value fv = Value::object(f);
        f->attrs.emplace_back("write", Value::object(new BuiltinObj(sys_write, "write", fv)));
        f->attrs.emplace_back("flush", Value::object(new BuiltinObj(sys_noop, "flush")));
        m->attrs.emplace_back(s + 4, fv);
    }
    m->attrs.emplace_back("argv", make_list({make_str(st.program->filename)}));
    m->attrs.emplace_back("maxsize", Value::integer(INT64_MAX));
    module_add(m, "set_int_max_str_digits", sys_set_int_max_str_digits);  // builtins_int.cpp
    module_add(m, "get_int_max_str_digits", sys_get_int_max_str_digits);
    return v;
}

}  // namespace forklab::lang
