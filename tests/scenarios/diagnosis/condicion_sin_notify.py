# The consumer waits on a condition the producer never notifies: the producer puts its item
# and ends without notify() (CPython would hang forever).
# backends: sim
# cpython: skip
# args: --lang en
# expect-exit: 1
# expect-stderr: Deadlock: no process can run: every process still alive is waiting, and no wait has a timeout
# expect-stderr: MainProcess waits in `hay.wait()` (line 23) on condition `hay`, and no other process can notify it.
from multiprocessing import Process, Condition, Value


def productor(hay, dato):
    with hay:
        dato.value = 42


if __name__ == "__main__":
    hay = Condition()
    dato = Value("i", 0)
    with hay:
        p = Process(target=productor, args=(hay, dato))
        p.start()
        hay.wait()
    print(dato.value)
    p.join()
