// A number for each object pointer seen, in an open-addressing table: the heap walks that
// visit every reachable object (teardown, memory measurement, the explorer's state hash) do
// one lookup per reference, and a node-based std::unordered_map spent most of their time
// allocating nodes.
#pragma once
#include <cstdint>
#include <vector>

namespace forklab::lang {

class PointerIndex {
public:
    PointerIndex() : PointerIndex(0) {}
    // Room for `expected` pointers without growing (a walk that knows the last heap's size
    // skips the doublings: the explorer walks thousands of heaps of one size a second).
    explicit PointerIndex(size_t expected) {
        size_t n = kFirst;
        while (n * 3 < expected * 4) n *= 2;
        keys_.assign(n, nullptr), values_.assign(n, 0);
    }

    // The number of `p` (1, 2, ... in order of first sight) and whether this is that sight.
    std::pair<uint32_t, bool> insert(const void* p) {
        if ((count_ + 1) * 4 > keys_.size() * 3) grow();
        size_t i = slot(p);
        if (keys_[i] == p) return {values_[i], false};
        keys_[i] = p;
        values_[i] = ++count_;
        return {count_, true};
    }
    uint32_t size() const { return count_; }

private:
    static constexpr size_t kFirst = 256;  // a power of two

    size_t slot(const void* p) const {
        const size_t mask = keys_.size() - 1;
        size_t i = size_t((uint64_t(reinterpret_cast<uintptr_t>(p)) >> 4) * 0x9e3779b97f4a7c15ull >> 20) & mask;
        while (keys_[i] && keys_[i] != p) i = (i + 1) & mask;
        return i;
    }
    void grow() {
        std::vector<const void*> keys(keys_.size() * 2, nullptr);
        std::vector<uint32_t> values(keys.size(), 0);
        keys.swap(keys_);
        values.swap(values_);
        for (size_t j = 0; j < keys.size(); ++j) {
            if (!keys[j]) continue;
            const size_t i = slot(keys[j]);
            keys_[i] = keys[j];
            values_[i] = values[j];
        }
    }

    std::vector<const void*> keys_;
    std::vector<uint32_t> values_;
    uint32_t count_ = 0;
};

}  // namespace forklab::lang
