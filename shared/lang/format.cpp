// format(value, spec) and str.format, following CPython 3.11's Python/formatter_unicode.c and
// Objects/stringlib/unicode_format.h step by step, so that the odd corners (zero padding
// that is grouped, '=' alignment, the Unknown-format-code texts, auto versus manual field
// numbering) come out the same.
//
// Index: [SECTION] spec parsing  [SECTION] number layout  [SECTION] int, float, str
//        [SECTION] format_with_spec  [SECTION] str.format
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "lang/builtins_number.h"
#include "lang/classes.h"
#include "lang/exceptions.h"
#include "lang/int_value.h"
#include "lang/interp_state.h"
#include "lang/strings.h"

namespace forklab::lang {

namespace {
// [SECTION] spec parsing ---------------------------------------------------------------------------
// [[fill]align][sign][z][#][0][width][grouping][.precision][type]
struct Spec {
    char32_t fill = ' ';
    char align = 0;     // < > ^ =
    char sign = 0;      // + - space
    bool no_neg_0 = false, alternate = false;
    int64_t width = -1, precision = -1;
    char thousands = 0; // ',' or '_'
    int group = 3;      // digits per group (4 for '_' with b/o/x/X)
    char32_t type = 0;
};

std::string code_text(char32_t type) {  // how CPython quotes a format code in messages
    char b[24];
    if (type > 32 && type < 128) std::snprintf(b, sizeof b, "'%c'", char(type));
    else std::snprintf(b, sizeof b, "'\\x%x'", unsigned(type));
    return b;
}

bool is_align(char32_t c) { return c == '<' || c == '>' || c == '^' || c == '='; }

// Reads digits at s[i]: -1 on overflow (error raised), else how many were read.
int read_int(State& st, const std::u32string& s, size_t& i, int64_t* out) {
    int n = 0;
    int64_t v = 0;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') {
        int d = int(s[i] - '0');
        if (v > (INT64_MAX - d) / 10) { st.raise("ValueError", "Too many decimal digits in format string"); return -1; }
        v = v * 10 + d;
        ++i;
        ++n;
    }
    *out = v;
    return n;
}

Res parse_spec(State& st, const Value& v, const std::string& text, char default_type, char default_align, Spec& f) {
    std::u32string s = utf8_decode(text);
    size_t i = 0, end = s.size();
    bool fill_given = false, align_given = false;
    f.align = default_align;
    f.type = char32_t(default_type);
    if (end - i >= 2 && is_align(s[i + 1])) {
        f.align = char(s[i + 1]); f.fill = s[i]; fill_given = align_given = true; i += 2;
    } else if (end - i >= 1 && is_align(s[i])) {
        f.align = char(s[i]); align_given = true; ++i;
    }
    if (i < end && (s[i] == '+' || s[i] == '-' || s[i] == ' ')) f.sign = char(s[i++]);
    if (i < end && s[i] == 'z') { f.no_neg_0 = true; ++i; }
    if (i < end && s[i] == '#') { f.alternate = true; ++i; }
    if (!fill_given && i < end && s[i] == '0') {
        f.fill = '0';
        if (!align_given && default_align == '>') f.align = '=';
        ++i;
    }
    int n = read_int(st, s, i, &f.width);
    if (n < 0) return Res::error;
    if (n == 0) f.width = -1;
    if (i < end && s[i] == ',') { f.thousands = ','; ++i; }
    if (i < end && s[i] == '_') {
        if (f.thousands) return st.raise("ValueError", "Cannot specify both ',' and '_'.");
        f.thousands = '_';
        ++i;
    }
    if (i < end && s[i] == ',' && f.thousands == '_') return st.raise("ValueError", "Cannot specify both ',' and '_'.");
    if (i < end && s[i] == '.') {
        ++i;
        n = read_int(st, s, i, &f.precision);
        if (n < 0) return Res::error;
        if (n == 0) return st.raise("ValueError", "Format specifier missing precision");
    }
    if (end - i > 1)
        return st.raise("ValueError", "Invalid format specifier '" + text + "' for object of type '" + type_name(v) + "'");
    if (end - i == 1) f.type = s[i];
    if (f.thousands) {
        switch (f.type) {
            case 'd': case 'e': case 'f': case 'g': case 'E': case 'G': case '%': case 'F': case 0: break;
            case 'b': case 'o': case 'x': case 'X':
                if (f.thousands == '_') { f.group = 4; break; }
                [[fallthrough]];
            default:
                return st.raise("ValueError", std::string("Cannot specify '") + f.thousands + "' with " + code_text(f.type) + ".");
        }
    }
    return Res::ok;
}

Res unknown_code(State& st, char32_t type, const Value& v) {
    return st.raise("ValueError", "Unknown format code " + code_text(type) + " for object of type '" + type_name(v) + "'");
}

// [SECTION] number layout ------------------------------------------------------------------------------
// CPython's _PyUnicode_InsertThousandsGrouping: the digits with a separator every `group`
// digits (group 0: none), padded on the left with zeros, grouped too, up to min_width.
std::string group_digits(std::string_view digits, int group, char sep, int64_t min_width) {
    std::string rev;
    int64_t remaining = int64_t(digits.size());
    size_t pos = digits.size();
    bool use_sep = false, broken = false;
    auto emit = [&](int64_t l) {
        int64_t zeros = std::max<int64_t>(0, l - remaining);
        int64_t chars = std::max<int64_t>(0, std::min(remaining, l));
        if (use_sep) rev.push_back(sep);
        for (int64_t k = 0; k < chars; ++k) rev.push_back(digits[--pos]);
        rev.append(size_t(zeros), '0');
        remaining -= chars;
    };
    if (group > 0) {
        for (;;) {
            int64_t l = std::min<int64_t>(group, std::max<int64_t>(std::max(remaining, min_width), 1));
            emit(l);
            use_sep = true;
            min_width -= l;
            if (remaining <= 0 && min_width <= 0) { broken = true; break; }
            min_width -= 1;
        }
    }
    if (!broken) emit(std::max<int64_t>(std::max(remaining, min_width), 1));
    return std::string(rev.rbegin(), rev.rend());
}

// calc_number_widths + fill_number: [lpad][sign][prefix][spad][digits][.][remainder][rpad].
Res layout_number(State& st, const Spec& f, char sign_char, const std::string& prefix, std::string_view digits,
                  bool has_decimal, std::string_view remainder, std::string& out) {
    char sign = 0;
    if (sign_char == '-') sign = '-';
    else if (f.sign == '+') sign = '+';
    else if (f.sign == ' ') sign = ' ';
    int64_t n_sign = sign ? 1 : 0;
    int64_t n_prefix = int64_t(prefix.size());
    int64_t n_rest = (has_decimal ? 1 : 0) + int64_t(utf8_length(std::string(remainder)));
    int64_t min_width = f.fill == '0' && f.align == '=' ? f.width - n_sign - n_prefix - n_rest : 0;
    if (min_width > 4096 && charge_memory(st, double(min_width) * 4 / 3) != Res::ok) return Res::error;
    char sep = f.thousands ? f.thousands : ',';
    std::string grouped = digits.empty() ? std::string() : group_digits(digits, f.thousands ? f.group : 0, sep, min_width);
    int64_t used = n_sign + n_prefix + int64_t(grouped.size()) + n_rest;
    int64_t pad = f.width - used;
    int64_t lpad = 0, spad = 0, rpad = 0;
    if (pad > 0) {
        switch (f.align) {
            case '<': rpad = pad; break;
            case '^': lpad = pad / 2; rpad = pad - lpad; break;
            case '=': spad = pad; break;
            default: lpad = pad; break;
        }
    }
    std::string fill;
    utf8_append(fill, f.fill);
    if (pad > 4096 && charge_memory(st, double(pad) * double(fill.size())) != Res::ok) return Res::error;
    out.clear();
    out.reserve(size_t(used) + size_t(std::max<int64_t>(pad, 0)) * fill.size());
    for (int64_t k = 0; k < lpad; ++k) out += fill;
    if (sign) out.push_back(sign);
    out += prefix;
    for (int64_t k = 0; k < spad; ++k) out += fill;
    out += grouped;
    if (has_decimal) out.push_back('.');
    out += remainder;
    for (int64_t k = 0; k < rpad; ++k) out += fill;
    return Res::ok;
}

// [SECTION] int, float, str -------------------------------------------------------------------------------
std::string to_base(uint64_t mag, int base, bool upper) {
    const char* dig = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    std::string r;
    do { r.push_back(dig[mag % uint64_t(base)]); mag /= uint64_t(base); } while (mag);
    return std::string(r.rbegin(), r.rend());
}

Res format_int(State& st, const Value& v, int64_t x, const Spec& f, std::string& out) {
    if (f.precision != -1) return st.raise("ValueError", "Precision not allowed in integer format specifier");
    if (f.no_neg_0) return st.raise("ValueError", "Negative zero coercion (z) not allowed in integer format specifier");
    if (f.type == 'c') {
        if (f.sign) return st.raise("ValueError", "Sign not allowed with integer format specifier 'c'");
        if (f.alternate) return st.raise("ValueError", "Alternate form (#) not allowed with integer format specifier 'c'");
        if (v.is(OT::bigint) || x < 0 || x > 0x10FFFF) return st.raise("OverflowError", "%c arg not in range(0x110000)");
        std::string ch;
        utf8_append(ch, char32_t(x));
        return layout_number(st, f, 0, "", "", false, ch, out);
    }
    int base = 10;
    std::string prefix;
    switch (f.type) {
        case 'b': base = 2; prefix = "0b"; break;
        case 'o': base = 8; prefix = "0o"; break;
        case 'x': base = 16; prefix = "0x"; break;
        case 'X': base = 16; prefix = "0X"; break;
        default: break;
    }
    if (!f.alternate) prefix.clear();
    Spec g = f;
    if (f.type == 'n') g.thousands = 0;  // the C locale groups nothing
    if (v.is(OT::bigint)) {
        std::string digits;
        bool neg = false;
        if (int_digits(st, v, base, f.type == 'X', digits, &neg) != Res::ok) return Res::error;
        return layout_number(st, g, neg ? '-' : 0, prefix, digits, false, "", out);
    }
    uint64_t mag = x < 0 ? uint64_t(0) - uint64_t(x) : uint64_t(x);
    return layout_number(st, g, x < 0 ? '-' : 0, prefix, to_base(mag, base, f.type == 'X'), false, "", out);
}

}  // namespace

