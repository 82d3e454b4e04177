#!/usr/bin/env bash
# `forklab bench` from the outside: --quick --json from a directory without the source tree
# (the experiments are built in) gives a table on stdout, nothing on stderr when not on a
# terminal, and a JSON file that tests/tools/check_bench_json.py accepts strictly; the
# experiments forklab can already run must be "ok". Ctrl-C (SIGINT to the process group, as a
# terminal sends it) stops with exit 130, still writes what was measured and leaves no process
# behind. Usage errors exit 2.   usage: tests/bench_cli.sh path/to/forklab
set -uo pipefail
FORKLAB="$(realpath "${1:?usage: $0 path/to/forklab}")"
[[ -x "$FORKLAB" ]] || { echo "bench_cli: no executable $FORKLAB"; exit 2; }
TOOLS="$(cd "$(dirname "${BASH_SOURCE[0]}")/tools" && pwd)"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
cd "$WORK"
fails=0
fail() { echo "bench_cli: FAIL: $*"; fails=$((fails + 1)); }
# What forklab runs today; add names here as the API lands (Pipe, Queue, Pool, threading). The
# others may fail only for an API forklab lacks, never with a wrong answer.
RUNS_TODAY=(process_start_join lock_contended mp_worker_speedup)

"$FORKLAB" bench --quick --json out.json >table.txt 2>err.txt; rc=$?
((rc == 0)) || fail "bench --quick exited $rc: $(cat err.txt)"
[[ -s err.txt ]] && fail "bench printed on stderr when not on a terminal: $(head -3 err.txt)"
grep -q '^forklab bench: fork backend, [0-9]* cores' table.txt || fail "no table header: $(head -3 table.txt)"
grep -q '^process start+join ' table.txt || fail "no process start+join row"
grep -q '^CPU-bound speed-up, 1 process ' table.txt || fail "no speed-up row"
python3 "$TOOLS/check_bench_json.py" out.json --missing-api-only --ok "${RUNS_TODAY[@]}" ||
  fail "out.json is not valid"
[[ -e out.json.tmp ]] && fail "left out.json.tmp behind"

n=$("$FORKLAB" bench --list | wc -l)
((n >= 8)) || fail "bench --list names $n experiments, want at least 8"
grep -q -- '--json FILE' <<<"$("$FORKLAB" bench --help)" || fail "bench --help does not document --json"
"$FORKLAB" bench no_such_experiment >/dev/null 2>&1; rc=$?
((rc == 2)) || fail "an unknown experiment exited $rc, want 2"
"$FORKLAB" bench --scale 0 >/dev/null 2>&1; rc=$?
((rc == 2)) || fail "--scale 0 exited $rc, want 2"

# Ctrl-C in the middle of the speed-up experiment (scale 20: several seconds for one process,
# so the signal at 0.6 s always lands inside it, however fast the machine).
python3 - "$FORKLAB" <<'EOF' || fail "Ctrl-C did not stop bench cleanly"
import json, os, signal, subprocess, sys, time
p = subprocess.Popen([sys.argv[1], "bench", "--scale", "20", "--json", "int.json", "mp_worker_speedup",
                      "process_start_join"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                     start_new_session=True, preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
time.sleep(0.6)
os.killpg(p.pid, signal.SIGINT)
try:
    out, err = p.communicate(timeout=20)
except subprocess.TimeoutExpired:
    os.killpg(p.pid, signal.SIGKILL)
    sys.exit("bench did not stop within 20 s of Ctrl-C")
problems = []
if p.returncode != 130:
    problems.append(f"exit {p.returncode}, want 130; stderr: {err}")
if "interrupted" not in out:
    problems.append(f"the table does not say interrupted:\n{out}")
time.sleep(0.3)
left = subprocess.run(["pgrep", "-g", str(p.pid)], capture_output=True, text=True).stdout.split()
if left:
    problems.append(f"processes left in the group: {left}")
statuses = [e["status"] for e in json.load(open("int.json"))["experiments"]]
if statuses != ["interrupted", "not_run"]:
    problems.append(f"statuses {statuses}, want ['interrupted', 'not_run']")
if problems:
    print("\n".join(problems))
sys.exit(1 if problems else 0)
EOF
[[ -f int.json ]] && { python3 "$TOOLS/check_bench_json.py" int.json --interrupted || fail "int.json is not valid"; }

((fails == 0)) && echo "bench_cli: ok"
((fails == 0))
