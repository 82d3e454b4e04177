// multiprocessing.Process (see mp_process.h): the life cycle with CPython's checks and
// messages (Lib/multiprocessing/process.py), current_process, parent_process, active_children.
// join() is the only call that may block: it comes after every check, and the state changes
// only once it returned done, so sim can repeat it.
#include "lang/mp_process.h"

#include "lang/classes.h"
#include "lang/compiler.h"
#include "lang/exceptions.h"
#include "lang/interp_state.h"
#include "lang/module_util.h"

namespace forklab::lang {

namespace {
#define ARGS FORKLAB_ARGS
#define GIVEN FORKLAB_GIVEN

constexpr const char* kStateKey = "_popen";

// The receiver of a Process method: bound (a.self, for the bare ProcessObjs) or the first
// positional argument (methods of the Process class, bound as Python methods).
Res take_self(State& st, CallArgs& a, const char* fname, Value& self, ProcessObj** p) {
    if (a.self && !a.self->is_none()) {
        self = *a.self;
    } else {
        if (a.npos < 1) return st.raise("TypeError", std::string("Process.") + fname + "() needs an argument");
        self = a.pos[0];
        ++a.pos;
        --a.npos;
    }
    *p = process_state(self);
    if (!*p) return st.raise("AttributeError", "'" + class_name_of(self) + "' object has no attribute '_closed'");
    return Res::ok;
}

int my_pid(State& st) { return st.host.os_pid(st.host.self()); }

Res check_closed(State& st, const ProcessObj* p) {
    if (p->closed) return st.raise("ValueError", "process object is closed");
    return Res::ok;
}

// The child's exit code once it is over (polls the backend without waiting).
std::optional<int> poll(State& st, ProcessObj* p) {
    if (!p->started || p->is_current || p->is_parent) return std::nullopt;
    if (!p->exitcode) {
        int code = 0;
        if (!st.host.poll_process(p->pid, &code)) p->exitcode = code;
    }
    return p->exitcode;
}

void forget_child(State& st, const ProcessObj* p) {
    for (size_t i = 0; i < st.children.size(); ++i)
        if (process_state(st.children[i]) == p) {
            st.children.erase(st.children.begin() + long(i));
            return;
        }
}

// multiprocessing.process._cleanup: children seen ended leave the set.
void cleanup_children(State& st) {
    std::vector<Value> alive;
    for (Value& c : st.children)
        if (!poll(st, process_state(c))) alive.push_back(c);
    st.children = std::move(alive);
}

bool current_is_daemon(State& st) {
    ProcessObj* me = process_state(st.current_process);
    return st.is_child && me && me->daemon;
}

// multiprocessing.spawn._check_not_importing_main's text, exactly.
const char* kBootstrapError = R"msg(
        An attempt has been made to start a new process before the
        current process has finished its bootstrapping phase.

        This probably means that you are not using fork to start your
        child processes and you have forgotten to use the proper idiom
        in the main module:

            if __name__ == '__main__':
                freeze_support()
                ...

        The "freeze_support()" line can be omitted if the program
        is not going to be frozen to produce an executable.

