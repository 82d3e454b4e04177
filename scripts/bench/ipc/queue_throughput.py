"""Queue throughput: P producer processes put small ints on one Queue, C consumer processes
get them, 1->1 and 2->2. The clock starts when the parent releases the producers (a Lock they
wait on) and stops at the last consumer's last get(). One line per shape (x = producers):

    BENCH metric=queue_throughput x=P ops=ITEMS seconds=S
"""
import multiprocessing as mp
import time

SCALE = 1.0  # the benchmark runners rewrite this line (--quick runs a fraction of the work)


def productor(cola, salida, cuantos):
    salida.acquire()
    salida.release()
    for i in range(cuantos):
        cola.put(i)


def consumidor(cola, cuantos, fines, k):
    for _ in range(cuantos):
        cola.get()
    fines[k] = time.perf_counter()


def medir(productores, consumidores, total):
    cola = mp.Queue()
    salida = mp.Lock()
    fines = mp.Array("d", consumidores)
    salida.acquire()
    procesos = [mp.Process(target=consumidor, args=(cola, total // consumidores, fines, k))
                for k in range(consumidores)]
    procesos += [mp.Process(target=productor, args=(cola, salida, total // productores))
                 for _ in range(productores)]
    for p in procesos:
        p.start()
    time.sleep(0.05)  # let every producer reach the lock
    t0 = time.perf_counter()
    salida.release()
    for p in procesos:
        p.join()
    return max(fines[:]) - t0


if __name__ == "__main__":
    total = max(100, int(30000 * SCALE)) // 2 * 2
    for n in (1, 2):
        dt = medir(n, n, total)
        print(f"BENCH metric=queue_throughput x={n} ops={total} seconds={dt:.6f}")
