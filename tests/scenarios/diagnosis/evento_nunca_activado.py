# The worker waits for a start signal the parent never gives (CPython would hang forever).
# backends: sim
# cpython: skip
# args: --lang en
# expect-exit: 1
# expect-stderr: Process-1 waits in `listo.wait()` (line 11) for event `listo`, which is not set, and no other process can set it.
from multiprocessing import Process, Event


def trabajador(listo):
    listo.wait()


if __name__ == "__main__":
    listo = Event()
    p = Process(target=trabajador, args=(listo,))
    p.start()
    p.join()
