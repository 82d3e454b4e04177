#!/usr/bin/env python3
"""Measures the simulator's speed: simulated instructions per second of `--backend sim` on the
CPU-bound scenarios of scripts/bench/sim/*.py, with the event trace recorded in memory (as the
viewer and the browser lab record it), natively and in the browser build's engine.

  native   `forklab run --backend sim --record-trace --stats FILE` (the release build,
           `cmake --preset native`); the figure is the run's own `forklab-stats:` line:
           instructions executed / processor time of the run (compile included, start-up of
           the executable not); --wall uses its wall time instead.
  wasm     wasm/bench/sim_bench.cpp, the same core built by Emscripten with the browser
           preset's flags (-O2), run by Node, whose V8 is the JavaScript and WebAssembly
           engine of Chromium. Built on first use into build/wasm-bench when emcc is on the
           PATH (a few minutes on 2 cores, then incremental); skipped with a note otherwise.
  baseline --baseline OTHER_FORKLAB (and --baseline-wasm OTHER.js) adds the same runs of
           another build, interleaved, for before/after figures measured side by side.

Every runner's output must equal CPython's (python3 runs each scenario once first), so a
fast wrong answer is never a figure. Targets (issue 5): at least 30 M instructions/s natively
and 10 M in the browser build.

    python3 scripts/bench_sim.py [--forklab build/native/forklab] [--runs 5] [--scale 1.0]
        [--quick] [--no-trace] [--no-wasm] [--baseline FORKLAB] [--baseline-wasm JS]
        [--readme] [SCENARIO ...]

--scale multiplies the work of every scenario (its `SCALE = 1.0` line is rewritten in a
temporary copy); --readme rewrites the "bench:sim" block of README.md.
"""
import argparse
import os
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
SCENARIOS = ROOT / "scripts" / "bench" / "sim"
WASM_SRC = ROOT / "wasm" / "bench"
EMSCRIPTEN_TOOLCHAIN = Path("/usr/share/emscripten/cmake/Modules/Platform/Emscripten.cmake")
STATS_LINE = re.compile(r"^forklab-stats: (.*)$", re.M)
SCALE_LINE = re.compile(r"^SCALE = .*$", re.M)
TARGET = {"native": 30e6, "wasm": 10e6}
TIMEOUT_S = 300
# The figure: instructions per second of processor time (the native CLI's std::clock; under
# Node the main thread's utime+stime from /proc/thread-self/stat, leaving out V8's compiler
# and GC threads). This machine is often shared, and the wall time then counts other
# programs' turns: on an idle machine the two agree. --wall shows the wall-clock figures.
RATES = {"cpu": "instructions_per_cpu_second", "wall": "instructions_per_second"}


def stats_of(stderr):
    m = STATS_LINE.search(stderr)
    if not m:
        return None
    return dict(kv.split("=", 1) for kv in m.group(1).split())


def node_env():
    env = dict(os.environ)
    env.setdefault("NODE_PATH", "/usr/share/nodejs")
    return env


def revision():
    """`abc1234 (branch)` of the source tree, with `+changes` when it has uncommitted edits."""
    def git(*args):
        return subprocess.run(["git", "-C", str(ROOT), *args], capture_output=True, text=True).stdout.strip()
    rev = git("rev-parse", "--short", "HEAD")
    if not rev:
        return "an unknown revision"
    dirty = "+changes" if git("status", "--porcelain", "--untracked-files=no") else ""
    return f"{rev}{dirty} ({git('rev-parse', '--abbrev-ref', 'HEAD')})"


