# A worker that never stops (its exit condition is never true) while the parent waits for its
# result: the instruction budget stops the run and says where each process was (CPython
# would run forever).
# backends: sim
# cpython: skip
# args: --lang en --max-instructions 300000
# expect-exit: 1
# expect-stderr: LimitExceeded: the run reached its budget of 300000 instructions (--max-instructions, RunLimits.max_instructions) without finishing: a loop that never ends, or processes that keep each other busy without progress
# expect-stderr: MainProcess was waiting on `q.get()` at line 25, after 
# expect-stderr: Process-1 was still running at line 16, after 
from multiprocessing import Process, Queue


def contar(q):
    n = 0
    while n != -1:
        n += 1
    q.put(n)


if __name__ == "__main__":
    q = Queue()
    p = Process(target=contar, args=(q,))
    p.start()
    print(q.get())
    p.join()
