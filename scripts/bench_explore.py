#!/usr/bin/env python3
"""Times `forklab explore` on the figures of issue 5: processes that each do `counter.value += 1`
(a Value with its default lock: each `+=` is a locked read, then a locked write) a few times,
explored completely. Targets: 2 processes x 2 increments under 1 s, 3 x 3 under 10 s.

    python3 scripts/bench_explore.py [--forklab build/native/forklab] [--runs 3]
        [--max-seconds 120] [--json FILE] [CASE ...]      (CASE: 2x2, 3x3, 3x2 ...)

Each case runs --runs times; the figure is the fastest run's wall time (the machine's noise
only ever adds time), with its processor time (user+sys of the child) beside it: on a loaded
machine the processor time is the honest one. A run counts only if the exploration was
complete and every outcome is a possible final value (2..N*K) printed once.
"""
import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time

TARGETS = {"2x2": 1.0, "3x3": 10.0}

SCENARIO = '''from multiprocessing import Process, Value

def work(c):
    for _ in range({k}):
        c.value += 1

if __name__ == "__main__":
    c = Value("i", 0)
    ps = [Process(target=work, args=(c,)) for _ in range({n})]
    for p in ps: p.start()
    for p in ps: p.join()
    print(c.value)
'''


def run_case(forklab, n, k, max_seconds):
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, f"counter_{n}x{k}.py")
        with open(path, "w") as f:
            f.write(SCENARIO.format(n=n, k=k))
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        t0 = time.perf_counter()
        r = subprocess.run([forklab, "explore", "--json", "--max-seconds", str(max_seconds), path],
                           capture_output=True, text=True)
        wall = time.perf_counter() - t0
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if r.returncode != 0:
        sys.exit(f"forklab explore failed ({r.returncode}): {r.stderr}")
    d = json.loads(r.stdout)
    values = sorted(int(o["stdout"]) for o in d["outcomes"])
    ok = d["complete"] and all(2 <= v <= n * k for v in values) and len(set(values)) == len(values)
    return {"wall_seconds": wall, "cpu_seconds": cpu, "complete": d["complete"], "ok": ok,
            "outcomes": values, "executions": d["executions"], "states": d["states"],
            "schedules": d["schedules"], "explore_seconds": d["seconds"], "summary": d["summary"]}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--forklab", default="build/native/forklab")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--max-seconds", type=float, default=120)
    ap.add_argument("--json")
    ap.add_argument("cases", nargs="*", default=["2x2", "3x3"])
    a = ap.parse_args()
    forklab = os.path.abspath(a.forklab)
    results = []
    print(f"{'case':6} {'wall s':>8} {'cpu s':>8} {'target':>7}  {'states':>7} {'runs':>7}  outcomes")
    failed = False
    for case in a.cases:
        n, k = (int(x) for x in case.split("x"))
        best = None
        for _ in range(a.runs):
            r = run_case(forklab, n, k, a.max_seconds)
            if best is None or r["wall_seconds"] < best["wall_seconds"]:
                best = r
        target = TARGETS.get(case)
        meets = best["ok"] and (target is None or best["wall_seconds"] < target)
        failed |= not best["ok"]
        mark = "" if target is None else ("ok" if meets else "MISSED")
        print(f"{case:6} {best['wall_seconds']:8.3f} {best['cpu_seconds']:8.3f} "
              f"{'' if target is None else f'<{target:g} s':>7}  {best['states']:7} {best['executions']:7}  "
              f"{best['outcomes']} {mark}")
        if not best["complete"]:
            print(f"       {best['summary']}")
        results.append({"case": case, "processes": n, "increments": k, "target_seconds": target,
                        "meets_target": meets, **best})
    if a.json:
        with open(a.json, "w") as f:
            json.dump({"format": "forklab-bench-explore", "version": 1, "results": results}, f, indent=1)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
