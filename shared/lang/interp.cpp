// The dispatch loop, calls and returns, tracebacks, and the Interp public interface.
//
// Index: [SECTION] setup  [SECTION] calls  [SECTION] errors  [SECTION] dispatch  [SECTION] api
#include <cctype>
#include <charconv>
#include <cstring>
#include <new>

#include "lang/ast.h"
#include "lang/builtins.h"
#include "lang/classes.h"
#include "lang/containers.h"
#include "lang/exceptions.h"
#include "lang/interp_state.h"
#include "lang/transport.h"
#include "lang/mp_process.h"
#include "lang/mp_shared.h"
#include "lang/opcodes.h"
#include "lang/prelude.h"
#include "lang/strings.h"
#include "lang/with_lock.h"

namespace forklab {

using namespace lang;

namespace {

constexpr size_t kMaxFrames = 1000;

// [SECTION] setup ------------------------------------------------------------------------------
// The VM stack never moves: native code may call back into Python (call_value) while the
// dispatch loop holds pointers into it, so it is allocated once at its full size.
constexpr size_t kStackSlots = size_t(1) << 16;
constexpr size_t kFirstValidSlots = 1024;
constexpr int kMaxNested = 150;  // native -> Python -> native ... (C++ stack depth)
constexpr uint64_t kNestedBudget = uint64_t(1) << 34;

void init_state(Interp::State& st) {
    const Program& p = *st.program;
    st.consts.clear();
    for (const ConstDef& c : p.consts) {
        switch (c.kind) {
            case ConstDef::integer: st.consts.push_back(Value::integer(c.i)); break;
            case ConstDef::real: st.consts.push_back(Value::real(c.f)); break;
            case ConstDef::str: st.consts.push_back(make_str(c.s)); break;
            case ConstDef::bytes: st.consts.push_back(Value::object(new BytesObj(c.s))); break;
            case ConstDef::bigint: {  // the lexer's text: decimal digits, or 0x/0o/0b and digits
                BigInt v;
                bool prefixed = c.s.size() > 1 && c.s[0] == '0' && std::isalpha(static_cast<unsigned char>(c.s[1]));
                BigInt::from_string(c.s, prefixed ? 0 : 10, v);
                st.consts.push_back(make_int(std::move(v)));
                break;
            }
            case ConstDef::kwnames: {
                std::vector<Value> names;
                for (auto& n : c.names) names.push_back(make_str(n));
                st.consts.push_back(make_tuple(std::move(names)));
                break;
            }
        }
    }
    init_exception_classes(st);
    st.name_strs.clear();
    for (const std::string& n : p.names) st.name_strs.push_back(make_str(n));
    st.attr_hint.assign(p.total_words, 0);
    st.method_hint.assign(p.total_words, Value());
    st.builtins.clear();
    for (int i = 0; i < builtin_count(); ++i) st.builtins.push_back(make_builtin(i));
    for (int i = 0; i < exception_count(); ++i) {
        const int b = exception_builtin_index(i);
        if (b >= 0) st.builtins[size_t(b)] = st.exc_classes[size_t(i)];
    }
    for (const char* alias : {"IOError", "EnvironmentError"}) {
        int b = builtin_index(alias);
        if (b >= 0) st.builtins[size_t(b)] = exception_class(st, "OSError");
    }
    st.stack.allocate(kStackSlots);
    // The entry code writes its first slots (a child's target, args, kwargs) before it pushes
    // a frame, which is where room is claimed otherwise (lang/value_stack.h).
    st.stack.room(kFirstValidSlots);
    // Frames never move either: the dispatch loop keeps a pointer to the running frame
    // while native code may push frames of its own (call_value, gen_resume).
    st.frames.reserve(kMaxFrames + 8);
}

// [SECTION] calls ---------------------------------------------------------------------------------
std::string plural(size_t n, const char* word) { return std::to_string(n) + " " + word + (n == 1 ? "" : "s"); }

std::string name_list(const std::vector<std::string>& names) {
    std::string list;
    for (size_t i = 0; i < names.size(); ++i) {
        if (i) list += (i + 1 == names.size()) ? (names.size() > 2 ? ", and " : " and ") : ", ";
        list += names[i];
    }
    return list;
}

// Binds a call's arguments to a function's parameter slots (positional, keyword-only,
// *args, **kwargs), with CPython's messages for every mismatch.
Res bind_args(Interp::State& st, FunctionObj* fn, Value* pos, int npos, const Value* kwnames, Value* kwvals, int nkw,
              std::vector<Value>& bound) {
    const Code* c = fn->code;
    const size_t np = size_t(c->nposargs), nk = size_t(c->nkwonly);
    bound.assign(size_t(c->nparams), Value::undef());
    // CPython names a method by its qualified name: "Cuenta.depositar() missing 1 required ..."
    // (made only for an error: this runs on every call).
    auto fname = [&] { return function_qualname(*st.program, c); };
    size_t takes = std::min(size_t(npos), np);
    if (size_t(npos) > np && !c->varargs) {
        size_t ndef = fn->defaults.size();
        std::string t = ndef ? "from " + std::to_string(np - ndef) + " to " + std::to_string(np) + " positional arguments"
                             : plural(np, "positional argument");
        return st.raise("TypeError", fname() + "() takes " + t + " but " + std::to_string(npos) +
                                         (npos == 1 ? " was" : " were") + " given");
    }
    for (size_t i = 0; i < takes; ++i) bound[i] = std::move(pos[i]);
    size_t slot = np + nk;
    if (c->varargs) {
        std::vector<Value> rest;
        for (size_t i = takes; i < size_t(npos); ++i) rest.push_back(std::move(pos[i]));
        bound[slot++] = make_tuple(std::move(rest));
    }
    Value kwdict;
    if (c->varkw) { kwdict = Value::object(new DictObj()); bound[slot] = kwdict; }
    for (int k = 0; k < nkw; ++k) {
        const std::string& name = str_of_obj(kwnames[k]);
        size_t idx = np + nk;
        for (size_t j = 0; j < np + nk; ++j) if (c->local_names[j] == name) { idx = j; break; }
        if (idx == np + nk) {
            if (c->varkw) { kwdict.as<DictObj>()->set(kwnames[k], std::move(kwvals[k])); continue; }
            return st.raise("TypeError", fname() + "() got an unexpected keyword argument '" + name + "'");
        }
        if (bound[idx].tag != Tag::undef) return st.raise("TypeError", fname() + "() got multiple values for argument '" + name + "'");
        bound[idx] = std::move(kwvals[k]);
    }
    size_t first_def = np - fn->defaults.size();
    std::vector<std::string> missing;
    for (size_t j = 0; j < np; ++j) {
        if (bound[j].tag != Tag::undef) continue;
        if (j >= first_def) bound[j] = fn->defaults[j - first_def];
        else missing.push_back("'" + c->local_names[j] + "'");
    }
    if (!missing.empty())
        return st.raise("TypeError", fname() + "() missing " + plural(missing.size(), "required positional argument") + ": " + name_list(missing));
    for (size_t j = np; j < np + nk; ++j) {
        if (bound[j].tag != Tag::undef) continue;
        if (j - np < fn->kwdefaults.size() && fn->kwdefaults[j - np].tag != Tag::undef) bound[j] = fn->kwdefaults[j - np];
        else missing.push_back("'" + c->local_names[j] + "'");
    }
    if (!missing.empty())
        return st.raise("TypeError", fname() + "() missing " + plural(missing.size(), "required keyword-only argument") + ": " + name_list(missing));
    return Res::ok;
}

// Fills a new frame's cells (captured locals, parameters included) and free variables.
void setup_cells(const Code* c, FunctionObj* fn, Value* locals) {
    for (int slot : c->cell_slots) {
        auto* cell = new CellObj();
        cell->v = std::move(locals[slot]);
        locals[slot] = Value::object(cell);
    }
    for (size_t i = 0; i < c->free_slots.size() && i < fn->closure.size(); ++i) locals[c->free_slots[i]] = fn->closure[i];
}

void push_frame(Interp::State& st, const Code* c, uint32_t base, FunctionObj* fn) {
    // The frame's locals and operand stack (plus the margin the dispatch loop may push past
    // max_stack) must be valid slots; callers that can run out checked room() already.
    st.stack.room(size_t(base) + size_t(c->nlocals) + size_t(c->max_stack) + 16);
    Frame f;
    f.code = c;
    f.pc = 0;
    f.base = base;
    f.fn = fn;
    f.serial = ++st.frame_serial;
    st.frames.push_back(std::move(f));
}

// Inserts `first` before the arguments of the call at stack index ci (bound methods,
// __init__ of a class call). The stack never moves, so only room is checked.
Res insert_first_arg(Interp::State& st, size_t ci, Value first) {
    if (!st.stack.room(st.sp + 2)) return st.raise("RecursionError", "maximum recursion depth exceeded");
    for (size_t i = st.sp; i > ci + 1; --i) st.stack[i] = std::move(st.stack[i - 1]);
    st.stack[ci + 1] = std::move(first);
    ++st.sp;
    return Res::ok;
}

Res invoke(Interp::State& st, size_t ci, int npos, const Value* kwnames, int nkw);

// Calling a class: a new instance, then its __init__ (a Python one runs in a frame whose
// result is replaced by the instance).
Res instantiate(Interp::State& st, size_t ci, int npos, const Value* kwnames, int nkw) {
    Value cls = st.stack[ci];
    auto* c = cls.as<ClassObj>();
    Value inst = new_instance(cls);
    if (c->is_exception) {
        std::vector<Value> args(st.stack.data() + ci + 1, st.stack.data() + ci + 1 + size_t(npos));
        inst = new_exception_instance(st, cls, std::move(args));
        c = inst.as<InstanceObj>()->cls.as<ClassObj>();  // OSError(2, ...) is a FileNotFoundError
    }
    Value* init = class_lookup(c, "__init__");
    if (!init || (init->is(OT::builtin) && c->is_exception)) {
        if (!init && (npos || nkw) && c->thread_local_attrs)  // _threading_local's own words
            return st.raise("TypeError", "Initialization arguments are not supported");
        if (!init && (npos || nkw) && !c->is_exception) return st.raise("TypeError", c->name + "() takes no arguments");
        if (c->is_exception && nkw) return st.raise("TypeError", c->name + "() takes no keyword arguments");
        for (size_t i = ci + 1; i < st.sp; ++i) st.stack[i] = Value();
        st.stack[ci] = std::move(inst);
        st.sp = ci + 1;
        return Res::ok;
    }
    Value fn = *init;
    if (c->thread_local_attrs && fn.is(OT::function)) {
        // A threading.local subclass: CPython runs __init__ again, with these arguments, in
        // each other thread that first touches the object (classes.cpp, attr_dict). This
        // thread's dict is made first, so that its own __init__ does not run it twice. Kept
        // under the key None: (positional values, keyword names, keyword values).
        (void)thread_local_dict(st, inst.as<InstanceObj>());
        const Value* first = st.stack.data() + ci + 1;
        std::vector<Value> pos(first, first + npos), names, vals(first + npos, first + npos + nkw);
        if (nkw) names.assign(kwnames, kwnames + nkw);
        inst.as<InstanceObj>()->dict.as<DictObj>()->set(
            Value(), make_tuple({make_tuple(std::move(pos)), make_tuple(std::move(names)), make_tuple(std::move(vals))}));
    }
    size_t depth = st.frames.size();
    Value keep_inst = inst;
    Res r = insert_first_arg(st, ci, inst);
    if (r != Res::ok) return r;
    st.stack[ci] = fn;
    r = invoke(st, ci, npos + 1, kwnames, nkw);
    if (r != Res::ok) {
        // Leave the call as it was (a retry on sim sees its operands again).
        for (size_t i = ci + 1; i + 1 < st.sp; ++i) st.stack[i] = std::move(st.stack[i + 1]);
        if (st.sp > ci + 1) st.stack[--st.sp] = Value();
        st.stack[ci] = cls;
        return r;
    }
    if (st.frames.size() != depth) {
        st.frames.back().init_self = std::move(keep_inst);
    } else {
        // A native __init__ returned at once.
        st.stack[ci] = std::move(keep_inst);
    }
    return Res::ok;
}

// Calls the callable at stack index `ci` with the arguments above it. For a Python function a
// frame is pushed (the caller's pc stays on the call); a builtin runs at once and its result
// replaces the callable. Nothing is changed when the result is blocked or an error.
Res invoke(Interp::State& st, size_t ci, int npos, const Value* kwnames, int nkw) {
    Value& callee = st.stack[ci];
    Value* args = &st.stack[ci + 1];
    if (callee.is(OT::function)) {
        FunctionObj* fn = callee.as<FunctionObj>();
        const Code* c = fn->code;
        if (st.frames.size() >= kMaxFrames) return st.raise("RecursionError", "maximum recursion depth exceeded");
        if (!st.stack.room(ci + 1 + size_t(c->nlocals) + size_t(c->max_stack) + 16))
            return st.raise("RecursionError", "maximum recursion depth exceeded");
        if (c->simple && nkw == 0 && npos == c->nparams) {
            st.sp = ci + 1 + size_t(npos);
        } else {
            std::vector<Value> bound;
            Res r = bind_args(st, fn, args, npos, kwnames, args + npos, nkw, bound);
            if (r != Res::ok) return r;
            for (size_t i = ci + 1; i < st.sp; ++i) st.stack[i] = Value();
            st.sp = ci + 1;
            for (auto& v : bound) st.stack[st.sp++] = std::move(v);
        }
        for (int i = c->nparams; i < c->nlocals; ++i) st.stack[st.sp++] = Value::undef();
        if (!c->simple) setup_cells(c, fn, &st.stack[ci + 1]);
        if (c->generator) {
            auto* g = new GeneratorObj();
            Value gv = Value::object(g);
            g->fn = callee;
            for (size_t i = ci + 1; i < st.sp; ++i) g->saved.push_back(std::move(st.stack[i]));
            st.sp = ci + 1;
            st.stack[ci] = std::move(gv);
            return Res::ok;
        }
        push_frame(st, c, uint32_t(ci + 1), fn);
        return Res::ok;
    }
    if (callee.is(OT::builtin)) {
        BuiltinObj* b = callee.as<BuiltinObj>();
        CallArgs a;
        a.self = &b->self;
        a.pos = args;
        a.npos = npos;
        a.kwnames = kwnames;
        a.kwvals = args + npos;
        a.nkw = nkw;
        Value out;
        Value keep = callee;  // the callee may be overwritten below
        Res r = b->fn(st, a, out);
        if (r == Res::ok && st.exc.is_obj()) r = Res::error;  // raised inside __hash__/__eq__ of a key
        if (r != Res::ok) return r;
        for (size_t i = ci + 1; i < st.sp; ++i) st.stack[i] = Value();
        st.stack[ci] = std::move(out);
        st.sp = ci + 1;
        return Res::ok;
    }
    if (callee.is(OT::method)) {
        Value m = callee;
        Res r = insert_first_arg(st, ci, m.as<MethodObj>()->self);
        if (r != Res::ok) return r;
        st.stack[ci] = m.as<MethodObj>()->fn;
        r = invoke(st, ci, npos + 1, kwnames, nkw);
        if (r != Res::ok) {
            for (size_t i = ci + 1; i + 1 < st.sp; ++i) st.stack[i] = std::move(st.stack[i + 1]);
            if (st.sp > ci + 1) st.stack[--st.sp] = Value();
            st.stack[ci] = m;
        }
        return r;
    }
    if (callee.is(OT::cls)) return instantiate(st, ci, npos, kwnames, nkw);
    if (callee.is(OT::instance)) {
        Value* call = class_lookup(callee.as<InstanceObj>()->cls.as<ClassObj>(), "__call__");
        if (call) {
            Value self = callee;
            Res r = insert_first_arg(st, ci, self);
            if (r != Res::ok) return r;
            st.stack[ci] = *call;
            return invoke(st, ci, npos + 1, kwnames, nkw);
        }
    }
    return st.raise("TypeError", "'" + class_name_of(callee) + "' object is not callable");
}

// [SECTION] errors ------------------------------------------------------------------------------
int line_of(const Frame& f) { return f.pc < f.code->lines.size() ? f.code->lines[f.pc] : 0; }

// Looks for a handler for st.exc from the innermost frame down to frame index `floor`,
// adding one traceback line per frame it passes. true: a handler is ready to run (the
// exception is on its stack); false: it escaped (frames above floor are gone).
bool unwind(Interp::State& st, size_t floor) {
    Value exc = st.exc;
    auto* e = exc.as<InstanceObj>();
    while (st.frames.size() > floor) {
        Frame& f = st.frames.back();
        if (e->tb_serial != f.serial) {
            e->tb.push_back(TbEntry{f.code, line_of(f)});
            e->tb_serial = f.serial;
        }
        int h = !st.halted && f.pc < f.code->handler_of.size() ? f.code->handler_of[f.pc] : -1;
        if (h >= 0) {
            const HandlerDef& hd = f.code->handlers[size_t(h)];
            size_t cut = f.base + size_t(f.code->nlocals) + hd.depth;
            for (size_t i = cut; i < st.sp; ++i) st.stack[i] = Value();
            st.sp = cut;
            st.stack[st.sp++] = std::move(st.exc);
            st.exc = Value();
            f.pc = hd.target;
            return true;
        }
        for (size_t i = f.base; i < st.sp; ++i) st.stack[i] = Value();
        st.sp = f.base;
        if (f.gen) { f.gen->done = true; f.gen->running = false; f.gen->saved.clear(); }
        st.frames.pop_back();
    }
    return false;
}

void finish_with_exception(Interp::State& st) {
    Value exc = std::move(st.exc);
    st.exc = Value();
    auto* e = exc.as<InstanceObj>();
    if (e->cls.as<ClassObj>()->builtin_exc == exception_index("SystemExit")) {
        const auto& args = e->args.as<ListObj>()->items;
        Value code = args.empty() ? Value() : args.size() == 1 ? args[0] : e->args;
        if (code.is_none()) st.exit_code = 0;
        else if (code.tag == Tag::integer) st.exit_code = int(code.u.i);
        else if (code.tag == Tag::boolean) st.exit_code = code.u.b;
        else {
            std::string text;
            if (str_value(st, code, text) != Res::ok) { st.exc = Value(); text = str_of(code); }
            st.host.write(Stream::err, text + "\n");
            st.exit_code = 1;
        }
    } else {
        std::string tb;
        // CPython's header comes from the child's _bootstrap; a spawned child failing in its
        // module top level (the bootstrap phase) has none.
        bool in_top_level = false;
        for (const TbEntry& t : e->tb) in_top_level |= t.code == st.program->codes[0].get();
        if (st.is_child && !(st.spawned && in_top_level)) tb += "Process " + st.process_name + ":\n";
        tb += format_traceback(st, exc);
        st.host.write(Stream::err, tb);
        st.exit_code = 1;
    }
    st.handling.clear();
    st.finished = true;
}

// raise / raise E / raise E from C, with the operands at sp[-n..-1].
Res do_raise(Interp::State& st, int n, Value* sp) {
    if (n == 0) {
        if (st.handling.empty()) return st.raise("RuntimeError", "No active exception to reraise");
        st.exc = st.handling.back();
        return Res::error;
    }
    auto instance_of = [&](const Value& v, Value& out, const char* what) -> Res {
        if (v.is(OT::cls) && v.as<ClassObj>()->is_exception) return call_value(st, v, nullptr, 0, out);
        if (is_exception_instance(v)) { out = v; return Res::ok; }
        return st.raise("TypeError", what);
    };
    Value exc;
    Res r = instance_of(sp[-n], exc, "exceptions must derive from BaseException");
    if (r != Res::ok) return r;
    if (!is_exception_instance(exc)) return st.raise("TypeError", "calling the exception class did not return an instance of BaseException");
    if (n == 2) {
        Value cause;
        const Value& c = sp[-1];
        if (!c.is_none()) {
            r = instance_of(c, cause, "exception causes must derive from BaseException");
            if (r != Res::ok) return r;
        }
        exc.as<InstanceObj>()->cause = cause;
        exc.as<InstanceObj>()->suppress_context = true;
    }
    return raise_value(st, exc, true);
}

// The with statement's method lookup: on the class (an instance's own attributes do not
// count), bound to the object.
Res load_special(Interp::State& st, const Value& obj, const std::string& name, Value& out) {
    if (obj.is(OT::instance)) {
        if (Value* m = class_lookup(obj.as<InstanceObj>()->cls.as<ClassObj>(), name)) {
            // A native method of a native class (threading.Lock.__enter__) binds like a function.
            const bool native = m->is(OT::builtin) && m->as<BuiltinObj>()->self.is_none() && m->as<BuiltinObj>()->type_id < 0;
            out = m->is(OT::function) || native ? Value::object(new MethodObj(*m, obj)) : *m;
            return Res::ok;
        }
    } else if (get_attr(st, obj, name, out) == Res::ok) {
        return Res::ok;
    } else {
        st.exc = Value();
    }
    return st.raise("TypeError", "'" + class_name_of(obj) + "' object does not support the context manager protocol");
}

// The index of the entry holding value slot v.
uint32_t entry_index(const DictObj* d, const Value* v) {
    return uint32_t((reinterpret_cast<const char*>(v) - reinterpret_cast<const char*>(d->entries.data())) /
                    sizeof(DictObj::Entry));
}

// A Python frame returned or yielded its way down to `floor`.
enum class Exec { returned, budget, blocked, error };

Exec execute(Interp::State& st, uint64_t& left, size_t floor);

// A class body's name as its namespace key: the prelude's global names carry a prefix
// (lang/prelude.h) that its class attributes must not.
std::string_view ns_key(const Program& prog, const Code* code, uint32_t slot) {
    std::string_view name = prog.global_names[slot];
    if (code->prelude) name.remove_prefix(std::string_view(kPreludeGlobalPrefix).size());
    return name;
}

}  // namespace

// [SECTION] nested calls --------------------------------------------------------------------------
Res lang::call_value(Interp::State& st, const Value& fn, const Value* args, int nargs, Value& out) {
    return call_value_kw(st, fn, args, nargs, nullptr, 0, out);
}

Res lang::call_value_kw(Interp::State& st, const Value& fn, const Value* args, int npos, const Value* kwnames,
                        int nkw, Value& out) {
    if (st.halted) return st.raise("RuntimeError", "forklab: process stopped in a nested wait");
    const int nargs = npos + nkw;
    if (fn.is(OT::builtin)) {
        std::vector<Value> copy(args, args + nargs);
        CallArgs a;
        a.self = &fn.as<BuiltinObj>()->self;
        a.pos = copy.data();
        a.npos = npos;
        a.kwnames = kwnames;
        a.kwvals = copy.data() + npos;
        a.nkw = nkw;
        Value keep = fn;
        return fn.as<BuiltinObj>()->fn(st, a, out);
    }
    if (fn.is(OT::method) && fn.as<MethodObj>()->fn.is(OT::builtin)) {
        // A native method of a native class (iter(q.get, None)): called directly like a
        // builtin, so a thread wait inside it is repeated with the instruction.
        Value keep = fn;
        std::vector<Value> copy;
        copy.reserve(size_t(nargs) + 1);
        copy.push_back(fn.as<MethodObj>()->self);
        copy.insert(copy.end(), args, args + nargs);
        const auto* b = fn.as<MethodObj>()->fn.as<BuiltinObj>();
        CallArgs a;
        a.self = const_cast<Value*>(&b->self);
        a.pos = copy.data();
        a.npos = npos + 1;
        a.kwnames = kwnames;
        a.kwvals = copy.data() + npos + 1;
        a.nkw = nkw;
        return b->fn(st, a, out);
    }
    if (st.nested >= kMaxNested) return st.raise("RecursionError", "maximum recursion depth exceeded");
    size_t ci = st.sp;
    if (!st.stack.room(ci + size_t(nargs) + 17)) return st.raise("RecursionError", "maximum recursion depth exceeded");
    st.stack[ci] = fn;
    for (int i = 0; i < nargs; ++i) st.stack[ci + 1 + size_t(i)] = args[i];
    st.sp = ci + 1 + size_t(nargs);
    size_t depth = st.frames.size();
    Res r = invoke(st, ci, npos, kwnames, nkw);
    if (r == Res::ok && st.frames.size() > depth) {
        uint64_t left = kNestedBudget;
        ++st.nested;
        Exec e = execute(st, left, depth);
        --st.nested;
        if (e == Exec::error) r = Res::error;
        else if (e == Exec::budget) r = st.raise("RuntimeError", "forklab: instruction budget exhausted inside a nested call");
    }
    if (r == Res::ok) out = std::move(st.stack[ci]);
    if (r == Res::blocked) r = st.raise("RuntimeError", "forklab: this call cannot block here on the sim backend");
    for (size_t i = ci; i < std::max(st.sp, ci + 1); ++i) st.stack[i] = Value();
    st.sp = ci;
    return r;
}

// A **kwargs dict as the keyword names and values a call takes (appended to `names` and
// `vals`); CPython's TypeError for a key that is not a string.
static Res split_kwargs(Interp::State& st, const Value& kwargs, std::vector<Value>& names, std::vector<Value>& vals) {
    if (!kwargs.is(OT::dict)) return Res::ok;
    for (const auto& e : kwargs.as<DictObj>()->entries) {
        if (!e.live) continue;
        if (!e.k.is(OT::str)) return st.raise("TypeError", "keywords must be strings");
        names.push_back(e.k);
        vals.push_back(e.v);
    }
    return Res::ok;
}

Res lang::call_value_dict(Interp::State& st, const Value& fn, const std::vector<Value>& pos, const Value& kwargs,
                          Value& out) {
    std::vector<Value> args(pos), names;
    if (split_kwargs(st, kwargs, names, args) != Res::ok) return Res::error;
    return call_value_kw(st, fn, args.data(), int(pos.size()), names.data(), int(names.size()), out);
}

Res lang::gen_resume(Interp::State& st, GeneratorObj* g, const Value& sent, Value& out, bool* done) {
    *done = false;
    if (st.halted) return st.raise("RuntimeError", "forklab: process stopped in a nested wait");
    if (g->running) return st.raise("ValueError", "generator already executing");
    if (g->done) { *done = true; out = Value(); return Res::ok; }
    if (!g->started && !sent.is_none()) return st.raise("TypeError", "can't send non-None value to a just-started generator");
    if (st.nested >= kMaxNested || st.frames.size() >= kMaxFrames) return st.raise("RecursionError", "maximum recursion depth exceeded");
    const Code* c = g->fn.as<FunctionObj>()->code;
    size_t slot = st.sp;
    if (!st.stack.room(slot + g->saved.size() + size_t(c->max_stack) + 17))
        return st.raise("RecursionError", "maximum recursion depth exceeded");
    Value keep = Value::object(g);
    st.stack[slot] = Value();
    st.sp = slot + 1;
    for (Value& v : g->saved) st.stack[st.sp++] = std::move(v);
    g->saved.clear();
    if (g->started) st.stack[st.sp++] = sent;  // the value of the paused yield expression
    g->started = true;
    g->running = true;
    size_t depth = st.frames.size();
    push_frame(st, c, uint32_t(slot + 1), g->fn.as<FunctionObj>());
    st.frames.back().pc = g->pc;
    st.frames.back().gen = g;
    uint64_t left = kNestedBudget;
    ++st.nested;
    st.yielded = false;
    Exec e = execute(st, left, depth);
    --st.nested;
    g->running = false;
    Res r = Res::ok;
    if (e == Exec::error) { g->done = true; r = Res::error; }
    else if (e == Exec::budget) r = st.raise("RuntimeError", "forklab: instruction budget exhausted inside a generator");
    else if (e == Exec::blocked) r = st.raise("RuntimeError", "forklab: this call cannot block inside a generator on the sim backend");
    else {
        out = std::move(st.stack[slot]);
        if (!st.yielded) { g->done = true; *done = true; }
    }
    for (size_t i = slot; i < std::max(st.sp, slot + 1); ++i) st.stack[i] = Value();
    st.sp = slot;
    return r;
}

namespace {

// [SECTION] dispatch ---------------------------------------------------------------------------------
// Runs the frames above index `floor` until the frame at `floor` returns or yields (returned),
// `left` runs out (budget), an instruction would block (blocked: it stays un-executed) or an
// exception escapes below floor (error, st.exc set). The top level runs with floor 0.
Exec execute(Interp::State& st, uint64_t& left, size_t floor) {
    const Program& prog = *st.program;
    Res r = Res::ok;

    Frame* f = &st.frames.back();
    const uint32_t* code = f->code->words.data();
    uint32_t pc = f->pc;
    Value* stk = st.stack.data();
    Value* locals = stk + f->base;
    Value* sp = stk + st.sp;

#define SYNC() do { f->pc = pc; st.sp = size_t(sp - stk); } while (0)
#define RELOAD() do { f = &st.frames.back(); code = f->code->words.data(); pc = f->pc; stk = st.stack.data(); \
                      locals = stk + f->base; sp = stk + st.sp; } while (0)
#define CHECK(expr) do { r = (expr); if (r != Res::ok) goto fail; } while (0)
// An exception raised where no Res can carry it (a key's __hash__/__eq__ inside a dict).
#define PENDING() do { if (st.exc.is_obj()) { SYNC(); r = Res::error; goto fail; } } while (0)

