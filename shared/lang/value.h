// Values of the scenario language. A Value is a 16-byte tagged union: None, bools, ints and
// floats live inline (no allocation per instruction in arithmetic loops); everything else is
// a refcounted heap object. Objects belong to exactly one Interp and never cross threads
// (a child gets deep copies, see clone.cpp), so plain non-atomic refcounts are enough.
// Reference cycles are not collected (scenario processes are short-lived).
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "lang/bigint.h"
#include "lang/interp.h"
#include "runtime/host.h"
#include "runtime/ids.h"
#include "runtime/typecode.h"

namespace forklab::lang {

enum class Tag : uint8_t { undef, none, boolean, integer, real, obj };

enum class OT : uint8_t {
    str, list, tuple, dict, function, builtin, module, range, iter, process, shared, lock, slice,
    cls, instance, method, cell, generator, super_, set, bytes, bigint, ellipsis, dict_view,
    conn, queue,  // multiprocessing Connection and Queue family (module_mp_pipe.cpp, module_mp_queue.cpp)
    sync,  // Semaphore, Event, Condition, Barrier (lang/mp_sync.h)
    descriptor,  // property, staticmethod, classmethod (lang/descriptors.cpp)
};

struct Obj {
    uint32_t rc = 0;
    OT type;
    explicit Obj(OT t) : type(t) {}
    virtual ~Obj() = default;
};

// The interpreter's hottest functions: GCC otherwise keeps some of them out of line.
#if defined(__GNUC__)
#define FORKLAB_INLINE inline __attribute__((always_inline))
#else
#define FORKLAB_INLINE inline
#endif

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

    FORKLAB_INLINE Value(const Value& v) : tag(v.tag), u(v.u) { if (tag == Tag::obj) ++u.o->rc; }
    FORKLAB_INLINE Value(Value&& v) noexcept : tag(v.tag), u(v.u) { v.tag = Tag::none; }
    // Both assignments read v before releasing the old value: v may live inside the object
    // that release() frees (sp[-1] = instance.attribute).
    FORKLAB_INLINE Value& operator=(const Value& v) {
        const Tag t = v.tag;
        const U nu = v.u;
        if (t == Tag::obj) ++nu.o->rc;
        release();
        tag = t; u = nu;
        return *this;
    }
    FORKLAB_INLINE Value& operator=(Value&& v) noexcept {
        if (this != &v) {
            const Tag t = v.tag;
            const U nu = v.u;
            v.tag = Tag::none;
            release();
            tag = t; u = nu;
        }
        return *this;
    }
    FORKLAB_INLINE ~Value() { release(); }

    bool is_none() const { return tag == Tag::none; }
    bool is_int() const { return tag == Tag::integer; }
    bool is_obj() const { return tag == Tag::obj; }
    bool is(OT t) const { return tag == Tag::obj && u.o->type == t; }
    template <class T> T* as() const { return static_cast<T*>(u.o); }

private:
    FORKLAB_INLINE void release() {
        if (tag == Tag::obj && --u.o->rc == 0) destroy(u.o);
    }
    static void destroy(Obj* o);  // out of line: the rare, cold path
};

struct StrObj : Obj {
    std::string s;
    explicit StrObj(std::string v) : Obj(OT::str), s(std::move(v)) {}
};
struct ListObj : Obj {  // also tuples (type says which)
    std::vector<Value> items;
    const char* const* fields = nullptr;  // a named tuple's type and field names (builtins_number.h)
    explicit ListObj(OT t) : Obj(t) {}
};

// Transparent, so attribute dicts can be searched with a std::string_view key without
// making a str object (hashes agree: a str Value hashes as its text).
struct ValueHash {
    using is_transparent = void;
    size_t operator()(const Value& v) const;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>()(s); }
};
struct ValueEq {
    using is_transparent = void;
    bool operator()(const Value& a, const Value& b) const;
    bool operator()(const Value& a, std::string_view b) const;
    bool operator()(std::string_view a, const Value& b) const { return (*this)(b, a); }
};

