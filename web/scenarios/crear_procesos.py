# Crear y gestionar procesos: Process(target, args, name), start(), join(), is_alive() y
# current_process(). Cada trabajador saluda con su nombre; el orden de los saludos depende
# de quién llegue antes a print, así que se comprueba sin orden. Cada saludo se escribe de una
# vez (con su "\n" y flush=True): si no, CPython puede mezclar las líneas de dos procesos.
# order: any
# expect: principal: MainProcess
# expect: trabajador-1 calcula 1 * 1 = 1 (otro PID: True)
# expect: trabajador-2 calcula 2 * 2 = 4 (otro PID: True)
# expect: trabajador-3 calcula 3 * 3 = 9 (otro PID: True)
# expect: vivos tras join(): 0
# expect: códigos de salida: [0, 0, 0]
import os
from multiprocessing import Process, current_process


def trabajar(n, pid_padre):
    yo = current_process()
    otro_pid = os.getpid() != pid_padre
    print(f"{yo.name} calcula {n} * {n} = {n * n} (otro PID: {otro_pid})\n", end="", flush=True)


if __name__ == "__main__":
    print(f"principal: {current_process().name}")
    trabajadores = [
        Process(target=trabajar, args=(n, os.getpid()), name=f"trabajador-{n}")
        for n in (1, 2, 3)
    ]
    for t in trabajadores:
        t.start()
    for t in trabajadores:
        t.join()
    print(f"vivos tras join(): {sum(t.is_alive() for t in trabajadores)}")
    print(f"códigos de salida: {[t.exitcode for t in trabajadores]}")
