// The inspectors' reader (exec/sim_inspect.h, Interp::variables/describe_message): what a
// student sees of shared memory, locks, queues, pipes and variables at a step of a run.
#include <doctest/doctest.h>

#include <algorithm>
#include <string>

#include "exec/sim_inspect.h"
#include "exec/stepper.h"

using namespace forklab;

namespace {

RunRequest request(const char* source) {
    RunRequest r;
    r.source = source;
    r.filename = "scenario.py";
    return r;
}

// Steps MainProcess alone until it has printed something.
void main_until_output(Stepper& s) {
    std::string error;
    for (int i = 0; i < 200 && s.out().empty(); ++i)
        if (!s.step_visible(ProcId{0}, &error)) break;
}

const Interp::Variable* find_var(const InspectedProcess& p, const std::string& name) {
    for (const Interp::Variable& v : p.variables)
        if (v.name == name) return &v;
    return nullptr;
}

}  // namespace

TEST_CASE("inspect: a lock held by MainProcess, a child waiting for it, a Value by its name") {
    Stepper s(request(R"(from multiprocessing import Process, Lock, Value

def hold(candado, contador, veces):
    paso = 0
    with candado:
        contador.value += veces

if __name__ == "__main__":
    candado = Lock()
    contador = Value("i", 41)
    candado.acquire()
    p = Process(target=hold, args=(candado, contador, 1))
    p.start()
    print("main has it")
)"));
    std::string error;
    // MainProcess up to the print (it holds the lock), then the child until it waits.
    for (int i = 0; i < 20 && s.out().empty(); ++i) REQUIRE(s.step_visible(ProcId{0}, &error));
    for (int i = 0; i < 20; ++i)
        if (!s.step_visible(ProcId{1}, &error)) break;

    const SimInspection in = inspect(s.session());
    REQUIRE(in.shared.size() == 1);
    CHECK(in.shared[0].name == "contador");
    CHECK(in.shared[0].typecode == 'i');
    CHECK_FALSE(in.shared[0].is_array);
    REQUIRE(in.shared[0].cells.size() == 1);
    CHECK(in.shared[0].cells[0].i == 41);

    const auto lock = std::find_if(in.locks.begin(), in.locks.end(),
                                   [](const InspectedLock& l) { return l.name == "candado"; });
    REQUIRE(lock != in.locks.end());
    CHECK(lock->held);
    CHECK(lock->owner_name == "MainProcess");
    REQUIRE(lock->waiters.size() == 1);
    CHECK(lock->waiters[0] == "Process-1");
    // The Value's own lock is named after the Value.
    CHECK(std::any_of(in.locks.begin(), in.locks.end(),
                      [](const InspectedLock& l) { return l.name == "lock of contador" && !l.held; }));

    REQUIRE(in.processes.size() == 2);
    CHECK(in.processes[1].state == SimProcState::blocked);
    const Interp::Variable* paso = find_var(in.processes[1], "paso");
    REQUIRE(paso);
    CHECK(paso->scope == "hold");
    CHECK(paso->value == "0");
    const Interp::Variable* veces = find_var(in.processes[1], "veces");
    REQUIRE(veces);
    CHECK(veces->value == "1");
    // Globals that hold data, not functions or modules.
    CHECK(find_var(in.processes[0], "p"));
    CHECK_FALSE(find_var(in.processes[0], "hold"));
    CHECK_FALSE(find_var(in.processes[0], "Process"));
    CHECK_FALSE(find_var(in.processes[0], "__name__"));
}

TEST_CASE("inspect: queue items and pipe messages in transit, as reprs") {
    Stepper s(request(R"(from multiprocessing import Queue, Pipe

if __name__ == "__main__":
    cola = Queue()
    cola.put({"tarea": 1})
    cola.put("ñandú")
    recibe, envia = Pipe(duplex=False)
    envia.send([1, 2, 3])
    print("sent")
)"));
    main_until_output(s);
    REQUIRE(s.out() == "sent\n");
    const SimInspection in = inspect(s.session());

    REQUIRE(in.queues.size() == 1);
    CHECK(in.queues[0].name == "cola");
    CHECK(in.queues[0].items == 2);
    REQUIRE(in.queues[0].contents.size() == 2);
    CHECK(in.queues[0].contents[0] == "{'tarea': 1}");
    CHECK(in.queues[0].contents[1] == "'ñandú'");

    REQUIRE(in.pipes.size() == 1);
    CHECK_FALSE(in.pipes[0].duplex);
    // The message waits at the receiving end.
    const InspectedPipeEnd* at = nullptr;
    for (const InspectedPipeEnd& e : in.pipes[0].end)
        if (e.messages) at = &e;
    REQUIRE(at);
    CHECK(at->name == "recibe");
    REQUIRE(at->inbox.size() == 1);
    CHECK(at->inbox[0] == "[1, 2, 3]");
    CHECK(at->bytes > 0);

    // Reading the messages changed nothing: the run goes on the same.
    std::string error;
    s.run_to_end();
    CHECK(s.finished());
}

TEST_CASE("inspect: long values are cut on a character boundary, in bounded time") {
    Stepper s(request(R"(
if __name__ == "__main__":
    grande = list(range(1000000))
    texto = "á" * 500
    tabla = {i: i for i in range(1000)}
    print("ok")
)"));
    main_until_output(s);
    InspectOptions opt;
    opt.max_chars = 40;
    const SimInspection in = inspect(s.session(), opt);
    REQUIRE(in.processes.size() == 1);
    const Interp::Variable* grande = find_var(in.processes[0], "grande");
    REQUIRE(grande);
    CHECK(grande->value.size() <= 40);
    CHECK(grande->value.rfind("[0, 1, 2, ", 0) == 0);
    CHECK(grande->value.substr(grande->value.size() - 3) == "...");
    const Interp::Variable* texto = find_var(in.processes[0], "texto");
    REQUIRE(texto);
    CHECK(texto->value.size() <= 40);
    // "'" then whole two-byte characters, then "...".
    CHECK((texto->value.size() - 4) % 2 == 0);
    const Interp::Variable* tabla = find_var(in.processes[0], "tabla");
    REQUIRE(tabla);
    CHECK(tabla->value == "{... 1000 entries}");
}
