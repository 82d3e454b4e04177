// Trace files read back (trace/trace_import.h) and the layout they are written in
// (trace/trace_format.h): a run on any backend survives export -> import -> export unchanged;
// flows pair, slices nest per track, locks get their own tracks, GIL hand-offs are recorded
// on every backend; bad, truncated and wrong-version files fail with a position, never a
// crash.
#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <map>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "exec/runners.h"
#include "trace/chrome_json.h"
#include "trace/trace_format.h"
#include "trace/trace_import.h"

using namespace forklab;
using nlohmann::json;

namespace {

// Every kind of event a short course program makes: a child with a Pipe, a Queue, a Lock
// around a Value, and two threads in the parent that pass the GIL back and forth.
const char* kEverything = R"(import threading
from multiprocessing import Process, Pipe, Queue, Lock, Value


def trabajador(conn, q, candado, total):
    for i in range(3):
        with candado:
            total.value += 1
        q.put(i)
    conn.send("listo")
    conn.close()


def hilo(n):
    s = 0
    for i in range(n):
        s += i


if __name__ == "__main__":
    a, b = Pipe()
    q = Queue()
    candado = Lock()
    total = Value("i", 0)
    p = Process(target=trabajador, args=(b, q, candado, total))
    p.start()
    hs = [threading.Thread(target=hilo, args=(30000,)) for _ in range(2)]
    for h in hs:
        h.start()
    for h in hs:
        h.join()
    print(a.recv())
    got = []
    for _ in range(3):
        got.append(q.get())
    print(sorted(got))
    p.join()
    print("total", total.value)
)";

RunResult run_traced(Backend b, const std::string& source) {
    RunRequest r;
    r.source = source;
    r.filename = "scenario.py";
    r.backend = b;
    r.trace = true;
    return run_scenario(r, nullptr);
}

// Events compared by what they say (texts by content: string indexes may differ).
void check_same_events(const Trace& a, const Trace& b) {
    REQUIRE(a.events.size() == b.events.size());
    for (size_t i = 0; i < a.events.size(); ++i) {
        const TraceEvent& x = a.events[i];
        const TraceEvent& y = b.events[i];
        INFO("event " << i << " " << event_kind_id(x.kind));
        CHECK(x.time == y.time);
        CHECK(x.kind == y.kind);
        CHECK(x.proc.value == y.proc.value);
        CHECK(x.object == y.object);
        CHECK(x.value == y.value);
        CHECK(x.cell == y.cell);
        const std::string* tx = a.text_of(x);
        const std::string* ty = b.text_of(y);
        CHECK((tx == nullptr) == (ty == nullptr));
        if (tx && ty) CHECK(*tx == *ty);
    }
}

// The properties tests/tools/check_trace.py checks, for the unit tests' own traces.
void check_layout(const json& j) {
    std::map<std::pair<int64_t, int64_t>, std::vector<std::string>> open;
    std::map<std::pair<int64_t, int64_t>, double> last;
    std::map<int64_t, int> starts, finishes;
    for (const json& e : j["traceEvents"]) {
        const std::string ph = e["ph"];
        if (ph == "M") continue;
        const double ts = e["ts"].get<double>();
        if (ph == "C") {
            for (const auto& [k, v] : e["args"].items()) CHECK(v.is_number());
            continue;
        }
        const auto track = std::make_pair(e["pid"].get<int64_t>(), e.value("tid", (int64_t)0));
        CHECK(ts >= last[track]);
        last[track] = ts;
        if (ph == "B") open[track].push_back(e["name"]);
        if (ph == "E") {
            REQUIRE(!open[track].empty());
            CHECK(open[track].back() == e["name"].get<std::string>());
            open[track].pop_back();
        }
        if (ph == "s") ++starts[e["id"].get<int64_t>()];
        if (ph == "f") ++finishes[e["id"].get<int64_t>()];
    }
    for (const auto& [track, st] : open) CHECK(st.empty());
    CHECK(starts == finishes);
    for (const auto& [id, n] : starts) CHECK(n == 1);
}

