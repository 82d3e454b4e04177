#!/usr/bin/env python3
"""Golden scenario runner.

Every file under tests/scenarios/ is a valid Python program that carries its expectations
in comments, so the same file runs under forklab (on each backend) and under CPython, and
both must meet the same expectations:

    # expect: LINE            the next stdout line is exactly LINE
    # expect-re: REGEX        the next stdout line matches REGEX (whole line)
    # expect-stderr: TEXT     stderr contains TEXT (may repeat)
    # expect-exit: N          exit status (default 0)
    # expect-error: KIND line N   forklab rejects the file at compile time with
                              "FILE:N:COL: KIND: ..." (CPython is checked for the same line)
    # backends: sim threads   only these forklab backends (default: sim threads fork)
    # args: --seed 3 --cores 4    extra forklab arguments (forklab runs without LC_ALL,
                              LC_MESSAGES and LANG, so its own reports are in English
                              unless a file says `# args: --lang es`)
    # cpython: skip           forklab-only file (e.g. an unsupported feature is refused)
    # timeout: SECONDS        per run (default 60)
    # input: LINE             a line of the program's standard input (may repeat; default none)
    # order: any              stdout lines may come in any order (processes racing to print):
                              the sorted lines are compared with the sorted expectations,
                              each expect-re line matching a distinct output line

Prints one line per (file, runner) and ends with "N passed, N failed"; exit status 1 when
anything failed.
"""
import argparse
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
DIRECTIVE = re.compile(r"^\s*#\s*(expect|expect-re|expect-stderr|expect-exit|expect-error|backends|args|cpython|timeout|input|order):\s?(.*?)\s*$")


class Spec:
    def __init__(self, path):
        self.path = path
        self.lines = []          # list of (kind, text)
        self.stderr = []
        self.exit = 0
        self.error = None        # (kind, line)
        self.backends = None
        self.args = []
        self.cpython = True
        self.timeout = 60.0
        self.input = []
        self.any_order = False
        for raw in path.read_text(encoding="utf-8", errors="replace").splitlines():
            m = DIRECTIVE.match(raw)
            if not m:
                continue
            key, val = m.group(1), m.group(2)
            if key == "expect":
                self.lines.append(("exact", val))
            elif key == "expect-re":
                self.lines.append(("re", val))
            elif key == "expect-stderr":
                self.stderr.append(val)
            elif key == "expect-exit":
                self.exit = int(val)
            elif key == "expect-error":
                em = re.match(r"(\w+) line (\d+)$", val)
                if not em:
                    raise SystemExit(f"{path}: bad expect-error directive: {val!r}")
                self.error = (em.group(1), int(em.group(2)))
                self.exit = 1
            elif key == "backends":
                self.backends = val.split()
            elif key == "args":
                self.args = val.split()
            elif key == "cpython":
                self.cpython = val.strip() != "skip"
            elif key == "timeout":
                self.timeout = float(val)
            elif key == "input":
                self.input.append(val)
            elif key == "order":
                if val.strip() != "any":
                    raise SystemExit(f"{path}: bad order directive: {val!r}")
                self.any_order = True


def check(spec, proc, who):
    """Returns a list of problems (empty when the run meets the spec)."""
    problems = []
    out_lines = proc.stdout.splitlines()
    if spec.error is not None:
        kind, line = spec.error
        if who == "python3":
            # CPython reports "  File "x.py", line N" and "KIND: ..." on stderr.
            if f"line {line}" not in proc.stderr or kind not in proc.stderr:
                problems.append(f"expected CPython {kind} at line {line}")
        else:
            pat = re.compile(rf"{re.escape(spec.path.name)}:{line}:\d+: {kind}: ")
            if not pat.search(proc.stderr):
                problems.append(f"expected diagnostic '{spec.path.name}:{line}:COL: {kind}: ...'")
    if len(out_lines) != len(spec.lines):
        problems.append(f"expected {len(spec.lines)} stdout lines, got {len(out_lines)}")
    if spec.any_order:
        problems += unordered_problems(spec.lines, out_lines)
    for i, ((kind, want), got) in enumerate([] if spec.any_order else zip(spec.lines, out_lines), 1):
        ok = got == want if kind == "exact" else re.fullmatch(want, got) is not None
        if not ok:
            problems.append(f"stdout line {i}: expected {'/' + want + '/' if kind == 're' else repr(want)}, got {got!r}")
    for text in spec.stderr:
        if text not in proc.stderr:
            problems.append(f"stderr lacks {text!r}")
    if proc.returncode != spec.exit:
        problems.append(f"exit status {proc.returncode}, expected {spec.exit}")
    return problems


