#!/usr/bin/env bash
# Browser tests of the static lab (build/web, made by the `wasm` preset): serves it twice,
# cross-origin isolated (COOP/COEP) and with --no-isolation, on free ports, runs
# web/tests/*.test.mjs (node --test + playwright-core + Debian's /usr/bin/chromium) against
# both, and always stops the two servers. Screenshots go to build/web-test-artifacts/.
# Usage: scripts/run-browser-tests.sh [WEB_DIR]
#   env: FORKLAB_WEB_DIR (default build/web), FORKLAB_ARTIFACTS, CHROMIUM,
#        FORKLAB_BROWSER_TEST_TIMEOUT (seconds for the whole node run, default 420),
#        FORKLAB_NATIVE (the native CLI, default build/native/forklab; some tests need it),
#        FORKLAB_SERVE (the server script, default web/serve.py),
#        FORKLAB_BROWSER_TESTS (test files to run, space-separated; default all)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
WEB_DIR="$(realpath "${1:-${FORKLAB_WEB_DIR:-$ROOT/build/web}}")"
export FORKLAB_WEB_DIR="$WEB_DIR"  # coi.test.mjs serves a copy of it without one file
export FORKLAB_ARTIFACTS="${FORKLAB_ARTIFACTS:-$ROOT/build/web-test-artifacts}"
LIMIT="${FORKLAB_BROWSER_TEST_TIMEOUT:-420}"
die() { echo "run-browser-tests: $*" >&2; exit 1; }

for f in index.html loader.js forklab.js forklab.wasm forklab.worker.js forklab-st.js forklab-st.wasm; do
  [[ -f "$WEB_DIR/$f" ]] || die "$WEB_DIR/$f is missing: build first (cmake --preset wasm && cmake --build --preset wasm)"
done
[[ -x "${CHROMIUM:-/usr/bin/chromium}" ]] || die "no Chromium at ${CHROMIUM:-/usr/bin/chromium} (apt-get install chromium)"
# playwright-core comes from web/package.json (npm ci --prefix web) or from NODE_PATH.
export NODE_PATH="$ROOT/web/node_modules${NODE_PATH:+:$NODE_PATH}"
(cd "$ROOT/web/tests" && node -e "require.resolve('playwright-core')") 2>/dev/null ||
  die "playwright-core not found: run 'npm ci --prefix web' (or put it on NODE_PATH)"

TMP="$(mktemp -d)"
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# start_server VAR NAME [serve.py flags...]: starts web/serve.py on a free port and sets VAR
# to its URL. Runs in this shell (not in $(...)) so that PIDS reaches cleanup.
start_server() {
  local var="$1" name="$2"; shift 2
  local log="$TMP/$name.log" url=""
  python3 -u "${FORKLAB_SERVE:-$ROOT/web/serve.py}" --dir "$WEB_DIR" --port 0 "$@" >"$log" 2>&1 &
  local pid=$!
  PIDS+=("$pid")
  for _ in $(seq 100); do
    url="$(grep -o 'forklab lab: http://[^ ]*' "$log" | head -n1 | sed 's/^forklab lab: //')" || true
    if [[ -n "$url" ]]; then printf -v "$var" '%s' "$url"; return 0; fi
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  cat "$log" >&2
  die "server '$name' did not start"
}

start_server FORKLAB_ISOLATED_URL isolated
start_server FORKLAB_PLAIN_URL plain --no-isolation
export FORKLAB_ISOLATED_URL FORKLAB_PLAIN_URL
echo "isolated: $FORKLAB_ISOLATED_URL  plain: $FORKLAB_PLAIN_URL  artifacts: $FORKLAB_ARTIFACTS"

# The native CLI's sim output for seed 1, which the browser's sim must reproduce exactly.
NATIVE="${FORKLAB_NATIVE:-$ROOT/build/native/forklab}"
if [[ -x "$NATIVE" ]]; then
  export FORKLAB_NATIVE="$NATIVE"  # traces.test.mjs writes fork/threads traces with it
  FORKLAB_NATIVE_SIM_STDOUT="$("$NATIVE" run --backend sim --seed 1 "$ROOT/web/scenarios/race.py")"$'\n'
  export FORKLAB_NATIVE_SIM_STDOUT
else
  echo "run-browser-tests: no native forklab at $NATIVE; skipping the native/browser sim comparison" >&2
fi

mkdir -p "$FORKLAB_ARTIFACTS"
rc=0
# FORKLAB_BROWSER_TESTS="web/tests/traces.test.mjs ..." runs only those files.
read -r -a TEST_FILES <<<"${FORKLAB_BROWSER_TESTS:-$(echo "$ROOT"/web/tests/*.test.mjs)}"
timeout -k 10 "$LIMIT" node --test --test-reporter=spec "${TEST_FILES[@]}" || rc=$?
[[ $rc -eq 124 ]] && echo "run-browser-tests: timed out after ${LIMIT}s" >&2
exit "$rc"
