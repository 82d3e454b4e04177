// Values of the scenario language. A Value is a 16-byte tagged union: None, bools, ints and
// floats live inline (no allocation per instruction in arithmetic loops); everything else is
// a refcounted heap object. Objects belong to exactly one Interp and never cross threads
// (a child gets deep copies, see clone.cpp), so plain non-atomic refcounts are enough.
// Reference cycles are not collected (scenario processes are short-lived).
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "lang/interp.h"
#include "runtime/host.h"
#include "runtime/ids.h"
#include "runtime/typecode.h"

namespace forklab::lang {

enum class Tag : uint8_t { undef, none, boolean, integer, real, obj };

enum class OT : uint8_t {
    str, list, tuple, dict, function, builtin, module, range, iter, process, shared, lock, slice,
};

struct Obj {
    uint32_t rc = 0;
    OT type;
    explicit Obj(OT t) : type(t) {}
    virtual ~Obj() = default;
};

class Value {
public:
    Tag tag = Tag::none;
    union U { bool b; int64_t i; double f; Obj* o; } u;

    Value() { u.i = 0; }
    static Value undef() { Value v; v.tag = Tag::undef; return v; }
    static Value boolean(bool b) { Value v; v.tag = Tag::boolean; v.u.i = 0; v.u.b = b; return v; }
    static Value integer(int64_t i) { Value v; v.tag = Tag::integer; v.u.i = i; return v; }
    static Value real(double f) { Value v; v.tag = Tag::real; v.u.f = f; return v; }
    // Takes a new reference to a freshly made object.
    static Value object(Obj* o) { Value v; v.tag = Tag::obj; v.u.o = o; ++o->rc; return v; }

    Value(const Value& v) : tag(v.tag), u(v.u) { if (tag == Tag::obj) ++u.o->rc; }
    Value(Value&& v) noexcept : tag(v.tag), u(v.u) { v.tag = Tag::none; }
    Value& operator=(const Value& v) {
        if (v.tag == Tag::obj) ++v.u.o->rc;
        release();
        tag = v.tag; u = v.u;
        return *this;
    }
    Value& operator=(Value&& v) noexcept {
        if (this != &v) { release(); tag = v.tag; u = v.u; v.tag = Tag::none; }
        return *this;
    }
    ~Value() { release(); }

    bool is_none() const { return tag == Tag::none; }
    bool is_int() const { return tag == Tag::integer; }
    bool is_obj() const { return tag == Tag::obj; }
    bool is(OT t) const { return tag == Tag::obj && u.o->type == t; }
    template <class T> T* as() const { return static_cast<T*>(u.o); }

private:
    void release() {
        if (tag == Tag::obj && --u.o->rc == 0) delete u.o;
    }
};

struct StrObj : Obj {
    std::string s;
    explicit StrObj(std::string v) : Obj(OT::str), s(std::move(v)) {}
};
struct ListObj : Obj {  // also tuples (type says which)
    std::vector<Value> items;
    explicit ListObj(OT t) : Obj(t) {}
};

struct ValueHash { size_t operator()(const Value& v) const; };
struct ValueEq { bool operator()(const Value& a, const Value& b) const; };

// Insertion-ordered dict: entries in order, deleted ones tombstoned; index maps key -> slot.
struct DictObj : Obj {
    struct Entry { Value k, v; bool live = true; };
    std::vector<Entry> entries;
    std::unordered_map<Value, size_t, ValueHash, ValueEq> index;
    size_t live = 0;
    DictObj() : Obj(OT::dict) {}
    Value* find(const Value& k);
    void set(const Value& k, Value v);
    bool erase(const Value& k);
};

struct Code;  // compiler.h
struct FunctionObj : Obj {
    const Code* code;
    std::vector<Value> defaults;  // for the last defaults.size() parameters
    explicit FunctionObj(const Code* c) : Obj(OT::function), code(c) {}
};

struct CallArgs;
enum class Res : uint8_t { ok, error, blocked };
}  // namespace forklab::lang
namespace forklab { class Interp; }
namespace forklab::lang {
using State = forklab::Interp::State;
using NativeFn = Res (*)(State& st, CallArgs& a, Value& out);

// Builtin types double as their constructors (int, str, ...): type_id >= 0 for those.
enum TypeId : int8_t { t_none = -1, t_int, t_float, t_bool, t_str, t_list, t_tuple, t_dict, t_range, t_nonetype };

struct BuiltinObj : Obj {
    NativeFn fn;
    const char* name;
    Value self;          // bound receiver (methods), none for plain functions
    int8_t type_id = t_none;
    BuiltinObj(NativeFn f, const char* n, Value s = Value()) : Obj(OT::builtin), fn(f), name(n), self(std::move(s)) {}
};

struct ModuleObj : Obj {
    std::string name;
    std::vector<std::pair<std::string, Value>> attrs;
    explicit ModuleObj(std::string n) : Obj(OT::module), name(std::move(n)) {}
    Value* find(const std::string& k) {
        for (auto& a : attrs) if (a.first == k) return &a.second;
        return nullptr;
    }
};

struct RangeObj : Obj {
    int64_t start, stop, step;
    RangeObj(int64_t a, int64_t b, int64_t c) : Obj(OT::range), start(a), stop(b), step(c) {}
    int64_t length() const;
};

struct IterObj : Obj {
    enum Kind : uint8_t { range, seq, str, dict_keys } kind;
    Value src;
    int64_t cur = 0, stop = 0, step = 1;
    size_t idx = 0;
    IterObj(Kind k) : Obj(OT::iter), kind(k) {}
};

struct ProcessObj : Obj {
    Value target, args, kwargs;
    std::string name;
    std::string identity;  // "1", "1:2": the numbers in the name
    bool daemon = false;
    bool started = false;
    bool is_current = false;  // current_process() of the Interp holding this copy
    ProcId pid;
    std::optional<int> exitcode;
    ProcessObj() : Obj(OT::process) {}
};

struct SharedObj : Obj {  // Value (is_array false) or Array
    SharedId id;
    TypeCode tc = TypeCode::i32;
    size_t count = 1;
    bool is_array = false;
    bool synchronized = true;
    SharedObj() : Obj(OT::shared) {}
};

struct LockObj : Obj {
    LockId id;
    LockKind kind = LockKind::lock;
    LockObj() : Obj(OT::lock) {}
};

struct SliceObj : Obj {
    Value start, stop, step;
    SliceObj() : Obj(OT::slice) {}
};

// --- helpers that need no interpreter ------------------------------------------------------
const char* code_name(const Code* c);  // compiler.cpp
Value make_str(std::string s);
Value make_list(std::vector<Value> items = {});
Value make_tuple(std::vector<Value> items = {});
inline const std::string& str_of_obj(const Value& v) { return v.as<StrObj>()->s; }

const char* type_name(const Value& v);
bool truthy(const Value& v);
bool values_equal(const Value& a, const Value& b);
bool is_hashable(const Value& v);

// CPython's repr() of a float (shortest round-trip digits) and of a str.
std::string float_repr(double d);
std::string str_repr(const std::string& s);
std::string repr_of(const Value& v);
std::string str_of(const Value& v);  // str()
size_t utf8_length(const std::string& s);

}  // namespace forklab::lang
