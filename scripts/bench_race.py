#!/usr/bin/env python3
"""Times the course's race scenario side by side, in one run on one machine:
forklab (fork, threads, sim backends), CPython (python3) and the raw C limit (fork + mmap +
process-shared semaphore, scripts/bench/race_limit.c). Reports median wall time over R runs,
ratios to CPython, and how many updates the unlocked counter lost.

    python3 scripts/bench_race.py [--forklab build/native/forklab] [--runs 5] [--readme]

--readme rewrites the section between the "bench:race" markers in README.md.
"""
import argparse
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent / "bench"))
from report import cpu_name, write_readme_block  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SCENARIO = ROOT / "web" / "scenarios" / "race.py"
LINE = re.compile(r"(sin|con) lock: (\d+) de (\d+)")


def timed(cmd):
    t0 = time.perf_counter()
    p = subprocess.run(cmd, capture_output=True, text=True, stdin=subprocess.DEVNULL)
    dt = time.perf_counter() - t0
    if p.returncode != 0:
        raise SystemExit(f"{' '.join(map(str, cmd))} failed ({p.returncode}):\n{p.stderr}")
    counts = {m.group(1): (int(m.group(2)), int(m.group(3))) for m in LINE.finditer(p.stdout)}
    if counts.get("con", (0, 1))[0] != counts.get("con", (0, 1))[1]:
        raise SystemExit(f"{cmd}: the locked counter is wrong:\n{p.stdout}")
    return dt, counts


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--forklab", default=str(ROOT / "build" / "native" / "forklab"))
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--readme", action="store_true")
    opts = ap.parse_args()

    runners = []
    with tempfile.TemporaryDirectory() as tmp:
        cc = shutil.which("cc") or shutil.which("gcc")
        if cc:
            exe = Path(tmp) / "race_limit"
            subprocess.run([cc, "-O2", "-pthread", "-o", str(exe), str(ROOT / "scripts/bench/race_limit.c")], check=True)
            runners.append(("C limit (fork+mmap+sem)", [str(exe)]))
        for b in ("fork", "threads", "sim"):
            runners.append((f"forklab --backend {b}", [opts.forklab, "run", "--backend", b, str(SCENARIO)]))
        runners.append((f"CPython {platform.python_version()}", [sys.executable, str(SCENARIO)]))

        results = {name: [] for name, _ in runners}
        lost = {name: [] for name, _ in runners}
        # Interleave the runners so that a slow moment of the machine hits all of them alike.
        for _ in range(opts.runs):
            for name, cmd in runners:
                dt, counts = timed(cmd)
                results[name].append(dt)
                got, want = counts.get("sin", (0, 0))
                lost[name].append(want - got)

    py = next(n for n in results if n.startswith("CPython"))
    py_med = statistics.median(results[py])
    rows = ["| runner | median wall time (s) | vs CPython | updates lost without lock (median of runs) |",
            "|---|---:|---:|---:|"]
    for name, _ in runners:
        med = statistics.median(results[name])
        rows.append(f"| {name} | {med:.3f} | {py_med / med:.2f}x faster | {int(statistics.median(lost[name]))} of 800000 |"
                    if name != py else f"| {name} | {med:.3f} | 1.00x | {int(statistics.median(lost[name]))} of 800000 |")
    cpu = cpu_name()
    header = (f"Race scenario (4 processes x 200000 increments, twice), {opts.runs} runs each, interleaved, "
              f"on {os.cpu_count()} cores ({cpu}); `python3 scripts/bench_race.py`, {time.strftime('%Y-%m-%d')}.")
    table = header + "\n\n" + "\n".join(rows)
    print(table)
    if opts.readme:
        write_readme_block(ROOT, "race", table)


if __name__ == "__main__":
    main()
