# El padre cierra su extremo sin enviar nada; el hijo heredó ambos extremos y no cerró el que
# no usa, así que recv() espera un mensaje que solo él mismo podría enviar. Un fin de fichero
# (EOFError) llegaría si cerrara ese extremo (CPython se quedaría colgado).
# backends: sim
# cpython: skip
# args: --lang es
# expect-exit: 1
# expect: hijo: espero
# expect-stderr: MainProcess espera en `p.join()` a que termine Process-1 (línea 24).
# expect-stderr: Process-1 espera en `conn.recv()` (línea 16) un mensaje que nadie puede enviar: el otro extremo de la tubería solo está abierto en el propio Process-1 (cierra el extremo que un proceso no usa, o envía antes de recibir).
from multiprocessing import Process, Pipe


def hijo(conn):
    print("hijo: espero", flush=True)
    print(conn.recv())


if __name__ == "__main__":
    padre, extremo_hijo = Pipe()
    p = Process(target=hijo, args=(extremo_hijo,))
    p.start()
    padre.close()
    p.join()
