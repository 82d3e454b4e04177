"""Pool: the per-task cost of Pool.map with chunksize=1 on 2 workers, and the cost of a
Pool's whole life (create, close, join).

    BENCH metric=pool_map x=1 ops=TASKS seconds=S
    BENCH metric=pool_startup x=2 ops=POOLS seconds=S
"""
import multiprocessing as mp
import time

SCALE = 1.0  # the benchmark runners rewrite this line (--quick runs a fraction of the work)


def doble(x):
    return 2 * x


if __name__ == "__main__":
    tareas = max(100, int(5000 * SCALE))
    with mp.Pool(processes=2) as pool:
        pool.map(doble, range(100), chunksize=1)  # warm-up: both workers are running
        t0 = time.perf_counter()
        resultado = pool.map(doble, range(tareas), chunksize=1)
        dt = time.perf_counter() - t0
    if sum(resultado) != tareas * (tareas - 1):
        raise SystemExit("Pool.map returned wrong results")
    print(f"BENCH metric=pool_map x=1 ops={tareas} seconds={dt:.6f}")

    pools = max(3, int(20 * SCALE))
    t0 = time.perf_counter()
    for _ in range(pools):
        pool = mp.Pool(processes=2)
        pool.close()
        pool.join()
    dt = time.perf_counter() - t0
    print(f"BENCH metric=pool_startup x=2 ops={pools} seconds={dt:.6f}")
