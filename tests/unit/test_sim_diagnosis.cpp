// The simulator's explanations of a run that cannot finish: the wait-for cycle finder, the
// objects named as the scenario names them, both languages, and the budget reports.
#include <doctest/doctest.h>

#include <string>

#include "exec/runners.h"
#include "exec/sim_diagnosis.h"
#include "exec/sim_messages.h"
#include "lang/compiler.h"

using namespace forklab;
using forklab::sim::find_wait_cycles;

namespace {

RunResult run_sim_in(const std::string& source, Lang lang = Lang::en, RunLimits limits = {}) {
    RunRequest r;
    r.source = source;
    r.filename = "scenario.py";
    r.backend = Backend::sim;
    r.seed = 1;
    r.cores = 2;
    r.trace = true;
    r.lang = lang;
    r.limits = limits;
    return run_sim(r, nullptr);
}

bool has(const std::string& s, const char* part) { return s.find(part) != std::string::npos; }

using Cycles = std::vector<std::vector<int>>;

}  // namespace

TEST_CASE("wait-for cycles: none, a chain into a cycle, a self-wait, two cycles") {
    CHECK(find_wait_cycles({}).empty());
    CHECK(find_wait_cycles({-1, 0, 1}).empty());               // a chain that ends
    CHECK(find_wait_cycles({1, 0}) == Cycles{{0, 1}});          // two processes, two locks
    CHECK(find_wait_cycles({-1, 2, 3, 1}) == Cycles{{1, 2, 3}});  // three in a ring, main outside
    CHECK(find_wait_cycles({1, 2, 3, 2}) == Cycles{{2, 3}});    // a tail leading into a cycle
    CHECK(find_wait_cycles({0}) == Cycles{{0}});                // a Lock taken twice
    CHECK(find_wait_cycles({1, 0, 3, 2, -1}) == Cycles{{0, 1}, {2, 3}});
    CHECK(find_wait_cycles({2, 0, 1}) == Cycles{{0, 2, 1}});    // wait order, from the smallest
    CHECK(find_wait_cycles({5, -1}).empty());                   // an arrow out of range is no wait
}

TEST_CASE("sim messages: every sentence exists in both languages with the same placeholders") {
    const std::initializer_list<std::string_view> marks = {"<0>", "<1>", "<2>", "<3>", "<4>", "<5>"};
    for (int m = 0; m < (int)sim::Msg::count_; ++m) {
        const std::string en = sim::say(Lang::en, (sim::Msg)m, marks);
        const std::string es = sim::say(Lang::es, (sim::Msg)m, marks);
        CHECK(!en.empty());
        CHECK(!es.empty());
        for (std::string_view mark : marks) CHECK(has(en, mark.data()) == has(es, mark.data()));
        CHECK(en.find('{') == std::string::npos);
        CHECK(es.find('{') == std::string::npos);
    }
}

TEST_CASE("call sites: the blocking calls of a program, as written") {
    const CompileResult c = compile_program(R"(import time
with candado:
    q.get(timeout=1)
self.q.put(x, True)
cola[i].get()
time.sleep(0.5)
procesos[0].join()
(lambda: 1)()
hacer(*args, **kw)
)", "t.py");
    REQUIRE(c.program);
    std::vector<std::pair<std::string, std::string>> sites;
    for (const lang::CallSite& s : c.program->codes[0]->call_sites) sites.emplace_back(s.text, s.subject);
    const std::vector<std::pair<std::string, std::string>> want = {
        {"with candado", "candado"},       {"q.get(timeout=1)", "q"},  {"self.q.put(x, True)", "self.q"},
        {"cola[i].get()", "cola[i]"},      {"time.sleep(0.5)", "time"}, {"procesos[0].join()", "procesos[0]"},
        {"hacer(*args, **kw)", ""}};
    CHECK(sites == want);  // the lambda call has no short text
}

// One rule for the CLI's locale and --lang, the viewer's --lang and forklab.setLanguage.
TEST_CASE("languages: names, tags and locale strings") {
    Lang l = Lang::en;
    CHECK(lang_from_name("es", &l));
    CHECK(l == Lang::es);
    CHECK(lang_from_name("EN-us", &l));  // a browser tag, in any case
    CHECK(l == Lang::en);
    CHECK(lang_from_name("Es", &l));
    CHECK(l == Lang::es);
    CHECK(lang_from_name("en_GB.UTF-8", &l));
    CHECK(l == Lang::en);
    CHECK(lang_from_name("es_AR.UTF-8", &l));
    CHECK(l == Lang::es);
    l = Lang::es;
    CHECK_FALSE(lang_from_name("C.UTF-8", &l));
    CHECK_FALSE(lang_from_name("fr", &l));
    CHECK_FALSE(lang_from_name("espanol", &l));
    CHECK_FALSE(lang_from_name("english", &l));
    CHECK_FALSE(lang_from_name("e", &l));
    CHECK_FALSE(lang_from_name("", &l));
    CHECK(l == Lang::es);  // a refused name leaves the language as it was
}

const char* kThreeCycle = R"(from multiprocessing import Process, Lock
import time

def tomar(izq, der):
    with izq:
        time.sleep(0.1)
        with der:
            pass

if __name__ == "__main__":
    a, b, c = Lock(), Lock(), Lock()
    ps = [Process(target=tomar, args=(a, b)), Process(target=tomar, args=(b, c)),
          Process(target=tomar, args=(c, a))]
    for p in ps:
        p.start()
    for p in ps:
        p.join()
)";

