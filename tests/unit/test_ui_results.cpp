// The viewer's pure logic: its string table (ui/ui_text.h), the Results tab's lost-update
// count and the Amdahl fit (ui/run_results.h), and what the timeline draws over its lanes
// (ui/timeline_overlays.h), on real sim runs.
#include <doctest/doctest.h>

#include <cstring>
#include <string>

#include "exec/runners.h"
#include "ui/run_results.h"
#include "ui/timeline_overlays.h"
#include "ui/ui_text.h"

using namespace forklab;
using namespace forklab::ui;

namespace {

// The printf conversions of a text, in order ("%s%zu"), so both languages take the same
// arguments.
std::string conversions(const char* s) {
    std::string out;
    for (; *s; ++s) {
        if (*s != '%') continue;
        ++s;
        if (*s == '%') continue;
        while (*s && std::strchr("0123456789.-+ #", *s)) ++s;
        while (*s && std::strchr("hlzjt", *s)) out += *s++;
        if (*s) out += *s;
        else break;
    }
    return out;
}

bool valid_utf8(const char* s) {
    const auto* p = reinterpret_cast<const unsigned char*>(s);
    while (*p) {
        int n = *p < 0x80 ? 0 : (*p >> 5) == 6 ? 1 : (*p >> 4) == 14 ? 2 : (*p >> 3) == 30 ? 3 : -1;
        if (n < 0) return false;
        ++p;
        for (; n > 0; --n, ++p)
            if ((*p & 0xC0) != 0x80) return false;
    }
    return true;
}

RunResult race(bool locked, int procs, int increments) {
    RunRequest r;
    r.backend = Backend::sim;
    r.filename = "race.py";
    r.seed = 3;
    r.source = std::string(R"(from multiprocessing import Process, Value, Lock

def sumar(contador, candado, veces):
    for _ in range(veces):
)") + (locked ? "        with candado:\n            contador.value += 1\n"
              : "        contador.value += 1\n") +
               R"(
if __name__ == "__main__":
    contador = Value("i", 0, lock=False)
    candado = Lock()
    ps = [Process(target=sumar, args=(contador, candado, )" + std::to_string(increments) +
               ")) for _ in range(" + std::to_string(procs) + R"()]
    for p in ps: p.start()
    for p in ps: p.join()
    print(contador.value)
)";
    return run_sim(r, nullptr);
}

}  // namespace

TEST_CASE("ui text: every entry in both languages, same printf arguments, valid UTF-8") {
    for (size_t i = 0; i < (size_t)Text::count_; ++i) {
        const Text t = (Text)i;
        const char* en = tr(t, Lang::en);
        const char* es = tr(t, Lang::es);
        CAPTURE(en);
        CHECK(en[0] != '\0');
        CHECK(es[0] != '\0');
        CHECK(conversions(en) == conversions(es));
        CHECK(valid_utf8(en));
        CHECK(valid_utf8(es));
    }
    CHECK(std::string(tr(Text::what_else, Lang::es)) == "¿Qué más podría pasar?");
    set_ui_language(Lang::es);
    CHECK(std::string(tr(Text::cores)) == "núcleos");
    set_ui_language(Lang::en);
    CHECK(std::string(tr(Text::cores)) == "cores");
}

TEST_CASE("results: lost updates are counted from the order of reads and writes") {
    const RunResult r = race(false, 3, 20000);
    REQUIRE(r.exit_status == 0);
    const int64_t final_value = std::stoll(r.out);
    const std::vector<SharedWriteCount> counts = count_shared_writes(r.trace);
    REQUIRE(counts.size() == 1);
    CHECK(counts[0].object == 1);
    CHECK(counts[0].per_cell);
    // Value("i", 0) writes its initial value; print(contador.value) reads the final one.
    CHECK(counts[0].writes == 60001);
    CHECK(counts[0].reads == 60001);
    // Each increment that reached the end added one: what was not lost, less the initial
    // write, is the final counter.
    CHECK(counts[0].lost > 0);
    CHECK((int64_t)(counts[0].writes - counts[0].lost) - 1 == final_value);
}

TEST_CASE("results: a locked counter loses nothing") {
    const RunResult r = race(true, 3, 200);
    REQUIRE(r.exit_status == 0);
    CHECK(r.out == "600\n");
    const std::vector<SharedWriteCount> counts = count_shared_writes(r.trace);
    REQUIRE(counts.size() == 1);
    CHECK(counts[0].writes == 601);
    CHECK(counts[0].lost == 0);
    CHECK(counts[0].per_cell);
}

