// Syntax tree of the scenario language. One generic node type for expressions and one for
// statements (kind + children) keeps the parser and the compiler short; the tree lives only
// between parsing and compiling one file, so compactness does not matter here.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace forklab::lang {

enum class EK : uint8_t {
    name, integer, real, str, none, true_, false_,
    fstring,    // a = parts: str constants and fvalue nodes
    fvalue,     // a[0] = expression, op = conversion ('r', 's', 'a' or 0), a[1] = spec (fstring) if any
    binop,      // op = BinOp, a[0] op a[1]
    unop,       // op = UnOp, a[0]
    boolop,     // op = 0 and / 1 or, a = operands
    compare,    // a[0] ops[0] a[1] ops[1] a[2] ...
    call,       // a[0] = callee, a[1..] = args; the last kwnames.size() args are keywords ("**" for **kw)
    attr,       // a[0].s
    subscript,  // a[0][a[1]]
    slice,      // a[0]:a[1]:a[2], missing parts are none nodes with op = 1
    list, tuple, dict,  // dict: a = k0, v0, k1, v1, ...; `**m` is a starred key (op 2) with a none value
    listcomp,   // a[0] = element, comps
    dictcomp,   // a[0] = key, a[1] = value, comps
    ifexp,      // a[0] if a[1] else a[2]
    starred,    // *a[0]
    lambda_,    // fn = a synthesized def statement named "<lambda>" whose body returns the expression
    genexp,     // a[0] = element, comps (a generator function called at once)
    set, setcomp,  // set display {a, b}; set comprehension: a[0] = element, comps
    yield_,     // yield a[0] (a may be empty: yield None)
    named,      // a[0] := a[1], a[0] a name node (the walrus operator)
    bytes,      // s = the bytes
    ellipsis,
};

enum BinOp : int { op_add, op_sub, op_mul, op_truediv, op_floordiv, op_mod, op_pow, op_lshift,
                   op_rshift, op_and, op_or, op_xor, binop_count };
enum UnOp : int { op_neg, op_pos, op_not, op_invert };
enum CmpOp : int { cmp_lt, cmp_le, cmp_eq, cmp_ne, cmp_gt, cmp_ge, cmp_is, cmp_is_not, cmp_in, cmp_not_in };

struct Expr;
using ExprP = std::unique_ptr<Expr>;
struct Stmt;

struct Comprehension {
    ExprP target;
    ExprP iter;
    std::vector<ExprP> ifs;
};

struct Expr {
    EK kind = EK::none;
    int line = 0, col = 0;
    std::string s;
    int64_t i = 0;
    double f = 0.0;
    int op = 0;
    std::vector<ExprP> a;
    std::vector<int> ops;
    std::vector<std::string> kwnames;
    std::vector<Comprehension> comps;
    std::shared_ptr<Stmt> fn;  // lambda_: shared_ptr because Stmt is still incomplete here

    Expr() = default;
    Expr(const Expr&) = delete;
    Expr& operator=(const Expr&) = delete;
    // Iterative: a left-nested chain (1+1+1+..., a.b.c...) may be far deeper than the stack.
    ~Expr() {
        if (a.empty() && comps.empty()) return;
        std::vector<ExprP> work;
        take_children(work);
        while (!work.empty()) {
            ExprP e = std::move(work.back());
            work.pop_back();
            e->take_children(work);
        }  // each e dies here without children
    }
    void take_children(std::vector<ExprP>& out) {
        for (auto& c : a) if (c) out.push_back(std::move(c));
        a.clear();
        for (auto& c : comps) {
            if (c.target) out.push_back(std::move(c.target));
            if (c.iter) out.push_back(std::move(c.iter));
            for (auto& f : c.ifs) if (f) out.push_back(std::move(f));
        }
        comps.clear();
    }
};

enum class SK : uint8_t {
    expr, assign, augassign, if_, while_, for_, break_, continue_, pass, return_, def,
    import, importfrom, global, with, del, assert_,
    class_,    // name, targets = bases (at most one), body
    try_,      // body, handlers, orelse, finalbody
    raise_,    // value = exception (null: re-raise), msg = cause ("from")
    nonlocal,  // names
};

using StmtP = std::unique_ptr<Stmt>;

enum class ParamKind : uint8_t { normal, varargs, kwonly, varkw };
struct Param {
    std::string name;
    ExprP def;  // null when required
    ParamKind kind = ParamKind::normal;
};

struct Handler {        // except TYPE as NAME: BODY
    ExprP type;         // null for a bare except
    std::string name;   // "" without 'as'
    int line = 0, col = 0;
    std::vector<StmtP> body;
};

struct Stmt {
    SK kind = SK::pass;
    int line = 0, col = 0;
    std::vector<ExprP> targets;  // assign: t1 = t2 = value; for: targets[0]; augassign: targets[0]; del
    ExprP value;                 // assign/augassign/return/expr value; if/while test; for iter; assert test
    ExprP msg;                   // assert message
    int op = 0;                  // augassign BinOp
    std::vector<StmtP> body, orelse;
    std::string name;            // def / importfrom module
    std::vector<Param> params;
    std::vector<ExprP> decorators;  // def / class: the @ lines above it, top first
    std::vector<std::pair<std::string, std::string>> names;  // import: (module, asname); from: (name, asname); global
    std::vector<std::pair<ExprP, ExprP>> items;               // with: (context, target or null)
    std::vector<Handler> handlers;                            // try
    std::vector<StmtP> finalbody;                             // try

    Stmt() = default;
    Stmt(const Stmt&) = delete;
    Stmt& operator=(const Stmt&) = delete;
    // Iterative, like ~Expr (long elif chains nest through orelse).
    ~Stmt() {
        if (body.empty() && orelse.empty() && handlers.empty() && finalbody.empty()) return;
        std::vector<StmtP> work;
        take_children(work);
        while (!work.empty()) {
            StmtP s = std::move(work.back());
            work.pop_back();
            s->take_children(work);
        }
    }
    void take_children(std::vector<StmtP>& out) {
        for (auto& c : body) if (c) out.push_back(std::move(c));
        for (auto& c : orelse) if (c) out.push_back(std::move(c));
        for (auto& c : finalbody) if (c) out.push_back(std::move(c));
        for (auto& h : handlers) for (auto& c : h.body) if (c) out.push_back(std::move(c));
        body.clear(); orelse.clear(); finalbody.clear(); handlers.clear();
    }
};

struct Module {
    std::vector<StmtP> body;
};

}  // namespace forklab::lang
