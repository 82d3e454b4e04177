#!/usr/bin/env bash
# `forklab step` from the outside, with commands piped into stdin: visible, instruction and
# line steps follow the choices; a process that waits gives a clear error and changes
# nothing; going back and taking the same steps again prints the same state; the schedule it
# ends with replays under `forklab run --schedule` to the same output; bad commands are
# errors, never a crash; usage errors exit 2.   usage: tests/step_cli.sh path/to/forklab
set -uo pipefail
FORKLAB="$(realpath "${1:?usage: $0 path/to/forklab}")"
SCENARIOS="$(cd "$(dirname "${BASH_SOURCE[0]}")/scenarios/multiprocessing" && pwd)"
[[ -x "$FORKLAB" ]] || { echo "step_cli: no executable $FORKLAB"; exit 2; }
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
cd "$WORK"
fails=0
fail() { echo "step_cli: FAIL: $*"; fails=$((fails + 1)); }
step() { printf '%s\n' "$@" | "$FORKLAB" step "${ARGS[@]}" >out.txt 2>err.txt; }

cat >locked.py <<'EOF'
from multiprocessing import Process, Lock

def hold(l):
    with l:
        print("child has it")

if __name__ == "__main__":
    l = Lock()
    l.acquire()
    p = Process(target=hold, args=(l,))
    p.start()
    print("main has it")
    l.release()
    p.join()
EOF
cat >race.py <<'EOF'
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
EOF

# MainProcess takes the lock and starts the child; the child blocks on the lock and may not
# be chosen again until MainProcess releases it.
ARGS=(locked.py)
step 0 0 0 1 1 "1 l" "0 i 2" "0 l" c
rc=$?
((rc == 0)) || fail "locked: exit $rc, want 0: $(cat err.txt)"
grep -q '^main has it$' out.txt || fail "locked: no 'main has it' in the output"
grep -q '^child has it$' out.txt || fail "locked: no 'child has it' in the output"
grep -q 'Process-1 *blocked *line 4: with l: *(waiting for lock `l` (held by MainProcess))' out.txt ||
  fail "locked: the child's wait is not shown: $(cat out.txt)"
n=$(grep -c '^error: Process-1 (process 1) cannot take a step: it is waiting for lock `l` (held by MainProcess)' err.txt)
((n == 2)) || fail "locked: $n errors for choosing the waiting child, want 2: $(cat err.txt)"
grep -q '^the run has ended: exit status 0' out.txt || fail "locked: the end is not reported"
sched=$(sed -n 's/^schedule: //p' out.txt | tail -1)
[[ -n "$sched" ]] || fail "locked: no schedule at the end"
"$FORKLAB" run --backend sim --schedule "$sched" locked.py >replay.txt 2>&1 ||
  fail "locked: the schedule $sched does not replay"
[[ "$(cat replay.txt)" == $'main has it\nchild has it' ]] || fail "locked: replay printed $(cat replay.txt)"

# The lost update, chosen by hand: both children read before either writes, twice.
ARGS=(race.py)
step 0 0 0 1 2 1 2 1 2 1 2 c
grep -qx 2 out.txt || fail "race by hand: the lost updates did not happen: $(cat out.txt)"
sched=$(sed -n 's/^schedule: //p' out.txt | tail -1)
[[ "$("$FORKLAB" run --backend sim --schedule "$sched" race.py)" == 2 ]] ||
  fail "race: the schedule $sched does not replay to 2"
ARGS=(--schedule 0x3,1,2,1,2,1,2,1,2 race.py)
step c
grep -qx 2 out.txt || fail "--schedule: did not start from the schedule: $(cat out.txt)"

# Back to an earlier step, then the same steps again: the same state.
ARGS=(race.py)
step 0 "0 l" 0 0 0 "1 i 5" 2 1 p "b 3" 0 0 "1 i 5" 2 1 p b "b 0" p q
awk '/^> /{cap = ($0 == "> p") ? ++n : 0; next} cap {print > ("state" cap ".txt")}' out.txt
[[ -s state1.txt ]] && cmp -s state1.txt state2.txt ||
  fail "undo: redoing steps 4-8 gives another state: $(diff state1.txt state2.txt 2>&1)"
grep -q '^\[step 3\]' <(sed -n '/^> b 3$/,$p' out.txt) || fail "undo: 'b 3' did not go to step 3"
grep -q '^\[step 7\]' <(sed -n '/^> b$/,$p' out.txt) || fail "undo: 'b' did not go back one step"
grep -q '^\[step 0\] schedule: (empty)' <(sed -n '/^> b 0$/,$p' out.txt) || fail "undo: 'b 0' did not go to the start"
[[ -s err.txt ]] && fail "undo: errors: $(cat err.txt)"

# Going back prints nothing again; taking the step again prints its output again.
ARGS=(locked.py)
step 0 0 0 "b 0" q
n=$(grep -c '^main has it$' out.txt)
((n == 1)) || fail "undo: the output was printed $n times going back, want once"
step 0 0 0 "b 2" 0 q
n=$(grep -c '^main has it$' out.txt)
((n == 2)) || fail "undo: the output of a step taken again was printed $n times, want 2"
ARGS=(race.py)

# An instruction step counts instructions; a line step ends on another line.
step "0 i 3" s "0 l" q
grep -q '^schedule: 0+3$' out.txt || fail "instruction step: schedule is not 0+3: $(cat out.txt)"
grep -q '^\[step 2\] schedule: 0+[0-9]*$' out.txt || fail "line step: not one counted step"

