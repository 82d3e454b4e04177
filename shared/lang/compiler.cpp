#include "lang/compiler.h"

#include <algorithm>
#include <cctype>
#include <cstring>
#include <map>
#include <optional>
#include <set>
#include <unordered_map>

#include "lang/builtins.h"
#include "lang/call_site_text.h"
#include "lang/opcodes.h"
#include "lang/parser.h"
#include "lang/prelude.h"
#include "lang/scope.h"

namespace forklab::lang {

const char* code_name(const Code* c) { return c->name.c_str(); }

namespace {

int fixed_effect(Op op) {
    switch (op) {
#define X(name, effect) case Op::name: return effect;
        FORKLAB_OPCODES(X)
#undef X
        default: return 0;
    }
}

int stack_effect(Op op, uint32_t arg) {
    switch (op) {
        case Op::build_list: case Op::build_tuple: case Op::build_string: return 1 - int(arg);
        case Op::build_dict: return 1 - 2 * int(arg);
        case Op::format_value: return (arg >> 8) ? -1 : 0;
        case Op::unpack: return int(arg) - 1;
        case Op::call: return -int(arg);
        case Op::call_kw: return -int(arg & 0xfff) - int(arg >> 12) - 1;
        case Op::assert_fail: return arg ? -1 : 0;
        case Op::call_method: return -int(arg) - 1;
        case Op::raise_varargs: return -int(arg);
        case Op::build_set: return 1 - int(arg);
        case Op::unpack_ex: return int(arg & 0xfff) + int(arg >> 12);
        default: return fixed_effect(op);
    }
}

// What a break, continue or return must undo on its way out of a construct.
struct Block {
    enum Kind {
        for_loop,     // the iterator is on the stack
        while_loop,
        with,         // the bound __exit__ is on the stack: call it with three Nones
        finally_,     // run the finally body (inlined)
        handler,      // inside an except body: the handled exception is done with
        finally_exc,  // inside a finally body run for an exception: it is on the stack
    } kind;
    std::vector<size_t> breaks;
    size_t continue_target = 0;
    const std::vector<StmtP>* finalbody = nullptr;  // finally_
    size_t handler_depth = 0;  // finally_: handler_stack size outside the try
    std::string handler_name;  // handler: the 'as' name, deleted on the way out
};

struct Ctx {
    Code* code = nullptr;
    enum Kind { module, function, class_body } kind = module;
    bool is_module = false;
    const Scope* scope = nullptr;
    std::unordered_map<std::string, int> locals;  // fast slots, and deref slots (cells, frees)
    std::set<std::string> derefs;                 // names whose slot holds a cell
    std::vector<std::unordered_map<std::string, int>> comp_scopes;
    std::vector<Block> blocks;
    std::vector<int> handler_stack;               // active exception handlers, innermost last
    int depth = 0;
};

class Compiler {
public:
    Compiler(Program& p) : p_(p) {}

    std::optional<Diagnostic> compile(const Module& m) {
        if (auto e = analyze_scopes(m, p_.filename, scopes_)) return e;
        Code* mod = new_code("<module>");
        Ctx ctx;
        ctx.code = mod;
        ctx.is_module = true;
        ctx.scope = scopes_.root.get();
        c_ = &ctx;
        p_.main_name_global = global_slot("__name__");
        body(m.body);
        line_ = last_line_;
        emit(Op::load_none);
        emit(Op::return_value);
        finish(ctx);
        // Child bootstrap: target(*args, **kwargs) with the three in slots 0..2.
        p_.child_entry = hidden_code("<child>", {"target", "args", "kwargs"}, [&] { emit_call_of_slots(); });
        // Spawn bootstrap: the module top level runs first as if called from instruction 0
        // (the interpreter pushes its frame above slot 3), so its return resumes at 1.
        p_.spawn_entry = hidden_code("<spawn child>", {"target", "args", "kwargs"}, [&] {
            emit(Op::load_none);  // never executed: stands for the call of the module code
            emit(Op::pop);        // the module's return value
            emit_call_of_slots();
        });
        // multiprocessing.Process.run as bytecode, so super().run() and p.run() may block on
        // sim like any call: if self._target: self._target(*self._args, **self._kwargs).
        p_.process_run = hidden_code("run", {"self"}, [&] {
            emit(Op::load_fast, 0);
            emit(Op::load_attr, name_index("_target"));
            const size_t skip = emit(Op::pop_jump_if_false);
            for (const char* field : {"_target", "_args", "_kwargs"}) {
                emit(Op::load_fast, 0);
                emit(Op::load_attr, name_index(field));
            }
            emit(Op::call_ex);
            emit(Op::pop);
            patch(skip, here());
        });
        return err_;
    }

