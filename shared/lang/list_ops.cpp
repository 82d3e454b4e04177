// list and tuple methods.
#include "lang/ast.h"
#include "lang/classes.h"
#include "lang/containers.h"
#include "lang/exceptions.h"
#include "lang/native_args.h"

#include <algorithm>

namespace forklab::lang {

#define SELF (*a.self)
#define ARGS FORKLAB_ARGS
#define GIVEN FORKLAB_GIVEN

// [SECTION] argument checks ---------------------------------------------------------------
Res method_arity(State& st, CallArgs& a, const char* qualname, int min, int max) {
    std::string q = qualname;
    std::string name = q.substr(q.find('.') + 1);
    int n = a.npos;
    if (a.nkw) return st.raise("TypeError", q + "() takes no keyword arguments");
    if (min == 0 && max == 0) {
        if (n) return st.raise("TypeError", q + "() takes no arguments (" + std::to_string(n) + " given)");
        return Res::ok;
    }
    if (min == 1 && max == 1) {
        if (n != 1) return st.raise("TypeError", q + "() takes exactly one argument (" + std::to_string(n) + " given)");
        return Res::ok;
    }
    auto plural = [](int k) { return std::to_string(k) + (k == 1 ? " argument" : " arguments"); };
    if (n < min)
        return st.raise("TypeError", name + " expected " + (min == max ? "" : "at least ") + plural(min) + ", got " + std::to_string(n));
    if (n > max)
        return st.raise("TypeError", name + " expected " + (min == max ? "" : "at most ") + plural(max) + ", got " + std::to_string(n));
    return Res::ok;
}

Res index_value(State& st, const Value& v, int64_t* out) {
    if (v.tag == Tag::integer) { *out = v.u.i; return Res::ok; }
    if (v.tag == Tag::boolean) { *out = v.u.b; return Res::ok; }
    if (v.is(OT::bigint)) return st.raise("OverflowError", "Python int too large to convert to C ssize_t");
    return st.raise("TypeError", std::string("'") + type_name(v) + "' object cannot be interpreted as an integer");
}

namespace {
// The start/stop of index(x, start, stop): ints of any size, clamped to 0..n.
Res search_bound(State& st, const Value& v, int64_t n, int64_t* out) {
    int64_t i;
    if (v.tag == Tag::integer) i = v.u.i;
    else if (v.tag == Tag::boolean) i = v.u.b;
    else if (v.is(OT::bigint)) i = v.as<BigIntObj>()->v.is_negative() ? -n - 1 : n;
    else return st.raise("TypeError", "slice indices must be integers or have an __index__ method");
    if (i < 0) { i += n; if (i < 0) i = 0; }
    if (i > n) i = n;
    *out = i;
    return Res::ok;
}

bool same_object(const Value& x, const Value& y) { return x.is_obj() && y.is_obj() && x.u.o == y.u.o; }

// x is y or x == y, as list.index, count, remove and `in` test membership.
Res same_or_equal(State& st, const Value& x, const Value& y, bool* eq) {
    if (same_object(x, y)) { *eq = true; return Res::ok; }
    return equal_values(st, x, y, eq);
}

bool is_type_error(State& st) {
    return is_exception_instance(st.exc) &&
           class_is_subclass(st.exc.as<InstanceObj>()->cls.as<ClassObj>(), exception_class(st, "TypeError").as<ClassObj>());
}

// Any iterable as a vector; a TypeError from making its iterator becomes `msg`.
Res iterable_items(State& st, const Value& v, const char* msg, std::vector<Value>& out) {
    Value it;
    Res r = get_iter(st, v, it);
    if (r == Res::error && is_type_error(st)) { st.exc = Value(); return st.raise("TypeError", msg); }
    if (r != Res::ok) return r;
    return to_vector(st, it, out);
}

int64_t slice_length(int64_t start, int64_t stop, int64_t step) {
    if (step > 0) return start < stop ? (stop - start - 1) / step + 1 : 0;
    return start > stop ? (start - stop - 1) / (-step) + 1 : 0;
}

// [SECTION] methods -------------------------------------------------------------------------
Res m_list_append(State& st, CallArgs& a, Value& out) {
    if (a.nkw || a.npos != 1) return method_arity(st, a, "list.append", 1, 1);
    if (st.mem_pending + sizeof(Value) >= st.mem_limit / 4 || st.mem_live + st.mem_pending + sizeof(Value) > st.mem_limit) {
        if (charge_memory(st, sizeof(Value)) != Res::ok) return Res::error;
    } else {
        st.mem_pending += sizeof(Value);  // charge_memory's bookkeeping, without the call
    }
    SELF.as<ListObj>()->items.push_back(a.pos[0]);
    out = Value();
    return Res::ok;
}
Res m_list_extend(State& st, CallArgs& a, Value& out) {
    if (method_arity(st, a, "list.extend", 1, 1) != Res::ok) return Res::error;
    std::vector<Value> items;
    Res r = to_vector(st, a.pos[0], items);
    if (r != Res::ok) return r;
    auto& dst = SELF.as<ListObj>()->items;
    for (auto& v : items) dst.push_back(std::move(v));
    out = Value();
    return Res::ok;
}
Res m_list_pop(State& st, CallArgs& a, Value& out) {
    if (method_arity(st, a, "list.pop", 0, 1) != Res::ok) return Res::error;
    auto& items = SELF.as<ListObj>()->items;
    int64_t i = -1;
    if (a.npos && index_value(st, a.pos[0], &i) != Res::ok) return Res::error;
    if (items.empty()) return st.raise("IndexError", "pop from empty list");
    int64_t n = int64_t(items.size());
    if (i < 0) i += n;
    if (i < 0 || i >= n) return st.raise("IndexError", "pop index out of range");
    out = std::move(items[size_t(i)]);
    items.erase(items.begin() + long(i));
    return Res::ok;
}
Res m_list_insert(State& st, CallArgs& a, Value& out) {
    if (method_arity(st, a, "list.insert", 2, 2) != Res::ok) return Res::error;
    int64_t i;
    if (index_value(st, a.pos[0], &i) != Res::ok) return Res::error;
    if (charge_memory(st, sizeof(Value)) != Res::ok) return Res::error;
    auto& items = SELF.as<ListObj>()->items;
    int64_t n = int64_t(items.size());
    if (i < 0) i = std::max<int64_t>(0, i + n);
    if (i > n) i = n;
    items.insert(items.begin() + long(i), a.pos[1]);
    out = Value();
    return Res::ok;
}
Res m_list_remove(State& st, CallArgs& a, Value& out) {
    if (method_arity(st, a, "list.remove", 1, 1) != Res::ok) return Res::error;
    Value self = SELF, x = a.pos[0];  // held: an __eq__ may change the list
    auto& items = self.as<ListObj>()->items;
    for (size_t i = 0; i < items.size(); ++i) {
        bool eq = false;
        Value item = items[i];
        if (same_or_equal(st, item, x, &eq) != Res::ok) return Res::error;
        if (eq && i < items.size()) { items.erase(items.begin() + long(i)); out = Value(); return Res::ok; }
    }
    return st.raise("ValueError", "list.remove(x): x not in list");
}
Res m_seq_index(State& st, CallArgs& a, Value& out) {
    if (method_arity(st, a, SELF.is(OT::list) ? "list.index" : "tuple.index", 1, 3) != Res::ok) return Res::error;
    Value self = SELF, x = a.pos[0];
    auto& items = self.as<ListObj>()->items;
    int64_t lo = 0, hi = int64_t(items.size());
    if (a.npos > 1 && search_bound(st, a.pos[1], hi, &lo) != Res::ok) return Res::error;
    if (a.npos > 2 && search_bound(st, a.pos[2], hi, &hi) != Res::ok) return Res::error;
    for (int64_t i = lo; i < hi && size_t(i) < items.size(); ++i) {
        bool eq = false;
        Value item = items[size_t(i)];
        if (same_or_equal(st, item, x, &eq) != Res::ok) return Res::error;
        if (eq) { out = Value::integer(i); return Res::ok; }
    }
    if (self.is(OT::tuple)) return st.raise("ValueError", "tuple.index(x): x not in tuple");
    std::string rx;
    if (repr_value(st, x, rx) != Res::ok) return Res::error;
    return st.raise("ValueError", rx + " is not in list");
}
Res m_seq_count(State& st, CallArgs& a, Value& out) {
    if (method_arity(st, a, SELF.is(OT::list) ? "list.count" : "tuple.count", 1, 1) != Res::ok) return Res::error;
    Value self = SELF, x = a.pos[0];
    auto& items = self.as<ListObj>()->items;
    int64_t n = 0;
    for (size_t i = 0; i < items.size(); ++i) {
        bool eq = false;
        Value item = items[i];
        if (same_or_equal(st, item, x, &eq) != Res::ok) return Res::error;
        n += eq;
    }
    out = Value::integer(n);
    return Res::ok;
}
// list.sort(*, key=None, reverse=False)
Res m_list_sort(State& st, CallArgs& a, Value& out) {
    if (a.npos) return st.raise("TypeError", "sort() takes no positional arguments");
    if (a.nkw > 2) return st.raise("TypeError", "sort() takes at most 2 keyword arguments (" + std::to_string(a.nkw) + " given)");
    Value key;
    int64_t reverse = 0;
    for (int k = 0; k < a.nkw; ++k) {
        const std::string& n = str_of_obj(a.kwnames[k]);
        if (n == "key") key = a.kwvals[k];
        else if (n == "reverse") {
            if (a.kwvals[k].is(OT::bigint)) reverse = 1;
            else if (index_value(st, a.kwvals[k], &reverse) != Res::ok) return Res::error;
        } else return st.raise("TypeError", "'" + n + "' is an invalid keyword argument for sort()");
    }
    // CPython sorts a list it has emptied, so the key function sees [] (and changes are lost).
    Value self = SELF;
    std::vector<Value> items = std::move(self.as<ListObj>()->items);
    self.as<ListObj>()->items.clear();
    Res r = sort_values(st, items, key, reverse != 0);
    bool modified = !self.as<ListObj>()->items.empty();
    self.as<ListObj>()->items = std::move(items);
    if (r != Res::ok) return r;
    if (modified) return st.raise("ValueError", "list modified during sort");
    out = Value();
    return Res::ok;
}
Res m_list_reverse(State& st, CallArgs& a, Value& out) {
    if (method_arity(st, a, "list.reverse", 0, 0) != Res::ok) return Res::error;
    auto& items = SELF.as<ListObj>()->items;
    std::reverse(items.begin(), items.end());
    out = Value();
    return Res::ok;
}
Res m_list_copy(State& st, CallArgs& a, Value& out) {
    if (method_arity(st, a, "list.copy", 0, 0) != Res::ok) return Res::error;
    if (charge_memory(st, double(SELF.as<ListObj>()->items.size()) * sizeof(Value)) != Res::ok) return Res::error;
    out = make_list(SELF.as<ListObj>()->items);
    return Res::ok;
}
Res m_list_clear(State& st, CallArgs& a, Value& out) {
    if (method_arity(st, a, "list.clear", 0, 0) != Res::ok) return Res::error;
    std::vector<Value> old = std::move(SELF.as<ListObj>()->items);
    SELF.as<ListObj>()->items.clear();
    out = Value();
    return Res::ok;
}

const NamedMethod kListMethods[] = {
    {"append", m_list_append}, {"extend", m_list_extend}, {"pop", m_list_pop}, {"insert", m_list_insert},
    {"remove", m_list_remove}, {"index", m_seq_index}, {"count", m_seq_count}, {"sort", m_list_sort},
    {"reverse", m_list_reverse}, {"copy", m_list_copy}, {"clear", m_list_clear},
};
const NamedMethod kTupleMethods[] = {{"index", m_seq_index}, {"count", m_seq_count}};
}  // namespace

const NamedMethod* find_list_method(OT type, std::string_view name) {
    if (type == OT::list) {
        for (const NamedMethod& m : kListMethods) if (name == m.name) return &m;
    } else if (type == OT::tuple) {
        for (const NamedMethod& m : kTupleMethods) if (name == m.name) return &m;
    }
    return nullptr;
}

// [SECTION] slices, comparison, unpacking ----------------------------------------------------
Res list_set_slice(State& st, const Value& list, SliceObj* sl, const Value& v) {
    auto& items = list.as<ListObj>()->items;
    int64_t start, stop, step;
    if (slice_indices(st, sl, int64_t(items.size()), &start, &stop, &step) != Res::ok) return Res::error;
    std::vector<Value> src;
    if (iterable_items(st, v, step == 1 ? "can only assign an iterable" : "must assign iterable to extended slice", src) != Res::ok)
        return Res::error;
    if (charge_memory(st, double(src.size()) * sizeof(Value)) != Res::ok) return Res::error;
    if (step == 1) {
        if (stop < start) stop = start;
        if (int64_t(src.size()) == stop - start) {  // same size (Pool.map filling its results): no shifting
            for (int64_t k = 0; k < stop - start; ++k) std::swap(items[size_t(start + k)], src[size_t(k)]);
            return Res::ok;  // src holds the old items, released once the list is whole again
        }
        std::vector<Value> removed(std::make_move_iterator(items.begin() + long(start)), std::make_move_iterator(items.begin() + long(stop)));
        items.erase(items.begin() + long(start), items.begin() + long(stop));
        items.insert(items.begin() + long(start), std::make_move_iterator(src.begin()), std::make_move_iterator(src.end()));
        return Res::ok;
    }
    int64_t n = slice_length(start, stop, step);
    if (int64_t(src.size()) != n)
        return st.raise("ValueError", "attempt to assign sequence of size " + std::to_string(src.size()) +
                                          " to extended slice of size " + std::to_string(n));
    for (int64_t k = 0; k < n; ++k) std::swap(items[size_t(start + k * step)], src[size_t(k)]);
    return Res::ok;  // src now holds the old items: they are released after the list is whole again
}

Res list_del_slice(State& st, const Value& list, SliceObj* sl) {
    auto& items = list.as<ListObj>()->items;
    int64_t start, stop, step;
    if (slice_indices(st, sl, int64_t(items.size()), &start, &stop, &step) != Res::ok) return Res::error;
    int64_t n = slice_length(start, stop, step);
    if (n == 0) return Res::ok;
    if (step < 0) {  // the same items, walked upwards
        start = start + (n - 1) * step;
        step = -step;
    }
    std::vector<Value> kept, removed;
    kept.reserve(items.size() - size_t(n));
    for (int64_t i = 0; i < int64_t(items.size()); ++i) {
        bool gone = i >= start && (i - start) % step == 0 && (i - start) / step < n;
        (gone ? removed : kept).push_back(std::move(items[size_t(i)]));
    }
    items = std::move(kept);
    return Res::ok;
}

Res seq_compare(State& st, int op, const Value& a, const Value& b, Value& out) {
    Value ha = a, hb = b;  // held: an __eq__ may change the sequences
    const auto& p = ha.as<ListObj>()->items;
    const auto& q = hb.as<ListObj>()->items;
    size_t i = 0;
    for (; i < p.size() && i < q.size(); ++i) {
        Value x = p[i], y = q[i];
        bool eq = false;
        if (same_or_equal(st, x, y, &eq) != Res::ok) return Res::error;
        if (!eq) return compare_op(st, op, x, y, out);
    }
    size_t m = p.size(), n = q.size();
    bool r = false;
    switch (op) {
        case cmp_lt: r = m < n; break;
        case cmp_le: r = m <= n; break;
        case cmp_gt: r = m > n; break;
        case cmp_ge: r = m >= n; break;
        case cmp_eq: r = m == n; break;
        case cmp_ne: r = m != n; break;
        default: break;
    }
    out = Value::boolean(r);
    return Res::ok;
}

Res unpack_items(State& st, const Value& v, std::vector<Value>& out) {
    if (v.is(OT::tuple) || v.is(OT::list)) {
        out = v.as<ListObj>()->items;
        return Res::ok;
    }
    Value it;
    Res r = get_iter(st, v, it);
    if (r == Res::error && is_type_error(st)) {
        const ClassObj* c = v.is(OT::instance) ? v.as<InstanceObj>()->cls.as<ClassObj>() : nullptr;
        if (!c || (!class_lookup(c, "__iter__") && !class_lookup(c, "__getitem__"))) {
            st.exc = Value();
            return st.raise("TypeError", "cannot unpack non-iterable " + class_name_of(v) + " object");
        }
    }
    if (r != Res::ok) return r;
    return to_vector(st, it, out);
}

}  // namespace forklab::lang
