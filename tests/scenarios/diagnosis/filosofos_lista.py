# Dining philosophers with the forks in a list: a fork has no variable of its own, so the
# report tells them apart by number (CPython would hang forever).
# backends: sim
# cpython: skip
# args: --lang en
# expect-exit: 1
# expect-stderr: Process-1 holds a Lock (no. 1) and waits for a Lock (no. 2) (line 15); Process-2 holds a Lock (no. 2) and waits for a Lock (no. 3) (line 15); Process-3 holds a Lock (no. 3) and waits for a Lock (no. 1) (line 15). That is a wait-for cycle: each one waits for the next, so none of them can ever go on.
from multiprocessing import Process, Lock
import time


def filosofo(tenedores, i):
    with tenedores[i]:
        time.sleep(0.01)
        with tenedores[(i + 1) % len(tenedores)]:
            print(f"{i} come")


if __name__ == "__main__":
    tenedores = [Lock() for _ in range(3)]
    ps = [Process(target=filosofo, args=(tenedores, i)) for i in range(3)]
    for p in ps:
        p.start()
    for p in ps:
        p.join()
