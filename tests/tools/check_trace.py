#!/usr/bin/env python3
"""Checks a trace file written by `forklab run --trace` as a strict reader would.

usage: check_trace.py TRACE.json [--format-version N] [--expect-kinds K1,K2,...]
                                 [--expect-phases P1,P2,...] [--quiet]

The file must be strict JSON (no duplicate keys, no NaN/Infinity) in the Chrome Trace Event
"JSON Object Format", laid out as shared/trace/trace_format.h specifies:
  * otherData.format is "forklab-trace" and otherData.version the expected version;
  * every entry has a phase and an integer pid; every entry but "M" a number ts >= 0;
  * per track (pid, tid): timestamps never go backwards in file order; B/E pairs balance
    and nest (an E closes the innermost open B, with the same name when it gives one);
    X slices have dur >= 0 and nest with each other;
  * counters ("C") carry only numbers in args, and their timestamps per (pid, name) grow;
  * every flow start "s" has exactly one finish "f" with the same id (and vice versa), on
    the same cat, no earlier than the start;
  * recorded events (args.ev, trace_format.h) number otherData.events, their pid is a
    process of otherData.processes.
--expect-kinds: recorded event kinds that must appear (e.g. msg_send,queue_get,thread_switch);
--expect-phases: entry phases that must appear (e.g. s,f,C).
Exit status 0 when the file passes, 1 with one line per problem (at most 20), 2 for usage.
"""
import argparse
import json
import sys


class Problems:
    def __init__(self, path):
        self.path = path
        self.lines = []

    def add(self, msg):
        self.lines.append(msg)

    def __bool__(self):
        return bool(self.lines)


def strict_pairs(pairs):
    seen = {}
    for k, v in pairs:
        if k in seen:
            raise ValueError("duplicate key %r" % k)
        seen[k] = v
    return seen


def reject_constant(name):
    raise ValueError("non-standard number %s" % name)