// Insertion-ordered dict, laid out like CPython's: entries in insertion order (deleted ones
// marked dead), and an open-addressing table of entry indexes probed with CPython's
// perturbation, so lookups allocate nothing and touch one array.
struct DictObj : Obj {
    struct Entry { Value k, v; size_t hash = 0; bool live = true; };
    std::vector<Entry> entries;
    std::vector<int32_t> slots;  // entry index, or kEmpty / kDeleted; size a power of two
    size_t live = 0;
    size_t used_slots = 0;       // slots not empty (deleted ones included)
    static constexpr int32_t kEmpty = -1, kDeleted = -2;
    DictObj() : Obj(OT::dict) {}
    Value* find(const Value& k);
    void set(const Value& k, Value v);
    // set() with the key's hash already known (copies of a dict: no __hash__ is run again).
    void set_hashed(const Value& k, Value v, size_t hash);
    bool erase(const Value& k);
    Value* find_str(std::string_view k);  // attribute dicts: no str object is made
    void clear();
    size_t table_bytes() const { return slots.capacity() * sizeof(int32_t); }

private:
    template <class K> int32_t* probe(const K& k, size_t hash, int32_t** free_slot);
    void rebuild(size_t min_live);
};

// A set: the keys of a dict whose values are unused (insertion order is an implementation
// detail; CPython's order differs, so scenarios print sorted sets).
struct SetObj : Obj {
    DictObj d;
    bool frozen = false;
    SetObj() : Obj(OT::set) {}
};

// d.keys(), d.values(), d.items(): live views of a dict (dict_views.cpp).
struct DictViewObj : Obj {
    enum Kind : uint8_t { keys, values, items } kind;
    Value dict;
    DictViewObj(Kind k, Value d) : Obj(OT::dict_view), kind(k), dict(std::move(d)) {}
};

struct Code;  // compiler.h
struct FunctionObj : Obj {
    const Code* code;
    std::vector<Value> defaults;    // for the last defaults.size() positional parameters
    std::vector<Value> kwdefaults;  // one per keyword-only parameter (undef: required)
    std::vector<Value> closure;     // CellObjs, in the order of Code::free_slots
    Value owner;                    // the class whose body defined it (zero-argument super())
    explicit FunctionObj(const Code* c) : Obj(OT::function), code(c) {}
};

// A variable shared between a function and the closures defined in it.
struct CellObj : Obj {
    Value v;  // undef until assigned
    CellObj() : Obj(OT::cell) { v = Value::undef(); }
};

// Attributes kept as an insertion-ordered dict keyed by str Values (vars(obj) order).
struct ClassObj : Obj {
    std::string name;
    std::string module = "__main__";  // "" for builtins; printed before user exception names
    Value base;                 // ClassObj, or none for a root class (object)
    Value dict;                 // DictObj: methods and class attributes
    std::vector<ClassObj*> mro; // this class first; kept alive through `base`
    int8_t builtin_exc = -1;    // index into the builtin exception table, -1 for user classes
    bool is_exception = false;  // BaseException or a subclass of it
    bool native_attrs = false;  // multiprocessing.Process and subclasses: properties (mp_process.h) before the dict
    bool has_property = false;
    bool thread_local_attrs = false;  // threading.local and subclasses: one attribute dict per thread (module_threading.cpp)  // a property in this class or a base: instance attribute access looks at the class first
    ClassObj() : Obj(OT::cls) {}
};

// One traceback line: the code and the line being executed when the exception left it.
struct TbEntry { const Code* code; int line; };

struct InstanceObj : Obj {
    Value cls;   // ClassObj
    Value dict;  // DictObj of instance attributes
    // Exceptions (cls->is_exception): BaseException's state.
    Value args;                 // tuple
    std::vector<TbEntry> tb;    // innermost first: printed in reverse
    Value cause, context;
    bool suppress_context = false;
    uint64_t tb_serial = 0;     // the frame that added the last traceback line
    InstanceObj() : Obj(OT::instance) {}
};

struct MethodObj : Obj {  // a function bound to an instance
    Value fn, self;
    MethodObj(Value f, Value s) : Obj(OT::method), fn(std::move(f)), self(std::move(s)) {}
};

// property(fget, fset, fdel, doc), staticmethod(f) (f in fget), classmethod(f) (f in fget).
struct DescriptorObj : Obj {
    enum Kind : uint8_t { property, staticmethod, classmethod };
    Kind kind;
    Value fget, fset, fdel, doc;
    explicit DescriptorObj(Kind k) : Obj(OT::descriptor), kind(k) {}
};

struct SuperObj : Obj {  // super(): attribute lookup starts after `cls` in type(self)'s MRO
    Value cls, self;
    SuperObj() : Obj(OT::super_) {}
};

// A suspended generator frame: its locals and operand stack are moved out of the VM stack
// at each yield and back in at each resume.
struct GeneratorObj : Obj {
    Value fn;                   // the FunctionObj (its Code is the generator body)
    std::vector<Value> saved;   // locals then operand stack
    uint32_t pc = 0;
    bool started = false, running = false, done = false;
    GeneratorObj() : Obj(OT::generator) {}
};

