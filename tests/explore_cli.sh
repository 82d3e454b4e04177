#!/usr/bin/env bash
# `forklab explore` and `forklab compare` from the outside: the outcome table, nothing on
# stderr when not on a terminal, strict JSON (--json), witnesses that `forklab run --schedule`
# replays to their outcome, budgets that say "explored N of at least M", Ctrl-C that stops with
# what was found (exit 130), a deadlock reported as an outcome, and compare's table, JSON and
# loud flag for a real outcome the model says is impossible (exit 3). Usage errors exit 2.
#   usage: tests/explore_cli.sh path/to/forklab
set -uo pipefail
FORKLAB="$(realpath "${1:?usage: $0 path/to/forklab}")"
[[ -x "$FORKLAB" ]] || { echo "explore_cli: no executable $FORKLAB"; exit 2; }
SCENARIOS="$(cd "$(dirname "${BASH_SOURCE[0]}")/scenarios" && pwd)"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
cd "$WORK"
fails=0
fail() { echo "explore_cli: FAIL: $*"; fails=$((fails + 1)); }

cat >race.py <<'PY'
from multiprocessing import Process, Value

def work(c):
    for _ in range(2):
        c.value += 1

if __name__ == "__main__":
    c = Value("i", 0)
    ps = [Process(target=work, args=(c,)) for _ in range(2)]
    for p in ps: p.start()
    for p in ps: p.join()
    print(c.value)
PY
sed 's/range(2)/range(3)/g' race.py >race33.py
cat >locks.py <<'PY'
from multiprocessing import Process, Lock

def take(first, second):
    with first:
        with second:
            pass

if __name__ == "__main__":
    a, b = Lock(), Lock()
    p = Process(target=take, args=(a, b))
    q = Process(target=take, args=(b, a))
    p.start(); q.start()
    p.join(); q.join()
    print("done")
PY
cat >pid.py <<'PY'
import os
print(os.getpid())
PY

# The table, and nothing on stderr when piped.
"$FORKLAB" explore race.py >table.txt 2>err.txt; rc=$?
((rc == 0)) || fail "explore exited $rc: $(cat err.txt)"
[[ -s err.txt ]] && fail "explore printed on stderr when not on a terminal: $(head -3 err.txt)"
for v in 2 3 4; do grep -q "exit 0: $v " table.txt || fail "no outcome $v in: $(cat table.txt)"; done
grep -q '^explored all [0-9]* schedules' table.txt || fail "no 'explored all' line: $(cat table.txt)"

# JSON, strict, and every witness replays to its outcome.
"$FORKLAB" explore --json race.py >race.json 2>err.txt || fail "explore --json exited $?"
python3 - "$FORKLAB" race.json <<'EOF2' || fail "explore --json is wrong or a witness does not replay"
import json, subprocess, sys
def strict(s):
    return json.loads(s, parse_constant=lambda c: sys.exit(f"non-finite number {c}"),
                      object_pairs_hook=lambda kv: dict(kv) if len({k for k, _ in kv}) == len(kv) else sys.exit("duplicate key"))
d = strict(open(sys.argv[2]).read())
assert d["format"] == "forklab-explore" and d["version"] == 1, d
assert d["complete"] is True and d["stopped_by"] is None, d
assert sorted(o["stdout"] for o in d["outcomes"]) == ["2\n", "3\n", "4\n"], d["outcomes"]
assert sum(o["count"] for o in d["outcomes"]) == d["schedules"] == d["at_least"], d
for o in d["outcomes"]:
    assert o["ending"] == "exit" and o["exit_status"] == 0, o
    assert o["shared"] == [{"id": 1, "values": [int(o["stdout"])]}], o
    r = subprocess.run([sys.argv[1], "run", "--backend", "sim", "--schedule", o["witness"],
                        "--print-schedule", "race.py"], capture_output=True, text=True)
    assert r.returncode == 0 and r.stdout == o["stdout"], (o, r)
    assert f"schedule: {o['witness']}\n" in r.stderr, (o, r.stderr)
EOF2

# A deadlock of some interleavings is an outcome, with a witness that deadlocks.
"$FORKLAB" explore locks.py >locks.txt 2>&1 || fail "explore locks.py exited $?"
grep -q '^ *[0-9]*  deadlock: ' locks.txt || fail "no deadlock outcome: $(cat locks.txt)"
grep -q 'exit 0: done' locks.txt || fail "no clean outcome: $(cat locks.txt)"
w=$("$FORKLAB" explore --json locks.py | python3 -c 'import json,sys; print([o["witness"] for o in json.load(sys.stdin)["outcomes"] if o["ending"] == "deadlock"][0])')
"$FORKLAB" run --backend sim --schedule "$w" locks.py >out.txt 2>err.txt; rc=$?
((rc == 1)) && grep -q Deadlock err.txt || fail "deadlock witness $w gave exit $rc: $(cat err.txt)"

