# Todos los hilos esperan sin timeout y solo un hilo del mismo proceso podría despertarlos:
# CPython se queda colgado para siempre; forklab termina el proceso con un informe.
# cpython: skip
# expect: antes
# expect-stderr: forklab: deadlock in MainProcess: every thread is waiting and none has a timeout
# expect-stderr: MainThread waits in queue.get()
# expect-stderr: Thread-1 (esperar) waits in event.wait()
# expect-exit: 1
import queue
import threading

cola = queue.Queue()
evento = threading.Event()


def esperar():
    evento.wait()
    cola.put("nunca")


if __name__ == "__main__":
    threading.Thread(target=esperar).start()
    print("antes")
    print(cola.get())
