# Both ends wait in recv() for the other to speak first: a deadlock. The simulator names
# who waits on which pipe (CPython would hang forever).
# backends: sim
# cpython: skip
# expect-exit: 1
# expect-stderr: Deadlock: no process can run: MainProcess (line 19) waits for conn.recv() on an empty pipe whose other end is still open in MainProcess and Process-1; Process-1 (line 11) waits for conn.recv() on an empty pipe whose other end is still open in MainProcess and Process-1
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
