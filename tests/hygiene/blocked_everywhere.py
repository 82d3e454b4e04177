# Children blocked in every kind of wait (a queue get, a pipe recv, a held lock, a condition,
# a semaphore) and MainProcess at a barrier: the harness sends Ctrl-C meanwhile.
import os
from multiprocessing import Barrier, Condition, Lock, Pipe, Process, Queue, Semaphore


def report():
    print("pid", os.getpid(), flush=True)


def on_queue(q):
    report()
    q.get()


def on_pipe(conn):
    report()
    conn.recv()


def on_lock(lock):
    report()
    lock.acquire()


def on_condition(cond):
    report()
    with cond:
        cond.wait()


def on_semaphore(sem):
    report()
    sem.acquire()


if __name__ == "__main__":
    q = Queue()
    a, b = Pipe()
    lock = Lock()
    lock.acquire()
    cond = Condition()
    sem = Semaphore(0)
    ps = [Process(target=on_queue, args=(q,)), Process(target=on_pipe, args=(b,)),
          Process(target=on_lock, args=(lock,)), Process(target=on_condition, args=(cond,)),
          Process(target=on_semaphore, args=(sem,))]
    for p in ps:
        p.start()
    Barrier(2).wait()