def build_wasm(build_dir):
    """The path of forklab_sim_bench.js, built (incrementally) with Emscripten; or None and why."""
    if not shutil.which("emcc"):
        return None, "no emcc on the PATH (apt-get install emscripten)"
    if not shutil.which("node"):
        return None, "no node on the PATH"
    if not EMSCRIPTEN_TOOLCHAIN.exists():
        return None, f"no Emscripten CMake toolchain at {EMSCRIPTEN_TOOLCHAIN}"
    env = node_env()
    started = time.perf_counter()
    if not (build_dir / "build.ninja").exists():
        print(f"configuring the wasm benchmark in {build_dir} ...", file=sys.stderr)
        p = subprocess.run(["cmake", "-S", str(WASM_SRC), "-B", str(build_dir), "-G", "Ninja",
                            f"-DCMAKE_TOOLCHAIN_FILE={EMSCRIPTEN_TOOLCHAIN}"],
                           capture_output=True, text=True, env=env)
        if p.returncode != 0:
            return None, "configuring wasm/bench failed:\n" + p.stdout[-2000:] + p.stderr[-2000:]
    print("building forklab_sim_bench.js (the first build compiles the core: minutes) ...", file=sys.stderr)
    p = subprocess.run(["cmake", "--build", str(build_dir), "--target", "forklab_sim_bench", "-j2"],
                       capture_output=True, text=True, env=env)
    if p.returncode != 0:
        return None, "building wasm/bench failed:\n" + p.stdout[-3000:] + p.stderr[-2000:]
    print(f"wasm benchmark ready ({time.perf_counter() - started:.0f} s)", file=sys.stderr)
    return build_dir / "forklab_sim_bench.js", ""


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--forklab", default=str(ROOT / "build" / "native" / "forklab"))
    ap.add_argument("--python", default=sys.executable)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--scale", type=float, default=1.0)
    ap.add_argument("--quick", action="store_true", help="one run at scale 0.2 (a smoke test, not figures)")
    ap.add_argument("--no-trace", action="store_true", help="measure with the event trace off")
    ap.add_argument("--wall", action="store_true", help="instructions per wall-clock second (default: per CPU second)")
    ap.add_argument("--no-wasm", action="store_true", help="skip the wasm (Node) runs")
    ap.add_argument("--wasm-build-dir", default=str(ROOT / "build" / "wasm-bench"))
    ap.add_argument("--wasm-js", help="use this forklab_sim_bench.js instead of building one")
    ap.add_argument("--baseline", help="another forklab executable, measured alongside (before/after)")
    ap.add_argument("--baseline-wasm", help="another forklab_sim_bench.js, measured alongside")
    ap.add_argument("--readme", action="store_true")
    ap.add_argument("scenarios", nargs="*", help="scenario names or files (default: scripts/bench/sim/*.py)")
    opts = ap.parse_args()
    if opts.quick:
        opts.runs, opts.scale = 1, 0.2
    if not Path(opts.forklab).exists():
        raise SystemExit(f"no forklab at {opts.forklab}: cmake --build build/native --target forklab")
    files = [Path(s) if s.endswith(".py") else SCENARIOS / f"{s}.py" for s in opts.scenarios] or \
        sorted(SCENARIOS.glob("*.py"))
    trace_flag = [] if opts.no_trace else ["--record-trace"]
    wasm_trace_flag = ["--no-trace"] if opts.no_trace else []

    runners = {"native": lambda f: [opts.forklab, "run", "--backend", "sim", *trace_flag, "--stats", str(f)]}
    if opts.baseline:
        runners["native baseline"] = lambda f: [opts.baseline, "run", "--backend", "sim", *trace_flag,
                                                "--stats", str(f)]
    notes = []
    node = shutil.which("node")
    node_version = subprocess.run([node, "--version"], capture_output=True, text=True).stdout.strip() if node else ""
    if not opts.no_wasm:
        js, why = (Path(opts.wasm_js), "") if opts.wasm_js else build_wasm(Path(opts.wasm_build_dir))
        if js:
            runners["wasm"] = lambda f, js=js: [node, "--no-experimental-fetch", str(js), *wasm_trace_flag, str(f)]
        else:
            notes.append(f"- wasm: not measured: {why}")
    if opts.baseline_wasm and node:
        runners["wasm baseline"] = lambda f: [node, "--no-experimental-fetch", opts.baseline_wasm,
                                              *wasm_trace_flag, str(f)]

    rate = RATES["wall" if opts.wall else "cpu"]
    load_before = os.getloadavg()[0]
    started = time.perf_counter()
    ips = {}    # (scenario, runner) -> [instructions per second]
    instr = {}  # scenario -> instructions (the same for every runner: the run is deterministic)
    with tempfile.TemporaryDirectory(prefix="bench_sim-") as tmp:
        copies = []
        for f in files:
            text = f.read_text(encoding="utf-8")
            if not SCALE_LINE.search(text):
                raise SystemExit(f"{f} has no `SCALE = ...` line")
            copy = Path(tmp) / f.name
            copy.write_text(SCALE_LINE.sub(f"SCALE = {opts.scale!r}", text, count=1), encoding="utf-8")
            copies.append(copy)
        expected = {}
        for copy in copies:
            p = subprocess.run([opts.python, str(copy)], capture_output=True, text=True, timeout=TIMEOUT_S)
            if p.returncode != 0:
                raise SystemExit(f"CPython failed on {copy.name}:\n{p.stderr}")
            expected[copy] = p.stdout
        # Interleave scenarios and runners (alternating who goes first) so that a slow moment
        # of the machine hits all of them alike.
        for r in range(opts.runs):
            for copy in copies:
                order = list(runners) if r % 2 == 0 else list(reversed(runners))
                for who in order:
                    cmd = runners[who](copy)
                    p = subprocess.run(cmd, capture_output=True, text=True, stdin=subprocess.DEVNULL,
                                       timeout=TIMEOUT_S, env=node_env())
                    stats = stats_of(p.stderr)
                    if p.returncode != 0 or p.stdout != expected[copy] or stats is None:
                        raise SystemExit(f"{who} disagrees with CPython on {copy.name} (exit {p.returncode}).\n"
                                         f"CPython printed:\n{expected[copy]}\n{who} printed:\n{p.stdout}\n"
                                         f"stderr:\n{p.stderr[-3000:]}")
                    n = int(stats["instructions"])
                    if instr.setdefault(copy.stem, n) != n:
                        notes.append(f"- {copy.stem}: {who} executed {n} instructions, another runner "
                                     f"{instr[copy.stem]} (builds that differ in semantics)")
                    ips.setdefault((copy.stem, who), []).append(float(stats[rate]))
            print(f"run {r + 1}/{opts.runs} done", file=sys.stderr)

    names = list(runners)
    head = "| scenario | instructions | " + " | ".join(f"{n} (M instr/s)" for n in names)
    align = "|---|---:|" + "---:|" * len(names)
    if opts.baseline:
        head += " | native after/before"
        align += "---:|"
    if opts.baseline_wasm and "wasm" in runners:
        head += " | wasm after/before"
        align += "---:|"
    rows = [head + " |", align]
    lowest = {}
    for copy in copies:
        s = copy.stem
        med = {n: statistics.median(ips[(s, n)]) for n in names if (s, n) in ips}
        cells = [f"{med[n] / 1e6:.1f}" if n in med else "—" for n in names]
        for kind, base in (("native", "native baseline"), ("wasm", "wasm baseline")):
            if base in runners and kind in med and base in med:
                cells.append(f"{med[kind] / med[base]:.2f}x")
        for kind in TARGET:
            if kind in med:
                lowest[kind] = min(lowest.get(kind, (float("inf"), "")), (med[kind], s))
        rows.append(f"| {s} | {instr[s] / 1e6:.1f} M | " + " | ".join(cells) + " |")
    for kind, target in TARGET.items():
        if kind in lowest:
            v, s = lowest[kind]
            verdict = "met" if v >= target else "**not met**"
            notes.append(f"- {kind} target {target / 1e6:.0f} M instr/s: {verdict} on every scenario "
                         f"(lowest: {v / 1e6:.1f} M on {s})" if v >= target else
                         f"- {kind} target {target / 1e6:.0f} M instr/s: {verdict} (lowest: {v / 1e6:.1f} M on {s})")
    if "wasm" in runners:
        notes.append(f"- wasm: wasm/bench/sim_bench.cpp (core only, Emscripten -O2 like the browser preset) "
                     f"under Node {node_version}, whose V8 is Chromium's JavaScript/WebAssembly engine.")
    trace = "trace off" if opts.no_trace else "event trace recorded in memory (`--record-trace`)"
    header = (f"Simulator speed, scenarios in `scripts/bench/sim/` at scale {opts.scale:g}, `--backend sim` "
              f"on its default 2 virtual cores, {trace}, median of {opts.runs} runs each, interleaved; "
              f"instructions per {'wall-clock' if opts.wall else 'CPU'} second of the run itself "
              f"(`forklab run --stats`), on {os.cpu_count()} cores "
              f"({cpu_name()}), load average {load_before:.2f} before the run; `python3 scripts/bench_sim.py` "
              f"at {revision()}, {time.strftime('%Y-%m-%d')}, {time.perf_counter() - started:.0f} s.")
    table = header + "\n\n" + "\n".join(rows) + "\n\n" + "\n".join(notes)
    print(table)
    if opts.readme:
        write_readme_block(ROOT, "sim", table)


if __name__ == "__main__":
    main()