static std::string printf_double(const char* fmt, int prec, double d) {
    int n = std::snprintf(nullptr, 0, fmt, prec, d);
    std::string r(size_t(n) + 1, '\0');
    std::snprintf(r.data(), r.size(), fmt, prec, d);
    r.resize(size_t(n));
    return r;
}

// PyOS_double_to_string for the types e E f F g G and r (repr), with the flags '#' (alternate),
// add-dot-0 (no type given) and z (no negative zero). Shared with percent_format.cpp.
std::string double_to_string(double d, char type, int prec, bool alternate, bool add_dot_0, bool no_neg_0) {
    bool upper = type == 'E' || type == 'F' || type == 'G';
    if (std::isnan(d)) return upper ? "NAN" : "nan";
    if (std::isinf(d)) return std::string(d < 0 ? "-" : "") + (upper ? "INF" : "inf");
    std::string r;
    if (type == 'r') {
        r = float_repr(d);
    } else if ((type == 'g' || type == 'G') && add_dot_0) {
        // No type with a precision: 'g', except that the exponent is used as soon as the
        // integer digits fill the precision, and an integer result gets ".0".
        int p = prec == 0 ? 1 : prec;
        std::string e = printf_double(alternate ? "%#.*e" : "%.*e", p - 1, d);
        int x = std::atoi(e.c_str() + e.find('e') + 1);
        if (x < -4 || x >= p - 1) {
            r = e;
            if (!alternate) {
                size_t epos = r.find('e');
                std::string mant = r.substr(0, epos);
                if (mant.find('.') != std::string::npos) {
                    while (mant.back() == '0') mant.pop_back();
                    if (mant.back() == '.') mant.pop_back();
                }
                r = mant + r.substr(epos);
            }
        } else {
            r = printf_double(alternate ? "%#.*f" : "%.*f", p - 1 - x, d);
            if (!alternate && r.find('.') != std::string::npos) {
                while (r.back() == '0') r.pop_back();
                if (r.back() == '.') r.pop_back();
            }
            if (r.find('.') == std::string::npos) r += ".0";
        }
        if (type == 'G') for (char& c : r) if (c == 'e') c = 'E';
    } else {
        if (type == 'g' || type == 'G') { if (prec == 0) prec = 1; }
        char fmt[8] = {'%', 0};
        size_t k = 1;
        if (alternate) fmt[k++] = '#';
        fmt[k++] = '.'; fmt[k++] = '*'; fmt[k++] = type; fmt[k] = 0;
        r = printf_double(fmt, prec, d);
        if (add_dot_0 && r.find_first_of(".eE") == std::string::npos) r += ".0";
    }
    if (no_neg_0 && !r.empty() && r[0] == '-') {
        size_t e = r.find_first_of("eE");
        if (r.find_first_of("123456789") >= e) r.erase(0, 1);
    }
    return r;
}

