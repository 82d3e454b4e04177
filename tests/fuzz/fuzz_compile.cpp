// libFuzzer target: any bytes as a source file through lexer, parser and compiler (and the
// disassembler over what compiles, which reads every table index the compiler wrote).
// compile_program() must return a program or diagnostics for every input: no crash, no
// sanitizer report, no hang, bounded memory. Built by cmake/ForklabFuzz.cmake; run with
// scripts/fuzz.sh. A crash it finds goes to tests/fuzz/regressions/ and is replayed by
// tests/unit/test_fuzz_regressions.cpp from then on.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "lang/disasm.h"
#include "lang/interp.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view source(reinterpret_cast<const char*>(data), size);
    forklab::CompileResult r = forklab::compile_program(source, "fuzz.py");
    // Either a program or a reason why not: failing silently is a bug too.
    if (!r.program && r.errors.empty()) __builtin_trap();
    if (r.program && forklab::disassemble(*r.program).empty()) __builtin_trap();
    return 0;
}
