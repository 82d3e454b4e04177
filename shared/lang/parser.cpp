#include "lang/parser.h"

#include <cstring>

#include "lang/lexer.h"

namespace forklab::lang {

namespace {


// Parser recursion (not not ..., - - ..., x if c else y if ..., elif chains) is capped so
// a hostile file cannot overflow the C++ stack; brackets are capped at 200 by the lexer.
constexpr int kMaxParseDepth = 1000;
// The compiler walks the finished tree recursively: a left-nested chain such as
// 1+1+1+... or f()()()... is as deep as it is long (CPython: RecursionError during compilation).
constexpr int kMaxTreeDepth = 1000;

const char* const kSupportedModules[] = {"multiprocessing", "multiprocessing.pool", "time", "os", "sys", "random", "math", "queue", "threading", "ctypes"};

class Parser {
public:
    Parser(std::vector<Token> toks, const std::string& file, int depth0 = 0)
        : t_(std::move(toks)), file_(file), depth_(depth0) {}

    Module module() {
        Module m;
        while (peek().kind != Tok::eof) {
            if (peek().kind == Tok::newline) { ++p_; continue; }
            statement(m.body);
        }
        return m;
    }

    ExprP lone_expression() {
        ExprP e = expression_list();
        if (peek().kind != Tok::eof) error_at(peek(), "invalid syntax");
        return e;
    }

private:
    // RAII nesting counter for the recursive grammar functions.
    struct Nest {
        Parser& p;
        explicit Nest(Parser& q) : p(q) {
            if (++p.depth_ > kMaxParseDepth && !p.err_)
                p.error_at(p.peek(), "too many nested expressions or statements (forklab allows " +
                                         std::to_string(kMaxParseDepth) + ")");
        }
        ~Nest() { --p.depth_; }
    };
    bool too_deep() const { return depth_ > kMaxParseDepth; }

    // ---- token helpers -------------------------------------------------------------
    const Token& peek(int k = 0) const {
        size_t i = p_ + size_t(k);
        return i < t_.size() ? t_[i] : t_.back();
    }
    const Token& next() { const Token& t = peek(); if (p_ < t_.size() - 1) ++p_; return t; }
    bool at_op(const char* s) const { return peek().kind == Tok::op && peek().text == s; }
    bool at_kw(const char* s) const { return peek().kind == Tok::name && peek().text == s; }
    bool accept_op(const char* s) { if (at_op(s)) { next(); return true; } return false; }
    bool accept_kw(const char* s) { if (at_kw(s)) { next(); return true; } return false; }
    // Panic mode: the first error is kept and the parser jumps to the end of the input, so
    // every loop ends and no follow-on errors are reported.
    void error_at(const Token& t, std::string msg, const char* kind = "SyntaxError") {
        if (!err_) {
            Diagnostic d; d.kind = kind; d.file = file_; d.line = t.line; d.col = t.col; d.message = std::move(msg);
            err_ = d;
        }
        p_ = t_.size() - 1;
    }
    void unsupported(const Token& t, const std::string& what) {
        error_at(t, "forklab does not support " + what + " yet", "NotSupported");
    }
    ExprP bad() { auto e = std::make_unique<Expr>(); e->kind = EK::none; return e; }
public:
    std::optional<Diagnostic> err_;
private:
    void expect_op(const char* s) {
        if (!accept_op(s)) {
            if (peek().kind == Tok::newline || peek().kind == Tok::eof) {
                if (std::strcmp(s, ":") == 0) error_at(peek(), "expected ':'");
                error_at(peek(), "invalid syntax");
            }
            error_at(peek(), "invalid syntax");
        }
    }
    std::string expect_name() {
        const Token& t = peek();
        if (t.kind != Tok::name || is_keyword(t.text)) error_at(t, "invalid syntax");
        next();
        return t.text;
    }
    static bool is_keyword(const std::string& s) {
        static const char* const kw[] = {"False", "None", "True", "and", "as", "assert", "async", "await",
                                         "break", "class", "continue", "def", "del", "elif", "else", "except",
                                         "finally", "for", "from", "global", "if", "import", "in", "is",
                                         "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try",
                                         "while", "with", "yield"};
        for (const char* k : kw) if (s == k) return true;
        return false;
    }
    ExprP node(EK k, const Token& at) {
        auto e = std::make_unique<Expr>();
        e->kind = k; e->line = at.line; e->col = at.col;
        return e;
    }
    StmtP snode(SK k, const Token& at) {
        auto s = std::make_unique<Stmt>();
        s->kind = k; s->line = at.line; s->col = at.col;
        return s;
    }

    // ---- statements ----------------------------------------------------------------
    void block(std::vector<StmtP>& out, const Token& header, const char* what) {
        expect_op(":");
        if (peek().kind != Tok::newline) {  // simple statements on the same line
            simple_statements(out);
            return;
        }
        next();
        if (peek().kind != Tok::indent) {
            error_at(peek(), std::string("expected an indented block after ") + what + " on line " +
                                 std::to_string(header.line), "IndentationError");
        }
        next();
        while (peek().kind != Tok::dedent && peek().kind != Tok::eof) {
            if (peek().kind == Tok::newline) { next(); continue; }
            statement(out);
        }
        if (peek().kind == Tok::dedent) next();
    }

