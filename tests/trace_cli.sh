#!/usr/bin/env bash
# Trace files from the outside: `forklab run --trace` on every backend writes a file that
# tests/tools/check_trace.py accepts strictly (version, flows paired, B/E nested per track,
# counters numeric, time order per track); `forklab trace FILE --export OUT` reads it back and
# writes the same bytes; damaged files (truncated, garbage, wrong version, another tool's
# trace) exit 1 with FILE:LINE:COL: error: ..., from `forklab trace` and `forklab gui --trace`
# alike (the viewer checks the file before it opens a window).
#   usage: tests/trace_cli.sh path/to/forklab [--all]
# --all checks every file of tests/scenarios/multiprocessing instead of the chosen few.
set -uo pipefail
FORKLAB="$(realpath "${1:?usage: $0 path/to/forklab [--all]}")"
[[ -x "$FORKLAB" ]] || { echo "trace_cli: no executable $FORKLAB"; exit 2; }
ALL="${2:-}"
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
CHECK="$HERE/tools/check_trace.py"
SCEN="$HERE/scenarios/multiprocessing"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
fails=0
runs=0
fail() { echo "trace_cli: FAIL: $*"; fails=$((fails + 1)); }

# name of scenario : recorded kinds its trace must hold on every backend
CHOSEN=(
  "lock_counter_small.py:lock_acquire,lock_release,shared_write,proc_joined"
  "pipe_ping_pong.py:msg_send,msg_recv"
  "queue_producer_consumer.py:queue_put,queue_get"
  "lock_liberado_por_otro_proceso.py:lock_acquire,lock_release"
  "condicion_productor_consumidor.py:sync_op"
  "barrera_fases.py:sync_op"
  "pool_map_cuadrados.py:proc_created"
  "pipe_both_recv_deadlock.py:proc_blocked"
  "thread_counter_race.py:thread_switch"
  "proc_terminate_durmiendo.py:proc_exited"
)
if [[ "$ALL" == "--all" ]]; then
  CHOSEN=()
  for f in "$SCEN"/*.py; do CHOSEN+=("$(basename "$f"):"); done
fi

backends_of() {  # the `# backends:` line of a golden file, else all three
  local line
  line=$(grep -m1 '^# backends:' "$1" | sed 's/^# backends: *//; s/,/ /g')
  echo "${line:-sim fork threads}"
}

for entry in "${CHOSEN[@]}"; do
  name="${entry%%:*}"
  kinds="${entry#*:}"
  file="$SCEN/$name"
  [[ -f "$file" ]] || { fail "no scenario $name"; continue; }
  for b in $(backends_of "$file"); do
    out="$WORK/${name%.py}.$b.json"
    (cd "$WORK" && timeout 60 "$FORKLAB" run --backend "$b" --trace "$out" "$file" \
        </dev/null >/dev/null 2>"$WORK/stderr")
    rc=$?
    runs=$((runs + 1))
    if ((rc == 124)); then fail "$name on $b timed out"; continue; fi
    [[ -s "$out" ]] || { fail "$name on $b wrote no trace (exit $rc)"; continue; }
    python3 "$CHECK" --quiet "$out" --expect-kinds "$kinds" || fail "$name on $b: trace rejected"
    # The scenario rides along (otherData.scenario): its name as given and its exact text.
    python3 - "$out" "$file" <<'PY' || fail "$name on $b: otherData.scenario is not the scenario"
import json, sys
sc = json.load(open(sys.argv[1], encoding="utf-8"))["otherData"].get("scenario")
sys.exit(0 if sc == {"file": sys.argv[2], "source": open(sys.argv[2], encoding="utf-8").read()} else 1)
PY
    "$FORKLAB" trace "$out" --export "$out.back" >/dev/null || { fail "$name on $b: trace not read back"; continue; }
    cmp -s "$out" "$out.back" || fail "$name on $b: export -> import -> export differs"
    rm -f "$out.back"
    [[ "$ALL" == "--all" ]] && rm -f "$out"
  done
done

