#!/usr/bin/env python3
"""Measures multiprocessing's IPC and speed-up side by side, in one run on one machine: each
scenario of scripts/bench/ipc/*.py runs under CPython's multiprocessing (python3, fork start
method) and under `forklab run --backend fork`, interleaved, R runs each, and the raw C limit
(scripts/bench/ipc_limit.c, compiled here with cc -O2 into the build tree) runs alongside.

Every scenario times itself with time.perf_counter() and prints lines such as
    BENCH metric=pipe_round_trip x=1 ops=5000 seconds=0.188290
so the figures leave out interpreter start-up. The table shows medians over the runs, forklab's
speed relative to CPython (the issue's targets are such ratios) and how far forklab is from C.
A scenario forklab cannot run yet (an API still missing) shows its refusal in the notes and is
picked up automatically once forklab runs it.

    python3 scripts/bench_ipc.py [--forklab build/native/forklab] [--runs 3] [--scale 1.0]
                                 [--quick] [--no-c] [--readme] [SCENARIO ...]

--scale multiplies the work of every scenario (the `SCALE = 1.0` line of each file is rewritten
in a temporary copy, which both runners then run); --readme rewrites the "bench:ipc" block of
README.md.
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
SCENARIOS = ROOT / "scripts" / "bench" / "ipc"
LIMIT_C = ROOT / "scripts" / "bench" / "ipc_limit.c"
BENCH_LINE = re.compile(r"^BENCH metric=(\w+) x=(\d+) ops=(\d+) seconds=([0-9.eE+-]+)$", re.M)
SCALE_LINE = re.compile(r"^SCALE = .*$", re.M)
TIMEOUT_S = 90

# How each metric is shown, in table order: label ({x} is the line's x), how the value reads
# (per: time per operation in `unit`; rate: operations per second; speedup: t(1)/t(x)) and the
# issue's target for forklab (a ratio to CPython; for the speed-up, the value itself).
METRICS = [
    ("process_start_join", "process start+join", "per", "ms", "6x"),
    ("pipe_round_trip", "Pipe round trip", "per", "us", "4x"),
    ("pipe_throughput", "Pipe throughput, {x} messages", "rate", "msg/s", "10x"),
    ("queue_throughput", "Queue {x}->{x} throughput", "rate", "items/s", "10x"),
    ("lock_contended", "contended Lock, locked increments by 2 processes", "rate", "incr/s", "10x"),
    ("pool_map", "Pool.map per task (chunksize 1)", "per", "us", "5x"),
    ("pool_startup", "Pool(2) create+close+join", "per", "ms", "6x"),
    ("speedup_processes", "CPU-bound speed-up (mp_worker), {x} processes", "speedup", "", "1.9 on 2 cores"),
    ("speedup_threads", "same job on {x} threads (GIL)", "speedup", "", "about 1.0"),
]
SCALE_OF_UNIT = {"ms": 1e3, "us": 1e6}
# Pieces of a forklab diagnostic that mean "not implemented yet" rather than a wrong answer.
UNSUPPORTED = ("NotSupported", "not supported", "does not support", "has no attribute")


def parse(stdout):
    return [(m.group(1), int(m.group(2)), int(m.group(3)), float(m.group(4)))
            for m in BENCH_LINE.finditer(stdout)]


def run(cmd):
    try:
        p = subprocess.run(cmd, capture_output=True, text=True, stdin=subprocess.DEVNULL, timeout=TIMEOUT_S)
    except subprocess.TimeoutExpired:
        return None, f"timed out after {TIMEOUT_S} s"
    if p.returncode != 0:
        lines = [l for l in p.stderr.strip().splitlines() if l.strip()]
        reason = next((l for l in lines if any(u in l for u in UNSUPPORTED)), lines[-1] if lines else "")
        return None, f"exit {p.returncode}: {reason.strip()}"
    return parse(p.stdout), ""


def python_command(python, default_start_method, file):
    """python3 FILE, forcing the fork start method when this Python's default is another."""
    if default_start_method == "fork":
        return [python, str(file)]
    return [python, "-c", "import multiprocessing, runpy, sys; multiprocessing.set_start_method('fork'); "
            "sys.argv = sys.argv[1:]; runpy.run_path(sys.argv[0], run_name='__main__')", str(file)]


