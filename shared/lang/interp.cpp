// The dispatch loop, calls and returns, tracebacks, and the Interp public interface.
//
// Index: [SECTION] setup  [SECTION] calls  [SECTION] errors  [SECTION] dispatch  [SECTION] api
#include <cstring>

#include "lang/ast.h"
#include "lang/builtins.h"
#include "lang/interp_state.h"
#include "lang/opcodes.h"

namespace forklab {

using namespace lang;

namespace {

constexpr size_t kMaxFrames = 1000;
const char kOverflow[] = "forklab: integers beyond 64 bits are not supported yet";

// [SECTION] setup ------------------------------------------------------------------------------
void init_state(Interp::State& st) {
    const Program& p = *st.program;
    st.consts.clear();
    for (const ConstDef& c : p.consts) {
        switch (c.kind) {
            case ConstDef::integer: st.consts.push_back(Value::integer(c.i)); break;
            case ConstDef::real: st.consts.push_back(Value::real(c.f)); break;
            case ConstDef::str: st.consts.push_back(make_str(c.s)); break;
            case ConstDef::kwnames: {
                std::vector<Value> names;
                for (auto& n : c.names) names.push_back(make_str(n));
                st.consts.push_back(make_tuple(std::move(names)));
                break;
            }
        }
    }
    st.builtins.clear();
    for (int i = 0; i < builtin_count(); ++i) st.builtins.push_back(make_builtin(i));
    st.stack.resize(1024);
}

bool ensure_stack(Interp::State& st, size_t need) {
    if (st.sp + need <= st.stack.size()) return true;
    size_t n = st.stack.size();
    while (n < st.sp + need) n *= 2;
    st.stack.resize(n);
    return true;
}

// [SECTION] calls ---------------------------------------------------------------------------------
std::string plural(size_t n, const char* word) { return std::to_string(n) + " " + word + (n == 1 ? "" : "s"); }

// Binds arguments for a Python function into `bound` (nparams slots).
Res bind_args(Interp::State& st, FunctionObj* fn, Value* pos, int npos, const Value* kwnames, Value* kwvals, int nkw,
              std::vector<Value>& bound) {
    const Code* c = fn->code;
    size_t np = size_t(c->nparams);
    bound.assign(np, Value::undef());
    if (size_t(npos) > np) {
        size_t ndef = fn->defaults.size();
        std::string takes = ndef ? "from " + std::to_string(np - ndef) + " to " + std::to_string(np) + " positional arguments"
                                 : plural(np, "positional argument");
        return st.raise("TypeError", c->name + "() takes " + takes + " but " + std::to_string(npos) +
                                         (npos == 1 ? " was" : " were") + " given");
    }
    for (int i = 0; i < npos; ++i) bound[size_t(i)] = std::move(pos[i]);
    for (int k = 0; k < nkw; ++k) {
        const std::string& name = str_of_obj(kwnames[k]);
        size_t idx = np;
        for (size_t j = 0; j < np; ++j) if (c->local_names[j] == name) { idx = j; break; }
        if (idx == np) return st.raise("TypeError", c->name + "() got an unexpected keyword argument '" + name + "'");
        if (bound[idx].tag != Tag::undef) return st.raise("TypeError", c->name + "() got multiple values for argument '" + name + "'");
        bound[idx] = std::move(kwvals[k]);
    }
    size_t first_def = np - fn->defaults.size();
    std::vector<std::string> missing;
    for (size_t j = 0; j < np; ++j) {
        if (bound[j].tag != Tag::undef) continue;
        if (j >= first_def) bound[j] = fn->defaults[j - first_def];
        else missing.push_back("'" + c->local_names[j] + "'");
    }
    if (!missing.empty()) {
        std::string list;
        for (size_t i = 0; i < missing.size(); ++i) {
            if (i) list += (i + 1 == missing.size()) ? (missing.size() > 2 ? ", and " : " and ") : ", ";
            list += missing[i];
        }
        return st.raise("TypeError", c->name + "() missing " + plural(missing.size(), "required positional argument") + ": " + list);
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
        if (nkw == 0 && npos == c->nparams) {
            st.sp = ci + 1 + size_t(npos);
        } else {
            std::vector<Value> bound;
            Res r = bind_args(st, fn, args, npos, kwnames, args + npos, nkw, bound);
            if (r != Res::ok) return r;
            for (size_t i = ci + 1; i < st.sp; ++i) st.stack[i] = Value();
            st.sp = ci + 1;
            for (auto& v : bound) st.stack[st.sp++] = std::move(v);
        }
        ensure_stack(st, size_t(c->nlocals - c->nparams) + size_t(c->max_stack) + 8);
        for (int i = c->nparams; i < c->nlocals; ++i) st.stack[st.sp++] = Value::undef();
        st.frames.push_back(Frame{c, 0, uint32_t(ci + 1)});
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
        if (r != Res::ok) return r;
        for (size_t i = ci + 1; i < st.sp; ++i) st.stack[i] = Value();
        st.stack[ci] = std::move(out);
        st.sp = ci + 1;
        return Res::ok;
    }
    return st.raise("TypeError", std::string("'") + type_name(callee) + "' object is not callable");
}

// [SECTION] errors ------------------------------------------------------------------------------
void release_withs(Interp::State& st) {
    while (!st.withs.empty()) {
        Value mgr = std::move(st.withs.back().mgr);
        st.withs.pop_back();
        (void)with_exit(st, mgr);
    }
}

std::string strip(const std::string& s) {
    size_t a = s.find_first_not_of(" \t\r");
    if (a == std::string::npos) return "";
    size_t b = s.find_last_not_of(" \t\r");
    return s.substr(a, b - a + 1);
}

void finish_with_exception(Interp::State& st) {
    const Program& p = *st.program;
    release_withs(st);  // the __exit__ calls run while the exception propagates
    if (st.exc_type == "SystemExit") {
        Value code = st.exit_value;
        if (code.is_none()) st.exit_code = 0;
        else if (code.tag == Tag::integer) st.exit_code = int(code.u.i);
        else if (code.tag == Tag::boolean) st.exit_code = code.u.b;
        else { st.host.write(Stream::err, str_of(code) + "\n"); st.exit_code = 1; }
    } else {
        std::string tb;
        if (st.is_child) tb += "Process " + st.process_name + ":\n";
        tb += "Traceback (most recent call last):\n";
        for (const Frame& f : st.frames) {
            if (f.code->hidden) continue;
            int line = f.pc < f.code->lines.size() ? f.code->lines[f.pc] : 0;
            tb += "  File \"" + p.filename + "\", line " + std::to_string(line) + ", in " + f.code->name + "\n";
            if (line > 0 && size_t(line) <= p.source_lines.size()) {
                std::string src = strip(p.source_lines[size_t(line) - 1]);
                if (!src.empty()) tb += "    " + src + "\n";
            }
        }
        tb += st.exc_type;
        if (!st.exc_msg.empty()) tb += ": " + st.exc_msg;
        tb += "\n";
        st.host.write(Stream::err, tb);
        st.exit_code = 1;
    }
    st.finished = true;
}

}  // namespace

// [SECTION] dispatch ---------------------------------------------------------------------------------
RunStatus Interp::run(uint64_t budget) {
    State& st = *state_;
    if (st.finished) return RunStatus::exited;
    if (st.kill_signal) {
        st.finished = true;
        st.exit_code = -st.kill_signal;
        st.withs.clear();
        return RunStatus::exited;
    }
    st.block_reason.clear();
    const Program& prog = *st.program;
    uint64_t left = budget;
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
            case Op::load_none: *sp++ = Value(); break;
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
                r = st.raise("NameError", "name '" + prog.global_names[arg] + "' is not defined");
                goto fail;
            }
            case Op::store_global: st.globals[arg] = std::move(*--sp); break;
            case Op::delete_global:
                if (st.globals[arg].tag == Tag::undef) {
                    SYNC();
                    r = st.raise("NameError", "name '" + prog.global_names[arg] + "' is not defined");
                    goto fail;
                }
                st.globals[arg] = Value::undef();
                break;
            case Op::load_attr: {
                SYNC();
                Value out;
                CHECK(get_attr(st, sp[-1], prog.names[arg], out));
                sp[-1] = std::move(out);
                break;
            }
            case Op::store_attr: {
                SYNC();
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
                sp[-1] = Value();
                --sp;
                sp[-1] = std::move(out);
                break;
            }
            case Op::store_subscr: {
                SYNC();
                CHECK(set_item(st, sp[-2], sp[-1], sp[-3]));
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
                        case op_add: if (__builtin_add_overflow(x, y, &z)) { SYNC(); r = st.raise("OverflowError", kOverflow); goto fail; } break;
                        case op_sub: if (__builtin_sub_overflow(x, y, &z)) { SYNC(); r = st.raise("OverflowError", kOverflow); goto fail; } break;
                        case op_mul: if (__builtin_mul_overflow(x, y, &z)) { SYNC(); r = st.raise("OverflowError", kOverflow); goto fail; } break;
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
                b = Value();
                --sp;
                sp[-1] = std::move(out);
                break;
            }
            case Op::jump: pc = arg; continue;
            case Op::pop_jump_if_false: {
                --sp;
                bool t = sp->tag == Tag::boolean ? sp->u.b : truthy(*sp);
                *sp = Value();
                if (!t) { pc = arg; continue; }
                break;
            }
            case Op::pop_jump_if_true: {
                --sp;
                bool t = sp->tag == Tag::boolean ? sp->u.b : truthy(*sp);
                *sp = Value();
                if (t) { pc = arg; continue; }
                break;
            }
            case Op::jump_if_false_or_pop:
                if (!truthy(sp[-1])) { pc = arg; continue; }
                *--sp = Value();
                break;
            case Op::jump_if_true_or_pop:
                if (truthy(sp[-1])) { pc = arg; continue; }
                *--sp = Value();
                break;
            case Op::get_iter: {
                if (sp[-1].is(OT::iter)) break;
                SYNC();
                Value out;
                CHECK(get_iter(st, sp[-1], out));
                sp[-1] = std::move(out);
                break;
            }
            case Op::for_iter: {
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
                        r = st.raise("TypeError", std::string("unhashable type: '") + type_name(base[2 * i]) + "'");
                        goto fail;
                    }
                    d->set(base[2 * i], std::move(base[2 * i + 1]));
                }
                for (uint32_t i = 0; i < 2 * arg; ++i) base[i] = Value();
                sp = base;
                *sp++ = std::move(dv);
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
                    r = st.raise("TypeError", std::string("unhashable type: '") + type_name(sp[-2]) + "'");
                    goto fail;
                }
                sp[-2 - int(arg)].as<DictObj>()->set(sp[-2], std::move(sp[-1]));
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
            case Op::dict_merge: {
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
                for (uint32_t i = arg; i > 0; --i) s += str_of_obj(sp[-int(i)]);
                for (uint32_t i = 0; i < arg; ++i) *--sp = Value();
                *sp++ = make_str(std::move(s));
                break;
            }
            case Op::format_value: {
                bool has_spec = (arg >> 8) != 0;
                char conv = char(arg & 0xff);
                Value& v = has_spec ? sp[-2] : sp[-1];
                std::string text;
                SYNC();
                Value cv;
                if (conv == 'r' || conv == 'a') cv = make_str(repr_of(v));
                else if (conv == 's') cv = make_str(str_of(v));
                else cv = v;
                std::string spec = has_spec ? str_of_obj(sp[-1]) : std::string();
                CHECK(format_with_spec(st, cv, spec, text));
                if (has_spec) *--sp = Value();
                sp[-1] = make_str(std::move(text));
                break;
            }
            case Op::unpack: {
                SYNC();
                std::vector<Value> items;
                if (sp[-1].is(OT::tuple) || sp[-1].is(OT::list)) items = sp[-1].as<ListObj>()->items;
                else CHECK(to_vector(st, sp[-1], items));
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
                    for (auto& e : kwargs.as<DictObj>()->entries) {
                        if (!e.live) continue;
                        if (!e.k.is(OT::str)) { SYNC(); r = st.raise("TypeError", "keywords must be strings"); goto fail; }
                        names.push_back(e.k);
                        vals.push_back(e.v);
                    }
                }
                std::vector<Value> pos;
                if (args.is(OT::tuple) || args.is(OT::list)) pos = args.as<ListObj>()->items;
                else { SYNC(); CHECK(to_vector(st, args, pos)); }
                SYNC();
                size_t depth = st.frames.size();
                ensure_stack(st, pos.size() + vals.size() + 8);
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
                size_t base = f->base;
                Value* b = stk + base;
                while (sp > b) *--sp = Value();
                st.frames.pop_back();
                if (st.frames.empty()) {
                    st.sp = 0;
                    st.finished = true;
                    st.exit_code = 0;
                    st.executed += budget - left;
                    return RunStatus::exited;
                }
                stk[base - 1] = std::move(result);
                st.sp = base;
                RELOAD();
                break;  // the common ++pc moves past the caller's call
            }
            case Op::make_function: {
                uint32_t idx = arg & 0xfff;
                uint32_t ndef = arg >> 12;
                auto* fn = new FunctionObj(prog.codes[idx].get());
                for (uint32_t i = ndef; i > 0; --i) fn->defaults.push_back(std::move(sp[-int(i)]));
                sp -= ndef;
                *sp++ = Value::object(fn);
                break;
            }
            case Op::import_name: {
                const std::string& name = prog.names[arg];
                Value mod;
                for (auto& m : st.modules) if (m.first == name) mod = m.second;
                if (mod.is_none()) {
                    mod = make_module(st, name);
                    if (mod.is_none()) { SYNC(); r = st.raise("ModuleNotFoundError", "No module named '" + name + "'"); goto fail; }
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
            case Op::with_enter: {
                SYNC();
                Value out;
                CHECK(with_enter(st, sp[-1], out));
                st.withs.push_back(WithEntry{st.frames.size(), sp[-1]});
                *sp++ = std::move(out);
                break;
            }
            case Op::with_exit: {
                SYNC();
                CHECK(with_exit(st, sp[-1]));
                if (!st.withs.empty()) st.withs.pop_back();
                *--sp = Value();
                break;
            }
            case Op::assert_fail: {
                SYNC();
                r = st.raise("AssertionError", arg ? str_of(sp[-1]) : std::string());
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
            // The instruction stays un-executed: stack and pc are as before it.
            st.executed += budget - left - 1;
            return RunStatus::blocked;
        }
        st.executed += budget - left;
        finish_with_exception(st);
        return RunStatus::exited;
    }
    SYNC();
    st.executed += budget;
    return RunStatus::running;
#undef SYNC
#undef RELOAD
#undef CHECK
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
    ensure_stack(st, size_t(mod->nlocals + mod->max_stack) + 8);
    for (int i = 0; i < mod->nlocals; ++i) st.stack[st.sp++] = Value::undef();
    st.frames.push_back(Frame{mod, 0, 0});
}

