# Both ends wait in recv() for the other to speak first: a deadlock. The simulator names
# who waits on which pipe (CPython would hang forever).
# backends: sim
# cpython: skip
# expect-exit: 1
# expect-stderr: Process-1 waits in `conn.recv()` (line 11) for a message nobody can send: the other end of the pipe is open in MainProcess and Process-1, and they are all waiting too.
from multiprocessing import Process, Pipe


def hijo(conn):
    pregunta = conn.recv()
    conn.send(pregunta + "?")


if __name__ == "__main__":
    a, b = Pipe()
    p = Process(target=hijo, args=(b,))
    p.start()
    print(a.recv())
    p.join()
