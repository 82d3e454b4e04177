# Repaso 2: ¿cuál es la diferencia práctica entre Queue y Pipe? Cuatro trabajadores terminan
# en distinto momento (el 0 es el más lento). Con una sola Queue, compartida por todos, los
# resultados llegan en el orden en que terminan. Con Pipe hace falta una por trabajador (una
# Pipe une dos procesos) y el padre lee en el orden que él elige.
# expect: Queue (1 objeto para 4 procesos), orden de llegada: [3, 2, 1, 0]
# expect: Pipe (4 objetos, uno por proceso), orden de lectura: [0, 1, 2, 3]
import time
from multiprocessing import Pipe, Process, Queue

PAUSAS = [0.45, 0.3, 0.15, 0.0]


def trabajar_con_cola(k, cola):
    time.sleep(PAUSAS[k])
    cola.put(k)


def trabajar_con_pipe(k, extremo):
    time.sleep(PAUSAS[k])
    extremo.send(k)
    extremo.close()


if __name__ == "__main__":
    cola = Queue()
    ps = [Process(target=trabajar_con_cola, args=(k, cola)) for k in range(4)]
    for p in ps:
        p.start()
    llegada = [cola.get() for _ in ps]
    for p in ps:
        p.join()
    print(f"Queue (1 objeto para 4 procesos), orden de llegada: {llegada}")

    tuberias = [Pipe(duplex=False) for _ in range(4)]  # (extremo para leer, extremo para escribir)
    ps = [Process(target=trabajar_con_pipe, args=(k, tuberias[k][1])) for k in range(4)]
    for p in ps:
        p.start()
    lectura = [lector.recv() for lector, _ in tuberias]
    for p in ps:
        p.join()
    print(f"Pipe ({len(tuberias)} objetos, uno por proceso), orden de lectura: {lectura}")
