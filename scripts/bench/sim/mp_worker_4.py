"""The course's mp_worker exercise: one CPU-bound job split among 4 processes on the default
2 virtual cores, each writing its part into a shared Array. The scheduler interleaves the
workers in seeded bursts of a few instructions, so this measures dispatch plus scheduling."""
import multiprocessing as mp

SCALE = 1.0  # scripts/bench_sim.py rewrites this line (--scale, --quick)


def trabajo(inicio, fin):
    total = 0
    for i in range(inicio, fin):
        total += i * i % 7
    return total


def mp_worker(inicio, fin, resultados, k):
    resultados[k] = trabajo(inicio, fin)


if __name__ == "__main__":
    n = int(4000000 * SCALE)
    procesos = 4
    resultados = mp.Array("q", procesos)
    cortes = [n * k // procesos for k in range(procesos + 1)]
    trabajadores = [mp.Process(target=mp_worker, args=(cortes[k], cortes[k + 1], resultados, k))
                    for k in range(procesos)]
    for p in trabajadores:
        p.start()
    for p in trabajadores:
        p.join()
    print("checksum", sum(resultados[:]))
