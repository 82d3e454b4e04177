// range objects: range(), len, indexing and slicing (a slice is a range), in, index, count,
// equality and hash as sequences, repr, the start/stop/step attributes, iteration and
// reversed(). Ranges of any size: the exact arithmetic is BigInt's; ranges that fit int64_t
// (all but a few) take int64 fast paths for len, r[i], `in` and iteration.
#include "lang/classes.h"
#include "lang/containers.h"
#include "lang/exceptions.h"
#include "lang/int_value.h"
#include "lang/interp_state.h"

namespace forklab::lang {

namespace {
struct Parts {
    BigInt start, stop, step;
};
Parts parts(const RangeObj* r) {
    if (r->big.is_none()) return {BigInt(r->start), BigInt(r->stop), BigInt(r->step)};
    const auto& it = r->big.as<ListObj>()->items;
    return {to_bigint(it[0]), to_bigint(it[1]), to_bigint(it[2])};
}
BigInt length_of(const Parts& p) {
    bool up = !p.step.is_negative();
    if (up ? p.start >= p.stop : p.start <= p.stop) return BigInt(0);
    BigInt span = up ? p.stop - p.start : p.start - p.stop;
    BigInt q, rem;
    BigInt::divmod(span - BigInt(1), p.step.abs(), q, rem);
    return q + BigInt(1);
}
// The length of a small range (exact: at most 2**64 - 1, as __int128).
__int128 small_length(int64_t start, int64_t stop, int64_t step) {
    __int128 a = start, b = stop, c = step;
    if (c > 0) return a < b ? (b - a - 1) / c + 1 : 0;
    return a > b ? (a - b - 1) / (-c) + 1 : 0;
}
Value int_value(const BigInt& v) { return make_int(v); }

// An int argument of range(): any size, bools too.
Res range_arg(State& st, const Value& v, BigInt& out) {
    if (is_int_value(v)) { out = to_bigint(v); return Res::ok; }
    return st.raise("TypeError", "'" + class_name_of(v) + "' object cannot be interpreted as an integer");
}

// slice.indices(n) with exact ints, as CPython's _PySlice_GetLongIndices.
Res slice_indices_big(State& st, SliceObj* s, const BigInt& n, BigInt& start, BigInt& stop, BigInt& step) {
    const char* kBad = "slice indices must be integers or None or have an __index__ method";
    step = BigInt(1);
    if (!s->step.is_none()) {
        if (!is_int_value(s->step)) return st.raise("TypeError", kBad);
        step = to_bigint(s->step);
        if (step.is_zero()) return st.raise("ValueError", "slice step cannot be zero");
    }
    bool down = step.is_negative();
    BigInt lower = down ? BigInt(-1) : BigInt(0), upper = down ? n - BigInt(1) : n;
    auto fix = [&](const Value& v, const BigInt& def, BigInt& out) -> bool {
        if (v.is_none()) { out = def; return true; }
        if (!is_int_value(v)) return false;
        out = to_bigint(v);
        if (out.is_negative()) {
            out += n;
            if (out < lower) out = lower;
        } else if (out > upper) {
            out = upper;
        }
        return true;
    };
    if (!fix(s->start, down ? upper : lower, start) || !fix(s->stop, down ? lower : upper, stop)) return st.raise("TypeError", kBad);
    return Res::ok;
}

// Where x (an int) is in r: its index, or -1 when absent.
BigInt position(const RangeObj* r, const BigInt& x, bool* found) {
    Parts p = parts(r);
    *found = false;
    bool up = !p.step.is_negative();
    if (up ? (x < p.start || x >= p.stop) : (x > p.start || x <= p.stop)) return BigInt(0);
    BigInt q, rem;
    BigInt::divmod(x - p.start, p.step, q, rem);
    *found = rem.is_zero();
    return q;
}

// `x == item` for the items of r, one at a time (x is not an int: 1.0 in range(3)).
Res search(State& st, const Value& r, const Value& x, int64_t* count, int64_t* first, bool stop_at_first) {
    Value it;
    if (get_iter(st, r, it) != Res::ok) return Res::error;
    *count = 0;
    *first = -1;
    for (int64_t i = 0;; ++i) {
        Value item;
        bool got = false;
        if (iter_next(st, it.as<IterObj>(), item, &got) != Res::ok) return Res::error;
        if (!got) return Res::ok;
        bool eq = false;
        if (equal_values(st, x, item, &eq) != Res::ok) return Res::error;
        if (eq) {
            if (*first < 0) *first = i;
            ++*count;
            if (stop_at_first) return Res::ok;
        }
    }
}

#define SELF_RANGE (a.self->as<RangeObj>())
Res m_index(State& st, CallArgs& a, Value& out) {
    if (method_arity(st, a, "range.index", 1, 1) != Res::ok) return Res::error;
    const Value& x = a.pos[0];
    if (is_int_value(x)) {
        bool found = false;
        BigInt i = position(SELF_RANGE, to_bigint(x), &found);
        if (found) { out = int_value(i); return Res::ok; }
        std::string rx;
        if (repr_value(st, x, rx) != Res::ok) return Res::error;
        return st.raise("ValueError", rx + " is not in range");
    }
    int64_t n, first;
    if (search(st, *a.self, x, &n, &first, true) != Res::ok) return Res::error;
    if (first < 0) return st.raise("ValueError", "sequence.index(x): x not in sequence");
    out = Value::integer(first);
    return Res::ok;
}
Res m_count(State& st, CallArgs& a, Value& out) {
    if (method_arity(st, a, "range.count", 1, 1) != Res::ok) return Res::error;
    const Value& x = a.pos[0];
    if (is_int_value(x)) {
        bool found = false;
        position(SELF_RANGE, to_bigint(x), &found);
        out = Value::integer(found);
        return Res::ok;
    }
    int64_t n, first;
    if (search(st, *a.self, x, &n, &first, false) != Res::ok) return Res::error;
    out = Value::integer(n);
    return Res::ok;
}

const NamedMethod kRangeMethods[] = {{"index", m_index}, {"count", m_count}};
}  // namespace

// [SECTION] making ranges ---------------------------------------------------------------------
Value make_range(const BigInt& start, const BigInt& stop, const BigInt& step) {
    if (start.fits_int64() && stop.fits_int64() && step.fits_int64() &&
        small_length(start.to_int64(), stop.to_int64(), step.to_int64()) <= INT64_MAX)
        return Value::object(new RangeObj(start.to_int64(), stop.to_int64(), step.to_int64()));
    auto* r = new RangeObj(0, 0, 1);
    Value v = Value::object(r);
    r->big = make_tuple({make_int(start), make_int(stop), make_int(step)});
    return v;
}

Res b_range(State& st, CallArgs& a, Value& out) {
    if (a.nkw) return st.raise("TypeError", "range() takes no keyword arguments");
    if (a.npos < 1) return st.raise("TypeError", "range expected at least 1 argument, got 0");
    if (a.npos > 3) return st.raise("TypeError", "range expected at most 3 arguments, got " + std::to_string(a.npos));
    BigInt v[3] = {BigInt(0), BigInt(0), BigInt(1)};
    for (int i = 0; i < a.npos; ++i)
        if (range_arg(st, a.pos[i], v[i]) != Res::ok) return Res::error;
    if (a.npos == 1) { v[1] = v[0]; v[0] = BigInt(0); }
    if (v[2].is_zero()) return st.raise("ValueError", "range() arg 3 must not be zero");
    out = make_range(v[0], v[1], v[2]);
    return Res::ok;
}

// [SECTION] sequence operations ------------------------------------------------------------
Res range_len(State& st, const RangeObj* r, Value& out) {
    if (!r->big.is_none()) {
        BigInt n = length_of(parts(r));
        if (!n.fits_int64()) return st.raise("OverflowError", "Python int too large to convert to C ssize_t");
        out = Value::integer(n.to_int64());
        return Res::ok;
    }
    out = Value::integer(r->length());
    return Res::ok;
}

Res range_get_item(State& st, const Value& rv, const Value& key, Value& out) {
    const RangeObj* r = rv.as<RangeObj>();
    if (key.is(OT::slice)) {
        Parts p = parts(r);
        BigInt n = length_of(p), i, j, k;
        if (slice_indices_big(st, key.as<SliceObj>(), n, i, j, k) != Res::ok) return Res::error;
        out = make_range(p.start + i * p.step, p.start + j * p.step, p.step * k);
        return Res::ok;
    }
    if (!is_int_value(key))
        return st.raise("TypeError", std::string("range indices must be integers or slices, not ") + class_name_of(key));
    if (r->big.is_none() && key.tag != Tag::obj) {
        int64_t i = key.tag == Tag::integer ? key.u.i : key.u.b, n = r->length();
        if (i < 0) i += n;
        if (i < 0 || i >= n) return st.raise("IndexError", "range object index out of range");
        out = Value::integer(int64_t(__int128(r->start) + __int128(i) * r->step));  // inside the range: fits
        return Res::ok;
    }
    Parts p = parts(r);
    BigInt n = length_of(p), i = to_bigint(key);
    if (i.is_negative()) i += n;
    if (i.is_negative() || i >= n) return st.raise("IndexError", "range object index out of range");
    out = int_value(p.start + i * p.step);
    return Res::ok;
}

Res range_contains(State& st, const Value& rv, const Value& x, bool* out) {
    const RangeObj* r = rv.as<RangeObj>();
    if (r->big.is_none() && (x.tag == Tag::integer || x.tag == Tag::boolean)) {
        __int128 v = x.tag == Tag::integer ? x.u.i : x.u.b;
        if (r->step > 0) *out = v >= r->start && v < r->stop && (v - r->start) % r->step == 0;
        else *out = v <= r->start && v > r->stop && (r->start - v) % (-__int128(r->step)) == 0;
        return Res::ok;
    }
    if (is_int_value(x)) {
        position(r, to_bigint(x), out);
        return Res::ok;
    }
    int64_t n, first;
    if (search(st, rv, x, &n, &first, true) != Res::ok) return Res::error;
    *out = n > 0;
    return Res::ok;
}

const NamedMethod* find_range_method(std::string_view name) {
    for (const NamedMethod& m : kRangeMethods) if (name == m.name) return &m;
    return nullptr;
}

Res range_get_attr(const Value& rv, std::string_view name, Value& out, bool* found) {
    *found = true;
    Parts p = parts(rv.as<RangeObj>());
    if (name == "start") out = int_value(p.start);
    else if (name == "stop") out = int_value(p.stop);
    else if (name == "step") out = int_value(p.step);
    else *found = false;
    return Res::ok;
}

// [SECTION] iteration ----------------------------------------------------------------------
Value range_iter(const Value& rv) {
    const RangeObj* r = rv.as<RangeObj>();
    // The fast iterator adds step to an int64_t: only when the value after the last fits.
    if (r->big.is_none()) {
        __int128 after = __int128(r->start) + small_length(r->start, r->stop, r->step) * r->step;
        if (after >= INT64_MIN && after <= INT64_MAX) {
            auto* it = new IterObj(IterObj::range);
            it->cur = r->start; it->stop = r->stop; it->step = r->step;
            return Value::object(it);
        }
    }
    auto* it = new IterObj(IterObj::seq);  // src: the range, extra: the next value
    Value iv = Value::object(it);
    it->src = rv;
    it->extra = int_value(parts(r).start);
    return iv;
}

Res range_iter_next(IterObj* it, Value& out, bool* got) {
    Parts p = parts(it->src.as<RangeObj>());
    BigInt cur = to_bigint(it->extra);
    *got = p.step.is_negative() ? cur > p.stop : cur < p.stop;
    if (!*got) return Res::ok;
    out = it->extra;
    it->extra = int_value(cur + p.step);
    return Res::ok;
}

Value range_reversed(const Value& rv) {
    Parts p = parts(rv.as<RangeObj>());
    BigInt n = length_of(p);
    if (n.is_zero()) return range_iter(make_range(BigInt(0), BigInt(0), BigInt(1)));
    BigInt last = p.start + (n - BigInt(1)) * p.step;
    return range_iter(make_range(last, p.start - p.step, -p.step));
}

// [SECTION] value.cpp: equality, hash, repr, length --------------------------------------------
bool range_equal(const RangeObj* a, const RangeObj* b) {
    if (a->big.is_none() && b->big.is_none() && a->start == b->start && a->stop == b->stop && a->step == b->step) return true;
    Parts p = parts(a), q = parts(b);
    BigInt n = length_of(p);
    if (n != length_of(q)) return false;
    if (n.is_zero()) return true;
    if (p.start != q.start) return false;
    return n == BigInt(1) || p.step == q.step;
}

size_t range_hash(const RangeObj* r) {
    // As CPython: the hash of (len, start, step), with None for what equality ignores.
    Parts p = parts(r);
    BigInt n = length_of(p);
    std::vector<Value> key{make_int(n), Value(), Value()};
    if (!n.is_zero()) key[1] = make_int(p.start);
    if (n > BigInt(1)) key[2] = make_int(p.step);
    return ValueHash()(make_tuple(std::move(key)));
}

std::string range_repr(const RangeObj* r) {
    Parts p = parts(r);
    std::string s = "range(" + p.start.to_string() + ", " + p.stop.to_string();
    if (p.step != BigInt(1)) s += ", " + p.step.to_string();
    return s + ")";
}

int64_t RangeObj::length() const {
    if (big.is_none()) return int64_t(small_length(start, stop, step));
    BigInt n = length_of(parts(this));
    return n.fits_int64() ? n.to_int64() : INT64_MAX;
}

}  // namespace forklab::lang
