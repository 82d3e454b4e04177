#include "lang/scope.h"

namespace forklab::lang {

namespace {

class Analyzer {
public:
    Analyzer(ScopeTree& t, const std::string& file) : tree_(t), file_(file) {}

    void module(const Module& m) {
        tree_.root = std::make_unique<Scope>();
        cur_ = tree_.root.get();
        stmts(m.body);
    }

    std::optional<Diagnostic> resolve() {
        resolve_scope(*tree_.root);
        return err_;
    }

private:
    Scope* open(Scope::Kind k, const void* node, int line, int col) {
        auto s = std::make_unique<Scope>();
        s->kind = k;
        s->node = node;
        s->parent = cur_;
        s->line = line;
        s->col = col;
        Scope* raw = s.get();
        cur_->children.push_back(std::move(s));
        tree_.by_node[node] = raw;
        return raw;
    }

    void fail(int line, int col, std::string msg) {
        if (err_) return;
        Diagnostic d;
        d.kind = "SyntaxError"; d.file = file_; d.line = line; d.col = col; d.message = std::move(msg);
        err_ = d;
    }

    // ---- walking ------------------------------------------------------------------------
    void stmts(const std::vector<StmtP>& b) { for (auto& s : b) stmt(*s); }

    void target(const Expr& e) {
        switch (e.kind) {
            case EK::name: cur_->assigned.insert(e.s); break;
            case EK::tuple: case EK::list: for (auto& k : e.a) target(*k); break;
            case EK::starred: target(*e.a[0]); break;
            default: expr(e); break;  // attribute and subscript targets read their parts
        }
    }

    // `global x` / `nonlocal x` must come before any other use of x in the scope.
    void check_declaration(const Stmt& s, const std::string& n, const char* what) {
        if (cur_->params.count(n)) fail(s.line, s.col, "name '" + n + "' is parameter and " + what);
        else if (cur_->used.count(n)) fail(s.line, s.col, "name '" + n + "' is used prior to " + what + " declaration");
        else if (cur_->assigned.count(n)) fail(s.line, s.col, "name '" + n + "' is assigned to before " + what + " declaration");
    }

    void function(const Stmt& s, const void* node) {
        for (auto& p : s.params) if (p.def) expr(*p.def);  // defaults: in the enclosing scope
        Scope* outer = cur_;
        cur_ = open(Scope::function, node, s.line, s.col);
        for (auto& p : s.params) cur_->params.insert(p.name);
        stmts(s.body);
        cur_ = outer;
    }

    void stmt(const Stmt& s) {
        switch (s.kind) {
            case SK::def:
                for (auto& d : s.decorators) expr(*d);  // in the enclosing scope, before the def
                cur_->assigned.insert(s.name);
                function(s, &s);
                return;
            case SK::class_: {
                for (auto& d : s.decorators) expr(*d);
                cur_->assigned.insert(s.name);
                for (auto& b : s.targets) expr(*b);
                Scope* outer = cur_;
                cur_ = open(Scope::class_body, &s, s.line, s.col);
                stmts(s.body);
                cur_ = outer;
                return;
            }
            case SK::assign:
                for (auto& t : s.targets) target(*t);
                break;
            case SK::augassign:
                target(*s.targets[0]);
                if (s.targets[0]->kind == EK::name) cur_->used.insert(s.targets[0]->s);
                break;
            case SK::del:
                for (auto& t : s.targets) target(*t);
                break;
            case SK::for_: target(*s.targets[0]); break;
            case SK::with:
                for (auto& it : s.items) {
                    expr(*it.first);
                    if (it.second) target(*it.second);
                }
                break;
            case SK::import:
                for (auto& n : s.names) cur_->assigned.insert(n.second.empty() ? n.first.substr(0, n.first.find('.')) : n.second);
                break;
            case SK::importfrom:
                for (auto& n : s.names) cur_->assigned.insert(n.second.empty() ? n.first : n.second);
                break;
            case SK::global:
                for (auto& n : s.names) {
                    check_declaration(s, n.first, "global");
                    cur_->globals.insert(n.first);
                }
                break;
            case SK::nonlocal:
                for (auto& n : s.names) check_declaration(s, n.first, "nonlocal");
                if (cur_->kind == Scope::module) { fail(s.line, s.col, "nonlocal declaration not allowed at module level"); break; }
                for (auto& n : s.names) {
                    cur_->nonlocals.insert(n.first);
                    cur_->nonlocal_at.emplace(n.first, std::make_pair(s.line, s.col));
                }
                break;
            case SK::try_:
                for (auto& h : s.handlers) {
                    if (h.type) expr(*h.type);
                    if (!h.name.empty()) cur_->assigned.insert(h.name);
                    stmts(h.body);
                }
                stmts(s.finalbody);
                break;
            default: break;
        }
        if (s.value) expr(*s.value);
        if (s.msg) expr(*s.msg);
        stmts(s.body);
        stmts(s.orelse);
    }

