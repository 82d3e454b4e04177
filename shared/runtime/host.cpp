// Host's default implementations of the calls a backend need not override.
#include "runtime/host.h"

#if !defined(__EMSCRIPTEN__)
#include <filesystem>
#include <system_error>
#endif

namespace forklab {

std::string Host::current_dir() const {
#if defined(__EMSCRIPTEN__)
    return "/";  // the browser lab has no working directory worth showing
#else
    std::error_code ec;
    const std::filesystem::path p = std::filesystem::current_path(ec);
    return ec || p.empty() ? std::string("/") : p.string();
#endif
}

// "Not on this backend": ids 0 (the interpreter raises NotImplementedError for them), and
// operations on them that do nothing. See host.h.
void Host::signal_process(ProcId, int) {}
OpStatus Host::idle(std::optional<double> timeout_s) {
    constexpr double kIdlePoll = 0.001;
    return sleep(timeout_s && *timeout_s < kIdlePoll ? *timeout_s : kIdlePoll);
}
int Host::lock_held_by_self(LockId) { return 0; }
bool Host::lock_is_held(LockId) { return false; }
SyncId Host::sync_create(SyncKind, int64_t, int64_t) { return SyncId{0}; }
OpStatus Host::sync_op(SyncId, SyncOp, int64_t, LockId, std::optional<double>, SyncResult* result) {
    *result = SyncResult{};
    result->error = SyncError::wrong_kind;
    return OpStatus::done;
}
bool Host::sync_step(SyncId, SyncOp, int64_t, SyncStepKind, SyncTicket*, SyncResult* result) {
    *result = SyncResult{};
    result->error = SyncError::wrong_kind;
    return true;
}
void Host::pipe_create(bool, ConnId* a, ConnId* b) { *a = *b = ConnId{0}; }
OpStatus Host::conn_send(ConnId, std::string_view, bool* peer_gone) {
    *peer_gone = true;
    return OpStatus::done;
}
OpStatus Host::conn_recv(ConnId, std::string*, bool* eof) {
    *eof = true;
    return OpStatus::done;
}
OpStatus Host::conn_poll(ConnId, std::optional<double>, bool* ready) {
    *ready = true;
    return OpStatus::done;
}
void Host::conn_close(ConnId) {}
int Host::conn_fileno(ConnId c) { return (int)c.value; }
QueueId Host::queue_create(size_t, bool) { return QueueId{0}; }
OpStatus Host::queue_put(QueueId, std::string_view, bool, std::optional<double>, bool* full) {
    *full = true;
    return OpStatus::done;
}
OpStatus Host::queue_get(QueueId, bool, std::optional<double>, std::string*, bool* empty) {
    *empty = true;
    return OpStatus::done;
}
size_t Host::queue_size(QueueId) { return 0; }
void Host::queue_cancel_join(QueueId) {}

}  // namespace forklab