namespace {
Res format_float(State& st, double d, const Spec& f, std::string& out) {
    if (f.precision > INT32_MAX) return st.raise("ValueError", "precision too big");
    char type = char(f.type);
    int prec = int(f.precision);
    bool add_dot_0 = false, pct = false;
    int default_prec = 6;
    if (type == 0) { add_dot_0 = true; type = 'r'; default_prec = 0; }
    if (type == 'n') type = 'g';
    if (type == '%') { type = 'f'; d *= 100; pct = true; }
    if (prec < 0) prec = default_prec;
    else if (type == 'r') type = 'g';
    if (type == 'f' || type == 'F' || type == 'e' || type == 'E') {
        if (prec > 4096 && charge_memory(st, double(prec) + 400) != Res::ok) return Res::error;
    }
    std::string buf = double_to_string(d, type, prec, f.alternate, add_dot_0, f.no_neg_0);
    if (pct) buf += "%";
    char sign_char = 0;
    size_t i = 0;
    if (!buf.empty() && buf[0] == '-') { sign_char = '-'; i = 1; }
    size_t j = i;
    while (j < buf.size() && buf[j] >= '0' && buf[j] <= '9') ++j;
    bool has_decimal = j < buf.size() && buf[j] == '.';
    std::string_view all(buf);
    Spec g = f;
    if (f.type == 'n') g.thousands = 0;
    return layout_number(st, g, sign_char, "", all.substr(i, j - i), has_decimal, all.substr(j + (has_decimal ? 1 : 0)), out);
}

Res format_str(State& st, const Value& v, const std::string& s, const Spec& f, std::string& out) {
    if (f.type != 's') return unknown_code(st, f.type, v);
    if (f.sign) return st.raise("ValueError", f.sign == ' ' ? "Space not allowed in string format specifier" : "Sign not allowed in string format specifier");
    if (f.no_neg_0) return st.raise("ValueError", "Negative zero coercion (z) not allowed in string format specifier");
    if (f.alternate) return st.raise("ValueError", "Alternate form (#) not allowed in string format specifier");
    if (f.align == '=') return st.raise("ValueError", "'=' alignment not allowed in string format specifier");
    size_t bytes = s.size();
    int64_t len = int64_t(utf8_length(s));
    if (f.precision >= 0 && len > f.precision) {
        bytes = 0;
        for (int64_t k = 0; k < f.precision; ++k) utf8_next(s, bytes);
        len = f.precision;
    }
    int64_t pad = f.width > len ? f.width - len : 0;
    int64_t left = f.align == '>' ? pad : f.align == '^' ? pad / 2 : 0;
    std::string fill;
    utf8_append(fill, f.fill);
    if (pad > 4096 && charge_memory(st, double(pad) * double(fill.size())) != Res::ok) return Res::error;
    out.clear();
    for (int64_t k = 0; k < left; ++k) out += fill;
    out.append(s, 0, bytes);
    for (int64_t k = left; k < pad; ++k) out += fill;
    return Res::ok;
}
}  // namespace

