# Ejercicio final: de secuencial a paralelo. mp_worker hace un trabajo de CPU; primero se
# llama tarea a tarea en un solo proceso y después se reparte con un Pool de tantos procesos
# como núcleos. Los dos tiempos se miden en el mismo programa con time.perf_counter() (en el
# simulador, el reloj virtual), así que su cociente es la aceleración.
# expect: mismos resultados: True
# expect-re: secuencial: \d+\.\d{4} s
# expect-re: paralelo con \d+ procesos: \d+\.\d{4} s
# expect-re: aceleración: \d+\.\d{2}x
import time
from multiprocessing import Pool, cpu_count

TAREAS = [40000] * 8  # ocho trabajos iguales


def mp_worker(n):
    total = 0
    for i in range(n):
        total += i * i % 7
    return total


def secuencial(tareas):
    return [mp_worker(n) for n in tareas]


def paralelo(tareas, procesos):
    with Pool(processes=procesos) as pool:
        return pool.map(mp_worker, tareas)


if __name__ == "__main__":
    procesos = cpu_count()
    inicio = time.perf_counter()
    uno = secuencial(TAREAS)
    medio = time.perf_counter()
    varios = paralelo(TAREAS, procesos)
    fin = time.perf_counter()
    print(f"mismos resultados: {uno == varios}")
    print(f"secuencial: {medio - inicio:.4f} s")
    print(f"paralelo con {procesos} procesos: {fin - medio:.4f} s")
    print(f"aceleración: {(medio - inicio) / (fin - medio):.2f}x")
