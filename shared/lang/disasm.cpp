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

bool is_jump(Op op) {
    switch (op) {
        case Op::jump: case Op::pop_jump_if_false: case Op::pop_jump_if_true:
        case Op::jump_if_false_or_pop: case Op::jump_if_true_or_pop: case Op::for_iter:
            return true;
        default:
            return false;
    }
}

// Opcodes whose argument is unused: their "0" is left out of the listing. Any other opcode,
// a new one included, shows its argument.
bool takes_no_arg(Op op) {
    switch (op) {
        case Op::nop: case Op::pop: case Op::dup: case Op::dup2: case Op::rot2: case Op::rot3:
        case Op::load_none: case Op::load_true: case Op::load_false: case Op::load_subscr:
        case Op::store_subscr: case Op::delete_subscr: case Op::get_iter: case Op::build_slice:
        case Op::list_extend: case Op::dict_merge: case Op::list_to_tuple: case Op::call_ex:
        case Op::return_value: case Op::make_class: case Op::push_exc_info: case Op::pop_except:
        case Op::check_exc_match: case Op::reraise: case Op::exc_for_exit: case Op::yield_value:
        case Op::load_ellipsis:
            return true;
        default:
            return false;
    }
}

// An index into one of the Program's tables: the entry, or a visible marker when a compiler
// bug produced an index out of range (the disassembler is what one reaches for then).
template <class Vec, class F>
std::string entry(const Vec& v, uint32_t i, F show) {
    if (i >= v.size()) return "<bad index>";
    return show(v[i]);
}

std::string const_text(const ConstDef& c) {
    switch (c.kind) {
        case ConstDef::integer: return std::to_string(c.i);
        case ConstDef::real: return float_repr(c.f);
        case ConstDef::str: return str_repr(c.s);
        case ConstDef::bigint: return c.s;
        case ConstDef::bytes: return "b" + str_repr(c.s);
        case ConstDef::kwnames: {
            std::string s = "kwnames (";
            for (size_t k = 0; k < c.names.size(); ++k) s += (k ? ", " : "") + str_repr(c.names[k]);
            return s + (c.names.size() == 1 ? ",)" : ")");
        }
    }
    return "<const kind " + std::to_string(int(c.kind)) + ">";
}

std::string plural(uint32_t n, const char* what) {
    return std::to_string(n) + " " + what + (n == 1 ? "" : "s");
}

// The annotation column; "" where the argument needs none or its meaning is not known here.
std::string annotate(const Program& p, const Code& code, Op op, uint32_t arg) {
    auto same = [](const std::string& s) { return s; };
    auto sym = [&](const char* s) { return s ? std::string(s) : std::string(); };
    switch (op) {
        case Op::load_const: return entry(p.consts, arg, const_text);
        case Op::load_int: return std::to_string(int32_t(arg << 8) >> 8);  // signed 24-bit
        case Op::load_fast: case Op::store_fast: case Op::delete_fast:
            return entry(code.local_names, arg, same);
        case Op::load_global: case Op::store_global: case Op::delete_global: {
            std::string s = entry(p.global_names, arg, same);
            if (arg < p.global_builtin.size() && p.global_builtin[arg] >= 0) s += " (or builtin)";
            return s;
        }
        case Op::load_attr: case Op::store_attr: case Op::import_name: case Op::import_from:
            return entry(p.names, arg, same);
        case Op::binary: return sym(binop_symbol(arg));
        case Op::inplace: {
            const char* s = binop_symbol(arg);
            return s ? std::string(s) + "=" : std::string();
        }
        case Op::unary: return sym(unop_symbol(arg));
        case Op::compare: return sym(cmpop_symbol(arg));
        case Op::build_list: case Op::build_tuple: return plural(arg, "item");
        case Op::build_dict: return plural(arg, "pair");
        case Op::build_string: return plural(arg, "piece");
        case Op::unpack: return plural(arg, "target");
        case Op::call: return std::to_string(arg) + " positional";
        case Op::call_kw:
            return std::to_string(arg & 0xfff) + " positional, " + std::to_string(arg >> 12) + " keyword";
        case Op::list_append: case Op::dict_set: return "depth " + std::to_string(arg);
        case Op::format_value: {
            const char conv = char(arg & 0xff);
            std::string s;
            if (conv) s = std::string("!") + conv;
            if (arg >> 8) s += s.empty() ? "with spec" : ", with spec";
            return s;
        }
        case Op::make_function:
            return arg < p.codes.size() ? "code " + std::to_string(arg) + " " + p.codes[arg]->name : "<bad index>";
        case Op::load_deref: case Op::store_deref: case Op::delete_deref: case Op::load_closure:
            return entry(code.local_names, arg, same);
        case Op::load_name_ns: case Op::store_name_ns: return entry(p.global_names, arg, same);
        case Op::load_method: case Op::load_special: case Op::delete_attr: return entry(p.names, arg, same);
        case Op::call_method: return std::to_string(arg) + " positional";
        case Op::build_set: return plural(arg, "item");
        case Op::set_add: return "depth " + std::to_string(arg);
        case Op::unpack_ex: return std::to_string(arg & 0xfff) + " before, " + std::to_string(arg >> 12) + " after";
        case Op::raise_varargs: return arg == 0 ? "re-raise" : arg == 1 ? "exception" : "exception from cause";
        case Op::assert_fail: return arg ? "with message" : "";
        default:
            if (is_jump(op)) return "to " + std::to_string(arg);
            return "";
    }
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
    std::snprintf(buf, sizeof buf, "code %zu: %s (params %d%s; locals %d; max stack %d)%s\n", index,
                  c.name.c_str(), c.nparams, params.c_str(), c.nlocals, c.max_stack,
                  c.hidden ? " [hidden]" : "");
    out += buf;
    out += "    line  word    opcode                   arg  annotation\n";

    std::set<uint32_t> targets;
    for (uint32_t w : c.words)
        if (is_jump(Op(w & 0xff))) targets.insert(w >> 8);

    int last_line = -1;
    for (size_t i = 0; i < c.words.size(); ++i) {
        const uint32_t w = c.words[i];
        const uint8_t opb = uint8_t(w & 0xff);
        const uint32_t arg = w >> 8;
        const int line = i < c.lines.size() ? c.lines[i] : 0;
        char line_col[16] = "";
        if (line != last_line) std::snprintf(line_col, sizeof line_col, "%d", line);
        last_line = line;
        std::string note;
        if (opb < size_t(Op::count_)) note = annotate(p, c, Op(opb), arg);
        char arg_col[16] = "";
        if (arg != 0 || opb >= size_t(Op::count_) || !takes_no_arg(Op(opb)))
            std::snprintf(arg_col, sizeof arg_col, "%u", arg);
        std::snprintf(buf, sizeof buf, "%-2s%6s %5zu    %-20s %8s", targets.count(uint32_t(i)) ? ">>" : "",
                      line_col, i, opcode_name(opb).c_str(), arg_col);
        out += buf;
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