    while (left) {
        --left;
        uint32_t w = code[pc];
        uint32_t arg = w >> 8;
        switch (Op(w & 0xff)) {
            case Op::nop: break;
            case Op::pop: (--sp)->~Value(); new (sp) Value(); break;
            case Op::dup: *sp = sp[-1]; ++sp; break;
            case Op::dup2: sp[0] = sp[-2]; sp[1] = sp[-1]; sp += 2; break;
            case Op::rot2: std::swap(sp[-1], sp[-2]); break;
            case Op::rot3: {
                Value top = std::move(sp[-1]);
                sp[-1] = std::move(sp[-2]);
                sp[-2] = std::move(sp[-3]);
                sp[-3] = std::move(top);
                break;
            }
            case Op::load_const: *sp++ = st.consts[arg]; break;
            case Op::load_none:
                if (may_fuse_with_exit(code, pc, f->code->words.size())) {  // the end of `with lock:`
                    Regs g{f, code, pc, sp, left};
                    const Fused fu = fuse_with_exit(st, g, &r);
                    pc = g.pc, sp = g.sp;
                    if (fu == Fused::failed) goto fail;
                    if (fu == Fused::done) break;
                }
                *sp++ = Value();
                break;
            case Op::load_true: *sp++ = Value::boolean(true); break;
            case Op::load_false: *sp++ = Value::boolean(false); break;
            case Op::load_int: *sp++ = Value::integer(int32_t(w) >> 8); break;
            case Op::load_fast: {
                const Value& v = locals[arg];
                if (v.tag == Tag::undef) {
                    SYNC();
                    r = st.raise("UnboundLocalError", "cannot access local variable '" + f->code->local_names[arg] +
                                                          "' where it is not associated with a value");
                    goto fail;
                }
                *sp++ = v;
                break;
            }
            case Op::store_fast: locals[arg] = std::move(*--sp); break;
            case Op::delete_fast:
                if (locals[arg].tag == Tag::undef) {
                    SYNC();
                    r = st.raise("UnboundLocalError", "cannot access local variable '" + f->code->local_names[arg] +
                                                          "' where it is not associated with a value");
                    goto fail;
                }
                locals[arg] = Value::undef();
                break;
            case Op::load_global: {
                const Value& g = st.globals[arg];
                if (g.tag != Tag::undef) { *sp++ = g; break; }
                int b = prog.global_builtin[arg];
                if (b >= 0) { *sp++ = st.builtins[size_t(b)]; break; }
                SYNC();
                r = raise_name_error(st, prog.global_names[arg]);
                goto fail;
            }
            case Op::store_global: st.globals[arg] = std::move(*--sp); break;
            case Op::delete_global:
                if (st.globals[arg].tag == Tag::undef) {
                    SYNC();
                    r = raise_name_error(st, prog.global_names[arg]);
                    goto fail;
                }
                st.globals[arg] = Value::undef();
                break;
            case Op::load_attr: {
                if (sp[-1].is(OT::instance)) {  // the attribute where it was last time
                    DictObj* d = sp[-1].as<InstanceObj>()->dict.as<DictObj>();
                    uint32_t h = st.attr_hint[f->code->word_offset + pc];
                    if (h < d->entries.size() && d->entries[h].k.u.o == st.name_strs[arg].u.o && d->entries[h].live) {
                        sp[-1] = d->entries[h].v;
                        break;
                    }
                    if (Value* v = d->find_str(prog.names[arg])) {
                        st.attr_hint[f->code->word_offset + pc] = entry_index(d, v);
                        sp[-1] = *v;
                        break;
                    }
                }
                SYNC();
                Value out;
                if (sp[-1].is(OT::shared)) {  // v.value: no walk through get_attr's other types
                    if (!sp[-1].as<SharedObj>()->is_array && is_value_name(prog.names[arg])) {
                        Regs g{f, code, pc, sp, left};
                        const Fused fu = fuse_value_add(st, g, &r);  // v.value += k
                        pc = g.pc, sp = g.sp;
                        if (fu == Fused::failed) goto fail;
                        if (fu == Fused::done) break;
                        CHECK(shared_value_load(st, sp[-1].as<SharedObj>(), out));
                        sp[-1] = std::move(out);
                        break;
                    }
                    bool found = false;
                    CHECK(shared_get_attr(st, sp[-1], prog.names[arg], out, &found));
                    if (found) { sp[-1] = std::move(out); break; }
                }
                CHECK(get_attr(st, sp[-1], prog.names[arg], out));
                sp[-1] = std::move(out);
                break;
            }
            case Op::store_attr: {
                if (sp[-1].is(OT::instance) && !sp[-1].as<InstanceObj>()->cls.as<ClassObj>()->is_exception &&
                    !sp[-1].as<InstanceObj>()->cls.as<ClassObj>()->native_attrs &&
                    !sp[-1].as<InstanceObj>()->cls.as<ClassObj>()->has_property &&
                    !sp[-1].as<InstanceObj>()->cls.as<ClassObj>()->thread_local_attrs) {
                    DictObj* d = sp[-1].as<InstanceObj>()->dict.as<DictObj>();
                    uint32_t& h = st.attr_hint[f->code->word_offset + pc];
                    if (h < d->entries.size() && d->entries[h].k.u.o == st.name_strs[arg].u.o && d->entries[h].live) {
                        d->entries[h].v = std::move(sp[-2]);
                        sp -= 2;
                        sp[1] = Value();
                        break;
                    }
                    if (Value* v = d->find_str(prog.names[arg])) {
                        h = entry_index(d, v);
                        *v = std::move(sp[-2]);
                        sp -= 2;
                        sp[1] = Value();
                        break;
                    }
                    // A new key, unless it is a Process property (p.daemon = True after
                    // Process(): the setter must see it, not the instance dict).
                    if (!is_process_property(prog.names[arg])) {
                        SYNC();
                        CHECK(charge_memory(st, kDictEntryBytes));
                        d->set(st.name_strs[arg], std::move(sp[-2]));  // interned key: later hints hit
                        sp -= 2;
                        sp[1] = Value();
                        break;
                    }
                }
                SYNC();
                if (sp[-1].is(OT::shared)) {  // v.value = x
                    if (!sp[-1].as<SharedObj>()->is_array && is_value_name(prog.names[arg])) {
                        CHECK(shared_value_store(st, sp[-1].as<SharedObj>(), sp[-2]));
                        sp -= 2;
                        sp[0] = Value();
                        sp[1] = Value();
                        break;
                    }
                    bool found = false;
                    CHECK(shared_set_attr(st, sp[-1], prog.names[arg], sp[-2], &found));
                    if (found) {
                        sp -= 2;
                        sp[0] = Value();
                        sp[1] = Value();
                        break;
                    }
                }
                CHECK(set_attr(st, sp[-1], prog.names[arg], sp[-2]));
                sp -= 2;
                sp[0] = Value();
                sp[1] = Value();
                break;
            }
            case Op::load_subscr: {
                SYNC();
                Value out;
                CHECK(get_item(st, sp[-2], sp[-1], out));
                PENDING();
                sp[-1] = Value();
                --sp;
                sp[-1] = std::move(out);
                break;
            }
            case Op::store_subscr: {
                SYNC();
                CHECK(set_item(st, sp[-2], sp[-1], sp[-3]));
                PENDING();
                sp -= 3;
                sp[0] = Value(); sp[1] = Value(); sp[2] = Value();
                break;
            }
            case Op::delete_subscr: {
                SYNC();
                CHECK(del_item(st, sp[-2], sp[-1]));
                sp -= 2;
                sp[0] = Value(); sp[1] = Value();
                break;
            }
            case Op::binary: case Op::inplace: {
                Value& a = sp[-2];
                Value& b = sp[-1];
                if (a.tag == Tag::integer && b.tag == Tag::integer) {
                    int64_t x = a.u.i, y = b.u.i, z;
                    bool done = true;
                    switch (arg) {
                        // On overflow binary_op makes the big int.
                        case op_add: done = !__builtin_add_overflow(x, y, &z); break;
                        case op_sub: done = !__builtin_sub_overflow(x, y, &z); break;
                        case op_mul: done = !__builtin_mul_overflow(x, y, &z); break;
                        // Python's floor division and modulo for a positive divisor (the
                        // common `i % 7`); zero and negative divisors go to binary_op.
                        case op_mod:
                            done = y > 0;
                            z = done ? x % y : 0;
                            if (z < 0) z += y;
                            break;
                        case op_floordiv:
                            done = y > 0;
                            z = done ? x / y - (x % y < 0) : 0;
                            break;
                        default: done = false; z = 0; break;
                    }
                    if (done) { a.u.i = z; --sp; break; }
                }
                SYNC();
                Value out;
                CHECK(binary_op(st, int(arg), a, b, out, Op(w & 0xff) == Op::inplace));
                b = Value();
                --sp;
                sp[-1] = std::move(out);
                break;
            }
            case Op::unary: {
                SYNC();
                Value out;
                CHECK(unary_op(st, int(arg), sp[-1], out));
                sp[-1] = std::move(out);
                break;
            }
            case Op::compare: {
                Value& a = sp[-2];
                Value& b = sp[-1];
                if (a.tag == Tag::integer && b.tag == Tag::integer && arg <= cmp_ge) {
                    int64_t x = a.u.i, y = b.u.i;
                    bool res = false;
                    switch (arg) {
                        case cmp_lt: res = x < y; break;
                        case cmp_le: res = x <= y; break;
                        case cmp_eq: res = x == y; break;
                        case cmp_ne: res = x != y; break;
                        case cmp_gt: res = x > y; break;
                        case cmp_ge: res = x >= y; break;
                    }
                    --sp;
                    sp[-1] = Value::boolean(res);
                    break;
                }
                SYNC();
                Value out;
                CHECK(compare_op(st, int(arg), a, b, out));
                PENDING();
                b = Value();
                --sp;
                sp[-1] = std::move(out);
                break;
            }
            case Op::jump: pc = arg; continue;
            case Op::pop_jump_if_false: {
                bool t;
                if (sp[-1].tag == Tag::boolean) t = sp[-1].u.b;
                else if (!sp[-1].is(OT::instance)) t = truthy(sp[-1]);
                else { SYNC(); CHECK(truth_value(st, sp[-1], &t)); }
                --sp;
                *sp = Value();
                if (!t) { pc = arg; continue; }
                break;
            }
            case Op::pop_jump_if_true: {
                bool t;
                if (sp[-1].tag == Tag::boolean) t = sp[-1].u.b;
                else if (!sp[-1].is(OT::instance)) t = truthy(sp[-1]);
                else { SYNC(); CHECK(truth_value(st, sp[-1], &t)); }
                --sp;
                *sp = Value();
                if (t) { pc = arg; continue; }
                break;
            }
            case Op::jump_if_false_or_pop: {
                bool t = truthy(sp[-1]);
                if (sp[-1].is(OT::instance)) { SYNC(); CHECK(truth_value(st, sp[-1], &t)); }
                if (!t) { pc = arg; continue; }
                *--sp = Value();
                break;
            }
            case Op::jump_if_true_or_pop: {
                bool t = truthy(sp[-1]);
                if (sp[-1].is(OT::instance)) { SYNC(); CHECK(truth_value(st, sp[-1], &t)); }
                if (t) { pc = arg; continue; }
                *--sp = Value();
                break;
            }
            case Op::get_iter: {
                if (sp[-1].is(OT::iter)) break;
                SYNC();
                Value out;
                CHECK(get_iter(st, sp[-1], out));
                sp[-1] = std::move(out);
                break;
            }
            case Op::for_iter: {
                if (!sp[-1].is(OT::iter)) {
                    SYNC();
                    Value out;
                    bool got = false;
                    CHECK(next_value(st, sp[-1], out, &got));
                    if (got) { *sp++ = std::move(out); break; }
                    *--sp = Value();
                    pc = arg;
                    continue;
                }
                IterObj* it = sp[-1].as<IterObj>();
                if (it->kind == IterObj::range) {
                    if (it->step > 0 ? it->cur < it->stop : it->cur > it->stop) {
                        *sp++ = Value::integer(it->cur);
                        it->cur += it->step;
                        break;
                    }
                    *--sp = Value();
                    pc = arg;
                    continue;
                }
                SYNC();
                Value out;
                bool got = false;
                CHECK(iter_next(st, it, out, &got));
                if (got) { *sp++ = std::move(out); break; }
                *--sp = Value();
                pc = arg;
                continue;
            }
            case Op::build_list: case Op::build_tuple: {
                std::vector<Value> items(arg);
                for (uint32_t i = 0; i < arg; ++i) items[i] = std::move(sp[-int(arg) + int(i)]);
                sp -= arg;
                *sp++ = Op(w & 0xff) == Op::build_list ? make_list(std::move(items)) : make_tuple(std::move(items));
                break;
            }
            case Op::build_dict: {
                auto* d = new DictObj();
                Value dv = Value::object(d);
                Value* base = sp - 2 * arg;
                for (uint32_t i = 0; i < arg; ++i) {
                    if (!is_hashable(base[2 * i])) {
                        SYNC();
                        r = st.raise("TypeError", std::string("unhashable type: '") + unhashable_type_name(base[2 * i]) + "'");
                        goto fail;
                    }
                    d->set(base[2 * i], std::move(base[2 * i + 1]));
                }
                for (uint32_t i = 0; i < 2 * arg; ++i) base[i] = Value();
                sp = base;
                *sp++ = std::move(dv);
                PENDING();
                break;
            }
            case Op::build_slice: {
                auto* s = new SliceObj();
                s->start = std::move(sp[-3]);
                s->stop = std::move(sp[-2]);
                s->step = std::move(sp[-1]);
                sp -= 3;
                *sp++ = Value::object(s);
                break;
            }
            case Op::list_append:
                if (st.mem_pending + sizeof(Value) >= st.mem_limit / 4 ||
                    st.mem_live + st.mem_pending + sizeof(Value) > st.mem_limit) {
                    SYNC();
                    CHECK(charge_memory(st, sizeof(Value)));
                } else {
                    st.mem_pending += sizeof(Value);
                }
                sp[-1 - int(arg)].as<ListObj>()->items.push_back(std::move(sp[-1]));
                *--sp = Value();
                break;
            case Op::dict_set: {
                SYNC();
                CHECK(charge_memory(st, kDictEntryBytes));
                if (!is_hashable(sp[-2])) {
                    SYNC();
                    r = st.raise("TypeError", std::string("unhashable type: '") + unhashable_type_name(sp[-2]) + "'");
                    goto fail;
                }
                sp[-2 - int(arg)].as<DictObj>()->set(sp[-2], std::move(sp[-1]));
                PENDING();
                sp -= 2;
                sp[0] = Value(); sp[1] = Value();
                break;
            }
            case Op::list_extend: {
                SYNC();
                std::vector<Value> items;
                CHECK(to_vector(st, sp[-1], items));
                auto& dst = sp[-2].as<ListObj>()->items;
                for (auto& v : items) dst.push_back(std::move(v));
                *--sp = Value();
                break;
            }
            case Op::dict_merge: {  // arg 1: {**m} in a dict display
                if (arg == 1 && !sp[-1].is(OT::dict)) {
                    SYNC();
                    bool mapping = sp[-1].is(OT::instance) && class_lookup(sp[-1].as<InstanceObj>()->cls.as<ClassObj>(), "keys");
                    if (!mapping) r = st.raise("TypeError", "'" + class_name_of(sp[-1]) + "' object is not a mapping");
                    else r = dict_update_from(st, sp[-2], sp[-1]);
                    if (r != Res::ok) goto fail;
                    *--sp = Value();
                    break;
                }
                if (!sp[-1].is(OT::dict)) {
                    SYNC();
                    r = st.raise("TypeError", std::string("argument after ** must be a mapping, not ") + type_name(sp[-1]));
                    goto fail;
                }
                for (auto& e : sp[-1].as<DictObj>()->entries) if (e.live) sp[-2].as<DictObj>()->set(e.k, e.v);
                *--sp = Value();
                break;
            }
            case Op::list_to_tuple: {
                auto items = std::move(sp[-1].as<ListObj>()->items);
                sp[-1] = make_tuple(std::move(items));
                break;
            }
            case Op::build_string: {
                std::string s;
                size_t n = 0;
                for (uint32_t i = arg; i > 0; --i) n += str_of_obj(sp[-int(i)]).size();
                s.reserve(n);
                for (uint32_t i = arg; i > 0; --i) s += str_of_obj(sp[-int(i)]);
                for (uint32_t i = 0; i < arg; ++i) *--sp = Value();
                *sp++ = make_str(std::move(s));
                break;
            }
            case Op::format_value: {
                bool has_spec = (arg >> 8) != 0;
                char conv = char(arg & 0xff);
                if (!has_spec && !conv) {  // f"{i}" of an int or a str: nothing to format
                    if (sp[-1].is(OT::str)) break;
                    if (sp[-1].tag == Tag::integer) {
                        char buf[24];
                        auto res = std::to_chars(buf, buf + sizeof buf, sp[-1].u.i);
                        sp[-1] = make_str(std::string(buf, res.ptr));
                        break;
                    }
                }
                Value& v = has_spec ? sp[-2] : sp[-1];
                if (!has_spec && v.is(OT::bigint)) conv = 0;  // !r !s !a of an int: its str, digit limit included
                std::string text;
                SYNC();
                Value cv;
                if (conv == 'a') {
                    cv = make_str(ascii_repr(v));
                } else if (conv == 'r' || conv == 's' || v.is(OT::cls)) {  // instances: __format__
                    std::string t;
                    CHECK(conv == 'r' ? repr_value(st, v, t) : str_value(st, v, t));
                    cv = make_str(std::move(t));
                } else {
                    cv = v;
                }
                std::string spec = has_spec ? str_of_obj(sp[-1]) : std::string();
                CHECK(format_with_spec(st, cv, spec, text));
                if (has_spec) *--sp = Value();
                sp[-1] = make_str(std::move(text));
                break;
            }
            case Op::unpack: {
                SYNC();
                std::vector<Value> items;
                CHECK(unpack_items(st, sp[-1], items));
                if (items.size() != arg) {
                    if (items.size() > arg) r = st.raise("ValueError", "too many values to unpack (expected " + std::to_string(arg) + ")");
                    else r = st.raise("ValueError", "not enough values to unpack (expected " + std::to_string(arg) + ", got " +
                                                        std::to_string(items.size()) + ")");
                    goto fail;
                }
                --sp;
                for (uint32_t i = 0; i < arg; ++i) sp[i] = std::move(items[arg - 1 - i]);
                sp += arg;
                break;
            }
            case Op::call: case Op::call_kw: {
                int npos = int(arg & 0xfff);
                int nkw = Op(w & 0xff) == Op::call_kw ? int(arg >> 12) : 0;
                if (nkw == 0 && is_lock_with_call(sp[-npos - 1])) {  // `with lock:` enters or exits
                    SYNC();
                    Value out;
                    CHECK(lock_with_call(st, sp[-npos - 1], out));
                    for (int i = 0; i < npos; ++i) *--sp = Value();
                    sp[-1] = std::move(out);
                    break;
                }
                Value names;
                if (nkw) { names = std::move(sp[-1]); --sp; }
                size_t ci = size_t(sp - stk) - size_t(npos + nkw) - 1;
                size_t depth = st.frames.size();
                SYNC();
                r = invoke(st, ci, npos, nkw ? names.as<ListObj>()->items.data() : nullptr, nkw);
                if (r != Res::ok) {
                    if (nkw) { *sp++ = std::move(names); SYNC(); }
                    goto fail;
                }
                if (st.frames.size() != depth) {
                    RELOAD();
                    continue;  // the new frame starts at its pc 0
                }
                sp = stk + st.sp;
                break;
            }
            case Op::call_ex: {
                // f args kwargs -> f args... kwvals... (kwnames kept aside)
                Value kwargs = sp[-1];
                Value args = sp[-2];
                size_t ci = size_t(sp - stk) - 3;
                std::vector<Value> names;
                std::vector<Value> vals;
                if (kwargs.is(OT::dict)) {
                    SYNC();
                    r = split_kwargs(st, kwargs, names, vals);
                    if (r != Res::ok) goto fail;
                }
                std::vector<Value> pos;
                if (args.is(OT::tuple) || args.is(OT::list)) pos = args.as<ListObj>()->items;
                else { SYNC(); CHECK(to_vector(st, args, pos)); }
                SYNC();
                size_t depth = st.frames.size();
                if (!st.stack.room(st.sp + pos.size() + vals.size() + 9)) {
                    r = st.raise("RecursionError", "maximum recursion depth exceeded");
                    goto fail;
                }
                stk = st.stack.data();
                st.stack[ci + 1] = Value();
                st.stack[ci + 2] = Value();
                st.sp = ci + 1;
                for (auto& v : pos) st.stack[st.sp++] = std::move(v);
                for (auto& v : vals) st.stack[st.sp++] = std::move(v);
                r = invoke(st, ci, int(pos.size()), names.data(), int(names.size()));
                if (r != Res::ok) {
                    // Restore the instruction's operands so a retry sees them again.
                    for (size_t i = ci + 1; i < st.sp; ++i) st.stack[i] = Value();
                    st.stack[ci + 1] = std::move(args);
                    st.stack[ci + 2] = std::move(kwargs);
                    st.sp = ci + 3;
                    RELOAD();
                    goto fail;
                }
                if (st.frames.size() != depth) { RELOAD(); continue; }
                RELOAD();
                break;
            }
            case Op::return_value: {
                Value result = std::move(sp[-1]);
                --sp;
                if (f->init_self.tag == Tag::obj) {
                    if (!result.is_none()) {
                        *sp++ = std::move(result);
                        SYNC();
                        r = st.raise("TypeError", std::string("__init__() should return None, not '") + type_name(sp[-1]) + "'");
                        goto fail;
                    }
                    result = std::move(f->init_self);
                }
                if (f->gen) f->gen->done = true;
                size_t base = f->base;
                Value* b = stk + base;
                while (sp > b) *--sp = Value();
                st.frames.pop_back();
                if (base > 0) stk[base - 1] = std::move(result);
                st.sp = base;
                if (st.frames.size() == floor) { st.yielded = false; return Exec::returned; }
                RELOAD();
                break;  // the common ++pc moves past the caller's call
            }
            case Op::yield_value: {
                GeneratorObj* g = f->gen;
                Value v = std::move(sp[-1]);
                --sp;
                size_t base = f->base;
                g->saved.clear();
                for (Value* q = stk + base; q < sp; ++q) { g->saved.push_back(std::move(*q)); *q = Value(); }
                g->pc = pc + 1;
                sp = stk + base;
                st.frames.pop_back();
                stk[base - 1] = std::move(v);
                st.sp = base;
                st.yielded = true;
                return Exec::returned;  // generators always run as a nested call (gen_resume)
            }
            case Op::make_function: {
                auto* fn = new FunctionObj(prog.codes[arg].get());
                Value fv = Value::object(fn);
                if (sp[-3].is(OT::tuple)) fn->defaults = sp[-3].as<ListObj>()->items;
                if (sp[-2].is(OT::dict)) {
                    const Code* c = fn->code;
                    fn->kwdefaults.assign(size_t(c->nkwonly), Value::undef());
                    for (int k = 0; k < c->nkwonly; ++k)
                        if (Value* d = sp[-2].as<DictObj>()->find_str(c->local_names[size_t(c->nposargs + k)])) fn->kwdefaults[size_t(k)] = *d;
                }
                if (sp[-1].is(OT::tuple)) fn->closure = sp[-1].as<ListObj>()->items;
                sp[-1] = Value(); sp[-2] = Value();
                sp -= 2;
                sp[-1] = std::move(fv);
                break;
            }
            case Op::load_deref: {
                const Value& v = locals[arg].as<CellObj>()->v;
                if (v.tag == Tag::undef) {
                    SYNC();
                    r = st.raise("NameError", "cannot access free variable '" + f->code->local_names[arg] +
                                                  "' where it is not associated with a value in enclosing scope");
                    goto fail;
                }
                *sp++ = v;
                break;
            }
            case Op::store_deref: locals[arg].as<CellObj>()->v = std::move(*--sp); *sp = Value(); break;
            case Op::delete_deref: locals[arg].as<CellObj>()->v = Value::undef(); break;
            case Op::load_closure: *sp++ = locals[arg]; break;
            case Op::load_name_ns: {
                const std::string_view name = ns_key(prog, f->code, arg);
                if (Value* v = locals[0].as<DictObj>()->find_str(name)) { *sp++ = *v; break; }
                const Value& g = st.globals[arg];
                if (g.tag != Tag::undef) { *sp++ = g; break; }
                int b = prog.global_builtin[arg];
                if (b >= 0) { *sp++ = st.builtins[size_t(b)]; break; }
                SYNC();
                r = raise_name_error(st, std::string(name));
                goto fail;
            }
            case Op::store_name_ns:
                locals[0].as<DictObj>()->set(make_str(std::string(ns_key(prog, f->code, arg))), std::move(*--sp));
                *sp = Value();
                break;
            case Op::make_class: {
                SYNC();
                Value out;
                CHECK(make_class_object(st, sp[-3], sp[-2], sp[-1], out));
                sp[-1] = Value(); sp[-2] = Value();
                sp -= 2;
                sp[-1] = std::move(out);
                break;
            }
            case Op::load_method: {
                SYNC();
                const std::string& name = prog.names[arg];
                Value& obj = sp[-1];
                if (obj.is(OT::instance)) {
                    auto* o = obj.as<InstanceObj>();
                    if (!o->dict.as<DictObj>()->find_str(name)) {
                        Value* m = class_lookup(o->cls.as<ClassObj>(), name);
                        if (m && m->is(OT::function)) {
                            Value self = std::move(obj);
                            sp[-1] = *m;
                            *sp++ = std::move(self);
                            break;
                        }
                    }
                }
                if (obj.is(OT::list) || obj.is(OT::dict) || obj.is(OT::str) || obj.is(OT::tuple) || obj.is(OT::set) || obj.is(OT::bytes) ||
                    obj.is(OT::shared)) {
                    // lst.append(x), v.get_lock(): no bound-method object per call.
                    Value& hint = st.method_hint[f->code->word_offset + pc];
                    if (!(hint.is(OT::builtin) && hint.as<BuiltinObj>()->self.as<BuiltinObj>()->type_id == int8_t(obj.u.o->type))) {
                        const char* mname = nullptr;
                        NativeFn fn = obj.is(OT::shared) ? shared_method(obj.as<SharedObj>(), name, &mname) : lookup_native_method(obj, name, &mname);
                        if (fn) {
                            auto* inner = new BuiltinObj(fn, mname);
                            inner->type_id = int8_t(obj.u.o->type);
                            hint = Value::object(new BuiltinObj(cached_method_call, mname, Value::object(inner)));
                        }
                    }
                    if (hint.is(OT::builtin) && hint.as<BuiltinObj>()->self.as<BuiltinObj>()->type_id == int8_t(obj.u.o->type)) {
                        if (obj.is(OT::shared)) {  // v.get_lock()
                            Regs g{f, code, pc, sp, left};
                            if (fuse_get_lock(st, g, hint) == Fused::done) { pc = g.pc; break; }
                        }
                        Value self = std::move(obj);
                        sp[-1] = hint;
                        *sp++ = std::move(self);
                        break;
                    }
                }
                if (obj.is(OT::queue) || obj.is(OT::conn)) {
                    // q.put(x), conn.recv_bytes() in a loop: the method bound to the same
                    // object as last time at this site is reused (no lookup, no allocation).
                    Value& hint = st.method_hint[f->code->word_offset + pc];
                    if (hint.is(OT::builtin) && hint.as<BuiltinObj>()->self.tag == Tag::obj &&
                        hint.as<BuiltinObj>()->self.u.o == obj.u.o) {
                        sp[-1] = hint;
                        *sp++ = Value::undef();
                        break;
                    }
                    Value out;
                    CHECK(get_attr(st, obj, name, out));
                    if (out.is(OT::builtin) && out.as<BuiltinObj>()->self.tag == Tag::obj &&
                        out.as<BuiltinObj>()->self.u.o == obj.u.o)
                        hint = out;
                    sp[-1] = std::move(out);
                    *sp++ = Value::undef();
                    break;
                }
                Value out;
                CHECK(get_attr(st, obj, name, out));
                sp[-1] = std::move(out);
                *sp++ = Value::undef();
                break;
            }
            case Op::call_method: {
                int npos = int(arg);
                Value* callee = sp - npos - 2;
                if (npos == 0) {  // v.get_lock() through load_method's cache
                    if (const Value* lock = get_lock_shortcut(callee[0], callee[1])) {
                        callee[0] = *lock;
                        *--sp = Value();  // the Value object, which kept the lock so far
                        break;
                    }
                }
                if (callee[1].tag == Tag::undef) {
                    for (Value* q = callee + 1; q < sp - 1; ++q) *q = std::move(q[1]);
                    *--sp = Value();
                } else {
                    ++npos;
                }
                size_t ci = size_t(callee - stk);
                size_t depth = st.frames.size();
                SYNC();
                r = invoke(st, ci, npos, nullptr, 0);
                if (r != Res::ok) {
                    if (npos == int(arg)) {  // restore the layout for a retry
                        for (Value* q = sp; q > callee + 1; --q) *q = std::move(q[-1]);
                        callee[1] = Value::undef();
                        ++sp;
                        SYNC();
                    }
                    goto fail;
                }
                if (st.frames.size() != depth) { RELOAD(); continue; }
                sp = stk + st.sp;
                break;
            }
            case Op::push_exc_info: st.handling.push_back(sp[-1]); break;
            case Op::pop_except: if (!st.handling.empty()) st.handling.pop_back(); break;
            case Op::check_exc_match: {
                Value& cls = sp[-1];
                bool match = false;
                auto matches = [&](const Value& c) -> int {
                    if (!c.is(OT::cls) || !c.as<ClassObj>()->is_exception) return -1;
                    return value_is_instance(st, sp[-2], c) ? 1 : 0;
                };
                int m = 0;
                if (cls.is(OT::tuple)) {
                    for (const Value& c : cls.as<ListObj>()->items) {
                        int k = matches(c);
                        if (k < 0) { m = -1; break; }
                        if (k > 0) match = true;
                    }
                } else {
                    m = matches(cls);
                    match = m > 0;
                }
                if (m < 0) {
                    SYNC();
                    r = st.raise("TypeError", "catching classes that do not inherit from BaseException is not allowed");
                    goto fail;
                }
                sp[-1] = Value::boolean(match);
                break;
            }
            case Op::reraise: {
                Value e = std::move(sp[-1]);
                *--sp = Value();
                SYNC();
                st.exc = std::move(e);
                r = Res::error;
                goto fail;
            }
            case Op::raise_varargs: {
                SYNC();
                r = do_raise(st, int(arg), sp);
                sp -= arg;
                for (uint32_t i = 0; i < arg; ++i) sp[i] = Value();
                SYNC();
                goto fail;
            }
            case Op::load_special: {
                // `with lock:` in a loop: the bound __enter__/__exit__ of the same lock as
                // last time is reused (no allocation per iteration).
                Value& hint = st.method_hint[f->code->word_offset + pc];
                if (sp[-1].is_obj() && !sp[-1].is(OT::instance) && hint.is(OT::builtin) &&
                    hint.as<BuiltinObj>()->self.tag == Tag::obj && hint.as<BuiltinObj>()->self.u.o == sp[-1].u.o) {
                    if (hint.as<BuiltinObj>()->fn == lock_exit_method) {  // `with lock:` takes it
                        Regs g{f, code, pc, sp, left};
                        const Fused fu = fuse_with_enter(st, g, hint, &r);
                        pc = g.pc, sp = g.sp;
                        if (fu == Fused::failed) goto fail;
                        if (fu == Fused::done) break;
                    }
                    sp[-1] = hint;
                    break;
                }
                SYNC();
                Value out;
                CHECK(load_special(st, sp[-1], prog.names[arg], out));
                if (out.is(OT::builtin) && !sp[-1].is(OT::instance)) hint = out;
                sp[-1] = std::move(out);
                break;
            }
            case Op::exc_for_exit: {
                Value e = std::move(sp[-1]);
                sp[-1] = e.as<InstanceObj>()->cls;
                *sp++ = std::move(e);
                *sp++ = Value();
                break;
            }
            case Op::build_set: {
                auto* set = new SetObj();
                Value sv = Value::object(set);
                Value* base = sp - arg;
                for (uint32_t i = 0; i < arg; ++i) {
                    if (!is_hashable(base[i])) {
                        SYNC();
                        r = st.raise("TypeError", std::string("unhashable type: '") + unhashable_type_name(base[i]) + "'");
                        goto fail;
                    }
                    set->d.set(base[i], Value());
                }
                for (uint32_t i = 0; i < arg; ++i) base[i] = Value();
                sp = base;
                *sp++ = std::move(sv);
                PENDING();
                break;
            }
            case Op::set_add: {
                if (!is_hashable(sp[-1])) {
                    SYNC();
                    r = st.raise("TypeError", std::string("unhashable type: '") + unhashable_type_name(sp[-1]) + "'");
                    goto fail;
                }
                sp[-1 - int(arg)].as<SetObj>()->d.set(sp[-1], Value());
                *--sp = Value();
                PENDING();
                break;
            }
            case Op::unpack_ex: {
                SYNC();
                size_t before = arg & 0xfff, after = arg >> 12;
                std::vector<Value> items;
                CHECK(unpack_items(st, sp[-1], items));
                if (items.size() < before + after) {
                    r = st.raise("ValueError", "not enough values to unpack (expected at least " + std::to_string(before + after) +
                                                   ", got " + std::to_string(items.size()) + ")");
                    goto fail;
                }
                std::vector<Value> mid(items.begin() + long(before), items.end() - long(after));
                --sp;
                // Pushed so the first target is on top.
                size_t n = before + after + 1;
                std::vector<Value> outv;
                outv.reserve(n);
                for (size_t i = 0; i < before; ++i) outv.push_back(std::move(items[i]));
                outv.push_back(make_list(std::move(mid)));
                for (size_t i = items.size() - after; i < items.size(); ++i) outv.push_back(std::move(items[i]));
                for (size_t i = 0; i < n; ++i) sp[i] = std::move(outv[n - 1 - i]);
                sp += n;
                break;
            }
            case Op::load_ellipsis: *sp++ = st.builtins[size_t(builtin_index("Ellipsis"))]; break;
            case Op::delete_attr: {
                SYNC();
                CHECK(del_attr(st, sp[-1], prog.names[arg]));
                *--sp = Value();
                break;
            }
            case Op::import_name: {
                const std::string& name = prog.names[arg];
                Value mod;
                for (auto& m : st.modules) if (m.first == name) mod = m.second;
                if (mod.is_none()) {
                    SYNC();  // multiprocessing runs Python code as it is made (module_pool.cpp)
                    mod = make_module(st, name);
                    if (mod.is_none()) {
                        r = st.exc.is_obj() ? Res::error : st.raise("ModuleNotFoundError", "No module named '" + name + "'");
                        goto fail;
                    }
                    st.modules.emplace_back(name, mod);
                }
                *sp++ = std::move(mod);
                break;
            }
            case Op::import_from: {
                ModuleObj* m = sp[-1].as<ModuleObj>();
                Value* v = m->find(prog.names[arg]);
                if (!v) {
                    SYNC();
                    r = st.raise("ImportError", "cannot import name '" + prog.names[arg] + "' from '" + m->name + "' (forklab does not support it yet)");
                    goto fail;
                }
                *sp++ = *v;
                break;
            }
            case Op::assert_fail: {
                SYNC();
                std::vector<Value> args;
                if (arg) args.push_back(sp[-1]);
                r = raise_with_args(st, "AssertionError", std::move(args));
                goto fail;
            }
            default:
                SYNC();
                r = st.raise("SystemError", "bad opcode");
                goto fail;
        }
        ++pc;
        continue;
    fail:
        if (r == Res::blocked) {
            if (st.nested == 0) {
                // The instruction stays un-executed: stack and pc are as before it.
                ++left;
                return Exec::blocked;
            }
            if (!st.thread_wait) {
                // Native code below cannot be unwound: the backend runs the rest of the world
                // here, and the un-executed instruction is repeated as at the top level.
                const NestedWait n = st.host.wait_nested();
                if (n == NestedWait::retry && !st.kill_signal) {
                    ++left;
                    RELOAD();
                    continue;
                }
                if (n != NestedWait::unsupported) {
                    st.halted = true;
                    SYNC();
                    r = st.raise("RuntimeError", "forklab: process stopped in a nested wait");
                    if (!unwind(st, floor)) return Exec::error;
                }
            }
            st.thread_wait = false;
            SYNC();
            r = st.raise("RuntimeError", "forklab: a blocking call (" + st.block_reason +
                                             ") inside __str__, a key function or a generator is not supported on the sim backend");
        }
        if (!st.exc.is(OT::instance)) st.raise("SystemError", "error without an exception");
        if (!unwind(st, floor)) return Exec::error;
        RELOAD();
    }
    SYNC();
    return Exec::budget;
#undef SYNC
#undef RELOAD
#undef CHECK
#undef PENDING
}

}  // namespace