TEST_CASE("results: an Array's cells are counted apart (the trace names the cell)") {
    // Two processes without a lock, each on its own cell: nothing is lost, although both
    // write the same Array; then both on cell 0: updates are lost there.
    RunRequest r;
    r.backend = Backend::sim;
    r.filename = "celdas.py";
    r.seed = 3;
    r.source = R"(from multiprocessing import Process, Array

def sumar(a, i, veces):
    for _ in range(veces):
        a[i] += 1

if __name__ == "__main__":
    a = Array("i", 2, lock=False)
    ps = [Process(target=sumar, args=(a, i, 3000)) for i in range(2)]
    for p in ps: p.start()
    for p in ps: p.join()
    b = Array("i", 2, lock=False)
    ps = [Process(target=sumar, args=(b, 0, 3000)) for i in range(2)]
    for p in ps: p.start()
    for p in ps: p.join()
    print(a[:], b[:])
)";
    const RunResult res = run_sim(r, nullptr);
    REQUIRE(res.exit_status == 0);
    REQUIRE(res.out.rfind("[3000, 3000] ", 0) == 0);
    const std::vector<SharedWriteCount> counts = count_shared_writes(res.trace);
    REQUIRE(counts.size() == 2);
    CHECK(counts[0].per_cell);
    CHECK(counts[0].writes >= 6000);
    CHECK(counts[0].lost == 0);
    CHECK(counts[1].lost > 0);
    // What reached b[0] is the final value there: the writes kept, less any initial write.
    const int64_t b0 = std::stoll(res.out.substr(res.out.rfind('[') + 1));
    CHECK((int64_t)(counts[1].writes - counts[1].lost) >= b0);
    bool cell1 = false;
    for (const TraceEvent& e : res.trace.events)
        if (e.kind == EventKind::shared_write && e.object == counts[0].object && e.cell == 1) cell1 = true;
    CHECK(cell1);
}

TEST_CASE("results: Amdahl's parallel fraction fitted to speed-ups") {
    // Exact Amdahl data for p = 0.75 gives p back; perfect scaling gives 1, none gives 0.
    const std::vector<double> n = {1, 2, 4, 8};
    std::vector<double> s;
    for (double c : n) s.push_back(amdahl_speedup(0.75, c));
    CHECK(amdahl_fraction(n, s) == doctest::Approx(0.75));
    CHECK(amdahl_fraction(n, {1, 2, 4, 8}) == doctest::Approx(1.0));
    CHECK(amdahl_fraction(n, {1, 1, 1, 1}) == doctest::Approx(0.0));
    CHECK(amdahl_fraction(n, {1, 0.9, 0.8, 0.7}) == 0.0);  // slower with cores: clamped
    CHECK(amdahl_fraction({1}, {1}) == 0.0);                // nothing to fit
    CHECK(amdahl_speedup(0.5, 2) == doctest::Approx(4.0 / 3.0));
}

TEST_CASE("timeline overlays: lock holds, waits and message arrows from a sim trace") {
    RunRequest r;
    r.backend = Backend::sim;
    r.filename = "overlays.py";
    r.source = R"(import time
from multiprocessing import Process, Lock, Pipe, Queue

def hijo(candado, conn, cola):
    with candado:
        conn.send("hola")
    cola.put(1)

if __name__ == "__main__":
    candado = Lock()
    a, b = Pipe()
    cola = Queue()
    candado.acquire()
    p = Process(target=hijo, args=(candado, b, cola))
    p.start()
    time.sleep(0.5)  # the child starts meanwhile and waits for the lock
    candado.release()
    print(a.recv(), cola.get())
    p.join()
)";
    const RunResult res = run_sim(r, nullptr);
    REQUIRE(res.exit_status == 0);
    REQUIRE(res.out == "hola 1\n");
    TimelineOverlays o;
    // Fed in two halves, as a live run is: the same as all at once.
    Trace half = res.trace;
    half.events.resize(res.trace.events.size() / 2);
    o.update(half);
    o.update(res.trace);  // a different trace object: starts over
    TimelineOverlays whole;
    whole.update(res.trace);
    CHECK(o.flows().size() == whole.flows().size());

    REQUIRE(whole.flows().size() == 2);  // the send and the put, each with its receipt
    for (const TimelineOverlays::Flow& f : whole.flows()) {
        CHECK(f.from == 1);
        CHECK(f.to == 0);
        CHECK(f.sent <= f.received);
    }
    CHECK_FALSE(whole.flows()[0].queue);
    CHECK(whole.flows()[1].queue);
    // MainProcess held the lock from its acquire to its release; the child waited, then held it.
    REQUIRE_FALSE(whole.holds(0).empty());
    CHECK(whole.holds(0)[0].t1 != UINT64_MAX);
    REQUIRE_FALSE(whole.waits(1).empty());
    const TimelineOverlays::Interval& wait = whole.waits(1)[0];
    CHECK(wait.t1 != UINT64_MAX);
    bool child_held_after_wait = false;
    for (const TimelineOverlays::Interval& h : whole.holds(1))
        if (h.object == wait.object && h.t0 >= wait.t1 && h.t1 != UINT64_MAX) child_held_after_wait = true;
    CHECK(child_held_after_wait);
    CHECK(wait.t1 >= whole.holds(0)[0].t1);  // it got the lock once MainProcess let it go
}
