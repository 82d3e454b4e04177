# The main process receives inside sum() from a pipe whose child never sends: the nested
# wait ends with the simulator's deadlock report (CPython would hang forever).
# backends: sim
# cpython: skip
# expect: esperando
# expect-exit: 1
# expect-stderr: Process-1 waits in `conn.recv()` (line 12) for a message nobody can send: the other end of the pipe is open in MainProcess and Process-1, and they are all waiting too.
from multiprocessing import Process, Pipe


def callado(conn):
    conn.recv()


if __name__ == "__main__":
    a, b = Pipe()
    p = Process(target=callado, args=(b,))
    p.start()
    print("esperando")
    total = sum(a.recv() for _ in range(2))
    print("nunca", total)