        To fix this issue, refer to the "Safe importing of main module"
        section in https://docs.python.org/3/library/multiprocessing.html
        )msg";

// A spawned child is bootstrapping while its module top level runs.
bool in_spawn_bootstrap(State& st) {
    if (!st.spawned) return false;
    for (const Frame& f : st.frames)
        if (f.code == st.program->codes[0].get()) return true;
    return false;
}

// SpawnProcess/ForkProcess (get_context(m).Process) name their method; Process uses the
// default context's.
std::string start_method_of(State& st, const Value& self) {
    if (self.is(OT::instance))
        if (Value* m = class_lookup(self.as<InstanceObj>()->cls.as<ClassObj>(), "_start_method"); m && m->is(OT::str))
            return str_of_obj(*m);
    return st.start_method;
}

Res p_init(State& st, CallArgs& a, Value& out) {
    if (a.npos < 1 || !a.pos[0].is(OT::instance)) return st.raise("TypeError", "Process.__init__() needs a Process instance");
    Value self = a.pos[0];
    ++a.pos;
    --a.npos;
    ARGS("Process", 0, "group", "target", "name", "args", "kwargs", "daemon");
    if (GIVEN(0) && !av[0].is_none()) return st.raise("AssertionError", "group argument must be None for now");
    auto* p = new ProcessObj();
    Value pv = Value::object(p);
    p->target = GIVEN(1) ? av[1] : Value();
    p->args = make_tuple();
    if (GIVEN(3)) {
        std::vector<Value> items;
        Res r = to_vector(st, av[3], items);
        if (r != Res::ok) return r;
        p->args = make_tuple(std::move(items));
    }
    if (GIVEN(4) && !av[4].is_none()) {
        if (!av[4].is(OT::dict)) return st.raise("TypeError", "argument after ** must be a mapping, not " + std::string(type_name(av[4])));
        p->kwargs = av[4];
    }
    ++st.process_counter;
    p->identity = (st.identity.empty() ? "" : st.identity + ":") + std::to_string(st.process_counter);
    const std::string cls = self.as<InstanceObj>()->cls.as<ClassObj>()->name;
    p->name = GIVEN(2) && truthy(av[2]) ? str_of(av[2]) : cls + "-" + p->identity;
    p->daemon = GIVEN(5) && !av[5].is_none() ? truthy(av[5]) : current_is_daemon(st);
    p->parent_pid = my_pid(st);
    Value key = make_str(kStateKey);
    self.as<InstanceObj>()->dict.as<DictObj>()->set(key, pv);
    out = Value();
    return Res::ok;
}

Res p_start(State& st, CallArgs& a, Value& out) {
    Value self;
    ProcessObj* p = nullptr;
    if (Res r = take_self(st, a, "start", self, &p); r != Res::ok) return r;
    ARGS("start", 0, "x");
    if (Res r = check_closed(st, p); r != Res::ok) return r;
    if (p->started) return st.raise("AssertionError", "cannot start a process twice");
    if (p->parent_pid != my_pid(st) || p->is_parent)
        return st.raise("AssertionError", "can only start a process object created by current process");
    if (current_is_daemon(st)) return st.raise("AssertionError", "daemonic processes are not allowed to have children");
    const bool spawn = start_method_of(st, self) != "fork";
    if (spawn && in_spawn_bootstrap(st)) return st.raise("RuntimeError", kBootstrapError);
    cleanup_children(st);
    st.start_method_fixed = true;
    ChildSpec spec{self, spawn};
    int os_error = 0;
    const ProcId pid = st.host.start_process(*st.self, spec, p->name, p->daemon, &os_error);
    out = Value();
    if (pid.value == kNoProcess) {
        if (os_error) return raise_os_error(st, os_error);
        return Res::ok;  // the backend stopped the run (a limit): this process is being killed
    }
    p->pid = pid;
    p->started = true;
    st.children.push_back(self);
    return Res::ok;
}

Res p_join(State& st, CallArgs& a, Value& out) {
    Value self;
    ProcessObj* p = nullptr;
    if (Res r = take_self(st, a, "join", self, &p); r != Res::ok) return r;
    ARGS("join", 0, "timeout");
    if (Res r = check_closed(st, p); r != Res::ok) return r;
    if (p->is_current || p->is_parent || p->parent_pid != my_pid(st))
        return st.raise("AssertionError", "can only join a child process");
    if (!p->started) return st.raise("AssertionError", "can only join a started process");
    out = Value();
    std::optional<double> timeout;
    if (GIVEN(0) && !av[0].is_none()) {
        double t = 0;
        if (Res r = need_real(st, av[0], &t); r != Res::ok) return r;
        timeout = t < 0 ? 0 : t;
    }
    if (!p->exitcode && threads_running(st)) {  // poll, so the process's other threads keep running
        bool ended = false;
        int code = 0;
        if (st.host.join_process(p->pid, 0.0, &ended, &code) == OpStatus::blocked) return st.blocked("join()");
        if (Res r = polled_wait_step(st, ended, timeout, "join()"); r != Res::ok || !ended) return r;
        p->exitcode = code;
    } else if (!p->exitcode) {
        bool ended = false;
        int code = 0;
        if (st.host.join_process(p->pid, timeout, &ended, &code) == OpStatus::blocked) return st.blocked("join()");
        if (ended) p->exitcode = code;
    }
    if (p->exitcode) forget_child(st, p);
    return Res::ok;
}

Res p_is_alive(State& st, CallArgs& a, Value& out) {
    Value self;
    ProcessObj* p = nullptr;
    if (Res r = take_self(st, a, "is_alive", self, &p); r != Res::ok) return r;
    ARGS("is_alive", 0, "x");
    if (Res r = check_closed(st, p); r != Res::ok) return r;
    if (p->is_current || p->is_parent) { out = Value::boolean(true); return Res::ok; }
    if (p->parent_pid != my_pid(st)) return st.raise("AssertionError", "can only test a child process");
    if (!p->started) { out = Value::boolean(false); return Res::ok; }
    const bool alive = !poll(st, p);
    if (!alive) forget_child(st, p);
    out = Value::boolean(alive);
    return Res::ok;
}

Res send_signal(State& st, CallArgs& a, Value& out, const char* fname, int signal) {
    Value self;
    ProcessObj* p = nullptr;
    if (Res r = take_self(st, a, fname, self, &p); r != Res::ok) return r;
    ARGS(fname, 0, "x");
    if (Res r = check_closed(st, p); r != Res::ok) return r;
    if (!p->started || p->is_current || p->is_parent)
        return st.raise("AttributeError", std::string("'NoneType' object has no attribute '") + fname + "'");
    if (!poll(st, p)) st.host.signal_process(p->pid, signal);
    out = Value();
    return Res::ok;
}
Res p_terminate(State& st, CallArgs& a, Value& out) { return send_signal(st, a, out, "terminate", 15); }
Res p_kill(State& st, CallArgs& a, Value& out) { return send_signal(st, a, out, "kill", 9); }

Res p_close(State& st, CallArgs& a, Value& out) {
    Value self;
    ProcessObj* p = nullptr;
    if (Res r = take_self(st, a, "close", self, &p); r != Res::ok) return r;
    ARGS("close", 0, "x");
    if (p->started && !p->is_current && !p->is_parent && !p->closed) {
        if (!poll(st, p))
            return st.raise("ValueError", "Cannot close a process while it is still running. You should first call join() or terminate().");
        forget_child(st, p);
    }
    p->closed = true;
    out = Value();
    return Res::ok;
}

const char* signal_name(int code) {
    switch (code) {
        case -1: return "-SIGHUP";
        case -2: return "-SIGINT";
        case -6: return "-SIGABRT";
        case -9: return "-SIGKILL";
        case -11: return "-SIGSEGV";
        case -13: return "-SIGPIPE";
        case -15: return "-SIGTERM";
        default: return nullptr;
    }
}

Res p_repr(State& st, CallArgs& a, Value& out) {
    Value self;
    ProcessObj* p = nullptr;
    if (Res r = take_self(st, a, "__repr__", self, &p); r != Res::ok) return r;
    std::optional<int> code;
    const char* status = "started";
    if (p->is_current) status = "started";
    else if (p->closed) status = "closed";
    else if (p->parent_pid != my_pid(st)) status = "unknown";
    else if (!p->started) status = "initial";
    else if ((code = poll(st, p))) status = "stopped";
    std::string s = "<" + class_name_of(self) + " name=" + str_repr(p->name);
    if (p->started && !p->is_current && !p->closed) s += " pid=" + std::to_string(st.host.os_pid(p->pid));
    s += " parent=" + std::to_string(p->parent_pid) + " " + status;
    if (code) {
        const char* n = signal_name(*code);
        s += " exitcode=" + (n ? std::string(n) : std::to_string(*code));
    }
    if (p->daemon) s += " daemon";
    out = make_str(s + ">");
    return Res::ok;
}

struct MethodDef { const char* name; NativeFn fn; };
const MethodDef kMethods[] = {
    {"__init__", p_init}, {"start", p_start}, {"join", p_join}, {"is_alive", p_is_alive},
    {"terminate", p_terminate}, {"kill", p_kill}, {"close", p_close},
    {"__repr__", p_repr},
};
}  // namespace

