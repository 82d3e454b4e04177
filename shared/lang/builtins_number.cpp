// Numbers beyond int_value.cpp, and the attributes of values that are not classes: see
// builtins_number.h. Messages are CPython 3.11's.
#include "lang/builtins_number.h"

#include <cmath>
#include <cstdlib>

#include "lang/ast.h"
#include "lang/classes.h"
#include "lang/exceptions.h"
#include "lang/int_bytes.h"
#include "lang/int_value.h"
#include "lang/native_args.h"
#include "lang/strings.h"

namespace forklab::lang {

namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

bool ascii_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'; }

// Python's float syntax on an ASCII string without surrounding space: [sign] then inf,
// infinity or nan (any case), or digits with an optional fraction and exponent, single
// underscores allowed between two digits. *clean gets the text without the underscores.
bool float_syntax(const std::string& t, std::string* clean) {
    size_t i = 0;
    const size_t n = t.size();
    clean->clear();
    if (i < n && (t[i] == '+' || t[i] == '-')) clean->push_back(t[i++]);
    std::string word;
    for (size_t k = i; k < n; ++k) word.push_back(char(std::tolower((unsigned char)t[k])));
    if (word == "inf" || word == "infinity" || word == "nan") {
        *clean += word == "nan" ? "nan" : "inf";
        return true;
    }
    // digits with single underscores between them; false when an underscore is misplaced
    auto digits = [&](size_t* count) {
        *count = 0;
        while (i < n) {
            if (is_digit(t[i])) { clean->push_back(t[i++]); ++*count; continue; }
            if (t[i] == '_' && *count > 0 && i + 1 < n && is_digit(t[i + 1])) { ++i; continue; }
            break;
        }
        return i >= n || t[i] != '_';
    };
    size_t int_digits = 0, frac_digits = 0, exp_digits = 0;
    if (!digits(&int_digits)) return false;
    if (i < n && t[i] == '.') {
        clean->push_back(t[i++]);
        if (!digits(&frac_digits)) return false;
    }
    if (int_digits + frac_digits == 0) return false;
    if (i < n && (t[i] == 'e' || t[i] == 'E')) {
        clean->push_back(t[i++]);
        if (i < n && (t[i] == '+' || t[i] == '-')) clean->push_back(t[i++]);
        if (!digits(&exp_digits) || exp_digits == 0) return false;
    }
    return i == n;
}

// CPython's float divmod: the remainder has the sign of y, and the quotient is rounded so
// that q * y + r == x as nearly as floats allow. y != 0.
void float_divmod(double x, double y, double* q, double* r) {
    double mod = std::fmod(x, y);
    double div = (x - mod) / y;
    if (mod != 0) {
        if ((y < 0) != (mod < 0)) {
            mod += y;
            div -= 1.0;
        }
    } else {
        mod = std::copysign(0.0, y);
    }
    double floordiv;
    if (div != 0) {
        floordiv = std::floor(div);
        if (div - floordiv > 0.5) floordiv += 1.0;
    } else {
        floordiv = std::copysign(0.0, x / y);
    }
    *q = floordiv;
    *r = mod;
}

bool is_odd_integer(double d) { return std::fmod(std::fabs(d), 2.0) == 1.0; }

// float ** float, CPython's float_pow.
Res float_pow(State& st, double x, double y, Value& out) {
    auto done = [&](double r) { out = Value::real(r); return Res::ok; };
    if (y == 0) return done(1.0);
    if (std::isnan(x)) return done(x);
    if (std::isnan(y)) return done(x == 1.0 ? 1.0 : y);
    if (std::isinf(y)) {
        const double ax = std::fabs(x);
        if (ax == 1.0) return done(1.0);
        return done((y > 0) == (ax > 1.0) ? std::fabs(y) : 0.0);
    }
    if (std::isinf(x)) {
        const bool odd = is_odd_integer(y);
        if (y > 0) return done(odd ? x : std::fabs(x));
        return done(odd ? std::copysign(0.0, x) : 0.0);
    }
    if (x == 0) {
        if (y < 0) return st.raise("ZeroDivisionError", "0.0 cannot be raised to a negative power");
        return done(is_odd_integer(y) ? x : 0.0);
    }
    bool negate = false;
    if (x < 0) {
        // CPython returns a complex number here; forklab has none.
        if (y != std::floor(y))
            return st.raise("ValueError", "forklab does not support complex numbers yet (a negative number raised to a fractional power)");
        x = -x;
        negate = is_odd_integer(y);
    }
    if (x == 1.0) return done(negate ? -1.0 : 1.0);
    double r = std::pow(x, y);
    if (std::isinf(r))
        return raise_with_args(st, "OverflowError", {Value::integer(34), make_str("Numerical result out of range")});
    return done(negate ? -r : r);
}

Res no_keywords(State& st, CallArgs& a, const std::string& qualname) {
    if (a.nkw == 0) return Res::ok;
    return st.raise("TypeError", qualname + "() takes no keyword arguments");
}

// A method without arguments: "int.bit_length() takes no arguments (1 given)".
Res no_args(State& st, CallArgs& a, const char* qualname) {
    if (no_keywords(st, a, qualname) != Res::ok) return Res::error;
    if (a.npos != 0) return st.raise("TypeError", std::string(qualname) + "() takes no arguments (" + std::to_string(a.npos) + " given)");
    return Res::ok;
}

Value as_plain_int(const Value& v) { return v.tag == Tag::boolean ? Value::integer(v.u.b) : v; }

Res int_bit_length(State& st, CallArgs& a, Value& out) {
    if (no_args(st, a, "int.bit_length") != Res::ok) return Res::error;
    out = Value::integer(int64_t(to_bigint(*a.self).bit_length()));
    return Res::ok;
}
Res int_bit_count(State& st, CallArgs& a, Value& out) {
    if (no_args(st, a, "int.bit_count") != Res::ok) return Res::error;
    const Value& v = *a.self;
    if (!v.is(OT::bigint)) {
        const int64_t x = v.tag == Tag::integer ? v.u.i : v.u.b;
        out = Value::integer(__builtin_popcountll(x < 0 ? 0 - uint64_t(x) : uint64_t(x)));
        return Res::ok;
    }
    int64_t ones = 0;
    for (char c : v.as<BigIntObj>()->v.abs().to_string(2)) ones += c == '1';
    out = Value::integer(ones);
    return Res::ok;
}
Res int_conjugate(State& st, CallArgs& a, Value& out) {
    if (no_args(st, a, "int.conjugate") != Res::ok) return Res::error;
    out = as_plain_int(*a.self);
    return Res::ok;
}
Res int_ratio(State& st, CallArgs& a, Value& out) {
    if (no_args(st, a, "int.as_integer_ratio") != Res::ok) return Res::error;
    out = make_tuple({as_plain_int(*a.self), Value::integer(1)});
    return Res::ok;
}
Res float_is_integer(State& st, CallArgs& a, Value& out) {
    if (no_args(st, a, "float.is_integer") != Res::ok) return Res::error;
    const double d = a.self->u.f;
    out = Value::boolean(std::isfinite(d) && d == std::floor(d));
    return Res::ok;
}
Res float_conjugate(State& st, CallArgs& a, Value& out) {
    if (no_args(st, a, "float.conjugate") != Res::ok) return Res::error;
    out = *a.self;
    return Res::ok;
}
Res float_ratio(State& st, CallArgs& a, Value& out) {
    if (no_args(st, a, "float.as_integer_ratio") != Res::ok) return Res::error;
    const double d = a.self->u.f;
    if (std::isinf(d)) return st.raise("OverflowError", "cannot convert Infinity to integer ratio");
    if (std::isnan(d)) return st.raise("ValueError", "cannot convert NaN to integer ratio");
    int e = 0;
    double m = std::frexp(d, &e);  // d == m * 2**e exactly
    for (int i = 0; i < 1100 && m != std::floor(m); ++i) {
        m *= 2.0;
        --e;
    }
    BigInt num, den(1);
    BigInt::from_double(m, num);
    if (e > 0) num = num.shl(uint64_t(e));
    else den = den.shl(uint64_t(-e));
    out = make_tuple({make_int(std::move(num)), make_int(std::move(den))});
    return Res::ok;
}

// slice.indices(length): (start, stop, step) clipped to a sequence of that length.
Res slice_indices_method(State& st, CallArgs& a, Value& out) {
    if (no_keywords(st, a, "slice.indices") != Res::ok) return Res::error;
    if (a.npos != 1)
        return st.raise("TypeError", "slice.indices() takes exactly one argument (" + std::to_string(a.npos) + " given)");
    const Value& len = a.pos[0];
    if (!is_int_value(len))
        return st.raise("TypeError", std::string("'") + type_name(len) + "' object cannot be interpreted as an integer");
    const BigInt length = to_bigint(len);
    if (length.is_negative()) return st.raise("ValueError", "length should not be negative");
    auto* s = a.self->as<SliceObj>();
    for (const Value* v : {&s->start, &s->stop, &s->step})
        if (!v->is_none() && !is_int_value(*v))
            return st.raise("TypeError", "slice indices must be integers or None or have an __index__ method");
    const BigInt step = s->step.is_none() ? BigInt(1) : to_bigint(s->step);
    if (step.is_zero()) return st.raise("ValueError", "slice step cannot be zero");
    const bool back = step.is_negative();
    const BigInt lower = back ? BigInt(-1) : BigInt(0), upper = back ? length - BigInt(1) : length;
    auto clip = [&](const Value& v, const BigInt& dflt) {
        if (v.is_none()) return dflt;
        BigInt x = to_bigint(v);
        if (x.is_negative()) {
            x += length;
            if (x < lower) x = lower;
        } else if (x > upper) {
            x = upper;
        }
        return x;
    };
    const BigInt start = clip(s->start, back ? upper : lower), stop = clip(s->stop, back ? lower : upper);
    out = make_tuple({make_int(start), make_int(stop), make_int(step)});
    return Res::ok;
}

Value bound(NativeFn fn, const char* name, const Value& self) { return Value::object(new BuiltinObj(fn, name, self)); }

}  // namespace

