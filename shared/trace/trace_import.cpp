#include "trace/trace_import.h"

#include <cmath>
#include <cstdint>

#include "runtime/json_reader.h"
#include "trace/trace_format.h"

namespace forklab {
namespace {

using json::Value;

// Walks the DOM; the first problem found is the answer.
class Importer {
public:
    Importer(Trace* out, TraceLoadError* error) : t_(*out), err_(*error) {}

    bool run(const Value& root);

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

    bool header(const Value& other);
    bool processes(const Value& list);
    bool entry(const Value& e, uint64_t* last_time);
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

// One entry of traceEvents: a recorded event when its args carry "ev", else derived.
bool Importer::entry(const Value& e, uint64_t* last_time) {
    if (!e.is_object()) return fail(e, "a trace event should be an object");
    const Value* args = e.find("args");
    if (!args || !args->is_object()) return true;
    const Value* ev = args->find("ev");
    if (!ev) return true;
    TraceEvent out;
    if (!ev->is_string() || !event_kind_from_id(ev->string, &out.kind))
        return fail(*ev, "unknown event kind " + (ev->is_string() ? "\"" + ev->string + "\"" : std::string("(not a string)")));
    const int64_t nprocs = (int64_t)t_.processes.size();
    if (nprocs == 0) return fail(e, "an event, but the process table is empty");
    int64_t v = 0;
    if (!int_member(e, "pid", "event", 1, nprocs, &v)) return false;
    out.proc = ProcId{(uint32_t)(v - 1)};
    const Value* ts = member(e, "ts", json::Kind::number, "event");
    if (!ts) return false;
    if (t_.time_unit == TimeUnit::ticks) {
        if (!integer(*ts, "event.ts", 0, INT64_MAX, &v)) return false;
        out.time = (uint64_t)v;
    } else {
        // Microseconds with three decimals: rounding the product gives the nanoseconds back.
        const double us = ts->is_integer ? (double)ts->integer : ts->number;
        if (!(us >= 0) || us > 9.0e15) return fail(*ts, "event.ts is out of range");
        out.time = (uint64_t)std::llround(us * 1000.0);
    }
    if (out.time < *last_time) return fail(*ts, "events are out of time order");
    *last_time = out.time;
    if (const Value* obj = args->find("obj")) {
        if (!integer(*obj, "args.obj", 0, UINT32_MAX, &v)) return false;
        out.object = (uint32_t)v;
        const bool names_proc = out.kind == EventKind::proc_created ||
                                out.kind == EventKind::proc_started ||
                                out.kind == EventKind::proc_joined;
        if (names_proc && v >= nprocs) return fail(*obj, "args.obj names no process");
    }
    if (const Value* val = args->find("val")) {
        if (!integer(*val, "args.val", INT64_MIN, INT64_MAX, &out.value)) return false;
    }
    if (const Value* text = args->find("text")) {
        if (!text->is_string()) return fail(*text, "args.text should be a string");
        out.text = t_.intern(text->string);
    }
    t_.events.push_back(out);
    return true;
}

bool Importer::run(const Value& root) {
    if (!root.is_object()) return fail(root, "not a forklab trace: the file is not a JSON object");
    const Value* other = root.find("otherData");
    if (!other || !other->is_object())
        return fail(root, "not a forklab trace: no otherData object (a trace from another tool?)");
    if (!header(*other)) return false;
    const Value* list = member(root, "traceEvents", json::Kind::array, "the trace");
    if (!list) return false;
    uint64_t last_time = 0;
    for (const Value& e : list->items)
        if (!entry(e, &last_time)) return false;
    int64_t declared = 0;
    if (!int_member(*other, "events", "otherData", 0, INT64_MAX, &declared)) return false;
    if ((uint64_t)declared != t_.events.size())
        return fail(*other->find("events"),
                    "otherData.events says " + std::to_string(declared) + " events, the file holds " +
                        std::to_string(t_.events.size()));
    return true;
}

}  // namespace

bool import_trace_json(std::string_view text, Trace* out, TraceLoadError* error) {
    *out = Trace{};
    *error = TraceLoadError{};
    json::Value root;
    json::ParseError pe;
    if (!json::parse(text, &root, &pe)) {
        error->message = pe.message;
        error->line = pe.line;
        error->column = pe.column;
        return false;
    }
    if (!Importer(out, error).run(root)) {
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
