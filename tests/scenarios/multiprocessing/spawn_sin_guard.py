# With the 'spawn' start method the child re-runs the module top level (as __mp_main__);
# without the `if __name__ == "__main__":` guard it tries to start a process again, which
# CPython refuses during the bootstrapping phase: the child fails with exitcode 1.
# (Written by hand from CPython's output: expect_from_python refuses tracebacks that go
# through the standard library; only the lines forklab also prints are checked.)
# expect: nivel superior ejecutado por __main__
# expect: nivel superior ejecutado por __mp_main__
# expect: exitcode del hijo: 1
# expect-stderr: Traceback (most recent call last):
# expect-stderr: spawn_sin_guard.py", line 25, in <module>
# expect-stderr: RuntimeError:
# expect-stderr:         An attempt has been made to start a new process before the
# expect-stderr:         current process has finished its bootstrapping phase.
# expect-stderr:             if __name__ == '__main__':
import multiprocessing as mp


def tarea():
    print("tarea")


print("nivel superior ejecutado por", __name__)
ctx = mp.get_context("spawn")
p = ctx.Process(target=tarea)
p.start()
p.join()
print("exitcode del hijo:", p.exitcode)
