// "..." % args: CPython 3.11's PyUnicode_Format (Objects/unicodeobject.c), kept close to its
// structure (a position and a count of characters left) because its error cases depend on
// exactly when that count runs out: "incomplete format", "not enough arguments", and which
// arguments count as "not all converted".
#include <cmath>
#include <cstdio>

#include "lang/classes.h"
#include "lang/int_value.h"
#include "lang/interp_state.h"
#include "lang/strings.h"

namespace forklab::lang {

namespace {
enum Flag : int { f_ljust = 1, f_sign = 2, f_blank = 4, f_alt = 8, f_zero = 16 };

struct PercentFormatter {
    State& st;
    std::u32string fmt;
    int64_t fmtcnt = 0;  // characters left after the one at fmtpos - 1
    size_t fmtpos = 0;
    Value args;          // the current argument source (replaced by dict[key] after %(key))
    int64_t arglen = -1, argidx = -2;
    Value dict;          // none unless args is a mapping
    bool has_dict = false;
    std::string out;

    PercentFormatter(State& s, std::u32string f) : st(s), fmt(std::move(f)) {}

    struct Arg {
        char32_t ch = 0;
        int flags = 0;
        int64_t width = -1;
        int64_t prec = -1;
        bool sign = false;
    };

    char32_t read() const { return fmtpos < fmt.size() ? fmt[fmtpos] : 0; }

    Res next_arg(Value& v) {
        if (argidx < arglen) {
            int64_t i = argidx++;
            v = arglen < 0 ? args : args.as<ListObj>()->items[size_t(i)];
            return Res::ok;
        }
        return st.raise("TypeError", "not enough arguments for format string");
    }

    Res star_arg(int64_t* out_v) {
        Value v;
        if (next_arg(v) != Res::ok) return Res::error;
        if (v.tag != Tag::integer && v.tag != Tag::boolean) return st.raise("TypeError", "* wants int");
        *out_v = v.tag == Tag::integer ? v.u.i : v.u.b;
        return Res::ok;
    }

    Res parse(Arg& a) {
        if (a.ch == '(') {
            if (!has_dict) return st.raise("TypeError", "format requires a mapping");
            ++fmtpos;
            --fmtcnt;
            size_t keystart = fmtpos;
            int pcount = 1;
            while (pcount > 0 && --fmtcnt >= 0) {
                a.ch = read();
                if (a.ch == ')') --pcount;
                else if (a.ch == '(') ++pcount;
                ++fmtpos;
            }
            if (fmtcnt < 0 || pcount > 0) return st.raise("ValueError", "incomplete format key");
            Value key = make_str(utf8_encode(std::u32string_view(fmt).substr(keystart, fmtpos - keystart - 1)));
            Value v;
            if (get_item(st, dict, key, v) != Res::ok) return Res::error;
            args = v;
            arglen = -1;
            argidx = -2;
        }
        while (--fmtcnt >= 0) {
            a.ch = read();
            ++fmtpos;
            switch (a.ch) {
                case '-': a.flags |= f_ljust; continue;
                case '+': a.flags |= f_sign; continue;
                case ' ': a.flags |= f_blank; continue;
                case '#': a.flags |= f_alt; continue;
                case '0': a.flags |= f_zero; continue;
                default: break;
            }
            break;
        }
        if (a.ch == '*') {
            if (star_arg(&a.width) != Res::ok) return Res::error;
            if (a.width < 0) { a.flags |= f_ljust; a.width = -a.width; }
            if (--fmtcnt >= 0) { a.ch = read(); ++fmtpos; }
        } else if (a.ch >= '0' && a.ch <= '9') {
            a.width = a.ch - '0';
            while (--fmtcnt >= 0) {
                a.ch = read();
                ++fmtpos;
                if (a.ch < '0' || a.ch > '9') break;
                if (a.width > (INT64_MAX - int64_t(a.ch - '0')) / 10) return st.raise("ValueError", "width too big");
                a.width = a.width * 10 + (a.ch - '0');
            }
        }
        if (a.ch == '.') {
            a.prec = 0;
            if (--fmtcnt >= 0) { a.ch = read(); ++fmtpos; }
            if (a.ch == '*') {
                if (star_arg(&a.prec) != Res::ok) return Res::error;
                if (a.prec > INT32_MAX || a.prec < INT32_MIN) return st.raise("OverflowError", "Python int too large to convert to C int");
                if (a.prec < 0) a.prec = 0;
                if (--fmtcnt >= 0) { a.ch = read(); ++fmtpos; }
            } else if (a.ch >= '0' && a.ch <= '9') {
                a.prec = a.ch - '0';
                while (--fmtcnt >= 0) {
                    a.ch = read();
                    ++fmtpos;
                    if (a.ch < '0' || a.ch > '9') break;
                    if (a.prec > (INT32_MAX - int64_t(a.ch - '0')) / 10) return st.raise("ValueError", "precision too big");
                    a.prec = a.prec * 10 + (a.ch - '0');
                }
            }
        }
        if (fmtcnt >= 0 && (a.ch == 'h' || a.ch == 'l' || a.ch == 'L')) {
            if (--fmtcnt >= 0) { a.ch = read(); ++fmtpos; }
        }
        if (fmtcnt < 0) return st.raise("ValueError", "incomplete format");
        return Res::ok;
    }

