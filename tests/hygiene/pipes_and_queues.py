# Pipes and queues between processes, some ends left open at exit: every socket and every
# ring must be gone after the run.
from multiprocessing import Process, Pipe, Queue

def echo(conn, q):
    while True:
        m = conn.recv()
        if m is None:
            break
        conn.send(m * 2)
        q.put(m)

if __name__ == "__main__":
    a, b = Pipe()
    q = Queue()
    p = Process(target=echo, args=(b, q))
    p.start()
    for i in range(100):
        a.send(i)
        assert a.recv() == 2 * i
    a.send(None)
    got = [q.get() for _ in range(100)]
    p.join()
    c, d = Pipe(duplex=False)  # never closed by the scenario
    print(sum(got))