Res float_from_text(State& st, const Value& text, Value& out) {
    const bool bytes = text.is(OT::bytes);
    const std::string& s = bytes ? text.as<BytesObj>()->s : str_of_obj(text);
    std::string t;
    if (bytes || is_ascii(s)) {
        t = s;
    } else {  // Unicode spaces and decimal digits count as their ASCII equivalents
        size_t i = 0;
        while (i < s.size()) {
            const char32_t c = utf8_next(s, i);
            if (c < 0x80) t.push_back(char(c));
            else if (uc_is_space(c)) t.push_back(' ');
            else if (uc_decimal_value(c) >= 0) t.push_back(char('0' + uc_decimal_value(c)));
            else t.push_back('?');
        }
    }
    size_t b = 0, e = t.size();
    while (b < e && ascii_space(t[b])) ++b;
    while (e > b && ascii_space(t[e - 1])) --e;
    std::string clean;
    if (!float_syntax(t.substr(b, e - b), &clean))
        return st.raise("ValueError", "could not convert string to float: " + repr_of(text));
    const bool neg = !clean.empty() && clean[0] == '-';
    const std::string body = clean.substr(!clean.empty() && (clean[0] == '-' || clean[0] == '+') ? 1 : 0);
    double d;
    if (body == "inf") d = HUGE_VAL;
    else if (body == "nan") d = std::nan("");
    else d = std::strtod(body.c_str(), nullptr);  // the syntax is checked: only digits, '.', 'e'
    out = Value::real(neg ? -d : d);
    return Res::ok;
}