    // The prelude (lang/prelude.h) joins the program as a second module: its globals get a
    // prefix no identifier can spell ("multiprocessing.pool.x"), so user code can neither see
    // nor clash with them, while the builtins stay reachable under their plain names.
    std::optional<Diagnostic> compile_prelude(const Module& m, const std::string& prefix) {
        if (auto e = analyze_scopes(m, p_.prelude_filename, scopes_)) return e;
        global_prefix_ = prefix;
        prelude_ = true;
        p_.prelude_entry = int(p_.codes.size());
        Code* mod = new_code("<module>");
        mod->hidden = true;
        Ctx ctx;
        ctx.code = mod;
        ctx.is_module = true;
        ctx.scope = scopes_.root.get();
        c_ = &ctx;
        body(m.body);
        line_ = last_line_;
        emit(Op::load_none);
        emit(Op::return_value);
        finish(ctx);
        return err_;
    }

private:
    // ---- infrastructure ----------------------------------------------------------------
    Code* new_code(std::string name) {
        p_.codes.push_back(std::make_unique<Code>());
        Code* c = p_.codes.back().get();
        c->name = std::move(name);
        c->prelude = prelude_;
        return c;
    }
    // A code object the interpreter enters itself (bootstraps, Process.run), hidden from
    // tracebacks: its parameters are its only locals, `body` emits all but the final
    // `return None`. Returns its index in p_.codes.
    template <class Body>
    int hidden_code(const char* name, std::initializer_list<const char*> params, Body body) {
        Code* code = new_code(name);
        code->hidden = true;
        code->nparams = code->nlocals = code->nposargs = int(params.size());
        code->local_names.assign(params.begin(), params.end());
        Ctx ctx;
        ctx.code = code;
        c_ = &ctx;
        line_ = 0;
        body();
        emit(Op::load_none);
        emit(Op::return_value);
        finish(ctx);
        return int(p_.codes.size()) - 1;
    }
    // A bootstrap's call target(*args, **kwargs) of slots 0..2, its result dropped.
    void emit_call_of_slots() {
        emit(Op::load_fast, 0);
        emit(Op::load_fast, 1);
        emit(Op::load_fast, 2);
        emit(Op::call_ex);
        emit(Op::pop);
    }
    void finish(Ctx& ctx) {
        ctx.code->max_stack += 4;
        Code* c = ctx.code;
        c->simple = !c->varargs && !c->varkw && c->nkwonly == 0 && c->cell_slots.empty() && c->free_slots.empty() &&
                    !c->generator;
    }
    size_t emit(Op op, uint32_t arg = 0) {
        Code* c = c_->code;
        c->words.push_back(encode(op, arg));
        c->lines.push_back(line_);
        c->handler_of.push_back(int16_t(c_->handler_stack.empty() ? -1 : c_->handler_stack.back()));
        c_->depth += stack_effect(op, arg);
        if (c_->depth > c->max_stack) c->max_stack = c_->depth;
        return c->words.size() - 1;
    }
    size_t here() const { return c_->code->words.size(); }
    // Words are emitted in order, so call_sites stays sorted without sorting.
    void note_site(CallSite site) {
        if (!site.text.empty()) c_->code->call_sites.push_back(std::move(site));
    }
    void patch(size_t at, size_t target) {
        uint32_t& w = c_->code->words[at];
        w = (w & 0xff) | uint32_t(target << 8);
    }
    void fail(int line, int col, std::string msg, const char* kind = "SyntaxError") {
        if (err_) return;
        Diagnostic d; d.kind = kind; d.file = p_.filename; d.line = line; d.col = col; d.message = std::move(msg);
        err_ = d;
    }
    // Constants and names are looked up by a key string, so a file with tens of thousands of
    // them compiles in linear time.
    static std::string const_key(const ConstDef& d) {
        std::string k(1, char('0' + int(d.kind)));
        switch (d.kind) {
            case ConstDef::integer: k += std::to_string(d.i); break;
            case ConstDef::real: k.append(reinterpret_cast<const char*>(&d.f), sizeof d.f); break;
            case ConstDef::kwnames: for (auto& n : d.names) { k += n; k.push_back('\0'); } break;
            default: k += d.s; break;
        }
        return k;
    }
    uint32_t const_index(ConstDef d) {
        std::string key = const_key(d);
        auto found = const_ids_.find(key);
        if (found != const_ids_.end()) return found->second;
        const_ids_.emplace(std::move(key), uint32_t(p_.consts.size()));
        p_.consts.push_back(std::move(d));
        return uint32_t(p_.consts.size() - 1);
    }
    void load_str(const std::string& s) { ConstDef d; d.kind = ConstDef::str; d.s = s; emit(Op::load_const, const_index(d)); }
    uint32_t name_index(const std::string& n) {
        auto found = name_ids_.find(n);
        if (found != name_ids_.end()) return found->second;
        name_ids_.emplace(n, uint32_t(p_.names.size()));
        p_.names.push_back(n);
        return uint32_t(p_.names.size() - 1);
    }
    int global_slot(const std::string& n) {
        std::string key = global_prefix_ + n;
        auto found = global_ids_.find(key);
        if (found != global_ids_.end()) return found->second;
        global_ids_.emplace(key, int(p_.global_names.size()));
        p_.global_names.push_back(std::move(key));
        p_.global_builtin.push_back(builtin_index(n));
        return int(p_.global_names.size() - 1);
    }
    int new_local(Ctx& ctx, const std::string& n) {
        int slot = ctx.code->nlocals++;
        ctx.code->local_names.push_back(n);
        return slot;
    }

    // Where a name lives.
    struct Where { enum Kind { fast, deref, global, ns } kind; int slot; };
    Where resolve(const std::string& n) {
        for (auto it = c_->comp_scopes.rbegin(); it != c_->comp_scopes.rend(); ++it) {
            auto f = it->find(n);
            if (f != it->end()) return {Where::fast, f->second};
        }
        if (c_->kind == Ctx::function) {
            auto f = c_->locals.find(n);
            if (f != c_->locals.end()) return {c_->derefs.count(n) ? Where::deref : Where::fast, f->second};
        }
        if (c_->kind == Ctx::class_body) return {Where::ns, global_slot(n)};
        return {Where::global, global_slot(n)};
    }
    void load_name(const std::string& n) {
        Where w = resolve(n);
        switch (w.kind) {
            case Where::fast: emit(Op::load_fast, uint32_t(w.slot)); break;
            case Where::deref: emit(Op::load_deref, uint32_t(w.slot)); break;
            case Where::global: emit(Op::load_global, uint32_t(w.slot)); break;
            case Where::ns: emit(Op::load_name_ns, uint32_t(w.slot)); break;
        }
    }
    void store_name(const std::string& n) {
        Where w = resolve(n);
        switch (w.kind) {
            case Where::fast: emit(Op::store_fast, uint32_t(w.slot)); break;
            case Where::deref: emit(Op::store_deref, uint32_t(w.slot)); break;
            case Where::global: emit(Op::store_global, uint32_t(w.slot)); break;
            case Where::ns: emit(Op::store_name_ns, uint32_t(w.slot)); break;
        }
    }

    // ---- statements -----------------------------------------------------------------------
    void body(const std::vector<StmtP>& b) {
        for (auto& s : b) {
            if (err_) return;
            stmt(*s);
        }
    }

