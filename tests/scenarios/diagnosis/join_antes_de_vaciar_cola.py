# The parent joins the producer before reading what it produced: the producer cannot end
# until its items are read, as the multiprocessing docs warn (CPython would hang forever).
# backends: sim
# cpython: skip
# args: --lang en
# expect-exit: 1
# expect-stderr: MainProcess waits in `p.join()` for Process-1 to end (line 20), but Process-1 cannot end until the 121 KB it put on queue `resultados` is read: a process that put items on a Queue waits for them to be read before it exits, so get() them before join().
from multiprocessing import Process, Queue


def productor(resultados):
    for i in range(5000):
        resultados.put("resultado número %d" % i)


if __name__ == "__main__":
    resultados = Queue()
    p = Process(target=productor, args=(resultados,))
    p.start()
    p.join()
    print(resultados.qsize())