    void statement(std::vector<StmtP>& out) {
        Nest nest(*this);
        if (too_deep()) return;
        const Token& t = peek();
        if (t.kind == Tok::indent) return error_at(t, "unexpected indent", "IndentationError");
        if (t.kind == Tok::name) {
            const std::string& w = t.text;
            if (w == "if") return if_stmt(out);
            if (w == "while") {
                next();
                auto s = snode(SK::while_, t);
                s->value = named_expression();
                block(s->body, t, "'while' statement");
                if (at_kw("else")) { const Token& e = next(); block(s->orelse, e, "'else' statement"); }
                out.push_back(std::move(s));
                return;
            }
            if (w == "for") {
                next();
                auto s = snode(SK::for_, t);
                s->targets.push_back(target_list());
                if (!accept_kw("in")) error_at(peek(), "invalid syntax");
                s->value = expression_list();
                block(s->body, t, "'for' statement");
                if (at_kw("else")) { const Token& e = next(); block(s->orelse, e, "'else' statement"); }
                out.push_back(std::move(s));
                return;
            }
            if (w == "def") return def_stmt(out);
            if (w == "with") {
                next();
                auto s = snode(SK::with, t);
                do {
                    ExprP ctx = expression();
                    ExprP target;
                    if (accept_kw("as")) target = check_target(primary_target());
                    s->items.emplace_back(std::move(ctx), std::move(target));
                } while (accept_op(","));
                block(s->body, t, "'with' statement");
                out.push_back(std::move(s));
                return;
            }
            if (w == "class") return class_stmt(out);
            if (w == "try") return try_stmt(out);
            if (w == "async") return unsupported(t, "'async def'");
            if (w == "match" && peek(1).kind == Tok::name && !is_keyword(peek(1).text) && peek(2).is(":"))
                return unsupported(t, "'match'");
            if (w == "elif" || w == "else" || w == "except" || w == "finally") error_at(t, "invalid syntax");
        }
        if (t.kind == Tok::op && t.text == "@") return decorated(out);
        simple_statements(out);
    }

    void if_stmt(std::vector<StmtP>& out) {
        Nest nest(*this);
        if (too_deep()) return;
        const Token& t = next();
        auto s = snode(SK::if_, t);
        s->value = named_expression();
        block(s->body, t, "'if' statement");
        if (at_kw("elif")) {
            if_stmt(s->orelse);
        } else if (at_kw("else")) {
            const Token& e = next();
            block(s->orelse, e, "'else' statement");
        }
        out.push_back(std::move(s));
    }

    // @expr lines (any expression, as since Python 3.9), then the def or class they decorate.
    void decorated(std::vector<StmtP>& out) {
        std::vector<ExprP> decorators;
        while (at_op("@")) {
            next();
            decorators.push_back(named_expression());
            if (peek().kind != Tok::newline) {
                error_at(peek(), "invalid syntax");
                return;
            }
            next();
        }
        if (at_kw("async")) return unsupported(peek(), "'async def'");
        if (!at_kw("def") && !at_kw("class")) return error_at(peek(), "invalid syntax");
        const size_t before = out.size();
        if (at_kw("def")) def_stmt(out);
        else class_stmt(out);
        if (out.size() > before) out.back()->decorators = std::move(decorators);
    }

    void def_stmt(std::vector<StmtP>& out) {
        const Token& t = next();
        auto s = snode(SK::def, t);
        s->name = expect_name();
        expect_op("(");
        parameters(*s, ")", true);
        expect_op(")");
        if (accept_op("->")) (void)expression();
        block(s->body, t, "function definition");
        out.push_back(std::move(s));
    }

    // Parameters of a def (annotations allowed) or a lambda, up to `end` (not consumed):
    // a, b=1, *args, c, d=2, **kwargs  (c and d keyword-only; a bare '*' starts them too).
    void parameters(Stmt& s, const char* end, bool annotations) {
        bool seen_default = false, seen_star = false, seen_dstar = false;
        while (!at_op(end)) {
            if (at_op("/")) unsupported(peek(), "positional-only parameters");
            const Token& pt = peek();
            Param prm;
            if (seen_dstar) error_at(pt, "arguments cannot follow var-keyword argument");
            if (accept_op("**")) {
                prm.kind = ParamKind::varkw;
                seen_dstar = true;
            } else if (accept_op("*")) {
                if (seen_star) error_at(pt, "* argument may appear only once");
                seen_star = true;
                if (at_op(",") || at_op(end)) {  // bare '*': keyword-only parameters follow
                    if (!accept_op(",") || at_op(end)) error_at(pt, "named arguments must follow bare *");
                    continue;
                }
                prm.kind = ParamKind::varargs;
            } else if (seen_star) {
                prm.kind = ParamKind::kwonly;
            }
            prm.name = expect_name();
            for (const Param& q : s.params)
                if (q.name == prm.name) error_at(pt, "duplicate argument '" + prm.name + "' in function definition");
            if (annotations && accept_op(":")) (void)expression();  // annotations are ignored
            if (prm.kind == ParamKind::normal || prm.kind == ParamKind::kwonly) {
                if (accept_op("=")) { prm.def = expression(); if (prm.kind == ParamKind::normal) seen_default = true; }
                else if (seen_default && prm.kind == ParamKind::normal)
                    error_at(pt, "non-default argument follows default argument");
            } else if (at_op("=")) {
                error_at(peek(), prm.kind == ParamKind::varargs ? "var-positional argument cannot have default value"
                                                                 : "var-keyword argument cannot have default value");
            }
            s.params.push_back(std::move(prm));
            if (!accept_op(",")) break;
        }
    }

    void class_stmt(std::vector<StmtP>& out) {
        const Token& t = next();
        auto s = snode(SK::class_, t);
        s->name = expect_name();
        if (accept_op("(")) {
            while (!at_op(")")) {
                const Token& bt = peek();
                if (bt.kind == Tok::name && peek(1).is("=")) { unsupported(bt, "class keyword arguments (metaclasses)"); break; }
                s->targets.push_back(expression());
                if (s->targets.size() > 1) { unsupported(bt, "multiple inheritance"); break; }
                if (!accept_op(",")) break;
            }
            expect_op(")");
        }
        block(s->body, t, "class definition");
        out.push_back(std::move(s));
    }

    void try_stmt(std::vector<StmtP>& out) {
        const Token& t = next();
        auto s = snode(SK::try_, t);
        block(s->body, t, "'try' statement");
        bool bare_seen = false;
        while (at_kw("except")) {
            const Token& et = next();
            if (bare_seen) error_at(et, "default 'except:' must be last");
            if (at_op("*")) { unsupported(peek(), "'except*'"); return; }
            Handler h;
            h.line = et.line; h.col = et.col;
            if (!at_op(":")) {
                h.type = expression();
                if (at_op(",")) error_at(peek(), "multiple exception types must be parenthesized");
                if (accept_kw("as")) h.name = expect_name();
            } else {
                bare_seen = true;
            }
            block(h.body, et, "'except' statement");
            s->handlers.push_back(std::move(h));
        }
        if (at_kw("else")) {
            const Token& e = next();
            if (s->handlers.empty()) error_at(e, "expected 'except' or 'finally' block");
            block(s->orelse, e, "'else' statement");
        }
        if (at_kw("finally")) {
            const Token& f = next();
            block(s->finalbody, f, "'finally' statement");
        }
        if (s->handlers.empty() && s->finalbody.empty()) error_at(peek(), "expected 'except' or 'finally' block");
        out.push_back(std::move(s));
    }

