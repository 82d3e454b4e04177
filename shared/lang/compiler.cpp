#include "lang/compiler.h"

#include <algorithm>
#include <cstring>
#include <map>
#include <optional>
#include <set>
#include <unordered_map>

#include "lang/builtins.h"
#include "lang/opcodes.h"
#include "lang/parser.h"

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
        case Op::make_function: return 1 - int(arg >> 12);
        case Op::assert_fail: return arg ? -1 : 0;
        default: return fixed_effect(op);
    }
}

struct Block {
    enum Kind { for_loop, while_loop, with } kind;
    std::vector<size_t> breaks;
    size_t continue_target = 0;
};

struct Ctx {
    Code* code = nullptr;
    bool is_module = false;
    std::unordered_map<std::string, int> locals;
    std::set<std::string> globals;
    std::vector<std::unordered_map<std::string, int>> comp_scopes;
    std::vector<Block> blocks;
    int depth = 0;
};

class Compiler {
public:
    Compiler(Program& p) : p_(p) {}

    std::optional<Diagnostic> compile(const Module& m) {
        Code* mod = new_code("<module>");
        Ctx ctx;
        ctx.code = mod;
        ctx.is_module = true;
        c_ = &ctx;
        p_.main_name_global = global_slot("__name__");
        body(m.body);
        line_ = last_line_;
        emit(Op::load_none);
        emit(Op::return_value);
        finish(ctx);
        // Child bootstrap: target(*args, **kwargs) with the three in slots 0..2.
        Code* child = new_code("<child>");
        child->hidden = true;
        child->nparams = child->nlocals = 3;
        child->local_names = {"target", "args", "kwargs"};
        Ctx cctx;
        cctx.code = child;
        c_ = &cctx;
        line_ = 0;
        emit(Op::load_fast, 0);
        emit(Op::load_fast, 1);
        emit(Op::load_fast, 2);
        emit(Op::call_ex);
        emit(Op::pop);
        emit(Op::load_none);
        emit(Op::return_value);
        finish(cctx);
        p_.child_entry = int(p_.codes.size()) - 1;
        return err_;
    }

private:
    // ---- infrastructure ----------------------------------------------------------------
    Code* new_code(std::string name) {
        p_.codes.push_back(std::make_unique<Code>());
        Code* c = p_.codes.back().get();
        c->name = std::move(name);
        return c;
    }
    void finish(Ctx& ctx) { ctx.code->max_stack += 4; }
    size_t emit(Op op, uint32_t arg = 0) {
        Code* c = c_->code;
        c->words.push_back(encode(op, arg));
        c->lines.push_back(line_);
        c_->depth += stack_effect(op, arg);
        if (c_->depth > c->max_stack) c->max_stack = c_->depth;
        return c->words.size() - 1;
    }
    size_t here() const { return c_->code->words.size(); }
    void patch(size_t at, size_t target) {
        uint32_t& w = c_->code->words[at];
        w = (w & 0xff) | uint32_t(target << 8);
    }
    void fail(int line, int col, std::string msg, const char* kind = "SyntaxError") {
        if (err_) return;
        Diagnostic d; d.kind = kind; d.file = p_.filename; d.line = line; d.col = col; d.message = std::move(msg);
        err_ = d;
    }
    uint32_t const_index(ConstDef d) {
        for (size_t i = 0; i < p_.consts.size(); ++i) {
            const ConstDef& c = p_.consts[i];
            if (c.kind != d.kind) continue;
            if (d.kind == ConstDef::integer && c.i == d.i) return uint32_t(i);
            if (d.kind == ConstDef::str && c.s == d.s) return uint32_t(i);
            if (d.kind == ConstDef::kwnames && c.names == d.names) return uint32_t(i);
            if (d.kind == ConstDef::real && std::memcmp(&c.f, &d.f, sizeof(double)) == 0) return uint32_t(i);
        }
        p_.consts.push_back(std::move(d));
        return uint32_t(p_.consts.size() - 1);
    }
    void load_str(const std::string& s) { ConstDef d; d.kind = ConstDef::str; d.s = s; emit(Op::load_const, const_index(d)); }
    uint32_t name_index(const std::string& n) {
        for (size_t i = 0; i < p_.names.size(); ++i) if (p_.names[i] == n) return uint32_t(i);
        p_.names.push_back(n);
        return uint32_t(p_.names.size() - 1);
    }
    int global_slot(const std::string& n) {
        for (size_t i = 0; i < p_.global_names.size(); ++i) if (p_.global_names[i] == n) return int(i);
        p_.global_names.push_back(n);
        p_.global_builtin.push_back(builtin_index(n));
        return int(p_.global_names.size() - 1);
    }
    int new_local(Ctx& ctx, const std::string& n) {
        int slot = ctx.code->nlocals++;
        ctx.code->local_names.push_back(n);
        return slot;
    }