    void stmt(const Stmt& s) {
        line_ = s.line;
        last_line_ = s.line;
        switch (s.kind) {
            case SK::expr:
                expr(*s.value);
                emit(Op::pop);
                break;
            case SK::assign:
                expr(*s.value);
                for (size_t i = 0; i < s.targets.size(); ++i) {
                    if (i + 1 < s.targets.size()) emit(Op::dup);
                    store(*s.targets[i]);
                }
                break;
            case SK::augassign: augassign(s); break;
            case SK::if_: {
                expr(*s.value);
                size_t jf = emit(Op::pop_jump_if_false);
                body(s.body);
                if (s.orelse.empty()) {
                    patch(jf, here());
                } else {
                    size_t je = emit(Op::jump);
                    patch(jf, here());
                    body(s.orelse);
                    patch(je, here());
                }
                break;
            }
            case SK::while_: {
                size_t top = here();
                line_ = s.line;
                expr(*s.value);
                size_t jf = emit(Op::pop_jump_if_false);
                c_->blocks.push_back(Block{Block::while_loop, {}, top, nullptr, 0, {}});
                body(s.body);
                line_ = s.line;
                emit(Op::jump, uint32_t(top));
                Block b = std::move(c_->blocks.back());
                c_->blocks.pop_back();
                patch(jf, here());
                body(s.orelse);
                for (size_t j : b.breaks) patch(j, here());
                break;
            }
            case SK::for_: {
                expr(*s.value);
                emit(Op::get_iter);
                size_t top = here();
                size_t fi = emit(Op::for_iter);
                store(*s.targets[0]);
                c_->blocks.push_back(Block{Block::for_loop, {}, top, nullptr, 0, {}});
                body(s.body);
                line_ = s.line;
                emit(Op::jump, uint32_t(top));
                Block b = std::move(c_->blocks.back());
                c_->blocks.pop_back();
                patch(fi, here());
                c_->depth -= 1;  // for_iter popped the iterator on exhaustion
                body(s.orelse);
                for (size_t j : b.breaks) patch(j, here());
                break;
            }
            case SK::break_: case SK::continue_: {
                bool brk = s.kind == SK::break_;
                int depth = c_->depth;
                size_t loop = c_->blocks.size();
                for (size_t i = c_->blocks.size(); i-- > 0;) {
                    Block::Kind k = c_->blocks[i].kind;
                    if (k == Block::for_loop || k == Block::while_loop) { loop = i; break; }
                }
                if (loop == c_->blocks.size()) {
                    fail(s.line, s.col, brk ? "'break' outside loop" : "'continue' not properly in loop");
                    break;
                }
                unwind_blocks(loop + 1, false);
                if (brk) {
                    if (c_->blocks[loop].kind == Block::for_loop) emit(Op::pop);
                    size_t j = emit(Op::jump);
                    c_->blocks[loop].breaks.push_back(j);
                } else {
                    emit(Op::jump, uint32_t(c_->blocks[loop].continue_target));
                }
                c_->depth = depth;
                break;
            }
            case SK::pass: break;
            case SK::return_: {
                if (c_->kind != Ctx::function) { fail(s.line, s.col, "'return' outside function"); break; }
                if (s.value) expr(*s.value); else emit(Op::load_none);
                int depth = c_->depth;
                unwind_blocks(0, true);
                emit(Op::return_value);
                c_->depth = depth - 1;
                break;
            }
            case SK::def:
                // CPython's order: the decorators are evaluated top first, then the function
                // is made, then they are applied bottom first.
                for (auto& d : s.decorators) expr(*d);
                make_function_from(s, &s, s.name);
                apply_decorators(s);
                store_name(s.name);
                break;
            case SK::class_: class_def(s); break;
            case SK::try_: try_stmt(s); break;
            case SK::raise_:
                if (s.value) expr(*s.value);
                if (s.msg) expr(*s.msg);
                line_ = s.line;
                emit(Op::raise_varargs, s.msg ? 2 : s.value ? 1 : 0);
                break;
            case SK::nonlocal: break;
            case SK::import:
                for (auto& n : s.names) {
                    emit(Op::import_name, name_index(n.first));
                    size_t dot = n.first.find('.');
                    if (n.second.empty() && dot != std::string::npos) {
                        // import a.b binds a (with b loaded, as its attribute)
                        emit(Op::pop);
                        emit(Op::import_name, name_index(n.first.substr(0, dot)));
                        store_name(n.first.substr(0, dot));
                    } else {
                        store_name(n.second.empty() ? n.first : n.second);
                    }
                }
                break;
            case SK::importfrom:
                emit(Op::import_name, name_index(s.name));
                for (auto& n : s.names) {
                    emit(Op::import_from, name_index(n.first));
                    store_name(n.second.empty() ? n.first : n.second);
                }
                emit(Op::pop);
                break;
            case SK::global: break;
            case SK::with: with(s, 0); break;
            case SK::del:
                for (auto& t : s.targets) del(*t);
                break;
            case SK::assert_: {
                expr(*s.value);
                size_t ok = emit(Op::pop_jump_if_true);
                if (s.msg) expr(*s.msg);
                emit(Op::assert_fail, s.msg ? 1 : 0);
                patch(ok, here());
                break;
            }
        }
    }

    // ---- blocks, exceptions ----------------------------------------------------------------
    int new_handler(int depth) {
        c_->code->handlers.push_back(HandlerDef{0, uint32_t(depth)});
        return int(c_->code->handlers.size() - 1);
    }
    void handler_here(int h, int depth_inside) {
        c_->code->handlers[size_t(h)].target = uint32_t(here());
        c_->depth = depth_inside;
        if (c_->depth > c_->code->max_stack) c_->code->max_stack = c_->depth;
    }

    // Emits what leaving blocks[level..] early needs (innermost first): for a return, the
    // value sits on top of each block's own stack items.
    void unwind_blocks(size_t level, bool value_on_top) {
        for (size_t i = c_->blocks.size(); i-- > level;) {
            Block::Kind kind = c_->blocks[i].kind;
            switch (kind) {
                case Block::while_loop: break;
                case Block::for_loop:
                    if (value_on_top) emit(Op::rot2);
                    emit(Op::pop);
                    break;
                case Block::with:
                    if (value_on_top) emit(Op::rot2);
                    emit(Op::load_none); emit(Op::load_none); emit(Op::load_none);
                    emit(Op::call, 3);
                    emit(Op::pop);
                    break;
                case Block::handler: {
                    emit(Op::pop_except);
                    std::string name = c_->blocks[i].handler_name;
                    if (!name.empty()) clear_name(name);
                    break;
                }
                case Block::finally_exc:
                    if (value_on_top) emit(Op::rot2);
                    emit(Op::pop);
                    emit(Op::pop_except);
                    break;
                case Block::finally_: {
                    // The finally body runs outside its own try: neither its handler nor
                    // the blocks inside it apply.
                    const std::vector<StmtP>* fb = c_->blocks[i].finalbody;
                    size_t hdepth = c_->blocks[i].handler_depth;
                    std::vector<Block> tail(std::make_move_iterator(c_->blocks.begin() + long(i)),
                                            std::make_move_iterator(c_->blocks.end()));
                    c_->blocks.resize(i);
                    std::vector<int> saved_handlers = c_->handler_stack;
                    c_->handler_stack.resize(hdepth);
                    int saved_line = line_;
                    body(*fb);
                    line_ = saved_line;
                    c_->handler_stack = std::move(saved_handlers);
                    for (auto& b : tail) c_->blocks.push_back(std::move(b));
                    break;
                }
            }
        }
    }

