#!/usr/bin/env python3
"""The course catalogue of the browser lab (web/catalogue/), checked as a whole:

1. catalogue.json parses and is well formed: unique ids, a scenario file for every lesson,
   titles, check labels and prediction texts in every language, regular expressions that
   compile, predictions that name a real choice or check.
2. Every lesson has its text in every language (web/catalogue/lessons/<id>.<lang>.html),
   written only with the tags the page's sanitizer keeps (web/lessons.js), balanced, and,
   for a lesson with a prediction, with the explanation the page shows after the run
   (<section class="after-run">). ui.json has every page string in every language.
3. Every lesson's scenario runs under python3 and under forklab on sim, fork and threads, and
   meets the lesson's expected result: exit status and each check (the same rules as the
   page, web/lessons.js: a regex per stdout line, its first group or the count of matching
   lines, compared with equals / notEquals / min / max; a check may be limited to some
   runners with "backends"). Sim runs use the lesson's own seed and cores, as the page does.
   The mp_worker exercise also runs on sim with each core count of its speed-up chart: the
   speed-up must grow with the cores and stay under the ideal.

Usage: catalogue_check.py --forklab build/native/forklab [--runners sim,fork,threads,python3]
Prints one line per check and ends with "catalogue: N passed, N failed" (exit 1 on failure).
"""
import argparse
import json
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WEB = ROOT / "web"
CATALOGUE = WEB / "catalogue"

# Keep in step with ALLOWED_TAGS in web/lessons.js (the page drops anything else).
ALLOWED_TAGS = {"h2", "h3", "h4", "p", "ul", "ol", "li", "code", "pre", "strong", "em", "kbd",
                "a", "br", "blockquote", "table", "thead", "tbody", "tr", "th", "td", "section"}
VOID_TAGS = {"br"}
NUMBER = re.compile(r"^-?\d+(\.\d+)?$")


class Report:
    def __init__(self):
        self.passed = 0
        self.failed = 0

    def ok(self, what):
        self.passed += 1
        print(f"ok   {what}")

    def fail(self, what, problems):
        self.failed += 1
        print(f"FAIL {what}")
        for p in problems:
            print(f"     {p}")

    def expect(self, what, problems):
        (self.fail(what, problems) if problems else self.ok(what))


# [SECTION] catalogue.json ------------------------------------------------------------------

def texts_problems(obj, where, langs):
    if not isinstance(obj, dict):
        return [f"{where}: expected an object with {', '.join(langs)}"]
    return [f"{where}: no text in '{l}'" for l in langs
            if not isinstance(obj.get(l), str) or not obj[l].strip()]


def lesson_problems(lesson, langs):
    p = []
    lid = lesson.get("id", "?")
    if not isinstance(lesson.get("id"), str) or not re.fullmatch(r"[a-z0-9-]+", lesson["id"]):
        p.append(f"id {lesson.get('id')!r} must be lower-case letters, digits and '-'")
    if lesson.get("kind") not in ("lesson", "exercise", "review"):
        p.append(f"{lid}: kind must be lesson, exercise or review")
    scenario = lesson.get("scenario")
    if not isinstance(scenario, str) or not (WEB / "scenarios" / f"{scenario}.py").is_file():
        p.append(f"{lid}: no scenario file web/scenarios/{scenario}.py")
    p += texts_problems(lesson.get("title"), f"{lid}: title", langs)
    run = lesson.get("run", {})
    if run.get("backend", "sim") != "sim":
        p.append(f"{lid}: the page runs lessons on sim (every page has it)")
    expect = lesson.get("expect")
    if not isinstance(expect, dict) or not isinstance(expect.get("checks"), list) or not expect["checks"]:
        return p + [f"{lid}: expect.checks must be a non-empty list"]
    ids = set()
    for c in expect["checks"]:
        cid = c.get("id")
        if cid in ids:
            p.append(f"{lid}: two checks named {cid!r}")
        ids.add(cid)
        p += texts_problems(c.get("label"), f"{lid}.{cid}: label", langs)
        try:
            rx = re.compile(c.get("pattern", ""))
            if not c.get("count") and rx.groups < 1:
                p.append(f"{lid}.{cid}: the pattern needs a group (the value), or count: true")
        except re.error as e:
            p.append(f"{lid}.{cid}: bad pattern: {e}")
        if not any(k in c for k in ("equals", "notEquals", "min", "max")):
            p.append(f"{lid}.{cid}: a check needs equals, notEquals, min or max")
        for b in c.get("backends", []):
            if b not in ("sim", "fork", "threads", "python3"):
                p.append(f"{lid}.{cid}: unknown runner {b!r} in backends")
    pred = lesson.get("prediction")
    if lesson.get("kind") == "review" and pred is None:
        p.append(f"{lid}: a review question needs a prediction")
    if pred is not None:
        p += texts_problems(pred.get("question"), f"{lid}: prediction question", langs)
        if pred.get("type") == "choice":
            choices = pred.get("choices", [])
            if len(choices) < 2:
                p.append(f"{lid}: a choice prediction needs at least two choices")
            for ch in choices:
                p += texts_problems(ch.get("text"), f"{lid}: choice {ch.get('id')}", langs)
            if pred.get("answer") not in [ch.get("id") for ch in choices]:
                p.append(f"{lid}: the answer {pred.get('answer')!r} is not one of the choices")
        elif pred.get("type") == "number":
            if pred.get("check") not in ids:
                p.append(f"{lid}: the prediction compares with check {pred.get('check')!r}, which does not exist")
            if not isinstance(pred.get("tolerance"), (int, float)) or pred["tolerance"] < 0:
                p.append(f"{lid}: a number prediction needs a tolerance >= 0")
        else:
            p.append(f"{lid}: prediction type must be choice or number")
    sp = lesson.get("speedup")
    if sp is not None:
        if sp.get("sequential") not in ids or sp.get("parallel") not in ids:
            p.append(f"{lid}: speedup names checks that do not exist")
        if not sp.get("cores") or sp["cores"][0] != 1:
            p.append(f"{lid}: speedup cores must start at 1")
    return p


