# Two processes take the same two locks in opposite order: each holds one and waits for the
# other, a wait-for cycle. The simulator names the locks as the program names them (CPython
# would hang forever).
# backends: sim
# cpython: skip
# args: --lang en
# expect-exit: 1
# expect-stderr: Deadlock: no process can run
# expect-stderr: Process-1 holds lock `a` and waits for lock `b` (line 18: `with destino`); Process-2 holds lock `b` and waits for lock `a` (line 18: `with destino`). That is a wait-for cycle
# expect-stderr: MainProcess waits in `p1.join()` for Process-1 to end (line 29).
from multiprocessing import Process, Lock
import time


def transferir(origen, destino):
    with origen:
        time.sleep(0.1)
        with destino:
            print("nunca llega")


if __name__ == "__main__":
    a = Lock()
    b = Lock()
    p1 = Process(target=transferir, args=(a, b))
    p2 = Process(target=transferir, args=(b, a))
    p1.start()
    p2.start()
    p1.join()
    p2.join()