std::set<std::string> recorded_kinds(const json& j) {
    std::set<std::string> kinds;
    for (const json& e : j["traceEvents"])
        if (e.contains("args") && e["args"].contains("ev")) kinds.insert(e["args"]["ev"].get<std::string>());
    return kinds;
}

TraceLoadError load_fails(const std::string& text) {
    Trace t;
    TraceLoadError e;
    CHECK_FALSE(import_trace_json(text, &t, &e));
    CHECK(!e.message.empty());
    CHECK(t.events.empty());
    return e;
}

}  // namespace

TEST_CASE("trace import: export -> import -> export is the same file on every backend") {
    for (Backend b : {Backend::sim, Backend::threads, Backend::fork}) {
        INFO("backend " << backend_name(b));
        const RunResult r = run_traced(b, kEverything);
        REQUIRE(r.exit_status == 0);
        CHECK(r.out == "listo\n[0, 1, 2]\ntotal 3\n");
        const std::string text = chrome_trace_json(r.trace);
        Trace back;
        TraceLoadError e;
        REQUIRE_MESSAGE(import_trace_json(text, &back, &e), format_trace_error("trace", e));
        CHECK(back.backend == r.trace.backend);
        CHECK(back.time_unit == r.trace.time_unit);
        CHECK(back.dropped_events == r.trace.dropped_events);
        CHECK(back.states_complete_until == r.trace.states_complete_until);
        REQUIRE(back.processes.size() == r.trace.processes.size());
        for (size_t i = 0; i < back.processes.size(); ++i) {
            CHECK(back.processes[i].name == r.trace.processes[i].name);
            CHECK(back.processes[i].os_pid == r.trace.processes[i].os_pid);
            CHECK(back.processes[i].exitcode == r.trace.processes[i].exitcode);
            CHECK(back.processes[i].exited == r.trace.processes[i].exited);
            CHECK(back.processes[i].parent.value == r.trace.processes[i].parent.value);
        }
        check_same_events(r.trace, back);
        CHECK(chrome_trace_json(back) == text);

        const json j = json::parse(text);
        check_layout(j);
        const std::set<std::string> kinds = recorded_kinds(j);
        for (const char* k : {"proc_created", "proc_started", "proc_exited", "proc_joined",
                              "lock_acquire", "lock_release", "shared_read", "shared_write",
                              "stdout_write", "msg_send", "msg_recv", "queue_put", "queue_get",
                              "thread_switch"})
            CHECK_MESSAGE(kinds.count(k), k);
        std::set<std::string> phases, counters, cats;
        for (const json& e : j["traceEvents"]) {
            phases.insert(e["ph"].get<std::string>());
            if (e["ph"] == "C") counters.insert(e["name"].get<std::string>());
            if (e["ph"] == "s") cats.insert(e["cat"].get<std::string>());
        }
        for (const char* ph : {"M", "B", "E", "i", "s", "f", "C"}) CHECK_MESSAGE(phases.count(ph), ph);
        CHECK(cats == std::set<std::string>{"pipe", "queue"});
        bool shared = false, queue = false;
        for (const std::string& c : counters) {
            shared |= c.rfind("shared #", 0) == 0;
            queue |= c.find(" length") != std::string::npos;
        }
        CHECK(shared);
        CHECK(queue);
    }
}