    void simple_statements(std::vector<StmtP>& out) {
        for (;;) {
            small_statement(out);
            if (accept_op(";")) {
                if (peek().kind == Tok::newline) break;
                continue;
            }
            break;
        }
        if (peek().kind == Tok::newline) { next(); return; }
        if (peek().kind == Tok::eof) return;
        error_at(peek(), "invalid syntax");
    }

    void small_statement(std::vector<StmtP>& out) {
        const Token& t = peek();
        if (t.kind == Tok::name) {
            const std::string& w = t.text;
            if (w == "pass") { next(); out.push_back(snode(SK::pass, t)); return; }
            if (w == "break") { next(); out.push_back(snode(SK::break_, t)); return; }
            if (w == "continue") { next(); out.push_back(snode(SK::continue_, t)); return; }
            if (w == "return") {
                next();
                auto s = snode(SK::return_, t);
                if (peek().kind != Tok::newline && peek().kind != Tok::eof && !at_op(";")) s->value = expression_list();
                out.push_back(std::move(s));
                return;
            }
            if (w == "import") {
                next();
                auto s = snode(SK::import, t);
                do {
                    const Token& mt = peek();
                    std::string mod = dotted_name();
                    check_module(mt, mod);
                    std::string as;
                    if (accept_kw("as")) as = expect_name();
                    s->names.emplace_back(mod, as);
                } while (accept_op(","));
                out.push_back(std::move(s));
                return;
            }
            if (w == "from") {
                next();
                auto s = snode(SK::importfrom, t);
                const Token& mt = peek();
                if (at_op(".")) unsupported(mt, "relative imports");
                s->name = dotted_name();
                check_module(mt, s->name);
                if (!accept_kw("import")) error_at(peek(), "invalid syntax");
                if (at_op("*")) unsupported(peek(), "'from ... import *'");
                bool paren = accept_op("(");
                do {
                    if (paren && at_op(")")) break;
                    std::string n = expect_name();
                    std::string as;
                    if (accept_kw("as")) as = expect_name();
                    s->names.emplace_back(n, as);
                } while (accept_op(","));
                if (paren) expect_op(")");
                out.push_back(std::move(s));
                return;
            }
            if (w == "global") {
                next();
                auto s = snode(SK::global, t);
                do s->names.emplace_back(expect_name(), ""); while (accept_op(","));
                out.push_back(std::move(s));
                return;
            }
            if (w == "nonlocal") {
                next();
                auto s = snode(SK::nonlocal, t);
                do s->names.emplace_back(expect_name(), ""); while (accept_op(","));
                out.push_back(std::move(s));
                return;
            }
            if (w == "raise") {
                next();
                auto s = snode(SK::raise_, t);
                if (peek().kind != Tok::newline && peek().kind != Tok::eof && !at_op(";")) {
                    s->value = expression();
                    if (accept_kw("from")) s->msg = expression();
                }
                out.push_back(std::move(s));
                return;
            }
            if (w == "del") {
                next();
                auto s = snode(SK::del, t);
                do s->targets.push_back(check_target(expression(), true)); while (accept_op(",") && peek().kind != Tok::newline);
                out.push_back(std::move(s));
                return;
            }
            if (w == "assert") {
                next();
                auto s = snode(SK::assert_, t);
                s->value = expression();
                if (accept_op(",")) s->msg = expression();
                out.push_back(std::move(s));
                return;
            }
        }
        // Python 2's print statement: CPython's hint.
        if (t.kind == Tok::name && t.text == "print" &&
            (peek(1).kind == Tok::string || peek(1).kind == Tok::fstring || peek(1).kind == Tok::integer ||
             peek(1).kind == Tok::real || (peek(1).kind == Tok::name && !is_keyword(peek(1).text)))) {
            error_at(t, "Missing parentheses in call to 'print'. Did you mean print(...)?");
            return;
        }
        // Expression statement, assignment or augmented assignment.
        ExprP first = expression_list(true);
        static const char* const aug[] = {"+=", "-=", "*=", "/=", "//=", "%=", "**=", "<<=", ">>=", "&=", "|=", "^="};
        static const int augop[] = {op_add, op_sub, op_mul, op_truediv, op_floordiv, op_mod, op_pow, op_lshift, op_rshift, op_and, op_or, op_xor};
        for (int k = 0; k < 12; ++k) {
            if (at_op(aug[k])) {
                const Token& opt = next();
                auto s = snode(SK::augassign, t);
                if (first->kind != EK::name && first->kind != EK::attr && first->kind != EK::subscript)
                    error_at(opt, "'" + describe(*first) + "' is an illegal expression for augmented assignment");
                s->op = augop[k];
                s->targets.push_back(std::move(first));
                s->value = expression_list();
                out.push_back(std::move(s));
                return;
            }
        }
        if (at_op(":")) unsupported(peek(), "variable annotations");
        if (at_op("=")) {
            auto s = snode(SK::assign, t);
            s->targets.push_back(check_target(std::move(first)));
            while (accept_op("=")) {
                ExprP e = expression_list(true);
                if (at_op("=")) s->targets.push_back(check_target(std::move(e)));
                else s->value = std::move(e);
            }
            out.push_back(std::move(s));
            return;
        }
        auto s = snode(SK::expr, t);
        s->value = std::move(first);
        out.push_back(std::move(s));
    }

    std::string dotted_name() {
        std::string n = expect_name();
        while (accept_op(".")) n += "." + expect_name();
        return n;
    }

    void check_module(const Token& at, const std::string& mod) {
        for (const char* m : kSupportedModules) if (mod == m) return;
        error_at(at, "forklab does not support module '" + mod + "'", "NotSupported");
    }

