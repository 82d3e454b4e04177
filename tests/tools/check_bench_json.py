#!/usr/bin/env python3
"""Checks a `forklab bench --json` file against docs/bench-json.md, strictly: the whole file is
one JSON value (no trailing data), no duplicate keys, no NaN/Infinity, exactly the documented
keys with the documented types, and the plots agree with the measurements.

usage: check_bench_json.py FILE [--ok NAME ...] [--missing-api-only] [--interrupted]

--ok NAME: that experiment must have status "ok" and at least one measurement (the test names
the experiments forklab can already run). --missing-api-only: an experiment may fail only
because forklab lacks an API yet (AttributeError "has no attribute", NotSupported), never with a
wrong answer or a crash. --interrupted: the file must say it was interrupted.
Exit 0 when the file is valid; otherwise 1 with one line per problem.
"""
import argparse
import json
import math
import sys

STATUSES = {"ok", "failed", "interrupted", "not_run"}
TOP = {"format": str, "version": int, "forklab": str, "backend": str, "cores": int, "cpu": str,
       "scale": (int, float), "complete": bool, "interrupted": bool, "experiments": list, "plots": list}
EXPERIMENT = {"name": str, "status": str, "error": (str, type(None)), "wall_seconds": (int, float),
              "measurements": list}
MEASUREMENT = {"metric": str, "x": int, "ops": int, "seconds": (int, float), "seconds_per_op": (int, float),
               "ops_per_second": (int, float, type(None))}
PLOT = {"id": str, "title": str, "x_label": str, "x_scale": str, "y_label": str, "y_scale": str, "series": list}
SERIES = {"name": str, "points": list}
SCALES = {"linear", "log2", "log10"}
MISSING_API = ("has no attribute", "NotSupported", "No module named")


def no_duplicates(pairs):
    keys = [k for k, _ in pairs]
    dup = {k for k in keys if keys.count(k) > 1}
    if dup:
        raise ValueError(f"duplicate keys {sorted(dup)}")
    return dict(pairs)


def no_constants(name):
    raise ValueError(f"non-standard number {name}")


def is_type(v, types):
    if isinstance(v, bool) and bool not in (types if isinstance(types, tuple) else (types,)):
        return False  # bool is an int in Python; JSON keeps them apart
    return isinstance(v, types)


def check_keys(obj, spec, where, problems):
    if not isinstance(obj, dict):
        problems.append(f"{where}: not an object")
        return False
    if set(obj) != set(spec):
        problems.append(f"{where}: keys {sorted(obj)}, want {sorted(spec)}")
        return False
    for k, t in spec.items():
        if not is_type(obj[k], t):
            problems.append(f"{where}.{k}: {obj[k]!r} has the wrong type")
    return True


def check(doc, ok_names, want_interrupted, missing_api_only=False):
    problems = []
    if not check_keys(doc, TOP, "top", problems):
        return problems
    if doc["format"] != "forklab-bench" or doc["version"] != 1:
        problems.append(f"format/version {doc['format']!r}/{doc['version']!r}")
    if doc["backend"] != "fork" or doc["cores"] < 1 or not doc["scale"] > 0:
        problems.append("backend, cores or scale out of range")
    if doc["interrupted"] != want_interrupted:
        problems.append(f"interrupted is {doc['interrupted']}, want {want_interrupted}")
    by_name = {}
    for i, e in enumerate(doc["experiments"]):
        where = f"experiments[{i}]"
        if not check_keys(e, EXPERIMENT, where, problems):
            continue
        by_name[e["name"]] = e
        if e["status"] not in STATUSES:
            problems.append(f"{where}: status {e['status']!r}")
        if (e["status"] == "failed") != (e["error"] is not None):
            problems.append(f"{where}: error must be given exactly when the status is failed")
        elif missing_api_only and e["error"] and not any(m in e["error"] for m in MISSING_API):
            problems.append(f"experiment {e['name']} failed, not for a missing API: {e['error']}")
        for k, m in enumerate(e["measurements"]):
            mw = f"{where}.measurements[{k}]"
            if not check_keys(m, MEASUREMENT, mw, problems):
                continue
            if m["ops"] < 1 or m["seconds"] < 0:
                problems.append(f"{mw}: ops or seconds out of range")
            elif not math.isclose(m["seconds_per_op"], m["seconds"] / m["ops"], rel_tol=1e-6, abs_tol=1e-15):
                problems.append(f"{mw}: seconds_per_op is not seconds/ops")
    complete = not doc["interrupted"] and all(e.get("status") == "ok" for e in doc["experiments"])
    if doc["complete"] != complete:
        problems.append(f"complete is {doc['complete']}, the experiments say {complete}")
    for name in ok_names:
        e = by_name.get(name)
        if not e or e["status"] != "ok" or not e["measurements"]:
            problems.append(f"experiment {name} did not run ok: {e and (e['status'], e['error'])}")

    plots = {}
    for i, p in enumerate(doc["plots"]):
        where = f"plots[{i}]"
        if not check_keys(p, PLOT, where, problems):
            continue
        plots[p["id"]] = p
        if p["x_scale"] not in SCALES or p["y_scale"] not in SCALES:
            problems.append(f"{where}: unknown axis scale")
        for k, s in enumerate(p["series"]):
            if not check_keys(s, SERIES, f"{where}.series[{k}]", problems):
                continue
            for pt in s["points"]:
                if not (isinstance(pt, list) and len(pt) == 2 and all(is_type(v, (int, float)) for v in pt)):
                    problems.append(f"{where}.series[{k}]: point {pt!r} is not [x, y]")
    if set(plots) != {"speedup", "ipc_cost"}:
        problems.append(f"plots {sorted(plots)}, want ['ipc_cost', 'speedup']")
    else:
        # The speed-up plot's processes series is t(1)/t(n) of the measurements.
        lines = [m for e in doc["experiments"] for m in e["measurements"] if m["metric"] == "speedup_processes"]
        t = {m["x"]: m["seconds"] for m in lines}
        want = [[x, t[1] / t[x]] for x in sorted(t) if 1 in t and t[x] > 0]
        got = next((s["points"] for s in plots["speedup"]["series"] if s["name"] == "processes"), None)
        if got is None or len(got) != len(want) or any(
                g[0] != w[0] or not math.isclose(g[1], w[1], rel_tol=1e-6) for g, w in zip(got, want)):
            problems.append(f"speedup plot {got} does not match the measurements {want}")
    return problems


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("file")
    ap.add_argument("--ok", nargs="*", default=[])
    ap.add_argument("--missing-api-only", action="store_true")
    ap.add_argument("--interrupted", action="store_true")
    opts = ap.parse_args()
    try:
        with open(opts.file, encoding="utf-8") as f:
            text = f.read()
        doc = json.loads(text, object_pairs_hook=no_duplicates, parse_constant=no_constants)
    except (OSError, UnicodeDecodeError, ValueError) as e:
        print(f"check_bench_json: {opts.file}: {e}")
        return 1
    problems = check(doc, opts.ok, opts.interrupted, opts.missing_api_only)
    for p in problems:
        print(f"check_bench_json: {opts.file}: {p}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