Value make_process_class(State& st) {
    auto* c = new ClassObj();
    Value cv = Value::object(c);
    c->name = "Process";
    c->module = "multiprocessing.context";
    c->native_attrs = true;  // name, daemon ... are properties: stores must reach process_property_set
    auto* d = new DictObj();
    c->dict = Value::object(d);
    for (const MethodDef& m : kMethods) d->set(make_str(m.name), Value::object(new BuiltinObj(m.fn, m.name)));
    // run() is bytecode (the compiler's hidden "run"), so a blocking target may run inside it.
    d->set(make_str("run"), Value::object(new FunctionObj(st.program->codes[size_t(st.program->process_run)].get())));
    compute_mro(c);
    return cv;
}

ProcessObj* process_state(const Value& v) {
    if (v.is(OT::process)) return v.as<ProcessObj>();
    if (v.is(OT::instance)) {
        Value* s = v.as<InstanceObj>()->dict.as<DictObj>()->find_str(kStateKey);
        if (s && s->is(OT::process)) return s->as<ProcessObj>();
    }
    return nullptr;
}

bool is_process_property(std::string_view n) {
    return n == "name" || n == "daemon" || n == "pid" || n == "ident" || n == "exitcode" || n == "_target" ||
           n == "_args" || n == "_kwargs";
}

