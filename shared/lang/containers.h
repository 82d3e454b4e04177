// list, tuple and dict: their methods (list_ops.cpp, dict_ops.cpp) and the helpers of
// builtins.cpp those share (indexes, slices, sorting).
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
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

// dict_ops.cpp
// d.update(src): a dict, an object with keys() and [] (a mapping), or an iterable of pairs,
// with CPython's messages for elements that are not pairs.
Res dict_update_from(State& st, const Value& dict, const Value& src);
Res dict_fromkeys(State& st, CallArgs& a, Value& out);  // dict.fromkeys(iterable, value=None)
// d | other (both dicts) and d |= src (what update takes); *handled false otherwise.
Res dict_binary(State& st, int op, const Value& a, const Value& b, Value& out, bool inplace, bool* handled);

// dict_views.cpp
Value make_dict_view(const Value& dict, DictViewObj::Kind kind);
const char* dict_view_type_name(const Value& view);  // dict_keys, dict_values, dict_items
std::string dict_view_repr(const Value& view, const std::string& items_repr);  // dict_keys([...])
Value dict_view_items(const Value& view);  // a list of what it shows: keys, values or (key, value) tuples
int64_t dict_view_len(const Value& view);
Res dict_view_contains(State& st, const Value& view, const Value& x, bool* out);
// & | - ^ when either operand is a keys or items view (the result is a set); *handled false otherwise.
Res dict_view_binary(State& st, int op, const Value& a, const Value& b, Value& out, bool* handled);
// < <= > >= when either operand is a view (subset tests against sets and keys/items views).
Res dict_view_compare(State& st, int op, const Value& a, const Value& b, Value& out, bool* handled);
// == when either operand is a view (value.cpp): false returned when neither is.
bool dict_view_equal(const Value& a, const Value& b, bool* out);
const NamedMethod* find_dict_view_method(const Value& view, std::string_view name);  // isdisjoint
// Iterators over a dict's keys, values or items, checking that its size does not change.
Value dict_iter(const Value& dict, IterObj::Kind kind);
Value dict_view_iter(const Value& view);
Res dict_iter_next(State& st, IterObj* it, Value& out, bool* got);

// type_attrs.cpp: attributes of the builtin types str, list, tuple, dict, set, frozenset,
// bytes, bytearray, range: unbound methods (str.lower) and dict.fromkeys, bytes.fromhex;
// *found false for other names and types.
Res builtin_type_attr(State& st, const Value& type, const std::string& name, Value& out, bool* found);
bool is_unbound_method(const BuiltinObj* b);  // str.lower: repr <method 'lower' of 'str' objects>

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