// [SECTION] format_with_spec -------------------------------------------------------------------------------
Res format_with_spec(State& st, const Value& v, const std::string& spec, std::string& out) {
    if (v.is(OT::instance)) return format_instance(st, v, spec, out);  // __format__ (builtins_number.cpp)
    bool is_int = v.tag == Tag::integer || v.tag == Tag::boolean || v.is(OT::bigint);
    if (spec.empty() && v.is(OT::bigint)) return int_repr(st, v, out);  // the decimal digit limit
    if (spec.empty() || (!is_int && v.tag != Tag::real && !v.is(OT::str))) {
        if (!spec.empty()) return st.raise("TypeError", std::string("unsupported format string passed to ") + type_name(v) + ".__format__");
        return str_value(st, v, out);
    }
    Spec f;
    if (v.is(OT::str)) {
        if (parse_spec(st, v, spec, 's', '<', f) != Res::ok) return Res::error;
        return format_str(st, v, str_of_obj(v), f, out);
    }
    if (is_int) {
        if (parse_spec(st, v, spec, 'd', '>', f) != Res::ok) return Res::error;
        int64_t x = v.tag == Tag::integer ? v.u.i : v.tag == Tag::boolean ? v.u.b : 0;
        switch (f.type) {
            case 'b': case 'c': case 'd': case 'o': case 'x': case 'X': case 'n': return format_int(st, v, x, f, out);
            case 'e': case 'E': case 'f': case 'F': case 'g': case 'G': case '%': {
                double d = double(x);
                if (v.is(OT::bigint) && int_to_double(st, v, &d) != Res::ok) return Res::error;
                return format_float(st, d, f, out);
            }
            default: return unknown_code(st, f.type, v);
        }
    }
    if (parse_spec(st, v, spec, 0, '>', f) != Res::ok) return Res::error;
    switch (f.type) {
        case 0: case 'e': case 'E': case 'f': case 'F': case 'g': case 'G': case 'n': case '%': return format_float(st, v.u.f, f, out);
        default: return unknown_code(st, f.type, v);
    }
}

