"""The locked-counter race: 3 processes add to one shared Value, each increment inside
`with contador.get_lock():`. Every increment is a lock acquire, a shared read, a shared write
and a release, all of them trace events, so this measures the trace recorder and the Host
calls as well as the loop."""
import multiprocessing as mp

SCALE = 1.0  # scripts/bench_sim.py rewrites this line (--scale, --quick)


def sumar(contador, veces):
    for _ in range(veces):
        with contador.get_lock():
            contador.value += 1


if __name__ == "__main__":
    veces = int(200000 * SCALE)
    contador = mp.Value("i", 0)
    procesos = [mp.Process(target=sumar, args=(contador, veces)) for _ in range(3)]
    for p in procesos:
        p.start()
    for p in procesos:
        p.join()
    print("total", contador.value, "de", 3 * veces)
