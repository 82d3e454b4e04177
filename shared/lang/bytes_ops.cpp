// bytes and bytearray (a BytesObj with mutable_ set): their methods, operators, indexing of
// bytearrays, the bytes()/bytearray() constructors, and the codecs str.encode and
// bytes.decode use (utf-8, ascii, latin-1, with CPython's error messages and handlers).
//
// Index: [SECTION] helpers  [SECTION] codecs  [SECTION] methods  [SECTION] bytearray
//        [SECTION] table  [SECTION] operators and items  [SECTION] constructors
#include "lang/ast.h"
#include "lang/builtins.h"
#include "lang/bytes_ops.h"
#include "lang/classes.h"
#include "lang/containers.h"
#include "lang/exceptions.h"
#include "lang/int_value.h"
#include "lang/interp_state.h"
#include "lang/native_args.h"
#include "lang/strings.h"

#include <algorithm>
#include <cstdio>

namespace forklab::lang {

// [SECTION] helpers -------------------------------------------------------------------------
Value make_bytes(std::string s, bool bytearray) {
    auto* b = new BytesObj(std::move(s));
    b->mutable_ = bytearray;
    return Value::object(b);
}

namespace {
std::string& self_bytes(CallArgs& a) { return a.self->as<BytesObj>()->s; }
bool self_is_array(CallArgs& a) { return a.self->as<BytesObj>()->mutable_; }
const char* self_type(CallArgs& a) { return self_is_array(a) ? "bytearray" : "bytes"; }
Value result(CallArgs& a, std::string s) { return make_bytes(std::move(s), self_is_array(a)); }

bool is_bytes_space(unsigned char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\x0b' || c == '\x0c'; }
bool is_lower(unsigned char c) { return c >= 'a' && c <= 'z'; }
bool is_upper(unsigned char c) { return c >= 'A' && c <= 'Z'; }
bool is_alpha(unsigned char c) { return is_lower(c) || is_upper(c); }
bool is_digit(unsigned char c) { return c >= '0' && c <= '9'; }

std::string qual(CallArgs& a, const char* name) { return std::string(self_type(a)) + "." + name; }

// A bytes-like argument (bytes or bytearray).
Res need_bytes(State& st, const Value& v, std::string& out) {
    if (v.is(OT::bytes)) { out = v.as<BytesObj>()->s; return Res::ok; }
    return st.raise("TypeError", std::string("a bytes-like object is required, not '") + class_name_of(v) + "'");
}
// The sub of find/count/index: bytes-like or an int in range(256).
Res need_sub(State& st, const Value& v, std::string& out) {
    if (v.is(OT::bytes)) { out = v.as<BytesObj>()->s; return Res::ok; }
    if (v.tag == Tag::integer || v.tag == Tag::boolean) {
        int64_t i = v.tag == Tag::integer ? v.u.i : v.u.b;
        if (i < 0 || i > 255) return st.raise("ValueError", "byte must be in range(0, 256)");
        out = std::string(1, char(i));
        return Res::ok;
    }
    if (v.is(OT::bigint)) return st.raise("ValueError", "byte must be in range(0, 256)");
    return st.raise("TypeError", std::string("argument should be integer or bytes-like object, not '") + class_name_of(v) + "'");
}
// An int that is a byte: bytearray items, append, bytes([..]).
Res need_byte(State& st, const Value& v, unsigned char* out, const char* range_msg = "byte must be in range(0, 256)") {
    int64_t i;
    if (v.is(OT::bigint)) return st.raise("ValueError", range_msg);
    if (index_value(st, v, &i) != Res::ok) return Res::error;
    if (i < 0 || i > 255) return st.raise("ValueError", range_msg);
    *out = (unsigned char)i;
    return Res::ok;
}

// start/end of find, count, startswith ...: None or ints (any size), clamped like slices.
Res bound(State& st, const Value& v, int64_t n, int64_t def, int64_t* out) {
    if (v.tag == Tag::undef || v.is_none()) { *out = def; return Res::ok; }
    int64_t i;
    if (v.tag == Tag::integer) i = v.u.i;
    else if (v.tag == Tag::boolean) i = v.u.b;
    else if (v.is(OT::bigint)) i = v.as<BigIntObj>()->v.is_negative() ? -n - 1 : n + 1;
    else return st.raise("TypeError", "slice indices must be integers or None or have an __index__ method");
    if (i < 0) { i += n; if (i < 0) i = 0; }
    if (i > n) i = n;
    *out = i;
    return Res::ok;
}

// Positional arguments (name, min, max): no keywords, as CPython's METH_VARARGS methods.
Res positional(State& st, CallArgs& a, const char* name, int min, int max) {
    if (a.nkw) return st.raise("TypeError", qual(a, name) + "() takes no keyword arguments");
    if (a.npos < min)
        return st.raise("TypeError", std::string(name) + "() takes at least " + std::to_string(min) + " argument" + (min == 1 ? "" : "s") +
                                         " (" + std::to_string(a.npos) + " given)");
    if (a.npos > max)
        return st.raise("TypeError", std::string(name) + "() takes at most " + std::to_string(max) + " argument" + (max == 1 ? "" : "s") +
                                         " (" + std::to_string(a.npos) + " given)");
    return Res::ok;
}

// (sub, start, end) of find/rfind/index/rindex/count: *lo, *hi the searched part.
Res search_args(State& st, CallArgs& a, const char* name, std::string& sub, int64_t* lo, int64_t* hi) {
    if (positional(st, a, name, 1, 3) != Res::ok) return Res::error;
    if (need_sub(st, a.pos[0], sub) != Res::ok) return Res::error;
    int64_t n = int64_t(self_bytes(a).size());
    if (bound(st, a.npos > 1 ? a.pos[1] : Value::undef(), n, 0, lo) != Res::ok) return Res::error;
    if (bound(st, a.npos > 2 ? a.pos[2] : Value::undef(), n, n, hi) != Res::ok) return Res::error;
    return Res::ok;
}
int64_t find_in(const std::string& b, const std::string& sub, int64_t lo, int64_t hi, bool reverse) {
    if (hi - lo < int64_t(sub.size())) return -1;
    std::string_view part(b.data() + lo, size_t(hi - lo));
    size_t p = reverse ? part.rfind(sub) : part.find(sub);
    return p == std::string_view::npos ? -1 : lo + int64_t(p);
}
}  // namespace

// [SECTION] codecs ----------------------------------------------------------------------------
namespace {
// Python's normalization of codec names: lowercase, '_' and ' ' as '-'.
std::string codec_key(const std::string& enc) {
    std::string k;
    for (char c : enc) k += (c == '_' || c == ' ') ? '-' : char(std::tolower((unsigned char)c));
    if (k == "utf8" || k == "u8" || k == "utf") return "utf-8";
    if (k == "us-ascii" || k == "646") return "ascii";
    if (k == "latin1" || k == "latin" || k == "iso-8859-1" || k == "iso8859-1" || k == "8859" || k == "l1" || k == "cp819")
        return "latin-1";
    return k;
}
const char* codec_display(const std::string& key) { return key == "latin-1" ? "latin-1" : key == "ascii" ? "ascii" : "utf-8"; }

// One malformed UTF-8 sequence at s[i]: its end and CPython's reason; false when s[i..] is
// a valid character (*end is then its end).
bool utf8_error(const std::string& s, size_t i, size_t* end, const char** reason) {
    unsigned char c = (unsigned char)s[i];
    size_t n = s.size();
    if (c < 0x80) { *end = i + 1; return false; }
    size_t len = c >= 0xC2 && c <= 0xDF ? 2 : c >= 0xE0 && c <= 0xEF ? 3 : c >= 0xF0 && c <= 0xF4 ? 4 : 0;
    if (len == 0) { *end = i + 1; *reason = "invalid start byte"; return true; }
    for (size_t k = 1; k < len; ++k) {
        if (i + k >= n) { *end = n; *reason = "unexpected end of data"; return true; }
        unsigned char d = (unsigned char)s[i + k];
        unsigned char lo = 0x80, hi = 0xBF;
        if (k == 1) {  // the second byte also excludes overlongs, surrogates and > U+10FFFF
            if (c == 0xE0) lo = 0xA0;
            else if (c == 0xED) hi = 0x9F;
            else if (c == 0xF0) lo = 0x90;
            else if (c == 0xF4) hi = 0x8F;
        }
        if (d < lo || d > hi) { *end = i + k; *reason = "invalid continuation byte"; return true; }
    }
    *end = i + len;
    return false;
}

// Raises UnicodeDecodeError/UnicodeEncodeError with CPython's text and its start, end,
// reason, encoding and object attributes.
Res raise_codec_error(State& st, bool decode, const char* enc, const Value& object, size_t start, size_t end,
                      const std::string& what, const char* reason) {
    char buf[64];
    std::string msg = std::string("'") + enc + "' codec can't " + (decode ? "decode " : "encode ");
    if (end - start == 1) msg += what + " in position " + std::to_string(start);
    else {
        std::snprintf(buf, sizeof buf, "%zu-%zu", start, end - 1);
        msg += std::string(decode ? "bytes" : "characters") + " in position " + buf;
    }
    msg += std::string(": ") + reason;
    st.raise(decode ? "UnicodeDecodeError" : "UnicodeEncodeError", msg);
    if (is_exception_instance(st.exc)) {
        auto* d = st.exc.as<InstanceObj>()->dict.as<DictObj>();
        d->set(make_str("encoding"), make_str(enc));
        d->set(make_str("object"), object);
        d->set(make_str("start"), Value::integer(int64_t(start)));
        d->set(make_str("end"), Value::integer(int64_t(end)));
        d->set(make_str("reason"), make_str(reason));
    }
    return Res::error;
}

enum class ErrHandler { strict, ignore, replace, backslash, xmlref, unknown };
ErrHandler handler_of(const std::string& e) {
    if (e == "strict") return ErrHandler::strict;
    if (e == "ignore") return ErrHandler::ignore;
    if (e == "replace") return ErrHandler::replace;
    if (e == "backslashreplace") return ErrHandler::backslash;
    if (e == "xmlcharrefreplace") return ErrHandler::xmlref;
    return ErrHandler::unknown;
}
Res unknown_handler(State& st, const std::string& e) { return st.raise("LookupError", "unknown error handler name '" + e + "'"); }
}  // namespace

Res codec_decode(State& st, const Value& bytes, const std::string& encoding, const std::string& errors, std::string& out) {
    const std::string& b = bytes.as<BytesObj>()->s;
    std::string key = codec_key(encoding);
    if (key != "utf-8" && key != "ascii" && key != "latin-1") return st.raise("LookupError", "unknown encoding: " + encoding);
    ErrHandler h = handler_of(errors);
    out.clear();
    for (size_t i = 0; i < b.size();) {
        unsigned char c = (unsigned char)b[i];
        size_t end = i + 1;
        const char* reason = nullptr;
        bool bad = false;
        if (key == "latin-1") {
            utf8_append(out, char32_t(c));
            ++i;
            continue;
        }
        if (key == "ascii") {
            bad = c >= 0x80;
            reason = "ordinal not in range(128)";
        } else {
            bad = utf8_error(b, i, &end, &reason);
        }
        if (!bad) { out.append(b, i, end - i); i = end; continue; }
        char what[32];
        std::snprintf(what, sizeof what, "byte 0x%02x", c);
        switch (h) {
            case ErrHandler::strict: case ErrHandler::xmlref:
                return raise_codec_error(st, true, codec_display(key), bytes, i, end, what, reason);
            case ErrHandler::unknown: return unknown_handler(st, errors);
            case ErrHandler::ignore: break;
            case ErrHandler::replace: utf8_append(out, 0xFFFD); break;
            case ErrHandler::backslash:
                for (size_t k = i; k < end; ++k) {
                    std::snprintf(what, sizeof what, "\\x%02x", (unsigned char)b[k]);
                    out += what;
                }
                break;
        }
        i = end;
    }
    return Res::ok;
}

Res codec_encode(State& st, const Value& str, const std::string& encoding, const std::string& errors, std::string& out) {
    const std::string& s = str_of_obj(str);
    std::string key = codec_key(encoding);
    if (key != "utf-8" && key != "ascii" && key != "latin-1") return st.raise("LookupError", "unknown encoding: " + encoding);
    std::u32string cps = utf8_decode(s);
    char32_t limit = key == "ascii" ? 0x80 : key == "latin-1" ? 0x100 : 0x110000;
    const char* reason = key == "ascii" ? "ordinal not in range(128)" : key == "latin-1" ? "ordinal not in range(256)" : "surrogates not allowed";
    ErrHandler h = handler_of(errors);
    out.clear();
    for (size_t i = 0; i < cps.size();) {
        char32_t c = cps[i];
        auto bad = [&](char32_t x) { return x >= limit || (x >= 0xD800 && x <= 0xDFFF); };
        if (!bad(c)) {
            if (key == "utf-8") utf8_append(out, c);
            else out.push_back(char(c));
            ++i;
            continue;
        }
        size_t end = i + 1;
        while (end < cps.size() && bad(cps[end])) ++end;  // CPython reports the whole run
        char what[48];
        std::snprintf(what, sizeof what, c < 0x100 ? "character '\\x%02x'" : c < 0x10000 ? "character '\\u%04x'" : "character '\\U%08x'",
                      unsigned(c));
        switch (h) {
            case ErrHandler::strict: return raise_codec_error(st, false, codec_display(key), str, i, end, what, reason);
            case ErrHandler::unknown: return unknown_handler(st, errors);
            case ErrHandler::ignore: break;
            case ErrHandler::replace: out.append(end - i, '?'); break;
            case ErrHandler::backslash:
                for (size_t k = i; k < end; ++k) {
                    std::snprintf(what, sizeof what, cps[k] < 0x100 ? "\\x%02x" : cps[k] < 0x10000 ? "\\u%04x" : "\\U%08x", unsigned(cps[k]));
                    out += what;
                }
                break;
            case ErrHandler::xmlref:
                for (size_t k = i; k < end; ++k) out += "&#" + std::to_string(unsigned(cps[k])) + ";";
                break;
        }
        i = end;
    }
    return Res::ok;
}

namespace {
// (encoding, errors) of decode/encode/bytes(): str arguments, by position or keyword.
Res codec_args(State& st, CallArgs& a, const char* fname, std::string& enc, std::string& err) {
    FORKLAB_ARGS(fname, 0, "encoding", "errors");
    enc = "utf-8";
    err = "strict";
    const char* names[] = {"encoding", "errors"};
    for (int i = 0; i < 2; ++i) {
        if (!FORKLAB_GIVEN(i)) continue;
        if (!av[i].is(OT::str))
            return st.raise("TypeError", std::string(fname) + "() argument '" + names[i] + "' must be str, not " + class_name_of(av[i]));
        (i ? err : enc) = str_of_obj(av[i]);
    }
    return Res::ok;
}
}  // namespace

// [SECTION] methods ---------------------------------------------------------------------------
namespace {
Res m_decode(State& st, CallArgs& a, Value& out) {
    std::string enc, err, s;
    if (codec_args(st, a, "decode", enc, err) != Res::ok) return Res::error;
    if (codec_decode(st, *a.self, enc, err, s) != Res::ok) return Res::error;
    out = make_str(std::move(s));
    return Res::ok;
}

Res m_hex(State& st, CallArgs& a, Value& out) {
    FORKLAB_ARGS("hex", 0, "sep", "bytes_per_sep");
    static const char digits[] = "0123456789abcdef";
    std::string sep;
    int64_t per = 1;
    if (FORKLAB_GIVEN(0)) {
        if (av[0].is(OT::str)) sep = str_of_obj(av[0]);
        else if (av[0].is(OT::bytes)) sep = av[0].as<BytesObj>()->s;
        else return st.raise("TypeError", "sep must be str or bytes.");
        if (utf8_length(sep) != 1) return st.raise("ValueError", "sep must be length 1.");
    }
    if (FORKLAB_GIVEN(1) && index_value(st, av[1], &per) != Res::ok) return Res::error;
    const std::string& b = self_bytes(a);
    std::string h;
    size_t n = b.size(), group = size_t(per < 0 ? -per : per);
    for (size_t i = 0; i < n; ++i) {
        if (!sep.empty() && i > 0 && group > 0) {
            // groups counted from the right for a positive bytes_per_sep, from the left otherwise
            bool cut = per > 0 ? (n - i) % group == 0 : i % group == 0;
            if (cut) h += sep;
        }
        unsigned char c = (unsigned char)b[i];
        h += digits[c >> 4];
        h += digits[c & 15];
    }
    out = make_str(std::move(h));
    return Res::ok;
}

Res m_count(State& st, CallArgs& a, Value& out) {
    std::string sub;
    int64_t lo, hi;
    if (search_args(st, a, "count", sub, &lo, &hi) != Res::ok) return Res::error;
    const std::string& b = self_bytes(a);
    int64_t n = 0;
    if (sub.empty()) n = hi >= lo ? hi - lo + 1 : 0;
    else
        for (int64_t p = find_in(b, sub, lo, hi, false); p >= 0; p = find_in(b, sub, p + int64_t(sub.size()), hi, false)) ++n;
    out = Value::integer(n);
    return Res::ok;
}

Res find_like(State& st, CallArgs& a, Value& out, const char* name, bool reverse, bool raise) {
    std::string sub;
    int64_t lo, hi;
    if (search_args(st, a, name, sub, &lo, &hi) != Res::ok) return Res::error;
    int64_t p = lo > hi ? -1 : find_in(self_bytes(a), sub, lo, hi, reverse);
    if (p < 0 && raise) return st.raise("ValueError", "subsection not found");
    out = Value::integer(p);
    return Res::ok;
}
Res m_find(State& st, CallArgs& a, Value& out) { return find_like(st, a, out, "find", false, false); }
Res m_rfind(State& st, CallArgs& a, Value& out) { return find_like(st, a, out, "rfind", true, false); }
Res m_index(State& st, CallArgs& a, Value& out) { return find_like(st, a, out, "index", false, true); }
Res m_rindex(State& st, CallArgs& a, Value& out) { return find_like(st, a, out, "rindex", true, true); }

Res starts_ends(State& st, CallArgs& a, Value& out, const char* name, bool ends) {
    if (positional(st, a, name, 1, 3) != Res::ok) return Res::error;
    const std::string& b = self_bytes(a);
    int64_t n = int64_t(b.size()), lo, hi;
    if (bound(st, a.npos > 1 ? a.pos[1] : Value::undef(), n, 0, &lo) != Res::ok) return Res::error;
    if (bound(st, a.npos > 2 ? a.pos[2] : Value::undef(), n, n, &hi) != Res::ok) return Res::error;
    std::vector<Value> prefixes;
    if (a.pos[0].is(OT::tuple)) prefixes = a.pos[0].as<ListObj>()->items;
    else prefixes.push_back(a.pos[0]);
    bool res = false;
    for (const Value& p : prefixes) {
        if (!p.is(OT::bytes))
            return st.raise("TypeError", std::string(name) + " first arg must be bytes or a tuple of bytes, not " + class_name_of(p));
        const std::string& x = p.as<BytesObj>()->s;
        if (hi - lo < int64_t(x.size())) continue;
        size_t at = ends ? size_t(hi) - x.size() : size_t(lo);
        if (b.compare(at, x.size(), x) == 0) { res = true; break; }
    }
    out = Value::boolean(res);
    return Res::ok;
}
Res m_startswith(State& st, CallArgs& a, Value& out) { return starts_ends(st, a, out, "startswith", false); }
Res m_endswith(State& st, CallArgs& a, Value& out) { return starts_ends(st, a, out, "endswith", true); }

// split/rsplit(sep=None, maxsplit=-1)
Res split_like(State& st, CallArgs& a, Value& out, bool reverse) {
    FORKLAB_ARGS(reverse ? "rsplit" : "split", 0, "sep", "maxsplit");
    const std::string& b = self_bytes(a);
    int64_t maxsplit = -1;
    if (FORKLAB_GIVEN(1) && index_value(st, av[1], &maxsplit) != Res::ok) return Res::error;
    if (maxsplit < 0) maxsplit = INT64_MAX;
    std::vector<std::string> parts;
    bool ws = !FORKLAB_GIVEN(0) || av[0].is_none();
    std::string sep;
    if (!ws) {
        if (need_bytes(st, av[0], sep) != Res::ok) return Res::error;
        if (sep.empty()) return st.raise("ValueError", "empty separator");
    }
    if (ws) {
        std::vector<std::pair<size_t, size_t>> words;  // [begin, end)
        if (!reverse) {
            size_t i = 0, n = b.size();
            while (true) {
                while (i < n && is_bytes_space((unsigned char)b[i])) ++i;
                if (i >= n) break;
                if (int64_t(parts.size()) == maxsplit) {
                    size_t e = n;
                    while (e > i && is_bytes_space((unsigned char)b[e - 1])) --e;
                    parts.push_back(b.substr(i, e - i));
                    break;
                }
                size_t j = i;
                while (j < n && !is_bytes_space((unsigned char)b[j])) ++j;
                parts.push_back(b.substr(i, j - i));
                i = j;
            }
        } else {
            size_t i = b.size();
            while (true) {
                while (i > 0 && is_bytes_space((unsigned char)b[i - 1])) --i;
                if (i == 0) break;
                if (int64_t(parts.size()) == maxsplit) {
                    size_t s = 0;
                    while (s < i && is_bytes_space((unsigned char)b[s])) ++s;
                    parts.push_back(b.substr(s, i - s));
                    break;
                }
                size_t j = i;
                while (j > 0 && !is_bytes_space((unsigned char)b[j - 1])) --j;
                parts.push_back(b.substr(j, i - j));
                i = j;
            }
            std::reverse(parts.begin(), parts.end());
        }
    } else if (!reverse) {
        size_t i = 0;
        for (;;) {
            size_t p = int64_t(parts.size()) < maxsplit ? b.find(sep, i) : std::string::npos;
            if (p == std::string::npos) { parts.push_back(b.substr(i)); break; }
            parts.push_back(b.substr(i, p - i));
            i = p + sep.size();
        }
    } else {
        size_t end = b.size();
        for (;;) {
            size_t p = int64_t(parts.size()) < maxsplit && end >= sep.size() ? b.rfind(sep, end - sep.size()) : std::string::npos;
            if (p == std::string::npos) { parts.push_back(b.substr(0, end)); break; }
            parts.push_back(b.substr(p + sep.size(), end - p - sep.size()));
            end = p;
        }
        std::reverse(parts.begin(), parts.end());
    }
    std::vector<Value> items;
    for (auto& p : parts) items.push_back(result(a, std::move(p)));
    out = make_list(std::move(items));
    return Res::ok;
}
Res m_split(State& st, CallArgs& a, Value& out) { return split_like(st, a, out, false); }
Res m_rsplit(State& st, CallArgs& a, Value& out) { return split_like(st, a, out, true); }

Res m_join(State& st, CallArgs& a, Value& out) {
    if (method_arity(st, a, self_is_array(a) ? "bytearray.join" : "bytes.join", 1, 1) != Res::ok) return Res::error;
    std::vector<Value> items;
    if (to_vector(st, a.pos[0], items) != Res::ok) return Res::error;
    std::string sep = self_bytes(a), r;
    for (size_t i = 0; i < items.size(); ++i) {
        if (!items[i].is(OT::bytes))
            return st.raise("TypeError", "sequence item " + std::to_string(i) + ": expected a bytes-like object, " +
                                             class_name_of(items[i]) + " found");
        if (i) r += sep;
        r += items[i].as<BytesObj>()->s;
    }
    if (charge_memory(st, double(r.size())) != Res::ok) return Res::error;
    out = result(a, std::move(r));
    return Res::ok;
}

Res m_replace(State& st, CallArgs& a, Value& out) {
    if (positional(st, a, "replace", 2, 3) != Res::ok) return Res::error;
    std::string old, neu;
    if (need_bytes(st, a.pos[0], old) != Res::ok || need_bytes(st, a.pos[1], neu) != Res::ok) return Res::error;
    int64_t count = -1;
    if (a.npos > 2 && index_value(st, a.pos[2], &count) != Res::ok) return Res::error;
    if (count < 0) count = INT64_MAX;
    const std::string& b = self_bytes(a);
    std::string r;
    if (old.empty()) {
        int64_t done = 0;
        for (size_t i = 0; i <= b.size(); ++i) {
            if (done < count) { r += neu; ++done; }
            if (i < b.size()) r += b[i];
        }
    } else {
        size_t i = 0;
        for (int64_t done = 0; done < count; ++done) {
            size_t p = b.find(old, i);
            if (p == std::string::npos) break;
            r.append(b, i, p - i);
            r += neu;
            i = p + old.size();
        }
        r.append(b, i, std::string::npos);
    }
    if (charge_memory(st, double(r.size())) != Res::ok) return Res::error;
    out = result(a, std::move(r));
    return Res::ok;
}

Res map_bytes(State& st, CallArgs& a, Value& out, const char* name, int how) {
    std::string q = qual(a, name);
    if (method_arity(st, a, q.c_str(), 0, 0) != Res::ok) return Res::error;
    std::string r = self_bytes(a);
    bool start = true;
    for (char& ch : r) {
        unsigned char c = (unsigned char)ch;
        switch (how) {
            case 0: if (is_lower(c)) ch = char(c - 32); break;                    // upper
            case 1: if (is_upper(c)) ch = char(c + 32); break;                    // lower
            case 2: if (is_lower(c)) ch = char(c - 32); else if (is_upper(c)) ch = char(c + 32); break;  // swapcase
            case 3:                                                               // title
                if (is_alpha(c)) { ch = char(start ? (is_lower(c) ? c - 32 : c) : (is_upper(c) ? c + 32 : c)); start = false; }
                else start = true;
                break;
            case 4:                                                               // capitalize
                ch = char(start ? (is_lower(c) ? c - 32 : c) : (is_upper(c) ? c + 32 : c));
                start = false;
                break;
        }
    }
    out = result(a, std::move(r));
    return Res::ok;
}
Res m_upper(State& st, CallArgs& a, Value& out) { return map_bytes(st, a, out, "upper", 0); }
Res m_lower(State& st, CallArgs& a, Value& out) { return map_bytes(st, a, out, "lower", 1); }
Res m_swapcase(State& st, CallArgs& a, Value& out) { return map_bytes(st, a, out, "swapcase", 2); }
Res m_title(State& st, CallArgs& a, Value& out) { return map_bytes(st, a, out, "title", 3); }
Res m_capitalize(State& st, CallArgs& a, Value& out) { return map_bytes(st, a, out, "capitalize", 4); }

Res predicate(State& st, CallArgs& a, Value& out, const char* name, int how) {
    std::string q = qual(a, name);
    if (method_arity(st, a, q.c_str(), 0, 0) != Res::ok) return Res::error;
    const std::string& b = self_bytes(a);
    bool res = !b.empty(), cased = false;
    for (unsigned char c : b) {
        bool ok = true;
        switch (how) {
            case 0: ok = is_digit(c); break;
            case 1: ok = is_alpha(c); break;
            case 2: ok = is_alpha(c) || is_digit(c); break;
            case 3: ok = is_bytes_space(c); break;
            case 4: ok = !is_upper(c); cased = cased || is_lower(c); break;  // islower
            case 5: ok = !is_lower(c); cased = cased || is_upper(c); break;  // isupper
            case 6: ok = c < 0x80; break;                                     // isascii
        }
        if (!ok) { res = false; break; }
    }
    if (how == 6 && b.empty()) res = true;
    if (how == 4 || how == 5) res = res && cased;
    out = Value::boolean(res);
    return Res::ok;
}
Res m_isdigit(State& st, CallArgs& a, Value& out) { return predicate(st, a, out, "isdigit", 0); }
Res m_isalpha(State& st, CallArgs& a, Value& out) { return predicate(st, a, out, "isalpha", 1); }
Res m_isalnum(State& st, CallArgs& a, Value& out) { return predicate(st, a, out, "isalnum", 2); }
Res m_isspace(State& st, CallArgs& a, Value& out) { return predicate(st, a, out, "isspace", 3); }
Res m_islower(State& st, CallArgs& a, Value& out) { return predicate(st, a, out, "islower", 4); }
Res m_isupper(State& st, CallArgs& a, Value& out) { return predicate(st, a, out, "isupper", 5); }
Res m_isascii(State& st, CallArgs& a, Value& out) { return predicate(st, a, out, "isascii", 6); }

// strip/lstrip/rstrip(bytes=None): which 1 left, 2 right, 3 both
Res strip_like(State& st, CallArgs& a, Value& out, const char* name, int which) {
    if (positional(st, a, name, 0, 1) != Res::ok) return Res::error;
    const std::string& b = self_bytes(a);
    std::string chars;
    bool ws = a.npos == 0 || a.pos[0].is_none();
    if (!ws && need_bytes(st, a.pos[0], chars) != Res::ok) return Res::error;
    auto strip_it = [&](unsigned char c) { return ws ? is_bytes_space(c) : chars.find(char(c)) != std::string::npos; };
    size_t i = 0, j = b.size();
    if (which & 1) while (i < j && strip_it((unsigned char)b[i])) ++i;
    if (which & 2) while (j > i && strip_it((unsigned char)b[j - 1])) --j;
    out = result(a, b.substr(i, j - i));
    return Res::ok;
}
Res m_strip(State& st, CallArgs& a, Value& out) { return strip_like(st, a, out, "strip", 3); }
Res m_lstrip(State& st, CallArgs& a, Value& out) { return strip_like(st, a, out, "lstrip", 1); }
Res m_rstrip(State& st, CallArgs& a, Value& out) { return strip_like(st, a, out, "rstrip", 2); }

Res partition_like(State& st, CallArgs& a, Value& out, bool reverse) {
    if (method_arity(st, a, reverse ? "rpartition" : "partition", 1, 1) != Res::ok) return Res::error;
    std::string sep;
    if (need_bytes(st, a.pos[0], sep) != Res::ok) return Res::error;
    if (sep.empty()) return st.raise("ValueError", "empty separator");
    const std::string& b = self_bytes(a);
    size_t p = reverse ? b.rfind(sep) : b.find(sep);
    if (p == std::string::npos) {
        out = reverse ? make_tuple({result(a, ""), result(a, ""), result(a, b)}) : make_tuple({result(a, b), result(a, ""), result(a, "")});
        return Res::ok;
    }
    out = make_tuple({result(a, b.substr(0, p)), result(a, sep), result(a, b.substr(p + sep.size()))});
    return Res::ok;
}
Res m_partition(State& st, CallArgs& a, Value& out) { return partition_like(st, a, out, false); }
Res m_rpartition(State& st, CallArgs& a, Value& out) { return partition_like(st, a, out, true); }

// center/ljust/rjust(width, fillbyte=b' ')
Res pad(State& st, CallArgs& a, Value& out, const char* name, int how) {
    if (method_arity(st, a, name, 1, 2) != Res::ok) return Res::error;
    int64_t w;
    if (index_value(st, a.pos[0], &w) != Res::ok) return Res::error;
    char fill = ' ';
    if (a.npos > 1) {
        if (!a.pos[1].is(OT::bytes) || a.pos[1].as<BytesObj>()->s.size() != 1)
            return st.raise("TypeError", std::string(name) + "() argument 2 must be a byte string of length 1, not " + class_name_of(a.pos[1]));
        fill = a.pos[1].as<BytesObj>()->s[0];
    }
    const std::string& b = self_bytes(a);
    if (w <= int64_t(b.size())) { out = result(a, b); return Res::ok; }
    size_t total = size_t(w) - b.size(), left = how == 0 ? total / 2 + (total & size_t(w) & 1) : how == 1 ? 0 : total;
    if (charge_memory(st, double(w)) != Res::ok) return Res::error;
    out = result(a, std::string(left, fill) + b + std::string(total - left, fill));
    return Res::ok;
}
Res m_center(State& st, CallArgs& a, Value& out) { return pad(st, a, out, "center", 0); }
Res m_ljust(State& st, CallArgs& a, Value& out) { return pad(st, a, out, "ljust", 1); }
Res m_rjust(State& st, CallArgs& a, Value& out) { return pad(st, a, out, "rjust", 2); }
Res m_zfill(State& st, CallArgs& a, Value& out) {
    if (method_arity(st, a, "zfill", 1, 1) != Res::ok) return Res::error;
    int64_t w;
    if (index_value(st, a.pos[0], &w) != Res::ok) return Res::error;
    std::string b = self_bytes(a);
    if (w <= int64_t(b.size())) { out = result(a, b); return Res::ok; }
    size_t sign = !b.empty() && (b[0] == '+' || b[0] == '-') ? 1 : 0;
    b.insert(sign, size_t(w) - b.size(), '0');
    out = result(a, std::move(b));
    return Res::ok;
}

Res m_splitlines(State& st, CallArgs& a, Value& out) {
    FORKLAB_ARGS("splitlines", 0, "keepends");
    bool keep = FORKLAB_GIVEN(0) && truthy(av[0]);
    const std::string& b = self_bytes(a);
    std::vector<Value> items;
    size_t i = 0;
    while (i < b.size()) {
        size_t j = i;
        while (j < b.size() && b[j] != '\n' && b[j] != '\r') ++j;
        size_t eol = j;
        if (j < b.size()) j += (b[j] == '\r' && j + 1 < b.size() && b[j + 1] == '\n') ? 2 : 1;
        items.push_back(result(a, b.substr(i, (keep ? j : eol) - i)));
        i = j;
    }
    out = make_list(std::move(items));
    return Res::ok;
}

Res affix(State& st, CallArgs& a, Value& out, const char* name, bool suffix) {
    if (method_arity(st, a, name, 1, 1) != Res::ok) return Res::error;
    std::string x;
    if (need_bytes(st, a.pos[0], x) != Res::ok) return Res::error;
    const std::string& b = self_bytes(a);
    bool has = b.size() >= x.size() && b.compare(suffix ? b.size() - x.size() : 0, x.size(), x) == 0;
    out = result(a, has ? (suffix ? b.substr(0, b.size() - x.size()) : b.substr(x.size())) : b);
    return Res::ok;
}
Res m_removeprefix(State& st, CallArgs& a, Value& out) { return affix(st, a, out, "removeprefix", false); }
Res m_removesuffix(State& st, CallArgs& a, Value& out) { return affix(st, a, out, "removesuffix", true); }

// [SECTION] bytearray ---------------------------------------------------------------------------
Res m_append(State& st, CallArgs& a, Value& out) {
    if (method_arity(st, a, "bytearray.append", 1, 1) != Res::ok) return Res::error;
    unsigned char c;
    if (need_byte(st, a.pos[0], &c) != Res::ok) return Res::error;
    if (charge_memory(st, 1) != Res::ok) return Res::error;
    self_bytes(a).push_back(char(c));
    out = Value();
    return Res::ok;
}
Res m_extend(State& st, CallArgs& a, Value& out) {
    if (method_arity(st, a, "bytearray.extend", 1, 1) != Res::ok) return Res::error;
    std::string add;
    if (a.pos[0].is(OT::bytes)) add = a.pos[0].as<BytesObj>()->s;
    else {
        std::vector<Value> items;
        if (to_vector(st, a.pos[0], items) != Res::ok) return Res::error;
        for (auto& x : items) {
            unsigned char c;
            if (need_byte(st, x, &c) != Res::ok) return Res::error;
            add.push_back(char(c));
        }
    }
    if (charge_memory(st, double(add.size())) != Res::ok) return Res::error;
    self_bytes(a) += add;
    out = Value();
    return Res::ok;
}
Res m_pop(State& st, CallArgs& a, Value& out) {
    if (method_arity(st, a, "bytearray.pop", 0, 1) != Res::ok) return Res::error;
    std::string& b = self_bytes(a);
    int64_t i = -1;
    if (a.npos && index_value(st, a.pos[0], &i) != Res::ok) return Res::error;
    if (b.empty()) return st.raise("IndexError", "pop from empty bytearray");
    if (i < 0) i += int64_t(b.size());
    if (i < 0 || i >= int64_t(b.size())) return st.raise("IndexError", "pop index out of range");
    out = Value::integer((unsigned char)b[size_t(i)]);
    b.erase(size_t(i), 1);
    return Res::ok;
}
Res m_insert(State& st, CallArgs& a, Value& out) {
    if (method_arity(st, a, "bytearray.insert", 2, 2) != Res::ok) return Res::error;
    int64_t i;
    unsigned char c;
    if (index_value(st, a.pos[0], &i) != Res::ok || need_byte(st, a.pos[1], &c) != Res::ok) return Res::error;
    std::string& b = self_bytes(a);
    int64_t n = int64_t(b.size());
    if (i < 0) i = std::max<int64_t>(0, i + n);
    if (i > n) i = n;
    b.insert(size_t(i), 1, char(c));
    out = Value();
    return Res::ok;
}
Res m_remove(State& st, CallArgs& a, Value& out) {
    if (method_arity(st, a, "bytearray.remove", 1, 1) != Res::ok) return Res::error;
    unsigned char c;
    if (need_byte(st, a.pos[0], &c) != Res::ok) return Res::error;
    std::string& b = self_bytes(a);
    size_t p = b.find(char(c));
    if (p == std::string::npos) return st.raise("ValueError", "value not found in bytearray");
    b.erase(p, 1);
    out = Value();
    return Res::ok;
}
Res m_clear(State& st, CallArgs& a, Value& out) {
    if (method_arity(st, a, "bytearray.clear", 0, 0) != Res::ok) return Res::error;
    self_bytes(a).clear();
    out = Value();
    return Res::ok;
}
Res m_copy(State& st, CallArgs& a, Value& out) {
    if (method_arity(st, a, "bytearray.copy", 0, 0) != Res::ok) return Res::error;
    out = make_bytes(self_bytes(a), true);
    return Res::ok;
}
Res m_reverse(State& st, CallArgs& a, Value& out) {
    if (method_arity(st, a, "bytearray.reverse", 0, 0) != Res::ok) return Res::error;
    std::reverse(self_bytes(a).begin(), self_bytes(a).end());
    out = Value();
    return Res::ok;
}

// [SECTION] table -----------------------------------------------------------------------------
const NamedMethod kBytesMethods[] = {
    {"capitalize", m_capitalize}, {"center", m_center}, {"count", m_count}, {"decode", m_decode},
    {"endswith", m_endswith}, {"find", m_find}, {"fromhex", bytes_fromhex}, {"hex", m_hex}, {"index", m_index}, {"isalnum", m_isalnum},
    {"isalpha", m_isalpha}, {"isascii", m_isascii}, {"isdigit", m_isdigit}, {"islower", m_islower},
    {"isspace", m_isspace}, {"isupper", m_isupper}, {"join", m_join}, {"ljust", m_ljust}, {"lower", m_lower},
    {"lstrip", m_lstrip}, {"partition", m_partition}, {"removeprefix", m_removeprefix},
    {"removesuffix", m_removesuffix}, {"replace", m_replace}, {"rfind", m_rfind}, {"rindex", m_rindex},
    {"rjust", m_rjust}, {"rpartition", m_rpartition}, {"rsplit", m_rsplit}, {"rstrip", m_rstrip},
    {"split", m_split}, {"splitlines", m_splitlines}, {"startswith", m_startswith}, {"strip", m_strip},
    {"swapcase", m_swapcase}, {"title", m_title}, {"upper", m_upper}, {"zfill", m_zfill},
};
const NamedMethod kByteArrayMethods[] = {
    {"append", m_append}, {"extend", m_extend}, {"pop", m_pop}, {"insert", m_insert}, {"remove", m_remove},
    {"clear", m_clear}, {"copy", m_copy}, {"reverse", m_reverse},
};
}  // namespace

const NamedMethod* find_bytes_method(std::string_view name, bool bytearray) {
    for (const NamedMethod& m : kBytesMethods) if (name == m.name) return &m;
    if (bytearray)
        for (const NamedMethod& m : kByteArrayMethods) if (name == m.name) return &m;
    return nullptr;
}

// bytes.fromhex(string) / bytearray.fromhex(string); self: the type.
Res bytes_fromhex(State& st, CallArgs& a, Value& out) {
    if (method_arity(st, a, "fromhex", 1, 1) != Res::ok) return Res::error;
    if (!a.pos[0].is(OT::str)) return st.raise("TypeError", "fromhex() argument must be str, not " + class_name_of(a.pos[0]));
    const std::string& s = str_of_obj(a.pos[0]);
    auto hexval = [](char c) { return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1; };
    std::string r;
    for (size_t i = 0; i < s.size();) {
        if (is_bytes_space((unsigned char)s[i])) { ++i; continue; }
        int hi = hexval(s[i]), lo = i + 1 < s.size() ? hexval(s[i + 1]) : -1;
        size_t bad = hi < 0 ? i : i + 1;
        if (hi < 0 || lo < 0)
            return st.raise("ValueError", "non-hexadecimal number found in fromhex() arg at position " + std::to_string(utf8_length(s.substr(0, bad))));
        r.push_back(char(hi * 16 + lo));
        i += 2;
    }
    bool array = a.self && (a.self->is(OT::builtin) ? std::string_view(a.self->as<BuiltinObj>()->name) == "bytearray"
                                                    : a.self->is(OT::bytes) && a.self->as<BytesObj>()->mutable_);
    out = make_bytes(std::move(r), array);
    return Res::ok;
}

// [SECTION] operators and items -------------------------------------------------------------
Res bytes_binary(State& st, int op, const Value& a, const Value& b, Value& out, bool inplace, bool* handled) {
    *handled = false;
    if (op == op_add && a.is(OT::bytes)) {
        *handled = true;
        if (!b.is(OT::bytes))
            return st.raise("TypeError", std::string("can't concat ") + class_name_of(b) + " to " + type_name(a));
        BytesObj* x = a.as<BytesObj>();
        const std::string& y = b.as<BytesObj>()->s;
        Res r = charge_memory(st, double(x->s.size() + y.size()));
        if (r != Res::ok) return r;
        if (inplace && x->mutable_) {  // bytearray += changes it
            x->s += std::string(y);
            out = a;
            return Res::ok;
        }
        out = make_bytes(x->s + y, x->mutable_);
        return Res::ok;
    }
    if (op == op_mul && ((a.is(OT::bytes) && (b.tag == Tag::integer || b.tag == Tag::boolean)) ||
                         (b.is(OT::bytes) && (a.tag == Tag::integer || a.tag == Tag::boolean)))) {
        const Value& seq = a.is(OT::bytes) ? a : b;
        const Value& num = a.is(OT::bytes) ? b : a;
        const std::string s = seq.as<BytesObj>()->s;
        int64_t n = num.tag == Tag::integer ? num.u.i : num.u.b;
        if (n < 0) n = 0;
        Res r = charge_memory(st, double(s.size()) * double(n));
        if (r != Res::ok) return r;
        std::string res;
        res.reserve(s.size() * size_t(n));
        for (int64_t i = 0; i < n; ++i) res += s;
        *handled = true;
        if (inplace && seq.u.o == a.u.o && a.as<BytesObj>()->mutable_) {
            a.as<BytesObj>()->s = std::move(res);
            out = a;
            return Res::ok;
        }
        out = make_bytes(std::move(res), seq.as<BytesObj>()->mutable_);
        return Res::ok;
    }
    if (op == op_mul && (a.is(OT::bytes) || b.is(OT::bytes))) {
        const Value& num = a.is(OT::bytes) ? b : a;
        if (num.is(OT::bytes)) return Res::ok;
        *handled = true;
        if (num.is(OT::bigint)) return st.raise("OverflowError", "cannot fit 'int' into an index-sized integer");
        return st.raise("TypeError", "can't multiply sequence by non-int of type '" + class_name_of(num) + "'");
    }
    return Res::ok;
}

Res bytes_contains(State& st, const Value& c, const Value& item, bool* out) {
    std::string sub;
    if (item.is(OT::str) || (!item.is(OT::bytes) && !is_int_value(item)))
        return st.raise("TypeError", std::string("a bytes-like object is required, not '") + class_name_of(item) + "'");
    if (need_sub(st, item, sub) != Res::ok) return Res::error;
    *out = c.as<BytesObj>()->s.find(sub) != std::string::npos;
    return Res::ok;
}

Res bytes_get_item(State& st, const Value& obj, const Value& key, Value& out) {
    BytesObj* b = obj.as<BytesObj>();
    int64_t n = int64_t(b->s.size());
    if (key.is(OT::slice)) {
        int64_t x, y, z;
        if (slice_indices(st, key.as<SliceObj>(), n, &x, &y, &z) != Res::ok) return Res::error;
        std::string res;
        for (int64_t i = x; z > 0 ? i < y : i > y; i += z) res += b->s[size_t(i)];
        out = make_bytes(std::move(res), b->mutable_);
        return Res::ok;
    }
    if (!is_int_value(key))
        return st.raise("TypeError", std::string(b->mutable_ ? "bytearray" : "byte") + " indices must be integers or slices, not " +
                                         class_name_of(key));
    if (key.is(OT::bigint)) return st.raise("IndexError", "cannot fit 'int' into an index-sized integer");
    int64_t i = key.tag == Tag::integer ? key.u.i : key.u.b;
    if (i < 0) i += n;
    if (i < 0 || i >= n) return st.raise("IndexError", b->mutable_ ? "bytearray index out of range" : "index out of range");
    out = Value::integer((unsigned char)b->s[size_t(i)]);
    return Res::ok;
}

Res bytes_set_item(State& st, const Value& obj, const Value& key, const Value& v) {
    BytesObj* b = obj.as<BytesObj>();
    if (!b->mutable_) return st.raise("TypeError", "'bytes' object does not support item assignment");
    int64_t n = int64_t(b->s.size());
    if (key.is(OT::slice)) {
        int64_t start, stop, step;
        if (slice_indices(st, key.as<SliceObj>(), n, &start, &stop, &step) != Res::ok) return Res::error;
        std::string src;
        if (v.is(OT::bytes)) src = v.as<BytesObj>()->s;
        else if (v.is(OT::str) || v.tag != Tag::obj) {
            return st.raise("TypeError", std::string("can assign only bytes, buffers, or iterables of ints in range(0, 256)"));
        } else {
            std::vector<Value> items;
            if (to_vector(st, v, items) != Res::ok) return Res::error;
            for (auto& x : items) {
                unsigned char c;
                if (need_byte(st, x, &c) != Res::ok) return Res::error;
                src.push_back(char(c));
            }
        }
        if (step == 1) {
            if (stop < start) stop = start;
            b->s.replace(size_t(start), size_t(stop - start), src);
            return Res::ok;
        }
        int64_t len = step > 0 ? (start < stop ? (stop - start - 1) / step + 1 : 0) : (start > stop ? (start - stop - 1) / (-step) + 1 : 0);
        if (int64_t(src.size()) != len)
            return st.raise("ValueError", "attempt to assign bytes of size " + std::to_string(src.size()) + " to extended slice of size " +
                                              std::to_string(len));
        for (int64_t k = 0; k < len; ++k) b->s[size_t(start + k * step)] = src[size_t(k)];
        return Res::ok;
    }
    if (!is_int_value(key)) return st.raise("TypeError", std::string("bytearray indices must be integers or slices, not ") + class_name_of(key));
    int64_t i;
    if (key.is(OT::bigint)) return st.raise("IndexError", "cannot fit 'int' into an index-sized integer");
    i = key.tag == Tag::integer ? key.u.i : key.u.b;
    if (i < 0) i += n;
    if (i < 0 || i >= n) return st.raise("IndexError", "bytearray index out of range");
    unsigned char c;
    if (need_byte(st, v, &c) != Res::ok) return Res::error;
    b->s[size_t(i)] = char(c);
    return Res::ok;
}

Res bytes_del_item(State& st, const Value& obj, const Value& key) {
    BytesObj* b = obj.as<BytesObj>();
    if (!b->mutable_) return st.raise("TypeError", "'bytes' object doesn't support item deletion");
    int64_t n = int64_t(b->s.size());
    if (key.is(OT::slice)) {
        int64_t start, stop, step;
        if (slice_indices(st, key.as<SliceObj>(), n, &start, &stop, &step) != Res::ok) return Res::error;
        std::string kept;
        for (int64_t i = 0; i < n; ++i) {
            bool gone = step > 0 ? (i >= start && i < stop && (i - start) % step == 0) : (i <= start && i > stop && (start - i) % (-step) == 0);
            if (!gone) kept.push_back(b->s[size_t(i)]);
        }
        b->s = std::move(kept);
        return Res::ok;
    }
    if (!is_int_value(key)) return st.raise("TypeError", std::string("bytearray indices must be integers or slices, not ") + class_name_of(key));
    if (key.is(OT::bigint)) return st.raise("IndexError", "cannot fit 'int' into an index-sized integer");
    int64_t i = key.tag == Tag::integer ? key.u.i : key.u.b;
    if (i < 0) i += n;
    if (i < 0 || i >= n) return st.raise("IndexError", "bytearray index out of range");
    b->s.erase(size_t(i), 1);
    return Res::ok;
}

// [SECTION] constructors ----------------------------------------------------------------------
// bytes(source=b'', encoding=None, errors=None), bytearray(...) the same.
Res make_bytes_from(State& st, CallArgs& a, Value& out, bool bytearray) {
    const char* fname = bytearray ? "bytearray" : "bytes";
    FORKLAB_ARGS(fname, 0, "source", "encoding", "errors");
    std::string b;
    if (FORKLAB_GIVEN(0)) {
        const Value& src = av[0];
        if (src.is(OT::str)) {
            if (!FORKLAB_GIVEN(1)) return st.raise("TypeError", "string argument without an encoding");
            std::string enc, err = "strict";
            if (!av[1].is(OT::str))
                return st.raise("TypeError", std::string(fname) + "() argument 'encoding' must be str, not " + class_name_of(av[1]));
            enc = str_of_obj(av[1]);
            if (FORKLAB_GIVEN(2)) {
                if (!av[2].is(OT::str))
                    return st.raise("TypeError", std::string(fname) + "() argument 'errors' must be str, not " + class_name_of(av[2]));
                err = str_of_obj(av[2]);
            }
            if (codec_encode(st, src, enc, err, b) != Res::ok) return Res::error;
            out = make_bytes(std::move(b), bytearray);
            return Res::ok;
        }
        if (FORKLAB_GIVEN(1)) return st.raise("TypeError", "encoding without a string argument");
        if (FORKLAB_GIVEN(2)) return st.raise("TypeError", "errors without a string argument");
        if (src.tag == Tag::integer || src.tag == Tag::boolean) {
            int64_t n = src.tag == Tag::integer ? src.u.i : src.u.b;
            if (n < 0) return st.raise("ValueError", "negative count");
            Res r = charge_memory(st, double(n));
            if (r != Res::ok) return r;
            b.assign(size_t(n), '\0');
        } else if (src.is(OT::bigint)) {
            return st.raise("OverflowError", "cannot fit 'int' into an index-sized integer");
        } else if (src.is(OT::bytes)) {
            b = src.as<BytesObj>()->s;
        } else if (src.tag == Tag::real || src.is_none() || (!src.is_obj())) {
            return st.raise("TypeError", std::string("cannot convert '") + class_name_of(src) + "' object to " + fname);
        } else {
            Value it;
            if (get_iter(st, src, it) != Res::ok) {
                st.exc = Value();
                return st.raise("TypeError", std::string("cannot convert '") + class_name_of(src) + "' object to " + fname);
            }
            std::vector<Value> items;
            Res r = to_vector(st, it, items);
            if (r != Res::ok) return r;
            for (auto& x : items) {
                unsigned char c;
                if (need_byte(st, x, &c, "bytes must be in range(0, 256)") != Res::ok) return Res::error;
                b.push_back(char(c));
            }
        }
    }
    out = make_bytes(std::move(b), bytearray);
    return Res::ok;
}

Res b_bytes(State& st, CallArgs& a, Value& out) { return make_bytes_from(st, a, out, false); }
Res b_bytearray(State& st, CallArgs& a, Value& out) { return make_bytes_from(st, a, out, true); }

}  // namespace forklab::lang
