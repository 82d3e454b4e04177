# An uncaught exception in a thread: CPython's "Exception in thread NAME:" report on stderr
# (its frames inside threading.py are not compared: forklab shows the scenario's frames only).
# expect: vivo: False
# expect: resultado 2.0
# expect: el principal sigue
# expect-stderr: Exception in thread Thread-1 (dividir):
# expect-stderr: Traceback (most recent call last):
# expect-stderr: thread_exception.py", line 16, in dividir
# expect-stderr: ZeroDivisionError: division by zero
# Una excepción no capturada en un hilo se informa en stderr y el hilo termina;
# el proceso sigue y termina con código 0.
import threading


def dividir(a, b):
    print("resultado", a / b)


if __name__ == "__main__":
    h = threading.Thread(target=dividir, args=(1, 0))
    h.start()
    h.join()
    print("vivo:", h.is_alive())
    h2 = threading.Thread(target=dividir, args=(6, 3))
    h2.start()
    h2.join()
    print("el principal sigue")
