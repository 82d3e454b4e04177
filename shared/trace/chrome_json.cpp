#include "trace/chrome_json.h"

#include <algorithm>
#include <cstddef>
#include <cstdio>
#include <map>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "trace/trace_format.h"

namespace forklab {
namespace {

enum class St : uint8_t { none, created, ready, running, blocked, exited };

const char* st_name(St s) {
    switch (s) {
        case St::created: return "created";
        case St::ready: return "ready";
        case St::running: return "running";
        case St::blocked: return "blocked";
        default: return "";
    }
}

enum class Role : uint8_t { state, gil, lock_wait, lock_hold };

// A slice opened with B and not yet closed, on one track.
struct Open {
    std::string name;
    Role role;
};

struct ProcLane {
    St state = St::none;
    uint32_t reason = 0;              // Trace::strings index+1 of the blocked reason
    std::vector<uint32_t> waits;      // locks it waits for (a wait slice is open on each)
};

uint64_t track_key(uint32_t pid, uint32_t tid) { return (uint64_t)pid << 32 | tid; }

class ChromeWriter {
public:
    explicit ChromeWriter(const Trace& t) : t_(t), wall_(t.time_unit == TimeUnit::nanoseconds) {}

    std::string write();

private:
    const Trace& t_;
    const bool wall_;
    std::string o_;
    bool first_ = true;
    uint32_t nprocs_ = 0;
    std::vector<ProcLane> lanes_;
    std::map<uint64_t, std::vector<Open>> open_;       // per track, innermost last
    std::unordered_map<uint32_t, std::vector<uint32_t>> holders_;  // lock -> procs, in order
    std::unordered_set<uint64_t> paired_flows_;        // flow_json_id with both ends present
    std::unordered_map<uint64_t, int64_t> counters_;   // shared object << 16 | cell -> last value shown
    std::unordered_map<uint32_t, int64_t> queue_len_;
    std::unordered_set<uint64_t> named_tracks_;
    bool objects_named_ = false;

    // --- one entry ---------------------------------------------------------------------
    void ts(uint64_t time) {
        char buf[32];
        if (wall_)
            std::snprintf(buf, sizeof buf, "%llu.%03llu", (unsigned long long)(time / 1000),
                          (unsigned long long)(time % 1000));
        else
            std::snprintf(buf, sizeof buf, "%llu", (unsigned long long)time);
        o_ += buf;
    }
    void num(const char* key, int64_t v) {
        o_ += ",\"";
        o_ += key;
        o_ += "\":";
        o_ += std::to_string(v);
    }
    // {"ph":P,"cat":C,"name":N,"pid":..,"tid":..,"ts":..   (no closing brace)
    void head(const char* ph, const char* cat, std::string_view name, uint32_t pid, uint32_t tid,
              uint64_t time) {
        o_ += first_ ? "\n{\"ph\":\"" : ",\n{\"ph\":\"";
        first_ = false;
        o_ += ph;
        o_ += '"';
        if (cat) {
            o_ += ",\"cat\":\"";
            o_ += cat;
            o_ += '"';
        }
        o_ += ",\"name\":";
        append_json_string(o_, name);
        num("pid", pid);
        if (tid) num("tid", tid);
        if (ph[0] == 'M') return;  // metadata has no time
        o_ += ",\"ts\":";
        ts(time);
    }
    // The args of a recorded event (trace_format.h), or none for a derived entry.
    void close_entry(const TraceEvent* raw, const char* extra_key = nullptr, int64_t extra = 0) {
        if (raw || extra_key) {
            o_ += ",\"args\":{";
            bool first = true;
            if (raw) {
                o_ += "\"ev\":\"";
                o_ += event_kind_id(raw->kind);
                o_ += '"';
                first = false;
                if (raw->object) num("obj", raw->object);
                if (raw->value) num("val", raw->value);
                if (raw->cell) num("cell", raw->cell);
                if (const std::string* text = t_.text_of(*raw)) {
                    o_ += ",\"text\":";
                    append_json_string(o_, *text);
                }
            }
            if (extra_key) {
                if (!first) o_ += ',';
                o_ += '"';
                o_ += extra_key;
                o_ += "\":";
                o_ += std::to_string(extra);
            }
            o_ += '}';
        }
        o_ += '}';
    }
    void meta(uint32_t pid, uint32_t tid, const char* what, const std::string& name) {
        head("M", nullptr, what, pid, tid, 0);
        o_ += ",\"args\":{\"name\":";
        append_json_string(o_, name);
        o_ += "}}";
    }
    void sort_meta(uint32_t pid, uint32_t tid, const char* what, int64_t index) {
        head("M", nullptr, what, pid, tid, 0);
        o_ += ",\"args\":{\"sort_index\":" + std::to_string(index) + "}}";
    }