    // mainformatlong + _PyUnicode_FormatLong: "-"? ("0x" | "0X" | "0o")? digits.
    Res format_long(const Arg& a, const Value& v, std::string& text) {
        char type = char(a.ch);
        bool hexoct = type == 'o' || type == 'x' || type == 'X';
        std::string digits;
        bool neg = false;
        if (v.tag == Tag::integer || v.tag == Tag::boolean) {
            int64_t x = v.tag == Tag::integer ? v.u.i : v.u.b;
            neg = x < 0;
            uint64_t mag = neg ? uint64_t(0) - uint64_t(x) : uint64_t(x);
            int base = type == 'o' ? 8 : hexoct ? 16 : 10;
            const char* dig = "0123456789abcdef";
            do { digits.insert(digits.begin(), dig[mag % uint64_t(base)]); mag /= uint64_t(base); } while (mag);
        } else if (v.is(OT::bigint)) {
            if (int_digits(st, v, type == 'o' ? 8 : hexoct ? 16 : 10, false, digits, &neg) != Res::ok) return Res::error;
        } else if (v.tag == Tag::real && !hexoct) {
            double d = v.u.f;
            if (std::isnan(d)) return st.raise("ValueError", "cannot convert float NaN to integer");
            if (std::isinf(d)) return st.raise("OverflowError", "cannot convert float infinity to integer");
            d = std::trunc(d);
            neg = d < 0;
            char buf[400];
            std::snprintf(buf, sizeof buf, "%.0f", std::fabs(d));  // exact: d is an integer
            digits = buf;
        } else {
            return st.raise("TypeError", std::string("%") + type + " format: " + (hexoct ? "an integer" : "a real number") +
                                             " is required, not " + type_name(v));
        }
        if (a.prec > int64_t(digits.size())) {
            if (a.prec > 4096 && charge_memory(st, double(a.prec)) != Res::ok) return Res::error;
            digits.insert(0, size_t(a.prec) - digits.size(), '0');
        }
        text.clear();
        if (neg) text.push_back('-');
        if ((a.flags & f_alt) && hexoct) { text.push_back('0'); text.push_back(type == 'o' ? 'o' : 'x'); }
        text += digits;
        if (type == 'X') for (char& c : text) if (c >= 'a' && c <= 'x') c = char(c - 32);
        return Res::ok;
    }

    Res format_arg(Arg& a, std::string& text) {
        Value v;
        if (next_arg(v) != Res::ok) return Res::error;
        switch (a.ch) {
            case 's': return str_value(st, v, text);
            case 'r': return repr_value(st, v, text);
            case 'a': text = ascii_repr(v); return Res::ok;
            case 'i': case 'd': case 'u': case 'o': case 'x': case 'X':
                if (format_long(a, v, text) != Res::ok) return Res::error;
                a.sign = true;
                return Res::ok;
            case 'e': case 'E': case 'f': case 'F': case 'g': case 'G': {
                double d;
                if (v.tag == Tag::real) d = v.u.f;
                else if (v.tag == Tag::integer) d = double(v.u.i);
                else if (v.tag == Tag::boolean) d = v.u.b;
                else if (v.is(OT::bigint)) { if (int_to_double(st, v, &d) != Res::ok) return Res::error; }
                else return st.raise("TypeError", std::string("must be real number, not ") + type_name(v));
                int prec = a.prec < 0 ? 6 : int(a.prec);
                if (prec > 4096 && charge_memory(st, double(prec) + 400) != Res::ok) return Res::error;
                text = double_to_string(d, char(a.ch), prec, (a.flags & f_alt) != 0, false, false);
                a.sign = true;
                return Res::ok;
            }
            case 'c': {
                char32_t c;
                if (v.is(OT::str)) {
                    if (utf8_length(str_of_obj(v)) != 1) return st.raise("TypeError", "%c requires int or char");
                    size_t i = 0;
                    c = utf8_next(str_of_obj(v), i);
                } else if (v.tag == Tag::integer || v.tag == Tag::boolean) {
                    int64_t x = v.tag == Tag::integer ? v.u.i : v.u.b;
                    if (x < 0 || x > 0x10FFFF) return st.raise("OverflowError", "%c arg not in range(0x110000)");
                    c = char32_t(x);
                } else {
                    return st.raise("TypeError", "%c requires int or char");
                }
                text.clear();
                utf8_append(text, c);
                return Res::ok;
            }
            default: {
                char b[96];
                std::snprintf(b, sizeof b, "unsupported format character '%c' (0x%x) at index %zu",
                              a.ch >= 31 && a.ch <= 126 ? char(a.ch) : '?', unsigned(a.ch), fmtpos - 1);
                return st.raise("ValueError", b);
            }
        }
    }

