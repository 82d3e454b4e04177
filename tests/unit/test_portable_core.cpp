// The portable core (shared/) must build for the browser and for any OS, so it may include
// only standard C++ headers and its own. shared/ui may also include imgui.h. This test reads
// every file under shared/ and fails on a platform header, naming the file and line.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <string>
#include <vector>

namespace fs = std::filesystem;

static fs::path shared_dir() {
    // __FILE__ is .../tests/unit/test_portable_core.cpp in the source tree.
    return fs::path(__FILE__).parent_path().parent_path().parent_path() / "shared";
}

static bool allowed_include(const std::string& header, const fs::path& file) {
    static const std::vector<std::string> platform_prefixes = {
        "unistd.h", "sys/", "pthread.h", "signal.h", "fcntl.h", "semaphore.h", "dlfcn.h",
        "windows.h", "emscripten", "SDL", "GL/", "GLES", "poll.h", "termios.h", "spawn.h",
        "dirent.h", "netinet/", "arpa/", "mach/",
    };
    for (const auto& p : platform_prefixes)
        if (header.rfind(p, 0) == 0) return false;
    if (header.rfind("imgui", 0) == 0) return file.parent_path().filename() == "ui";
    return true;
}

TEST_CASE("portable core: shared/ includes no platform headers") {
    const fs::path root = shared_dir();
    REQUIRE(fs::is_directory(root));
    const std::regex include_re(R"(^\s*#\s*include\s*[<"]([^>"]+)[>"])");
    int files = 0;
    std::vector<std::string> offences;
    for (const auto& entry : fs::recursive_directory_iterator(root)) {
        const auto ext = entry.path().extension();
        if (!entry.is_regular_file() || (ext != ".h" && ext != ".cpp")) continue;
        ++files;
        std::ifstream in(entry.path());
        std::string line;
        int n = 0;
        while (std::getline(in, line)) {
            ++n;
            std::smatch m;
            if (std::regex_search(line, m, include_re) && !allowed_include(m[1], entry.path()))
                offences.push_back(entry.path().string() + ":" + std::to_string(n) + ": " + line);
        }
    }
    CHECK(files > 10);
    for (const auto& o : offences) FAIL_CHECK("platform header in the portable core: " << o);
    CHECK(offences.empty());
}

TEST_CASE("portable core check rejects what it must") {
    const fs::path core_file = shared_dir() / "lang" / "interp.cpp";
    const fs::path ui_file = shared_dir() / "ui" / "viewer.cpp";
    CHECK_FALSE(allowed_include("unistd.h", core_file));
    CHECK_FALSE(allowed_include("sys/mman.h", core_file));
    CHECK_FALSE(allowed_include("emscripten/emscripten.h", core_file));
    CHECK_FALSE(allowed_include("SDL2/SDL.h", ui_file));
    CHECK_FALSE(allowed_include("imgui.h", core_file));
    CHECK(allowed_include("imgui.h", ui_file));
    CHECK(allowed_include("thread", core_file));
    CHECK(allowed_include("runtime/host.h", core_file));
}