// [SECTION] threads -------------------------------------------------------------------------------
ThreadRun lang::run_current_thread(Interp::State& st, uint64_t& left) {
    const uint64_t start = left;
    st.live_left = &left;
    st.run_budget = start;
    Exec e = execute(st, left, 0);
    st.live_left = nullptr;
    left += st.yield_skipped;  // given up by Thread.start(), not executed
    st.yield_skipped = 0;
    st.executed += start - left;
    switch (e) {
        case Exec::returned: return ThreadRun::returned;
        case Exec::budget: return ThreadRun::budget;
        case Exec::blocked: return ThreadRun::blocked;
        case Exec::error: return ThreadRun::error;
    }
    return ThreadRun::budget;
}

void lang::end_with_exception(Interp::State& st) { finish_with_exception(st); }

std::unique_ptr<ThreadCtx> lang::new_thread_ctx(Interp::State& st, Value target, Value args, Value kwargs) {
    auto t = std::make_unique<ThreadCtx>();
    t->stack.allocate(kStackSlots);
    t->frames.reserve(kMaxFrames + 8);
    const Code* entry = st.program->codes[size_t(st.program->child_entry)].get();
    t->stack.room(3 + size_t(entry->nlocals) + size_t(entry->max_stack) + 16);  // as push_frame
    t->stack[0] = std::move(target);
    t->stack[1] = std::move(args);
    t->stack[2] = std::move(kwargs);
    t->sp = 3;
    Frame f;
    f.code = entry;
    f.serial = ++st.frame_serial;
    t->frames.push_back(std::move(f));
    return t;
}

