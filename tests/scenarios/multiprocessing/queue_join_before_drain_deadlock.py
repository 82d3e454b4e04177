# The documented hazard: the child put more than fits in the queue's pipe, so it cannot
# exit until someone reads it, and the parent joins it before reading: deadlock. forklab's
# simulator detects it and names it (CPython would hang forever).
# backends: sim
# cpython: skip
# expect-exit: 1
# expect-stderr: Deadlock: no process can run: MainProcess (line 19) waits for join() of Process-1; Process-1 cannot exit: 1 MB it put on a queue has not been read
from multiprocessing import Process, Queue


def productor(q):
    q.put(b"x" * (1 << 20))


if __name__ == "__main__":
    q = Queue()
    p = Process(target=productor, args=(q,))
    p.start()
    p.join()
    print(len(q.get()))
