// Operators on instances of user classes: __add__/__radd__/__iadd__ and friends, rich
// comparisons with their reflections, and the ordering used by sorted/min/max/list.sort.
#include "lang/ast.h"
#include "lang/builtins.h"
#include "lang/classes.h"
#include "lang/dunder_ops.h"
#include "lang/exceptions.h"
#include "lang/interp_state.h"

namespace forklab::lang {

namespace {
const char* const kBinNames[][3] = {
    {"__add__", "__radd__", "__iadd__"},        {"__sub__", "__rsub__", "__isub__"},
    {"__mul__", "__rmul__", "__imul__"},        {"__truediv__", "__rtruediv__", "__itruediv__"},
    {"__floordiv__", "__rfloordiv__", "__ifloordiv__"}, {"__mod__", "__rmod__", "__imod__"},
    {"__pow__", "__rpow__", "__ipow__"},        {"__lshift__", "__rlshift__", "__ilshift__"},
    {"__rshift__", "__rrshift__", "__irshift__"}, {"__and__", "__rand__", "__iand__"},
    {"__or__", "__ror__", "__ior__"},           {"__xor__", "__rxor__", "__ixor__"},
};
// cmp_lt, cmp_le, cmp_eq, cmp_ne, cmp_gt, cmp_ge and the reflection of each.
const char* const kCmpNames[] = {"__lt__", "__le__", "__eq__", "__ne__", "__gt__", "__ge__"};
const int kCmpReflect[] = {cmp_gt, cmp_ge, cmp_eq, cmp_ne, cmp_lt, cmp_le};

bool is_not_implemented(const Value& v) {
    return v.is(OT::builtin) && std::string_view(v.as<BuiltinObj>()->name) == "NotImplemented";
}
}  // namespace

Res instance_binary(State& st, int op, const Value& a, const Value& b, Value& out, bool inplace, bool* handled) {
    *handled = false;
    if (op < 0 || op >= binop_count) return Res::ok;
    bool found = false;
    if (inplace && a.is(OT::instance)) {
        Res r = call_dunder(st, a, kBinNames[op][2], &b, 1, out, &found);
        if (r != Res::ok) return r;
        if (found && !is_not_implemented(out)) { *handled = true; return Res::ok; }
    }
    if (a.is(OT::instance)) {
        Res r = call_dunder(st, a, kBinNames[op][0], &b, 1, out, &found);
        if (r != Res::ok) return r;
        if (found && !is_not_implemented(out)) { *handled = true; return Res::ok; }
    }
    if (b.is(OT::instance)) {
        Res r = call_dunder(st, b, kBinNames[op][1], &a, 1, out, &found);
        if (r != Res::ok) return r;
        if (found && !is_not_implemented(out)) { *handled = true; return Res::ok; }
    }
    return Res::ok;
}

Res instance_compare(State& st, int op, const Value& a, const Value& b, Value& out, bool* handled) {
    *handled = false;
    if (op < cmp_lt || op > cmp_ge) return Res::ok;
    bool found = false;
    if (a.is(OT::instance)) {
        Res r = call_dunder(st, a, kCmpNames[op], &b, 1, out, &found);
        if (r != Res::ok) return r;
        if (found && !is_not_implemented(out)) { *handled = true; return Res::ok; }
    }
    if (b.is(OT::instance)) {
        Res r = call_dunder(st, b, kCmpNames[kCmpReflect[op]], &a, 1, out, &found);
        if (r != Res::ok) return r;
        if (found && !is_not_implemented(out)) { *handled = true; return Res::ok; }
    }
    if (op == cmp_eq || op == cmp_ne) {  // identity, as object.__eq__
        bool same = a.is_obj() && b.is_obj() && a.u.o == b.u.o;
        out = Value::boolean(op == cmp_eq ? same : !same);
        *handled = true;
    }
    return Res::ok;
}

Res less_than(State& st, const Value& a, const Value& b, bool* out) {
    if (a.is(OT::instance) || b.is(OT::instance)) {
        Value r;
        bool handled = false;
        Res res = instance_compare(st, cmp_lt, a, b, r, &handled);
        if (res != Res::ok) return res;
        if (!handled)
            return st.raise("TypeError", "'<' not supported between instances of '" + class_name_of(a) + "' and '" + class_name_of(b) + "'");
        return truth_value(st, r, out);
    }
    if ((a.is(OT::tuple) && b.is(OT::tuple)) || (a.is(OT::list) && b.is(OT::list))) {
        // Lexicographic, element by element, so tuples holding objects compare too.
        const auto& p = a.as<ListObj>()->items;
        const auto& q = b.as<ListObj>()->items;
        for (size_t i = 0; i < p.size() && i < q.size(); ++i) {
            bool eq = false;
            Res r = equal_values(st, p[i], q[i], &eq);
            if (r != Res::ok) return r;
            if (!eq) return less_than(st, p[i], q[i], out);
        }
        *out = p.size() < q.size();
        return Res::ok;
    }
    Value r;
    Res res = compare_op(st, cmp_lt, a, b, r);
    if (res != Res::ok) return res;
    *out = r.tag == Tag::boolean && r.u.b;
    return Res::ok;
}

}  // namespace forklab::lang
