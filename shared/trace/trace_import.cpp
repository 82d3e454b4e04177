#include "trace/trace_import.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

#include "runtime/json_reader.h"
#include "trace/trace_format.h"

namespace forklab {
namespace {

using json::Value;

// Traces are read a value at a time (json::Cursor), so the limit is the text itself, which
// the caller holds; about 150 bytes per event.
constexpr size_t kMaxTraceBytes = (size_t)1 << 30;
// Beyond any run (RunLimits::max_processes is at most a few thousand); the viewer makes a lane
// per process number.
constexpr int64_t kMaxImportProcs = 65536;

// Walks the DOM; the first problem found is the answer.
class Importer {
public:
    Importer(Trace* out, TraceLoadError* error) : t_(*out), err_(*error) {}

    bool run(std::string_view text);

private:
    Trace& t_;
    TraceLoadError& err_;

    bool fail(const Value& at, std::string message) {
        err_.message = std::move(message);
        err_.line = at.line;
        err_.column = at.column;
        return false;
    }
    // The member `key` of `obj`, which must be of kind `kind`; `what` names obj in messages.
    const Value* member(const Value& obj, const char* key, json::Kind kind, const char* what,
                        bool optional = false) {
        const Value* v = obj.find(key);
        if (!v) {
            if (!optional) fail(obj, std::string(what) + " has no \"" + key + "\"");
            return nullptr;
        }
        if (v->kind != kind) {
            fail(*v, std::string(what) + "." + key + " should be " + json::kind_name(kind) +
                         ", not " + json::kind_name(v->kind));
            return nullptr;
        }
        return v;
    }
    bool integer(const Value& v, const char* what, int64_t lo, int64_t hi, int64_t* out) {
        if (!v.is_number() || !v.is_integer)
            return fail(v, std::string(what) + " should be an integer");
        if (v.integer < lo || v.integer > hi)
            return fail(v, std::string(what) + " is out of range (" + std::to_string(v.integer) + ")");
        *out = v.integer;
        return true;
    }
    bool int_member(const Value& obj, const char* key, const char* what, int64_t lo, int64_t hi,
                    int64_t* out) {
        const Value* v = member(obj, key, json::Kind::number, what);
        return v && integer(*v, (std::string(what) + "." + key).c_str(), lo, hi, out);
    }

    // A recorded entry as read, before the header (written after the entries) says what
    // its pid and ts mean.
    struct Pending {
        TraceEvent event;  // kind, object, value, text
        int64_t pid = 0;
        bool ts_is_integer = false;
        int64_t ts_integer = 0;
        double ts_number = 0;
        int line = 0, column = 0;  // of the entry
    };
    std::vector<Pending> pending_;

