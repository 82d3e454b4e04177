# Dos transferencias entre las mismas cuentas, cada una toma primero su cuenta de origen: cada
# proceso tiene un lock y espera el otro. El simulador explica el ciclo en español (CPython se
# quedaría colgado).
# backends: sim
# cpython: skip
# args: --lang es
# expect-exit: 1
# expect-stderr: Deadlock: ningún proceso puede avanzar: todos los procesos vivos están esperando y ninguna espera tiene tiempo límite
# expect-stderr: Process-1 tiene el lock `cuenta_a` y espera el lock `cuenta_b` (línea 21); Process-2 tiene el lock `cuenta_b` y espera el lock `cuenta_a` (línea 28). Es un ciclo de espera: cada uno espera al siguiente, así que ninguno podrá avanzar nunca.
# expect-stderr: MainProcess espera en `p.join()` a que termine Process-1 (línea 37).
from multiprocessing import Process, Lock
import time

cuenta_a = Lock()
cuenta_b = Lock()


def de_a_hacia_b():
    with cuenta_a:
        time.sleep(0.01)
        with cuenta_b:
            print("transferido a b")


def de_b_hacia_a():
    with cuenta_b:
        time.sleep(0.01)
        with cuenta_a:
            print("transferido a a")


if __name__ == "__main__":
    p = Process(target=de_a_hacia_b)
    q = Process(target=de_b_hacia_a)
    p.start()
    q.start()
    p.join()
    q.join()
