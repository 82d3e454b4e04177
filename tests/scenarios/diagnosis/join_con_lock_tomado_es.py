# El padre espera al hijo con join() sin soltar el lock que el hijo necesita: un ciclo entre
# un lock y un join (CPython se quedaría colgado).
# backends: sim
# cpython: skip
# args: --lang es
# expect-exit: 1
# expect-stderr: MainProcess tiene el lock `pantalla` y espera en `p.join()` a que termine Process-1 (línea 21); Process-1 espera el lock `pantalla` (línea 12). Es un ciclo de espera: cada uno espera al siguiente, así que ninguno podrá avanzar nunca.
from multiprocessing import Process, Lock


def hijo(pantalla):
    with pantalla:
        print("hijo escribe")


if __name__ == "__main__":
    pantalla = Lock()
    with pantalla:
        p = Process(target=hijo, args=(pantalla,))
        p.start()
        p.join()
