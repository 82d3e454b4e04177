"""Pipe throughput: a child sends messages of 64 B to 1 MiB with send_bytes() as fast as it
can; the parent receives them with recv_bytes(). One line per message size:

    BENCH metric=pipe_throughput x=BYTES ops=MESSAGES seconds=S
"""
import multiprocessing as mp
import time

SCALE = 1.0  # the benchmark runners rewrite this line (--quick runs a fraction of the work)

TAMANOS = [64, 1024, 16384, 65536, 1048576]


def cuantos(tamano):
    # Up to 20000 messages and 64 MiB per size, so every size takes a comparable time.
    return max(4, int(min(20000, (64 << 20) // tamano) * SCALE))


def emisor(conn):
    while True:
        tamano = conn.recv()
        if tamano == 0:
            break
        mensaje = bytes(tamano)
        for _ in range(cuantos(tamano)):
            conn.send_bytes(mensaje)
    conn.close()


if __name__ == "__main__":
    padre, hijo = mp.Pipe()
    p = mp.Process(target=emisor, args=(hijo,))
    p.start()
    for tamano in TAMANOS:
        n = cuantos(tamano)
        t0 = time.perf_counter()
        padre.send(tamano)
        for _ in range(n):
            if len(padre.recv_bytes()) != tamano:
                raise SystemExit("a message arrived cut")
        dt = time.perf_counter() - t0
        print(f"BENCH metric=pipe_throughput x={tamano} ops={n} seconds={dt:.6f}")
    padre.send(0)
    p.join()