TEST_CASE("sim diagnosis: a three-process cycle, named by the main program's variables") {
    const RunResult r = run_sim_in(kThreeCycle);
    REQUIRE(r.diagnostics.size() == 1);
    const std::string& m = r.diagnostics[0].message;
    CHECK(r.diagnostics[0].kind == "Deadlock");
    CHECK(has(m, "Process-1 holds lock `a` and waits for lock `b` (line 7: `with der`); "
                 "Process-2 holds lock `b` and waits for lock `c` (line 7: `with der`); "
                 "Process-3 holds lock `c` and waits for lock `a` (line 7: `with der`). That is a wait-for cycle"));
    CHECK(has(m, "MainProcess waits in `p.join()` for Process-1 to end (line 17)."));
    CHECK(r.exit_status == 1);
}

TEST_CASE("sim diagnosis: the same cycle in Spanish") {
    const RunResult r = run_sim_in(kThreeCycle, Lang::es);
    REQUIRE(r.diagnostics.size() == 1);
    const std::string& m = r.diagnostics[0].message;
    CHECK(has(m, "ningún proceso puede avanzar"));
    CHECK(has(m, "Process-1 tiene el lock `a` y espera el lock `b` (línea 7: `with der`)"));
    CHECK(has(m, "Es un ciclo de espera"));
    CHECK(has(m, "MainProcess espera en `p.join()` a que termine Process-1 (línea 17)."));
}

TEST_CASE("sim diagnosis: locks in a list have no name, so they are told apart by number") {
    const RunResult r = run_sim_in(R"(from multiprocessing import Process, Lock
import time

def comer(tenedores, i):
    with tenedores[i]:
        time.sleep(0.1)
        with tenedores[(i + 1) % 2]:
            pass

if __name__ == "__main__":
    tenedores = [Lock(), Lock()]
    ps = [Process(target=comer, args=(tenedores, i)) for i in range(2)]
    for p in ps:
        p.start()
    for p in ps:
        p.join()
)");
    REQUIRE(r.diagnostics.size() == 1);
    CHECK(has(r.diagnostics[0].message, "Process-1 holds a Lock (no. 1) and waits for a Lock (no. 2) (line 7); "
                                        "Process-2 holds a Lock (no. 2) and waits for a Lock (no. 1) (line 7)."));
}

TEST_CASE("sim diagnosis: a parent that joins a child waiting for the parent's lock") {
    const RunResult r = run_sim_in(R"(from multiprocessing import Process, Lock

def hijo(candado):
    candado.acquire()

if __name__ == "__main__":
    candado = Lock()
    candado.acquire()
    p = Process(target=hijo, args=(candado,))
    p.start()
    p.join()
)");
    REQUIRE(r.diagnostics.size() == 1);
    CHECK(has(r.diagnostics[0].message,
              "MainProcess holds lock `candado` and waits in `p.join()` for Process-1 to end (line 11); "
              "Process-1 waits for lock `candado` (line 4). That is a wait-for cycle"));
}

TEST_CASE("sim diagnosis: a blocked process's state names the call and the object as written") {
    const RunResult r = run_sim_in(R"(from multiprocessing import Process, Lock, Queue
import time

def hijo(candado, q):
    with candado:
        q.put(1)

if __name__ == "__main__":
    candado = Lock()
    q = Queue()
    p = Process(target=hijo, args=(candado, q))
    with candado:
        p.start()
        time.sleep(0.01)
    print(q.get())
    p.join()
)");
    CHECK(r.exit_status == 0);
    bool lock = false, get = false, join = false, sleep = false;
    for (const TraceEvent& e : r.trace.events) {
        if (e.kind != EventKind::proc_blocked || !r.trace.text_of(e)) continue;
        const std::string& t = *r.trace.text_of(e);
        lock |= e.proc.value == 1 && t == "waiting for lock `candado`";
        get |= e.proc.value == 0 && t == "waiting on `q.get()`";
        join |= e.proc.value == 0 && t == "waiting in `p.join()`";
        sleep |= e.proc.value == 0 && t == "sleeping in `time.sleep(0.01)`";
    }
    CHECK(lock);
    CHECK(get);
    CHECK(sleep);
    (void)join;  // the child may have ended before join(): not checked
}

TEST_CASE("sim diagnosis: the instruction budget says where every process still was") {
    RunLimits lim;
    lim.max_instructions = 200000;
    const RunResult r = run_sim_in(R"(from multiprocessing import Process, Queue

def girar():
    while True:
        pass

if __name__ == "__main__":
    q = Queue()
    p = Process(target=girar)
    p.start()
    q.get()
)", Lang::en, lim);
    REQUIRE(r.diagnostics.size() == 1);
    const std::string& m = r.diagnostics[0].message;
    CHECK(r.diagnostics[0].kind == "LimitExceeded");
    CHECK(has(m, "the run reached its budget of 200000 instructions"));
    CHECK(has(m, "MainProcess was waiting on `q.get()` at line 11, after "));
    CHECK(has(m, "Process-1 was still running at line "));
    CHECK(r.exit_status == 1);
}

TEST_CASE("sim diagnosis: the virtual-time budget stops a sleep loop, in Spanish") {
    RunLimits lim;
    lim.max_virtual_seconds = 5;
    const RunResult r = run_sim_in(R"(import time

while True:
    time.sleep(1)
)", Lang::es, lim);
    REQUIRE(r.diagnostics.size() == 1);
    const std::string& m = r.diagnostics[0].message;
    CHECK(r.diagnostics[0].kind == "LimitExceeded");
    CHECK(has(m, "el tiempo virtual llegó a su límite de 5 s"));
    CHECK(has(m, "MainProcess estaba durmiendo en `time.sleep(1)` en la línea 4, tras "));
    CHECK(r.exit_status == 1);
    CHECK(r.trace.events.back().time <= (uint64_t)(5 * sim::kTicksPerSecond) + 1000);
}
