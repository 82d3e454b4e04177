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

// Checks a native method's arguments as CPython's do, with its messages: no keywords, and
// min..max positional ones. qualname is "list.append": (0, 0) and (1, 1) methods name it
// whole ("list.copy() takes no arguments (1 given)"), others only after the dot ("pop
// expected at most 1 argument, got 2").
Res method_arity(State& st, CallArgs& a, const char* qualname, int min, int max);
// An int argument that must fit a C ssize_t: OverflowError for big ones, TypeError "'T'
// object cannot be interpreted as an integer" for non-ints.
Res index_value(State& st, const Value& v, int64_t* out);

// list_ops.cpp: a[i:j] = iterable, a[i:j:k] = same-sized iterable, del a[i:j:k].
Res list_set_slice(State& st, const Value& list, SliceObj* sl, const Value& v);
Res list_del_slice(State& st, const Value& list, SliceObj* sl);
// < <= > >= (and == !=) of two lists or two tuples: the first items that differ decide
// (compared with op, their own __lt__ ... honoured), else the lengths.
Res seq_compare(State& st, int op, const Value& a, const Value& b, Value& out);
// The items of `a, b = v` / `a, *b = v`: TypeError "cannot unpack non-iterable T object"
// when v is not iterable.
Res unpack_items(State& st, const Value& v, std::vector<Value>& out);

// range_ops.cpp
Value make_range(const BigInt& start, const BigInt& stop, const BigInt& step);
Res b_range(State& st, CallArgs& a, Value& out);
Res range_len(State& st, const RangeObj* r, Value& out);  // OverflowError past int64
Res range_get_item(State& st, const Value& r, const Value& key, Value& out);  // an int or a slice
Res range_contains(State& st, const Value& r, const Value& x, bool* out);
const NamedMethod* find_range_method(std::string_view name);  // index, count
Res range_get_attr(const Value& r, std::string_view name, Value& out, bool* found);  // start, stop, step
Value range_iter(const Value& r);
Res range_iter_next(IterObj* it, Value& out, bool* got);  // the iterator of a range past int64
Value range_reversed(const Value& r);  // reversed(r): lazy, as CPython's range_iterator
bool range_equal(const RangeObj* a, const RangeObj* b);  // as sequences: range(0) == range(2, 2)
size_t range_hash(const RangeObj* r);
std::string range_repr(const RangeObj* r);

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