TEST_CASE("trace import: lock holds sit on their own track, even when another process releases") {
    // multiprocessing.Lock may be released by a process that did not acquire it.
    Trace t;
    t.backend = "sim";
    for (uint32_t i = 0; i < 2; ++i) {
        ProcessInfo p;
        p.id = ProcId{i};
        p.name = i ? "Process-1" : "MainProcess";
        t.processes.push_back(p);
    }
    auto ev = [&](uint64_t time, uint32_t proc, EventKind k, uint32_t obj = 0, int64_t val = 0) {
        TraceEvent e;
        e.time = time;
        e.proc = ProcId{proc};
        e.kind = k;
        e.object = obj;
        e.value = val;
        t.events.push_back(e);
    };
    ev(1, 0, EventKind::proc_created, 1);
    ev(2, 0, EventKind::proc_started, 1);
    ev(3, 0, EventKind::lock_acquire, 7);
    ev(4, 1, EventKind::proc_running);
    ev(5, 1, EventKind::lock_release, 7);  // the child releases the parent's hold
    ev(6, 1, EventKind::lock_acquire, 7);
    ev(7, 0, EventKind::lock_wait, 7);
    ev(7, 0, EventKind::proc_blocked);
    ev(8, 1, EventKind::lock_release, 7);
    ev(9, 0, EventKind::proc_running);
    ev(9, 0, EventKind::lock_acquire, 7);
    ev(10, 0, EventKind::lock_release, 7);
    ev(11, 1, EventKind::proc_exited);
    const std::string text = chrome_trace_json(t);
    const json j = json::parse(text);
    check_layout(j);
    std::vector<std::string> on_lock_tracks;
    for (const json& e : j["traceEvents"])
        if ((e["ph"] == "B" || e["ph"] == "E") && e["tid"] == kLockTidBase + 7)
            on_lock_tracks.push_back(e["ph"].get<std::string>() + std::to_string(e["pid"].get<int>()) +
                                     " " + e["name"].get<std::string>() + "@" +
                                     std::to_string(e["ts"].get<int>()));
    CHECK(on_lock_tracks == std::vector<std::string>{
                                "B1 lock #7@3", "E1 lock #7@5", "B2 lock #7@6",
                                "B1 wait lock #7@7", "E2 lock #7@8", "E1 wait lock #7@9",
                                "B1 lock #7@9", "E1 lock #7@10"});
    Trace back;
    TraceLoadError e;
    REQUIRE(import_trace_json(text, &back, &e));
    check_same_events(t, back);
    CHECK(chrome_trace_json(back) == text);
}

TEST_CASE("trace import: a wait inside a hold on one track still nests") {
    // Two threads of one process: one holds the lock, the other waits for it on the same
    // track; the holder releases (which ends the wait: the process did something else).
    Trace t;
    t.backend = "threads";
    t.time_unit = TimeUnit::nanoseconds;
    ProcessInfo p;
    p.name = "MainProcess";
    t.processes.push_back(p);
    for (auto [time, kind] : {std::pair{1000ull, EventKind::lock_acquire},
                              std::pair{2000ull, EventKind::lock_wait},
                              std::pair{3000ull, EventKind::lock_release},
                              std::pair{3500ull, EventKind::lock_acquire},
                              std::pair{4000ull, EventKind::lock_release}}) {
        TraceEvent e;
        e.time = time;
        e.kind = kind;
        e.object = 1;
        t.events.push_back(e);
    }
    const std::string text = chrome_trace_json(t);
    check_layout(json::parse(text));
    Trace back;
    TraceLoadError e;
    REQUIRE(import_trace_json(text, &back, &e));
    check_same_events(t, back);
}

TEST_CASE("trace import: a child killed by a signal has its own exit in the fork trace") {
    const RunResult r = run_traced(Backend::fork, R"(import time
from multiprocessing import Process


def dormir():
    time.sleep(30)


if __name__ == "__main__":
    p = Process(target=dormir)
    p.start()
    time.sleep(0.05)
    p.terminate()
    p.join()
    print(p.exitcode)
)");
    REQUIRE(r.exit_status == 0);
    CHECK(r.out == "-15\n");
    int child_exits = 0, main_exits = 0;
    for (const TraceEvent& e : r.trace.events) {
        if (e.kind != EventKind::proc_exited) continue;
        if (e.proc.value == 1) {
            ++child_exits;
            CHECK(e.value == -15);
        }
        if (e.proc.value == 0) ++main_exits;
    }
    CHECK(child_exits == 1);
    CHECK(main_exits == 1);
}

