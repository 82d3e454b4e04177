// A fake single-process Host for the language unit tests: shared memory is a plain vector,
// locks are flags, and start_process runs the child inline to completion (so counts are
// exact). It can be told to answer `blocked` to chosen calls to exercise retry.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "lang/interp.h"

namespace forklab::test {

class FakeHost : public Host {
public:
    std::string out, err;
    std::vector<std::vector<Scalar>> shared;
    std::vector<bool> locks;          // index = LockId - 1
    std::vector<int> child_exit;      // index = ProcId - 1
    std::vector<int> shared_lock_of;  // SharedId-1 -> LockId
    int block_lock_acquires = 0;      // answer blocked to this many lock_acquire calls
    int block_loads = 0;
    int blocked_answers = 0;
    uint32_t self_id = 0;
    FakeHost* root = this;            // children share the root's tables
    double clock = 0;

    ProcId self() const override { return ProcId{self_id}; }
    int os_pid(ProcId p) const override { return 1000 + int(p.value); }
    int os_ppid() const override { return self_id == 0 ? 999 : 1000; }
    int cpu_count() const override { return 4; }

    ProcId start_process(Interp& parent, const ChildSpec& child, std::string_view name, bool, int*) override {
        FakeHost& r = *root;
        uint32_t id = uint32_t(r.child_exit.size() + 1);
        r.child_exit.push_back(-1000);
        FakeHost ch;
        ch.root = &r;
        ch.self_id = id;
        auto interp = Interp::make_child(parent, child, ch, name);
        while (interp->run(1000000) != RunStatus::exited) {}
        r.child_exit[id - 1] = interp->exit_code();
        r.out += ch.out;
        r.err += ch.err;
        return ProcId{id};
    }
    OpStatus join_process(ProcId child, std::optional<double>, bool* ended, int* code) override {
        *ended = true;
        *code = root->child_exit[child.value - 1];
        return OpStatus::done;
    }
    bool poll_process(ProcId child, int* code) override {
        *code = root->child_exit[child.value - 1];
        return false;
    }
    SharedId shared_alloc(TypeCode t, size_t count, bool sync) override {
        FakeHost& r = *root;
        r.shared.emplace_back(count, typecode_is_float(t) ? Scalar::real(0) : Scalar::integer(0));
        r.shared_lock_of.push_back(sync ? int(lock_create(LockKind::rlock).value) : 0);
        return SharedId{uint32_t(r.shared.size())};
    }
    OpStatus shared_load(SharedId id, size_t i, Scalar* out) override {
        if (root->block_loads > 0) { --root->block_loads; ++root->blocked_answers; return OpStatus::blocked; }
        *out = root->shared[id.value - 1][i];
        return OpStatus::done;
    }
    OpStatus shared_store(SharedId id, size_t i, Scalar v) override {
        root->shared[id.value - 1][i] = v;
        return OpStatus::done;
    }
    LockId shared_lock(SharedId id) override { return LockId{uint32_t(root->shared_lock_of[id.value - 1])}; }
    LockId lock_create(LockKind) override {
        root->locks.push_back(false);
        return LockId{uint32_t(root->locks.size())};
    }
    OpStatus lock_acquire(LockId id, bool, std::optional<double>, bool* acquired) override {
        if (root->block_lock_acquires > 0) { --root->block_lock_acquires; ++root->blocked_answers; return OpStatus::blocked; }
        auto ref = root->locks[id.value - 1];
        *acquired = !ref;
        if (!ref) root->locks[id.value - 1] = true;
        return OpStatus::done;
    }
    bool lock_release(LockId id) override {
        if (!root->locks[id.value - 1]) return false;
        root->locks[id.value - 1] = false;
        return true;
    }
    void write(Stream s, std::string_view text) override { (s == Stream::out ? out : err) += text; }
    double now_seconds() override { return clock; }
    double monotonic_seconds() override { return clock; }
    OpStatus sleep(double s) override { clock += s; return OpStatus::done; }
};

struct RunOutcome {
    std::string out, err;
    int exit = -99;
    std::vector<Diagnostic> errors;
    uint64_t instructions = 0;
    int blocked = 0;
};

// Compiles and runs `src` as the main process with small budgets (so resumption is exercised).
inline RunOutcome run_source(const std::string& src, FakeHost* host_in = nullptr, uint64_t budget = 1000) {
    RunOutcome o;
    CompileResult cr = compile_program(src, "test.py");
    if (!cr.program) { o.errors = cr.errors; return o; }
    FakeHost local;
    FakeHost& host = host_in ? *host_in : local;
    Interp in(cr.program, host);
    for (;;) {
        RunStatus s = in.run(budget);
        if (s == RunStatus::exited) break;
        if (s == RunStatus::blocked) ++o.blocked;
    }
    o.out = host.out;
    o.err = host.err;
    o.exit = in.exit_code();
    o.instructions = in.instructions_executed();
    return o;
}

}  // namespace forklab::test
