# The main process receives inside sum() from a pipe whose child never sends: the nested
# wait ends with the simulator's deadlock report (CPython would hang forever).
# backends: sim
# cpython: skip
# expect: esperando
# expect-exit: 1
# expect-stderr: Deadlock: no process can run: MainProcess (line 20) waits for conn.recv() on an empty pipe whose other end is still open in MainProcess and Process-1; Process-1 (line 12) waits for conn.recv() on an empty pipe whose other end is still open in MainProcess and Process-1
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