struct BytesObj : Obj {
    std::string s;
    bool mutable_ = false;  // a bytearray
    explicit BytesObj(std::string v) : Obj(OT::bytes), s(std::move(v)) {}
};

// An int that does not fit int64_t. Invariant: every int that fits is stored inline as
// Tag::integer (make_int normalizes), so a BigIntObj never equals an inline int.
struct BigIntObj : Obj {
    BigInt v;
    explicit BigIntObj(BigInt x) : Obj(OT::bigint), v(std::move(x)) {}
};

struct CallArgs;
enum class Res : uint8_t { ok, error, blocked };
}  // namespace forklab::lang
namespace forklab { class Interp; }
namespace forklab::lang {
using State = forklab::Interp::State;
using NativeFn = Res (*)(State& st, CallArgs& a, Value& out);

// Builtin types double as their constructors (int, str, ...): type_id >= 0 for those.
enum TypeId : int8_t { t_none = -1, t_int, t_float, t_bool, t_str, t_list, t_tuple, t_dict, t_range, t_nonetype,
                       t_set, t_bytes, t_object, t_type, t_frozenset, t_bytearray, t_slice };

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

// range_ops.cpp makes them (make_range). A range whose bounds or length do not fit int64_t
// keeps its exact ints in `big`, a (start, stop, step) tuple; start/stop/step are 0 then.
struct RangeObj : Obj {
    int64_t start, stop, step;
    Value big;
    RangeObj(int64_t a, int64_t b, int64_t c) : Obj(OT::range), start(a), stop(b), step(c) {}
    int64_t length() const;  // INT64_MAX for a big range longer than that
};

struct IterObj : Obj {
    enum Kind : uint8_t { range, seq, str, dict_keys, bytes, getitem, map, filter, zip, call_sentinel, enumerate,
                          dict_values, dict_items } kind;
    Value src;
    Value extra;  // map/zip: tuple of iterators; filter/enumerate: the iterator; iter(f, sentinel): the sentinel
    int64_t cur = 0, stop = 0, step = 1;  // dict_*: cur the items left to see, stop the dict's size at the start
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
    bool is_parent = false;   // parent_process() of a child: only its name and pid are known
    bool closed = false;      // close() was called
    int parent_pid = 0;       // os.getpid() of the process that created it
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
    Value lock;  // Value(..., lock=a_lock): the LockObj every access takes; none: the block's own RLock
    // get_lock()'s LockObj for the block's own RLock, made on first use: CPython returns the
    // same object every time, and `with v.get_lock():` in a loop then hits load_special's hint.
    Value own_lock;
    SharedObj() : Obj(OT::shared) {}
};

struct LockObj : Obj {
    LockId id;
    LockKind kind = LockKind::lock;
    LockObj() : Obj(OT::lock) {}
};

// One Connection of a Pipe: a handle on this process's copy of a pipe end.
struct ConnObj : Obj {
    ConnId id;
    bool readable = true, writable = true;
    bool closed = false;  // this process closed its copy (a child's inherited copy stays open)
    ConnObj() : Obj(OT::conn) {}
};

// multiprocessing.Queue, JoinableQueue (with the counter of unfinished tasks) or SimpleQueue.
struct QueueObj : Obj {
    enum Kind : uint8_t { plain, joinable, simple } kind = plain;
    QueueId id;
    SyncId unfinished;  // JoinableQueue only
    size_t maxsize = 0;
    bool closed = false;
    QueueObj() : Obj(OT::queue) {}
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
Value make_int(BigInt v);  // inline when it fits int64_t, else a BigIntObj
inline const std::string& str_of_obj(const Value& v) { return v.as<StrObj>()->s; }

const char* type_name(const Value& v);
std::string fake_address(const void* p);  // "0x..." for reprs: stable within a run, never a real address
bool truthy(const Value& v);
bool values_equal(const Value& a, const Value& b);
bool is_hashable(const Value& v);
const char* unhashable_type_name(const Value& v);  // of the part that is not hashable: 'list' for ([1],)

// CPython's repr() of a float (shortest round-trip digits) and of a str.
std::string float_repr(double d);
std::string str_repr(const std::string& s);
std::string repr_of(const Value& v);
std::string str_of(const Value& v);  // str()
size_t utf8_length(const std::string& s);

}  // namespace forklab::lang