    // Where a name lives: a fast slot (>= 0) or a global slot (encoded as -1 - slot).
    int resolve(const std::string& n) {
        for (auto it = c_->comp_scopes.rbegin(); it != c_->comp_scopes.rend(); ++it) {
            auto f = it->find(n);
            if (f != it->end()) return f->second;
        }
        if (!c_->is_module) {
            auto f = c_->locals.find(n);
            if (f != c_->locals.end()) return f->second;
        }
        return -1 - global_slot(n);
    }
    void load_name(const std::string& n) {
        int r = resolve(n);
        if (r >= 0) emit(Op::load_fast, uint32_t(r));
        else emit(Op::load_global, uint32_t(-1 - r));
    }
    void store_name(const std::string& n) {
        int r = resolve(n);
        if (r >= 0) emit(Op::store_fast, uint32_t(r));
        else emit(Op::store_global, uint32_t(-1 - r));
    }

    // ---- local analysis -----------------------------------------------------------------
    void collect_target(const Expr& e, std::set<std::string>& out) {
        if (e.kind == EK::name) out.insert(e.s);
        else if (e.kind == EK::tuple || e.kind == EK::list)
            for (auto& k : e.a) collect_target(*k, out);
    }
    void collect(const std::vector<StmtP>& b, std::set<std::string>& assigned, std::set<std::string>& globals) {
        for (auto& s : b) {
            switch (s->kind) {
                case SK::assign: case SK::augassign: case SK::del:
                    for (auto& t : s->targets) collect_target(*t, assigned);
                    break;
                case SK::for_:
                    collect_target(*s->targets[0], assigned);
                    break;
                case SK::with:
                    for (auto& it : s->items) if (it.second) collect_target(*it.second, assigned);
                    break;
                case SK::import:
                    for (auto& n : s->names) assigned.insert(n.second.empty() ? n.first.substr(0, n.first.find('.')) : n.second);
                    break;
                case SK::importfrom:
                    for (auto& n : s->names) assigned.insert(n.second.empty() ? n.first : n.second);
                    break;
                case SK::global:
                    for (auto& n : s->names) globals.insert(n.first);
                    break;
                case SK::def:
                    assigned.insert(s->name);
                    break;
                default: break;
            }
            collect(s->body, assigned, globals);
            collect(s->orelse, assigned, globals);
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
                c_->blocks.push_back(Block{Block::while_loop, {}, top});
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
                c_->blocks.push_back(Block{Block::for_loop, {}, top});
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
                bool found = false;
                for (auto it = c_->blocks.rbegin(); it != c_->blocks.rend(); ++it) {
                    if (it->kind == Block::with) { emit(Op::with_exit); continue; }
                    if (brk && it->kind == Block::for_loop) emit(Op::pop);
                    if (brk) it->breaks.push_back(emit(Op::jump));
                    else emit(Op::jump, uint32_t(it->continue_target));
                    found = true;
                    break;
                }
                c_->depth = depth;
                if (!found) fail(s.line, s.col, brk ? "'break' outside loop" : "'continue' not properly in loop");
                break;
            }
            case SK::pass: break;
            case SK::return_: {
                if (c_->is_module) { fail(s.line, s.col, "'return' outside function"); break; }
                if (s.value) expr(*s.value); else emit(Op::load_none);
                int depth = c_->depth;
                for (auto it = c_->blocks.rbegin(); it != c_->blocks.rend(); ++it) {
                    if (it->kind == Block::with) { emit(Op::rot2); emit(Op::with_exit); }
                    else if (it->kind == Block::for_loop) { emit(Op::rot2); emit(Op::pop); }
                }
                emit(Op::return_value);
                c_->depth = depth - 1;
                break;
            }
            case SK::def: def(s); break;
            case SK::import:
                for (auto& n : s.names) {
                    emit(Op::import_name, name_index(n.first));
                    store_name(n.second.empty() ? n.first : n.second);
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

    void with(const Stmt& s, size_t item) {
        if (item == s.items.size()) { body(s.body); return; }
        line_ = s.line;
        expr(*s.items[item].first);
        emit(Op::with_enter);
        if (s.items[item].second) store(*s.items[item].second);
        else emit(Op::pop);
        c_->blocks.push_back(Block{Block::with, {}, 0});
        with(s, item + 1);
        c_->blocks.pop_back();
        line_ = s.line;
        emit(Op::with_exit);
    }

    void def(const Stmt& s) {
        if (!c_->is_module) { fail(s.line, s.col, "forklab does not support nested functions yet", "NotSupported"); return; }
        size_t ndef = 0;
        for (auto& p : s.params) if (p.def) { expr(*p.def); ++ndef; }
        Code* code = new_code(s.name);
        uint32_t code_idx = uint32_t(p_.codes.size() - 1);
        Ctx ctx;
        ctx.code = code;
        std::set<std::string> assigned, globals;
        collect(s.body, assigned, globals);
        ctx.globals = globals;
        for (auto& p : s.params) {
            if (globals.count(p.name)) { fail(s.line, s.col, "name '" + p.name + "' is parameter and global"); return; }
            ctx.locals[p.name] = new_local(ctx, p.name);
        }
        code->nparams = int(s.params.size());
        for (auto& n : assigned)
            if (!globals.count(n) && !ctx.locals.count(n)) ctx.locals[n] = new_local(ctx, n);
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
        emit(Op::make_function, code_idx | uint32_t(ndef << 12));
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
            case EK::tuple: case EK::list:
                emit(Op::unpack, uint32_t(t.a.size()));
                for (auto& k : t.a) store(*k);
                break;
            default: fail(t.line, t.col, "cannot assign to expression"); break;
        }
    }

    void del(const Expr& t) {
        switch (t.kind) {
            case EK::name: {
                int r = resolve(t.s);
                if (r >= 0) emit(Op::delete_fast, uint32_t(r));
                else emit(Op::delete_global, uint32_t(-1 - r));
                break;
            }
            case EK::subscript:
                expr(*t.a[0]);
                expr(*t.a[1]);
                emit(Op::delete_subscr);
                break;
            case EK::tuple: case EK::list:
                for (auto& k : t.a) del(*k);
                break;
            default: fail(t.line, t.col, "forklab does not support deleting attributes yet", "NotSupported"); break;
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
                if (e.i >= -(1 << 23) && e.i < (1 << 23)) emit(Op::load_int, uint32_t(e.i) & 0xffffff);
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
            case EK::dict:
                for (auto& k : e.a) expr(*k);
                emit(Op::build_dict, uint32_t(e.a.size() / 2));
                break;
            case EK::listcomp: case EK::dictcomp: comprehension(e); break;
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
        expr(*e.a[0]);
        size_t nargs = e.a.size() - 1;
        size_t nkw = e.kwnames.size();
        size_t npos = nargs - nkw;
        bool complex_call = false;
        for (size_t i = 1; i <= npos; ++i) if (e.a[i]->kind == EK::starred) complex_call = true;
        for (auto& k : e.kwnames) if (k == "**") complex_call = true;
        if (npos > 255 || nkw > 255) complex_call = true;
        if (!complex_call) {
            for (size_t i = 1; i <= nargs; ++i) expr(*e.a[i]);
            line_ = e.line;
            if (nkw == 0) {
                emit(Op::call, uint32_t(npos));
            } else {
                ConstDef d; d.kind = ConstDef::kwnames; d.names = e.kwnames;
                emit(Op::load_const, const_index(d));
                emit(Op::call_kw, uint32_t(npos) | uint32_t(nkw << 12));
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
        emit(Op::call_ex);
    }

    // Comprehensions run inline in the enclosing code; their loop variables get fresh hidden
    // slots so they do not leak, as in Python 3.
    void comprehension(const Expr& e) {
        bool is_dict = e.kind == EK::dictcomp;
        emit(is_dict ? Op::build_dict : Op::build_list, 0);
        c_->comp_scopes.emplace_back();
        std::vector<std::pair<size_t, size_t>> loops;  // (top, for_iter)
        for (size_t g = 0; g < e.comps.size(); ++g) {
            const Comprehension& c = e.comps[g];
            // The first iterable is evaluated in the enclosing scope, the rest inside.
            if (g == 0) {
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
        if (is_dict) { expr(*e.a[0]); expr(*e.a[1]); emit(Op::dict_set, depth + 1); }
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
    Ctx* c_ = nullptr;
    int line_ = 1;
    int last_line_ = 1;
    std::optional<Diagnostic> err_;
};

}  // namespace

}  // namespace forklab::lang

namespace forklab {

CompileResult compile_program(std::string_view source, std::string filename) {
    CompileResult r;
    lang::ParseResult pr = lang::parse_module(source, filename);
    if (pr.error) { r.errors.push_back(*pr.error); return r; }
    auto prog = std::make_shared<Program>();
    prog->source = std::string(source);
    prog->filename = filename;
    size_t start = 0;
    while (start <= prog->source.size()) {
        size_t nl = prog->source.find('\n', start);
        if (nl == std::string::npos) { prog->source_lines.push_back(prog->source.substr(start)); break; }
        prog->source_lines.push_back(prog->source.substr(start, nl - start));
        start = nl + 1;
    }
    lang::Compiler c(*prog);
    auto err = c.compile(pr.module);
    if (err) { r.errors.push_back(*err); return r; }
    r.program = std::move(prog);
    return r;
}

const std::string& program_source(const Program& p) { return p.source; }
const std::string& program_filename(const Program& p) { return p.filename; }

}  // namespace forklab