    static std::string describe(const Expr& e) {
        switch (e.kind) {
            case EK::call: return "function call";
            case EK::integer: case EK::real: case EK::str: case EK::none: case EK::true_: case EK::false_: return "literal";
            case EK::tuple: return "tuple";
            case EK::list: return "list";
            case EK::compare: return "comparison";
            case EK::binop: case EK::unop: case EK::boolop: return "expression";
            default: return "expression";
        }
    }

    ExprP check_target(ExprP e, bool del = false) {
        switch (e->kind) {
            case EK::name: case EK::attr: case EK::subscript: return e;
            case EK::tuple: case EK::list: {
                int stars = 0;
                for (auto& k : e->a) {
                    if (k->kind == EK::starred) {
                        Token at{Tok::op, "*", k->line, k->col};
                        if (del) { error_at(at, "cannot delete starred"); return e; }
                        if (++stars > 1) { error_at(at, "multiple starred expressions in assignment"); return e; }
                        k->a[0] = check_target(std::move(k->a[0]), del);
                        continue;
                    }
                    k = check_target(std::move(k), del);
                }
                return e;
            }
            case EK::starred:
                error_at(Token{Tok::op, "*", e->line, e->col}, "starred assignment target must be in a list or tuple");
                return e;
            default: {
                Token at{Tok::op, "", e->line, e->col};
                if (e->kind == EK::call) { error_at(at, del ? "cannot delete function call" : "cannot assign to function call here. Maybe you meant '==' instead of '='?"); return e; }
                if (e->kind == EK::none || e->kind == EK::true_ || e->kind == EK::false_) {
                    const char* k = e->kind == EK::none ? "None" : e->kind == EK::true_ ? "True" : "False";
                    error_at(at, std::string(del ? "cannot delete " : "cannot assign to ") + k);
                    return e;
                }
                if (e->kind == EK::integer || e->kind == EK::real || e->kind == EK::str)
                { error_at(at, del ? "cannot delete literal" : "cannot assign to literal here. Maybe you meant '==' instead of '='?"); return e; }
                error_at(at, std::string(del ? "cannot delete " : "cannot assign to ") + describe(*e));
                return e;
            }
        }
    }

    // for-loop / comprehension target: a comma list of primaries (no 'in' operator parsing)
    ExprP target_list() {
        const Token& t = peek();
        ExprP first = check_target(primary_target());
        if (!at_op(",")) return first;
        auto tup = node(EK::tuple, t);
        tup->a.push_back(std::move(first));
        while (accept_op(",")) {
            if (at_kw("in")) break;
            tup->a.push_back(check_target(primary_target()));
        }
        return tup;
    }
    ExprP primary_target() {
        if (at_op("*")) {
            const Token& t = next();
            auto s = node(EK::starred, t);
            s->a.push_back(bitor_expr());
            return s;
        }
        return bitor_expr();
    }

    // ---- expressions ------------------------------------------------------------------
    ExprP expression_list(bool allow_star = false) {
        const Token& t = peek();
        ExprP first = star_or_expr(allow_star);
        if (!at_op(",")) return first;
        auto tup = node(EK::tuple, t);
        tup->a.push_back(std::move(first));
        while (accept_op(",")) {
            if (ends_expression()) break;
            tup->a.push_back(star_or_expr(allow_star));
        }
        return tup;
    }
    bool ends_expression() const {
        const Token& t = peek();
        if (t.kind == Tok::newline || t.kind == Tok::eof) return true;
        if (t.kind == Tok::op && (t.text == "=" || t.text == ")" || t.text == "]" || t.text == "}" || t.text == ";" ||
                                  t.text == ":" || t.text == "+=" || t.text == "-="))
            return true;
        return false;
    }
    ExprP star_or_expr(bool allow_star) {
        if (at_op("*")) {
            const Token& t = next();
            auto s = node(EK::starred, t);
            s->a.push_back(bitor_expr());
            (void)allow_star;  // the compiler says where a starred expression cannot go
            return s;
        }
        return expression();
    }

    // An item of a display or of a parenthesized group, where `name := value` may stand.
    ExprP star_named_expr() {
        ExprP e = star_or_expr(false);
        return at_op(":=") ? walrus(std::move(e)) : std::move(e);
    }

    // The condition of if/elif/while.
    ExprP named_expression() {
        const Token& start = peek();
        ExprP e = expression();
        if (at_op(":=")) return walrus(std::move(e));
        if (at_op("=")) error_at(start, "invalid syntax. Maybe you meant '==' or ':=' instead of '='?");
        return e;
    }
    // `target := value` at the ':=': the target must be a plain name, as in CPython.
    ExprP walrus(ExprP target) {
        next();
        if (target->kind != EK::name) {
            const char* what = target->kind == EK::attr ? "attribute" : target->kind == EK::subscript ? "subscript"
                               : target->kind == EK::tuple ? "tuple" : target->kind == EK::list ? "list" : nullptr;
            error_at(Token{Tok::op, "", target->line, target->col},
                     "cannot use assignment expressions with " + (what ? std::string(what) : describe(*target)));
            return target;
        }
        auto e = std::make_unique<Expr>();
        e->kind = EK::named;
        e->line = target->line;
        e->col = target->col;
        e->a.push_back(std::move(target));
        e->a.push_back(expression());
        return e;
    }
    // After an item inside brackets: another expression right after it is a missing comma.
    void check_missing_comma(const Token& item_start) {
        const Token& n = peek();
        bool starts_expr = n.kind == Tok::name ? !is_keyword(n.text) || n.text == "None" || n.text == "True" || n.text == "False" ||
                                                     n.text == "lambda" || n.text == "not"
                                               : (n.kind == Tok::integer || n.kind == Tok::real || n.kind == Tok::string ||
                                                  n.kind == Tok::fstring);
        // Only on one line: across lines it is more often a bracket never closed.
        if (starts_expr && n.line == item_start.line) error_at(item_start, "invalid syntax. Perhaps you forgot a comma?");
    }