TEST_CASE("trace import: truncated files fail with the position, at any cut") {
    const RunResult r = run_traced(Backend::sim, kEverything);
    const std::string text = chrome_trace_json(r.trace);
    const size_t step = std::max<size_t>(1, text.size() / 211);
    for (size_t cut = 0; cut < text.size() - 1; cut += step) {
        const TraceLoadError e = load_fails(text.substr(0, cut));
        CHECK(e.line > 0);
        CHECK(e.column > 0);
    }
    // Cut at the end of the event list: the JSON error says it is truncated.
    const TraceLoadError e = load_fails(text.substr(0, text.find("\n],")));
    CHECK(e.message.find("truncated") != std::string::npos);
    CHECK(format_trace_error("t.json", e).rfind("t.json:", 0) == 0);
}

TEST_CASE("trace import: wrong version, wrong format and damaged entries are named") {
    const RunResult r = run_traced(Backend::sim, kEverything);
    const std::string good = chrome_trace_json(r.trace);
    auto replace = [&](const std::string& from, const std::string& to) {
        std::string s = good;
        const size_t at = s.find(from);
        REQUIRE(at != std::string::npos);
        return s.replace(at, from.size(), to);
    };
    TraceLoadError e = load_fails(replace("\"version\":2", "\"version\":1"));
    CHECK(e.message.find("version 1") != std::string::npos);
    CHECK(e.message.find("version 2") != std::string::npos);
    CHECK(e.line > 0);
    e = load_fails(replace("\"version\":2", "\"version\":3"));
    CHECK(e.message.find("newer") != std::string::npos);
    e = load_fails(replace("\"version\":2,", ""));
    CHECK(e.message.find("version") != std::string::npos);
    e = load_fails(replace("forklab-trace", "other-tool"));
    CHECK(e.message.find("not a forklab trace") != std::string::npos);
    e = load_fails(R"({"traceEvents":[{"ph":"i","pid":1,"ts":1}]})");  // another tool's trace
    CHECK(e.message.find("not a forklab trace") != std::string::npos);
    e = load_fails("[1, 2, 3]");
    CHECK(e.message.find("not a forklab trace") != std::string::npos);
    e = load_fails("garbage \x01\xff");
    CHECK(e.line == 1);
    e = load_fails(replace("\"ev\":\"proc_running\"", "\"ev\":\"proc_flying\""));
    CHECK(e.message.find("proc_flying") != std::string::npos);
    e = load_fails(replace("\"ev\":\"proc_created\",\"obj\":1", "\"ev\":\"proc_created\",\"obj\":99999"));
    CHECK(e.message.find("names no process") != std::string::npos);
    e = load_fails(replace("\"events\":", "\"events\":1"));
    CHECK(e.message.find("otherData.events") != std::string::npos);
    e = load_fails(replace("\"time_unit\":\"ticks\"", "\"time_unit\":\"years\""));
    CHECK(e.message.find("time_unit") != std::string::npos);
    // A recorded event before an earlier one: out of time order, at that entry's ts.
    {
        std::string s = good;
        const size_t at = s.rfind("\"ev\":\"proc_exited\"");
        const size_t ts = s.rfind("\"ts\":", at);
        REQUIRE(ts != std::string::npos);
        const size_t end = s.find_first_of(",}", ts);
        s.replace(ts, end - ts, "\"ts\":0");
        e = load_fails(s);
        CHECK(e.message.find("time order") != std::string::npos);
    }
}

TEST_CASE("trace import: random damage never crashes the reader") {
    const RunResult r = run_traced(Backend::threads, kEverything);
    const std::string good = chrome_trace_json(r.trace);
    std::mt19937 rng(12345);
    const char noise[] = "{}[],:\"0-9eE.\\ \n\xff";
    int failed = 0;
    for (int round = 0; round < 300; ++round) {
        std::string s = good;
        for (int k = 0; k < 1 + round % 4; ++k)
            s[rng() % s.size()] = noise[rng() % (sizeof noise - 1)];
        Trace t;
        TraceLoadError e;
        if (!import_trace_json(s, &t, &e)) {
            ++failed;
            CHECK(!e.message.empty());
        }
    }
    CHECK(failed > 100);
}

TEST_CASE("trace import: kind identifiers round-trip") {
    for (int k = 0; k <= (int)EventKind::thread_switch; ++k) {
        EventKind back;
        REQUIRE(event_kind_from_id(event_kind_id((EventKind)k), &back));
        CHECK((int)back == k);
    }
    EventKind out;
    CHECK_FALSE(event_kind_from_id("running", &out));
}

