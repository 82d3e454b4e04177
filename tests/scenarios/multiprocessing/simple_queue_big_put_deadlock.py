# SimpleQueue has no feeder thread: put() writes into the pipe itself, so an item larger
# than the pipe blocks the child until someone reads it, and joining it first deadlocks.
# The simulator names it (CPython would hang forever).
# backends: sim
# cpython: skip
# expect-exit: 1
# expect-stderr: Process-1 waits in `q.put(...)` (line 12): the item is larger than the queue's pipe (64 KB) and nobody reads it.
from multiprocessing import Process, SimpleQueue


def hijo(q):
    q.put(b"x" * 100000)


if __name__ == "__main__":
    q = SimpleQueue()
    p = Process(target=hijo, args=(q,))
    p.start()
    p.join()
    print(len(q.get()))
