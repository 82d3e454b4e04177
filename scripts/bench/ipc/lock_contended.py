"""Contended Lock: two processes increment one shared Value, each increment inside
`with contador.get_lock():` (the Value's own lock, as the course does it). The total must be
exact. The clock starts when the parent releases both workers and stops at the later worker's
last increment.

    BENCH metric=lock_contended x=2 ops=INCREMENTS seconds=S
"""
import multiprocessing as mp
import time

SCALE = 1.0  # the benchmark runners rewrite this line (--quick runs a fraction of the work)


def sumar(contador, salida, fines, k, veces):
    salida.acquire()
    salida.release()
    for _ in range(veces):
        with contador.get_lock():
            contador.value += 1
    fines[k] = time.perf_counter()


if __name__ == "__main__":
    veces = max(100, int(50000 * SCALE))
    contador = mp.Value("i", 0)
    salida = mp.Lock()
    fines = mp.Array("d", 2)
    salida.acquire()
    procesos = [mp.Process(target=sumar, args=(contador, salida, fines, k, veces))
                for k in range(2)]
    for p in procesos:
        p.start()
    time.sleep(0.05)  # let both workers reach the start lock
    t0 = time.perf_counter()
    salida.release()
    for p in procesos:
        p.join()
    dt = max(fines[:]) - t0
    if contador.value != 2 * veces:
        raise SystemExit(f"the locked counter is {contador.value}, not {2 * veces}")
    print(f"BENCH metric=lock_contended x=2 ops={2 * veces} seconds={dt:.6f}")
