#!/usr/bin/env bash
# Fuzz lexer, parser and compiler for a bounded time:   scripts/fuzz.sh [SECONDS]   (default 60)
# Builds forklab_fuzz_compile (preset `fuzz`: clang, libFuzzer, ASan + UBSan), seeds it with
# every scenario file of the repository plus the kept regressions, and runs it with the Python
# dictionary tests/fuzz/python.dict. The working corpus lives in build/fuzz/corpus and grows
# from run to run. On a crash, leak, timeout or out-of-memory the input is copied into
# tests/fuzz/regressions/ (replayed by the unit tests from then on) and the script exits 1.
# Env: FUZZ_JOBS=N runs N fuzzing processes in parallel (default 1); FUZZ_ARGS adds flags.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
SECONDS_TO_RUN="${1:-60}"
[[ "$SECONDS_TO_RUN" =~ ^[0-9]+$ ]] || { echo "usage: scripts/fuzz.sh [SECONDS]" >&2; exit 2; }

cmake --preset fuzz >/dev/null
cmake --build --preset fuzz --target forklab_fuzz_compile

B="$ROOT/build/fuzz"
SEEDS="$B/seeds" CORPUS="$B/corpus" ART="$B/artifacts/"
REG="$ROOT/tests/fuzz/regressions"
rm -rf "$SEEDS" "$ART"
mkdir -p "$SEEDS" "$CORPUS" "$ART" "$REG"
n=0
while IFS= read -r -d '' f; do
  cp "$f" "$SEEDS/seed-$n-$(basename "$f")"; n=$((n + 1))
done < <(find tests/scenarios tests/lang-pending web/scenarios tests/dis scripts/bench/lang tests/fuzz/regressions \
              -type f ! -name '.*' ! -name '*.md' -print0 2>/dev/null)
echo "fuzz: $n seed files, corpus $(find "$CORPUS" -type f | wc -l) files, ${SECONDS_TO_RUN}s"

jobs="${FUZZ_JOBS:-1}"
par=()
((jobs > 1)) && par=(-fork="$jobs" -ignore_crashes=0)
rc=0
ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}" \
UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}" \
"$B/forklab_fuzz_compile" "${par[@]}" -max_total_time="$SECONDS_TO_RUN" -max_len=4096 -timeout=10 \
  -rss_limit_mb=2048 -dict="$ROOT/tests/fuzz/python.dict" -artifact_prefix="$ART" \
  -print_final_stats=1 ${FUZZ_ARGS:-} "$CORPUS" "$SEEDS" || rc=$?

found=0
for f in "$ART"crash-* "$ART"leak-* "$ART"timeout-* "$ART"oom-*; do
  [[ -f "$f" ]] || continue
  cp "$f" "$REG/"; found=$((found + 1))
  echo "fuzz: FOUND $(basename "$f") -> tests/fuzz/regressions/$(basename "$f")"
done
if ((found > 0)); then
  echo "fuzz: $found failing input(s) kept; the unit test 'fuzz regressions' replays them."
  echo "      Reproduce: $B/forklab_fuzz_compile tests/fuzz/regressions/<file>"
  echo "      Until fixed, move them to tests/fuzz/crashes-open/ (kept, not replayed)."
  exit 1
fi
if ((rc != 0)); then echo "fuzz: the fuzzer exited $rc without an artifact" >&2; exit "$rc"; fi
echo "fuzz: no crash in ${SECONDS_TO_RUN}s"
