// The methods of str, with CPython 3.11's argument rules and error texts. CPython parses the
// arguments of str methods in four styles, each with its own messages; ArgStyle names them.
// Positions are code points: ASCII strings index bytes directly, others go through CpIndex.
//
// Index: [SECTION] arguments  [SECTION] positions  [SECTION] search  [SECTION] split and join
//        [SECTION] strip, replace, pad  [SECTION] case  [SECTION] predicates  [SECTION] format
//        [SECTION] table
#include <algorithm>
#include <climits>
#include <vector>

#include "lang/bytes_ops.h"
#include "lang/interp_state.h"
#include "lang/strings.h"

namespace forklab::lang {

namespace {
#define SELF_STR (str_of_obj(*a.self))

// [SECTION] arguments -----------------------------------------------------------------------------
std::string qualified(const char* name) { return std::string("str.") + name + "()"; }

// METH_NOARGS: str.upper()
Res no_args(State& st, CallArgs& a, const char* name) {
    if (a.nkw) return st.raise("TypeError", qualified(name) + " takes no keyword arguments");
    if (a.npos) return st.raise("TypeError", qualified(name) + " takes no arguments (" + std::to_string(a.npos) + " given)");
    return Res::ok;
}
// METH_O: str.join(iterable)
Res one_arg(State& st, CallArgs& a, const char* name) {
    if (a.nkw) return st.raise("TypeError", qualified(name) + " takes no keyword arguments");
    if (a.npos != 1)
        return st.raise("TypeError", qualified(name) + " takes exactly one argument (" + std::to_string(a.npos) + " given)");
    return Res::ok;
}
std::string plural(int n, const char* word) { return std::to_string(n) + " " + word + (n == 1 ? "" : "s"); }
// METH_VARARGS searches: find(sub[, start[, end]])
Res search_args(State& st, CallArgs& a, const char* name) {
    if (a.nkw) return st.raise("TypeError", qualified(name) + " takes no keyword arguments");
    if (a.npos < 1) return st.raise("TypeError", std::string(name) + "() takes at least 1 argument (0 given)");
    if (a.npos > 3) return st.raise("TypeError", std::string(name) + "() takes at most 3 arguments (" + std::to_string(a.npos) + " given)");
    return Res::ok;
}
// Argument Clinic, positional-only: strip([chars]), center(width[, fillchar])
Res posonly_args(State& st, CallArgs& a, const char* name, int min, int max) {
    if (a.nkw) return st.raise("TypeError", qualified(name) + " takes no keyword arguments");
    if (a.npos < min) return st.raise("TypeError", std::string(name) + " expected at least " + plural(min, "argument") + ", got " + std::to_string(a.npos));
    if (a.npos > max) return st.raise("TypeError", std::string(name) + " expected at most " + plural(max, "argument") + ", got " + std::to_string(a.npos));
    return Res::ok;
}
// Argument Clinic with keywords: split(sep=None, maxsplit=-1). out[i] stays undef when not given.
Res keyword_args(State& st, CallArgs& a, const char* name, std::initializer_list<const char*> names, Value* out) {
    int max = int(names.size());
    for (int i = 0; i < max; ++i) out[i] = Value::undef();
    if (a.npos + a.nkw > max) {
        return st.raise("TypeError", std::string(name) + "() takes at most " + std::to_string(max) + " " + (a.npos == 0 ? "keyword " : "") +
                                         "argument" + (max == 1 ? "" : "s") + " (" + std::to_string(a.npos + a.nkw) + " given)");
    }
    for (int i = 0; i < a.npos; ++i) out[i] = a.pos[i];
    for (int k = 0; k < a.nkw; ++k) {
        const std::string& kn = str_of_obj(a.kwnames[k]);
        int idx = -1, i = 0;
        for (const char* nm : names) { if (kn == nm) idx = i; ++i; }
        if (idx < 0) return st.raise("TypeError", "'" + kn + "' is an invalid keyword argument for " + name + "()");
        if (idx < a.npos)
            return st.raise("TypeError", std::string("argument for ") + name + "() given by name ('" + kn + "') and position (" + std::to_string(idx + 1) + ")");
        out[idx] = a.kwvals[k];
    }
    return Res::ok;
}

bool given(const Value& v) { return v.tag != Tag::undef; }
// Argument Clinic's "must be str, not X" names None as "None", not "NoneType".
std::string clinic_type(const Value& v) { return v.is_none() ? "None" : type_name(v); }

// An integer argument (__index__): int or bool.
Res index_arg(State& st, const Value& v, int64_t* out) {
    if (v.tag == Tag::integer) { *out = v.u.i; return Res::ok; }
    if (v.tag == Tag::boolean) { *out = v.u.b; return Res::ok; }
    return st.raise("TypeError", std::string("'") + type_name(v) + "' object cannot be interpreted as an integer");
}

// [SECTION] positions -------------------------------------------------------------------------------
// Code-point positions of a str mapped to byte offsets (identity for ASCII).
struct CpIndex {
    const std::string& s;
    bool ascii;
    std::vector<size_t> off;  // byte offset of each code point, then s.size()
    explicit CpIndex(const std::string& str) : s(str), ascii(is_ascii(str)) {
        if (ascii) return;
        off.reserve(s.size() + 1);
        for (size_t i = 0; i < s.size(); ++i) if ((((unsigned char)s[i]) & 0xC0) != 0x80) off.push_back(i);
        off.push_back(s.size());
    }
    int64_t length() const { return ascii ? int64_t(s.size()) : int64_t(off.size()) - 1; }
    size_t byte(int64_t cp) const { return ascii ? size_t(cp) : off[size_t(cp)]; }
    int64_t cp(size_t byte_pos) const {
        if (ascii) return int64_t(byte_pos);
        return int64_t(std::lower_bound(off.begin(), off.end(), byte_pos) - off.begin());
    }
};

// start/end of find, count, startswith...: None or an int, then CPython's ADJUST_INDICES
// (end clamped to [0, len]; start made non-negative but may exceed len).
Res slice_arg(State& st, const Value& v, int64_t* out) {
    if (!given(v) || v.is_none()) return Res::ok;
    if (v.tag == Tag::integer) { *out = v.u.i; return Res::ok; }
    if (v.tag == Tag::boolean) { *out = v.u.b; return Res::ok; }
    return st.raise("TypeError", "slice indices must be integers or None or have an __index__ method");
}
struct Window {
    int64_t start = 0, end = 0;  // code points, adjusted
    size_t bstart = 0, bend = 0; // bytes (empty when start > end)
};
Res window_args(State& st, CallArgs& a, const CpIndex& ix, int first, Window& w) {
    int64_t len = ix.length();
    int64_t start = 0, end = INT64_MAX;
    if (a.npos > first && slice_arg(st, a.pos[first], &start) != Res::ok) return Res::error;
    if (a.npos > first + 1 && slice_arg(st, a.pos[first + 1], &end) != Res::ok) return Res::error;
    if (end > len) end = len;
    else if (end < 0) { end += len; if (end < 0) end = 0; }
    if (start < 0) { start += len; if (start < 0) start = 0; }
    w.start = start;
    w.end = end;
    if (start <= end) { w.bstart = ix.byte(start); w.bend = ix.byte(end); }
    return Res::ok;
}

Res need_sub(State& st, const Value& v) {
    if (!v.is(OT::str)) return st.raise("TypeError", std::string("must be str, not ") + type_name(v));
    return Res::ok;
}

// [SECTION] search ----------------------------------------------------------------------------------
// find/rfind/index/rindex: the code-point position of sub in the window, or -1.
Res find_impl(State& st, CallArgs& a, const char* name, bool reverse, int64_t* pos) {
    if (search_args(st, a, name) != Res::ok || need_sub(st, a.pos[0]) != Res::ok) return Res::error;
    const std::string& s = SELF_STR;
    const std::string& sub = str_of_obj(a.pos[0]);
    CpIndex ix(s);
    Window w;
    if (window_args(st, a, ix, 1, w) != Res::ok) return Res::error;
    *pos = -1;
    if (w.start > w.end) return Res::ok;
    std::string_view win(s.data() + w.bstart, w.bend - w.bstart);
    if (sub.empty()) { *pos = reverse ? w.end : w.start; return Res::ok; }
    size_t p = reverse ? win.rfind(sub) : win.find(sub);
    if (p != std::string_view::npos) *pos = ix.cp(w.bstart + p);
    return Res::ok;
}
Res m_find(State& st, CallArgs& a, Value& out) {
    int64_t p;
    if (find_impl(st, a, "find", false, &p) != Res::ok) return Res::error;
    out = Value::integer(p);
    return Res::ok;
}
Res m_rfind(State& st, CallArgs& a, Value& out) {
    int64_t p;
    if (find_impl(st, a, "rfind", true, &p) != Res::ok) return Res::error;
    out = Value::integer(p);
    return Res::ok;
}
Res m_index(State& st, CallArgs& a, Value& out) {
    int64_t p;
    if (find_impl(st, a, "index", false, &p) != Res::ok) return Res::error;
    if (p < 0) return st.raise("ValueError", "substring not found");
    out = Value::integer(p);
    return Res::ok;
}
Res m_rindex(State& st, CallArgs& a, Value& out) {
    int64_t p;
    if (find_impl(st, a, "rindex", true, &p) != Res::ok) return Res::error;
    if (p < 0) return st.raise("ValueError", "substring not found");
    out = Value::integer(p);
    return Res::ok;
}
Res m_count(State& st, CallArgs& a, Value& out) {
    if (search_args(st, a, "count") != Res::ok || need_sub(st, a.pos[0]) != Res::ok) return Res::error;
    const std::string& s = SELF_STR;
    const std::string& sub = str_of_obj(a.pos[0]);
    CpIndex ix(s);
    Window w;
    if (window_args(st, a, ix, 1, w) != Res::ok) return Res::error;
    int64_t n = 0;
    if (w.start > w.end) n = 0;
    else if (sub.empty()) n = w.end - w.start + 1;
    else {
        std::string_view win(s.data() + w.bstart, w.bend - w.bstart);
        for (size_t p = win.find(sub); p != std::string_view::npos; p = win.find(sub, p + sub.size())) ++n;
    }
    out = Value::integer(n);
    return Res::ok;
}
// startswith/endswith: prefix is a str or a tuple of str (tried in order).
Res affix_impl(State& st, CallArgs& a, const char* name, bool at_end, Value& out) {
    if (search_args(st, a, name) != Res::ok) return Res::error;
    const Value& arg = a.pos[0];
    if (!arg.is(OT::str) && !arg.is(OT::tuple))
        return st.raise("TypeError", std::string(name) + " first arg must be str or a tuple of str, not " + type_name(arg));
    const std::string& s = SELF_STR;
    CpIndex ix(s);
    Window w;
    if (window_args(st, a, ix, 1, w) != Res::ok) return Res::error;
    auto match = [&](const std::string& x) {
        if (w.start > w.end) return false;
        if (x.empty()) return true;
        size_t n = w.bend - w.bstart;
        if (x.size() > n) return false;
        return s.compare(at_end ? w.bend - x.size() : w.bstart, x.size(), x) == 0;
    };
    if (arg.is(OT::str)) { out = Value::boolean(match(str_of_obj(arg))); return Res::ok; }
    for (const Value& x : arg.as<ListObj>()->items) {
        if (!x.is(OT::str))
            return st.raise("TypeError", std::string("tuple for ") + name + " must only contain str, not " + type_name(x));
        if (match(str_of_obj(x))) { out = Value::boolean(true); return Res::ok; }
    }
    out = Value::boolean(false);
    return Res::ok;
}
Res m_startswith(State& st, CallArgs& a, Value& out) { return affix_impl(st, a, "startswith", false, out); }
Res m_endswith(State& st, CallArgs& a, Value& out) { return affix_impl(st, a, "endswith", true, out); }

// [SECTION] split and join --------------------------------------------------------------------------
// The whitespace character starting at s[i] (any of Python's), and its byte length.
size_t space_at(const std::string& s, size_t i) {
    unsigned char c = (unsigned char)s[i];
    if (c < 0x80) return uc_is_space(c) ? 1 : 0;
    size_t j = i;
    char32_t cp = utf8_next(s, j);
    return uc_is_space(cp) ? j - i : 0;
}
// The byte where the code point ending just before s[i] starts.
size_t prev_start(const std::string& s, size_t i) {
    --i;
    while (i > 0 && (((unsigned char)s[i]) & 0xC0) == 0x80) --i;
    return i;
}
size_t space_before(const std::string& s, size_t i) {  // length of the whitespace ending at i
    size_t p = prev_start(s, i);
    return space_at(s, p) == i - p ? i - p : 0;
}

Res split_args(State& st, CallArgs& a, const char* name, const std::string** sep, int64_t* maxsplit) {
    Value av[2];
    if (keyword_args(st, a, name, {"sep", "maxsplit"}, av) != Res::ok) return Res::error;
    *sep = nullptr;
    *maxsplit = -1;
    if (given(av[0]) && !av[0].is_none()) {
        if (!av[0].is(OT::str)) return st.raise("TypeError", std::string("must be str or None, not ") + type_name(av[0]));
        *sep = &str_of_obj(av[0]);
        if ((*sep)->empty()) return st.raise("ValueError", "empty separator");
    }
    if (given(av[1]) && index_arg(st, av[1], maxsplit) != Res::ok) return Res::error;
    if (*maxsplit < 0) *maxsplit = INT64_MAX;
    return Res::ok;
}

Res m_split(State& st, CallArgs& a, Value& out) {
    const std::string* sep;
    int64_t maxsplit;
    if (split_args(st, a, "split", &sep, &maxsplit) != Res::ok) return Res::error;
    const std::string& s = SELF_STR;
    if (charge_memory(st, double(s.size()) * 2) != Res::ok) return Res::error;
    std::vector<Value> parts;
    if (!sep) {  // runs of whitespace separate; the rest after maxsplit keeps its trailing spaces
        size_t i = 0, n = s.size();
        while (maxsplit-- > 0) {
            while (i < n) { size_t k = space_at(s, i); if (!k) break; i += k; }
            if (i == n) break;
            size_t j = i;
            while (i < n && !space_at(s, i)) ++i;
            parts.push_back(make_str(s.substr(j, i - j)));
        }
        if (i < n) {
            while (i < n) { size_t k = space_at(s, i); if (!k) break; i += k; }
            if (i != n) parts.push_back(make_str(s.substr(i)));
        }
    } else {
        size_t i = 0;
        for (;;) {
            size_t j = maxsplit > 0 ? s.find(*sep, i) : std::string::npos;
            if (j == std::string::npos) { parts.push_back(make_str(s.substr(i))); break; }
            parts.push_back(make_str(s.substr(i, j - i)));
            i = j + sep->size();
            --maxsplit;
        }
    }
    out = make_list(std::move(parts));
    return Res::ok;
}
Res m_rsplit(State& st, CallArgs& a, Value& out) {
    const std::string* sep;
    int64_t maxsplit;
    if (split_args(st, a, "rsplit", &sep, &maxsplit) != Res::ok) return Res::error;
    const std::string& s = SELF_STR;
    if (charge_memory(st, double(s.size()) * 2) != Res::ok) return Res::error;
    std::vector<Value> parts;
    if (!sep) {
        size_t i = s.size();
        while (maxsplit-- > 0) {
            while (i > 0) { size_t k = space_before(s, i); if (!k) break; i -= k; }
            if (i == 0) break;
            size_t j = i;
            while (i > 0 && !space_before(s, i)) i = prev_start(s, i);
            parts.push_back(make_str(s.substr(i, j - i)));
        }
        if (i > 0) {
            while (i > 0) { size_t k = space_before(s, i); if (!k) break; i -= k; }
            if (i != 0) parts.push_back(make_str(s.substr(0, i)));
        }
    } else {
        size_t end = s.size();
        for (;;) {
            size_t j = std::string::npos;
            if (maxsplit > 0 && end >= sep->size()) j = s.rfind(*sep, end - sep->size());
            if (j == std::string::npos) { parts.push_back(make_str(s.substr(0, end))); break; }
            parts.push_back(make_str(s.substr(j + sep->size(), end - j - sep->size())));
            end = j;
            --maxsplit;
        }
    }
    std::reverse(parts.begin(), parts.end());
    out = make_list(std::move(parts));
    return Res::ok;
}
Res m_splitlines(State& st, CallArgs& a, Value& out) {
    Value av[1];
    if (keyword_args(st, a, "splitlines", {"keepends"}, av) != Res::ok) return Res::error;
    int64_t keep = 0;
    if (given(av[0]) && index_arg(st, av[0], &keep) != Res::ok) return Res::error;
    const std::string& s = SELF_STR;
    if (charge_memory(st, double(s.size()) * 2) != Res::ok) return Res::error;
    std::vector<Value> lines;
    size_t i = 0, n = s.size();
    while (i < n) {
        size_t j = i, eol = 0;
        while (j < n) {
            size_t k = j;
            char32_t c = utf8_next(s, k);
            if (uc_is_linebreak(c)) { eol = k - j; if (c == '\r' && k < n && s[k] == '\n') ++eol; break; }
            j = k;
        }
        lines.push_back(make_str(s.substr(i, j - i + (keep ? eol : 0))));
        i = j + eol;
    }
    out = make_list(std::move(lines));
    return Res::ok;
}
Res m_join(State& st, CallArgs& a, Value& out) {
    if (one_arg(st, a, "join") != Res::ok) return Res::error;
    std::vector<Value> copy;
    const std::vector<Value>* src = &copy;
    if (a.pos[0].is(OT::list) || a.pos[0].is(OT::tuple)) {
        src = &a.pos[0].as<ListObj>()->items;  // no copy of a list being joined
    } else {
        Value it;
        if (get_iter(st, a.pos[0], it) != Res::ok) {
            st.exc = Value();
            return st.raise("TypeError", "can only join an iterable");
        }
        if (to_vector(st, a.pos[0], copy) != Res::ok) return Res::error;
    }
    const std::vector<Value>& items = *src;
    const std::string& sep = SELF_STR;
    double need = double(sep.size()) * double(items.size());
    for (size_t i = 0; i < items.size(); ++i) {
        if (!items[i].is(OT::str))
            return st.raise("TypeError", "sequence item " + std::to_string(i) + ": expected str instance, " + type_name(items[i]) + " found");
        need += double(str_of_obj(items[i]).size());
    }
    if (charge_memory(st, need) != Res::ok) return Res::error;
    std::string r;
    r.reserve(size_t(need));
    for (size_t i = 0; i < items.size(); ++i) {
        if (i) r += sep;
        r += str_of_obj(items[i]);
    }
    out = make_str(std::move(r));
    return Res::ok;
}
Res partition_impl(State& st, CallArgs& a, const char* name, bool reverse, Value& out) {
    if (one_arg(st, a, name) != Res::ok || need_sub(st, a.pos[0]) != Res::ok) return Res::error;
    const std::string& s = SELF_STR;
    const std::string& sep = str_of_obj(a.pos[0]);
    if (sep.empty()) return st.raise("ValueError", "empty separator");
    size_t p = reverse ? s.rfind(sep) : s.find(sep);
    if (p == std::string::npos) {
        out = reverse ? make_tuple({make_str(""), make_str(""), *a.self}) : make_tuple({*a.self, make_str(""), make_str("")});
        return Res::ok;
    }
    out = make_tuple({make_str(s.substr(0, p)), a.pos[0], make_str(s.substr(p + sep.size()))});
    return Res::ok;
}
Res m_partition(State& st, CallArgs& a, Value& out) { return partition_impl(st, a, "partition", false, out); }
Res m_rpartition(State& st, CallArgs& a, Value& out) { return partition_impl(st, a, "rpartition", true, out); }

// [SECTION] strip, replace, pad ------------------------------------------------------------------------
Res strip_impl(State& st, CallArgs& a, const char* name, bool left, bool right, Value& out) {
    if (posonly_args(st, a, name, 0, 1) != Res::ok) return Res::error;
    const std::string& s = SELF_STR;
    const Value* chars = a.npos == 1 && !a.pos[0].is_none() ? &a.pos[0] : nullptr;
    if (chars && !chars->is(OT::str)) return st.raise("TypeError", std::string(name) + " arg must be None or str");
    std::u32string set;
    if (chars) set = utf8_decode(str_of_obj(*chars));
    auto strip_at = [&](size_t i, size_t* len) {  // does the code point at byte i get stripped?
        size_t j = i;
        char32_t c = utf8_next(s, j);
        *len = j - i;
        return chars ? set.find(c) != std::u32string::npos : uc_is_space(c);
    };
    size_t b = 0, e = s.size(), len;
    if (left) while (b < e && strip_at(b, &len)) b += len;
    if (right) {
        while (e > b) {
            size_t p = prev_start(s, e);
            if (!strip_at(p, &len)) break;
            e = p;
        }
    }
    if (b == 0 && e == s.size()) { out = *a.self; return Res::ok; }
    out = make_str(s.substr(b, e - b));
    return Res::ok;
}
Res m_strip(State& st, CallArgs& a, Value& out) { return strip_impl(st, a, "strip", true, true, out); }
Res m_lstrip(State& st, CallArgs& a, Value& out) { return strip_impl(st, a, "lstrip", true, false, out); }
Res m_rstrip(State& st, CallArgs& a, Value& out) { return strip_impl(st, a, "rstrip", false, true, out); }

Res m_replace(State& st, CallArgs& a, Value& out) {
    if (posonly_args(st, a, "replace", 2, 3) != Res::ok) return Res::error;
    for (int i = 0; i < 2; ++i)
        if (!a.pos[i].is(OT::str))
            return st.raise("TypeError", "replace() argument " + std::to_string(i + 1) + " must be str, not " + clinic_type(a.pos[i]));
    int64_t count = -1;
    if (a.npos == 3 && index_arg(st, a.pos[2], &count) != Res::ok) return Res::error;
    if (count < 0) count = INT64_MAX;
    const std::string& s = SELF_STR;
    const std::string& o = str_of_obj(a.pos[0]);
    const std::string& n = str_of_obj(a.pos[1]);
    // Count the replacements first, so the memory charge comes before the allocation.
    int64_t hits = 0;
    if (o.empty()) {
        hits = std::min<int64_t>(count, int64_t(utf8_length(s)) + 1);
    } else {
        for (size_t p = s.find(o); p != std::string::npos && hits < count; p = s.find(o, p + o.size())) ++hits;
    }
    if (hits == 0) { out = *a.self; return Res::ok; }
    double size = double(s.size()) + double(hits) * (double(n.size()) - double(o.size()));
    if (charge_memory(st, size) != Res::ok) return Res::error;
    std::string r;
    r.reserve(size_t(size));
    if (o.empty()) {
        size_t i = 0;
        for (int64_t k = 0; k < hits; ++k) {
            r += n;
            if (i < s.size()) { size_t j = i; utf8_next(s, j); r.append(s, i, j - i); i = j; }
        }
        r.append(s, i, std::string::npos);
    } else {
        size_t i = 0;
        for (int64_t k = 0; k < hits; ++k) {
            size_t j = s.find(o, i);
            r.append(s, i, j - i);
            r += n;
            i = j + o.size();
        }
        r.append(s, i, std::string::npos);
    }
    out = make_str(std::move(r));
    return Res::ok;
}

Res removeaffix(State& st, CallArgs& a, const char* name, bool suffix, Value& out) {
    if (one_arg(st, a, name) != Res::ok) return Res::error;
    if (!a.pos[0].is(OT::str)) return st.raise("TypeError", std::string(name) + "() argument must be str, not " + clinic_type(a.pos[0]));
    const std::string& s = SELF_STR;
    const std::string& x = str_of_obj(a.pos[0]);
    bool has = !x.empty() && s.size() >= x.size() && s.compare(suffix ? s.size() - x.size() : 0, x.size(), x) == 0;
    out = !has ? *a.self : make_str(suffix ? s.substr(0, s.size() - x.size()) : s.substr(x.size()));
    return Res::ok;
}
Res m_removeprefix(State& st, CallArgs& a, Value& out) { return removeaffix(st, a, "removeprefix", false, out); }
Res m_removesuffix(State& st, CallArgs& a, Value& out) { return removeaffix(st, a, "removesuffix", true, out); }

// center/ljust/rjust: how = '^', '<', '>'.
Res pad_impl(State& st, CallArgs& a, const char* name, char how, Value& out) {
    if (posonly_args(st, a, name, 1, 2) != Res::ok) return Res::error;
    int64_t width;
    if (index_arg(st, a.pos[0], &width) != Res::ok) return Res::error;
    std::string fill = " ";
    if (a.npos == 2) {
        const Value& f = a.pos[1];
        if (!f.is(OT::str)) return st.raise("TypeError", std::string("The fill character must be a unicode character, not ") + type_name(f));
        if (utf8_length(str_of_obj(f)) != 1) return st.raise("TypeError", "The fill character must be exactly one character long");
        fill = str_of_obj(f);
    }
    const std::string& s = SELF_STR;
    int64_t len = int64_t(utf8_length(s));
    if (len >= width) { out = *a.self; return Res::ok; }
    int64_t marg = width - len, left = 0;
    if (how == '^') left = marg / 2 + (marg & width & 1);
    else if (how == '>') left = marg;
    if (charge_memory(st, double(s.size()) + double(marg) * double(fill.size())) != Res::ok) return Res::error;
    std::string r;
    r.reserve(s.size() + size_t(marg) * fill.size());
    for (int64_t i = 0; i < left; ++i) r += fill;
    r += s;
    for (int64_t i = left; i < marg; ++i) r += fill;
    out = make_str(std::move(r));
    return Res::ok;
}
Res m_center(State& st, CallArgs& a, Value& out) { return pad_impl(st, a, "center", '^', out); }
Res m_ljust(State& st, CallArgs& a, Value& out) { return pad_impl(st, a, "ljust", '<', out); }
Res m_rjust(State& st, CallArgs& a, Value& out) { return pad_impl(st, a, "rjust", '>', out); }

Res m_zfill(State& st, CallArgs& a, Value& out) {
    if (one_arg(st, a, "zfill") != Res::ok) return Res::error;
    int64_t width;
    if (index_arg(st, a.pos[0], &width) != Res::ok) return Res::error;
    const std::string& s = SELF_STR;
    int64_t len = int64_t(utf8_length(s));
    if (len >= width) { out = *a.self; return Res::ok; }
    size_t fill = size_t(width - len);
    if (charge_memory(st, double(s.size() + fill)) != Res::ok) return Res::error;
    std::string r(fill, '0');
    r += s;
    if (r[fill] == '+' || r[fill] == '-') { r[0] = r[fill]; r[fill] = '0'; }
    out = make_str(std::move(r));
    return Res::ok;
}

Res m_expandtabs(State& st, CallArgs& a, Value& out) {
    Value av[1];
    if (keyword_args(st, a, "expandtabs", {"tabsize"}, av) != Res::ok) return Res::error;
    int64_t tab = 8;
    if (given(av[0]) && index_arg(st, av[0], &tab) != Res::ok) return Res::error;
    const std::string& s = SELF_STR;
    int64_t col = 0;
    double size = 0;
    for (size_t i = 0; i < s.size();) {  // first pass: the size, for the memory charge
        char32_t c = utf8_next(s, i);
        if (c == '\t') { if (tab > 0) { size += double(tab - col % tab); col += tab - col % tab; } }
        else { ++col; size += 1; if (c == '\n' || c == '\r') col = 0; }
    }
    if (charge_memory(st, size) != Res::ok) return Res::error;
    std::string r;
    col = 0;
    for (size_t i = 0; i < s.size();) {
        size_t j = i;
        char32_t c = utf8_next(s, j);
        if (c == '\t') {
            if (tab > 0) { int64_t n = tab - col % tab; r.append(size_t(n), ' '); col += n; }
        } else {
            r.append(s, i, j - i);
            ++col;
            if (c == '\n' || c == '\r') col = 0;
        }
        i = j;
    }
    out = make_str(std::move(r));
    return Res::ok;
}

// [SECTION] case -----------------------------------------------------------------------------------
enum class Recase : uint8_t { upper, lower, title, capitalize, swapcase, casefold };

std::string recase_ascii(const std::string& s, Recase how) {
    std::string r = s;
    auto up = [](char& c) { if (c >= 'a' && c <= 'z') c = char(c - 32); };
    auto low = [](char& c) { if (c >= 'A' && c <= 'Z') c = char(c + 32); };
    auto cased = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); };
    switch (how) {
        case Recase::upper: for (char& c : r) up(c); break;
        case Recase::lower: case Recase::casefold: for (char& c : r) low(c); break;
        case Recase::swapcase: for (char& c : r) { if (c >= 'a' && c <= 'z') up(c); else low(c); } break;
        case Recase::capitalize:
            for (char& c : r) low(c);
            if (!r.empty()) up(r[0]);
            break;
        case Recase::title: {
            bool prev = false;
            for (char& c : r) {
                bool was = cased(c);
                if (prev) low(c); else up(c);
                prev = was;
            }
            break;
        }
    }
    return r;
}

