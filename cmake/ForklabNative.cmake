# Native build: the forklab executable (CLI + fork backend + SDL2/GL viewer) and the
# doctest unit tests, plus ctest entries for the golden scenarios and the GUI smoke test
# (each added only once its script exists, so the tree builds while others write them).
include_guard(GLOBAL)

forklab_add_core_libs("" ON)

forklab_glob(FORKLAB_FORK_SOURCES "${FORKLAB_SRC}/native/fork/*.cpp")
forklab_glob(FORKLAB_CLI_SOURCES  "${FORKLAB_SRC}/native/cli/*.cpp")
forklab_glob(FORKLAB_GUI_SOURCES  "${FORKLAB_SRC}/native/gui/*.cpp")

# The fork backend is a library so both the CLI and the unit tests link it.
set(_fork ${FORKLAB_FORK_SOURCES})
forklab_nonempty_sources(_fork)
add_library(forklab_fork STATIC ${_fork})
target_include_directories(forklab_fork PUBLIC "${FORKLAB_SRC}/native")
target_link_libraries(forklab_fork PUBLIC forklab_core)
if(CMAKE_SYSTEM_NAME STREQUAL "Linux")
  target_link_libraries(forklab_fork PUBLIC rt)
endif()
forklab_apply_options(forklab_fork)

if(FORKLAB_CLI_SOURCES)
  forklab_embed_python_table(_bench_scenarios "scripts/bench/ipc/*.py" bench_scenarios.cpp
                             "cli/bench_scenarios.h" BenchScenario bench_scenarios)
  # The viewer is a separate executable, forklab-gui, that `forklab gui` execs from the same
  # directory: the SDL2/GL/audio libraries it links would add some 300 memory mappings to
  # every `forklab run` process, and fork() copies each one (a fork costs about 6x more).
  add_executable(forklab-gui "${FORKLAB_SRC}/native/gui_main/gui_main.cpp" ${FORKLAB_GUI_SOURCES})
  target_include_directories(forklab-gui PRIVATE "${FORKLAB_SRC}/native")
  target_link_libraries(forklab-gui PRIVATE forklab_fork forklab_ui forklab_core
                        forklab_imgui_backends Threads::Threads)
  forklab_apply_options(forklab-gui)

  add_executable(forklab ${FORKLAB_CLI_SOURCES} ${_bench_scenarios})
  target_include_directories(forklab PRIVATE "${FORKLAB_SRC}/native")
  target_link_libraries(forklab PRIVATE forklab_fork forklab_core Threads::Threads)
  target_compile_definitions(forklab PRIVATE FORKLAB_GUI_EXE="forklab-gui")
  add_dependencies(forklab forklab-gui)  # `forklab gui` needs it next to forklab
  # Every symbol bound at start-up, in the parent: with lazy binding each forked child
  # looked up (and faulted in the symbol tables for) the functions the parent never called.
  if(CMAKE_SYSTEM_NAME STREQUAL "Linux")
    target_link_options(forklab PRIVATE "-Wl,-z,now")
  endif()
  forklab_apply_options(forklab)
  # The interpreter makes and frees many small objects; Debian's mimalloc (linked, so it
  # replaces malloc for the whole process) is about 1.3x faster at that than glibc's malloc.
  # Sanitizer builds keep the sanitizers' own allocator.
  if(NOT FORKLAB_SANITIZE)
    find_package(mimalloc CONFIG QUIET)
    if(TARGET mimalloc)
      target_link_libraries(forklab PRIVATE mimalloc)
      target_link_libraries(forklab-gui PRIVATE mimalloc)
      message(STATUS "forklab: linking mimalloc")
    else()
      message(STATUS "forklab: mimalloc not found (libmimalloc-dev); using the system malloc")
    endif()
  endif()
else()
  message(STATUS "forklab: no native/cli/*.cpp yet; the forklab executable is skipped")
endif()

# ---------------------------------------------------------------- tests
enable_testing()
forklab_glob(FORKLAB_TEST_SOURCES "${FORKLAB_SRC}/tests/unit/*.cpp")
if(FORKLAB_TEST_SOURCES)
  if(NOT EXISTS "${FORKLAB_SRC}/tests/unit/test_main.cpp")
    # Until tests/unit/test_main.cpp exists, supply doctest's main.
    set(_main "${CMAKE_BINARY_DIR}/forklab_test_main.cpp")
    file(WRITE "${_main}" "#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN\n#include <doctest/doctest.h>\n")
    list(APPEND FORKLAB_TEST_SOURCES "${_main}")
  endif()
  add_executable(forklab_tests ${FORKLAB_TEST_SOURCES})
  target_link_libraries(forklab_tests PRIVATE forklab_fork forklab_ui forklab_core Threads::Threads)
  target_include_directories(forklab_tests PRIVATE "${FORKLAB_SRC}/native" "${FORKLAB_SRC}/tests/unit")
  # <doctest/doctest.h> comes through sysinc (forklab_core); <doctest.h> works too.
  target_include_directories(forklab_tests SYSTEM PRIVATE "${FORKLAB_SYSINC}/doctest")
  # Tests may find scenario files relative to the source tree.
  target_compile_definitions(forklab_tests PRIVATE FORKLAB_SOURCE_DIR="${FORKLAB_SRC}")
  forklab_apply_options(forklab_tests)

  add_test(NAME unit COMMAND forklab_tests)
  set_tests_properties(unit PROPERTIES LABELS "unit")
  # The threads-related cases, run under TSan by scripts/test.sh (ctest -L threads).
  add_test(NAME unit_threads COMMAND forklab_tests "-tc=*thread*,*Thread*")
  set_tests_properties(unit_threads PROPERTIES LABELS "threads")
