// What the viewer's inspectors read out of a process: its variables and the messages in
// transit, as short reprs. Read only between runs of the interpreter, so nothing here may
// change what the scenario later observes: reprs are the builtin ones (no __repr__ runs),
// and a message rebuilt for its repr is dropped again with the exception state restored.
#include "lang/interp_state.h"
#include "lang/transport.h"

namespace forklab {

using namespace lang;

namespace {

// Cuts `s` to at most `max` bytes on a UTF-8 character boundary and marks the cut.
std::string cut(std::string s, size_t max) {
    if (s.size() <= max) return s;
    size_t n = max >= 3 ? max - 3 : 0;
    while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;
    s.resize(n);
    return s + "...";
}

// repr_of(), except that a long list or tuple is written item by item only until it is
// longer than `max` (a million-item list must not cost a million reprs every frame), and a
// big dict or set is summarised by its size.
std::string bounded_repr(const Value& v, size_t max) {
    if (v.is(OT::cell)) return bounded_repr(v.as<CellObj>()->v, max);
    if ((v.is(OT::list) || v.is(OT::tuple)) && !v.as<ListObj>()->fields) {
        const auto& items = v.as<ListObj>()->items;
        if (items.size() > 8) {
            const bool tuple = v.is(OT::tuple);
            std::string s = tuple ? "(" : "[";
            for (size_t i = 0; i < items.size() && s.size() <= max; ++i) {
                if (i) s += ", ";
                s += bounded_repr(items[i], max);
            }
            if (s.size() > max) return cut(std::move(s), max);
            return s + (tuple ? ")" : "]");
        }
    }
    if (v.is(OT::dict) && v.as<DictObj>()->entries.size() > 64)
        return "{... " + std::to_string(v.as<DictObj>()->entries.size()) + " entries}";
    if (v.is(OT::set) && v.as<SetObj>()->d.entries.size() > 64)
        return "{... " + std::to_string(v.as<SetObj>()->d.entries.size()) + " items}";
    if (v.is(OT::str) && v.as<StrObj>()->s.size() > 4 * max)
        return cut(str_repr(v.as<StrObj>()->s.substr(0, 4 * max)), max);
    return cut(repr_of(v), max);
}

// Data a student put in a variable, as opposed to the program's own machinery.
bool is_data(const std::string& name, const Value& v) {
    if (v.tag == Tag::undef) return false;  // not assigned yet
    if (v.is(OT::cell) && v.as<CellObj>()->v.tag == Tag::undef) return false;
    if (name.size() > 4 && name.compare(0, 2, "__") == 0) return false;
    if (!v.is_obj()) return true;
    switch (v.u.o->type) {
        case OT::function: case OT::builtin: case OT::module: case OT::cls: return false;
        default: return true;
    }
}

}  // namespace

std::vector<Interp::Variable> Interp::variables(size_t max_chars) const {
    const State& st = *state_;
    std::vector<Variable> out;
    for (size_t i = 0; i < st.globals.size() && i < st.program->global_names.size(); ++i)
        if (is_data(st.program->global_names[i], st.globals[i]))
            out.push_back({"", st.program->global_names[i], bounded_repr(st.globals[i], max_chars)});
    for (auto it = st.frames.rbegin(); it != st.frames.rend(); ++it) {
        const Code& c = *it->code;
        if (c.hidden || c.prelude) continue;
        for (int slot = 0; slot < c.nlocals && size_t(slot) < c.local_names.size(); ++slot) {
            const size_t at = it->base + size_t(slot);
            if (at >= st.sp) break;
            const std::string& name = c.local_names[size_t(slot)];
            if (is_data(name, st.stack[at]))
                out.push_back({c.name, name, bounded_repr(st.stack[at], max_chars)});
        }
        break;  // the innermost frame of the scenario's code only
    }
    return out;
}

std::string Interp::describe_message(std::string_view message, size_t max_chars) const {
    // deserialize() builds the value in this process's heap, as a recv() would; the value is
    // dropped before returning, and an exception it raised is forgotten.
    State& st = const_cast<State&>(*state_);
    const Value saved_exc = st.exc;
    std::string text;
    {
        Value v;
        if (deserialize(st, message, v) == Res::ok) text = bounded_repr(v, max_chars);
        else text = "<" + std::to_string(message.size()) + " bytes>";
    }
    st.exc = saved_exc;
    return text;
}

}  // namespace forklab
