// The table of names CPython has that forklab's subset does not (unsupported_hints.h).
#include "lang/unsupported_hints.h"

namespace forklab::lang {

namespace {
struct Missing {
    const char* module;
    const char* name;
    const char* hint;
};

constexpr const char* kShare = "; processes share data through Queue, Pipe, Value or Array";
constexpr Missing kMissing[] = {
    {"multiprocessing", "Manager", "multiprocessing.Manager"},
    {"multiprocessing", "managers", "multiprocessing.managers"},
    {"multiprocessing", "shared_memory", "multiprocessing.shared_memory"},
    {"multiprocessing", "connection", "multiprocessing.connection (wait, Listener, Client)"},
    {"threading", "settrace", "threading.settrace"},
    {"", "open", "files (open)"},
    {"", "eval", "eval"},
    {"", "exec", "exec"},
    {"", "compile", "compile"},
    {"", "globals", "globals()"},
    {"", "locals", "locals()"},
    {"", "dir", "dir()"},
    {"", "complex", "complex numbers"},
    {"", "memoryview", "memoryview"},
    {"", "exit", "exit() (use sys.exit())"},
    {"", "quit", "quit() (use sys.exit())"},
    {"", "breakpoint", "breakpoint()"},
    {"", "help", "help()"},
    {"", "aiter", "asynchronous iteration"},
    {"", "anext", "asynchronous iteration"},
};
}  // namespace

std::string unsupported_hint(std::string_view module, std::string_view name) {
    for (const Missing& m : kMissing)
        if (module == m.module && name == m.name) {
            std::string s = std::string(" (forklab does not support ") + m.hint + " yet";
            if (module == "multiprocessing") s += kShare;
            return s + ")";
        }
    return "";
}

}  // namespace forklab::lang