def revision():
    """`abc1234 (branch)` of the source tree, with `+changes` when it has uncommitted edits."""
    def git(*args):
        return subprocess.run(["git", "-C", str(ROOT), *args], capture_output=True, text=True).stdout.strip()
    rev = git("rev-parse", "--short", "HEAD")
    if not rev:
        return "an unknown revision"
    dirty = "+changes" if git("status", "--porcelain", "--untracked-files=no") else ""
    return f"{rev}{dirty} ({git('rev-parse', '--abbrev-ref', 'HEAD')})"


def build_limit(build_dir):
    cc = shutil.which("cc") or shutil.which("gcc")
    if not cc:
        return None
    exe = build_dir / "ipc_limit"
    exe.parent.mkdir(parents=True, exist_ok=True)
    if not exe.exists() or exe.stat().st_mtime < LIMIT_C.stat().st_mtime:
        subprocess.run([cc, "-O2", "-pthread", "-o", str(exe), str(LIMIT_C)], check=True)
    return exe


class Samples:
    """Per runner: (metric, x) -> seconds per operation of each run; and t(1)/t(x) per run."""

    def __init__(self):
        self.per_op = {}
        self.speedup = {}

    def add_run(self, lines):
        base = {}
        for metric, x, ops, seconds in lines:
            self.per_op.setdefault((metric, x), []).append(seconds / ops)
            if metric.startswith("speedup_"):
                if x == 1:
                    base[metric] = seconds
                if metric in base:
                    self.speedup.setdefault((metric, x), []).append(base[metric] / seconds)

    def value(self, kind, key):
        if kind == "speedup":
            v = self.speedup.get(key)
        else:
            v = self.per_op.get(key)
        return statistics.median(v) if v else None


def show(kind, unit, v):
    if v is None:
        return "—"
    if kind == "speedup":
        return f"{v:.2f}"
    if kind == "per":
        return f"{v * SCALE_OF_UNIT[unit]:.3g} {unit}"
    rate = 1 / v
    return f"{rate / 1e6:.3g} M {unit}" if rate >= 1e5 else f"{rate / 1e3:.3g} k {unit}"


def size_label(x):
    return f"{x >> 20} MiB" if x >= 1 << 20 else f"{x >> 10} KiB" if x >= 1024 else f"{x} B"