    // `except E as e:` unbinds e when the handler ends, as CPython does.
    void clear_name(const std::string& n) {
        emit(Op::load_none);
        store_name(n);
        Where w = resolve(n);
        switch (w.kind) {
            case Where::fast: emit(Op::delete_fast, uint32_t(w.slot)); break;
            case Where::deref: emit(Op::delete_deref, uint32_t(w.slot)); break;
            case Where::global: emit(Op::delete_global, uint32_t(w.slot)); break;
            case Where::ns: break;  // left bound to None in a class body
        }
    }

    void try_stmt(const Stmt& s) {
        const int d0 = c_->depth;
        int fh = -1;
        if (!s.finalbody.empty()) {
            fh = new_handler(d0);
            Block fb{Block::finally_, {}, 0, &s.finalbody, c_->handler_stack.size(), {}};
            c_->handler_stack.push_back(fh);
            c_->blocks.push_back(std::move(fb));
        }
        std::vector<size_t> to_after;
        if (!s.handlers.empty()) {
            int h = new_handler(d0);
            c_->handler_stack.push_back(h);
            body(s.body);
            c_->handler_stack.pop_back();
            body(s.orelse);
            to_after.push_back(emit(Op::jump));
            // An exception from the body arrives here on the stack.
            line_ = s.handlers[0].line;
            handler_here(h, d0 + 1);
            emit(Op::push_exc_info);
            int cleanup = new_handler(d0);
            c_->handler_stack.push_back(cleanup);
            bool bare = false;
            for (const Handler& hd : s.handlers) {
                line_ = hd.line;
                size_t next = SIZE_MAX;
                if (hd.type) {
                    expr(*hd.type);
                    line_ = hd.line;
                    emit(Op::check_exc_match);
                    next = emit(Op::pop_jump_if_false);
                }
                if (!hd.name.empty()) store_name(hd.name);
                else emit(Op::pop);
                c_->blocks.push_back(Block{Block::handler, {}, 0, nullptr, 0, hd.name});
                body(hd.body);
                c_->blocks.pop_back();
                emit(Op::pop_except);
                if (!hd.name.empty()) clear_name(hd.name);
                to_after.push_back(emit(Op::jump));
                c_->depth = d0 + 1;
                if (next == SIZE_MAX) { bare = true; break; }
                patch(next, here());
            }
            if (!bare) emit(Op::reraise);  // nothing matched
            c_->handler_stack.pop_back();
            // An exception inside a handler: the one being handled is done with.
            handler_here(cleanup, d0 + 1);
            emit(Op::pop_except);
            emit(Op::reraise);
        } else {
            body(s.body);
        }
        if (fh >= 0) {
            c_->handler_stack.pop_back();
            c_->blocks.pop_back();
        }
        for (size_t j : to_after) patch(j, here());
        c_->depth = d0;
        if (fh < 0) return;
        body(s.finalbody);  // the normal way out
        size_t jend = emit(Op::jump);
        handler_here(fh, d0 + 1);
        emit(Op::push_exc_info);
        int cleanup = new_handler(d0);
        c_->handler_stack.push_back(cleanup);
        c_->blocks.push_back(Block{Block::finally_exc, {}, 0, nullptr, 0, {}});
        body(s.finalbody);
        c_->blocks.pop_back();
        c_->handler_stack.pop_back();
        emit(Op::pop_except);
        emit(Op::reraise);
        handler_here(cleanup, d0 + 1);
        emit(Op::pop_except);
        emit(Op::reraise);
        patch(jend, here());
        c_->depth = d0;
    }

    // with A() as a: BODY  ==  exit = type(A).__exit__ bound; a = A.__enter__(); BODY;
    // exit(None, None, None) -- or, on an exception, exit(type, exc, None) and re-raise
    // unless that returned true.
    void with(const Stmt& s, size_t item) {
        if (item == s.items.size()) { body(s.body); return; }
        line_ = s.line;
        const int d0 = c_->depth;
        expr(*s.items[item].first);
        line_ = s.line;
        emit(Op::dup);
        emit(Op::load_special, name_index("__exit__"));
        emit(Op::rot2);
        emit(Op::load_special, name_index("__enter__"));
        note_site(with_site_of(*s.items[item].first, uint32_t(emit(Op::call, 0))));
        if (s.items[item].second) store(*s.items[item].second);
        else emit(Op::pop);
        int wh = new_handler(d0 + 1);
        c_->handler_stack.push_back(wh);
        c_->blocks.push_back(Block{Block::with, {}, 0, nullptr, 0, {}});
        with(s, item + 1);
        c_->blocks.pop_back();
        c_->handler_stack.pop_back();
        line_ = s.line;
        emit(Op::load_none); emit(Op::load_none); emit(Op::load_none);
        emit(Op::call, 3);
        emit(Op::pop);
        size_t jend = emit(Op::jump);
        handler_here(wh, d0 + 2);  // exit, exc
        emit(Op::push_exc_info);
        int cleanup = new_handler(d0);
        c_->handler_stack.push_back(cleanup);
        emit(Op::dup2);
        emit(Op::exc_for_exit);
        emit(Op::call, 3);
        size_t suppress = emit(Op::pop_jump_if_true);
        emit(Op::reraise);
        c_->handler_stack.pop_back();
        patch(suppress, here());
        c_->depth = d0 + 2;
        emit(Op::pop);
        emit(Op::pop);
        emit(Op::pop_except);
        size_t jend2 = emit(Op::jump);
        handler_here(cleanup, d0 + 1);
        emit(Op::pop_except);
        emit(Op::reraise);
        patch(jend, here());
        patch(jend2, here());
        c_->depth = d0;
    }

    // ---- functions and classes ------------------------------------------------------------------
    // Lays out a function's slots: parameters (positional, keyword-only, *args, **kwargs),
    // then its other locals, then its free variables; cells are marked.
    void layout_slots(Ctx& ctx, const Scope& sc, const std::vector<std::string>& params) {
        for (const std::string& n : params) ctx.locals[n] = new_local(ctx, n);
        for (const std::string& n : sc.locals)
            if (!ctx.locals.count(n)) ctx.locals[n] = new_local(ctx, n);
        for (const std::string& n : sc.cells) {
            ctx.code->cell_slots.push_back(ctx.locals.at(n));
            ctx.derefs.insert(n);
        }
        for (const std::string& n : sc.frees) {
            int slot = new_local(ctx, n);
            ctx.locals[n] = slot;
            ctx.code->free_slots.push_back(slot);
            ctx.derefs.insert(n);
        }
    }