// [SECTION] str.format -------------------------------------------------------------------------------------
namespace {
struct Formatter {
    State& st;
    const FormatArgs& args;
    enum { ans_init, ans_auto, ans_manual } numbering = ans_init;
    int64_t next_auto = 0;

    Formatter(State& s, const FormatArgs& a) : st(s), args(a) {}

    // A field number ("0", "12"): -1 when the text is not all decimal digits.
    Res field_int(const std::u32string& s, int64_t* out) {
        *out = -1;
        if (s.empty()) return Res::ok;
        int64_t v = 0;
        for (char32_t c : s) {
            int d = uc_decimal_value(c);
            if (d < 0) return Res::ok;
            if (v > (INT64_MAX - d) / 10) return st.raise("ValueError", "Too many decimal digits in format string");
            v = v * 10 + d;
        }
        *out = v;
        return Res::ok;
    }

    Res lookup_key(const std::string& key, Value& out) {
        if (args.mapping) return get_item(st, *args.mapping, make_str(key), out);
        for (int k = 0; k < args.nkw; ++k)
            if (str_of_obj(args.kwnames[k]) == key) { out = args.kwvals[k]; return Res::ok; }
        return raise_key_error(st, make_str(key));
    }

    // get_field_object: "name", "0", "", then any number of ".attr" and "[key]".
    Res field_object(const std::u32string& name, Value& obj) {
        size_t i = 0;
        while (i < name.size() && name[i] != '.' && name[i] != '[') ++i;
        std::u32string first = name.substr(0, i);
        int64_t index;
        if (field_int(first, &index) != Res::ok) return Res::error;
        bool empty = first.empty();
        if (empty || index != -1) {
            if (numbering == ans_init) numbering = empty ? ans_auto : ans_manual;
            if (numbering == ans_manual && empty)
                return st.raise("ValueError", "cannot switch from manual field specification to automatic field numbering");
            if (numbering == ans_auto && !empty)
                return st.raise("ValueError", "cannot switch from automatic field numbering to manual field specification");
            if (empty) index = next_auto++;
        }
        if (index == -1) {
            if (lookup_key(utf8_encode(first), obj) != Res::ok) return Res::error;
        } else {
            if (args.mapping) return st.raise("ValueError", "Format string contains positional fields");
            if (index >= args.npos)
                return st.raise("IndexError", "Replacement index " + std::to_string(index) + " out of range for positional args tuple");
            obj = args.pos[index];
        }
        while (i < name.size()) {
            char32_t c = name[i++];
            std::u32string part;
            bool attr = c == '.';
            if (attr) {
                while (i < name.size() && name[i] != '.' && name[i] != '[') part.push_back(name[i++]);
            } else if (c == '[') {
                bool closed = false;
                while (i < name.size()) { char32_t d = name[i++]; if (d == ']') { closed = true; break; } part.push_back(d); }
                if (!closed) return st.raise("ValueError", "Missing ']' in format string");
            } else {
                return st.raise("ValueError", "Only '.' or '[' may follow ']' in format field specifier");
            }
            if (part.empty()) return st.raise("ValueError", "Empty attribute in format string");
            Value next;
            if (attr) {
                if (get_attr(st, obj, utf8_encode(part), next) != Res::ok) return Res::error;
            } else {
                int64_t idx;
                if (field_int(part, &idx) != Res::ok) return Res::error;
                Value key = idx == -1 ? make_str(utf8_encode(part)) : Value::integer(idx);
                if (get_item(st, obj, key, next) != Res::ok) return Res::error;
            }
            obj = std::move(next);
        }
        return Res::ok;
    }

