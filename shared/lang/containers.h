// list, tuple and dict: their methods (list_ops.cpp, dict_ops.cpp) and the helpers of
// builtins.cpp those share (indexes, slices, sorting).
#pragma once
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "lang/value.h"

namespace forklab::lang {

struct NamedMethod {
    const char* name;
    NativeFn fn;
};
// The method `name` of a list or tuple (type says which), or of a dict; nullptr when absent.
const NamedMethod* find_list_method(OT type, std::string_view name);
const NamedMethod* find_dict_method(std::string_view name);

// builtins.cpp
// A valid index of a sequence of n items (negative ones count from the end), or IndexError
// "WHAT index out of range" / TypeError "WHAT indices must be integers or slices".
Res norm_index(State& st, const Value& key, size_t n, const char* what, size_t* out);
// slice.indices(n): start, stop and step clamped to a sequence of n items.
Res slice_indices(State& st, SliceObj* s, int64_t n, int64_t* start, int64_t* stop, int64_t* step);
// A stable sort by key (none: the items themselves), as list.sort and sorted() do.
Res sort_values(State& st, std::vector<Value>& items, const Value& key, bool reverse);
// TypeError "unhashable type: 'T'" unless k can be a dict key or a set member.
Res hashable_key(State& st, const Value& k);

}  // namespace forklab::lang
