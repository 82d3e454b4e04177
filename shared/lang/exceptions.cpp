#include "lang/exceptions.h"

#include "lang/classes.h"
#include "lang/compiler.h"
#include "lang/interp_state.h"
#include "lang/prelude.h"
#include "lang/suggestions.h"
#include "lang/builtins.h"
#include "lang/unsupported_hints.h"

#include <algorithm>

namespace forklab::lang {

namespace {

struct ExcDef {
    const char* name;
    int parent;  // index in kExceptions, -1 for BaseException
};

// CPython's hierarchy, the part a scenario can meet. Order matters: parents first.
const ExcDef kExceptions[] = {
    {"BaseException", -1},        // 0
    {"SystemExit", 0},            // 1
    {"KeyboardInterrupt", 0},     // 2
    {"GeneratorExit", 0},         // 3
    {"Exception", 0},             // 4
    {"StopIteration", 4},         // 5
    {"ArithmeticError", 4},       // 6
    {"ZeroDivisionError", 6},     // 7
    {"OverflowError", 6},         // 8
    {"AssertionError", 4},        // 9
    {"AttributeError", 4},        // 10
    {"EOFError", 4},              // 11
    {"ImportError", 4},           // 12
    {"ModuleNotFoundError", 12},  // 13
    {"LookupError", 4},           // 14
    {"IndexError", 14},           // 15
    {"KeyError", 14},             // 16
    {"MemoryError", 4},           // 17
    {"NameError", 4},             // 18
    {"UnboundLocalError", 18},    // 19
    {"OSError", 4},               // 20
    {"TimeoutError", 20},         // 21
    {"ConnectionError", 20},      // 22
    {"BrokenPipeError", 22},      // 23
    {"FileNotFoundError", 20},    // 24
    {"PermissionError", 20},      // 25
    {"RuntimeError", 4},          // 26
    {"NotImplementedError", 26},  // 27
    {"RecursionError", 26},       // 28
    {"SyntaxError", 4},           // 29
    {"IndentationError", 29},     // 30
    {"TabError", 30},             // 31
    {"SystemError", 4},           // 32
    {"TypeError", 4},             // 33
    {"ValueError", 4},            // 34
    {"UnicodeError", 34},         // 35
    {"UnicodeDecodeError", 35},   // 36
    {"UnicodeEncodeError", 35},   // 37
    {"FloatingPointError", 6},    // 38
    {"ProcessLookupError", 20},   // 39
    {"ChildProcessError", 20},    // 40
    {"InterruptedError", 20},     // 41
    {"ConnectionResetError", 22}, // 42
    {"ConnectionRefusedError", 22},  // 43
    {"FileExistsError", 20},      // 44
    {"BlockingIOError", 20},      // 45: a failing fork() (EAGAIN)
};
constexpr int kCount = int(sizeof kExceptions / sizeof kExceptions[0]);

// BaseException.__init__(self, *args): what super().__init__(msg) reaches.
Res exc_init(State& st, CallArgs& a, Value& out) {
    if (a.npos < 1 || !is_exception_instance(a.pos[0])) return st.raise("TypeError", "descriptor '__init__' requires a 'BaseException' object");
    std::vector<Value> args(a.pos + 1, a.pos + a.npos);
    a.pos[0].as<InstanceObj>()->args = make_tuple(std::move(args));
    out = Value();
    return Res::ok;
}
Res exc_str_method(State& st, CallArgs& a, Value& out) {
    if (a.npos < 1 || !is_exception_instance(a.pos[0])) return st.raise("TypeError", "descriptor '__str__' requires a 'BaseException' object");
    out = make_str(exception_str(st, a.pos[0]));
    return Res::ok;
}

}  // namespace

int exception_count() { return kCount; }
const char* exception_name(int index) { return kExceptions[index].name; }
int exception_index(std::string_view name) {
    for (int i = 0; i < kCount; ++i) if (name == kExceptions[i].name) return i;
    if (name == "IOError" || name == "EnvironmentError") return 20;  // aliases of OSError
    return -1;
}

void init_exception_classes(State& st) {
    st.exc_classes.clear();
    for (int i = 0; i < kCount; ++i) {
        auto* c = new ClassObj();
        Value cv = Value::object(c);
        c->name = kExceptions[i].name;
        c->builtin_exc = int8_t(i);
        c->module = "";
        c->is_exception = true;
        auto* d = new DictObj();
        c->dict = Value::object(d);
        if (kExceptions[i].parent >= 0) c->base = st.exc_classes[size_t(kExceptions[i].parent)];
        else {
            d->set(make_str("__init__"), Value::object(new BuiltinObj(exc_init, "__init__")));
            d->set(make_str("__str__"), Value::object(new BuiltinObj(exc_str_method, "__str__")));
        }
        compute_mro(c);
        st.exc_classes.push_back(std::move(cv));
    }
}

Value exception_class(State& st, const char* name) {
    int i = exception_index(name);
    return i < 0 ? st.exc_classes[size_t(exception_index("RuntimeError"))] : st.exc_classes[size_t(i)];
}

bool class_is_subclass(const ClassObj* c, const ClassObj* base) {
    for (const ClassObj* k : c->mro) if (k == base) return true;
    return false;
}

bool is_exception_instance(const Value& v) {
    return v.is(OT::instance) && v.as<InstanceObj>()->cls.as<ClassObj>()->is_exception;
}

Value new_exception(const Value& cls, std::vector<Value> args) {
    auto* e = new InstanceObj();
    Value ev = Value::object(e);
    e->cls = cls;
    e->dict = Value::object(new DictObj());
    e->args = make_tuple(std::move(args));
    return ev;
}

// CPython's OSError(errno, strerror[, filename]): the errno picks the subclass, the
// attributes are set and args keeps the first two.
Value new_exception_instance(State& st, const Value& cls, std::vector<Value> args) {
    const ClassObj* os_error = st.exc_classes[20].as<ClassObj>();
    const ClassObj* c = cls.as<ClassObj>();
    if (!class_is_subclass(c, os_error) || args.size() < 2 || args.size() > 5) return new_exception(cls, std::move(args));
    Value actual = cls;
    if (c == os_error && args[0].tag == Tag::integer) {
        struct { int err; const char* name; } const kByErrno[] = {
            {1, "PermissionError"}, {2, "FileNotFoundError"}, {3, "ProcessLookupError"}, {4, "InterruptedError"},
            {10, "ChildProcessError"}, {11, "BlockingIOError"}, {13, "PermissionError"}, {17, "FileExistsError"}, {32, "BrokenPipeError"},
            {104, "ConnectionResetError"}, {110, "TimeoutError"}, {111, "ConnectionRefusedError"},
        };
        for (auto& m : kByErrno) if (args[0].u.i == m.err) actual = exception_class(st, m.name);
    }
    Value e = new_exception(actual, {});
    auto* d = e.as<InstanceObj>()->dict.as<DictObj>();
    d->set(make_str("errno"), args[0]);
    d->set(make_str("strerror"), args[1]);
    d->set(make_str("filename"), args.size() >= 3 ? args[2] : Value());
    if (args.size() >= 3) args.resize(2);
    e.as<InstanceObj>()->args = make_tuple(std::move(args));
    return e;
}

Res raise_value(State& st, Value exc, bool fresh_traceback) {
    auto* e = exc.as<InstanceObj>();
    if (!st.handling.empty()) {
        const Value& ctx = st.handling.back();
        if (ctx.u.o != exc.u.o) {
            // No cycles: the context chain must not already lead back to exc.
            bool cycle = false;
            for (const Value* c = &ctx; c->is(OT::instance); c = &c->as<InstanceObj>()->context)
                if (c->u.o == exc.u.o) { cycle = true; break; }
            if (!cycle) e->context = ctx;
        }
    }
    if (fresh_traceback) e->tb_serial = 0;
    st.exc = std::move(exc);
    return Res::error;
}

Res raise_with_args(State& st, const char* type, std::vector<Value> args) {
    return raise_value(st, new_exception(exception_class(st, type), std::move(args)), true);
}

Res raise_os_error(State& st, int err) {
    // Linux's numbers and texts, whatever the build's platform: scenarios see CPython-on-Linux.
    const char* text = err == 11   ? "Resource temporarily unavailable"
                       : err == 32 ? "Broken pipe"
                       : err == 9  ? "Bad file descriptor"
                       : err == 12 ? "Cannot allocate memory"
                       : err == 24 ? "Too many open files"
                       : err == 22 ? "Invalid argument"
                                   : "Unknown error";
    Value e = new_exception_instance(st, exception_class(st, "OSError"),
                                     {Value::integer(err), make_str(text)});
    return raise_value(st, std::move(e), true);
}

Res raise_key_error(State& st, const Value& key) { return raise_with_args(st, "KeyError", {key}); }

Res raise_name_error(State& st, const std::string& name) {
    Value e = new_exception(exception_class(st, "NameError"), {make_str("name '" + name + "' is not defined" + unsupported_hint("", name))});
    e.as<InstanceObj>()->dict.as<DictObj>()->set(make_str("name"), make_str(name));
    return raise_value(st, std::move(e), true);
}

Res raise_attribute_error(State& st, const Value& obj, const std::string& name, std::string msg) {
    Value e = new_exception(exception_class(st, "AttributeError"), {make_str(std::move(msg))});
    auto* d = e.as<InstanceObj>()->dict.as<DictObj>();
    d->set(make_str("name"), make_str(name));
    d->set(make_str("obj"), obj);
    return raise_value(st, std::move(e), true);
}

namespace {
// CPython's candidates: for a NameError the innermost frame's variable names, then the
// globals, then the builtins (in that order, each list on its own); for an AttributeError
// the object's attributes, sorted as dir() sorts them.
std::string suggestion_for(State& st, const InstanceObj* e) {
    Value* name = const_cast<DictObj*>(e->dict.as<DictObj>())->find_str("name");
    if (!name || !name->is(OT::str)) return "";
    const std::string& n = name->as<StrObj>()->s;
    const ClassObj* cls = e->cls.as<ClassObj>();
    if (class_is_subclass(cls, exception_class(st, "NameError").as<ClassObj>())) {
        if (!e->tb.empty()) {
            std::string s = closest_name(n, e->tb.front().code->local_names);
            if (!s.empty()) return s;
        }
        std::vector<std::string> globals;
        const Program& p = *st.program;
        for (size_t i = 0; i < st.globals.size() && i < p.global_names.size(); ++i)
            if (st.globals[i].tag != Tag::undef && !p.global_names[i].starts_with(kPreludeGlobalPrefix))
                globals.push_back(p.global_names[i]);
        std::string s = closest_name(n, globals);
        if (!s.empty()) return s;
        std::vector<std::string> builtins;
        for (int i = 0; i < builtin_count(); ++i) builtins.push_back(builtin_name(i));
        return closest_name(n, builtins);
    }
    Value* obj = const_cast<DictObj*>(e->dict.as<DictObj>())->find_str("obj");
    if (!obj) return "";
    std::vector<std::string> attrs;
    auto add_dict = [&](const Value& d) {
        for (auto& en : d.as<DictObj>()->entries) if (en.live && en.k.is(OT::str)) attrs.push_back(en.k.as<StrObj>()->s);
    };
    if (obj->is(OT::instance)) {
        add_dict(obj->as<InstanceObj>()->dict);
        for (const ClassObj* k : obj->as<InstanceObj>()->cls.as<ClassObj>()->mro) add_dict(k->dict);
    } else if (obj->is(OT::cls)) {
        for (const ClassObj* k : obj->as<ClassObj>()->mro) add_dict(k->dict);
    } else if (obj->is(OT::module)) {
        for (auto& a : obj->as<ModuleObj>()->attrs) attrs.push_back(a.first);
    }
    std::sort(attrs.begin(), attrs.end());
    attrs.erase(std::unique(attrs.begin(), attrs.end()), attrs.end());
    return closest_name(n, attrs);
}
}  // namespace

std::string exception_display_name(const ClassObj* c) {
    if (c->builtin_exc >= 0) return c->name;
    if (!c->module.empty() && c->module != "builtins") return c->module + "." + c->name;
    return c->name;
}

std::string exception_str(State& st, const Value& exc) {
    auto* e = exc.as<InstanceObj>();
    if (Value* strerror = e->dict.as<DictObj>()->find_str("strerror")) {  // [Errno 5] text: 'file'
        Value* err = e->dict.as<DictObj>()->find_str("errno");
        Value* file = e->dict.as<DictObj>()->find_str("filename");
        std::string a, b, f;
        if (err && str_value(st, *err, a) == Res::ok && str_value(st, *strerror, b) == Res::ok) {
            std::string out = "[Errno " + a + "] " + b;
            if (file && !file->is_none() && repr_value(st, *file, f) == Res::ok) out += ": " + f;
            return out;
        }
        st.exc = Value();
    }
    const auto& args = e->args.is(OT::tuple) ? e->args.as<ListObj>()->items : std::vector<Value>{};
    std::string out;
    if (args.empty()) return "";
    if (args.size() == 1) {
        // KeyError shows the key's repr: KeyError('x') prints as 'x'.
        bool key_error = class_is_subclass(e->cls.as<ClassObj>(), st.exc_classes[16].as<ClassObj>());
        Res r = key_error ? repr_value(st, args[0], out) : str_value(st, args[0], out);
        if (r != Res::ok) { st.exc = Value(); return "<exception str() failed>"; }
        return out;
    }
    if (repr_value(st, e->args, out) != Res::ok) { st.exc = Value(); return "<exception str() failed>"; }
    return out;
}

std::string exception_repr(State& st, const Value& exc) {
    auto* e = exc.as<InstanceObj>();
    std::string out = e->cls.as<ClassObj>()->name;
    const auto& args = e->args.as<ListObj>()->items;
    std::string inner;
    if (args.size() == 1) {
        if (repr_value(st, args[0], inner) != Res::ok) { st.exc = Value(); inner = "?"; }
        return out + "(" + inner + ")";
    }
    if (repr_value(st, e->args, inner) != Res::ok) { st.exc = Value(); inner = "(?)"; }
    return out + inner;
}

namespace {
std::string strip(const std::string& s) {
    size_t a = s.find_first_not_of(" \t\r");
    if (a == std::string::npos) return "";
    size_t b = s.find_last_not_of(" \t\r");
    return s.substr(a, b - a + 1);
}

void format_one(State& st, const Value& exc, std::string& out, int depth) {
    auto* e = exc.as<InstanceObj>();
    if (depth < 32) {
        if (e->cause.is(OT::instance)) {
            format_one(st, e->cause, out, depth + 1);
            out += "\nThe above exception was the direct cause of the following exception:\n\n";
        } else if (e->context.is(OT::instance) && !e->suppress_context) {
            format_one(st, e->context, out, depth + 1);
            out += "\nDuring handling of the above exception, another exception occurred:\n\n";
        }
    }
    const Program& p = *st.program;
    if (!e->tb.empty()) {
        out += "Traceback (most recent call last):\n";
        // Like CPython, a run of more than 3 identical lines (deep recursion) is cut short.
        constexpr int kRecursiveCutoff = 3;
        const TbEntry* last = nullptr;
        int repeats = 0;
        auto flush_repeats = [&] {
            if (repeats > kRecursiveCutoff) {
                int more = repeats - kRecursiveCutoff;
                out += "  [Previous line repeated " + std::to_string(more) + " more time" + (more > 1 ? "s" : "") + "]\n";
            }
        };
        for (auto it = e->tb.rbegin(); it != e->tb.rend(); ++it) {
            if (it->code->hidden) continue;
            if (last && last->code == it->code && last->line == it->line) {
                if (++repeats > kRecursiveCutoff) continue;
            } else {
                flush_repeats();
                repeats = 1;
                last = &*it;
            }
            const bool prelude = it->code->prelude;
            const std::vector<std::string>& lines = prelude ? p.prelude_lines : p.source_lines;
            out += "  File \"" + (prelude ? p.prelude_filename : p.filename) + "\", line " + std::to_string(it->line) +
                   ", in " + it->code->name + "\n";
            if (it->line > 0 && size_t(it->line) <= lines.size()) {
                std::string src = strip(lines[size_t(it->line) - 1]);
                if (!src.empty()) out += "    " + src + "\n";
            }
        }
        flush_repeats();
    }
    out += exception_display_name(e->cls.as<ClassObj>());
    std::string msg;
    bool found = false;
    Value result;
    if (call_dunder(st, exc, "__str__", nullptr, 0, result, &found) == Res::ok && found && result.is(OT::str))
        msg = result.as<StrObj>()->s;
    else { st.exc = Value(); msg = exception_str(st, exc); }
    if (!msg.empty()) out += ": " + msg;
    std::string hint = suggestion_for(st, e);
    if (!hint.empty()) out += ". Did you mean: '" + hint + "'?";
    out += "\n";
}
}  // namespace

std::string format_traceback(State& st, const Value& exc) {
    std::string out;
    Value keep = exc;
    format_one(st, keep, out, 0);
    return out;
}

// [SECTION] the queue module's exceptions ---------------------------------------------------------------
// queue.Empty and queue.Full (multiprocessing raises them too); Queue itself belongs to the
// runtime. CPython prints Empty as `_queue.Empty`.
Value make_queue_module(State& st) {
    auto* m = new ModuleObj("queue");
    Value mv = Value::object(m);
    for (const char* name : {"Empty", "Full"}) {
        auto* c = new ClassObj();
        Value cv = Value::object(c);
        c->name = name;
        c->module = std::string(name) == "Empty" ? "_queue" : "queue";
        c->base = exception_class(st, "Exception");
        c->is_exception = true;
        c->dict = Value::object(new DictObj());
        compute_mro(c);
        m->attrs.emplace_back(name, cv);
    }
    add_queue_classes(st, m);  // module_queue.cpp
    return mv;
}

// [SECTION] State::raise -------------------------------------------------------------------------
}  // namespace forklab::lang

namespace forklab {
lang::Res Interp::State::raise(const char* type, std::string msg) {
    std::vector<lang::Value> args;
    if (!msg.empty()) args.push_back(lang::make_str(std::move(msg)));
    return lang::raise_with_args(*this, type, std::move(args));
}
}  // namespace forklab
