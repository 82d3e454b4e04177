// The prelude: parts of the runtime written in the scenario language itself.
//
// multiprocessing.Pool is a loop of "get a task, call it, put the result" in every worker and
// "get a result, store it, run its callback" in the parent. User tasks and callbacks may
// block (time.sleep, locks), and on the sim backend a Host call may block only when bytecode
// made it, never from native code calling back into Python (call_value). So those loops are
// Python source (shared/lang/prelude/pool.py, embedded at build time by
// cmake/EmbedPython.cmake), compiled into every program that mentions multiprocessing as a
// second module whose globals user code cannot name (compiler.cpp), and run at `import
// multiprocessing` (module_pool.cpp). Its frames appear in tracebacks under kPreludeFilename,
// the way CPython shows multiprocessing/pool.py.
#pragma once
#include <string_view>

namespace forklab::lang {

inline constexpr std::string_view kPreludeFilename = "<forklab>/multiprocessing/pool.py";
// Prefix of the prelude's global names: a dot, so no identifier in user code can spell one.
inline constexpr const char* kPreludeGlobalPrefix = "multiprocessing.pool.";

std::string_view prelude_source();  // generated: the text of shared/lang/prelude/pool.py

}  // namespace forklab::lang