    ExprP expression() {
        Nest nest(*this);
        if (too_deep()) return bad();
        if (at_kw("lambda")) return lambda();
        if (at_kw("yield")) return yield_expr();
        if (at_kw("await")) unsupported(peek(), "'await'");
        const Token& t = peek();
        ExprP body = or_test();
        if (at_kw("if")) {
            next();
            auto e = node(EK::ifexp, t);
            ExprP cond = or_test();
            if (!accept_kw("else")) error_at(peek(), "expected 'else' after 'if' expression");
            ExprP other = expression();
            e->a.push_back(std::move(body));
            e->a.push_back(std::move(cond));
            e->a.push_back(std::move(other));
            return e;
        }
        return body;
    }
    ExprP lambda() {
        const Token& t = next();
        auto e = node(EK::lambda_, t);
        auto def = std::make_shared<Stmt>();
        def->kind = SK::def; def->line = t.line; def->col = t.col;
        def->name = "<lambda>";
        parameters(*def, ":", false);
        expect_op(":");
        auto ret = snode(SK::return_, peek());
        if (at_kw("yield")) { error_at(peek(), "invalid syntax"); return e; }
        ret->value = expression();
        def->body.push_back(std::move(ret));
        e->fn = std::move(def);
        return e;
    }
    ExprP yield_expr() {
        const Token& t = next();
        if (at_kw("from")) { unsupported(t, "'yield from'"); return bad(); }
        auto e = node(EK::yield_, t);
        if (!ends_expression() && !at_op(")") && !at_op(",")) e->a.push_back(expression_list());
        return e;
    }
    ExprP or_test() {
        const Token& t = peek();
        ExprP l = and_test();
        if (!at_kw("or")) return l;
        auto e = node(EK::boolop, t); e->op = 1;
        e->a.push_back(std::move(l));
        while (accept_kw("or")) e->a.push_back(and_test());
        return e;
    }
    ExprP and_test() {
        const Token& t = peek();
        ExprP l = not_test();
        if (!at_kw("and")) return l;
        auto e = node(EK::boolop, t); e->op = 0;
        e->a.push_back(std::move(l));
        while (accept_kw("and")) e->a.push_back(not_test());
        return e;
    }
    ExprP not_test() {
        if (at_kw("not")) {
            Nest nest(*this);
            if (too_deep()) return bad();
            const Token& t = next();
            auto e = node(EK::unop, t); e->op = op_not;
            e->a.push_back(not_test());
            return e;
        }
        return comparison();
    }
    int comp_op() {
        if (at_op("<")) { next(); return cmp_lt; }
        if (at_op("<=")) { next(); return cmp_le; }
        if (at_op("==")) { next(); return cmp_eq; }
        if (at_op("!=")) { next(); return cmp_ne; }
        if (at_op(">")) { next(); return cmp_gt; }
        if (at_op(">=")) { next(); return cmp_ge; }
        if (at_kw("in")) { next(); return cmp_in; }
        if (at_kw("is")) { next(); return accept_kw("not") ? cmp_is_not : cmp_is; }
        if (at_kw("not") && peek(1).is("in")) { next(); next(); return cmp_not_in; }
        return -1;
    }
    ExprP comparison() {
        const Token& t = peek();
        ExprP l = bitor_expr();
        int op = comp_op();
        if (op < 0) return l;
        auto e = node(EK::compare, t);
        e->a.push_back(std::move(l));
        while (op >= 0) {
            e->ops.push_back(op);
            e->a.push_back(bitor_expr());
            op = comp_op();
        }
        return e;
    }
    ExprP binary(ExprP l, const Token& t, int op, ExprP r) {
        auto e = node(EK::binop, t); e->op = op;
        e->a.push_back(std::move(l)); e->a.push_back(std::move(r));
        return e;
    }
    ExprP bitor_expr() {
        ExprP l = bitxor_expr();
        while (at_op("|")) { const Token& t = next(); l = binary(std::move(l), t, op_or, bitxor_expr()); }
        return l;
    }
    ExprP bitxor_expr() {
        ExprP l = bitand_expr();
        while (at_op("^")) { const Token& t = next(); l = binary(std::move(l), t, op_xor, bitand_expr()); }
        return l;
    }
    ExprP bitand_expr() {
        ExprP l = shift_expr();
        while (at_op("&")) { const Token& t = next(); l = binary(std::move(l), t, op_and, shift_expr()); }
        return l;
    }
    ExprP shift_expr() {
        ExprP l = arith();
        for (;;) {
            if (at_op("<<")) { const Token& t = next(); l = binary(std::move(l), t, op_lshift, arith()); }
            else if (at_op(">>")) { const Token& t = next(); l = binary(std::move(l), t, op_rshift, arith()); }
            else return l;
        }
    }
    ExprP arith() {
        ExprP l = term();
        for (;;) {
            if (at_op("+")) { const Token& t = next(); l = binary(std::move(l), t, op_add, term()); }
            else if (at_op("-")) { const Token& t = next(); l = binary(std::move(l), t, op_sub, term()); }
            else return l;
        }
    }
    ExprP term() {
        ExprP l = factor();
        for (;;) {
            int op = -1;
            if (at_op("*")) op = op_mul;
            else if (at_op("/")) op = op_truediv;
            else if (at_op("//")) op = op_floordiv;
            else if (at_op("%")) op = op_mod;
            else if (at_op("@")) unsupported(peek(), "the '@' operator");
            if (op < 0) return l;
            const Token& t = next();
            l = binary(std::move(l), t, op, factor());
        }
    }
    ExprP factor() {
        int op = -1;
        if (at_op("-")) op = op_neg;
        else if (at_op("+")) op = op_pos;
        else if (at_op("~")) op = op_invert;
        if (op >= 0) {
            Nest nest(*this);
            if (too_deep()) return bad();
            const Token& t = next();
            ExprP operand = factor();
            if (op == op_neg && operand->kind == EK::integer && operand->i >= 0 && operand->op == 0) { operand->i = -operand->i; operand->line = t.line; operand->col = t.col; return operand; }
            if (op == op_neg && operand->kind == EK::real) { operand->f = -operand->f; operand->line = t.line; operand->col = t.col; return operand; }
            auto e = node(EK::unop, t); e->op = op;
            e->a.push_back(std::move(operand));
            return e;
        }
        return power();
    }
    ExprP power() {
        ExprP l = primary();
        if (at_op("**")) {
            Nest nest(*this);
            if (too_deep()) return l;
            const Token& t = next();
            return binary(std::move(l), t, op_pow, factor());
        }
        return l;
    }
    ExprP primary() {
        if (at_kw("await")) unsupported(peek(), "'await'");
        ExprP e = atom();
        for (;;) {
            if (at_op(".")) {
                const Token& t = next();
                auto a = node(EK::attr, t);
                a->s = expect_name();
                a->a.push_back(std::move(e));
                e = std::move(a);
            } else if (at_op("(")) {
                const Token& t = next();
                auto c = node(EK::call, t);
                c->line = e->line; c->col = e->col;
                c->a.push_back(std::move(e));
                call_args(*c);
                e = std::move(c);
            } else if (at_op("[")) {
                const Token& t = next();
                auto s = node(EK::subscript, t);
                s->line = e->line; s->col = e->col;
                s->a.push_back(std::move(e));
                s->a.push_back(subscript_body());
                expect_op("]");
                e = std::move(s);
            } else {
                return e;
            }
        }
    }
    ExprP slice_part() {
        if (at_op(":") || at_op("]") || at_op(",")) { auto n = node(EK::none, peek()); n->op = 1; return n; }
        return expression();
    }
    ExprP subscript_body() {
        const Token& t = peek();
        ExprP first;
        if (!at_op(":")) first = expression();
        if (!at_op(":")) {
            if (at_op(",")) {
                auto tup = node(EK::tuple, t);
                tup->a.push_back(std::move(first));
                while (accept_op(",") && !at_op("]")) tup->a.push_back(expression());
                return tup;
            }
            return first;
        }
        auto sl = node(EK::slice, t);
        if (!first) { first = node(EK::none, t); first->op = 1; }
        sl->a.push_back(std::move(first));
        next();  // ':'
        sl->a.push_back(slice_part());
        if (accept_op(":")) sl->a.push_back(slice_part());
        else { auto n = node(EK::none, peek()); n->op = 1; sl->a.push_back(std::move(n)); }
        if (at_op(",")) unsupported(peek(), "multi-dimensional slices");
        return sl;
    }
    void call_args(Expr& c) {
        bool kw_seen = false;
        while (!at_op(")")) {
            const Token& t = peek();
            if (at_op("**")) {
                next();
                c.a.push_back(expression());
                c.kwnames.push_back("**");
                kw_seen = true;
            } else if (at_op("*")) {
                next();
                auto s = node(EK::starred, t);
                s->a.push_back(expression());
                if (kw_seen) error_at(t, "iterable argument unpacking follows keyword argument unpacking");
                c.a.push_back(std::move(s));
            } else if (t.kind == Tok::name && peek(1).is("=") && !is_keyword(t.text)) {
                next(); next();
                for (auto& k : c.kwnames) if (k == t.text) error_at(t, "keyword argument repeated: " + t.text);
                c.a.push_back(expression());
                c.kwnames.push_back(t.text);
                kw_seen = true;
            } else {
                ExprP e = expression();
                if (at_op(":=")) e = walrus(std::move(e));  // f(x := 3)
                check_missing_comma(t);
                if (at_kw("for")) {
                    e = comprehension(EK::genexp, t, std::move(e));
                    if (!c.a.empty() && c.a.size() > 1) error_at(t, "Generator expression must be parenthesized");
                    if (at_op(",") && !peek(1).is(")")) error_at(t, "Generator expression must be parenthesized");
                }
                if (kw_seen) error_at(t, "positional argument follows keyword argument");
                c.a.push_back(std::move(e));
            }
            if (!accept_op(",")) break;
        }
        expect_op(")");
    }