Interp::Interp(std::unique_ptr<State> s) : state_(std::move(s)) {}
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
    init_state(*st);
    std::unordered_map<const Obj*, Value> memo;
    st->globals.reserve(ps.globals.size());
    for (const Value& g : ps.globals) st->globals.push_back(clone_value(g, memo));
    for (const auto& m : ps.modules) st->modules.emplace_back(m.first, clone_value(m.second, memo));
    Value proc = clone_value(child.process, memo);
    ProcessObj* p = proc.as<ProcessObj>();
    p->is_current = true;
    p->started = true;
    st->current_process = proc;
    st->process_name = std::string(name);
    st->identity = p->identity;
    st->is_child = true;
    st->process_counter = 0;
    // Like CPython's random, which reseeds in a child after fork.
    st->rng[0] = ps.rng[0] ^ (0x9e3779b97f4a7c15ULL * (uint64_t(ps.process_counter) + 1));
    st->rng[1] = ps.rng[1] + uint64_t(std::hash<std::string>()(p->identity));
    const Code* entry = st->program->codes[size_t(st->program->child_entry)].get();
    ensure_stack(*st, size_t(entry->max_stack) + 16);
    st->stack[0] = p->target;
    st->stack[1] = p->args.is_none() ? make_tuple() : p->args;
    st->stack[2] = p->kwargs;
    st->sp = 3;
    st->frames.push_back(Frame{entry, 0, 0});
    if (p->target.is_none()) st->finished = true;  // run() does nothing
    std::unique_ptr<Interp> interp(new Interp(std::move(st)));
    interp->state_->self = interp.get();
    return interp;
}

int Interp::exit_code() const { return state_->exit_code; }
uint64_t Interp::instructions_executed() const { return state_->executed; }
int Interp::current_line() const {
    const State& st = *state_;
    for (auto it = st.frames.rbegin(); it != st.frames.rend(); ++it) {
        if (it->code->hidden) continue;
        return it->pc < it->code->lines.size() ? it->code->lines[it->pc] : 0;
    }
    return 0;
}
std::string_view Interp::block_reason() const { return state_->block_reason; }
std::string_view Interp::process_name() const { return state_->process_name; }
void Interp::request_kill(int signal) { state_->kill_signal = signal ? signal : 15; }

}  // namespace forklab