Res float_arith(State& st, int op, double x, double y, Value& out) {
    if (op == op_pow) return float_pow(st, x, y, out);
    if (y == 0) return st.raise("ZeroDivisionError", op == op_mod ? "float modulo" : "float floor division by zero");
    double q, r;
    float_divmod(x, y, &q, &r);
    out = Value::real(op == op_mod ? r : q);
    return Res::ok;
}

Value make_named_tuple(const char* const* fields, std::vector<Value> items) {
    Value t = make_tuple(std::move(items));
    t.as<ListObj>()->fields = fields;
    return t;
}

Res value_get_attr(State& st, const Value& obj, const std::string& name, Value& out, bool* found) {
    *found = true;
    if (is_int_value(obj)) {
        if (name == "real" || name == "numerator") { out = as_plain_int(obj); return Res::ok; }
        if (name == "imag") { out = Value::integer(0); return Res::ok; }
        if (name == "denominator") { out = Value::integer(1); return Res::ok; }
        if (name == "bit_length") { out = bound(int_bit_length, "bit_length", obj); return Res::ok; }
        if (name == "bit_count") { out = bound(int_bit_count, "bit_count", obj); return Res::ok; }
        if (name == "conjugate") { out = bound(int_conjugate, "conjugate", obj); return Res::ok; }
        if (name == "as_integer_ratio") { out = bound(int_ratio, "as_integer_ratio", obj); return Res::ok; }
        if (name == "to_bytes") { out = bound(int_to_bytes, "to_bytes", obj); return Res::ok; }
        if (name == "from_bytes") { out = bound(int_from_bytes, "from_bytes", obj); return Res::ok; }
    } else if (obj.tag == Tag::real) {
        if (name == "real") { out = obj; return Res::ok; }
        if (name == "imag") { out = Value::real(0.0); return Res::ok; }
        if (name == "is_integer") { out = bound(float_is_integer, "is_integer", obj); return Res::ok; }
        if (name == "conjugate") { out = bound(float_conjugate, "conjugate", obj); return Res::ok; }
        if (name == "as_integer_ratio") { out = bound(float_ratio, "as_integer_ratio", obj); return Res::ok; }
    } else if (obj.is(OT::slice)) {
        auto* s = obj.as<SliceObj>();
        if (name == "start") { out = s->start; return Res::ok; }
        if (name == "stop") { out = s->stop; return Res::ok; }
        if (name == "step") { out = s->step; return Res::ok; }
        if (name == "indices") { out = bound(slice_indices_method, "indices", obj); return Res::ok; }
    } else if (obj.is(OT::tuple) && obj.as<ListObj>()->fields) {
        const char* const* f = obj.as<ListObj>()->fields;
        for (size_t i = 0; f[i + 1]; ++i)
            if (name == f[i + 1]) { out = obj.as<ListObj>()->items[i]; return Res::ok; }
        if (name != "index" && name != "count")
            return st.raise("AttributeError", std::string("'") + f[0] + "' object has no attribute '" + name + "'");
    }
    *found = false;
    return Res::ok;
}