// The process was stopped while it waited nested, or called os._exit (State::halted): it ends
// at once, its frames already unwound without handlers, as a killed process does.
static RunStatus end_halted(Interp::State& st) {
    st.exc = Value();
    st.finished = true;
    st.exit_code = st.os_exit_code >= 0 ? st.os_exit_code : st.kill_signal ? -st.kill_signal : -9;
    return RunStatus::exited;
}

RunStatus Interp::run(uint64_t budget) {
    State& st = *state_;
    if (st.finished) return RunStatus::exited;
    if (st.kill_signal) {
        st.finished = true;
        st.exit_code = -st.kill_signal;
        return RunStatus::exited;
    }
    st.block_reason.clear();
    st.burst_end = false;
    uint64_t left = budget;
    State* outer = RunningInterp::current;
    RunningInterp::current = &st;
    if (!st.threads.empty()) {
        RunStatus s = run_threads(st, budget);
        executed_ = st.executed;
        RunningInterp::current = outer;
        return st.halted ? end_halted(st) : s;
    }
    st.live_left = &left;
    st.run_budget = budget;
    Exec e = execute(st, left, 0);
    st.live_left = nullptr;
    RunningInterp::current = outer;
    left += st.yield_skipped;
    st.yield_skipped = 0;
    st.executed += budget - left;
    executed_ = st.executed;
    if (st.halted) return end_halted(st);
    switch (e) {
        case Exec::budget: return RunStatus::running;
        case Exec::blocked: return RunStatus::blocked;
        case Exec::returned:
            st.finished = true;
            st.exit_code = 0;
            return RunStatus::exited;
        case Exec::error:
            finish_with_exception(st);
            return RunStatus::exited;
    }
    return RunStatus::running;
}