endif()

if(TARGET forklab AND EXISTS "${FORKLAB_SRC}/tests/run_golden.py")
  find_package(Python3 COMPONENTS Interpreter REQUIRED)
  add_test(NAME golden COMMAND "${Python3_EXECUTABLE}" "${FORKLAB_SRC}/tests/run_golden.py"
                               --forklab "$<TARGET_FILE:forklab>")
  set_tests_properties(golden PROPERTIES LABELS "golden" TIMEOUT 1200)
endif()

# The browser lab's course catalogue (web/catalogue/): every lesson's text in every language,
# and every lesson's scenario meeting its expected result on python3, sim, fork and threads.
if(TARGET forklab AND EXISTS "${FORKLAB_SRC}/tests/catalogue_check.py")
  add_test(NAME catalogue COMMAND "${Python3_EXECUTABLE}" "${FORKLAB_SRC}/tests/catalogue_check.py"
                                  --forklab "$<TARGET_FILE:forklab>")
  set_tests_properties(catalogue PROPERTIES LABELS "golden" TIMEOUT 600)
endif()

# Every sim run's schedule replays to the same outcome (docs/simulator.md).
if(TARGET forklab AND EXISTS "${FORKLAB_SRC}/tests/schedule_replay.py")
  add_test(NAME schedule_replay COMMAND "${Python3_EXECUTABLE}" "${FORKLAB_SRC}/tests/schedule_replay.py"
                                        --forklab "$<TARGET_FILE:forklab>")
  set_tests_properties(schedule_replay PROPERTIES LABELS "golden" TIMEOUT 600)
endif()

if(TARGET forklab AND EXISTS "${FORKLAB_SRC}/tests/gui_smoke.sh")
  add_test(NAME gui_smoke COMMAND bash "${FORKLAB_SRC}/tests/gui_smoke.sh" "$<TARGET_FILE:forklab>")
  set_tests_properties(gui_smoke PROPERTIES LABELS "gui" TIMEOUT 300)
endif()

if(TARGET forklab AND EXISTS "${FORKLAB_SRC}/tests/bench_cli.sh")
  add_test(NAME bench_cli COMMAND bash "${FORKLAB_SRC}/tests/bench_cli.sh" "$<TARGET_FILE:forklab>")
  set_tests_properties(bench_cli PROPERTIES LABELS "golden" TIMEOUT 300)
endif()

if(TARGET forklab AND EXISTS "${FORKLAB_SRC}/tests/step_cli.sh")
  add_test(NAME step_cli COMMAND bash "${FORKLAB_SRC}/tests/step_cli.sh" "$<TARGET_FILE:forklab>")
  set_tests_properties(step_cli PROPERTIES LABELS "golden" TIMEOUT 300)
endif()

# No leaked processes, fds or shared memory after normal runs, crashes, kills and Ctrl-C.
if(TARGET forklab AND EXISTS "${FORKLAB_SRC}/tests/hygiene.sh")
  add_test(NAME hygiene COMMAND bash "${FORKLAB_SRC}/tests/hygiene.sh" "$<TARGET_FILE:forklab>")
  set_tests_properties(hygiene PROPERTIES LABELS "golden" TIMEOUT 300)
endif()

# Trace files of several scenarios on every backend: strict check, read back, damaged files.
if(TARGET forklab AND EXISTS "${FORKLAB_SRC}/tests/trace_cli.sh")
  add_test(NAME trace_cli COMMAND bash "${FORKLAB_SRC}/tests/trace_cli.sh" "$<TARGET_FILE:forklab>")
  set_tests_properties(trace_cli PROPERTIES LABELS "golden" TIMEOUT 300)
endif()

if(TARGET forklab AND EXISTS "${FORKLAB_SRC}/tests/dis_cli.sh")
  add_test(NAME dis_cli COMMAND bash "${FORKLAB_SRC}/tests/dis_cli.sh" "$<TARGET_FILE:forklab>")
  set_tests_properties(dis_cli PROPERTIES LABELS "golden" TIMEOUT 60)
endif()
include(ForklabFuzz)  # opt-in libFuzzer targets: FORKLAB_FUZZ=ON (preset `fuzz`)

if(TARGET forklab AND EXISTS "${FORKLAB_SRC}/tests/explore_cli.sh")
  add_test(NAME explore_cli COMMAND bash "${FORKLAB_SRC}/tests/explore_cli.sh" "$<TARGET_FILE:forklab>")
  set_tests_properties(explore_cli PROPERTIES LABELS "golden" TIMEOUT 300)
endif()