    bool header(const Value& other);
    bool processes(const Value& list);
    bool entry(const Value& e);
    bool finish_events();
    bool cursor_failed(const json::Cursor& c);
};

bool Importer::header(const Value& other) {
    const Value* format = other.find("format");
    if (!format || !format->is_string() || format->string != kTraceFormatName)
        return fail(format ? *format : other,
                    "not a forklab trace: otherData.format should be \"" +
                        std::string(kTraceFormatName) + "\"");
    int64_t version = 0;
    if (!int_member(other, "version", "otherData", INT32_MIN, INT32_MAX, &version)) return false;
    if (version != kTraceFormatVersion)
        return fail(*other.find("version"),
                    "trace format version " + std::to_string(version) +
                        " is not supported: this forklab reads version " +
                        std::to_string(kTraceFormatVersion) +
                        (version < kTraceFormatVersion ? " (record the run again)" : " (a newer forklab wrote it)"));
    const Value* backend = member(other, "backend", json::Kind::string, "otherData");
    if (!backend) return false;
    if (backend->string != "sim" && backend->string != "fork" && backend->string != "threads")
        return fail(*backend, "unknown backend \"" + backend->string + "\"");
    t_.backend = backend->string;
    const Value* unit = member(other, "time_unit", json::Kind::string, "otherData");
    if (!unit) return false;
    if (unit->string == "ns") t_.time_unit = TimeUnit::nanoseconds;
    else if (unit->string == "ticks") t_.time_unit = TimeUnit::ticks;
    else return fail(*unit, "otherData.time_unit should be \"ns\" or \"ticks\"");
    int64_t n = 0;
    if (!int_member(other, "dropped_events", "otherData", 0, INT64_MAX, &n)) return false;
    t_.dropped_events = (uint64_t)n;
    if (other.find("states_complete_until")) {
        if (!int_member(other, "states_complete_until", "otherData", 0, INT64_MAX, &n)) return false;
        t_.states_complete_until = (uint64_t)n;
    }
    // Optional: traces written before it existed (still version 2) have no scenario.
    if (const Value* sc = member(other, "scenario", json::Kind::object, "otherData", true)) {
        const Value* file = member(*sc, "file", json::Kind::string, "otherData.scenario");
        const Value* source = file ? member(*sc, "source", json::Kind::string, "otherData.scenario") : nullptr;
        if (!source) return false;
        t_.scenario = TraceScenario{file->string, source->string};
    } else if (!err_.message.empty()) {
        return false;  // "scenario" is there but not an object
    }
    const Value* procs = member(other, "processes", json::Kind::array, "otherData");
    return procs && processes(*procs);
}

bool Importer::processes(const Value& list) {
    const int64_t n = (int64_t)list.items.size();
    for (const Value& p : list.items) {
        if (!p.is_object()) return fail(p, "a process should be an object");
        ProcessInfo info;
        int64_t v = 0;
        if (!int_member(p, "id", "process", 0, n - 1, &v)) return false;
        if (v != (int64_t)t_.processes.size())
            return fail(*p.find("id"), "process ids should be 0, 1, 2 ... in order");
        info.id = ProcId{(uint32_t)v};
        if (!int_member(p, "parent", "process", 0, n - 1, &v)) return false;
        info.parent = ProcId{(uint32_t)v};
        const Value* name = member(p, "name", json::Kind::string, "process");
        if (!name) return false;
        info.name = name->string;
        if (!int_member(p, "os_pid", "process", 0, INT32_MAX, &v)) return false;
        info.os_pid = (int)v;
        if (!int_member(p, "exitcode", "process", INT32_MIN, INT32_MAX, &v)) return false;
        info.exitcode = (int)v;
        const Value* exited = member(p, "exited", json::Kind::boolean, "process");
        if (!exited) return false;
        info.exited = exited->boolean;
        t_.processes.push_back(std::move(info));
    }
    return true;
}

// One entry of traceEvents: a recorded event when its args carry "ev", else derived. What
// needs the header (otherData, written last) to be checked waits in pending_.
bool Importer::entry(const Value& e) {
    if (!e.is_object()) return fail(e, "a trace event should be an object");
    const Value* args = e.find("args");
    if (!args || !args->is_object()) return true;
    const Value* ev = args->find("ev");
    if (!ev) return true;
    Pending p;
    p.line = e.line;
    p.column = e.column;
    if (!ev->is_string() || !event_kind_from_id(ev->string, &p.event.kind))
        return fail(*ev, "unknown event kind " + (ev->is_string() ? "\"" + ev->string + "\"" : std::string("(not a string)")));
    if (!int_member(e, "pid", "event", 1, INT32_MAX, &p.pid)) return false;
    const Value* ts = member(e, "ts", json::Kind::number, "event");
    if (!ts) return false;
    p.ts_is_integer = ts->is_integer;
    p.ts_integer = ts->integer;
    p.ts_number = ts->number;
    if (const Value* obj = args->find("obj")) {
        int64_t v = 0;
        if (!integer(*obj, "args.obj", 0, UINT32_MAX, &v)) return false;
        p.event.object = (uint32_t)v;
    }
    if (const Value* val = args->find("val")) {
        if (!integer(*val, "args.val", INT64_MIN, INT64_MAX, &p.event.value)) return false;
    }
    if (const Value* text = args->find("text")) {
        if (!text->is_string()) return fail(*text, "args.text should be a string");
        p.event.text = t_.intern(text->string);
    }
    if (const Value* cell = args->find("cell")) {
        int64_t v = 0;
        if (!integer(*cell, "args.cell", 0, kCellOverflow, &v)) return false;
        p.event.cell = (uint16_t)v;
    }
    pending_.push_back(p);
    return true;
}

// The recorded events, checked against the header now that it has been read.
bool Importer::finish_events() {
    const int64_t nprocs = (int64_t)t_.processes.size();
    uint64_t last_time = 0;
    t_.events.reserve(pending_.size());
    for (const Pending& p : pending_) {
        Value at;
        at.line = p.line;
        at.column = p.column;
        TraceEvent e = p.event;
        // A process may lack a table entry (the writer names it "process N"), but not a
        // number no run could have reached.
        if (p.pid > std::max<int64_t>(nprocs, kMaxImportProcs))
            return fail(at, "event of pid " + std::to_string(p.pid) + ", but the process table has " +
                                std::to_string(nprocs));
        e.proc = ProcId{(uint32_t)(p.pid - 1)};
        const bool names_proc = e.kind == EventKind::proc_created ||
                                e.kind == EventKind::proc_started || e.kind == EventKind::proc_joined;
        if (names_proc && (int64_t)e.object >= std::max<int64_t>(nprocs, kMaxImportProcs))
            return fail(at, "args.obj names no process");
        if (t_.time_unit == TimeUnit::ticks) {
            if (!p.ts_is_integer || p.ts_integer < 0)
                return fail(at, "event.ts should be a whole number of ticks");
            e.time = (uint64_t)p.ts_integer;
        } else {
            // Microseconds with three decimals: rounding the product gives the nanoseconds back.
            const double us = p.ts_is_integer ? (double)p.ts_integer : p.ts_number;
            if (!(us >= 0) || us > 9.0e15) return fail(at, "event.ts is out of range");
            e.time = (uint64_t)std::llround(us * 1000.0);
        }
        if (e.time < last_time) return fail(at, "events are out of time order");
        last_time = e.time;
        t_.events.push_back(e);
    }
    pending_.clear();
    return true;
}

bool Importer::cursor_failed(const json::Cursor& c) {
    err_.message = c.error().message;
    err_.line = c.error().line;
    err_.column = c.error().column;
    return false;
}

// The top-level object is walked member by member, and traceEvents element by element, so
// only one entry's DOM exists at a time.
bool Importer::run(std::string_view text) {
    json::ReaderLimits limits;
    limits.max_bytes = kMaxTraceBytes;
    json::Cursor c(text, limits);
    if (!c.next_is('{')) {
        if (!c.error().message.empty()) return cursor_failed(c);
        if (c.at_end()) {
            Value start;
            start.line = start.column = 1;
            return fail(start, "the file is empty");
        }
        Value v;
        if (!c.value(&v)) return cursor_failed(c);
        return fail(v, "not a forklab trace: the file is not a JSON object");
    }
    c.expect('{', "'{'");
    Value other;
    bool have_other = false, have_events = false;
    std::vector<std::string> keys;
    if (c.next_is('}')) {
        c.expect('}', "'}'");
    } else {
        for (;;) {
            Value key;
            if (!c.value(&key)) return cursor_failed(c);
            if (!key.is_string()) return fail(key, "expected a string as an object key");
            for (const std::string& k : keys)
                if (k == key.string) return fail(key, "duplicate key \"" + k + "\"");
            keys.push_back(key.string);
            if (!c.expect(':', "':' after an object key")) return cursor_failed(c);
            if (key.string == "traceEvents") {
                have_events = true;
                if (!c.next_is('[')) {
                    Value v;
                    if (!c.value(&v)) return cursor_failed(c);
                    return fail(v, "traceEvents should be an array");
                }
                c.expect('[', "'['");
                if (c.next_is(']')) {
                    c.expect(']', "']'");
                } else {
                    for (;;) {
                        Value e;
                        if (!c.value(&e)) return cursor_failed(c);
                        if (!entry(e)) return false;
                        if (c.next_is(',')) {
                            c.expect(',', "','");
                            continue;
                        }
                        if (!c.expect(']', "',' or ']' after an array element")) return cursor_failed(c);
                        break;
                    }
                }
            } else {
                Value v;
                if (!c.value(&v)) return cursor_failed(c);
                if (key.string == "otherData") {
                    other = std::move(v);
                    have_other = true;
                }
            }
            if (c.next_is(',')) {
                c.expect(',', "','");
                continue;
            }
            if (!c.expect('}', "',' or '}' after an object member")) return cursor_failed(c);
            break;
        }
    }
    if (!c.at_end()) {
        if (!c.error().message.empty()) return cursor_failed(c);
        c.fail("unexpected text after the JSON value");
        return cursor_failed(c);
    }
    Value top;
    top.line = 1;
    top.column = 1;
    if (!have_other || !other.is_object())
        return fail(have_other ? other : top,
                    "not a forklab trace: no otherData object (a trace from another tool?)");
    if (!header(other)) return false;
    if (!have_events) return fail(top, "the trace has no \"traceEvents\"");
    if (!finish_events()) return false;
    int64_t declared = 0;
    if (!int_member(other, "events", "otherData", 0, INT64_MAX, &declared)) return false;
    if ((uint64_t)declared != t_.events.size())
        return fail(*other.find("events"),
                    "otherData.events says " + std::to_string(declared) + " events, the file holds " +
                        std::to_string(t_.events.size()));
    return true;
}

}  // namespace

bool import_trace_json(std::string_view text, Trace* out, TraceLoadError* error) {
    *out = Trace{};
    *error = TraceLoadError{};
    if (!Importer(out, error).run(text)) {
        *out = Trace{};
        return false;
    }
    return true;
}

std::string format_trace_error(std::string_view file, const TraceLoadError& e) {
    std::string s(file);
    if (e.line > 0) s += ":" + std::to_string(e.line) + ":" + std::to_string(e.column);
    return s + ": error: " + e.message;
}

}  // namespace forklab
