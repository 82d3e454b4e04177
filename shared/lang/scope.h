// Scope analysis: which names of each function are locals, cells (locals that inner
// functions capture), free variables (captured from an enclosing function) or globals.
// Python decides this statically per function body, so the compiler asks once per
// function instead of the VM looking names up at run time.
#pragma once
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "lang/ast.h"
#include "runtime/diagnostic.h"

namespace forklab::lang {

struct Scope {
    enum Kind { module, function, class_body } kind = module;
    const void* node = nullptr;  // the def/class Stmt, or the lambda/genexp Expr
    Scope* parent = nullptr;
    std::vector<std::unique_ptr<Scope>> children;

    std::set<std::string> params, assigned, used, globals, nonlocals;
    bool generator = false;      // the body contains yield (genexps always)
    std::unordered_map<std::string, std::pair<int, int>> nonlocal_at;  // line, col of each nonlocal
    int line = 0, col = 0;

    // Results (function scopes):
    std::set<std::string> locals;  // params and assigned names not declared global/nonlocal
    std::set<std::string> cells;   // locals captured by inner functions
    std::set<std::string> frees;   // captured from an enclosing function (or passed through)

    bool is_local(const std::string& n) const { return locals.count(n) != 0; }
    bool is_deref(const std::string& n) const { return cells.count(n) || frees.count(n); }
};

struct ScopeTree {
    std::unique_ptr<Scope> root;
    std::unordered_map<const void*, Scope*> by_node;
    const Scope* of(const void* node) const {
        auto it = by_node.find(node);
        return it == by_node.end() ? nullptr : it->second;
    }
};

// Builds the tree for a module; a nonlocal without a binding (or at module level) is a
// SyntaxError, as in CPython.
std::optional<Diagnostic> analyze_scopes(const Module& m, const std::string& file, ScopeTree& out);

}  // namespace forklab::lang
