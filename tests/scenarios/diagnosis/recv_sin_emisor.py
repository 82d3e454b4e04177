# The child waits for a message the parent never sends, and the parent waits for the child
# to end: nobody can send. The report says who still holds the other end of the pipe
# (CPython would hang forever).
# backends: sim
# cpython: skip
# args: --lang en
# expect-exit: 1
# expect-stderr: MainProcess waits in `p.join()` for Process-1 to end (line 22).
# expect-stderr: Process-1 waits in `conn.recv()` (line 14) for a message nobody can send: the other end of the pipe is open in MainProcess and Process-1, and they are all waiting too.
from multiprocessing import Process, Pipe


def hijo(conn):
    pedido = conn.recv()
    print("recibido", pedido)


if __name__ == "__main__":
    padre, extremo_hijo = Pipe()
    p = Process(target=hijo, args=(extremo_hijo,))
    p.start()
    p.join()
