# An exception in a subclass's run(): "Process NAME:" and the traceback on stderr, exitcode 1.
# (Written by hand from CPython's output: expect_from_python refuses tracebacks that go
# through the standard library.)
# expect: buscando la clave b
# expect: exitcode: 1
# expect-stderr: Process Fragil-1:
# expect-stderr: Traceback (most recent call last):
# expect-stderr: proc_excepcion_en_run.py", line 18, in run
# expect-stderr:     return datos["b"]
# expect-stderr: KeyError: 'b'
from multiprocessing import Process


class Fragil(Process):
    def run(self):
        datos = {"a": 1}
        print("buscando la clave b", flush=True)
        return datos["b"]


if __name__ == "__main__":
    p = Fragil()
    p.start()
    p.join()
    print("exitcode:", p.exitcode)
