# Los trabajadores esperan la señal de salida, pero el padre se olvida de dar set() y los
# espera con join() (CPython se quedaría colgado).
# backends: sim
# cpython: skip
# args: --lang es
# expect-exit: 1
# expect-stderr: MainProcess espera en `p.join()` a que termine Process-1 (línea 24).
# expect-stderr: Process-1 espera en `listo.wait()` (línea 14) a que se active el evento `listo`, y ningún otro proceso puede activarlo.
# expect-stderr: Process-2 espera en `listo.wait()` (línea 14) a que se active el evento `listo`, y ningún otro proceso puede activarlo.
from multiprocessing import Process, Event


def trabajador(listo):
    listo.wait()
    print("a trabajar")


if __name__ == "__main__":
    listo = Event()
    ps = [Process(target=trabajador, args=(listo,)) for _ in range(2)]
    for p in ps:
        p.start()
    for p in ps:
        p.join()