def unordered_problems(expected, got):
    """Exact expectations must each match one line; the rest must match the regexes."""
    problems = []
    rest = list(got)
    for kind, want in expected:
        if kind == "exact":
            if want in rest:
                rest.remove(want)
            else:
                problems.append(f"stdout lacks the line {want!r} (any order)")
    for kind, want in expected:
        if kind == "re":
            hit = next((g for g in rest if re.fullmatch(want, g)), None)
            if hit is None:
                problems.append(f"stdout lacks a line matching /{want}/ (any order)")
            else:
                rest.remove(hit)
    return problems


# forklab explains deadlocks and limits in the user's language (LC_ALL, LC_MESSAGES, LANG);
# the expectations are English unless a file passes `# args: --lang es`, whatever the locale
# of the machine running the tests.
FORKLAB_ENV = {k: v for k, v in os.environ.items() if k not in ("LC_ALL", "LC_MESSAGES", "LANG")}


def run_one(cmd, spec, cwd, env=None):
    try:
        if spec.input:
            return subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, timeout=spec.timeout,
                                  input="".join(line + "\n" for line in spec.input), env=env)
        return subprocess.run(cmd, cwd=cwd, capture_output=True, text=True,
                              timeout=spec.timeout, stdin=subprocess.DEVNULL, env=env)
    except subprocess.TimeoutExpired as e:
        class Timeout:
            returncode = "timeout"
            stdout = e.stdout.decode() if isinstance(e.stdout, bytes) else (e.stdout or "")
            stderr = f"(timed out after {spec.timeout}s)"
        return Timeout()


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--forklab", required=True, help="path to the forklab executable")
    ap.add_argument("--backends", default="sim,threads,fork")
    ap.add_argument("--python", default=shutil.which("python3"), help="CPython to cross-check with ('' to skip)")
    ap.add_argument("--dir", action="append",
                    help="folders to walk (default: tests/scenarios and the catalogue, web/scenarios)")
    ap.add_argument("files", nargs="*", help="only these files")
    opts = ap.parse_args()
    # Each file runs in its own folder, so a relative --forklab is made absolute first.
    if "/" in opts.forklab:
        opts.forklab = str(Path(opts.forklab).resolve())

    dirs = opts.dir or [str(HERE / "scenarios"), str(HERE.parent / "web" / "scenarios")]
    files = [Path(f).resolve() for f in opts.files] or sorted(p for d in dirs for p in Path(d).rglob("*.py"))
    backends = [b for b in opts.backends.split(",") if b]
    passed = failed = 0
    for path in files:
        spec = Spec(path)
        runners = []
        for b in backends:
            if spec.backends is None or b in spec.backends:
                runners.append((b, [opts.forklab, "run", "--backend", b, *spec.args, path.name]))
        if opts.python and spec.cpython:
            runners.append(("python3", [opts.python, path.name]))
        rel = path.relative_to(HERE.parent) if path.is_relative_to(HERE.parent) else path
        for who, cmd in runners:
            proc = run_one(cmd, spec, path.parent, None if who == "python3" else FORKLAB_ENV)
            problems = check(spec, proc, who)
            if problems:
                failed += 1
                print(f"FAIL {rel} [{who}]")
                for p in problems:
                    print(f"     {p}")
                tail = proc.stderr.strip().splitlines()[-8:]
                for t in tail:
                    print(f"     | {t}")
            else:
                passed += 1
                print(f"ok   {rel} [{who}]")
    print(f"golden: {passed} passed, {failed} failed")
    return 1 if failed or passed == 0 else 0


if __name__ == "__main__":
    sys.exit(main())