std::string recase(const std::string& s, Recase how) {
    if (is_ascii(s)) return recase_ascii(s, how);
    std::u32string u = utf8_decode(s), r;
    r.reserve(u.size());
    bool prev = false;
    for (size_t i = 0; i < u.size(); ++i) {
        char32_t c = u[i];
        switch (how) {
            case Recase::upper: uc_map(u, i, CaseMap::upper, r); break;
            case Recase::lower: uc_map(u, i, CaseMap::lower, r); break;
            case Recase::casefold: uc_map(u, i, CaseMap::fold, r); break;
            case Recase::capitalize: uc_map(u, i, i == 0 ? CaseMap::title : CaseMap::lower, r); break;
            case Recase::title:
                uc_map(u, i, prev ? CaseMap::lower : CaseMap::title, r);
                prev = uc_is_cased(c);
                break;
            case Recase::swapcase:
                if (uc_is_upper(c)) uc_map(u, i, CaseMap::lower, r);
                else if (uc_is_lower(c)) uc_map(u, i, CaseMap::upper, r);
                else r.push_back(c);
                break;
        }
    }
    return utf8_encode(r);
}

Res recase_method(State& st, CallArgs& a, const char* name, Recase how, Value& out) {
    if (no_args(st, a, name) != Res::ok) return Res::error;
    const std::string& s = SELF_STR;
    if (charge_memory(st, double(s.size()) * 1.5) != Res::ok) return Res::error;
    out = make_str(recase(s, how));
    return Res::ok;
}
Res m_upper(State& st, CallArgs& a, Value& out) { return recase_method(st, a, "upper", Recase::upper, out); }
Res m_lower(State& st, CallArgs& a, Value& out) { return recase_method(st, a, "lower", Recase::lower, out); }
// str.encode(encoding='utf-8', errors='strict'): the codecs are bytes_ops.cpp's.
Res m_encode(State& st, CallArgs& a, Value& out) {
    Value av[2];
    if (parse_args(st, a, "encode", {"encoding", "errors"}, 0, av) != Res::ok) return Res::error;
    std::string enc = "utf-8", err = "strict", b;
    for (int i = 0; i < 2; ++i) {
        if (av[i].tag == Tag::undef) continue;
        if (!av[i].is(OT::str))
            return st.raise("TypeError", std::string("encode() argument '") + (i ? "errors" : "encoding") + "' must be str, not " + type_name(av[i]));
        (i ? err : enc) = str_of_obj(av[i]);
    }
    if (codec_encode(st, *a.self, enc, err, b) != Res::ok) return Res::error;
    out = make_bytes(std::move(b), false);
    return Res::ok;
}
Res m_title(State& st, CallArgs& a, Value& out) { return recase_method(st, a, "title", Recase::title, out); }
Res m_capitalize(State& st, CallArgs& a, Value& out) { return recase_method(st, a, "capitalize", Recase::capitalize, out); }
Res m_swapcase(State& st, CallArgs& a, Value& out) { return recase_method(st, a, "swapcase", Recase::swapcase, out); }
Res m_casefold(State& st, CallArgs& a, Value& out) { return recase_method(st, a, "casefold", Recase::casefold, out); }

