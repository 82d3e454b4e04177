#!/usr/bin/env python3
"""Times the language core against CPython, side by side in one run on one machine: each
program of scripts/bench/lang/*.py runs under python3 and under `forklab run --backend sim`,
interleaved, N runs each, and the table shows median wall times and forklab's speed relative
to CPython. Every program prints a checksum; both runners must print the same output, or the
script stops with the difference. A program forklab refuses (a feature it does not support
yet, such as `class` or integers beyond 64 bits) gets "unsupported" in its row and is picked
up automatically once forklab runs it.

    python3 scripts/bench_lang.py [--forklab build/native/forklab] [--runs 5] [--readme] [PROGRAM ...]

--readme rewrites the section between the "bench:lang" markers in README.md.
"""
import argparse
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent / "bench"))
from report import cpu_name, write_readme_block  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
PROGRAMS = ROOT / "scripts" / "bench" / "lang"
# What forklab prints when it refuses a program rather than failing on it.
UNSUPPORTED = ("NotSupported:", "not supported", "does not support")


def run(cmd):
    t0 = time.perf_counter()
    p = subprocess.run(cmd, capture_output=True, text=True, stdin=subprocess.DEVNULL)
    return time.perf_counter() - t0, p


def describe(cmd, p):
    return f"$ {' '.join(map(str, cmd))}\nexit {p.returncode}\nstdout:\n{p.stdout}\nstderr:\n{p.stderr}"


def first_line_of_refusal(stderr):
    for line in stderr.splitlines():
        if any(u in line for u in UNSUPPORTED):
            return line.strip()
    return stderr.strip().splitlines()[-1] if stderr.strip() else "refused"


def ratio(py_med, fk_med):
    r = py_med / fk_med
    return f"{r:.2f}x faster" if r >= 1 else f"{1 / r:.2f}x slower"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--forklab", default=str(ROOT / "build" / "native" / "forklab"))
    ap.add_argument("--python", default=sys.executable)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--readme", action="store_true")
    ap.add_argument("programs", nargs="*", help="program files (default: scripts/bench/lang/*.py)")
    opts = ap.parse_args()
    if not Path(opts.forklab).exists():
        raise SystemExit(f"no forklab at {opts.forklab}: cmake --build --preset native --target forklab")
    programs = [Path(p) for p in opts.programs] or sorted(PROGRAMS.glob("*.py"))
    if not programs:
        raise SystemExit(f"no programs in {PROGRAMS}")

    def cmds(prog):
        return {"python": [opts.python, str(prog)],
                "forklab": [opts.forklab, "run", "--backend", "sim", str(prog)]}

    times = {p: {"python": [], "forklab": []} for p in programs}
    expected = {}      # program -> CPython's stdout
    unsupported = {}   # program -> forklab's reason
    # Interleave programs and runners so that a slow moment of the machine hits all alike.
    for _ in range(opts.runs):
        for prog in programs:
            for who, cmd in cmds(prog).items():
                if who == "forklab" and prog in unsupported:
                    continue
                dt, p = run(cmd)
                if who == "python":
                    if p.returncode != 0:
                        raise SystemExit(f"CPython failed on {prog.name}:\n{describe(cmd, p)}")
                    if expected.setdefault(prog, p.stdout) != p.stdout:
                        raise SystemExit(f"CPython printed different output on another run:\n{describe(cmd, p)}")
                elif p.returncode != 0 and any(u in p.stderr for u in UNSUPPORTED):
                    unsupported[prog] = first_line_of_refusal(p.stderr).replace(str(prog), prog.name)
                    continue
                elif p.returncode != 0 or p.stdout != expected[prog]:
                    raise SystemExit(f"forklab and CPython disagree on {prog.name}.\n"
                                     f"CPython printed:\n{expected[prog]}\nforklab:\n{describe(cmd, p)}")
                times[prog][who].append(dt)

    rows = ["| program | CPython (s) | forklab --backend sim (s) | forklab vs CPython |",
            "|---|---:|---:|---:|"]
    for prog in programs:
        py_med = statistics.median(times[prog]["python"])
        if prog in unsupported:
            rows.append(f"| {prog.stem} | {py_med:.3f} | unsupported | unsupported |")
            continue
        fk_med = statistics.median(times[prog]["forklab"])
        rows.append(f"| {prog.stem} | {py_med:.3f} | {fk_med:.3f} | {ratio(py_med, fk_med)} |")
    cpu = cpu_name()
    py_version = subprocess.run([opts.python, "-c", "import platform; print(platform.python_version())"],
                                capture_output=True, text=True).stdout.strip() or platform.python_version()
    header = (f"Language core, programs in `scripts/bench/lang/`, median wall time of {opts.runs} runs each, "
              f"interleaved, CPython {py_version} vs `forklab run --backend sim`, on {os.cpu_count()} cores "
              f"({cpu}); `python3 scripts/bench_lang.py`, {time.strftime('%Y-%m-%d')}.")
    notes = [f"- {p.stem}: forklab says `{why}`" for p, why in unsupported.items()]
    table = header + "\n\n" + "\n".join(rows) + ("\n\n" + "\n".join(notes) if notes else "")
    print(table)
    if opts.readme:
        write_readme_block(ROOT, "lang", table)


if __name__ == "__main__":
    main()