    ExprP comprehension(EK kind, const Token& t, ExprP elem, ExprP value = nullptr) {
        auto c = node(kind, t);
        c->a.push_back(std::move(elem));
        if (value) c->a.push_back(std::move(value));
        while (at_kw("for") || at_kw("async")) {
            if (at_kw("async")) unsupported(peek(), "'async for'");
            next();
            Comprehension comp;
            comp.target = target_list();
            if (!accept_kw("in")) error_at(peek(), "invalid syntax");
            comp.iter = or_test();
            while (at_kw("if")) { next(); comp.ifs.push_back(or_test()); }
            c->comps.push_back(std::move(comp));
        }
        return c;
    }

    ExprP atom() {
        const Token& t = peek();
        switch (t.kind) {
            case Tok::integer: { next(); auto e = node(EK::integer, t); e->i = t.ival; if (t.big) { e->s = t.text; e->op = 1; } return e; }
            case Tok::real: { next(); auto e = node(EK::real, t); e->f = t.fval; return e; }
            case Tok::string: case Tok::fstring: return strings();
            case Tok::name: {
                if (t.text == "None") { next(); return node(EK::none, t); }
                if (t.text == "True") { next(); return node(EK::true_, t); }
                if (t.text == "False") { next(); return node(EK::false_, t); }
                if (t.text == "lambda") return lambda();
                if (t.text == "yield") return yield_expr();
                if (t.text == "await") { unsupported(t, "'await'"); return bad(); }
                if (is_keyword(t.text)) { error_at(t, "invalid syntax"); return bad(); }
                next();
                auto e = node(EK::name, t); e->s = t.text;
                return e;
            }
            case Tok::op: {
                if (t.text == "(") {
                    next();
                    if (accept_op(")")) return node(EK::tuple, t);
                    if (at_kw("yield")) { ExprP y = yield_expr(); expect_op(")"); return y; }
                    const Token& it = peek();
                    ExprP first = star_named_expr();
                    check_missing_comma(it);
                    if (at_kw("for")) { ExprP c = comprehension(EK::genexp, it, std::move(first)); expect_op(")"); return c; }
                    if (!at_op(",")) { expect_op(")"); return first; }
                    auto tup = node(EK::tuple, t);
                    tup->a.push_back(std::move(first));
                    while (accept_op(",")) {
                        if (at_op(")")) break;
                        tup->a.push_back(star_named_expr());
                    }
                    expect_op(")");
                    return tup;
                }
                if (t.text == "[") {
                    next();
                    auto l = node(EK::list, t);
                    if (accept_op("]")) return l;
                    const Token& first_tok = peek();
                    ExprP first = star_named_expr();
                    check_missing_comma(first_tok);
                    if (at_kw("for")) { ExprP c = comprehension(EK::listcomp, t, std::move(first)); expect_op("]"); return c; }
                    l->a.push_back(std::move(first));
                    while (accept_op(",")) {
                        if (at_op("]")) break;
                        const Token& item_tok = peek();
                        l->a.push_back(star_named_expr());
                        check_missing_comma(item_tok);
                    }
                    expect_op("]");
                    return l;
                }
                if (t.text == "{") {
                    next();
                    auto d = node(EK::dict, t);
                    if (accept_op("}")) return d;
                    // `**m` in a dict display: a starred key (op 2) and a none value.
                    auto double_star = [&]() {
                        auto s = node(EK::starred, next());
                        s->op = 2;
                        s->a.push_back(bitor_expr());
                        d->a.push_back(std::move(s));
                        d->a.push_back(node(EK::none, peek()));
                    };
                    bool first_star = at_op("**");
                    if (first_star) double_star();
                    ExprP k = first_star ? nullptr : star_named_expr();
                    if (!first_star && !at_op(":")) {  // a set display or comprehension
                        if (at_kw("for")) { ExprP c = comprehension(EK::setcomp, t, std::move(k)); expect_op("}"); return c; }
                        auto st = node(EK::set, t);
                        st->a.push_back(std::move(k));
                        while (accept_op(",")) {
                            if (at_op("}")) break;
                            st->a.push_back(star_named_expr());
                        }
                        expect_op("}");
                        return st;
                    }
                    if (!first_star) {
                        next();
                        ExprP v = expression();
                        if (at_kw("for")) { ExprP c = comprehension(EK::dictcomp, t, std::move(k), std::move(v)); expect_op("}"); return c; }
                        d->a.push_back(std::move(k)); d->a.push_back(std::move(v));
                    }
                    while (accept_op(",")) {
                        if (at_op("}")) break;
                        if (at_op("**")) { double_star(); continue; }
                        d->a.push_back(expression());
                        expect_op(":");
                        d->a.push_back(expression());
                    }
                    expect_op("}");
                    return d;
                }
                if (t.text == "...") { next(); return node(EK::ellipsis, t); }
                if (t.text == ")" || t.text == "]" || t.text == "}") { error_at(t, std::string("unmatched '") + t.text + "'"); return bad(); }
                error_at(t, "invalid syntax");
                return bad();
            }
            case Tok::indent: error_at(t, "unexpected indent", "IndentationError"); return bad();
            default: break;
        }
        error_at(t, "invalid syntax");
        return bad();
    }