// [SECTION] api --------------------------------------------------------------------------------------
Interp::Interp(std::shared_ptr<const Program> program, Host& host)
    : state_(std::make_unique<State>(std::move(program), host)) {
    State& st = *state_;
    st.self = this;
    init_state(st);
    st.globals.assign(st.program->global_names.size(), Value::undef());
    st.globals[size_t(st.program->main_name_global)] = make_str("__main__");
    const Code* mod = st.program->codes[0].get();
    for (int i = 0; i < mod->nlocals; ++i) st.stack[st.sp++] = Value::undef();
    push_frame(st, mod, 0, nullptr);
}

Interp::Interp(std::unique_ptr<State> s) : state_(std::move(s)) {}
void Interp::set_report_language(Lang lang) { state_->report_lang = lang; }
void Interp::set_memory_limit(uint64_t bytes) { state_->mem_limit = bytes ? bytes : kDefaultMemoryLimit; }
uint64_t Interp::memory_limit() const { return state_->mem_limit; }
Interp::~Interp() {
    if (state_) lang::release_heap(*state_);
}

std::unique_ptr<Interp> Interp::make_child(const Interp& parent, const ChildSpec& child, Host& host,
                                           std::string_view name) {
    const State& ps = *parent.state_;
    auto st = std::make_unique<State>(ps.program, host);
    st->mem_limit = ps.mem_limit;
    st->report_lang = ps.report_lang;
    st->int_max_str_digits = ps.int_max_str_digits;
    st->recursion_limit = ps.recursion_limit;
    init_state(*st);
    static thread_local size_t last_memo = 0;  // objects this thread's last child copied
    std::unordered_map<const Obj*, Value> memo;
    memo.reserve(last_memo + last_memo / 8);
    // The child's builtin exception classes stand for the parent's (an exception object
    // that crosses keeps its class identity for `except ValueError`).
    for (size_t i = 0; i < ps.exc_classes.size() && i < st->exc_classes.size(); ++i)
        memo.emplace(ps.exc_classes[i].u.o, st->exc_classes[i]);
    for (size_t i = 0; i < ps.builtins.size() && i < st->builtins.size(); ++i)
        if (ps.builtins[i].is_obj()) memo.emplace(ps.builtins[i].u.o, st->builtins[i]);
    if (child.spawn) {
        // A fresh interpreter: nothing of the parent's memory but the Process object and what
        // it references (as pickled by CPython); the module top level defines the rest again.
        st->globals.assign(ps.globals.size(), Value::undef());
        st->globals[size_t(st->program->main_name_global)] = make_str("__mp_main__");
        st->spawned = true;
        st->start_method = "spawn";
        st->start_method_fixed = true;
    } else {
        st->globals.reserve(ps.globals.size());
        for (const Value& g : ps.globals) st->globals.push_back(clone_value(g, memo));
        for (const auto& m : ps.modules) st->modules.emplace_back(m.first, clone_value(m.second, memo));
        st->start_method = ps.start_method;
        st->start_method_fixed = ps.start_method_fixed;
    }
    Value proc = clone_value(child.process, memo);
    ProcessObj* p = process_state(proc);
    p->is_current = true;
    p->started = true;
    st->current_process = proc;
    st->process_name = std::string(name);
    st->identity = p->identity;
    st->is_child = true;
    st->process_counter = 0;
    st->rng.reseed_child(ps.rng, int64_t(ps.process_counter), p->identity);
    st->parent_name = ps.process_name;
    Value fn, args, kwargs;
    process_entry(proc, &fn, &args, &kwargs);
    st->stack[0] = fn;
    st->stack[1] = args;
    st->stack[2] = kwargs;
    st->sp = 3;
    if (child.spawn) {
        if (fn.is_none())  // run() does nothing, after the top level
            st->stack[0] = Value::object(new BuiltinObj([](State&, CallArgs&, Value& o) { o = Value(); return Res::ok; }, "run"));
        // The spawn entry's instruction 0 stands for a call of the module code: slot 3 is
        // that call's callee, the module's locals follow (see the compiler's <spawn child>).
        push_frame(*st, st->program->codes[size_t(st->program->spawn_entry)].get(), 0, nullptr);
        st->stack[st->sp++] = Value();
        const Code* mod = st->program->codes[0].get();
        const uint32_t base = uint32_t(st->sp);
        for (int i = 0; i < mod->nlocals; ++i) st->stack[st->sp++] = Value::undef();
        push_frame(*st, mod, base, nullptr);
    } else {
        push_frame(*st, st->program->codes[size_t(st->program->child_entry)].get(), 0, nullptr);
        if (fn.is_none()) st->finished = true;  // run() does nothing
    }
    last_memo = memo.size();
    std::unique_ptr<Interp> interp(new Interp(std::move(st)));
    interp->state_->self = interp.get();
    return interp;
}

