#!/usr/bin/env python3
"""Every sim run's schedule replays to the same outcome (docs/simulator.md, "Steps and
schedules"): for each golden scenario that runs on sim, run it with --print-schedule, replay
the schedule with --schedule, and compare stdout and exit status. A handful of scenarios
whose threads poll multiprocessing objects (Host::idle) are known not to replay exactly; they
are listed below and must stay the only ones (a new one fails, and so does a listed one that
starts to replay, so the list stays true).

usage: tests/schedule_replay.py --forklab build/native/forklab [FILE.py ...]
"""
import argparse
import concurrent.futures
import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from run_golden import Spec  # noqa: E402  (the golden files' directives)

# Threads waiting on multiprocessing objects poll them while their process idles, so the
# point where they see a change is not a visible operation of their own.
KNOWN = {
    "pool_map_grande.py",
    "thread_mp_pipe_poll.py",
    "thread_mp_pipe_recv.py",
    "thread_mp_queue_timeout.py",
    "thread_mp_simplequeue_per_worker.py",
    "thread_with_process_lock.py",
}


def run(cmd, spec, cwd):
    stdin = "".join(line + "\n" for line in spec.input) if spec.input else None
    try:
        return subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, timeout=spec.timeout,
                              input=stdin, stdin=None if stdin is not None else subprocess.DEVNULL)
    except subprocess.TimeoutExpired:
        return None


def replay(forklab, path):
    spec = Spec(path)
    if spec.backends is not None and "sim" not in spec.backends:
        return None
    first = run([forklab, "run", "--backend", "sim", *spec.args, "--print-schedule", path.name], spec, path.parent)
    if first is None:
        return (path, "the recording run timed out")
    lines = [l for l in first.stderr.splitlines() if l.startswith("schedule: ")]
    if not lines:
        return (path, "no schedule printed")
    schedule = lines[-1][len("schedule: "):]
    again = run([forklab, "run", "--backend", "sim", *spec.args, "--schedule", schedule, path.name], spec, path.parent)
    if again is None:
        return (path, "the replay timed out")
    if again.stdout != first.stdout or again.returncode != first.returncode:
        why = again.stderr.strip().splitlines()[-1:] or [""]
        return (path, f"replay differs: exit {first.returncode} -> {again.returncode}; {why[0][:200]}")
    return (path, "")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--forklab", required=True)
    ap.add_argument("files", nargs="*")
    opts = ap.parse_args()
    files = [Path(f).resolve() for f in opts.files] or sorted((HERE / "scenarios").rglob("*.py"))
    checked = 0
    problems = []
    with concurrent.futures.ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        for r in pool.map(lambda p: replay(opts.forklab, p), files):
            if r is None:
                continue
            path, why = r
            checked += 1
            known = path.name in KNOWN
            if why and not known:
                problems.append(f"FAIL {path.relative_to(HERE.parent)}: {why}")
            elif not why and known and not opts.files:
                problems.append(f"FAIL {path.name} now replays: take it off KNOWN in {Path(__file__).name}")
    for p in problems:
        print(p)
    print(f"schedule replay: {checked} scenarios, {len(problems)} failed, {len(KNOWN)} known exceptions")
    return 1 if problems or checked == 0 else 0


if __name__ == "__main__":
    sys.exit(main())