# Bad commands: an error each, the session goes on, and no crash.
step "" x "1 i 0" "0 i -3" "0 i 99999999999" "b -1" "b 99" 99999999999 "0 l more" "c more" "0 x" \
     "7" "0 i" h s q
rc=$?
((rc == 0)) || fail "bad commands: exit $rc, want 0"
n=$(grep -c '^error: ' err.txt)
((n == 11)) || fail "bad commands: $n errors, want 11: $(cat err.txt)"
grep -q 'there is no process 7' err.txt || fail "no error for a process that does not exist"
grep -q 'P i \[N\]' out.txt || fail "h does not list the commands"
# From a file, not a pipe: the input may say "q" early, and the writer of a pipe would then
# die of SIGPIPE, which pipefail reports as the pipeline's status.
head -c 20000 /dev/urandom | tr -c 'a-z0-9 \n' ' ' >random.txt
"$FORKLAB" step race.py <random.txt >/dev/null 2>&1
rc=$?
((rc < 128)) || fail "random input crashed forklab step (exit $rc)"

# The end of the input quits, with the schedule; a finished run's exit status is the scenario's.
printf 'import sys\nprint("bye")\nsys.exit(3)\n' >exit3.py
printf 'c\n' | "$FORKLAB" step exit3.py >out.txt 2>&1
rc=$?
((rc == 3)) || fail "sys.exit(3) run: forklab step exited $rc, want 3"
grep -q '^bye$' out.txt || fail "sys.exit(3) run: no output"
printf 'def f(:\n' >bad.py
"$FORKLAB" step bad.py </dev/null >out.txt 2>&1
rc=$?
((rc == 1)) || fail "a syntax error: exit $rc, want 1"
grep -q 'bad.py:1:' out.txt || fail "a syntax error is not reported with its line: $(cat out.txt)"

# Threads: a process with several threads lists each as P.T; leading the two threads by hand
# through `leido = contador; pausa(); contador = leido + 1` loses an update, which the
# interpreter's own GIL hand-offs never do here, and the schedule replays it.
cp "$SCENARIOS/thread_leer_pausa_escribir.py" hilos.py
ARGS=(hilos.py)
step 0 p 0.1 0.1 0.0 0.0 0.2 0.2 0.2 0.1 0.9 c
grep -q '^    \* 0\.1 *Thread-1 (sumar) *ready *starting$' out.txt ||
  fail "threads: thread 0.1 is not listed after the first step: $(cat out.txt)"
grep -q '^    \* 0\.0 *MainThread *has GIL *line 17: h.start()$' out.txt ||
  fail "threads: MainThread is not listed with the GIL"
grep -q '^    \* 0\.1 *Thread-1 (sumar) *has GIL *line 6: pass$' out.txt ||
  fail "threads: thread 1 did not stop entering pausa()"
grep -qx 'contador = 1' out.txt || fail "threads: the lost update did not happen: $(cat out.txt)"
grep -q 'has no thread 9' err.txt || fail "threads: no error for thread 9: $(cat err.txt)"
sched=$(sed -n 's/^schedule: //p' out.txt | tail -1)
[[ "$sched" == *0.1x2,0.0x2,0.2x3,0.1* ]] || fail "threads: the schedule $sched does not name the threads"
[[ "$("$FORKLAB" run --backend sim --schedule "$sched" hilos.py)" == "contador = 1" ]] ||
  fail "threads: the schedule $sched does not replay to the lost update"
[[ "$("$FORKLAB" run --backend sim hilos.py)" == "contador = 2" ]] ||
  fail "threads: without thread choices an update was lost"
ARGS=(--schedule "$sched" hilos.py)
step c
grep -qx 'contador = 1' out.txt || fail "threads: step --schedule $sched did not start from it"
# Back across thread steps, then the same thread steps again: the same state.
ARGS=(hilos.py)
step 0 0.1 0.1 "0.0 i 4" 0.0 "0.2 l" "0.2 i 3" p "b 2" 0.1 "0.0 i 4" 0.0 "0.2 l" "0.2 i 3" p q
awk '/^> /{cap = ($0 == "> p") ? ++n : 0; next} cap {print > ("tstate" cap ".txt")}' out.txt
[[ -s tstate1.txt ]] && cmp -s tstate1.txt tstate2.txt ||
  fail "threads: redoing thread steps gives another state: $(diff tstate1.txt tstate2.txt 2>&1)"
grep -q '0\.2 *Thread-2 (sumar) *has GIL *line 11: pausa()' tstate1.txt ||
  fail "threads: instruction and line steps of thread 2 did not go where expected: $(cat tstate1.txt)"
[[ -s err.txt ]] && fail "threads: errors while going back and forth: $(cat err.txt)"
"$FORKLAB" step --schedule 0.x hilos.py </dev/null >/dev/null 2>&1
(($? == 2)) || fail "step --schedule 0.x: not a usage error"

# Usage errors.
grep -q 'P l ' <<<"$("$FORKLAB" step --help)" || fail "step --help does not list the commands"
for args in "" "nope.py" "--cores 65 race.py" "--schedule 1x race.py" "--schedule 5 race.py" \
            "--bogus race.py" "race.py locked.py"; do
  # shellcheck disable=SC2086
  "$FORKLAB" step $args </dev/null >/dev/null 2>&1
  rc=$?
  ((rc == 2)) || fail "forklab step $args: exit $rc, want 2"
done
grep -q '^  step FILE.py' <<<"$("$FORKLAB" --help)" || fail "forklab --help does not mention step"

if ((fails)); then
  echo "step_cli: $fails failure(s)"
  exit 1
fi
echo "step_cli: ok"