namespace {
// Drops the parent's references in a forked child without touching the objects: nothing
// observes an object's end (no finalizers), and writing its reference count would copy its
// page (copy-on-write) only to free it; the child _exit()s with its heap left to the kernel.
void forget(Value& v) { new (&v) Value(); }
void forget_all(std::vector<Value>& vs) {
    for (Value& v : vs) forget(v);
    vs.clear();
}
}  // namespace

bool Interp::become_child(const ChildSpec& child, Host& host, std::string_view name) {
    State& st = *state_;
    if (child.spawn || &st.host != &host || !st.threads.empty()) return false;
    for (const Frame& f : st.frames)
        if (f.gen) return false;  // a running generator stays running in make_child's copy only
    // The parent's own next index and identity seed the child's random, as in make_child.
    ProcessObj* p = process_state(child.process);
    st.rng.reseed_child(st.rng, int64_t(st.process_counter), p->identity);
    p->is_current = true;
    p->started = true;
    st.parent_name = st.process_name;
    st.process_name = std::string(name);
    st.identity = p->identity;
    st.is_child = true;
    st.process_counter = 0;
    forget(st.current_process);
    st.current_process = child.process;
    forget(st.parent_process);
    forget_all(st.children);
    // What the parent was doing: the frames (their C++ callers never resume: the child
    // _exit()s), the exceptions being handled, its calls back from native code.
    for (Frame& f : st.frames) forget(f.init_self);
    st.frames.clear();
    forget_all(st.handling);
    forget(st.exc);
    st.repr_active.clear();
    st.nested = 0;
    st.yielded = false;
    st.finished = false;
    st.exit_code = 0;
    st.executed = 0;
    executed_ = 0;
    st.live_left = nullptr;
    st.run_budget = 0;
    st.kill_signal = 0;
    st.block_reason.clear();
    st.thread_counter = 0;
    st.threads_started = 0;
    st.traced_thread = 0;
    st.yield_now = false;
    st.yield_skipped = 0;
    forget(st.main_thread);  // made again on first use, as in a fresh interpreter
    Value fn, args, kwargs;
    process_entry(child.process, &fn, &args, &kwargs);
    const bool nothing_to_run = fn.is_none();
    for (size_t i = 0; i < st.sp; ++i) forget(st.stack[i]);
    st.stack[0] = std::move(fn);
    st.stack[1] = std::move(args);
    st.stack[2] = std::move(kwargs);
    st.sp = 3;
    push_frame(st, st.program->codes[size_t(st.program->child_entry)].get(), 0, nullptr);
    if (nothing_to_run) st.finished = true;  // run() does nothing
    return true;
}