    // Adjacent literals concatenate; any f-string among them makes the whole an f-string.
    ExprP strings() {
        const Token& first = peek();
        auto f = node(EK::fstring, first);
        bool any_f = false;
        if (first.bytes) {  // b'..' b'..': only bytes literals may follow
            auto b = node(EK::bytes, first);
            while (peek().kind == Tok::string || peek().kind == Tok::fstring) {
                const Token& t = next();
                if (!t.bytes) { error_at(t, "cannot mix bytes and nonbytes literals"); return b; }
                b->s += t.text;
            }
            return b;
        }
        while (peek().kind == Tok::string || peek().kind == Tok::fstring) {
            const Token& t = next();
            if (t.bytes) { error_at(t, "cannot mix bytes and nonbytes literals"); return f; }
            if (t.kind == Tok::string) {
                add_literal(*f, t, t.text);
            } else {
                any_f = true;
                fstring_body(*f, t, t.text, t.line, t.col + 2);
            }
        }
        if (!any_f) {
            auto s = node(EK::str, first);
            for (auto& p : f->a) s->s += p->s;
            return s;
        }
        return f;
    }
    void add_literal(Expr& f, const Token& t, const std::string& text) {
        if (text.empty()) return;
        if (!f.a.empty() && f.a.back()->kind == EK::str) { f.a.back()->s += text; return; }
        auto s = node(EK::str, t); s->s = text;
        f.a.push_back(std::move(s));
    }
    void fstring_body(Expr& f, const Token& t, const std::string& body, int line, int col) {
        std::string lit;
        size_t i = 0;
        auto flush = [&] {
            if (lit.empty()) return;
            std::string dec;
            if (t.raw) dec = lit;
            else if (!decode_escapes(lit, &dec)) error_at(t, "invalid escape sequence in f-string");
            add_literal(f, t, dec);
            lit.clear();
        };
        while (i < body.size()) {
            char c = body[i];
            if (c == '{' && i + 1 < body.size() && body[i + 1] == '{') { lit.push_back('{'); i += 2; continue; }
            if (c == '}' && i + 1 < body.size() && body[i + 1] == '}') { lit.push_back('}'); i += 2; continue; }
            if (c == '}') error_at(t, "f-string: single '}' is not allowed");
            if (c != '{') { lit.push_back(c); ++i; continue; }
            flush();
            // Find the end of the expression: depth-aware, skipping nested strings.
            size_t start = ++i;
            int depth = 0;
            size_t conv = std::string::npos, spec = std::string::npos;
            char quote = 0;
            for (; i < body.size(); ++i) {
                char d = body[i];
                if (quote) { if (d == quote) quote = 0; continue; }
                if (d == '\'' || d == '"') { quote = d; continue; }
                if (d == '(' || d == '[' || d == '{') ++depth;
                else if ((d == ')' || d == ']' || d == '}') && depth > 0) --depth;
                else if (depth == 0 && d == '}') break;
                else if (depth == 0 && d == '!' && i + 1 < body.size() && body[i + 1] != '=' && conv == std::string::npos) { conv = i; }
                else if (depth == 0 && d == ':' && conv == std::string::npos) { spec = i; break; }
                else if (depth == 0 && d == ':' ) { spec = i; break; }
            }
            if (i >= body.size()) error_at(t, "f-string: expecting '}'");
            size_t expr_end = conv != std::string::npos ? conv : (spec != std::string::npos ? spec : i);
            std::string expr_src = body.substr(start, expr_end - start);
            bool self_doc = false;  // f"{x=}": the text "x=" and then the value (repr by default)
            {
                size_t k = expr_src.find_last_not_of(" ");
                if (k != std::string::npos && expr_src[k] == '=' && (k == 0 || (expr_src[k - 1] != '=' && expr_src[k - 1] != '!' && expr_src[k - 1] != '<' && expr_src[k - 1] != '>'))) {
                    self_doc = true;
                    add_literal(f, t, expr_src);
                    expr_src = expr_src.substr(0, k);
                }
            }
            auto fv = node(EK::fvalue, t);
            fv->a.push_back(sub_expression(expr_src, line, col + int(start)));
            if (self_doc && conv == std::string::npos && spec == std::string::npos) fv->op = 'r';
            if (conv != std::string::npos) {
                char cc = body[conv + 1];
                if (cc != 'r' && cc != 's' && cc != 'a') error_at(t, "f-string: invalid conversion character");
                fv->op = cc;
                size_t after = conv + 2;
                if (after < body.size() && body[after] == ':') spec = after;
                else if (after >= body.size() || body[after] != '}') error_at(t, "f-string: expecting '}'");
                else i = after;
            }
            if (spec != std::string::npos) {
                // The spec runs to the matching '}' and may contain nested {fields}.
                size_t j = spec + 1;
                int d2 = 0;
                for (; j < body.size(); ++j) {
                    if (body[j] == '{') ++d2;
                    else if (body[j] == '}') { if (d2 == 0) break; --d2; }
                }
                if (j >= body.size()) error_at(t, "f-string: expecting '}'");
                auto specnode = node(EK::fstring, t);
                fstring_body(*specnode, t, body.substr(spec + 1, j - spec - 1), line, col + int(spec) + 1);
                fv->a.push_back(std::move(specnode));
                i = j;
            }
            f.a.push_back(std::move(fv));
            ++i;  // past '}'
        }
        flush();
    }

