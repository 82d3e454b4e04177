// multiprocessing's start methods: set_start_method, get_start_method, get_all_start_methods
// and get_context (Lib/multiprocessing/context.py). 'fork' copies the parent (the default);
// 'spawn' and 'forkserver' start a fresh interpreter that re-runs the module top level as
// __mp_main__ before the target (Interp::make_child with ChildSpec::spawn), so a program
// without the `if __name__ == "__main__":` guard fails as it does in CPython.
//
// A context is a module-like object: the multiprocessing module's names, with Process
// replaced by the context's class (ForkProcess, SpawnProcess: subclasses of Process that
// carry `_start_method`) and get_start_method() answering the context's method.
#include "lang/classes.h"
#include "lang/interp_state.h"
#include "lang/module_util.h"
#include "lang/mp_process.h"

namespace forklab::lang {

namespace {
#define ARGS FORKLAB_ARGS
#define GIVEN FORKLAB_GIVEN

bool known_method(const std::string& m) { return m == "fork" || m == "spawn" || m == "forkserver"; }

Res bad_method(State& st, const Value& m) { return st.raise("ValueError", "cannot find context for " + repr_of(m)); }

ModuleObj* mp_module(State& st) {
    for (auto& m : st.modules)
        if (m.first == "multiprocessing" && m.second.is(OT::module)) return m.second.as<ModuleObj>();
    return nullptr;
}

Res ctx_get_start_method(State& st, CallArgs& a, Value& out) {
    ARGS("get_start_method", 0, "allow_none");
    out = *a.self;
    return Res::ok;
}

Value make_context(State& st, ModuleObj* mp, const std::string& method) {
    const char* cls_name = method == "fork" ? "ForkProcess" : method == "spawn" ? "SpawnProcess" : "ForkServerProcess";
    const char* ctx_name = method == "fork" ? "ForkContext" : method == "spawn" ? "SpawnContext" : "ForkServerContext";
    auto* c = new ClassObj();
    Value cv = Value::object(c);
    c->name = cls_name;
    c->module = "multiprocessing.context";
    if (Value* base = mp->find("Process")) c->base = *base;
    c->native_attrs = true;
    auto* d = new DictObj();
    c->dict = Value::object(d);
    d->set(make_str("_start_method"), make_str(method));
    compute_mro(c);
    auto* ctx = new ModuleObj(std::string("multiprocessing.context.") + ctx_name);
    Value ctxv = Value::object(ctx);
    for (auto& attr : mp->attrs)
        if (attr.first.rfind("_ctx_", 0) != 0) ctx->attrs.push_back(attr);
    *ctx->find("Process") = cv;
    *ctx->find("get_start_method") = Value::object(new BuiltinObj(ctx_get_start_method, "get_start_method", make_str(method)));
    if (Value* pool = ctx->find("Pool")) {
        Value own;
        if (context_pool(st, ctxv, own) == Res::ok && !own.is_none()) *pool = own;
        else st.exc = Value();  // keeps the shared Pool (its workers: the default context's)
    }
    return ctxv;
}

Res mp_set_start_method(State& st, CallArgs& a, Value& out) {
    ARGS("set_start_method", 1, "method", "force");
    const bool force = GIVEN(1) && truthy(av[1]);
    out = Value();
    if (st.start_method_fixed && !force) return st.raise("RuntimeError", "context has already been set");
    if (av[0].is_none() && force) {
        st.start_method = "fork";
        st.start_method_fixed = false;
        return Res::ok;
    }
    if (!av[0].is(OT::str) || !known_method(str_of_obj(av[0]))) return bad_method(st, av[0]);
    st.start_method = str_of_obj(av[0]);
    st.start_method_fixed = true;
    return Res::ok;
}

Res mp_get_start_method(State& st, CallArgs& a, Value& out) {
    ARGS("get_start_method", 0, "allow_none");
    if (!st.start_method_fixed && GIVEN(0) && truthy(av[0])) { out = Value(); return Res::ok; }
    st.start_method_fixed = true;
    out = make_str(st.start_method);
    return Res::ok;
}

Res mp_get_all_start_methods(State& st, CallArgs& a, Value& out) {
    ARGS("get_all_start_methods", 0, "x");
    out = make_list({make_str("fork"), make_str("spawn"), make_str("forkserver")});
    return Res::ok;
}

Res mp_get_context(State& st, CallArgs& a, Value& out) {
    ARGS("get_context", 0, "method");
    std::string method;
    if (!GIVEN(0) || av[0].is_none()) {
        st.start_method_fixed = true;  // as DefaultContext.get_context() fixes the default
        method = st.start_method;
    } else if (av[0].is(OT::str) && known_method(str_of_obj(av[0]))) {
        method = str_of_obj(av[0]);
    } else {
        return bad_method(st, av[0]);
    }
    ModuleObj* mp = mp_module(st);
    if (!mp) return st.raise("RuntimeError", "forklab: get_context() needs the multiprocessing module imported");
    const std::string key = "_ctx_" + method;  // one context per method, as in CPython
    if (Value* c = mp->find(key)) { out = *c; return Res::ok; }
    out = make_context(st, mp, method);
    mp->attrs.emplace_back(key, out);
    return Res::ok;
}
}  // namespace

void add_start_method_functions(ModuleObj* m) {
    module_add(m, "set_start_method", mp_set_start_method);
    module_add(m, "get_start_method", mp_get_start_method);
    module_add(m, "get_all_start_methods", mp_get_all_start_methods);
    module_add(m, "get_context", mp_get_context);
}

}  // namespace forklab::lang