# Damaged files: exit 1 and one error line with the position.
good="$WORK/lock_counter_small.sim.json"
if [[ -s "$good" ]]; then
  head -c $(( $(stat -c %s "$good") / 2 )) "$good" >"$WORK/truncated.json"
  printf 'not json at all\n' >"$WORK/garbage.json"
  sed 's/"version":2,/"version":1,/' "$good" >"$WORK/old.json"
  printf '{"traceEvents":[{"ph":"i","pid":1,"tid":1,"ts":5}]}\n' >"$WORK/other_tool.json"
  : >"$WORK/empty.json"
  for bad in truncated garbage old other_tool empty; do
    f="$WORK/$bad.json"
    "$FORKLAB" trace "$f" >"$WORK/out" 2>"$WORK/err"; rc=$?
    ((rc == 1)) || fail "trace $bad.json exited $rc, want 1"
    grep -Eq "^$f:[0-9]+:[0-9]+: error: " "$WORK/err" || fail "trace $bad.json: no FILE:LINE:COL error: $(head -2 "$WORK/err")"
    [[ -s "$WORK/out" ]] && fail "trace $bad.json printed on stdout"
    if [[ -x "$(dirname "$FORKLAB")/forklab-gui" ]]; then
      SDL_VIDEODRIVER=dummy "$FORKLAB" gui --trace "$f" >/dev/null 2>"$WORK/err"; rc=$?
      ((rc == 1)) || fail "gui --trace $bad.json exited $rc, want 1"
      grep -Eq "^$f:[0-9]+:[0-9]+: error: " "$WORK/err" || fail "gui --trace $bad.json: $(head -2 "$WORK/err")"
    fi
  done
  grep -q "version 1 is not supported" <("$FORKLAB" trace "$WORK/old.json" 2>&1) || fail "old version not named"
  grep -q "truncated" <("$FORKLAB" trace "$WORK/truncated.json" 2>&1) || fail "truncation not named"
  grep -q "not a forklab trace" <("$FORKLAB" trace "$WORK/other_tool.json" 2>&1) || fail "foreign trace not named"
fi
# The checker itself refuses what it should: a flow without its end, slices that cross, a
# duplicate key, a track going back in time, a counter with a text.
OD='"otherData":{"format":"forklab-trace","version":2,"time_unit":"ticks","events":0,"processes":[]}'
printf '{"traceEvents":[{"ph":"s","id":1,"pid":1,"tid":1,"ts":1}],%s}' "$OD" >"$WORK/c1.json"
printf '{"traceEvents":[{"ph":"B","name":"a","pid":1,"tid":1,"ts":1},{"ph":"B","name":"b","pid":1,"tid":1,"ts":2},{"ph":"E","name":"a","pid":1,"tid":1,"ts":3},{"ph":"E","name":"b","pid":1,"tid":1,"ts":4}],%s}' "$OD" >"$WORK/c2.json"
printf '{"traceEvents":[],"traceEvents":[],%s}' "$OD" >"$WORK/c3.json"
printf '{"traceEvents":[{"ph":"i","pid":1,"tid":1,"ts":5},{"ph":"i","pid":1,"tid":1,"ts":4}],%s}' "$OD" >"$WORK/c4.json"
printf '{"traceEvents":[{"ph":"C","name":"q","pid":1,"ts":5,"args":{"n":"x"}}],%s}' "$OD" >"$WORK/c5.json"
for c in c1 c2 c3 c4 c5; do
  python3 "$CHECK" --quiet "$WORK/$c.json" >/dev/null && fail "check_trace.py accepted $c.json"
done
printf '{"traceEvents":[{"ph":"B","name":"a","pid":1,"tid":1,"ts":1},{"ph":"E","name":"a","pid":1,"tid":1,"ts":3}],%s}' "$OD" >"$WORK/c6.json"
python3 "$CHECK" --quiet "$WORK/c6.json" || fail "check_trace.py refused a good file"

"$FORKLAB" trace "$WORK/no_such_file.json" >/dev/null 2>&1; rc=$?
((rc == 2)) || fail "a missing file exited $rc, want 2"
"$FORKLAB" trace >/dev/null 2>&1; rc=$?
((rc == 2)) || fail "no file exited $rc, want 2"

if ((fails)); then
  echo "trace_cli: $fails failure(s) in $runs traced runs"
  exit 1
fi
echo "trace_cli: ok ($runs traced runs checked and read back)"
