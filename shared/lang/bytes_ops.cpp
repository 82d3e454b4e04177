// bytes: the methods and operators a scenario needs around Pipe.send_bytes / recv_bytes.
#include "lang/ast.h"
#include "lang/builtins.h"
#include "lang/bytes_ops.h"
#include "lang/native_args.h"

namespace forklab::lang {

namespace {
const std::string& self_bytes(CallArgs& a) { return a.self->as<BytesObj>()->s; }

bool valid_utf8(const std::string& s, size_t* bad) {
    for (size_t i = 0; i < s.size();) {
        unsigned char c = (unsigned char)s[i];
        size_t n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
        if (n == 0 || i + n > s.size()) { *bad = i; return false; }
        for (size_t k = 1; k < n; ++k)
            if ((((unsigned char)s[i + k]) & 0xC0) != 0x80) { *bad = i; return false; }
        i += n;
    }
    return true;
}

Res m_decode(State& st, CallArgs& a, Value& out) {
    FORKLAB_ARGS("decode", 0, "encoding", "errors");
    std::string enc = FORKLAB_GIVEN(0) && av[0].is(OT::str) ? av[0].as<StrObj>()->s : "utf-8";
    for (auto& c : enc) c = char(std::tolower((unsigned char)c));
    const std::string& b = self_bytes(a);
    if (enc == "ascii") {
        for (size_t i = 0; i < b.size(); ++i)
            if ((unsigned char)b[i] >= 128) {
                char msg[160];
                std::snprintf(msg, sizeof msg, "'ascii' codec can't decode byte 0x%02x in position %zu: ordinal not in range(128)", (unsigned char)b[i], i);
                return st.raise("UnicodeDecodeError", msg);
            }
    } else if (enc == "utf-8" || enc == "utf8") {
        size_t bad = 0;
        if (!valid_utf8(b, &bad)) {
            char msg[160];
            std::snprintf(msg, sizeof msg, "'utf-8' codec can't decode byte 0x%02x in position %zu: invalid start byte", (unsigned char)b[bad], bad);
            return st.raise("UnicodeDecodeError", msg);
        }
    } else {
        return st.raise("LookupError", "unknown encoding: " + enc);
    }
    out = make_str(b);
    return Res::ok;
}

Res m_hex(State& st, CallArgs& a, Value& out) {
    (void)st;
    static const char digits[] = "0123456789abcdef";
    std::string h;
    for (unsigned char c : self_bytes(a)) { h += digits[c >> 4]; h += digits[c & 15]; }
    out = make_str(std::move(h));
    return Res::ok;
}

Res m_count(State& st, CallArgs& a, Value& out) {
    FORKLAB_ARGS("count", 1, "sub");
    const std::string& b = self_bytes(a);
    std::string sub;
    if (av[0].is(OT::bytes)) sub = av[0].as<BytesObj>()->s;
    else if (av[0].tag == Tag::integer) sub = std::string(1, char(av[0].u.i));
    else return st.raise("TypeError", std::string("argument should be integer or bytes-like object, not '") + type_name(av[0]) + "'");
    int64_t n = 0;
    if (sub.empty()) n = int64_t(b.size()) + 1;
    else for (size_t p = b.find(sub); p != std::string::npos; p = b.find(sub, p + sub.size())) ++n;
    out = Value::integer(n);
    return Res::ok;
}

struct BytesMethod { const char* name; NativeFn fn; };
const BytesMethod kBytesMethods[] = {{"decode", m_decode}, {"hex", m_hex}, {"count", m_count}};
}  // namespace

NativeFn find_bytes_method(std::string_view name) {
    for (const BytesMethod& m : kBytesMethods) if (name == m.name) return m.fn;
    return nullptr;
}

Res bytes_binary(State& st, int op, const Value& a, const Value& b, Value& out, bool* handled) {
    *handled = false;
    if (op == op_add && a.is(OT::bytes) && b.is(OT::bytes)) {
        Res r = charge_memory(st, double(a.as<BytesObj>()->s.size() + b.as<BytesObj>()->s.size()));
        if (r != Res::ok) return r;
        out = Value::object(new BytesObj(a.as<BytesObj>()->s + b.as<BytesObj>()->s));
        *handled = true;
        return Res::ok;
    }
    if (op == op_mul && ((a.is(OT::bytes) && b.tag == Tag::integer) || (b.is(OT::bytes) && a.tag == Tag::integer))) {
        const std::string& s = a.is(OT::bytes) ? a.as<BytesObj>()->s : b.as<BytesObj>()->s;
        int64_t n = a.is(OT::bytes) ? b.u.i : a.u.i;
        if (n < 0) n = 0;
        Res r = charge_memory(st, double(s.size()) * double(n));
        if (r != Res::ok) return r;
        std::string res;
        res.reserve(s.size() * size_t(n));
        for (int64_t i = 0; i < n; ++i) res += s;
        out = Value::object(new BytesObj(std::move(res)));
        *handled = true;
    }
    return Res::ok;
}

}  // namespace forklab::lang