// [SECTION] predicates --------------------------------------------------------------------------------
// "every character satisfies p" (False for the empty string).
template <class P> Res all_chars(State& st, CallArgs& a, const char* name, Value& out, P p) {
    if (no_args(st, a, name) != Res::ok) return Res::error;
    const std::string& s = SELF_STR;
    bool ok = !s.empty();
    for (size_t i = 0; ok && i < s.size();) ok = p(utf8_next(s, i));
    out = Value::boolean(ok);
    return Res::ok;
}
Res m_isdigit(State& st, CallArgs& a, Value& out) { return all_chars(st, a, "isdigit", out, uc_is_digit); }
Res m_isdecimal(State& st, CallArgs& a, Value& out) { return all_chars(st, a, "isdecimal", out, uc_is_decimal); }
Res m_isnumeric(State& st, CallArgs& a, Value& out) { return all_chars(st, a, "isnumeric", out, uc_is_numeric); }
Res m_isalpha(State& st, CallArgs& a, Value& out) { return all_chars(st, a, "isalpha", out, uc_is_alpha); }
Res m_isspace(State& st, CallArgs& a, Value& out) { return all_chars(st, a, "isspace", out, uc_is_space); }
Res m_isalnum(State& st, CallArgs& a, Value& out) {
    return all_chars(st, a, "isalnum", out, [](char32_t c) { return uc_is_alpha(c) || uc_is_numeric(c); });
}
Res m_isascii(State& st, CallArgs& a, Value& out) {
    if (no_args(st, a, "isascii") != Res::ok) return Res::error;
    out = Value::boolean(is_ascii(SELF_STR));
    return Res::ok;
}
Res m_isprintable(State& st, CallArgs& a, Value& out) {
    if (no_args(st, a, "isprintable") != Res::ok) return Res::error;
    const std::string& s = SELF_STR;
    bool ok = true;  // True for the empty string
    for (size_t i = 0; ok && i < s.size();) ok = uc_is_printable(utf8_next(s, i));
    out = Value::boolean(ok);
    return Res::ok;
}
Res m_isidentifier(State& st, CallArgs& a, Value& out) {
    if (no_args(st, a, "isidentifier") != Res::ok) return Res::error;
    const std::string& s = SELF_STR;
    bool ok = !s.empty();
    for (size_t i = 0; ok && i < s.size();) {
        bool first = i == 0;
        char32_t c = utf8_next(s, i);
        ok = first ? (uc_is_xid_start(c) || c == '_') : uc_is_xid_continue(c);
    }
    out = Value::boolean(ok);
    return Res::ok;
}
// isupper: some cased character and no lowercase one; islower the other way round.
Res case_test(State& st, CallArgs& a, const char* name, bool upper, Value& out) {
    if (no_args(st, a, name) != Res::ok) return Res::error;
    const std::string& s = SELF_STR;
    bool cased = false;
    for (size_t i = 0; i < s.size();) {
        char32_t c = utf8_next(s, i);
        if (upper ? uc_is_lower(c) : uc_is_upper(c)) { out = Value::boolean(false); return Res::ok; }
        if (upper ? uc_is_upper(c) : uc_is_lower(c)) cased = true;
    }
    out = Value::boolean(cased);
    return Res::ok;
}
Res m_isupper(State& st, CallArgs& a, Value& out) { return case_test(st, a, "isupper", true, out); }
Res m_islower(State& st, CallArgs& a, Value& out) { return case_test(st, a, "islower", false, out); }
Res m_istitle(State& st, CallArgs& a, Value& out) {
    if (no_args(st, a, "istitle") != Res::ok) return Res::error;
    const std::string& s = SELF_STR;
    bool cased = false, prev = false;
    for (size_t i = 0; i < s.size();) {
        char32_t c = utf8_next(s, i);
        if (uc_is_upper(c)) {
            if (prev) { out = Value::boolean(false); return Res::ok; }
            prev = cased = true;
        } else if (uc_is_lower(c)) {
            if (!prev) { out = Value::boolean(false); return Res::ok; }
            prev = cased = true;
        } else {
            prev = false;
        }
    }
    out = Value::boolean(cased);
    return Res::ok;
}