# Budgets.
"$FORKLAB" explore --max-executions 5 race.py >budget.txt 2>&1 || fail "explore with a budget exited $?"
grep -q 'explored [0-9]* of at least [0-9]* schedules' budget.txt || fail "no budget line: $(cat budget.txt)"
"$FORKLAB" explore --max-executions 0 race.py >/dev/null 2>&1; rc=$?
((rc == 2)) || fail "--max-executions 0 exited $rc, want 2"
"$FORKLAB" explore --no-such race.py >/dev/null 2>&1; rc=$?
((rc == 2)) || fail "an unknown option exited $rc, want 2"
"$FORKLAB" explore missing.py >/dev/null 2>&1; rc=$?
((rc == 2)) || fail "a missing file exited $rc, want 2"
grep -q -- '--max-executions' <<<"$("$FORKLAB" explore --help)" || fail "explore --help does not document its options"

# Ctrl-C stops cleanly with what was found so far.
python3 - "$FORKLAB" <<'EOF2' || fail "Ctrl-C did not stop explore cleanly"
import signal, subprocess, sys, time
p = subprocess.Popen([sys.argv[1], "explore", "--max-seconds", "120", "race33.py"], stdout=subprocess.PIPE,
                     stderr=subprocess.PIPE, text=True, start_new_session=True,
                     preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
time.sleep(1.5)
p.send_signal(signal.SIGINT)
try:
    out, err = p.communicate(timeout=30)
except subprocess.TimeoutExpired:
    p.kill()
    sys.exit("explore did not stop within 30 s of Ctrl-C")
problems = []
if p.returncode != 130: problems.append(f"exit {p.returncode}, want 130; stderr: {err}")
if "of at least" not in out or "interrupted" not in out: problems.append(f"no partial result:\n{out}")
if "exit 0: " not in out: problems.append(f"no outcome found so far:\n{out}")
if problems: print("\n".join(problems))
sys.exit(1 if problems else 0)
EOF2

# compare: one table with the three sources, JSON for a histogram.
"$FORKLAB" compare --runs 4 race.py >cmp.txt 2>err.txt; rc=$?
((rc == 0)) || fail "compare exited $rc: $(cat err.txt) $(cat cmp.txt)"
[[ -s err.txt ]] && fail "compare printed on stderr when not on a terminal: $(head -3 err.txt)"
grep -q '^outcome  *allowed  *schedules  *sim  *fork' cmp.txt || fail "no compare header: $(cat cmp.txt)"
"$FORKLAB" compare --runs 3 --json race.py >cmp.json 2>/dev/null || fail "compare --json exited $?"
python3 - cmp.json <<'EOF2' || fail "compare --json is wrong"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["format"] == "forklab-compare" and d["version"] == 1, d
assert d["sim_runs"] == 3 and d["fork_runs"] == 3 and d["exploration"]["complete"], d
assert sum(o["sim"] for o in d["outcomes"]) == 3 and sum(o["fork"] for o in d["outcomes"]) == 3, d
assert all(o["allowed"] for o in d["outcomes"]), d
assert d["impossible_fork_outcomes"] == 0, d
EOF2
# A real outcome the model cannot produce (a real pid is not the sim's) is flagged loudly.
"$FORKLAB" compare --runs 2 pid.py >cmp.txt 2>err.txt; rc=$?
((rc == 3)) || fail "an impossible real outcome exited $rc, want 3"
grep -q 'MODEL BUG' err.txt || fail "no loud flag on stderr: $(cat err.txt)"
grep -q 'IMPOSSIBLE' cmp.txt || fail "the table does not mark the impossible outcome: $(cat cmp.txt)"
"$FORKLAB" compare --runs 0 race.py >/dev/null 2>&1; rc=$?
((rc == 2)) || fail "--runs 0 exited $rc, want 2"

# Threads are interleaved at their GIL release points: reading, calling a function (a
# release point) and writing loses an update in some orders, which the search finds, with a
# witness that replays it; a deadlock between two threads is explained; a thread that waits
# on a multiprocessing object (polled) is interleaved too, so nothing says orders may be missing.
cat >hilos.py <<'EOF2'
import threading
contador = 0
def pausa():
    pass
def sumar():
    global contador
    leido = contador
    pausa()
    contador = leido + 1
if __name__ == "__main__":
    hs = [threading.Thread(target=sumar) for _ in range(2)]
    for h in hs: h.start()
    for h in hs: h.join()
    print(contador)
EOF2
"$FORKLAB" explore --json hilos.py >thr.json 2>/dev/null || fail "explore --json of threads exited $?"
python3 - thr.json <<'EOF2' || fail "threads were not interleaved: $(cat thr.json)"
import json, sys
r = json.load(open(sys.argv[1]))
assert "threads_interleaved" not in r, r
outs = {o["stdout"]: o for o in r["outcomes"]}
assert set(outs) == {"1\n", "2\n"}, outs
assert ".1" in outs["1\n"]["witness"] and ".2" in outs["1\n"]["witness"], outs["1\n"]
open("lost.txt", "w").write(outs["1\n"]["witness"])
EOF2
out=$("$FORKLAB" run --backend sim --schedule "$(cat lost.txt)" hilos.py 2>&1) || fail "the lost update's witness exited $?"
[[ "$out" == "1" ]] || fail "the lost update's witness printed '$out', not 1"
"$FORKLAB" explore hilos.py 2>&1 | grep -q 'note:' && fail "a note on threads that were interleaved"
cat >cruce.py <<'EOF2'
import threading
a = threading.Lock()
b = threading.Lock()
def pausa():
    pass
def uno():
    with a:
        pausa()
        with b:
            pass
def dos():
    with b:
        pausa()
        with a:
            pass
if __name__ == "__main__":
    t1 = threading.Thread(target=uno)
    t2 = threading.Thread(target=dos)
    t1.start(); t2.start()
    t1.join(); t2.join()
    print("fin")
EOF2
"$FORKLAB" explore cruce.py >cruce.txt 2>&1 || fail "explore of a thread deadlock exited $?: $(cat cruce.txt)"
grep -q 'exit 0: fin' cruce.txt || fail "the run without deadlock is missing: $(cat cruce.txt)"
grep -q 'Thread-1 (uno) waits in lock.acquire(); Thread-2 (dos) waits in lock.acquire()' cruce.txt ||
  fail "the threads' deadlock is not explained: $(cat cruce.txt)"
# The polled wait has a timeout: the item, or queue.Empty when it fires first.
cat >sondeo.py <<'EOF2'
import multiprocessing as mp
import queue
import threading
def lector(q, salida):
    try:
        salida.append(q.get(timeout=0.5))
    except queue.Empty:
        salida.append("vacia")
def hijo(q):
    q.put("hola")
if __name__ == "__main__":
    q = mp.Queue()
    salida = []
    t = threading.Thread(target=lector, args=(q, salida))
    t.start()
    p = mp.Process(target=hijo, args=(q,))
    p.start()
    t.join()
    p.join()
    print(salida)
EOF2
"$FORKLAB" explore sondeo.py >poll.txt 2>&1 || fail "explore of a polled thread exited $?: $(cat poll.txt)"
grep -q "exit 0: \['hola'\]" poll.txt || fail "the polled thread's outcome is missing: $(cat poll.txt)"
grep -q "exit 0: \['vacia'\]" poll.txt || fail "the polled wait's timeout is missing: $(cat poll.txt)"
grep -q 'multiprocessing object' poll.txt && fail "a note on the polled thread, which was interleaved: $(cat poll.txt)"
grep -q 'explored all' poll.txt || fail "the polled thread's exploration did not finish: $(cat poll.txt)"
grep -q 'step_limit' poll.txt && fail "a polled wait went round to the step limit: $(cat poll.txt)"
"$FORKLAB" explore race.py 2>&1 | grep -q 'note:' && fail "a note on threads for a program without threads"

# A process that spins on a flag: the loop is cut where it comes back, in well under the 30 s
# that unrolling it to --max-steps took, and the table says so in a note.
cp "$SCENARIOS/multiprocessing/espera_activa_bandera.py" espera.py
timeout 20 "$FORKLAB" explore espera.py >spin.txt 2>&1 || fail "explore of a spinning process exited $?: $(cat spin.txt)"
grep -q '^explored all ' spin.txt || fail "the spinning process was not explored completely: $(cat spin.txt)"
grep -q 'step_limit' spin.txt && fail "a spin loop was unrolled to the step limit: $(cat spin.txt)"
grep -q 'note: [0-9]* schedules\? came back to a state' spin.txt || fail "no note on the loop: $(cat spin.txt)"
timeout 20 "$FORKLAB" explore --json espera.py >spin.json 2>/dev/null || fail "explore --json espera.py exited $?"
python3 - spin.json race.json <<'EOF2' || fail "loops is wrong: $(cat spin.json)"
import json, sys
spin, race = (json.load(open(p)) for p in sys.argv[1:3])
assert spin["loops"] > 0 and spin["complete"] is True, spin
assert [o["stdout"] for o in spin["outcomes"]] == ["visto\n"], spin
assert race["loops"] == 0, race
EOF2

((fails == 0)) && echo "explore_cli: ok"
((fails == 0))
