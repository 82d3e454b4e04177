#!/usr/bin/env bash
# The test command: install what is missing, build, run every test.
#   setup → native build + ctest (unit, golden, gui smoke) → wasm build + browser tests
#   → native-asan (unit + golden) → native-tsan (threads-related unit tests) → fuzz (60 s)
# Runs every step even after a failure, prints one line per step and ends with
# "N passed, N failed"; exit status 1 when anything failed.
# Env: SKIP_WASM=1, SKIP_SANITIZERS=1, SKIP_FUZZ=1 to leave parts out (counted as skipped, not passed);
#      FORKLAB_WERROR=ON to build with -Werror.
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export NODE_PATH="${NODE_PATH:-/usr/share/nodejs}"
export CTEST_OUTPUT_ON_FAILURE=1
WERROR="-DFORKLAB_WERROR=${FORKLAB_WERROR:-OFF}"

passed=0 failed=0 skipped=0
results=()
T0=$SECONDS
# step NAME COMMAND...: runs it, records the result and its time.
step() {
  local name="$1"; shift
  local t=$SECONDS rc
  echo
  echo "==== [$name] $*"
  "$@"; rc=$?
  local dt=$((SECONDS - t))
  if ((rc == 0)); then
    passed=$((passed + 1)); results+=("PASS  $name (${dt}s)")
  else
    failed=$((failed + 1)); results+=("FAIL  $name (${dt}s, exit $rc)")
  fi
  echo "==== [$name] $( ((rc == 0)) && echo passed || echo "FAILED (exit $rc)") in ${dt}s"
  return $rc
}
skip() { skipped=$((skipped + 1)); results+=("SKIP  $1 ($2)"); echo "==== [$1] skipped: $2"; }
configure_build() { cmake --preset "$1" "$WERROR" && cmake --build --preset "$1"; }
summary() {
  echo
  echo "==== summary ($((SECONDS - T0)) s)"
  printf '  %s\n' "${results[@]}"
  echo "$passed passed, $failed failed${skipped:+, $skipped skipped}" | sed 's/, 0 skipped$//'
  ((failed == 0))
}

step setup bash scripts/setup.sh || { summary; exit 1; }

# ---------------------------------------------------------------- native
if step native-build configure_build native; then
  step native-unit   ctest --preset native -L '^unit$' --no-tests=error
  step native-golden ctest --preset native -L '^golden$' --no-tests=error
  step native-gui    ctest --preset native -L '^gui$' --no-tests=error
fi

# ---------------------------------------------------------------- browser
if [[ "${SKIP_WASM:-}" == 1 ]]; then
  skip wasm "SKIP_WASM=1"
else
  if step wasm-deps bash scripts/build-wasm-deps.sh && step wasm-build configure_build wasm; then
    step browser ctest --preset wasm -L '^browser$' --no-tests=error
  fi
fi

# ---------------------------------------------------------------- sanitizers
if [[ "${SKIP_SANITIZERS:-}" == 1 ]]; then
  skip sanitizers "SKIP_SANITIZERS=1"
else
  if step asan-build configure_build native-asan; then
    step asan-unit ctest --preset native-asan -L '^unit$' --no-tests=error
    # CPython was already cross-checked by native-golden; here only forklab runs.
    step asan-golden env ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
      UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
      python3 tests/run_golden.py --forklab "$ROOT/build/native-asan/forklab" --python ''
  fi
  if step tsan-build configure_build native-tsan; then
    step tsan-threads ctest --preset native-tsan -L '^threads$' --no-tests=error
  fi
fi

# ---------------------------------------------------------------- fuzzing (60 s, libFuzzer)
if [[ "${SKIP_SANITIZERS:-}" == 1 || "${SKIP_FUZZ:-}" == 1 ]]; then
  skip fuzz "SKIP_SANITIZERS=1 or SKIP_FUZZ=1"
else
  step fuzz bash scripts/fuzz.sh 60
fi

summary