def shown_points(metric, xs, cores):
    """The x values a metric gets rows for: every message size; for speed-ups 2..cores, or
    2, cores/2 and cores when there are many cores."""
    if not metric.startswith("speedup_"):
        return xs
    xs = [x for x in xs if x > 1]
    return xs if len(xs) <= 3 else sorted({2, cores // 2, cores} & set(xs))


def table_rows(samples, py_name, cores):
    py, fk, c = samples["python"], samples["forklab"], samples["c"]
    rows = [f"| experiment | {py_name} | forklab --backend fork | C limit | forklab vs CPython | target | C vs forklab |",
            "|---|---:|---:|---:|---:|---:|---:|"]
    for metric, label, kind, unit, target in METRICS:
        xs = sorted({x for (m, x) in py.per_op if m == metric})
        for x in shown_points(metric, xs, cores):
            key = (metric, x)
            p, f, l = py.value(kind, key), fk.value(kind, key), c.value(kind, key)
            name = label.format(x=size_label(x) if metric == "pipe_throughput" else x)
            if kind == "speedup":
                vs, c_vs = "", ""
            else:
                vs = f"{p / f:.2f}x" if p and f else "—"
                c_vs = f"{f / l:.1f}x" if f and l else "—"
            rows.append(f"| {name} | {show(kind, unit, p)} | {show(kind, unit, f)} | {show(kind, unit, l)} "
                        f"| {vs} | {target} | {c_vs} |")
    return rows


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--forklab", default=str(ROOT / "build" / "native" / "forklab"))
    ap.add_argument("--python", default=sys.executable)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--scale", type=float, default=1.0)
    ap.add_argument("--quick", action="store_true", help="one run at scale 0.2 (a smoke test, not figures)")
    ap.add_argument("--no-c", action="store_true", help="skip the C limit")
    ap.add_argument("--readme", action="store_true")
    ap.add_argument("scenarios", nargs="*", help="scenario names or files (default: scripts/bench/ipc/*.py)")
    opts = ap.parse_args()
    if opts.quick:
        opts.runs, opts.scale = 1, 0.2
    if not Path(opts.forklab).exists():
        raise SystemExit(f"no forklab at {opts.forklab}: cmake --build build/native --target forklab")
    files = [Path(s) if s.endswith(".py") else SCENARIOS / f"{s}.py" for s in opts.scenarios] or \
        sorted(SCENARIOS.glob("*.py"))
    limit = None if opts.no_c else build_limit(Path(opts.forklab).resolve().parent / "bench")
    load_before = os.getloadavg()[0]
    started = time.perf_counter()

    samples = {"python": Samples(), "forklab": Samples(), "c": Samples()}
    refused = {}  # scenario -> forklab's reason
    c_extra = Samples()  # C-only figures (spin_round_trip)
    with tempfile.TemporaryDirectory(prefix="bench_ipc-") as tmp:
        copies = []
        for f in files:
            text = f.read_text(encoding="utf-8")
            if not SCALE_LINE.search(text):
                raise SystemExit(f"{f} has no `SCALE = ...` line")
            copy = Path(tmp) / f.name
            copy.write_text(SCALE_LINE.sub(f"SCALE = {opts.scale!r}", text, count=1), encoding="utf-8")
            copies.append(copy)
        default = subprocess.run([opts.python, "-c", "import multiprocessing as m; print(m.get_start_method())"],
                                 capture_output=True, text=True).stdout.strip()
        py_cmd = {c: python_command(opts.python, default, c) for c in copies}
        fk_run = [opts.forklab, "run", "--backend", "fork"]
        # Scenarios start up to ~50 processes per unit of scale; forklab caps a run at 64
        # unless told otherwise (--max-processes, where this forklab has it).
        if "--max-processes" in subprocess.run([opts.forklab, "--help"], capture_output=True, text=True).stdout:
            fk_run += ["--max-processes", str(max(64, int(60 * opts.scale) + 16))]
        # Interleave scenarios and runners (alternating who goes first) so that a slow moment
        # of the machine hits all of them alike.
        for r in range(opts.runs):
            if limit:
                lines, why = run([str(limit), repr(opts.scale)])
                if lines is None:
                    raise SystemExit(f"the C limit failed: {why}")
                samples["c"].add_run([l for l in lines if l[0] != "spin_round_trip"])
                c_extra.add_run([l for l in lines if l[0] == "spin_round_trip"])
            for copy in copies:
                order = ["python", "forklab"] if r % 2 == 0 else ["forklab", "python"]
                for who in order:
                    if who == "forklab" and copy.stem in refused:
                        continue
                    cmd = py_cmd[copy] if who == "python" else fk_run + [str(copy)]
                    lines, why = run(cmd)
                    if lines is None and who == "python":
                        raise SystemExit(f"CPython failed on {copy.name}: {why}")
                    if lines is None:
                        refused[copy.stem] = why.replace(str(copy), copy.name)
                        continue
                    samples[who].add_run(lines)
                print(f"run {r + 1}/{opts.runs}: {copy.stem} done", file=sys.stderr)

    cores = os.cpu_count() or 1
    py_version = subprocess.run([opts.python, "-c", "import platform; print(platform.python_version())"],
                                capture_output=True, text=True).stdout.strip() or platform.python_version()
    rows = table_rows(samples, f"CPython {py_version}", cores)
    notes = []
    spin = c_extra.value("per", ("spin_round_trip", 1))
    if spin:
        notes.append(f"- C round trip on one shared atomic word, both sides spinning: {spin * 1e6:.3g} us.")
    notes += [f"- {name}: not measured on forklab yet, it says `{why}`" if any(u in why for u in UNSUPPORTED)
              else f"- {name}: **forklab failed**: `{why}`" for name, why in refused.items()]
    notes.append("- forklab vs CPython: how many times faster forklab is (the target is the issue's); "
                 "C vs forklab: how many times faster the raw C limit is than forklab. Speed-ups are "
                 "t(1)/t(P) within a run; C's threads have no GIL.")
    header = (f"IPC and speed-up, scenarios in `scripts/bench/ipc/` at scale {opts.scale:g}, median of {opts.runs} "
              f"runs each, interleaved, CPython {py_version} (fork start method) vs `forklab run --backend fork` vs "
              f"C (`scripts/bench/ipc_limit.c`, cc -O2), on {cores} cores ({cpu_name()}), load average "
              f"{load_before:.2f} before the run; `python3 scripts/bench_ipc.py` at {revision()}, "
              f"{time.strftime('%Y-%m-%d')}, {time.perf_counter() - started:.0f} s.")
    table = header + "\n\n" + "\n".join(rows) + "\n\n" + "\n".join(notes)
    print(table)
    if opts.readme:
        write_readme_block(ROOT, "ipc", table)


if __name__ == "__main__":
    main()
