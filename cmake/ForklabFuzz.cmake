# Opt-in libFuzzer targets (FORKLAB_FUZZ=ON, clang only; preset `fuzz`, driven by
# scripts/fuzz.sh). forklab_fuzz_compile feeds arbitrary bytes to compile_program(), so the
# lexer, parser and compiler run under ASan + UBSan with coverage feedback. The core library
# gets coverage instrumentation (-fsanitize=fuzzer-no-link); only the fuzz target links
# libFuzzer's main. Sanitizers come from FORKLAB_SANITIZE like every other sanitizer build.
include_guard(GLOBAL)

option(FORKLAB_FUZZ "Build the libFuzzer targets (clang): forklab_fuzz_compile" OFF)
if(NOT FORKLAB_FUZZ)
  return()
endif()
if(NOT CMAKE_CXX_COMPILER_ID MATCHES "Clang")
  message(FATAL_ERROR "FORKLAB_FUZZ=ON needs clang (libFuzzer); use the `fuzz` preset")
endif()

target_compile_options(forklab_core PRIVATE -fsanitize=fuzzer-no-link)
add_executable(forklab_fuzz_compile "${FORKLAB_SRC}/tests/fuzz/fuzz_compile.cpp")
target_link_libraries(forklab_fuzz_compile PRIVATE forklab_core)
target_compile_options(forklab_fuzz_compile PRIVATE -fsanitize=fuzzer)
target_link_options(forklab_fuzz_compile PRIVATE -fsanitize=fuzzer)
forklab_apply_options(forklab_fuzz_compile)