    // Pushes the closure tuple for a child code (its free variables, in free_slots order),
    // or None when it captures nothing.
    void emit_closure(const Scope& child, int line, int col) {
        if (child.frees.empty()) { emit(Op::load_none); return; }
        for (const std::string& n : child.frees) {
            auto f = c_->locals.find(n);
            if (c_->kind != Ctx::function || f == c_->locals.end() || !c_->derefs.count(n)) {
                fail(line, col, "forklab does not support a class body between a function and a closure of it ('" + n + "')",
                     "NotSupported");
                return;
            }
            emit(Op::load_closure, uint32_t(f->second));
        }
        emit(Op::build_tuple, uint32_t(child.frees.size()));
    }

    static const std::string* docstring(const std::vector<StmtP>& b) {
        if (!b.empty() && b[0]->kind == SK::expr && b[0]->value && b[0]->value->kind == EK::str) return &b[0]->value->s;
        return nullptr;
    }

    void make_function_from(const Stmt& s, const void* node, const std::string& name) {
        const Scope* sc = scopes_.of(node);
        if (!sc) { fail(s.line, s.col, "internal error: no scope for function"); return; }
        // Defaults are evaluated here, in the enclosing scope, at definition time.
        size_t ndef = 0;
        std::vector<std::string> params[4];
        bool kwdefaults = false;
        for (auto& p : s.params) {
            params[int(p.kind)].push_back(p.name);
            if (p.kind == ParamKind::normal && p.def) { expr(*p.def); ++ndef; }
            if (p.kind == ParamKind::kwonly && p.def) kwdefaults = true;
        }
        if (ndef) emit(Op::build_tuple, uint32_t(ndef)); else emit(Op::load_none);
        if (kwdefaults) {
            size_t n = 0;
            for (auto& p : s.params)
                if (p.kind == ParamKind::kwonly && p.def) { load_str(p.name); expr(*p.def); ++n; }
            emit(Op::build_dict, uint32_t(n));
        } else {
            emit(Op::load_none);
        }
        Code* code = new_code(name);
        uint32_t code_idx = uint32_t(p_.codes.size() - 1);
        Ctx ctx;
        ctx.code = code;
        ctx.kind = Ctx::function;
        ctx.scope = sc;
        std::vector<std::string> order;
        for (int k : {0, 2, 1, 3}) for (auto& n : params[k]) order.push_back(n);  // normal, kwonly, *args, **kw
        code->nposargs = int(params[0].size());
        code->nkwonly = int(params[2].size());
        code->varargs = !params[1].empty();
        code->varkw = !params[3].empty();
        code->nparams = int(order.size());
        code->generator = sc->generator;
        if (const std::string* d = docstring(s.body)) { code->has_doc = true; code->doc = *d; }
        layout_slots(ctx, *sc, order);
        Ctx* outer = c_;
        int saved_line = line_;
        c_ = &ctx;
        body(s.body);
        line_ = last_line_;
        emit(Op::load_none);
        emit(Op::return_value);
        finish(ctx);
        c_ = outer;
        line_ = saved_line;
        emit_closure(*sc, s.line, s.col);
        emit(Op::make_function, code_idx);
    }

    // class C(B): BODY  ==  C = <body function>({}, "C", B), the body storing its names in
    // the namespace dict (slot 0) and ending with make_class.
    void apply_decorators(const Stmt& s) {
        line_ = s.line;
        for (size_t i = 0; i < s.decorators.size(); ++i) emit(Op::call, 1);
    }

    void class_def(const Stmt& s) {
        const Scope* sc = scopes_.of(&s);
        Code* code = new_code(s.name);
        uint32_t code_idx = uint32_t(p_.codes.size() - 1);
        Ctx ctx;
        ctx.code = code;
        ctx.kind = Ctx::class_body;
        ctx.scope = sc;
        for (const char* n : {".namespace", ".name", ".base"}) ctx.locals[n] = new_local(ctx, n);
        code->nparams = code->nposargs = 3;
        Ctx* outer = c_;
        int saved_line = line_;
        c_ = &ctx;
        if (const std::string* d = docstring(s.body)) {  // the class's __doc__
            load_str(*d);
            emit(Op::store_name_ns, uint32_t(global_slot("__doc__")));
        }
        body(s.body);
        line_ = s.line;
        emit(Op::load_fast, 0);
        emit(Op::load_fast, 1);
        emit(Op::load_fast, 2);
        emit(Op::make_class);
        emit(Op::return_value);
        finish(ctx);
        c_ = outer;
        line_ = saved_line;
        for (auto& d : s.decorators) expr(*d);
        emit(Op::load_none);
        emit(Op::load_none);
        emit(Op::load_none);
        emit(Op::make_function, code_idx);
        emit(Op::build_dict, 0);
        load_str(s.name);
        if (!s.targets.empty()) expr(*s.targets[0]); else emit(Op::load_none);
        line_ = s.line;
        emit(Op::call, 3);
        apply_decorators(s);
        store_name(s.name);
    }

    void store(const Expr& t) {
        switch (t.kind) {
            case EK::name: store_name(t.s); break;
            case EK::attr:
                expr(*t.a[0]);
                emit(Op::store_attr, name_index(t.s));
                break;
            case EK::subscript:
                expr(*t.a[0]);
                expr(*t.a[1]);
                emit(Op::store_subscr);
                break;
            case EK::tuple: case EK::list: {
                size_t star = t.a.size();
                for (size_t i = 0; i < t.a.size(); ++i) if (t.a[i]->kind == EK::starred) star = i;
                if (star == t.a.size()) {
                    emit(Op::unpack, uint32_t(t.a.size()));
                } else {
                    size_t after = t.a.size() - star - 1;
                    if (star > 0xfff || after > 0xfff) { fail(t.line, t.col, "too many expressions in star-unpacking assignment"); return; }
                    emit(Op::unpack_ex, uint32_t(star) | uint32_t(after << 12));
                }
                for (auto& k : t.a) store(k->kind == EK::starred ? *k->a[0] : *k);
                break;
            }
            default: fail(t.line, t.col, "cannot assign to expression"); break;
        }
    }

