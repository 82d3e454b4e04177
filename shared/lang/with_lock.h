// The course's hottest loop, `with v.get_lock(): v.value += 1`, without the interpreter's
// generic paths: the calls of a lock's bound __enter__/__exit__ (what load_special leaves on
// the stack), `v.get_lock()` through load_method's cache, and `.value` of a Value.
//
// Each shortcut does exactly what the generic path would (same Host calls in the same order,
// same exceptions, same blocked results with nothing changed), only without building call
// frames, CallArgs or bound-method objects, and without comparing attribute names as strings.
// The dispatch loop tries them in the handlers of call, call_method, load_attr and
// store_attr; whatever they do not recognise takes the generic path.
#pragma once
#include <cstring>
#include <string>

#include "lang/opcodes.h"
#include "lang/value.h"

namespace forklab::lang {

struct Frame;  // interp_state.h

// The native __enter__/__exit__ of Lock, RLock and of a synchronized Value/Array (which
// stands for its own lock): `with lock:` calls them through load_special's bound builtins.
Res lock_enter_method(State& st, CallArgs& a, Value& out);
Res lock_exit_method(State& st, CallArgs& a, Value& out);

// A call of `npos` arguments whose callee is a lock's bound __enter__ or __exit__ (they take
// no arguments of their own: `call 0` and `call 3` of the with statement).
inline bool is_lock_with_call(const Value& callee) {
    if (!callee.is(OT::builtin)) return false;
    const auto* b = callee.as<BuiltinObj>();
    return (b->fn == lock_enter_method || b->fn == lock_exit_method) && b->self.is(OT::lock);
}
// Runs that call: `out` is its result (True for __enter__, False for __exit__).
Res lock_with_call(State& st, const Value& callee, Value& out);

// call_method 0 where load_method's cache left `v.get_lock` of a synchronized Value/Array
// whose lock object exists already: that lock (kept by `self`). null: take the generic path.
const Value* get_lock_shortcut(const Value& callee, const Value& self);

// load_attr / store_attr of `.value` on a shared Value (not an Array): same Host calls as
// shared_read/shared_write, without the attribute-name walk.
inline bool is_value_name(const std::string& name) {
    return name.size() == 5 && std::memcmp(name.data(), "value", 5) == 0;
}
Res shared_value_load(State& st, SharedObj* s, Value& out);
Res shared_value_store(State& st, SharedObj* s, const Value& v);

// [SECTION] fused sequences ----------------------------------------------------------------
// The with statement and `v.value += k` compile to fixed instruction sequences (compiler.cpp
// with() and augmented assignment). When the first instruction of one sees the native case,
// the whole sequence runs in one go, with every instruction counted as the loop counts it:
// `left` is charged for each before it runs, and nothing is fused unless the budget covers
// the whole sequence, so slices, thread switch points and the sim's clock fall on the same
// instructions as without fusing. A Host call that blocks or raises leaves the stack and pc
// exactly as the unfused run would have them at that instruction (SYNCed into the frame and
// State), so the dispatch loop's `fail:` path re-executes or unwinds it as usual. A Host call
// that ends the burst (Interp::end_burst zeroes `left`: the sim's step mode) ends the
// sequence right after its own instruction, as the loop would stop there.
// A copy of the loop's pc and sp (so the loop's own stay in CPU registers), copied back
// after; `left` is the loop's own budget, which the sim's clock reads during Host calls
// (State::live_left), so it is charged in place.
struct Regs {
    Frame* f;
    const uint32_t* code;
    uint32_t pc;  // ends on the last instruction run (the loop's ++pc moves past it)
    Value* sp;
    uint64_t& left;
};
enum class Fused : uint8_t { no, done, failed };  // failed: *r is the error or blocked result

// v.get_lock() (load_method + call_method 0), when the method cache knows it.
Fused fuse_get_lock(State& st, Regs& g, const Value& hint);
// dup was run: load_special __exit__ (its hint hit) + rot2 + load_special __enter__ + call 0
// + pop of a native lock: its acquire.
Fused fuse_with_enter(State& st, Regs& g, const Value& exit_hint, Res* r);
// load_none x3 + call 3 + pop on the lock's bound __exit__: its release.
inline bool may_fuse_with_exit(const uint32_t* code, uint32_t pc, size_t nwords) {
    const uint32_t none = encode(Op::load_none, 0);
    return pc + 4 < nwords && code[pc + 1] == none && code[pc + 2] == none && code[pc + 3] == encode(Op::call, 3);
}
Fused fuse_with_exit(State& st, Regs& g, Res* r);
// load_attr value + load_int k + inplace add + rot2 + store_attr value on a shared Value (the
// object under the one loaded is the same: `v.value += k` after dup).
Fused fuse_value_add(State& st, Regs& g, Res* r);

}  // namespace forklab::lang
