# Process life cycle: creation, start(), running, end, join() by the parent.
# expect: antes de start: Process-1 None None False
# expect: en el hijo: Process-1 True
# expect: despues de join: False 0 True
# expect: padre: MainProcess
# expect: segundo: Process-2 7
from multiprocessing import Process, current_process
import os


def trabajo(padre_pid):
    yo = current_process()
    print("en el hijo:", yo.name, os.getppid() == padre_pid)


def sale_con(codigo):
    import sys
    sys.exit(codigo)


if __name__ == "__main__":
    p = Process(target=trabajo, args=(os.getpid(),))
    print("antes de start:", p.name, p.pid, p.exitcode, p.is_alive())
    p.start()
    p.join()
    print("despues de join:", p.is_alive(), p.exitcode, p.pid is not None)
    print("padre:", current_process().name)
    q = Process(target=sale_con, args=(7,))
    q.start()
    q.join()
    print("segundo:", q.name, q.exitcode)
