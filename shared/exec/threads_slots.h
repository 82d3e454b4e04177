// SlotTable: the threads backend's registry of shared objects (memory blocks, locks,
// processes, synchronisation objects, pipes, queues).
//
// Fixed capacity, one atomic pointer per slot: a lookup is a single acquire load with no
// lock, while other threads keep adding objects. Objects live until the run ends (their
// handles may still sit in any process's memory), so nothing is ever removed.
#pragma once
#include <algorithm>
#include <atomic>
#include <cstdint>
#include <memory>

namespace forklab::threadrt {

constexpr size_t kMaxObjects = 1 << 16;

template <class T>
class SlotTable {
public:
    SlotTable() : slots_(new std::atomic<T*>[kMaxObjects]) {
        for (size_t i = 0; i < kMaxObjects; ++i) slots_[i].store(nullptr);
    }
    ~SlotTable() {
        for (size_t i = 0; i < kMaxObjects; ++i) delete slots_[i].load();
    }
    SlotTable(const SlotTable&) = delete;
    SlotTable& operator=(const SlotTable&) = delete;
    // Returns the 1-based id, 0 when full.
    uint32_t add(std::unique_ptr<T> v) {
        const uint32_t i = next_.fetch_add(1);
        if (i >= limit_) return 0;
        slots_[i].store(v.release(), std::memory_order_release);
        return i + 1;
    }
    T* get(uint32_t id) const {
        if (id == 0 || id > kMaxObjects) return nullptr;
        return slots_[id - 1].load(std::memory_order_acquire);
    }
    uint32_t size() const { return std::min<uint32_t>(next_.load(), limit_); }
    void set_limit(uint32_t n) { limit_ = std::min<uint32_t>(n, kMaxObjects); }

private:
    std::unique_ptr<std::atomic<T*>[]> slots_;
    std::atomic<uint32_t> next_{0};
    uint32_t limit_ = kMaxObjects;
};

}  // namespace forklab::threadrt
