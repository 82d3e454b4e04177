#include "lang/call_site_text.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>

namespace forklab::lang {

namespace {

constexpr size_t kMaxText = 48;  // longer texts stop helping the reader

bool append_text(std::string& out, const Expr& e, int depth);

// As Python's repr() writes a float: the shortest text that reads back the same.
std::string float_text(double f) {
    char buf[40];
    for (int precision = 1; precision <= 17; ++precision) {
        std::snprintf(buf, sizeof buf, "%.*g", precision, f);
        if (std::strtod(buf, nullptr) == f) break;
    }
    std::string s = buf;
    if (s.find_first_of(".en") == std::string::npos) s += ".0";
    return s;
}

bool append_args(std::string& out, const Expr& call, int depth) {
    const size_t nargs = call.a.size() - 1;
    const size_t nkw = call.kwnames.size();
    for (size_t i = 1; i <= nargs; ++i) {
        if (i > 1) out += ", ";
        const size_t k = i - 1 + nkw - nargs;  // keyword index when i is past the positionals
        if (i > nargs - nkw) {
            if (call.kwnames[k] == "**") out += "**";
            else out += call.kwnames[k] + "=";
        }
        if (!append_text(out, *call.a[i], depth + 1)) return false;
    }
    return true;
}

bool append_text(std::string& out, const Expr& e, int depth) {
    if (depth > 6 || out.size() > kMaxText) return false;
    switch (e.kind) {
        case EK::name: out += e.s; return true;
        case EK::integer: out += std::to_string(e.i); return true;
        case EK::real: out += float_text(e.f); return true;
        case EK::none: out += "None"; return true;
        case EK::true_: out += "True"; return true;
        case EK::false_: out += "False"; return true;
        case EK::str:
            if (e.s.size() > 16 || e.s.find_first_of("'\\\n\r\t") != std::string::npos) return false;
            out += "'" + e.s + "'";
            return true;
        case EK::attr:
            if (!append_text(out, *e.a[0], depth + 1)) return false;
            out += "." + e.s;
            return true;
        case EK::subscript:
            if (!append_text(out, *e.a[0], depth + 1)) return false;
            out += "[";
            if (!append_text(out, *e.a[1], depth + 1)) return false;
            out += "]";
            return true;
        case EK::starred:
            out += "*";
            return append_text(out, *e.a[0], depth + 1);
        case EK::call: {
            if (!append_text(out, *e.a[0], depth + 1)) return false;
            out += "(";
            if (!append_args(out, e, depth)) return false;
            out += ")";
            return true;
        }
        default: return false;
    }
}

}  // namespace

std::string expr_source_text(const Expr& e) {
    std::string out;
    if (!append_text(out, e, 0) || out.size() > kMaxText) return "";
    return out;
}

CallSite call_site_of(const Expr& call, uint32_t word) {
    CallSite site;
    site.word = word;
    const Expr& callee = *call.a[0];
    std::string text = expr_source_text(callee);
    if (text.empty()) return site;
    if (callee.kind == EK::attr) site.subject = expr_source_text(*callee.a[0]);
    std::string args;
    if (append_args(args, call, 1) && text.size() + args.size() + 2 <= kMaxText)
        text += "(" + args + ")";
    else
        text += "(...)";
    site.text = std::move(text);
    return site;
}

CallSite with_site_of(const Expr& context, uint32_t word) {
    CallSite site;
    site.word = word;
    site.subject = expr_source_text(context);
    if (!site.subject.empty()) site.text = "with " + site.subject;
    return site;
}

const CallSite* find_call_site(const Code& code, uint32_t word) {
    auto it = std::lower_bound(code.call_sites.begin(), code.call_sites.end(), word,
                               [](const CallSite& s, uint32_t w) { return s.word < w; });
    return it != code.call_sites.end() && it->word == word ? &*it : nullptr;
}

}  // namespace forklab::lang
