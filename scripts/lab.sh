#!/usr/bin/env bash
# The main job: install → build native + wasm → run the race experiment natively (forklab's
# fork backend, then CPython, both timed) → serve the browser lab (build/web) on 127.0.0.1
# with COOP/COEP headers and print its URL; serves until Ctrl-C.
# Env: LAB_PORT (default 8000, or the first free port after it), LAB_HOST (127.0.0.1),
#      LAB_NO_SERVE=1 (stop after the experiment), SKIP_WASM=1.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export NODE_PATH="${NODE_PATH:-/usr/share/nodejs}"
say() { echo; echo "==== $*"; }

say "setup"
bash scripts/setup.sh

say "native build (preset native)"
cmake --preset native >/dev/null
cmake --build --preset native

if [[ "${SKIP_WASM:-}" != 1 ]]; then
  say "browser build (preset wasm -> build/web)"
  bash scripts/build-wasm-deps.sh
  cmake --preset wasm >/dev/null
  cmake --build --preset wasm
fi

say "native experiment: the lost-update race"
scenario=web/scenarios/race.py
timed() { # label command...: runs it and prints its wall time
  local label=$1; shift
  local t0 t1 rc=0
  t0=$(date +%s.%N)
  "$@" || rc=$?
  t1=$(date +%s.%N)
  printf '%-28s %6.2f s wall%s\n' "$label" "$(awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }')" \
    "$( ((rc)) && echo " (exit $rc)")" >> "$times"
}
times="$(mktemp)"
trap 'rm -f "$times"' EXIT
echo "-- forklab run --backend fork $scenario"
timed "forklab (fork backend)" build/native/forklab run --backend fork "$scenario"
echo "-- python3 $scenario"
timed "python3 $(python3 -c 'import platform; print(platform.python_version())')" python3 "$scenario"
echo
cat "$times"

[[ "${LAB_NO_SERVE:-}" == 1 || "${SKIP_WASM:-}" == 1 ]] && exit 0

say "browser lab"
HOST="${LAB_HOST:-127.0.0.1}"
PORT="$(python3 - "$HOST" "${LAB_PORT:-8000}" <<'PY'
import socket, sys
host, start = sys.argv[1], int(sys.argv[2])
for port in range(start, start + 100):
    with socket.socket() as s:
        try:
            s.bind((host, port)); print(port); break
        except OSError:
            continue
else:
    print(0)
PY
)"
echo "open the URL below in Chromium/Chrome/Firefox (threaded build: cross-origin isolated;"
echo "add ?scenario=race&backend=sim to pick a scenario). Ctrl-C stops the server."
exec python3 -u web/serve.py --dir build/web --host "$HOST" --port "$PORT"