// [SECTION] format -------------------------------------------------------------------------------------
Res m_format(State& st, CallArgs& a, Value& out) {
    FormatArgs fa;
    fa.pos = a.pos; fa.npos = a.npos;
    fa.kwnames = a.kwnames; fa.kwvals = a.kwvals; fa.nkw = a.nkw;
    std::string r;
    if (str_format(st, SELF_STR, fa, r) != Res::ok) return Res::error;
    out = make_str(std::move(r));
    return Res::ok;
}
Res m_format_map(State& st, CallArgs& a, Value& out) {
    if (one_arg(st, a, "format_map") != Res::ok) return Res::error;
    FormatArgs fa;
    fa.mapping = &a.pos[0];
    std::string r;
    if (str_format(st, SELF_STR, fa, r) != Res::ok) return Res::error;
    out = make_str(std::move(r));
    return Res::ok;
}

#undef SELF_STR

// [SECTION] table ----------------------------------------------------------------------------------------
// Sorted by name (find_str_method searches it).
const StrMethod kStrMethods[] = {
    {"capitalize", m_capitalize}, {"casefold", m_casefold}, {"center", m_center},
    {"count", m_count}, {"encode", m_encode}, {"endswith", m_endswith}, {"expandtabs", m_expandtabs},
    {"find", m_find}, {"format", m_format}, {"format_map", m_format_map},
    {"index", m_index}, {"isalnum", m_isalnum}, {"isalpha", m_isalpha},
    {"isascii", m_isascii}, {"isdecimal", m_isdecimal}, {"isdigit", m_isdigit},
    {"isidentifier", m_isidentifier}, {"islower", m_islower}, {"isnumeric", m_isnumeric},
    {"isprintable", m_isprintable}, {"isspace", m_isspace}, {"istitle", m_istitle},
    {"isupper", m_isupper}, {"join", m_join}, {"ljust", m_ljust},
    {"lower", m_lower}, {"lstrip", m_lstrip}, {"partition", m_partition},
    {"removeprefix", m_removeprefix}, {"removesuffix", m_removesuffix}, {"replace", m_replace},
    {"rfind", m_rfind}, {"rindex", m_rindex}, {"rjust", m_rjust},
    {"rpartition", m_rpartition}, {"rsplit", m_rsplit}, {"rstrip", m_rstrip},
    {"split", m_split}, {"splitlines", m_splitlines}, {"startswith", m_startswith},
    {"strip", m_strip}, {"swapcase", m_swapcase}, {"title", m_title},
    {"upper", m_upper}, {"zfill", m_zfill},
};
}  // namespace

const StrMethod* find_str_method(std::string_view name) {
    const StrMethod* end = std::end(kStrMethods);
    const StrMethod* m = std::lower_bound(std::begin(kStrMethods), end, name,
                                          [](const StrMethod& x, std::string_view n) { return std::string_view(x.name) < n; });
    return m != end && name == m->name ? m : nullptr;
}

}  // namespace forklab::lang
