// Sets: operators, comparisons, methods, and CPython's iteration order for sets of ints.
#pragma once
#include <string_view>
#include <vector>

#include "lang/value.h"

namespace forklab::lang {

// | & - ^ (and their in-place forms) when either operand is a set; *handled false otherwise.
Res set_binary(State& st, int op, const Value& a, const Value& b, Value& out, bool inplace, bool* handled);
// < <= > >= as subset/superset tests.
Res set_compare(State& st, int op, const Value& a, const Value& b, Value& out);
// The methods of set objects (add, remove, union ...), or null.
NativeFn find_set_method(std::string_view name);
// The members in the order CPython iterates them: CPython places ints by hash in an open
// table, so {3, 1, 2} prints as {1, 2, 3}; other members keep insertion order (their hashes
// are randomized per process in CPython anyway).
std::vector<Value> set_members_in_order(const SetObj* s);

}  // namespace forklab::lang
