# Three workers, each takes its own lock and then its neighbour's: a ring of three waits.
# The report walks the cycle in wait order (CPython would hang forever).
# backends: sim
# cpython: skip
# args: --lang en
# expect-exit: 1
# expect-stderr: Process-1 holds lock `rojo` and waits for lock `verde` (line 16: `with vecino`); Process-2 holds lock `verde` and waits for lock `azul` (line 16: `with vecino`); Process-3 holds lock `azul` and waits for lock `rojo` (line 16: `with vecino`). That is a wait-for cycle: each one waits for the next, so none of them can ever go on.
# expect-stderr: MainProcess waits in `p.join()` for Process-1 to end (line 28).
from multiprocessing import Process, Lock
import time


def trabajar(mio, vecino):
    with mio:
        time.sleep(0.01)
        with vecino:
            print("trabajo hecho")


if __name__ == "__main__":
    rojo, verde, azul = Lock(), Lock(), Lock()
    ps = [Process(target=trabajar, args=(rojo, verde)),
          Process(target=trabajar, args=(verde, azul)),
          Process(target=trabajar, args=(azul, rojo))]
    for p in ps:
        p.start()
    for p in ps:
        p.join()
