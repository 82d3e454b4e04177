# La misma espera en español: el padre hace join() antes de leer la cola del productor.
# backends: sim
# cpython: skip
# args: --lang es
# expect-exit: 1
# expect-stderr: MainProcess espera en `p.join()` a que termine Process-1 (línea 18), pero Process-1 no puede terminar hasta que se lean los 98 KB que puso en la cola `cola`: un proceso que puso elementos en una Queue espera a que se lean antes de terminar, así que haz get() antes de join().
from multiprocessing import Process, Queue


def productor(cola):
    cola.put(b"x" * 100000)


if __name__ == "__main__":
    cola = Queue()
    p = Process(target=productor, args=(cola,))
    p.start()
    p.join()
    print(len(cola.get()))