def is_num(v):
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def check(doc, args, bad):
    if not isinstance(doc, dict):
        bad.add("the top level is not an object")
        return
    other = doc.get("otherData")
    if not isinstance(other, dict):
        bad.add("no otherData object")
        return
    if other.get("format") != "forklab-trace":
        bad.add("otherData.format is %r, not 'forklab-trace'" % other.get("format"))
    if other.get("version") != args.format_version:
        bad.add("otherData.version is %r, want %d" % (other.get("version"), args.format_version))
    if other.get("time_unit") not in ("ns", "ticks"):
        bad.add("otherData.time_unit is %r" % other.get("time_unit"))
    procs = other.get("processes")
    if not isinstance(procs, list):
        bad.add("otherData.processes is not a list")
        procs = []
    events = doc.get("traceEvents")
    if not isinstance(events, list):
        bad.add("traceEvents is not a list")
        return

    last_ts = {}         # (pid, tid) -> ts
    stacks = {}          # (pid, tid) -> [(name, ts)]
    x_ends = {}          # (pid, tid) -> [end of enclosing X slices]
    counter_ts = {}      # (pid, name) -> ts
    flows = {}           # id -> {"s": [...], "f": [...]}
    phases = set()
    kinds = set()
    recorded = 0
    for i, e in enumerate(events):
        where = "traceEvents[%d]" % i
        if not isinstance(e, dict):
            bad.add("%s is not an object" % where)
            continue
        ph = e.get("ph")
        phases.add(ph)
        if not isinstance(ph, str):
            bad.add("%s has no phase" % where)
            continue
        pid = e.get("pid")
        if not isinstance(pid, int) or isinstance(pid, bool):
            bad.add("%s (%s) has no integer pid" % (where, ph))
            continue
        if ph == "M":
            continue
        ts = e.get("ts")
        if not is_num(ts) or ts < 0:
            bad.add("%s (%s) has no ts >= 0" % (where, ph))
            continue
        ev_args = e.get("args")
        if isinstance(ev_args, dict) and "ev" in ev_args:
            recorded += 1
            kinds.add(ev_args["ev"])
            if not (1 <= pid <= len(procs)):
                bad.add("%s: recorded event of pid %d, but %d processes" % (where, pid, len(procs)))
        if ph == "C":
            name = e.get("name")
            if not isinstance(ev_args, dict) or not ev_args or not all(is_num(v) for v in ev_args.values()):
                bad.add("%s: counter %r has non-numeric args %r" % (where, name, ev_args))
            key = (pid, name)
            if ts < counter_ts.get(key, 0):
                bad.add("%s: counter %r goes back in time (%s after %s)" % (where, name, ts, counter_ts[key]))
            counter_ts[key] = ts
            continue
        tid = e.get("tid", 0)
        track = (pid, tid)
        if ts < last_ts.get(track, 0):
            bad.add("%s (%s): track %s goes back in time (%s after %s)" % (where, ph, track, ts, last_ts[track]))
        last_ts[track] = ts
        if ph == "B":
            stacks.setdefault(track, []).append((e.get("name"), ts))
        elif ph == "E":
            st = stacks.get(track)
            if not st:
                bad.add("%s: E on track %s with no open B" % (where, track))
                continue
            name, _ = st.pop()
            if "name" in e and e["name"] != name:
                bad.add("%s: E %r on track %s closes B %r (not nested)" % (where, e["name"], track, name))
        elif ph == "X":
            dur = e.get("dur")
            if not is_num(dur) or dur < 0:
                bad.add("%s: X without dur >= 0" % where)
                continue
            ends = x_ends.setdefault(track, [])
            while ends and ends[-1] <= ts:
                ends.pop()
            if ends and ts + dur > ends[-1] + 1e-9:
                bad.add("%s: X slice [%s, %s] overlaps its enclosing slice on %s" % (where, ts, ts + dur, track))
            ends.append(ts + dur)
        elif ph in ("s", "f"):
            fid = e.get("id")
            if fid is None:
                bad.add("%s: flow %s without id" % (where, ph))
                continue
            flows.setdefault(fid, {"s": [], "f": []})[ph].append((ts, e.get("cat"), where))
        elif ph not in ("i", "I", "n", "t"):
            bad.add("%s: unexpected phase %r" % (where, ph))

    for track, st in stacks.items():
        if st:
            bad.add("track %s ends with %d open B (innermost %r)" % (track, len(st), st[-1][0]))
    for fid, ends in flows.items():
        if len(ends["s"]) != 1 or len(ends["f"]) != 1:
            bad.add("flow id %r has %d starts and %d finishes" % (fid, len(ends["s"]), len(ends["f"])))
            continue
        (sts, scat, swhere), (fts, fcat, fwhere) = ends["s"][0], ends["f"][0]
        if scat != fcat:
            bad.add("flow id %r: cat %r at %s, %r at %s" % (fid, scat, swhere, fcat, fwhere))
        if fts < sts:
            bad.add("flow id %r finishes (%s) before it starts (%s)" % (fid, fts, sts))
    if other.get("events") != recorded:
        bad.add("otherData.events is %r, the file holds %d recorded events" % (other.get("events"), recorded))
    for k in args.expect_kinds:
        if k not in kinds:
            bad.add("no recorded %s event (kinds seen: %s)" % (k, ",".join(sorted(kinds))))
    for p in args.expect_phases:
        if p not in phases:
            bad.add("no entry of phase %r (phases seen: %s)" % (p, ",".join(sorted(x for x in phases if isinstance(x, str)))))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("trace")
    ap.add_argument("--format-version", type=int, default=2)
    ap.add_argument("--expect-kinds", default="", type=lambda s: [x for x in s.split(",") if x])
    ap.add_argument("--expect-phases", default="", type=lambda s: [x for x in s.split(",") if x])
    ap.add_argument("--quiet", action="store_true")
    args = ap.parse_args()
    bad = Problems(args.trace)
    try:
        with open(args.trace, "rb") as f:
            text = f.read().decode("utf-8")
        doc = json.loads(text, object_pairs_hook=strict_pairs, parse_constant=reject_constant)
    except (OSError, UnicodeDecodeError, ValueError) as ex:
        print("check_trace: %s: %s" % (args.trace, ex))
        return 1
    check(doc, args, bad)
    if bad:
        for line in bad.lines[:20]:
            print("check_trace: %s: %s" % (args.trace, line))
        if len(bad.lines) > 20:
            print("check_trace: %s: ... %d more" % (args.trace, len(bad.lines) - 20))
        return 1
    if not args.quiet:
        print("check_trace: %s: ok (%d entries)" % (args.trace, len(doc["traceEvents"])))
    return 0


if __name__ == "__main__":
    sys.exit(main())
