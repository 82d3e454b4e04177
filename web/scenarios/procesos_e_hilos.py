# Procesos frente a hilos: un hilo comparte la memoria de su proceso; un proceso hijo trabaja
# sobre su propia copia. Después, el ciclo de vida de un proceso: creado, iniciado, terminado.
# expect: tras el hilo: notas = [10]
# expect: tras el proceso: notas = [10]
# expect: el hijo veía: notas = [10, 20]
# expect: creado: vivo=False, exitcode=None
# expect: iniciado: vivo=True
# expect: terminado tras join(): vivo=False, exitcode=0
import threading
import time
from multiprocessing import Process, Queue

notas = []


def anotar(valor, salida=None):
    notas.append(valor)
    if salida is not None:
        salida.put(list(notas))  # lo que ve el hijo, en su propia memoria


def dormir():
    time.sleep(0.2)


if __name__ == "__main__":
    hilo = threading.Thread(target=anotar, args=(10,))
    hilo.start()
    hilo.join()
    print(f"tras el hilo: notas = {notas}")

    salida = Queue()
    hijo = Process(target=anotar, args=(20, salida))
    hijo.start()
    visto = salida.get()
    hijo.join()
    print(f"tras el proceso: notas = {notas}")
    print(f"el hijo veía: notas = {visto}")

    p = Process(target=dormir)
    print(f"creado: vivo={p.is_alive()}, exitcode={p.exitcode}")
    p.start()
    print(f"iniciado: vivo={p.is_alive()}")
    p.join()
    print(f"terminado tras join(): vivo={p.is_alive()}, exitcode={p.exitcode}")