    void del(const Expr& t) {
        switch (t.kind) {
            case EK::name: {
                Where w = resolve(t.s);
                switch (w.kind) {
                    case Where::fast: emit(Op::delete_fast, uint32_t(w.slot)); break;
                    case Where::deref: emit(Op::delete_deref, uint32_t(w.slot)); break;
                    case Where::global: emit(Op::delete_global, uint32_t(w.slot)); break;
                    case Where::ns: fail(t.line, t.col, "forklab does not support 'del' in a class body", "NotSupported"); break;
                }
                break;
            }
            case EK::attr:
                expr(*t.a[0]);
                line_ = t.line;
                emit(Op::delete_attr, name_index(t.s));
                break;
            case EK::subscript:
                expr(*t.a[0]);
                expr(*t.a[1]);
                emit(Op::delete_subscr);
                break;
            case EK::tuple: case EK::list:
                for (auto& k : t.a) del(*k);
                break;
            default: fail(t.line, t.col, "cannot delete expression"); break;
        }
    }

    void augassign(const Stmt& s) {
        const Expr& t = *s.targets[0];
        switch (t.kind) {
            case EK::name:
                load_name(t.s);
                expr(*s.value);
                line_ = s.line;
                emit(Op::inplace, uint32_t(s.op));
                store_name(t.s);
                break;
            case EK::attr:
                expr(*t.a[0]);
                emit(Op::dup);
                line_ = s.line;
                emit(Op::load_attr, name_index(t.s));
                expr(*s.value);
                line_ = s.line;
                emit(Op::inplace, uint32_t(s.op));
                emit(Op::rot2);
                emit(Op::store_attr, name_index(t.s));
                break;
            case EK::subscript:
                expr(*t.a[0]);
                expr(*t.a[1]);
                emit(Op::dup2);
                line_ = s.line;
                emit(Op::load_subscr);
                expr(*s.value);
                line_ = s.line;
                emit(Op::inplace, uint32_t(s.op));
                emit(Op::rot3);
                emit(Op::store_subscr);
                break;
            default: fail(t.line, t.col, "illegal expression for augmented assignment"); break;
        }
    }

    // ---- expressions ------------------------------------------------------------------------
    void expr(const Expr& e) {
        if (err_) return;
        int saved = line_;
        if (e.line > 0) line_ = e.line;
        switch (e.kind) {
            case EK::name: load_name(e.s); break;
            case EK::integer:
                if (e.op == 1 && e.s.size() > 4300 && std::isdigit(static_cast<unsigned char>(e.s[1])))  // decimal
                    fail(e.line, e.col, "Exceeds the limit (4300 digits) for integer string conversion: value has " + std::to_string(e.s.size()) +
                         " digits; use sys.set_int_max_str_digits() to increase the limit - Consider hexadecimal for huge integer literals to avoid decimal conversion limits.");
                else if (e.op == 1) { ConstDef d; d.kind = ConstDef::bigint; d.s = e.s; emit(Op::load_const, const_index(d)); }
                else if (e.i >= -(1 << 23) && e.i < (1 << 23)) emit(Op::load_int, uint32_t(e.i) & 0xffffff);
                else { ConstDef d; d.kind = ConstDef::integer; d.i = e.i; emit(Op::load_const, const_index(d)); }
                break;
            case EK::real: { ConstDef d; d.kind = ConstDef::real; d.f = e.f; emit(Op::load_const, const_index(d)); break; }
            case EK::str: load_str(e.s); break;
            case EK::none: emit(Op::load_none); break;
            case EK::true_: emit(Op::load_true); break;
            case EK::false_: emit(Op::load_false); break;
            case EK::fstring: {
                if (e.a.empty()) { load_str(""); break; }
                for (auto& part : e.a) {
                    if (part->kind == EK::str) { load_str(part->s); continue; }
                    expr(*part->a[0]);
                    bool spec = part->a.size() > 1;
                    if (spec) expr(*part->a[1]);
                    emit(Op::format_value, uint32_t(part->op) | (spec ? 256u : 0u));
                }
                if (e.a.size() > 1) emit(Op::build_string, uint32_t(e.a.size()));
                break;
            }
            case EK::fvalue: fail(e.line, e.col, "invalid f-string"); break;
            case EK::binop:
                expr(*e.a[0]);
                expr(*e.a[1]);
                line_ = e.line;
                emit(Op::binary, uint32_t(e.op));
                break;
            case EK::unop:
                expr(*e.a[0]);
                line_ = e.line;
                emit(Op::unary, uint32_t(e.op));
                break;
            case EK::boolop: {
                std::vector<size_t> jumps;
                for (size_t i = 0; i < e.a.size(); ++i) {
                    expr(*e.a[i]);
                    if (i + 1 < e.a.size()) jumps.push_back(emit(e.op == 0 ? Op::jump_if_false_or_pop : Op::jump_if_true_or_pop));
                }
                for (size_t j : jumps) patch(j, here());
                break;
            }
            case EK::compare: {
                expr(*e.a[0]);
                if (e.ops.size() == 1) {
                    expr(*e.a[1]);
                    line_ = e.line;
                    emit(Op::compare, uint32_t(e.ops[0]));
                    break;
                }
                std::vector<size_t> cleanups;
                for (size_t i = 0; i < e.ops.size(); ++i) {
                    expr(*e.a[i + 1]);
                    line_ = e.line;
                    if (i + 1 < e.ops.size()) {
                        emit(Op::dup);
                        emit(Op::rot3);
                        emit(Op::compare, uint32_t(e.ops[i]));
                        cleanups.push_back(emit(Op::jump_if_false_or_pop));
                    } else {
                        emit(Op::compare, uint32_t(e.ops[i]));
                    }
                }
                size_t jend = emit(Op::jump);
                for (size_t j : cleanups) patch(j, here());
                c_->depth += 1;
                emit(Op::rot2);
                emit(Op::pop);
                patch(jend, here());
                break;
            }
            case EK::call: call(e); break;
            case EK::attr:
                expr(*e.a[0]);
                line_ = e.line;
                emit(Op::load_attr, name_index(e.s));
                break;
            case EK::subscript:
                expr(*e.a[0]);
                expr(*e.a[1]);
                line_ = e.line;
                emit(Op::load_subscr);
                break;
            case EK::slice:
                for (int k = 0; k < 3; ++k) expr(*e.a[size_t(k)]);
                emit(Op::build_slice);
                break;
            case EK::list: case EK::tuple: {
                bool starred = false;
                for (auto& k : e.a) if (k->kind == EK::starred) starred = true;
                if (!starred) {
                    for (auto& k : e.a) expr(*k);
                    emit(e.kind == EK::list ? Op::build_list : Op::build_tuple, uint32_t(e.a.size()));
                } else {
                    emit(Op::build_list, 0);
                    for (auto& k : e.a) {
                        if (k->kind == EK::starred) { expr(*k->a[0]); emit(Op::list_extend); }
                        else { expr(*k); emit(Op::list_append, 1); }
                    }
                    if (e.kind == EK::tuple) emit(Op::list_to_tuple);
                }
                break;
            }
            case EK::dict: {
                bool merge = false;
                for (size_t i = 0; i < e.a.size(); i += 2) if (e.a[i]->kind == EK::starred) merge = true;
                if (!merge) {
                    for (auto& k : e.a) expr(*k);
                    emit(Op::build_dict, uint32_t(e.a.size() / 2));
                    break;
                }
                emit(Op::build_dict, 0);  // {k: v, **m, ...}: entries in order, later ones win
                for (size_t i = 0; i < e.a.size(); i += 2) {
                    if (e.a[i]->kind == EK::starred) { expr(*e.a[i]->a[0]); line_ = e.a[i]->line; emit(Op::dict_merge, 1); }
                    else { expr(*e.a[i]); expr(*e.a[i + 1]); emit(Op::dict_set, 1); }
                }
                break;
            }
            case EK::listcomp: case EK::dictcomp: case EK::setcomp: comprehension(e, false); break;
            case EK::genexp: genexp(e); break;
            case EK::lambda_: make_function_from(*e.fn, &e, "<lambda>"); break;
            case EK::set: {
                bool starred = false;
                for (auto& k : e.a) if (k->kind == EK::starred) starred = true;
                if (!starred) {
                    for (auto& k : e.a) expr(*k);
                    emit(Op::build_set, uint32_t(e.a.size()));
                    break;
                }
                emit(Op::build_set, 0);  // {*a, b}: each iterable's items added in turn
                for (auto& k : e.a) {
                    if (k->kind != EK::starred) { expr(*k); emit(Op::set_add, 1); continue; }
                    expr(*k->a[0]);
                    emit(Op::get_iter);
                    size_t top = here();
                    size_t loop = emit(Op::for_iter);
                    emit(Op::set_add, 2);
                    emit(Op::jump, uint32_t(top));
                    patch(loop, here());
                    c_->depth -= 1;  // for_iter popped the iterator on exhaustion
                }
                break;
            }
            case EK::named: {  // the value stays on the stack as the expression's result
                const std::string& n = e.a[0]->s;
                for (auto& comp : c_->comp_scopes)
                    if (comp.count(n)) fail(e.line, e.col, "assignment expression cannot rebind comprehension iteration variable '" + n + "'");
                // A generator expression is a function of its own here; CPython binds the
                // name in the scope around it.
                if (c_->code->name == "<genexpr>")
                    fail(e.line, e.col, "forklab does not support ':=' inside a generator expression yet", "NotSupported");
                expr(*e.a[1]);
                emit(Op::dup);
                store_name(n);
                break;
            }
            case EK::yield_:
                if (c_->kind != Ctx::function) { fail(e.line, e.col, "'yield' outside function"); break; }
                if (e.a.empty()) emit(Op::load_none); else expr(*e.a[0]);
                line_ = e.line;
                emit(Op::yield_value);
                break;
            case EK::bytes: { ConstDef d; d.kind = ConstDef::bytes; d.s = e.s; emit(Op::load_const, const_index(d)); break; }
            case EK::ellipsis: emit(Op::load_ellipsis); break;
            case EK::ifexp: {
                expr(*e.a[1]);
                size_t jf = emit(Op::pop_jump_if_false);
                expr(*e.a[0]);
                size_t je = emit(Op::jump);
                patch(jf, here());
                c_->depth -= 1;
                expr(*e.a[2]);
                patch(je, here());
                break;
            }
            case EK::starred: fail(e.line, e.col, "can't use starred expression here"); break;
        }
        line_ = saved;
    }