    void comps(const Expr& e, size_t first_done) {
        for (size_t g = first_done; g < e.comps.size(); ++g) {
            const Comprehension& c = e.comps[g];
            if (g > 0 || first_done == 0) expr(*c.iter);
            comp_target(*c.target);
            for (auto& f : c.ifs) expr(*f);
        }
    }
    // Comprehension variables live in hidden slots of their own (see the compiler), so they
    // are neither locals nor globals of the enclosing scope; reading them is still a use.
    void comp_target(const Expr& t) {
        if (t.kind == EK::name) return;
        if (t.kind == EK::tuple || t.kind == EK::list) { for (auto& k : t.a) comp_target(*k); return; }
        if (t.kind == EK::starred) { comp_target(*t.a[0]); return; }
        expr(t);
    }

    void expr(const Expr& e) {
        switch (e.kind) {
            case EK::name: cur_->used.insert(e.s); return;
            case EK::lambda_: function(*e.fn, &e); return;
            case EK::genexp: {
                expr(*e.comps[0].iter);  // the first iterable is evaluated outside
                Scope* outer = cur_;
                cur_ = open(Scope::function, &e, e.line, e.col);
                cur_->generator = true;
                cur_->params.insert(".0");
                comps(e, 1);
                for (auto& k : e.a) expr(*k);
                cur_ = outer;
                return;
            }
            case EK::yield_:
                if (cur_->kind == Scope::function) cur_->generator = true;
                break;
            case EK::named:
                expr(*e.a[1]);
                target(*e.a[0]);
                return;
            case EK::listcomp: case EK::dictcomp: case EK::setcomp:
                comps(e, 0);
                for (auto& k : e.a) expr(*k);
                return;
            default: break;
        }
        for (auto& k : e.a) if (k) expr(*k);
    }

    // ---- resolution -------------------------------------------------------------------------
    static Scope* enclosing_function(Scope* s) {
        for (Scope* p = s->parent; p; p = p->parent)
            if (p->kind == Scope::function) return p;
        return nullptr;
    }

    // Marks `name` as captured from the nearest enclosing function that binds it; every
    // function in between passes it through as a free variable of its own.
    bool capture(Scope& s, const std::string& name) {
        std::vector<Scope*> path;
        for (Scope* p = enclosing_function(&s); p; p = enclosing_function(p)) {
            if (p->locals.count(name) && !p->globals.count(name)) {
                p->cells.insert(name);
                for (Scope* q : path) q->frees.insert(name);
                s.frees.insert(name);
                return true;
            }
            if (p->globals.count(name)) return false;
            path.push_back(p);
        }
        return false;
    }

    void compute_locals(Scope& s) {
        if (s.kind != Scope::function) return;
        for (auto& n : s.params) s.locals.insert(n);
        for (auto& n : s.assigned)
            if (!s.globals.count(n) && !s.nonlocals.count(n)) s.locals.insert(n);
    }

    void resolve_scope(Scope& s) {
        // Parents first: a child's capture needs its ancestors' locals.
        compute_locals(s);
        for (auto& c : s.children) resolve_scope_tree_locals(*c);
        resolve_uses(s);
    }
    void resolve_scope_tree_locals(Scope& s) {
        compute_locals(s);
        for (auto& c : s.children) resolve_scope_tree_locals(*c);
    }
    void resolve_uses(Scope& s) {
        if (s.kind == Scope::function) {
            for (auto& n : s.nonlocals) {
                if (!capture(s, n)) {
                    auto at = s.nonlocal_at.count(n) ? s.nonlocal_at.at(n) : std::make_pair(s.line, s.col);
                    fail(at.first, at.second, "no binding for nonlocal '" + n + "' found");
                }
            }
            for (auto& n : s.used) {
                if (s.locals.count(n) || s.globals.count(n) || s.nonlocals.count(n)) continue;
                capture(s, n);
            }
        }
        for (auto& c : s.children) resolve_uses(*c);
    }

    ScopeTree& tree_;
    const std::string& file_;
    Scope* cur_ = nullptr;
    std::optional<Diagnostic> err_;
};

}  // namespace

std::optional<Diagnostic> analyze_scopes(const Module& m, const std::string& file, ScopeTree& out) {
    Analyzer a(out, file);
    a.module(m);
    return a.resolve();
}

}  // namespace forklab::lang