    // --- slices on a track ---------------------------------------------------------------
    void name_track(uint32_t pid, uint32_t tid, const std::string& name, int64_t sort) {
        if (!named_tracks_.insert(track_key(pid, tid)).second) return;
        meta(pid, tid, "thread_name", name);
        sort_meta(pid, tid, "thread_sort_index", sort);
    }
    void begin(uint32_t pid, uint32_t tid, const char* cat, std::string name, Role role,
               uint64_t time, const TraceEvent* raw) {
        head("B", cat, name, pid, tid, time);
        close_entry(raw);
        open_[track_key(pid, tid)].push_back(Open{std::move(name), role});
    }
    void end_entry(uint32_t pid, uint32_t tid, const std::string& name, uint64_t time,
                   const TraceEvent* raw) {
        head("E", nullptr, name, pid, tid, time);
        close_entry(raw);
    }
    // Closes the slice at `index` on the track. Slices opened after it are closed first and
    // reopened at the same time, so B/E stay nested even when slices end out of order (a
    // thread of the process waits for a lock that another thread holds and then releases).
    void close_at(uint32_t pid, uint32_t tid, size_t index, uint64_t time, const TraceEvent* raw) {
        std::vector<Open>& st = open_[track_key(pid, tid)];
        for (size_t k = st.size(); k-- > index + 1;) end_entry(pid, tid, st[k].name, time, nullptr);
        end_entry(pid, tid, st[index].name, time, raw);
        for (size_t k = index + 1; k < st.size(); ++k) {
            head("B", st[k].role == Role::gil ? "gil" : st[k].role == Role::state ? "state" : "lock",
                 st[k].name, pid, tid, time);
            close_entry(nullptr);
        }
        st.erase(st.begin() + (std::ptrdiff_t)index);
    }
    // Index of the innermost open slice with `role` on the track, or -1.
    long find_open(uint32_t pid, uint32_t tid, Role role) {
        auto it = open_.find(track_key(pid, tid));
        if (it == open_.end()) return -1;
        for (size_t k = it->second.size(); k-- > 0;)
            if (it->second[k].role == role) return (long)k;
        return -1;
    }

    // --- process states ----------------------------------------------------------------
    // Moves p to state s; the recorded event `raw`, if given, goes on the B that opens the new
    // slice. Returns false when nothing changed (the caller then writes `raw` as an instant).
    bool set_state(uint32_t p, uint64_t time, St s, uint32_t reason, const TraceEvent* raw) {
        ProcLane& l = lanes_[p];
        if (l.state == St::exited) return false;
        if (l.state == s && l.reason == reason) return false;
        if (l.state != St::none) end_entry(p + 1, p + 1, st_name(l.state), time, nullptr);
        l.state = s;
        l.reason = reason;
        if (s == St::exited) {
            open_[track_key(p + 1, p + 1)].clear();
            return false;
        }
        head("B", "state", st_name(s), p + 1, p + 1, time);
        close_entry(raw);
        open_[track_key(p + 1, p + 1)].assign(1, Open{st_name(s), Role::state});
        return raw != nullptr;
    }
    void instant(const TraceEvent& e, const char* cat) {
        head("i", cat, event_label(e.kind), e.proc.value + 1, e.proc.value + 1, e.time);
        // (thread scope, "s":"t", is the default for instants)
        close_entry(&e);
    }

