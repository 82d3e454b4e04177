// multiprocessing.Pool's prelude (lang/prelude.h): compiled only into programs that mention
// multiprocessing, invisible to user names, shown in tracebacks under its own file name, and
// the Pool works on the deterministic simulator, the same output for the same seed.
#include <doctest/doctest.h>

#include <string>

#include "exec/runners.h"
#include "lang/compiler.h"
#include "lang/prelude.h"

using namespace forklab;

namespace {

RunResult sim(const std::string& source, uint64_t seed = 1) {
    RunRequest r;
    r.source = source;
    r.filename = "scenario.py";
    r.backend = Backend::sim;
    r.seed = seed;
    r.cores = 2;
    return run_sim(r, nullptr);
}

const char* kPoolMap = R"(from multiprocessing import Pool
import time


def lento(x):
    time.sleep(0.001 * (x % 3))
    return x * x


if __name__ == "__main__":
    with Pool(3) as p:
        print(p.map(lento, range(8)))
        print(sorted(p.imap_unordered(lento, range(4))))
)";

}  // namespace

TEST_CASE("pool prelude: compiled only where multiprocessing is named, under hidden global names") {
    CompileResult plain = compile_program("print(1)\n", "a.py");
    REQUIRE(plain.program);
    CHECK(plain.program->prelude_entry < 0);
    CompileResult mp = compile_program("import multiprocessing\nworker = 1\n", "b.py");
    REQUIRE(mp.program);
    CHECK(mp.program->prelude_entry > mp.program->child_entry);
    CHECK(mp.program->codes[size_t(mp.program->prelude_entry)]->prelude);
    int user_worker = 0, prelude_worker = 0;
    for (const std::string& g : mp.program->global_names) {
        if (g == "worker") ++user_worker;
        if (g == std::string(lang::kPreludeGlobalPrefix) + "worker") ++prelude_worker;
    }
    CHECK(user_worker == 1);
    CHECK(prelude_worker == 1);
}

TEST_CASE("pool prelude: a task's exception carries the worker's traceback, prelude frames named") {
    RunResult r = sim(R"(from multiprocessing import Pool


def falla(x):
    return 1 // x


if __name__ == "__main__":
    with Pool(1) as p:
        p.apply(falla, (0,))
)");
    CHECK(r.exit_status == 1);
    CHECK(r.err.find("multiprocessing.pool.RemoteTraceback: \n\"\"\"\nTraceback (most recent call last):") !=
          std::string::npos);
    CHECK(r.err.find("File \"<forklab>/multiprocessing/pool.py\", line ") != std::string::npos);
    CHECK(r.err.find(", in worker\n") != std::string::npos);
    CHECK(r.err.find("File \"scenario.py\", line 5, in falla") != std::string::npos);
    CHECK(r.err.find("The above exception was the direct cause of the following exception:") != std::string::npos);
    CHECK(r.err.find("ZeroDivisionError: integer division or modulo by zero") != std::string::npos);
}

TEST_CASE("pool prelude: Pool.map on sim is deterministic per seed") {
    RunResult a = sim(kPoolMap, 7), b = sim(kPoolMap, 7);
    CHECK(a.exit_status == 0);
    CHECK(a.out == "[0, 1, 4, 9, 16, 25, 36, 49]\n[0, 1, 4, 9]\n");
    CHECK(a.out == b.out);
    CHECK(a.instructions == b.instructions);
    CHECK(a.diagnostics.empty());
}