# [SECTION] lesson fragments ----------------------------------------------------------------

class FragmentChecker(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack = []
        self.problems = []
        self.after_run = 0
        self.text = []

    def handle_starttag(self, tag, attrs):
        if tag not in ALLOWED_TAGS:
            self.problems.append(f"line {self.getpos()[0]}: <{tag}> is not allowed (the page drops it)")
        for name, value in attrs:
            if tag == "a" and name == "href":
                if not re.match(r"^(https?://|#|[A-Za-z0-9_./-]+$)", value or ""):
                    self.problems.append(f"line {self.getpos()[0]}: unsafe link {value!r}")
            elif tag == "section" and name == "class" and value == "after-run":
                self.after_run += 1
            else:
                self.problems.append(f"line {self.getpos()[0]}: attribute {name} on <{tag}> is not allowed")
        if tag not in VOID_TAGS:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if not self.stack or self.stack[-1] != tag:
            self.problems.append(f"line {self.getpos()[0]}: </{tag}> does not close <{self.stack[-1] if self.stack else '-'}>")
        else:
            self.stack.pop()

    def handle_data(self, data):
        self.text.append(data)


def fragment_problems(path, needs_after_run):
    if not path.is_file():
        return [f"missing {path.relative_to(ROOT)}"], ""
    try:
        source = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as e:
        return [f"{path.name} is not UTF-8: {e}"], ""
    fc = FragmentChecker()
    fc.feed(source)
    fc.close()
    p = list(fc.problems)
    if fc.stack:
        p.append(f"unclosed <{'>, <'.join(fc.stack)}>")
    text = " ".join("".join(fc.text).split())
    if len(text) < 200:
        p.append(f"only {len(text)} characters of text")
    if needs_after_run and fc.after_run != 1:
        p.append('needs one <section class="after-run"> (the explanation after the run)')
    return [f"{path.name}: {x}" for x in p], text


def spanish_problems(text):
    """A Spanish text with no accent or opening mark at all was typed without them."""
    if not re.search(r"[áéíóúñÁÉÍÓÚÑ¿¡]", text):
        return ["the Spanish text has no accents, ñ, ¿ or ¡: written without them?"]
    if text.count("?") > text.count("¿"):
        return ["a Spanish question lacks its opening ¿"]
    return []


# [SECTION] running the scenarios -----------------------------------------------------------

def value_of(check, stdout):
    """The check's value in stdout (None when absent), as web/lessons.js computes it."""
    rx = re.compile(check["pattern"])
    lines = stdout.splitlines()
    if check.get("count"):
        return sum(1 for line in lines if rx.search(line))
    for line in lines:
        m = rx.search(line)
        if m:
            v = m.group(1)
            return float(v) if NUMBER.match(v) else v
    return None


def same(a, b):
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return abs(a - b) < 1e-9
    return str(a) == str(b)


def check_problems(check, value):
    if value is None:
        return [f"{check['id']}: /{check['pattern']}/ is not in the output"]
    p = []
    if "equals" in check and not same(value, check["equals"]):
        p.append(f"{check['id']}: expected {check['equals']!r}, got {value!r}")
    if "notEquals" in check and same(value, check["notEquals"]):
        p.append(f"{check['id']}: expected anything but {check['notEquals']!r}")
    for bound, ok in (("min", lambda v, b: v >= b), ("max", lambda v, b: v <= b)):
        if bound in check:
            if not isinstance(value, (int, float)):
                p.append(f"{check['id']}: {value!r} is not a number")
            elif not ok(value, check[bound]):
                p.append(f"{check['id']}: {value} is out of range ({bound} {check[bound]})")
    return p


def run(cmd, cwd, timeout=120):
    try:
        return subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, timeout=timeout,
                              stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired:
        return None


def command_for(runner, opts, scenario, lesson, cores=None):
    if runner == "python3":
        return [opts.python, f"{scenario}.py"]
    cmd = [opts.forklab, "run", "--backend", runner]
    if runner == "sim":
        r = lesson.get("run", {})
        cmd += ["--seed", str(r.get("seed", 1))]
        c = cores if cores is not None else r.get("cores", 0)
        if c:
            cmd += ["--cores", str(c)]
    return cmd + [f"{scenario}.py"]


def run_lesson(report, lesson, runner, opts):
    what = f"{lesson['id']} ({lesson['scenario']}.py) [{runner}]"
    proc = run(command_for(runner, opts, lesson["scenario"], lesson), WEB / "scenarios")
    if proc is None:
        report.fail(what, ["timed out"])
        return
    problems = []
    want = lesson["expect"].get("exitStatus", 0)
    if proc.returncode != want:
        problems.append(f"exit status {proc.returncode}, expected {want}")
    for c in lesson["expect"]["checks"]:
        if runner in c.get("backends", [runner]):
            problems += check_problems(c, value_of(c, proc.stdout))
    if problems:
        problems += [f"| {t}" for t in (proc.stdout + proc.stderr).strip().splitlines()[-6:]]
    report.expect(what, problems)


def run_speedup(report, lesson, opts):
    sp = lesson["speedup"]
    checks = {c["id"]: c for c in lesson["expect"]["checks"]}
    points, problems = [], []
    for cores in sp["cores"]:
        proc = run(command_for("sim", opts, lesson["scenario"], lesson, cores), WEB / "scenarios")
        if proc is None or proc.returncode != 0:
            problems.append(f"{cores} cores: the run failed")
            continue
        seq = value_of(checks[sp["sequential"]], proc.stdout)
        par = value_of(checks[sp["parallel"]], proc.stdout)
        if not isinstance(seq, float) or not isinstance(par, float) or par <= 0:
            problems.append(f"{cores} cores: no times in the output")
            continue
        points.append((cores, seq / par))
    for (c0, s0), (c1, s1) in zip(points, points[1:]):
        if s1 <= s0:
            problems.append(f"speed-up does not grow from {c0} to {c1} cores ({s0:.2f} -> {s1:.2f})")
    for c, s in points:
        if s > c * 1.02:
            problems.append(f"speed-up {s:.2f} on {c} cores is above the ideal")
    shown = ", ".join(f"{c}: {s:.2f}" for c, s in points)
    report.expect(f"{lesson['id']} speed-up on sim by cores ({shown})", problems)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--forklab", required=True)
    ap.add_argument("--python", default=shutil.which("python3") or "python3")
    ap.add_argument("--runners", default="sim,fork,threads,python3")
    ap.add_argument("--only", help="lesson ids, comma-separated")
    opts = ap.parse_args()
    report = Report()

    try:
        cat = json.loads((CATALOGUE / "catalogue.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        report.fail("catalogue.json parses", [str(e)])
        return 1
    langs = cat.get("languages", [])
    problems = [] if set(langs) >= {"es", "en"} else ["languages must include es and en"]
    lessons = cat.get("lessons", [])
    seen = set()
    for lesson in lessons:
        if lesson.get("id") in seen:
            problems.append(f"two lessons with id {lesson.get('id')!r}")
        seen.add(lesson.get("id"))
        problems += lesson_problems(lesson, langs)
    report.expect(f"catalogue.json: {len(lessons)} lessons, well formed", problems)
    if problems:
        return 1

    try:
        ui = json.loads((CATALOGUE / "ui.json").read_text(encoding="utf-8"))
        p = [f"ui.json: {k}: no text in '{l}'" for k, v in ui.items() for l in langs
             if not isinstance(v, dict) or not isinstance(v.get(l), str) or not v[l]]
    except (OSError, ValueError) as e:
        p = [f"ui.json: {e}"]
    report.expect("ui.json: every page string in every language", p)

    for lesson in lessons:
        texts = {}
        for lang in langs:
            path = CATALOGUE / "lessons" / f"{lesson['id']}.{lang}.html"
            p, texts[lang] = fragment_problems(path, "prediction" in lesson or lesson.get("speedup"))
            if lang == "es" and not p:
                p = spanish_problems(texts[lang])
            report.expect(f"{lesson['id']}: text in '{lang}'", p)
        if len(set(texts.values())) != len(texts):
            report.fail(f"{lesson['id']}: translations", ["two languages have the same text"])

    only = set(opts.only.split(",")) if opts.only else None
    runners = [r for r in opts.runners.split(",") if r]
    for lesson in lessons:
        if only and lesson["id"] not in only:
            continue
        for runner in runners:
            if runner == "python3" and not opts.python:
                continue
            run_lesson(report, lesson, runner, opts)
        if lesson.get("speedup") and "sim" in runners:
            run_speedup(report, lesson, opts)

    print(f"catalogue: {report.passed} passed, {report.failed} failed")
    return 1 if report.failed else 0


if __name__ == "__main__":
    sys.exit(main())