    // MarkupIterator over s; depth counts down the nesting of specs ("Max string recursion").
    Res build(const std::u32string& s, int depth, std::string& out) {
        if (depth <= 0) return st.raise("ValueError", "Max string recursion exceeded");
        size_t i = 0, n = s.size();
        while (i < n) {
            // literal text up to a brace; "{{" and "}}" are escapes
            size_t start = i;
            char32_t c = 0;
            bool markup = false;
            while (i < n) {
                c = s[i++];
                if (c == '{' || c == '}') { markup = true; break; }
            }
            bool at_end = i >= n;
            size_t len = i - start;
            if (c == '}' && markup && (at_end || s[i] != '}')) return st.raise("ValueError", "Single '}' encountered in format string");
            if (at_end && c == '{' && markup) return st.raise("ValueError", "Single '{' encountered in format string");
            if (markup && !at_end) {
                if (s[i] == c) { ++i; markup = false; }
                else --len;
            }
            out += utf8_encode(std::u32string_view(s).substr(start, len));
            if (!markup) continue;
            if (field(s, i, depth, out) != Res::ok) return Res::error;
        }
        return Res::ok;
    }

    // parse_field + output_markup, with s[i] just after the opening brace.
    Res field(const std::u32string& s, size_t& i, int depth, std::string& out) {
        size_t n = s.size(), name_start = i;
        char32_t c = 0;
        while (i < n) {
            c = s[i++];
            if (c == '{') return st.raise("ValueError", "unexpected '{' in field name");
            if (c == '[') { while (i < n && s[i] != ']') ++i; continue; }
            if (c == '}' || c == ':' || c == '!') break;
        }
        std::u32string name = s.substr(name_start, i - name_start - (c == '}' || c == ':' || c == '!' ? 1 : 0));
        char32_t conversion = 0;
        std::u32string spec;
        bool expand = false;
        if (c == '!' || c == ':') {
            if (c == '!') {
                if (i >= n) return st.raise("ValueError", "end of string while looking for conversion specifier");
                conversion = s[i++];
                if (i < n) {
                    char32_t d = s[i++];
                    if (d != '}' && d != ':') return st.raise("ValueError", "expected ':' after conversion specifier");
                    if (d == '}') goto have_field;
                }
            }
            {
                size_t spec_start = i;
                int count = 1;
                bool closed = false;
                while (i < n) {
                    char32_t d = s[i++];
                    if (d == '{') { expand = true; ++count; }
                    else if (d == '}' && --count == 0) { closed = true; break; }
                }
                if (!closed) return st.raise("ValueError", "unmatched '{' in format spec");
                spec = s.substr(spec_start, i - 1 - spec_start);
            }
        } else if (c != '}') {
            return st.raise("ValueError", "expected '}' before end of string");
        }
    have_field:
        Value obj;
        if (field_object(name, obj) != Res::ok) return Res::error;
        if (conversion) {
            switch (conversion) {
                case 'r': { std::string t; if (repr_value(st, obj, t) != Res::ok) return Res::error; obj = make_str(std::move(t)); break; }
                case 's': { std::string t; if (str_value(st, obj, t) != Res::ok) return Res::error; obj = make_str(std::move(t)); break; }
                case 'a': obj = make_str(ascii_repr(obj)); break;
                default: {
                    char b[64];
                    if (conversion > 32 && conversion < 127) std::snprintf(b, sizeof b, "Unknown conversion specifier %c", char(conversion));
                    else std::snprintf(b, sizeof b, "Unknown conversion specifier \\x%x", unsigned(conversion));
                    return st.raise("ValueError", b);
                }
            }
        }
        std::string spec_text;
        if (expand) {
            if (build(spec, depth - 1, spec_text) != Res::ok) return Res::error;
        } else {
            spec_text = utf8_encode(spec);
        }
        std::string text;
        if (format_with_spec(st, obj, spec_text, text) != Res::ok) return Res::error;
        if (charge_memory(st, double(text.size())) != Res::ok) return Res::error;
        out += text;
        return Res::ok;
    }
};
}  // namespace

Res str_format(State& st, const std::string& fmt, const FormatArgs& args, std::string& out) {
    Formatter f(st, args);
    out.clear();
    return f.build(utf8_decode(fmt), 2, out);
}

}  // namespace forklab::lang