    void call(const Expr& e) {
        size_t nargs = e.a.size() - 1;
        size_t nkw = e.kwnames.size();
        size_t npos = nargs - nkw;
        bool complex_call = false;
        for (size_t i = 1; i <= npos; ++i) if (e.a[i]->kind == EK::starred) complex_call = true;
        for (auto& k : e.kwnames) if (k == "**") complex_call = true;
        if (npos > 255 || nkw > 255) complex_call = true;
        // obj.method(a, b): no bound-method object is made (load_method + call_method).
        if (!complex_call && nkw == 0 && e.a[0]->kind == EK::attr) {
            const Expr& callee = *e.a[0];
            expr(*callee.a[0]);
            line_ = callee.line;
            emit(Op::load_method, name_index(callee.s));
            for (size_t i = 1; i <= nargs; ++i) expr(*e.a[i]);
            line_ = e.line;
            note_site(call_site_of(e, uint32_t(emit(Op::call_method, uint32_t(npos)))));
            return;
        }
        expr(*e.a[0]);
        if (!complex_call) {
            for (size_t i = 1; i <= nargs; ++i) expr(*e.a[i]);
            line_ = e.line;
            if (nkw == 0) {
                note_site(call_site_of(e, uint32_t(emit(Op::call, uint32_t(npos)))));
            } else {
                ConstDef d; d.kind = ConstDef::kwnames; d.names = e.kwnames;
                emit(Op::load_const, const_index(d));
                note_site(call_site_of(e, uint32_t(emit(Op::call_kw, uint32_t(npos) | uint32_t(nkw << 12)))));
            }
            return;
        }
        emit(Op::build_list, 0);
        for (size_t i = 1; i <= npos; ++i) {
            if (e.a[i]->kind == EK::starred) { expr(*e.a[i]->a[0]); emit(Op::list_extend); }
            else { expr(*e.a[i]); emit(Op::list_append, 1); }
        }
        emit(Op::list_to_tuple);
        if (nkw == 0) {
            emit(Op::load_none);
        } else {
            emit(Op::build_dict, 0);
            for (size_t k = 0; k < nkw; ++k) {
                const Expr& v = *e.a[1 + npos + k];
                if (e.kwnames[k] == "**") { expr(v); emit(Op::dict_merge); }
                else { load_str(e.kwnames[k]); expr(v); emit(Op::dict_set, 1); }
            }
        }
        line_ = e.line;
        note_site(call_site_of(e, uint32_t(emit(Op::call_ex))));
    }

