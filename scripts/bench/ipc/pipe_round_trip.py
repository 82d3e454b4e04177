"""Pipe round trip: the parent sends a small int, the child sends it back (ping-pong).

    BENCH metric=pipe_round_trip x=1 ops=N seconds=S
"""
import multiprocessing as mp
import time

SCALE = 1.0  # the benchmark runners rewrite this line (--quick runs a fraction of the work)


def eco(conn, veces):
    for _ in range(veces):
        conn.send(conn.recv())
    conn.close()


if __name__ == "__main__":
    n = max(50, int(5000 * SCALE))
    calentamiento = 100
    padre, hijo = mp.Pipe()
    p = mp.Process(target=eco, args=(hijo, calentamiento + n))
    p.start()
    for i in range(calentamiento):
        padre.send(i)
        padre.recv()

    t0 = time.perf_counter()
    for i in range(n):
        padre.send(i)
        if padre.recv() != i:
            raise SystemExit("the echo came back wrong")
    dt = time.perf_counter() - t0
    p.join()
    print(f"BENCH metric=pipe_round_trip x=1 ops={n} seconds={dt:.6f}")
