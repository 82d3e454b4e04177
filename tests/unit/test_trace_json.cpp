// The Chrome Trace Event JSON writer: the output parses, names every process, has state
// slices and instants, and survives any bytes a program printed.
#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <set>
#include <string>

#include "exec/runners.h"
#include "trace/chrome_json.h"
#include "trace/trace_format.h"

using namespace forklab;
using nlohmann::json;

namespace {

const char* kSmall = R"(from multiprocessing import Process, Value, Lock


def sumar(contador, n, candado):
    for _ in range(n):
        with candado:
            contador.value += 1
    print("hijo listo")


if __name__ == "__main__":
    total = Value("i", 0)
    candado = Lock()
    ps = [Process(target=sumar, args=(total, 50, candado)) for _ in range(2)]
    for p in ps:
        p.start()
    for p in ps:
        p.join()
    print("total:", total.value)
)";

json run_and_parse(Backend b, RunResult* out = nullptr) {
    RunRequest r;
    r.source = kSmall;
    r.filename = "small.py";
    r.backend = b;
    RunResult res = run_scenario(r, nullptr);
    REQUIRE(res.exit_status == 0);
    const std::string text = chrome_trace_json(res.trace);
    json j = json::parse(text);  // throws (fails the test) on invalid JSON
    if (out) *out = std::move(res);
    return j;
}

}  // namespace

TEST_CASE("chrome json: a sim trace parses and names every process") {
    RunResult res;
    const json j = run_and_parse(Backend::sim, &res);
    REQUIRE(j.contains("traceEvents"));
    std::set<std::string> names, phases, states;
    for (const json& e : j["traceEvents"]) {
        phases.insert(e["ph"].get<std::string>());
        if (e["ph"] == "M" && e["name"] == "thread_name" && e["tid"] == e["pid"])
            names.insert(e["args"]["name"].get<std::string>());
        if (e["ph"] == "B" && e["cat"] == "state") states.insert(e["name"].get<std::string>());
    }
    CHECK(names == std::set<std::string>{"MainProcess", "Process-1", "Process-2"});
    CHECK(phases.count("M"));
    CHECK(phases.count("B"));
    CHECK(phases.count("E"));
    CHECK(phases.count("i"));
    CHECK(states.count("running"));
    const json& other = j["otherData"];
    CHECK(other["backend"] == "sim");
    CHECK(other["time_unit"] == "ticks");
    CHECK(other["version"] == kChromeJsonVersion);
    CHECK(other["dropped_events"] == 0);
    CHECK(other["events"] == res.trace.events.size());
}

TEST_CASE("chrome json: threads trace in microseconds") {
    const json j = run_and_parse(Backend::threads);
    CHECK(j["otherData"]["backend"] == "threads");
    CHECK(j["otherData"]["time_unit"] == "ns");
    bool lock_instant = false;
    for (const json& e : j["traceEvents"])
        if (e["ph"] == "B" && e["cat"] == "lock" && e["tid"].get<uint32_t>() >= kLockTidBase)
            lock_instant = true;  // a hold slice on the lock's own track
    CHECK(lock_instant);
}

TEST_CASE("chrome json: strings are escaped whatever they hold") {
    Trace t;
    t.backend = "sim";
    ProcessInfo p;
    p.name = "Main\"Process\\\n";
    t.processes.push_back(p);
    TraceEvent e;
    e.kind = EventKind::stdout_write;
    e.time = 5;
    e.text = t.intern(std::string("quote \" backslash \\ tab \t nul ") + '\0' +
                      " ctl \x01 bad \xff\xfe utf8 \xc3\xb1 end\n");
    t.events.push_back(e);
    const json j = json::parse(chrome_trace_json(t));
    bool found = false;
    for (const json& ev : j["traceEvents"]) {
        if (ev["ph"] == "i") {
            const std::string text = ev["args"]["text"];
            CHECK(text.find("quote \" backslash \\") == 0);
            CHECK(text.find("\xc3\xb1") != std::string::npos);
            found = true;
        }
        if (ev["ph"] == "M" && ev["name"] == "thread_name")
            CHECK(ev["args"]["name"] == "Main\"Process\\\n");
    }
    CHECK(found);
}

TEST_CASE("backend names round-trip") {
    for (Backend b : {Backend::sim, Backend::fork, Backend::threads}) {
        Backend back;
        REQUIRE(backend_from_name(backend_name(b), &back));
        CHECK(back == b);
    }
    Backend x;
    CHECK_FALSE(backend_from_name("processes", &x));
}
