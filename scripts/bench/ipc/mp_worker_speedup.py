"""The course's mp_worker exercise: one CPU-bound job split among 1, 2, ... N processes
(N = every core). The time of each split, start to last join, gives the speed-up t(1)/t(P).

    BENCH metric=speedup_processes x=P ops=ITERATIONS seconds=S
"""
import multiprocessing as mp
import time

SCALE = 1.0  # the benchmark runners rewrite this line (--quick runs a fraction of the work)


def trabajo(inicio, fin):
    total = 0
    for i in range(inicio, fin):
        total += i * i % 7
    return total


def mp_worker(inicio, fin, resultados, k):
    resultados[k] = trabajo(inicio, fin)


if __name__ == "__main__":
    n = max(10000, int(6000000 * SCALE))
    esperado = None
    for procesos in range(1, mp.cpu_count() + 1):
        resultados = mp.Array("q", procesos)
        cortes = [n * k // procesos for k in range(procesos + 1)]
        trabajadores = [mp.Process(target=mp_worker, args=(cortes[k], cortes[k + 1], resultados, k))
                        for k in range(procesos)]
        t0 = time.perf_counter()
        for p in trabajadores:
            p.start()
        for p in trabajadores:
            p.join()
        dt = time.perf_counter() - t0
        total = sum(resultados[:])
        if esperado is None:
            esperado = total
        elif total != esperado:
            raise SystemExit(f"{procesos} processes computed {total}, one computed {esperado}")
        print(f"BENCH metric=speedup_processes x={procesos} ops={n} seconds={dt:.6f}")