TEST_CASE("trace import: a process without a table entry still round-trips") {
    Trace t;
    t.backend = "fork";
    t.time_unit = TimeUnit::nanoseconds;
    ProcessInfo main;
    main.name = "MainProcess";
    main.os_pid = 4242;
    t.processes.push_back(main);
    TraceEvent created;
    created.time = 1500;
    created.kind = EventKind::proc_created;
    created.object = 2;
    t.events.push_back(created);
    TraceEvent out;
    out.time = 123456789;
    out.proc = ProcId{2};
    out.kind = EventKind::stdout_write;
    out.text = t.intern("hola\n");
    t.events.push_back(out);
    const std::string text = chrome_trace_json(t);
    CHECK(text.find("\"process 2\"") != std::string::npos);
    Trace back;
    TraceLoadError e;
    REQUIRE_MESSAGE(import_trace_json(text, &back, &e), format_trace_error("t", e));
    check_same_events(t, back);
    CHECK(back.processes.size() == 1);
    CHECK(chrome_trace_json(back) == text);
}

TEST_CASE("trace import: terminated fork children keep their events (a Pool's workers)") {
    // `with Pool()` terminates its workers; their gets and puts must still be in the trace,
    // paired with the parent's by flow arrows, and the exit codes stay -15.
    const RunResult r = run_traced(Backend::fork, R"(from multiprocessing import Pool


def cuadrado(x):
    return x * x


if __name__ == "__main__":
    with Pool(2) as pool:
        print(pool.map(cuadrado, range(6)))
)");
    REQUIRE(r.exit_status == 0);
    CHECK(r.out == "[0, 1, 4, 9, 16, 25]\n");
    REQUIRE(r.trace.processes.size() == 3);
    std::map<uint32_t, int> gets, exits;
    for (const TraceEvent& e : r.trace.events) {
        if (e.kind == EventKind::queue_get) ++gets[e.proc.value];
        if (e.kind == EventKind::proc_exited) {
            ++exits[e.proc.value];
            if (e.proc.value) CHECK(e.value == -15);
        }
    }
    CHECK(gets[1] + gets[2] >= 6);  // the tasks, taken by the workers
    CHECK(exits == std::map<uint32_t, int>{{0, 1}, {1, 1}, {2, 1}});
    for (uint32_t w : {1u, 2u}) CHECK(r.trace.processes[w].exitcode == -15);
    const json j = json::parse(chrome_trace_json(r.trace));
    check_layout(j);
    int flows = 0;
    for (const json& e : j["traceEvents"]) flows += e["ph"] == "f";
    CHECK(flows >= 12);  // tasks to the workers and results back
}

TEST_CASE("trace import: a shared access keeps its Array cell, and each cell has its counter") {
    // Array writes on every backend name the element; the file carries it ("cell") and a
    // counter track per cell, and reading it back gives the same events.
    for (Backend b : {Backend::sim, Backend::threads, Backend::fork}) {
        const RunResult r = run_traced(b, R"(from multiprocessing import Array

if __name__ == "__main__":
    a = Array("i", 3, lock=False)
    a[2] = 7
    a[0] = 5
    print(a[2] + a[0])
)");
        REQUIRE(r.exit_status == 0);
        CHECK(r.out == "12\n");
        std::vector<uint16_t> written;
        for (const TraceEvent& e : r.trace.events)
            if (e.kind == EventKind::shared_write) written.push_back(e.cell);
        CHECK(written == std::vector<uint16_t>{2, 0});
        const std::string text = chrome_trace_json(r.trace);
        CHECK(text.find("\"cell\":2") != std::string::npos);
        CHECK(text.find("\"shared #1[2]\"") != std::string::npos);
        Trace back;
        TraceLoadError err;
        REQUIRE_MESSAGE(import_trace_json(text, &back, &err), format_trace_error("t", err));
        check_same_events(r.trace, back);
    }
}
