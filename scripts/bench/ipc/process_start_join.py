"""Process start + join: the cost of one short-lived child, from Process() to join().

Prints one line for the benchmark runners (scripts/bench_ipc.py, `forklab bench`):
    BENCH metric=process_start_join x=1 ops=N seconds=S
"""
import multiprocessing as mp
import time

SCALE = 1.0  # the benchmark runners rewrite this line (--quick runs a fraction of the work)


def nada():
    pass


if __name__ == "__main__":
    # 50 by default: forklab caps a run at 64 processes unless told otherwise.
    n = max(5, int(50 * SCALE))
    calentamiento = mp.Process(target=nada)
    calentamiento.start()
    calentamiento.join()

    t0 = time.perf_counter()
    for _ in range(n):
        p = mp.Process(target=nada)
        p.start()
        p.join()
    dt = time.perf_counter() - t0
    print(f"BENCH metric=process_start_join x=1 ops={n} seconds={dt:.6f}")
