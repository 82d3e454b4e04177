// multiprocessing.Pool: runs the prelude (lang/prelude.h, prelude/pool.py) when multiprocessing
// is imported, and exports what it defines. The prelude's globals are ordinary global slots
// whose names carry kPreludeGlobalPrefix; a child process copies them with the rest of the
// parent's globals, so the prelude runs once per run, in the process that imports first.
#include <algorithm>
#include <string_view>

#include "lang/builtins.h"
#include "lang/exceptions.h"
#include "lang/interp_state.h"
#include "lang/prelude.h"
#include "lang/transport.h"

namespace forklab::lang {

namespace {

int prelude_global(const Program& p, std::string_view name) {
    for (size_t i = 0; i < p.global_names.size(); ++i) {
        const std::string& g = p.global_names[i];
        if (g.size() == std::string_view(kPreludeGlobalPrefix).size() + name.size() &&
            g.starts_with(kPreludeGlobalPrefix) && std::string_view(g).ends_with(name))
            return int(i);
    }
    return -1;
}

// The module `import name` gives (one object per process, as sys.modules).
Value imported_module(State& st, const std::string& name) {
    for (auto& m : st.modules) if (m.first == name) return m.second;
    Value mod = make_module(st, name);
    if (!mod.is_none()) st.modules.emplace_back(name, mod);
    return mod;
}

// _native.format_exception(e): the text traceback.format_exception(e) would give, which a
// worker sends with a failed task's exception (the RemoteTraceback the caller sees).
Res native_format_exception(State& st, CallArgs& a, Value& out) {
    if (a.npos != 1 || !a.pos[0].is(OT::instance)) return st.raise("TypeError", "format_exception(exc)");
    out = make_str(format_traceback(st, a.pos[0]));
    return Res::ok;
}

// _native.put_tasks(queue, job, kind, func, items, chunksize, first): puts the tasks of a map
// job from chunk `first` on, serialized here in one native loop instead of one Python call
// per task, and returns the index of the first chunk it did not put: all of them, or one
// that would block on sim or cannot be serialized. The prelude sends that one through the
// ordinary put (which blocks from bytecode, or fails the job as CPython's task handler
// does) and calls again for the rest. Each put is whole, so stopping anywhere is safe.
Res native_put_tasks(State& st, CallArgs& a, Value& out) {
    if (a.npos != 7 || !a.pos[0].is(OT::queue) || a.pos[5].tag != Tag::integer || a.pos[6].tag != Tag::integer ||
        !(a.pos[4].is(OT::list) || a.pos[4].is(OT::tuple)))
        return st.raise("TypeError", "put_tasks(queue, job, kind, func, items, chunksize, first)");
    const QueueObj* q = a.pos[0].as<QueueObj>();
    const std::vector<Value>& items = a.pos[4].as<ListObj>()->items;  // a list or a tuple
    const int64_t chunk = a.pos[5].u.i;
    int64_t i = a.pos[6].u.i;
    out = Value::integer(i);
    if (chunk < 1 || q->closed) return Res::ok;  // the ordinary put raises what applies
    std::string message;
    for (;; ++i) {
        const size_t start = size_t(i * chunk);
        if (start >= items.size()) break;
        const size_t end = std::min(items.size(), start + size_t(chunk));
        Value task = make_tuple({a.pos[1], Value::integer(i), a.pos[2], a.pos[3],
                                 make_tuple(std::vector<Value>(items.begin() + long(start), items.begin() + long(end)))});
        message.clear();
        if (serialize(st, task, message) != Res::ok) { st.exc = Value(); break; }
        bool full = false;
        if (st.host.queue_put(q->id, message, true, std::nullopt, &full) == OpStatus::blocked || full) break;
    }
    out = Value::integer(i);
    return Res::ok;
}

// _native.put_result(queue, item): a worker's q.put() of its result, except that an item
// pickle refuses raises here (CPython's result queue pickles in put(), and the worker then
// sends MaybeEncodingError) instead of being reported by the feeder and lost. The result
// queue is unbounded, so the put itself never waits (on sim: blocked, retried, if it did).
Res native_put_result(State& st, CallArgs& a, Value& out) {
    if (a.npos != 2 || !a.pos[0].is(OT::queue)) return st.raise("TypeError", "put_result(queue, item)");
    std::string message;
    if (serialize(st, a.pos[1], message) != Res::ok) return Res::error;
    bool full = false;
    if (st.host.queue_put(a.pos[0].as<QueueObj>()->id, message, true, std::nullopt, &full) == OpStatus::blocked)
        return st.blocked("q.put()");
    out = Value();
    return Res::ok;
}

Value native_module() {
    auto* m = new ModuleObj("_forklab_pool");
    Value mv = Value::object(m);
    m->attrs.emplace_back("format_exception", Value::object(new BuiltinObj(native_format_exception, "format_exception")));
    m->attrs.emplace_back("put_tasks", Value::object(new BuiltinObj(native_put_tasks, "put_tasks")));
    m->attrs.emplace_back("put_result", Value::object(new BuiltinObj(native_put_result, "put_result")));
    return mv;
}

void set_global(State& st, std::string_view name, Value v) {
    int g = prelude_global(*st.program, name);
    if (g >= 0) st.globals[size_t(g)] = std::move(v);
}
Value get_global(State& st, std::string_view name) {
    int g = prelude_global(*st.program, name);
    return g >= 0 && st.globals[size_t(g)].tag != Tag::undef ? st.globals[size_t(g)] : Value();
}

}  // namespace

Res install_pool(State& st, ModuleObj* mp, const Value& mp_value) {
    const Program& p = *st.program;
    if (p.prelude_entry < 0) return Res::ok;
    set_global(st, "multiprocessing", mp_value);
    set_global(st, "queue", imported_module(st, "queue"));
    set_global(st, "time", imported_module(st, "time"));
    set_global(st, "_native", native_module());
    Value top = Value::object(new FunctionObj(p.codes[size_t(p.prelude_entry)].get()));
    Value ignored;
    Res r = call_value(st, top, nullptr, 0, ignored);
    if (r != Res::ok) return r;
    for (size_t i = 0; i < p.global_names.size(); ++i) {
        if (!p.global_names[i].starts_with(kPreludeGlobalPrefix) || !st.globals[i].is(OT::cls)) continue;
        auto* c = st.globals[i].as<ClassObj>();
        c->module = c->name == "TimeoutError" || c->name == "ProcessError" ? "multiprocessing.context" : "multiprocessing.pool";
    }
    auto* pool = new ModuleObj("multiprocessing.pool");
    Value pool_value = Value::object(pool);
    for (const char* name : {"Pool", "ApplyResult", "AsyncResult", "MapResult", "IMapIterator", "IMapUnorderedIterator",
                             "RemoteTraceback", "MaybeEncodingError", "TimeoutError", "RUN", "CLOSE", "TERMINATE"})
        pool->attrs.emplace_back(name, get_global(st, name));
    mp->attrs.emplace_back("pool", pool_value);
    for (const char* name : {"Pool", "TimeoutError", "ProcessError"})
        if (!mp->find(name)) mp->attrs.emplace_back(name, get_global(st, name));
    return Res::ok;
}

Res context_pool(State& st, const Value& ctx, Value& out) {
    out = Value();
    Value make = get_global(st, "_pool_of");
    if (make.is_none()) return Res::ok;
    return call_value(st, make, &ctx, 1, out);
}

Value pool_module(State& st) {
    Value mp = imported_module(st, "multiprocessing");
    if (!mp.is(OT::module)) return Value();
    Value* pool = mp.as<ModuleObj>()->find("pool");
    return pool ? *pool : Value();
}

}  // namespace forklab::lang
