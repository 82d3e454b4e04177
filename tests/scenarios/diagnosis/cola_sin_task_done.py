# The parent waits in join() for the queue's tasks, but the worker never calls task_done()
# (CPython would hang forever).
# backends: sim
# cpython: skip
# args: --lang en
# expect-exit: 1
# expect: hecho 0
# expect: hecho 1
# expect-stderr: MainProcess waits in `tareas.join()` (line 25): 2 items put on queue `tareas` have had no task_done(), and no other process can call it.
from multiprocessing import Process, JoinableQueue


def trabajador(tareas):
    while True:
        t = tareas.get()
        print("hecho", t, flush=True)


if __name__ == "__main__":
    tareas = JoinableQueue()
    p = Process(target=trabajador, args=(tareas,), daemon=True)
    p.start()
    for t in range(2):
        tareas.put(t)
    tareas.join()