    // --- objects -----------------------------------------------------------------------
    void lock_track(uint32_t p, uint32_t lock) {
        name_track(p + 1, kLockTidBase + lock, "lock #" + std::to_string(lock),
                   (int64_t)kLockTidBase + lock);
    }
    std::string lock_name(uint32_t lock) const { return "lock #" + std::to_string(lock); }
    void end_waits(uint32_t p, uint64_t time) {
        for (uint32_t lock : lanes_[p].waits) {
            const long k = find_open(p + 1, kLockTidBase + lock, Role::lock_wait);
            if (k >= 0) close_at(p + 1, kLockTidBase + lock, (size_t)k, time, nullptr);
        }
        lanes_[p].waits.clear();
    }
    void lock_event(const TraceEvent& e);
    void counter(const std::string& name, const char* key, int64_t v, uint64_t time) {
        if (!objects_named_) {
            objects_named_ = true;
            meta(kObjectsPid, 0, "process_name", "shared objects and queues");
            sort_meta(kObjectsPid, 0, "process_sort_index", (int64_t)kObjectsPid);
        }
        head("C", "object", name, kObjectsPid, 0, time);
        close_entry(nullptr, key, v);
    }
    void flow(const TraceEvent& e, bool start) {
        const uint64_t id = flow_json_id(e.kind, e.value);
        if (!paired_flows_.count(id)) return;
        const bool queue = e.kind == EventKind::queue_put || e.kind == EventKind::queue_get;
        head(start ? "s" : "f", queue ? "queue" : "pipe", queue ? "item" : "message",
             e.proc.value + 1, e.proc.value + 1, e.time);
        o_ += ",\"id\":" + std::to_string(id);
        if (!start) o_ += ",\"bp\":\"e\"";
        o_ += '}';
    }

