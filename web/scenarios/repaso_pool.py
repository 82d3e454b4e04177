# Repaso 4: ¿cuándo conviene usar Pool en vez de Process manual? 32 tareas pequeñas: un
# Process por tarea (32 arranques) frente a un Pool de 4 procesos que se reparten las tareas.
# expect: mismos resultados: True
# expect-re: Process manual \(32 procesos\): \d+\.\d{3} s
# expect-re: Pool \(4 procesos\): \d+\.\d{3} s
# expect-re: Pool / manual: \d+\.\d{2}
import time
from multiprocessing import Pool, Process, Queue

TAREAS = list(range(32))


def tarea(x):
    return sum(i * x for i in range(200))


def tarea_en_cola(x, cola):
    cola.put((x, tarea(x)))


def con_process():
    cola = Queue()
    ps = [Process(target=tarea_en_cola, args=(x, cola)) for x in TAREAS]
    for p in ps:
        p.start()
    resultados = dict(cola.get() for _ in ps)
    for p in ps:
        p.join()
    return [resultados[x] for x in TAREAS]


def con_pool():
    with Pool(processes=4) as pool:
        return pool.map(tarea, TAREAS)


if __name__ == "__main__":
    inicio = time.perf_counter()
    manual = con_process()
    medio = time.perf_counter()
    repartido = con_pool()
    fin = time.perf_counter()
    print(f"mismos resultados: {manual == repartido}")
    print(f"Process manual ({len(TAREAS)} procesos): {medio - inicio:.3f} s")
    print(f"Pool (4 procesos): {fin - medio:.3f} s")
    print(f"Pool / manual: {(fin - medio) / (medio - inicio):.2f}")
