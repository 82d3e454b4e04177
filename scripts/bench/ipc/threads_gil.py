"""The mp_worker job split among 1, 2, ... N threads of one process instead: the GIL lets
only one thread run bytecode at a time, so the speed-up stays near 1.0.

    BENCH metric=speedup_threads x=T ops=ITERATIONS seconds=S
"""
import multiprocessing as mp
import threading
import time

SCALE = 1.0  # the benchmark runners rewrite this line (--quick runs a fraction of the work)


def trabajo(inicio, fin):
    total = 0
    for i in range(inicio, fin):
        total += i * i % 7
    return total


def hilo_worker(inicio, fin, resultados, k):
    resultados[k] = trabajo(inicio, fin)


if __name__ == "__main__":
    n = max(10000, int(6000000 * SCALE))
    esperado = None
    for hilos in range(1, mp.cpu_count() + 1):
        resultados = [0] * hilos
        cortes = [n * k // hilos for k in range(hilos + 1)]
        trabajadores = [threading.Thread(target=hilo_worker, args=(cortes[k], cortes[k + 1], resultados, k))
                        for k in range(hilos)]
        t0 = time.perf_counter()
        for t in trabajadores:
            t.start()
        for t in trabajadores:
            t.join()
        dt = time.perf_counter() - t0
        total = sum(resultados)
        if esperado is None:
            esperado = total
        elif total != esperado:
            raise SystemExit(f"{hilos} threads computed {total}, one computed {esperado}")
        print(f"BENCH metric=speedup_threads x={hilos} ops={n} seconds={dt:.6f}")
