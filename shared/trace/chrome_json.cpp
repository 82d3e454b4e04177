#include "trace/chrome_json.h"

#include <algorithm>
#include <cstdio>
#include <string_view>
#include <vector>

namespace forklab {
namespace {


struct Writer {
    const Trace& t;
    std::string o;
    bool first = true;

    std::string ts(uint64_t time) const {
        char buf[32];
        if (t.time_unit == TimeUnit::nanoseconds)
            std::snprintf(buf, sizeof buf, "%llu.%03llu", (unsigned long long)(time / 1000),
                          (unsigned long long)(time % 1000));
        else
            std::snprintf(buf, sizeof buf, "%llu", (unsigned long long)time);
        return buf;
    }
    void begin_event() {
        o += first ? "\n" : ",\n";
        first = false;
    }
    void meta(uint32_t proc, const char* what, const std::string& name) {
        begin_event();
        o += "{\"ph\":\"M\",\"pid\":" + std::to_string(proc + 1) +
             ",\"tid\":" + std::to_string(proc + 1) + ",\"name\":\"" + what +
             "\",\"args\":{\"name\":";
        append_json_string(o, name);
        o += "}}";
    }
    void sort_index(uint32_t proc) {
        begin_event();
        o += "{\"ph\":\"M\",\"pid\":" + std::to_string(proc + 1) +
             ",\"tid\":" + std::to_string(proc + 1) +
             ",\"name\":\"process_sort_index\",\"args\":{\"sort_index\":" + std::to_string(proc) +
             "}}";
    }
    void slice(uint32_t proc, const char* state, uint64_t start, uint64_t end,
               const std::string* reason) {
        begin_event();
        o += "{\"ph\":\"X\",\"cat\":\"state\",\"name\":\"";
        o += state;
        o += "\",\"pid\":" + std::to_string(proc + 1) + ",\"tid\":" + std::to_string(proc + 1) +
             ",\"ts\":" + ts(start) + ",\"dur\":" + ts(end - start);
        if (reason) {
            o += ",\"args\":{\"reason\":";
            append_json_string(o, *reason);
            o += "}";
        }
        o += "}";
    }
    void instant(const TraceEvent& e) {
        begin_event();
        o += "{\"ph\":\"i\",\"s\":\"t\",\"cat\":\"";
        switch (e.kind) {
            case EventKind::lock_wait:
            case EventKind::lock_acquire:
            case EventKind::lock_release: o += "lock"; break;
            case EventKind::shared_read:
            case EventKind::shared_write: o += "shared"; break;
            case EventKind::stdout_write:
            case EventKind::stderr_write: o += "output"; break;
            default: o += "process";
        }
        o += "\",\"name\":\"";
        o += event_label(e.kind);
        o += "\",\"pid\":" + std::to_string(e.proc.value + 1) +
             ",\"tid\":" + std::to_string(e.proc.value + 1) + ",\"ts\":" + ts(e.time) +
             ",\"args\":{\"object\":" + std::to_string(e.object) +
             ",\"value\":" + std::to_string(e.value);
        if (const std::string* text = t.text_of(e)) {
            o += ",\"text\":";
            append_json_string(o, *text);
        }
        o += "}}";
    }
};

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

struct Lane {
    St state = St::none;
    uint64_t since = 0;
    uint32_t reason = 0;
};

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


std::string chrome_trace_json(const Trace& t) {
    Writer w{t, {}, true};
    w.o.reserve(t.events.size() * 120 + 1024);
    w.o += "{\"traceEvents\":[";

    uint32_t nprocs = (uint32_t)t.processes.size();
    for (const TraceEvent& e : t.events) {
        nprocs = std::max(nprocs, e.proc.value + 1);
        if (e.kind == EventKind::proc_created || e.kind == EventKind::proc_started)
            nprocs = std::max(nprocs, e.object + 1);
    }
    for (uint32_t p = 0; p < nprocs; ++p) {
        std::string name = p < t.processes.size() ? t.processes[p].name : "";
        if (name.empty()) name = p == 0 ? "MainProcess" : "process " + std::to_string(p);
        std::string label = name;
        if (p < t.processes.size() && t.processes[p].os_pid)
            label += " (pid " + std::to_string(t.processes[p].os_pid) + ")";
        w.meta(p, "process_name", label);
        w.meta(p, "thread_name", name);
        w.sort_index(p);
    }

    // State slices, derived as the viewer's lanes are.
    std::vector<Lane> lanes(nprocs);
    lanes[0] = Lane{St::running, 0, 0};
    uint64_t end = 0;
    auto set = [&](uint32_t p, uint64_t time, St s, uint32_t reason) {
        Lane& l = lanes[p];
        if (l.state == St::exited) return;
        if (l.state == s && l.reason == reason) return;
        if (l.state != St::none && time > l.since)
            w.slice(p, st_name(l.state), l.since, time,
                    l.reason ? &t.strings[l.reason - 1] : nullptr);
        l = Lane{s, time, reason};
    };
    const bool wall = t.time_unit == TimeUnit::nanoseconds;
    for (const TraceEvent& e : t.events) {
        end = std::max(end, e.time);
        const uint32_t p = e.proc.value;
        switch (e.kind) {
            case EventKind::proc_created:
                if (e.object != p && lanes[e.object].state == St::none)
                    set(e.object, e.time, St::created, 0);
                break;
            case EventKind::proc_started:
                set(e.object, e.time, wall ? St::running : St::ready, 0);
                break;
            case EventKind::proc_running: set(p, e.time, St::running, 0); break;
            case EventKind::proc_ready: set(p, e.time, St::ready, 0); break;
            case EventKind::proc_blocked: set(p, e.time, St::blocked, e.text); break;
            case EventKind::lock_wait:
                if (lanes[p].state != St::blocked) set(p, e.time, St::blocked, 0);
                break;
            case EventKind::proc_exited: set(p, e.time, St::exited, 0); break;
            default:
                if (lanes[p].state != St::running && lanes[p].state != St::exited)
                    set(p, e.time, St::running, 0);
        }
        if (e.kind != EventKind::proc_running && e.kind != EventKind::proc_ready &&
            e.kind != EventKind::proc_blocked)
            w.instant(e);
    }
    for (uint32_t p = 0; p < nprocs; ++p) set(p, end, St::exited, 0);

    w.o += "\n],\"displayTimeUnit\":\"ms\",\"otherData\":{\"format\":\"forklab-trace\",\"version\":";
    w.o += std::to_string(kChromeJsonVersion);
    w.o += ",\"backend\":";
    append_json_string(w.o, t.backend);
    w.o += wall ? ",\"time_unit\":\"ns\",\"ts_note\":\"ts in microseconds of wall-clock time since the run started\""
                : ",\"time_unit\":\"ticks\",\"ts_note\":\"1 virtual tick (one bytecode instruction) is shown as 1 microsecond\"";
    w.o += ",\"events\":" + std::to_string(t.events.size());
    w.o += ",\"dropped_events\":" + std::to_string(t.dropped_events);
    w.o += "}}\n";
    return std::move(w.o);
}

}  // namespace forklab
