// The BackgroundRunner of the -pthread flavour: each run gets a detached std::thread, which
// Emscripten takes from the pre-started Worker pool (-sPTHREAD_POOL_SIZE). That thread calls
// run_scenario(), whose threads backend starts one more std::thread (Worker) per scenario
// process. The browser main thread only polls a flag once per frame: it never joins or
// waits, because a blocked main thread cannot hand Workers to the pool and deadlocks.
#include <emscripten/heap.h>

#include <cstdint>
#include <memory>
#include <mutex>
#include <thread>

#include "app.h"
#include "exec/runners.h"

namespace forklab::web {

// The threaded module has a fixed heap (no growth: growing shared memory makes every heap
// access from JS slow in 3.1.6). A run keeps its events in vectors that grow by doubling, and
// a threads run also merges and sorts them, so at the end a trace needs about four times its
// size (events are 32 bytes); at the core's default cap that overflows a 256 MB heap. So the
// cap follows the heap: about 1 event per 256 bytes (the single-threaded build grows its heap,
// and gets the core's default).
uint64_t trace_cap_for_heap() {
    const uint64_t heap = emscripten_get_heap_max();
    const uint64_t by_heap = heap / 256;
    return by_heap < 3'000'000 ? by_heap : 3'000'000;
}

#ifdef FORKLAB_NO_THREADS

namespace {

// The single-threaded build runs nothing in the background; this runner only tells the
// viewer why threads and fork are missing (its tooltips say so).
class RefusingRunner final : public ui::BackgroundRunner {
public:
    bool available(Backend b, std::string* why_not) const override {
        return b != Backend::sim && backend_available(b, why_not);
    }
    void start(const RunRequest&) override {}
    bool poll(RunResult*) override { return false; }
};

}  // namespace

std::unique_ptr<ui::BackgroundRunner> make_worker_runner() {
    return std::make_unique<RefusingRunner>();
}

#else

namespace {

// Output is also collected in RunResult::out/err by the backend; the viewer reads it there.
class DiscardSink final : public OutputSink {
public:
    void write(ProcId, Stream, std::string_view) override {}
};

// Shared between the runner and its detached thread, so either may go first.
struct RunSlot {
    std::mutex mutex;
    bool done = false;
    RunResult result;
};

class WorkerRunner final : public ui::BackgroundRunner {
public:
    bool available(Backend b, std::string* why_not) const override {
        return backend_available(b, why_not);
    }

    void start(const RunRequest& original) override {
        RunRequest request = original;
        auto slot = std::make_shared<RunSlot>();
        current_ = slot;
        std::thread([slot, request] {
            DiscardSink sink;
            RunResult r = run_scenario(request, &sink);
            std::lock_guard<std::mutex> g(slot->mutex);
            slot->result = std::move(r);
            slot->done = true;
        }).detach();
    }

    bool poll(RunResult* out) override {
        if (!current_) return false;
        // try_lock: the main thread must not wait even for the short final store.
        std::unique_lock<std::mutex> g(current_->mutex, std::try_to_lock);
        if (!g.owns_lock() || !current_->done) return false;
        if (out) *out = std::move(current_->result);
        g.unlock();
        current_.reset();
        return true;
    }

private:
    std::shared_ptr<RunSlot> current_;
};

}  // namespace

std::unique_ptr<ui::BackgroundRunner> make_worker_runner() {
    return std::make_unique<WorkerRunner>();
}

#endif

}  // namespace forklab::web
