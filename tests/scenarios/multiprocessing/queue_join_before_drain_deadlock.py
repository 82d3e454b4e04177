# The documented hazard: the child put more than fits in the queue's pipe, so it cannot
# exit until someone reads it, and the parent joins it before reading: deadlock. forklab's
# simulator detects it and names it (CPython would hang forever).
# backends: sim
# cpython: skip
# expect-exit: 1
# expect-stderr: MainProcess waits in `p.join()` for Process-1 to end (line 19), but Process-1 cannot end until the 1 MB it put on queue `q` is read: a process that put items on a Queue waits for them to be read before it exits, so get() them before join().
from multiprocessing import Process, Queue


def productor(q):
    q.put(b"x" * (1 << 20))


if __name__ == "__main__":
    q = Queue()
    p = Process(target=productor, args=(q,))
    p.start()
    p.join()
    print(len(q.get()))
