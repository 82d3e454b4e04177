// The VM's value stack: one block of fixed capacity that never moves (native code may call
// back into Python while the dispatch loop holds pointers into it), of which only the part
// the interpreter has claimed is made of valid Values.
//
// Why not a std::vector<Value> of the full size: constructing and destroying 64 Ki slots
// (1 MiB) costs every process start and end, though a scenario process uses a few hundred
// slots. The exploring simulator starts thousands of interpreters per second, and that fill
// was most of its time. Here a slot becomes valid (zero bytes: Tag::undef) when room() first
// covers it, and only those slots are destroyed.
//
// The rule for every writer: claim room (room(top)) before touching slots below `top`. The
// interpreter does so where it already checked for space: pushing a frame (its locals and
// operand stack, plus a margin) and laying out a call's arguments.
#pragma once
#include <cstddef>
#include <cstdlib>
#include <cstring>
#include <new>
#include <utility>

#include "lang/value.h"

namespace forklab::lang {

class ValueStack {
public:
    ValueStack() = default;
    ValueStack(const ValueStack&) = delete;
    ValueStack& operator=(const ValueStack&) = delete;
    ValueStack(ValueStack&& o) noexcept { swap(o); }
    ValueStack& operator=(ValueStack&& o) noexcept {
        if (this != &o) {
            clear();
            swap(o);
        }
        return *this;
    }
    ~ValueStack() { clear(); }

    // Allocates `capacity` slots, none valid yet (any earlier block is released first).
    void allocate(size_t capacity) {
        clear();
        void* p = std::malloc(capacity * sizeof(Value));
        if (!p) throw std::bad_alloc();
        slots_ = static_cast<Value*>(p);
        capacity_ = capacity;
    }

    // Makes slots [0, top) valid. False, changing nothing, when `top` exceeds the capacity.
    bool room(size_t top) {
        if (top > capacity_) return false;
        if (top > valid_) claim(top);
        return true;
    }

    // Destroys the valid slots (releasing what they hold) and frees the block.
    void clear() {
        for (size_t i = 0; i < valid_; ++i) slots_[i].~Value();
        std::free(slots_);
        slots_ = nullptr;
        capacity_ = valid_ = 0;
    }

    void swap(ValueStack& o) noexcept {
        std::swap(slots_, o.slots_);
        std::swap(capacity_, o.capacity_);
        std::swap(valid_, o.valid_);
    }

    Value* data() { return slots_; }
    const Value* data() const { return slots_; }
    size_t size() const { return capacity_; }   // the capacity: the limit for RecursionError
    size_t valid() const { return valid_; }     // slots [0, valid()) are Values
    Value& operator[](size_t i) { return slots_[i]; }
    const Value& operator[](size_t i) const { return slots_[i]; }

private:
    static_assert(int(Tag::undef) == 0, "zero bytes must read back as a valid (undef) Value");

    // Grows the valid part in chunks, so that a deepening recursion does not call memset on
    // every frame.
    void claim(size_t top) {
        constexpr size_t kChunk = 512;
        size_t to = (top + kChunk - 1) / kChunk * kChunk;
        if (to > capacity_) to = capacity_;
        std::memset(static_cast<void*>(slots_ + valid_), 0, (to - valid_) * sizeof(Value));
        valid_ = to;
    }

    Value* slots_ = nullptr;
    size_t capacity_ = 0;
    size_t valid_ = 0;
};

inline void swap(ValueStack& a, ValueStack& b) noexcept { a.swap(b); }

}  // namespace forklab::lang
