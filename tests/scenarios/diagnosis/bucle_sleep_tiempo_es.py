# Un proceso que sondea una bandera que nadie cambia, durmiendo entre sondeos: no gasta
# instrucciones, pero el tiempo virtual pasa; el límite de tiempo detiene la ejecución
# (CPython seguiría para siempre).
# backends: sim
# cpython: skip
# args: --lang es --max-time 30
# expect-exit: 1
# expect-stderr: LimitExceeded: el tiempo virtual llegó a su límite de 30 s (--max-time, RunLimits.max_virtual_seconds) sin que la ejecución terminara: los procesos siguieron ejecutándose, durmiendo o esperando con tiempo límite
# expect-stderr: MainProcess estaba esperando en `p.join()` en la línea 24, tras 
# expect-stderr: Process-1 estaba durmiendo en `time.sleep(0.5)` en la línea 17, tras 
from multiprocessing import Process, Value
import time


def vigilar(fin):
    while fin.value == 0:
        time.sleep(0.5)


if __name__ == "__main__":
    fin = Value("i", 0)
    p = Process(target=vigilar, args=(fin,))
    p.start()
    p.join()
