# A barrier for three parties, but only two processes ever arrive (CPython would hang forever).
# backends: sim
# cpython: skip
# args: --lang en
# expect-exit: 1
# expect-stderr: MainProcess waits in `salida.wait()` (line 20): barrier `salida` needs 3 parties, only 2 have arrived, and no other process can arrive.
# expect-stderr: Process-1 waits in `salida.wait()` (line 12): barrier `salida` needs 3 parties, only 2 have arrived, and no other process can arrive.
from multiprocessing import Process, Barrier


def corredor(salida):
    salida.wait()
    print("¡ya!")


if __name__ == "__main__":
    salida = Barrier(3)
    p = Process(target=corredor, args=(salida,))
    p.start()
    salida.wait()
    p.join()