    // unicode_format_arg_output: sign, "0x" prefix, padding (text is UTF-8; lengths in code points).
    Res output(Arg& a, const std::string& text) {
        char fill = a.sign && (a.flags & f_zero) ? '0' : ' ';
        int64_t len = int64_t(utf8_length(text));
        if ((a.width == -1 || a.width <= len) && (a.prec == -1 || a.prec >= len) && !(a.flags & (f_sign | f_blank))) {
            out += text;
            return Res::ok;
        }
        if (a.ch == 's' || a.ch == 'r' || a.ch == 'a') {
            if (a.prec >= 0 && len > a.prec) len = a.prec;
        }
        size_t pindex = 0;  // bytes
        char signchar = 0;
        if (a.sign) {
            char c = text.empty() ? 0 : text[0];
            if (c == '-' || c == '+') { signchar = c; --len; pindex = 1; }
            else if (a.flags & f_sign) signchar = '+';
            else if (a.flags & f_blank) signchar = ' ';
            else a.sign = false;
        }
        int64_t width = a.width < len ? len : a.width;
        if (width > 4096 && charge_memory(st, double(width)) != Res::ok) return Res::error;
        bool prefix = (a.flags & f_alt) && (a.ch == 'x' || a.ch == 'X' || a.ch == 'o');
        if (a.sign) {
            if (fill != ' ') out.push_back(signchar);
            if (width > len) --width;
        }
        if (prefix) {
            if (fill != ' ') { out.append(text, pindex, 2); pindex += 2; }
            width -= 2;
            if (width < 0) width = 0;
            len -= 2;
        }
        if (width > len && !(a.flags & f_ljust)) {
            out.append(size_t(width - len), fill);
            width = len;
        }
        if (fill == ' ') {
            if (a.sign) out.push_back(signchar);
            if (prefix) { out.append(text, pindex, 2); pindex += 2; }
        }
        // len code points from pindex
        size_t e = pindex;
        for (int64_t k = 0; k < len && e < text.size(); ++k) utf8_next(text, e);
        out.append(text, pindex, e - pindex);
        if (width > len) out.append(size_t(width - len), ' ');
        return Res::ok;
    }

    Res one_arg() {
        Arg a;
        a.ch = read();
        if (a.ch == '%') {
            ++fmtpos;
            --fmtcnt;
            out.push_back('%');
            return Res::ok;
        }
        if (parse(a) != Res::ok) return Res::error;
        std::string text;
        if (format_arg(a, text) != Res::ok) return Res::error;
        if (output(a, text) != Res::ok) return Res::error;
        if (has_dict && argidx < arglen) return st.raise("TypeError", "not all arguments converted during string formatting");
        return Res::ok;
    }

    Res run() {
        fmtcnt = int64_t(fmt.size());
        while (--fmtcnt >= 0) {
            if (read() != '%') {
                size_t start = fmtpos++;
                while (fmtcnt >= 0 && read() != '%') { ++fmtpos; --fmtcnt; }
                if (fmtcnt < 0) --fmtpos;
                out += utf8_encode(std::u32string_view(fmt).substr(start, fmtpos - start));
            } else {
                ++fmtpos;
                if (one_arg() != Res::ok) return Res::error;
            }
        }
        if (argidx < arglen && !has_dict) return st.raise("TypeError", "not all arguments converted during string formatting");
        return Res::ok;
    }
};

// PyMapping_Check minus tuple and str: anything subscriptable.
bool is_mapping(const Value& v) {
    return v.is(OT::dict) || v.is(OT::list) || v.is(OT::range) || (v.is(OT::shared) && v.as<SharedObj>()->is_array);
}
}  // namespace

Res percent_format(State& st, const Value& fmt, const Value& args, Value& out) {
    PercentFormatter f(st, utf8_decode(str_of_obj(fmt)));
    f.args = args;
    if (args.is(OT::tuple)) { f.arglen = int64_t(args.as<ListObj>()->items.size()); f.argidx = 0; }
    if (is_mapping(args)) { f.dict = args; f.has_dict = true; }
    if (f.run() != Res::ok) return Res::error;
    if (charge_memory(st, double(f.out.size())) != Res::ok) return Res::error;
    out = make_str(std::move(f.out));
    return Res::ok;
}

}  // namespace forklab::lang