    // A generator expression is a generator function of one parameter (the first iterable,
    // already made an iterator) called at once, like CPython's <genexpr>.
    void genexp(const Expr& e) {
        const Scope* sc = scopes_.of(&e);
        if (!sc) { fail(e.line, e.col, "internal error: no scope for generator expression"); return; }
        Code* code = new_code("<genexpr>");
        uint32_t code_idx = uint32_t(p_.codes.size() - 1);
        Ctx ctx;
        ctx.code = code;
        ctx.kind = Ctx::function;
        ctx.scope = sc;
        code->nparams = code->nposargs = 1;
        code->generator = true;
        layout_slots(ctx, *sc, {".0"});
        Ctx* outer = c_;
        c_ = &ctx;
        comprehension(e, true);
        emit(Op::load_none);
        emit(Op::return_value);
        finish(ctx);
        c_ = outer;
        line_ = e.line;
        emit(Op::load_none);
        emit(Op::load_none);
        emit_closure(*sc, e.line, e.col);
        emit(Op::make_function, code_idx);
        expr(*e.comps[0].iter);
        emit(Op::get_iter);
        line_ = e.line;
        emit(Op::call, 1);
    }

    // Comprehensions run inline in the enclosing code; their loop variables get fresh hidden
    // slots so they do not leak, as in Python 3. In a generator expression's own code
    // (`in_genexp`) the first iterator is parameter 0 and each element is yielded.
    void comprehension(const Expr& e, bool in_genexp) {
        bool is_dict = e.kind == EK::dictcomp;
        bool is_set = e.kind == EK::setcomp;
        if (!in_genexp) emit(is_dict ? Op::build_dict : is_set ? Op::build_set : Op::build_list, 0);
        c_->comp_scopes.emplace_back();
        std::vector<std::pair<size_t, size_t>> loops;  // (top, for_iter)
        for (size_t g = 0; g < e.comps.size(); ++g) {
            const Comprehension& c = e.comps[g];
            // The first iterable is evaluated in the enclosing scope, the rest inside.
            if (g == 0 && in_genexp) {
                emit(Op::load_fast, 0);
            } else if (g == 0) {
                auto saved = std::move(c_->comp_scopes.back());
                c_->comp_scopes.pop_back();
                expr(*c.iter);
                c_->comp_scopes.push_back(std::move(saved));
            } else {
                expr(*c.iter);
            }
            emit(Op::get_iter);
            size_t top = here();
            size_t fi = emit(Op::for_iter);
            declare_comp_target(*c.target);
            store(*c.target);
            std::vector<size_t> skips;
            for (auto& cond : c.ifs) {
                expr(*cond);
                emit(Op::pop_jump_if_false, uint32_t(top));
            }
            (void)skips;
            loops.emplace_back(top, fi);
        }
        uint32_t depth = uint32_t(e.comps.size());
        if (in_genexp) { expr(*e.a[0]); emit(Op::yield_value); emit(Op::pop); }
        else if (is_dict) { expr(*e.a[0]); expr(*e.a[1]); emit(Op::dict_set, depth + 1); }
        else if (is_set) { expr(*e.a[0]); emit(Op::set_add, depth + 1); }
        else { expr(*e.a[0]); emit(Op::list_append, depth + 1); }
        for (auto it = loops.rbegin(); it != loops.rend(); ++it) {
            emit(Op::jump, uint32_t(it->first));
            patch(it->second, here());
            c_->depth -= 1;
        }
        c_->comp_scopes.pop_back();
    }
    void declare_comp_target(const Expr& t) {
        if (t.kind == EK::name) {
            auto& scope = c_->comp_scopes.back();
            if (!scope.count(t.s)) scope[t.s] = new_local(*c_, t.s);
        } else if (t.kind == EK::tuple || t.kind == EK::list) {
            for (auto& k : t.a) declare_comp_target(*k);
        }
    }

    Program& p_;
    std::unordered_map<std::string, uint32_t> const_ids_, name_ids_;
    std::unordered_map<std::string, int> global_ids_;
    ScopeTree scopes_;
    std::string global_prefix_;  // "" for the program, the prelude's prefix while compiling it
    bool prelude_ = false;
    Ctx* c_ = nullptr;
    int line_ = 1;
    int last_line_ = 1;
    std::optional<Diagnostic> err_;
};

}  // namespace

}  // namespace forklab::lang

namespace forklab {

namespace {
void split_lines(std::string_view text, std::vector<std::string>& lines) {
    size_t start = 0;
    while (start <= text.size()) {
        size_t nl = text.find('\n', start);
        if (nl == std::string::npos) { lines.emplace_back(text.substr(start)); break; }
        lines.emplace_back(text.substr(start, nl - start));
        start = nl + 1;
    }
}
}  // namespace

CompileResult compile_program(std::string_view source, std::string filename) {
    CompileResult r;
    lang::ParseResult pr = lang::parse_module(source, filename);
    if (pr.error) { r.errors.push_back(*pr.error); return r; }
    auto prog = std::make_shared<Program>();
    prog->source = std::string(source);
    prog->filename = filename;
    split_lines(prog->source, prog->source_lines);
    lang::Compiler c(*prog);
    auto err = c.compile(pr.module);
    if (err) { r.errors.push_back(*err); return r; }
    // Only programs that can reach multiprocessing pay for the prelude (a name in a comment
    // or string costs a little compile time, nothing else).
    if (source.find("multiprocessing") != std::string_view::npos) {
        std::string_view text = lang::prelude_source();
        prog->prelude_filename = std::string(lang::kPreludeFilename);
        lang::ParseResult pp = lang::parse_module(text, prog->prelude_filename);
        if (pp.error) { r.errors.push_back(*pp.error); return r; }
        split_lines(text, prog->prelude_lines);
        lang::Compiler pc(*prog);
        if (auto e = pc.compile_prelude(pp.module, lang::kPreludeGlobalPrefix)) { r.errors.push_back(*e); return r; }
    }
    for (auto& code : prog->codes) {
        code->word_offset = prog->total_words;
        prog->total_words += uint32_t(code->words.size());
    }
    r.program = std::move(prog);
    return r;
}

const std::string& program_source(const Program& p) { return p.source; }
const std::string& program_filename(const Program& p) { return p.filename; }

}  // namespace forklab