void Interp::unused_stack(void** begin, size_t* bytes) {
    static_assert(int(Tag::undef) == 0, "zero bytes must read back as a valid (undef) Value");
    State& st = *state_;
    *begin = st.stack.data() + st.sp;
    *bytes = (st.stack.size() - st.sp) * sizeof(Value);
}

int Interp::exit_code() const { return state_->exit_code; }
uint64_t Interp::instructions_executed() const {
    const State& st = *state_;
    // A yield (Thread.start, end_burst) zeroes the live countdown: what it gave up is not executed.
    return st.live_left ? st.executed + (st.run_budget - *st.live_left - st.yield_skipped) : st.executed;
}
int Interp::current_line() const {
    const State& st = *state_;
    for (auto it = st.frames.rbegin(); it != st.frames.rend(); ++it) {
        if (it->code->hidden || it->code->prelude) continue;
        return it->pc < it->code->lines.size() ? it->code->lines[it->pc] : 0;
    }
    return 0;
}
std::string_view Interp::process_name() const { return state_->process_name; }
void Interp::request_kill(int signal) { state_->kill_signal = signal ? signal : 15; }

void Interp::end_burst() {
    State& st = *state_;
    if (!st.live_left || st.nested) return;
    uint64_t* left = const_cast<uint64_t*>(st.live_left);
    st.yield_skipped += *left;  // given back when the instruction ends: not executed
    *left = 0;
    st.burst_end = true;
}

}  // namespace forklab