    ExprP sub_expression(const std::string& src, int line, int col) {
        bool blank = src.find_first_not_of(" \t\n") == std::string::npos;
        if (blank) { error_at(Token{Tok::op, "", line, col}, "f-string: empty expression not allowed"); return bad(); }
        LexResult lr = lex(src, file_, line, col, true);
        if (lr.error) { if (!err_) err_ = lr.error; p_ = t_.size() - 1; return bad(); }
        Parser sub(std::move(lr.tokens), file_, depth_);
        ExprP e = sub.lone_expression();
        if (sub.err_ && !err_) { err_ = sub.err_; p_ = t_.size() - 1; }
        return e;
    }

    std::vector<Token> t_;
    size_t p_ = 0;
    const std::string& file_;
    int depth_ = 0;
};

// Measures the finished tree without recursion; reports the first node nested deeper than
// kMaxTreeDepth (the compiler and the tree's own destructor would otherwise recurse that deep).
std::optional<Diagnostic> check_tree_depth(const Module& m, const std::string& file) {
    struct Item { const Expr* e; const Stmt* s; int depth; };
    std::vector<Item> work;
    for (const auto& st : m.body) work.push_back({nullptr, st.get(), 1});
    while (!work.empty()) {
        Item it = work.back();
        work.pop_back();
        if (it.depth > kMaxTreeDepth) {
            Diagnostic d;
            d.kind = "SyntaxError"; d.file = file;
            d.line = it.e ? it.e->line : it.s->line;
            d.col = it.e ? it.e->col : it.s->col;
            d.message = std::string("too deeply nested ") + (it.e ? "expression" : "statement") +
                        " (forklab allows " + std::to_string(kMaxTreeDepth) + " levels)";
            return d;
        }
        int d = it.depth + 1;
        auto ex = [&](const ExprP& e) { if (e) work.push_back({e.get(), nullptr, d}); };
        if (it.e) {
            for (const auto& c : it.e->a) ex(c);
            for (const auto& c : it.e->comps) { ex(c.target); ex(c.iter); for (const auto& f : c.ifs) ex(f); }
            if (it.e->fn) work.push_back({nullptr, it.e->fn.get(), d});
        } else {
            const Stmt& s = *it.s;
            for (const auto& c : s.targets) ex(c);
            ex(s.value); ex(s.msg);
            for (const auto& p : s.params) ex(p.def);
            for (const auto& i : s.items) { ex(i.first); ex(i.second); }
            for (const auto& c : s.body) work.push_back({nullptr, c.get(), d});
            for (const auto& c : s.orelse) work.push_back({nullptr, c.get(), d});
            for (const auto& c : s.finalbody) work.push_back({nullptr, c.get(), d});
            for (const auto& h : s.handlers) {
                ex(h.type);
                for (const auto& c : h.body) work.push_back({nullptr, c.get(), d});
            }
        }
    }
    return std::nullopt;
}

}  // namespace

ParseResult parse_module(std::string_view source, const std::string& filename) {
    ParseResult r;
    LexResult lr = lex(source, filename);
    if (lr.error && !lr.unclosed_bracket) { r.error = lr.error; return r; }
    std::optional<Diagnostic> lex_error = lr.error;
    int eof_line = lr.tokens.empty() ? 0 : lr.tokens.back().line;
    int eof_col = lr.tokens.empty() ? 0 : lr.tokens.back().col;
    Parser p(std::move(lr.tokens), filename);
    r.module = p.module();
    r.error = p.err_;
    if (lex_error) {
        // An unclosed bracket: a syntax error on the bracket's own line comes first
        // ("def f(:" is invalid syntax at the ':'), "'(' was never closed" otherwise.
        // CPython's rule: the parser's error wins unless it lies on a later line than the
        // innermost unclosed bracket.
        if (!r.error || (r.error->line == eof_line && r.error->col == eof_col) || r.error->line > lex_error->line)
            r.error = lex_error;
        return r;
    }
    if (!r.error) r.error = check_tree_depth(r.module, filename);
    return r;
}

}  // namespace forklab::lang
