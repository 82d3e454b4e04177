# Repaso 1: ¿por qué multiprocessing ejecuta en paralelo real y threading no? El mismo trabajo
# de CPU, primero en dos hilos de un proceso y después en dos procesos. Los hilos comparten
# el GIL de su proceso y se turnan; cada proceso tiene su propio intérprete y su propio GIL.
# expect: mismo trabajo: True
# expect-re: dos hilos: \d+\.\d{3} s
# expect-re: dos procesos: \d+\.\d{3} s
# expect-re: procesos / hilos: \d+\.\d{2}
import threading
import time
from multiprocessing import Process, Queue

N = 150000


def contar(n, resultados):
    total = 0
    for i in range(n):
        total += i % 3
    resultados.put(total)


def medir(crear):
    resultados = Queue()
    inicio = time.perf_counter()
    trabajadores = [crear(target=contar, args=(N, resultados)) for _ in range(2)]
    for t in trabajadores:
        t.start()
    totales = [resultados.get() for _ in trabajadores]
    for t in trabajadores:
        t.join()
    return time.perf_counter() - inicio, totales


if __name__ == "__main__":
    t_hilos, con_hilos = medir(threading.Thread)
    t_procesos, con_procesos = medir(Process)
    print(f"mismo trabajo: {con_hilos == con_procesos}")
    print(f"dos hilos: {t_hilos:.3f} s")
    print(f"dos procesos: {t_procesos:.3f} s")
    print(f"procesos / hilos: {t_procesos / t_hilos:.2f}")
