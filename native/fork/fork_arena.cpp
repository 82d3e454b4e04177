#include "fork/fork_arena.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <ctime>

namespace forklab::forkrt {

ForkRun* g_run = nullptr;

bool arena_reserve(ForkArena& a, uint64_t bytes, uint64_t* offset) {
    bytes = (bytes + 63) & ~uint64_t(63);
    const uint64_t off = a.bump.fetch_add(bytes);
    if (off + bytes > a.data_capacity()) return false;
    *offset = off;
    return true;
}

namespace {

// [SECTION] cleanup

// Filled before the handlers are installed, so the handler needs no allocation.
char g_dir[512];
ForkArena* g_arena = nullptr;
pid_t g_main_pid = 0;

void append_uint(char* buf, size_t cap, unsigned v) {
    char tmp[16];
    int n = 0;
    do {
        tmp[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    size_t len = strlen(buf);
    while (n > 0 && len + 1 < cap) buf[len++] = tmp[--n];
    buf[len] = 0;
}

void on_fatal_signal(int sig);

}  // namespace

void big_item_path(char* buf, size_t cap, uint32_t queue, uint32_t n) {
    if (cap < 600) return;
    strcpy(buf, g_dir);
    strcat(buf, "/q");
    append_uint(buf, cap, queue);
    strcat(buf, "-");
    append_uint(buf, cap, n);
    strcat(buf, ".item");
}

void set_cleanup_target(ForkArena* arena, const std::string& dir, pid_t main_pid) {
    snprintf(g_dir, sizeof g_dir, "%s", dir.c_str());
    g_arena = arena;
    g_main_pid = main_pid;
}

void clear_cleanup_target() {
    g_arena = nullptr;
    g_dir[0] = 0;
}

void remove_run_dir() {
    if (!g_dir[0] || !g_arena) return;
    const uint32_t n = std::min(g_arena->next_proc.load(), kMaxProcs);
    for (uint32_t i = 0; i < n; ++i) {
        char path[600];
        strcpy(path, g_dir);
        strcat(path, "/");
        append_uint(path, sizeof path, i);
        strcat(path, ".trace");
        unlink(path);
        strcat(path, ".tmp");
        unlink(path);
    }
    const uint32_t nq = std::min(g_arena->next_queue.load(), kMaxQueues);
    for (uint32_t q = 0; q < nq; ++q) {
        const uint32_t nbig = g_arena->queues[q].big_items.load();
        for (uint32_t k = 0; k < nbig; ++k) {
            char path[600];
            big_item_path(path, sizeof path, q + 1, k);
            unlink(path);
        }
    }
    rmdir(g_dir);
}

void kill_all_children(int grace_ms) {
    if (!g_arena) return;
    const pid_t me = getpid();
    const uint32_t n = std::min(g_arena->next_proc.load(), kMaxProcs);
    auto live = [&](uint32_t i) {
        const int pid = g_arena->procs[i].pid.load();
        return pid > 0 && pid != me && g_arena->procs[i].state.load() != kExited;
    };
    auto reap = [&](uint32_t i, int options) {
        ProcSlot& s = g_arena->procs[i];
        if (s.parent != 0 || me != g_main_pid) return false;
        int st = 0;
        pid_t r;
        do {
            r = waitpid(s.pid.load(), &st, options);
        } while (r < 0 && errno == EINTR);
        if (r == 0) return false;
        s.exitcode = r > 0 ? (WIFEXITED(st) ? WEXITSTATUS(st) : -WTERMSIG(st)) : -SIGKILL;
        s.state.store(kExited);
        return true;
    };
    for (uint32_t i = 1; i < n; ++i)
        if (live(i)) kill(g_arena->procs[i].pid.load(), SIGTERM);
    for (int waited = 0; waited < grace_ms; waited += 5) {
        bool any = false;
        for (uint32_t i = 1; i < n; ++i)
            if (live(i) && !reap(i, WNOHANG)) any = any || kill(g_arena->procs[i].pid.load(), 0) == 0;
        if (!any) break;
        struct timespec ts = {0, 5'000'000};
        nanosleep(&ts, nullptr);
    }
    for (uint32_t i = 1; i < n; ++i)
        if (live(i)) kill(g_arena->procs[i].pid.load(), SIGKILL);
    for (uint32_t i = 1; i < n; ++i)
        if (live(i)) reap(i, 0);
}

namespace {

void on_fatal_signal(int sig) {
    if (getpid() != g_main_pid) {  // cannot happen (see start_process), but never clean up twice
        signal(sig, SIG_DFL);
        raise(sig);
        _exit(128 + sig);
    }
    kill_all_children(200);
    remove_run_dir();
    _exit(128 + sig);
}

}  // namespace

SignalGuard::SignalGuard() {
    struct sigaction sa {};
    sa.sa_handler = on_fatal_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, nullptr, &old_int);
    sigaction(SIGTERM, nullptr, &old_term);
    if (old_int.sa_handler != SIG_IGN) sigaction(SIGINT, &sa, nullptr);
    if (old_term.sa_handler != SIG_IGN) sigaction(SIGTERM, &sa, nullptr);
    // A write to a Pipe whose readers are gone must fail with EPIPE (BrokenPipeError).
    struct sigaction ign {};
    ign.sa_handler = SIG_IGN;
    sigemptyset(&ign.sa_mask);
    sigaction(SIGPIPE, &ign, &old_pipe);
}

SignalGuard::~SignalGuard() {
    sigaction(SIGINT, &old_int, nullptr);
    sigaction(SIGTERM, &old_term, nullptr);
    sigaction(SIGPIPE, &old_pipe, nullptr);
}

// [SECTION] trace files

namespace {

constexpr char kTraceMagic[8] = {'F', 'L', 'T', 'R', 'A', 'C', 'E', '1'};

std::string trace_path(ProcId id) { return g_run->dir + "/" + std::to_string(id.value) + ".trace"; }

void put_u64(std::string& b, uint64_t v) { b.append(reinterpret_cast<const char*>(&v), 8); }
void put_str(std::string& b, const std::string& s) {
    put_u64(b, s.size());
    b += s;
}

}  // namespace

bool write_all(int fd, const char* p, size_t n) {
    while (n > 0) {
        const ssize_t w = ::write(fd, p, n);
        if (w < 0) {
            if (errno == EINTR) continue;
            return false;
        }
        p += w;
        n -= (size_t)w;
    }
    return true;
}

void write_child_file(ProcId id, const TraceRecorder& rec, const std::string& out,
                      const std::string& err) {
    std::string b(kTraceMagic, 8);
    put_u64(b, rec.events.size());
    b.append(reinterpret_cast<const char*>(rec.events.data()), rec.events.size() * sizeof(TraceEvent));
    put_u64(b, rec.strings.size());
    for (const auto& s : rec.strings) put_str(b, s);
    put_str(b, out);
    put_str(b, err);
    const std::string path = trace_path(id);
    const std::string tmp = path + ".tmp";
    const int fd = open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0) return;
    const bool ok = write_all(fd, b.data(), b.size());
    close(fd);
    if (ok) rename(tmp.c_str(), path.c_str());
    else unlink(tmp.c_str());
}

ChildFile read_child_file(ProcId id) {
    ChildFile f;
    const std::string path = trace_path(id);
    const int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return f;
    std::string b;
    char buf[1 << 16];
    for (;;) {
        const ssize_t n = ::read(fd, buf, sizeof buf);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;
        b.append(buf, (size_t)n);
    }
    close(fd);
    size_t pos = 0;
    auto get_u64 = [&](uint64_t* v) {
        if (pos + 8 > b.size()) return false;
        memcpy(v, b.data() + pos, 8);
        pos += 8;
        return true;
    };
    auto get_str = [&](std::string* s) {
        uint64_t n;
        if (!get_u64(&n) || n > b.size() - pos) return false;
        s->assign(b.data() + pos, n);
        pos += n;
        return true;
    };
    if (b.size() < 8 || memcmp(b.data(), kTraceMagic, 8) != 0) return f;
    pos = 8;
    uint64_t n;
    if (!get_u64(&n) || n > (b.size() - pos) / sizeof(TraceEvent)) return f;
    f.events.resize(n);
    if (n) memcpy(f.events.data(), b.data() + pos, n * sizeof(TraceEvent));
    pos += n * sizeof(TraceEvent);
    if (!get_u64(&n) || n > b.size()) return f;
    f.strings.resize(n);
    for (auto& s : f.strings)
        if (!get_str(&s)) return f;
    if (!get_str(&f.out) || !get_str(&f.err)) return f;
    f.ok = true;
    return f;
}

}  // namespace forklab::forkrt