Res format_instance(State& st, const Value& v, const std::string& spec, std::string& out) {
    const Value sv = make_str(spec);
    Value r;
    bool found = false;
    if (call_dunder(st, v, "__format__", &sv, 1, r, &found) != Res::ok) return Res::error;
    if (!found) {  // object.__format__
        if (!spec.empty()) return st.raise("TypeError", "unsupported format string passed to " + class_name_of(v) + ".__format__");
        return str_value(st, v, out);
    }
    if (!r.is(OT::str)) return st.raise("TypeError", std::string("__format__ must return a str, not ") + type_name(r));
    out = str_of_obj(r);
    return Res::ok;
}

Res b_divmod(State& st, CallArgs& a, Value& out) {
    if (no_keywords(st, a, "divmod") != Res::ok) return Res::error;
    if (a.npos != 2) return st.raise("TypeError", "divmod expected 2 arguments, got " + std::to_string(a.npos));
    const Value &x = a.pos[0], &y = a.pos[1];
    if (x.is(OT::instance) || y.is(OT::instance)) {
        bool found = false;
        if (x.is(OT::instance)) {
            Res r = call_dunder(st, x, "__divmod__", &y, 1, out, &found);
            if (r != Res::ok || found) return r;
        }
        if (y.is(OT::instance)) {
            Res r = call_dunder(st, y, "__rdivmod__", &x, 1, out, &found);
            if (r != Res::ok || found) return r;
        }
    } else if (is_int_value(x) && is_int_value(y)) {
        Value q, m;
        if (binary_op(st, op_floordiv, x, y, q, false) != Res::ok) return Res::error;
        if (binary_op(st, op_mod, x, y, m, false) != Res::ok) return Res::error;
        out = make_tuple({q, m});
        return Res::ok;
    } else if ((is_int_value(x) || x.tag == Tag::real) && (is_int_value(y) || y.tag == Tag::real)) {
        double dx, dy;
        auto real = [&](const Value& v, double* d) {
            if (v.tag == Tag::real) { *d = v.u.f; return Res::ok; }
            return int_to_double(st, v, d);
        };
        if (real(x, &dx) != Res::ok || real(y, &dy) != Res::ok) return Res::error;
        if (dy == 0) return st.raise("ZeroDivisionError", "float divmod()");
        double q, r;
        float_divmod(dx, dy, &q, &r);
        out = make_tuple({Value::real(q), Value::real(r)});
        return Res::ok;
    }
    return st.raise("TypeError", "unsupported operand type(s) for divmod(): '" + class_name_of(x) + "' and '" + class_name_of(y) + "'");
}

Res b_format(State& st, CallArgs& a, Value& out) {
    if (no_keywords(st, a, "format") != Res::ok) return Res::error;
    if (a.npos < 1) return st.raise("TypeError", "format expected at least 1 argument, got 0");
    if (a.npos > 2) return st.raise("TypeError", "format expected at most 2 arguments, got " + std::to_string(a.npos));
    const Value& v = a.pos[0];
    const Value spec = a.npos == 2 ? a.pos[1] : make_str("");
    if (!spec.is(OT::str))
        return st.raise("TypeError", std::string("format() argument 2 must be str, not ") + type_name(spec));
    std::string s;
    if (format_with_spec(st, v, str_of_obj(spec), s) != Res::ok) return Res::error;
    out = make_str(std::move(s));
    return Res::ok;
}

Res b_slice(State& st, CallArgs& a, Value& out) {
    if (no_keywords(st, a, "slice") != Res::ok) return Res::error;
    if (a.npos < 1) return st.raise("TypeError", "slice expected at least 1 argument, got 0");
    if (a.npos > 3) return st.raise("TypeError", "slice expected at most 3 arguments, got " + std::to_string(a.npos));
    auto* s = new SliceObj();
    out = Value::object(s);
    if (a.npos == 1) {
        s->stop = a.pos[0];
    } else {
        s->start = a.pos[0];
        s->stop = a.pos[1];
        if (a.npos == 3) s->step = a.pos[2];
    }
    return Res::ok;
}

}  // namespace forklab::lang
