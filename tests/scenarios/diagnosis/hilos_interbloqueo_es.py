# Los hilos de un proceso esperan todos, sin tiempo límite, algo que solo otro hilo del mismo
# proceso podría hacer: el informe del intérprete, en español (CPython se quedaría colgado).
# El idioma llega al intérprete por RunRequest::lang solo en el simulador por ahora.
# backends: sim
# cpython: skip
# args: --lang es
# expect: antes
# expect-stderr: forklab: interbloqueo en MainProcess: todos los hilos están esperando y ninguno tiene tiempo límite
# expect-stderr: MainThread espera en queue.get()
# expect-stderr: Thread-1 (esperar) espera en event.wait()
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
