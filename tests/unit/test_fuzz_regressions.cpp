// Every input the fuzzer (scripts/fuzz.sh) ever crashed on, kept in tests/fuzz/regressions/,
// goes through compile_program() again: it must return (program or diagnostics) without a
// crash or a sanitizer report, and within a time limit. Inputs that still crash the current
// code wait in tests/fuzz/crashes-open/, which is not replayed.
#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <mutex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "lang/interp.h"

namespace fs = std::filesystem;

namespace {

// compile_program on its own thread, so a hang is reported with the input's name instead of
// stalling the whole test binary. A thread cannot be cancelled: after a hang we exit.
bool compiles_within(const std::string& source, std::chrono::seconds limit, bool* gave_result) {
    struct Shared {
        std::mutex m;
        std::condition_variable cv;
        bool done = false;
        bool result = false;
    };
    auto sh = std::make_shared<Shared>();
    std::thread([sh, source] {
        forklab::CompileResult r = forklab::compile_program(source, "fuzz.py");
        std::lock_guard<std::mutex> g(sh->m);
        sh->result = r.program || !r.errors.empty();
        sh->done = true;
        sh->cv.notify_all();
    }).detach();
    std::unique_lock<std::mutex> lk(sh->m);
    if (!sh->cv.wait_for(lk, limit, [&] { return sh->done; })) return false;
    *gave_result = sh->result;
    return true;
}

}  // namespace

TEST_CASE("fuzz regressions: every kept input compiles or is refused, without crashing") {
    const fs::path dir = fs::path(FORKLAB_SOURCE_DIR) / "tests" / "fuzz" / "regressions";
    std::vector<fs::path> files;
    if (fs::is_directory(dir))
        for (const auto& e : fs::directory_iterator(dir))
            if (e.is_regular_file() && e.path().filename().string()[0] != '.') files.push_back(e.path());
    std::sort(files.begin(), files.end());
    MESSAGE(files.size() << " inputs in " << dir.string());
    for (const fs::path& f : files) {
        std::ifstream in(f, std::ios::binary);
        std::ostringstream ss;
        ss << in.rdbuf();
        INFO("input: " << f.string());
        bool gave_result = false;
        if (!compiles_within(ss.str(), std::chrono::seconds(20), &gave_result)) {
            std::fprintf(stderr, "fuzz regressions: %s: compile_program did not return within 20 s\n",
                         f.string().c_str());
            std::_Exit(1);
        }
        CHECK_MESSAGE(gave_result, "compile_program returned neither a program nor an error");
    }
}
