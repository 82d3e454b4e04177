#include "lang/disasm.h"

#include <cstdio>
#include <set>
#include <string_view>

#include "lang/ast.h"
#include "lang/compiler.h"
#include "lang/value.h"

namespace forklab::lang {

namespace {

constexpr const char* kOpNames[] = {
#define X(name, effect) #name,
    FORKLAB_OPCODES(X)
#undef X
};
static_assert(sizeof(kOpNames) / sizeof(kOpNames[0]) == size_t(Op::count_));

// What an opcode's argument means, as compiler.cpp encodes it. Keyed by the opcode's name,
// not by its enumerator, so that opcodes added, renamed or removed in opcodes.h never break
// this file: an opcode missing here shows its raw argument and no annotation.
enum class Arg {
    raw,        // meaning unknown here: the number only
    none,       // unused (always 0): not shown
    constant, int24, local, global, name, code,
    binop, inplace, unop, cmpop, jump,
    items, pairs, pieces, targets, positional, call_kw, unpack_ex, depth, format, has_message,
    raise,
};

struct ArgOf {
    const char* op;
    Arg arg;
};

constexpr ArgOf kArgs[] = {
    {"nop", Arg::none}, {"pop", Arg::none}, {"dup", Arg::none}, {"dup2", Arg::none},
    {"rot2", Arg::none}, {"rot3", Arg::none}, {"load_none", Arg::none}, {"load_true", Arg::none},
    {"load_false", Arg::none}, {"load_ellipsis", Arg::none}, {"load_subscr", Arg::none},
    {"store_subscr", Arg::none}, {"delete_subscr", Arg::none}, {"get_iter", Arg::none},
    {"build_slice", Arg::none}, {"list_extend", Arg::none}, {"dict_merge", Arg::none},
    {"list_to_tuple", Arg::none}, {"call_ex", Arg::none}, {"return_value", Arg::none},
    {"with_enter", Arg::none}, {"with_exit", Arg::none}, {"make_class", Arg::none},
    {"push_exc_info", Arg::none}, {"pop_except", Arg::none}, {"check_exc_match", Arg::none},
    {"reraise", Arg::none}, {"exc_for_exit", Arg::none}, {"yield_value", Arg::none},

    {"load_const", Arg::constant}, {"load_int", Arg::int24},
    {"load_fast", Arg::local}, {"store_fast", Arg::local}, {"delete_fast", Arg::local},
    {"load_deref", Arg::local}, {"store_deref", Arg::local}, {"delete_deref", Arg::local},
    {"load_closure", Arg::local},
    {"load_global", Arg::global}, {"store_global", Arg::global}, {"delete_global", Arg::global},
    {"load_name_ns", Arg::global}, {"store_name_ns", Arg::global},
    {"load_attr", Arg::name}, {"store_attr", Arg::name}, {"delete_attr", Arg::name},
    {"load_method", Arg::name}, {"load_special", Arg::name}, {"import_name", Arg::name},
    {"import_from", Arg::name},
    {"binary", Arg::binop}, {"inplace", Arg::inplace}, {"unary", Arg::unop}, {"compare", Arg::cmpop},
    {"jump", Arg::jump}, {"pop_jump_if_false", Arg::jump}, {"pop_jump_if_true", Arg::jump},
    {"jump_if_false_or_pop", Arg::jump}, {"jump_if_true_or_pop", Arg::jump}, {"for_iter", Arg::jump},
    {"build_list", Arg::items}, {"build_tuple", Arg::items}, {"build_set", Arg::items},
    {"build_dict", Arg::pairs}, {"build_string", Arg::pieces}, {"unpack", Arg::targets},
    {"unpack_ex", Arg::unpack_ex}, {"call", Arg::positional}, {"call_method", Arg::positional},
    {"call_kw", Arg::call_kw}, {"list_append", Arg::depth}, {"set_add", Arg::depth},
    {"dict_set", Arg::depth}, {"format_value", Arg::format}, {"make_function", Arg::code},
    {"assert_fail", Arg::has_message}, {"raise_varargs", Arg::raise},
};

Arg arg_of(uint8_t op) {
    if (op >= size_t(Op::count_)) return Arg::raw;
    const std::string_view name = kOpNames[op];
    for (const ArgOf& a : kArgs)
        if (name == a.op) return a.arg;
    return Arg::raw;
}

// Operator symbols by the enums of ast.h; a value added there later falls to the raw number.
const char* binop_symbol(uint32_t op) {
    switch (op) {
        case op_add: return "+";
        case op_sub: return "-";
        case op_mul: return "*";
        case op_truediv: return "/";
        case op_floordiv: return "//";
        case op_mod: return "%";
        case op_pow: return "**";
        case op_lshift: return "<<";
        case op_rshift: return ">>";
        case op_and: return "&";
        case op_or: return "|";
        case op_xor: return "^";
        default: return nullptr;
    }
}
const char* unop_symbol(uint32_t op) {
    switch (op) {
        case op_neg: return "-";
        case op_pos: return "+";
        case op_not: return "not";
        case op_invert: return "~";
        default: return nullptr;
    }
}
const char* cmpop_symbol(uint32_t op) {
    switch (op) {
        case cmp_lt: return "<";
        case cmp_le: return "<=";
        case cmp_eq: return "==";
        case cmp_ne: return "!=";
        case cmp_gt: return ">";
        case cmp_ge: return ">=";
        case cmp_is: return "is";
        case cmp_is_not: return "is not";
        case cmp_in: return "in";
        case cmp_not_in: return "not in";
        default: return nullptr;
    }
}

// An index into one of the Program's tables: the entry, or a visible marker when a compiler
// bug produced an index out of range (the disassembler is what one reaches for then).
template <class Vec, class F>
std::string entry(const Vec& v, uint32_t i, F show) {
    if (i >= v.size()) return "<bad index>";
    return show(v[i]);
}

std::string bytes_text(const std::string& s) {
    // CPython's choice of quote: double quotes when there is a ' and no ".
    const char q = s.find('\'') != std::string::npos && s.find('"') == std::string::npos ? '"' : '\'';
    std::string out = std::string("b") + q;
    for (unsigned char ch : s) {
        if (ch == '\\' || ch == q) { out += '\\'; out += char(ch); }
        else if (ch == '\n') out += "\\n";
        else if (ch == '\r') out += "\\r";
        else if (ch == '\t') out += "\\t";
        else if (ch >= 0x20 && ch < 0x7f) out += char(ch);
        else {
            char hex[8];
            std::snprintf(hex, sizeof hex, "\\x%02x", ch);
            out += hex;
        }
    }
    return out + q;
}

std::string const_text(const ConstDef& c) {
    switch (c.kind) {
        case ConstDef::integer: return std::to_string(c.i);
        case ConstDef::real: return float_repr(c.f);
        case ConstDef::str: return str_repr(c.s);
        case ConstDef::bigint: return c.s;
        case ConstDef::bytes: return bytes_text(c.s);
        case ConstDef::kwnames: {
            std::string s = "kwnames (";
            for (size_t k = 0; k < c.names.size(); ++k) s += (k ? ", " : "") + str_repr(c.names[k]);
            return s + (c.names.size() == 1 ? ",)" : ")");
        }
        default: break;  // kinds added later: the text the compiler kept, if any
    }
    return "<const kind " + std::to_string(int(c.kind)) + ">" + (c.s.empty() ? "" : " " + c.s);
}

std::string count(uint32_t n, const char* what) {
    return std::to_string(n) + " " + what + (n == 1 ? "" : "s");
}

// The annotation column; "" where the argument needs none.
std::string annotate(const Program& p, const Code& code, Arg kind, uint32_t arg) {
    auto same = [](const std::string& s) { return s; };
    auto sym = [](const char* s) { return s ? std::string(s) : std::string(); };
    switch (kind) {
        case Arg::raw: case Arg::none: return "";
        case Arg::constant: return entry(p.consts, arg, const_text);
        case Arg::int24: return std::to_string(int32_t(arg << 8) >> 8);
        case Arg::local: return entry(code.local_names, arg, same);
        case Arg::global: {
            std::string s = entry(p.global_names, arg, same);
            if (arg < p.global_builtin.size() && p.global_builtin[arg] >= 0) s += " (or builtin)";
            return s;
        }
        case Arg::name: return entry(p.names, arg, same);
        case Arg::code:
            return arg < p.codes.size() ? "code " + std::to_string(arg) + " " + p.codes[arg]->name
                                        : "<bad index>";
        case Arg::binop: return sym(binop_symbol(arg));
        case Arg::inplace: {
            const char* s = binop_symbol(arg);
            return s ? std::string(s) + "=" : std::string();
        }
        case Arg::unop: return sym(unop_symbol(arg));
        case Arg::cmpop: return sym(cmpop_symbol(arg));
        case Arg::jump: return "to " + std::to_string(arg);
        case Arg::items: return count(arg, "item");
        case Arg::pairs: return count(arg, "pair");
        case Arg::pieces: return count(arg, "piece");
        case Arg::targets: return count(arg, "target");
        case Arg::unpack_ex:
            return std::to_string(arg & 0xfff) + " before *, " + std::to_string(arg >> 12) + " after";
        case Arg::positional: return std::to_string(arg) + " positional";
        case Arg::call_kw:
            return std::to_string(arg & 0xfff) + " positional, " + std::to_string(arg >> 12) + " keyword";
        case Arg::depth: return "depth " + std::to_string(arg);
        case Arg::format: {
            const char conv = char(arg & 0xff);
            std::string s;
            if (conv) s = std::string("!") + conv;
            if (arg >> 8) s += s.empty() ? "with spec" : ", with spec";
            return s;
        }
        case Arg::has_message: return arg ? "with message" : "";
        case Arg::raise: return arg == 0 ? "re-raise" : arg == 1 ? "exception" : "exception from cause";
    }
    return "";
}

std::string slot_list(const Code& c, const std::vector<int>& slots) {
    std::string s;
    for (int slot : slots)
        s += (s.empty() ? "" : ", ") +
             (slot >= 0 && size_t(slot) < c.local_names.size() ? c.local_names[size_t(slot)]
                                                                : "<slot " + std::to_string(slot) + ">");
    return s;
}

}  // namespace

std::string opcode_name(uint8_t op) {
    if (op < size_t(Op::count_)) return kOpNames[op];
    return "op_" + std::to_string(op);
}

std::string disassemble_code(const Program& p, size_t index) {
    std::string out;
    if (index >= p.codes.size()) return out;
    const Code& c = *p.codes[index];
    char buf[160];

    std::string params;
    for (int k = 0; k < c.nparams && k < int(c.local_names.size()); ++k)
        params += (k ? ", " : ": ") + c.local_names[size_t(k)];
    std::string flags;
    if (c.nkwonly) flags += "; " + std::to_string(c.nkwonly) + " keyword-only";
    if (c.varargs) flags += "; *args";
    if (c.varkw) flags += "; **kwargs";
    if (!c.cell_slots.empty()) flags += "; cells: " + slot_list(c, c.cell_slots);
    if (!c.free_slots.empty()) flags += "; free: " + slot_list(c, c.free_slots);
    if (c.generator) flags += "; generator";
    std::snprintf(buf, sizeof buf, "code %zu: %s (params %d", index, c.name.c_str(), c.nparams);
    out += buf;
    out += params + flags;
    std::snprintf(buf, sizeof buf, "; locals %d; max stack %d)%s\n", c.nlocals, c.max_stack,
                  c.hidden ? " [hidden]" : "");
    out += buf;

    // Exception handlers: where each goes and which words it protects.
    std::set<uint32_t> targets;
    for (size_t h = 0; h < c.handlers.size(); ++h) {
        targets.insert(c.handlers[h].target);
        std::string ranges;
        for (size_t i = 0; i < c.handler_of.size();) {
            if (c.handler_of[i] != int(h)) { ++i; continue; }
            size_t j = i;
            while (j + 1 < c.handler_of.size() && c.handler_of[j + 1] == int(h)) ++j;
            ranges += (ranges.empty() ? "" : ", ") + std::to_string(i) + (j > i ? "-" + std::to_string(j) : "");
            i = j + 1;
        }
        std::snprintf(buf, sizeof buf, "    handler %zu: to %u, stack depth %u, protects words ", h,
                      c.handlers[h].target, c.handlers[h].depth);
        out += buf + (ranges.empty() ? "none" : ranges) + "\n";
    }
    out += "    line  word    opcode                   arg  annotation\n";

    for (uint32_t w : c.words)
        if (arg_of(uint8_t(w & 0xff)) == Arg::jump) targets.insert(w >> 8);

    int last_line = -1;
    for (size_t i = 0; i < c.words.size(); ++i) {
        const uint32_t w = c.words[i];
        const uint8_t op = uint8_t(w & 0xff);
        const uint32_t arg = w >> 8;
        const Arg kind = arg_of(op);
        const int line = i < c.lines.size() ? c.lines[i] : 0;
        char line_col[16] = "";
        if (line != last_line) std::snprintf(line_col, sizeof line_col, "%d", line);
        last_line = line;
        char arg_col[16] = "";
        if (arg != 0 || kind != Arg::none) std::snprintf(arg_col, sizeof arg_col, "%u", arg);
        std::snprintf(buf, sizeof buf, "%-2s%6s %5zu    %-20s %8s", targets.count(uint32_t(i)) ? ">>" : "",
                      line_col, i, opcode_name(op).c_str(), arg_col);
        out += buf;
        const std::string note = annotate(p, c, kind, arg);
        if (!note.empty()) out += "  " + note;
        while (!out.empty() && out.back() == ' ') out.pop_back();
        out += '\n';
    }
    return out;
}

}  // namespace forklab::lang

namespace forklab {

std::string disassemble(const Program& program) {
    std::string out;
    for (size_t i = 0; i < program.codes.size(); ++i) {
        if (i) out += '\n';
        out += lang::disassemble_code(program, i);
    }
    return out;
}

}  // namespace forklab