    void header();
    void pair_flows();
    void event(const TraceEvent& e);
    void footer(uint64_t end);
};

void ChromeWriter::header() {
    nprocs_ = (uint32_t)t_.processes.size();
    for (const TraceEvent& e : t_.events) {
        nprocs_ = std::max(nprocs_, e.proc.value + 1);
        if (e.kind == EventKind::proc_created || e.kind == EventKind::proc_started)
            nprocs_ = std::max(nprocs_, e.object + 1);
    }
    lanes_.resize(nprocs_);
    for (uint32_t p = 0; p < nprocs_; ++p) {
        std::string name = p < t_.processes.size() ? t_.processes[p].name : "";
        if (name.empty()) name = p == 0 ? "MainProcess" : "process " + std::to_string(p);
        std::string label = name;
        if (p < t_.processes.size() && t_.processes[p].os_pid)
            label += " (pid " + std::to_string(t_.processes[p].os_pid) + ")";
        meta(p + 1, p + 1, "process_name", label);
        sort_meta(p + 1, p + 1, "process_sort_index", p);
        name_track(p + 1, p + 1, name, 0);
    }
}

// A flow arrow needs both ends: a message still in the pipe at exit, or an end dropped by
// the event cap, has none.
void ChromeWriter::pair_flows() {
    std::unordered_set<uint64_t> sent;
    for (const TraceEvent& e : t_.events) {
        if (e.kind == EventKind::msg_send || e.kind == EventKind::queue_put)
            sent.insert(flow_json_id(e.kind, e.value));
        else if ((e.kind == EventKind::msg_recv || e.kind == EventKind::queue_get) &&
                 sent.count(flow_json_id(e.kind, e.value)))
            paired_flows_.insert(flow_json_id(e.kind, e.value));
    }
}

void ChromeWriter::lock_event(const TraceEvent& e) {
    const uint32_t p = e.proc.value, lock = e.object, pid = p + 1, tid = kLockTidBase + lock;
    lock_track(p, lock);
    switch (e.kind) {
        case EventKind::lock_wait:
            begin(pid, tid, "lock", "wait " + lock_name(lock), Role::lock_wait, e.time, &e);
            lanes_[p].waits.push_back(lock);
            return;
        case EventKind::lock_acquire: {
            const long k = find_open(pid, tid, Role::lock_wait);
            if (k >= 0) {
                close_at(pid, tid, (size_t)k, e.time, nullptr);
                auto& w = lanes_[p].waits;
                if (auto it = std::find(w.begin(), w.end(), lock); it != w.end()) w.erase(it);
            }
            begin(pid, tid, "lock", lock_name(lock), Role::lock_hold, e.time, &e);
            holders_[lock].push_back(p);
            return;
        }
        default: {  // release: of p's own hold, else of whoever holds it (a Lock may be
                    // released by another process), else unmatched (its acquire was dropped)
            std::vector<uint32_t>& h = holders_[lock];
            auto mine = std::find(h.rbegin(), h.rend(), p);
            const uint32_t holder = mine != h.rend() ? p : h.empty() ? p : h.back();
            const long k = find_open(holder + 1, kLockTidBase + lock, Role::lock_hold);
            if (k < 0) {
                instant(e, "lock");
                return;
            }
            if (mine != h.rend()) h.erase(std::next(mine).base());
            else h.pop_back();
            close_at(holder + 1, kLockTidBase + lock, (size_t)k, e.time, holder == p ? &e : nullptr);
            if (holder != p) instant(e, "lock");
        }
    }
}

void ChromeWriter::event(const TraceEvent& e) {
    const uint32_t p = e.proc.value;
    const EventKind k = e.kind;
    // A process seen doing anything but changing state has stopped waiting for locks
    // (a timed-out acquire leaves no event of its own).
    if (k != EventKind::proc_running && k != EventKind::proc_ready &&
        k != EventKind::proc_blocked && k != EventKind::thread_switch &&
        k != EventKind::lock_wait && k != EventKind::lock_acquire && !lanes_[p].waits.empty())
        end_waits(p, e.time);
    // What the event says about states (as the viewer's lanes derive them).
    switch (k) {
        case EventKind::proc_created:
            if (e.object != p && lanes_[p].state != St::running) set_state(p, e.time, St::running, 0, nullptr);
            if (e.object != p && lanes_[e.object].state == St::none)
                set_state(e.object, e.time, St::created, 0, nullptr);
            break;
        case EventKind::proc_started:
            if (e.object != p && lanes_[p].state != St::running) set_state(p, e.time, St::running, 0, nullptr);
            set_state(e.object, e.time, wall_ ? St::running : St::ready, 0, nullptr);
            break;
        case EventKind::proc_running:
        case EventKind::proc_ready:
        case EventKind::proc_blocked: {
            const St s = k == EventKind::proc_running ? St::running
                       : k == EventKind::proc_ready ? St::ready : St::blocked;
            if (!set_state(p, e.time, s, k == EventKind::proc_blocked ? e.text : 0, &e))
                instant(e, "state");
            return;
        }
        case EventKind::lock_wait:
            if (lanes_[p].state != St::blocked) set_state(p, e.time, St::blocked, 0, nullptr);
            break;
        case EventKind::proc_exited: {
            end_waits(p, e.time);
            const long g = find_open(p + 1, kGilTid, Role::gil);
            if (g >= 0) close_at(p + 1, kGilTid, (size_t)g, e.time, nullptr);
            set_state(p, e.time, St::exited, 0, nullptr);
            break;
        }
        default:
            if (lanes_[p].state != St::running && lanes_[p].state != St::exited)
                set_state(p, e.time, St::running, 0, nullptr);
    }
    switch (k) {
        case EventKind::lock_wait:
        case EventKind::lock_acquire:
        case EventKind::lock_release: lock_event(e); return;
        case EventKind::thread_switch: {
            name_track(p + 1, kGilTid, "GIL", (int64_t)kGilTid);
            const long g = find_open(p + 1, kGilTid, Role::gil);
            if (g >= 0) close_at(p + 1, kGilTid, (size_t)g, e.time, nullptr);
            const std::string* who = t_.text_of(e);
            begin(p + 1, kGilTid, "gil", who ? *who : "thread " + std::to_string(e.object),
                  Role::gil, e.time, &e);
            return;
        }
        case EventKind::shared_read:
        case EventKind::shared_write: {
            instant(e, "shared");
            // One counter track per cell: "shared #2" (a Value, or an Array's element 0),
            // "shared #2[3]".
            auto [it, fresh] = counters_.try_emplace(uint64_t(e.object) << 16 | e.cell, e.value);
            if (fresh || k == EventKind::shared_write || it->second != e.value) {
                it->second = e.value;
                std::string name = "shared #" + std::to_string(e.object);
                if (e.cell) name += "[" + std::to_string(e.cell) + "]";
                counter(name, "value", e.value, e.time);
            }
            return;
        }
        case EventKind::msg_send:
        case EventKind::msg_recv:
            instant(e, "pipe");
            flow(e, k == EventKind::msg_send);
            return;
        case EventKind::queue_put:
        case EventKind::queue_get: {
            instant(e, "queue");
            flow(e, k == EventKind::queue_put);
            int64_t& n = queue_len_[e.object];
            n = k == EventKind::queue_put ? n + 1 : std::max<int64_t>(0, n - 1);
            counter("queue #" + std::to_string(e.object) + " length", "items", n, e.time);
            return;
        }
        case EventKind::stdout_write:
        case EventKind::stderr_write: instant(e, "output"); return;
        case EventKind::sync_op: instant(e, "sync"); return;
        default: instant(e, "process");
    }
}

// Everything still open ends with the trace, innermost first.
void ChromeWriter::footer(uint64_t end) {
    for (auto& [key, st] : open_)
        for (size_t k = st.size(); k-- > 0;)
            end_entry((uint32_t)(key >> 32), (uint32_t)key, st[k].name, end, nullptr);
    o_ += "\n],\"displayTimeUnit\":\"ms\",\"otherData\":{\"format\":\"";
    o_ += kTraceFormatName;
    o_ += "\",\"version\":" + std::to_string(kTraceFormatVersion);
    o_ += ",\"backend\":";
    append_json_string(o_, t_.backend);
    o_ += wall_ ? ",\"time_unit\":\"ns\",\"ts_note\":\"ts in microseconds of wall-clock time since the run started\""
                : ",\"time_unit\":\"ticks\",\"ts_note\":\"1 virtual tick (one bytecode instruction, 20 ns of virtual time: docs/simulator.md) is shown as 1 microsecond\"";
    o_ += ",\"events\":" + std::to_string(t_.events.size());
    o_ += ",\"dropped_events\":" + std::to_string(t_.dropped_events);
    if (t_.states_complete_until != UINT64_MAX)
        o_ += ",\"states_complete_until\":" + std::to_string(t_.states_complete_until);
    if (t_.scenario) {
        o_ += ",\"scenario\":{\"file\":";
        append_json_string(o_, t_.scenario->file);
        o_ += ",\"source\":";
        append_json_string(o_, t_.scenario->source);
        o_ += '}';
    }
    o_ += ",\"processes\":[";
    for (size_t i = 0; i < t_.processes.size(); ++i) {
        const ProcessInfo& p = t_.processes[i];
        o_ += i ? ",\n{" : "\n{";
        o_ += "\"id\":" + std::to_string(p.id.value) + ",\"parent\":" + std::to_string(p.parent.value) +
              ",\"name\":";
        append_json_string(o_, p.name);
        o_ += ",\"os_pid\":" + std::to_string(p.os_pid) + ",\"exitcode\":" + std::to_string(p.exitcode) +
              ",\"exited\":" + (p.exited ? "true" : "false") + "}";
    }
    o_ += "]}}\n";
}

std::string ChromeWriter::write() {
    o_.reserve(t_.events.size() * 110 + 1024);
    o_ += "{\"traceEvents\":[";
    header();
    pair_flows();
    if (nprocs_) {
        head("B", "state", "running", 1, 1, 0);  // MainProcess runs from the start
        close_entry(nullptr);
        lanes_[0].state = St::running;
        open_[track_key(1, 1)].push_back(Open{"running", Role::state});
    }
    uint64_t end = 0;
    for (const TraceEvent& e : t_.events) {
        end = std::max(end, e.time);
        event(e);
    }
    footer(end);
    return std::move(o_);
}

}  // namespace

// JSON string body: quotes, backslashes and control characters escaped; bytes that are not
// valid UTF-8 become U+FFFD so the document stays valid whatever a program printed.
void append_json_string(std::string& o, std::string_view s) {
    o += '"';
    size_t i = 0;
    while (i < s.size()) {
        const unsigned char c = (unsigned char)s[i];
        if (c < 0x80) {
            switch (c) {
                case '"': o += "\\\""; break;
                case '\\': o += "\\\\"; break;
                case '\n': o += "\\n"; break;
                case '\r': o += "\\r"; break;
                case '\t': o += "\\t"; break;
                default:
                    if (c < 0x20 || c == 0x7f) {
                        char buf[8];
                        std::snprintf(buf, sizeof buf, "\\u%04x", c);
                        o += buf;
                    } else {
                        o += (char)c;
                    }
            }
            ++i;
            continue;
        }
        size_t len = c >= 0xf0 && c <= 0xf4 ? 4 : c >= 0xe0 ? 3 : c >= 0xc2 && c <= 0xdf ? 2 : 0;
        if (c >= 0xf5) len = 0;
        bool ok = len > 0 && i + len <= s.size();
        for (size_t k = 1; ok && k < len; ++k) ok = ((unsigned char)s[i + k] & 0xc0) == 0x80;
        if (ok && len == 3) {  // no overlongs, no surrogates
            const unsigned char d = (unsigned char)s[i + 1];
            ok = !(c == 0xe0 && d < 0xa0) && !(c == 0xed && d >= 0xa0);
        }
        if (ok && len == 4) {
            const unsigned char d = (unsigned char)s[i + 1];
            ok = !(c == 0xf0 && d < 0x90) && !(c == 0xf4 && d >= 0x90);
        }
        if (ok) {
            o.append(s.data() + i, len);
            i += len;
        } else {
            o += "\\ufffd";
            ++i;
        }
    }
    o += '"';
}


std::string chrome_trace_json(const Trace& trace) { return ChromeWriter(trace).write(); }

}  // namespace forklab