Res process_property_get(State& st, const Value& obj, std::string_view name, Value& out, bool* found) {
    *found = false;
    ProcessObj* p = is_process_property(name) ? process_state(obj) : nullptr;
    if (!p) return Res::ok;
    *found = true;
    if (name == "name") { out = make_str(p->name); return Res::ok; }
    if (name == "daemon") { out = Value::boolean(p->daemon); return Res::ok; }
    if (name == "_target") { out = p->target; return Res::ok; }
    if (name == "_args") { out = p->args.is_none() ? make_tuple() : p->args; return Res::ok; }
    if (name == "_kwargs") { out = p->kwargs.is_none() ? Value::object(new DictObj()) : p->kwargs; return Res::ok; }
    if (Res r = check_closed(st, p); r != Res::ok) return r;
    if (name == "pid" || name == "ident") {
        if (p->is_current) out = Value::integer(my_pid(st));
        else if (p->is_parent) out = Value::integer(st.host.os_ppid());
        else out = p->started ? Value::integer(st.host.os_pid(p->pid)) : Value();
        return Res::ok;
    }
    std::optional<int> code = poll(st, p);  // exitcode
    out = code ? Value::integer(*code) : Value();
    return Res::ok;
}

Res process_property_set(State& st, const Value& obj, std::string_view name, const Value& v, bool* found) {
    *found = false;
    ProcessObj* p = (name == "name" || name == "daemon") ? process_state(obj) : nullptr;
    if (!p) return Res::ok;
    *found = true;
    if (name == "name") {
        if (!v.is(OT::str)) return st.raise("AssertionError", "name must be a string");
        p->name = str_of_obj(v);
        if (p->is_current) st.process_name = p->name;  // "Process NAME:" before a child's traceback
        return Res::ok;
    }
    if (p->started && !p->is_current) return st.raise("AssertionError", "process has already started");
    p->daemon = truthy(v);
    return Res::ok;
}

void process_entry(const Value& proc, Value* fn, Value* args, Value* kwargs) {
    ProcessObj* p = process_state(proc);
    Value* run = proc.is(OT::instance) ? class_lookup(proc.as<InstanceObj>()->cls.as<ClassObj>(), "run") : nullptr;
    // Process.run itself (hidden bytecode): call the target directly, one frame less.
    if (run && !(run->is(OT::function) && run->as<FunctionObj>()->code->hidden)) {
        *fn = Value::object(new MethodObj(*run, proc));
        *args = make_tuple();
        *kwargs = Value();
        return;
    }
    *fn = p->target;
    *args = p->args.is_none() ? make_tuple() : p->args;
    *kwargs = p->kwargs;
}

Res mp_current_process(State& st, CallArgs& a, Value& out) {
    ARGS("current_process", 0, "x");
    out = current_process_object(st);
    return Res::ok;
}

Res mp_parent_process(State& st, CallArgs& a, Value& out) {
    ARGS("parent_process", 0, "x");
    if (!st.is_child) { out = Value(); return Res::ok; }
    if (st.parent_process.is_none()) {
        auto* p = new ProcessObj();
        p->name = st.parent_name;
        p->is_parent = true;
        p->started = true;
        st.parent_process = Value::object(p);
    }
    out = st.parent_process;
    return Res::ok;
}

Res mp_active_children(State& st, CallArgs& a, Value& out) {
    ARGS("active_children", 0, "x");
    cleanup_children(st);
    out = make_list(st.children);
    return Res::ok;
}

Value current_process_object(State& st) {
    if (st.current_process.is_none()) {
        auto* p = new ProcessObj();
        p->name = "MainProcess";
        p->is_current = true;
        p->started = true;
        p->pid = st.host.self();
        st.current_process = Value::object(p);
    }
    return st.current_process;
}

// Methods of the bare ProcessObjs (MainProcess, the parent), bound to them.
Res process_get_attr(State& st, const Value& obj, const std::string& name, Value& out, bool* found) {
    Res r = process_property_get(st, obj, name, out, found);
    if (r != Res::ok || *found) return r;
    for (const MethodDef& m : kMethods) {
        if (name == m.name && name != "__init__") {
            out = Value::object(new BuiltinObj(m.fn, m.name, obj));
            *found = true;
            return Res::ok;
        }
    }
    return Res::ok;
}

Res process_set_attr(State& st, const Value& obj, const std::string& name, const Value& v, bool* found) {
    return process_property_set(st, obj, name, v, found);
}

}  // namespace forklab::lang
