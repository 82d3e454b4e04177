# Two polite processes: each raises its flag and waits, spinning, until the other lowers
# its own, which neither does. Nobody is blocked, so it is no deadlock: it spins until the
# instruction budget stops it, which says where each process was (CPython would spin forever).
# backends: sim
# cpython: skip
# args: --lang en --max-instructions 200000
# expect-exit: 1
# expect-stderr: LimitExceeded: the run reached its budget of 200000 instructions (--max-instructions, RunLimits.max_instructions) without finishing
# expect-stderr: MainProcess was waiting in `p.join()` at line 30, after
# expect-stderr: Process-1 was still running at line 17, after
from multiprocessing import Process, Value, Barrier


def educado(mia, otra, ambos):
    mia.value = 1
    ambos.wait()
    while otra.value == 1:
        pass
    mia.value = 0


if __name__ == "__main__":
    bandera_a = Value("i", 0)
    bandera_b = Value("i", 0)
    ambos = Barrier(2)
    p = Process(target=educado, args=(bandera_a, bandera_b, ambos))
    q = Process(target=educado, args=(bandera_b, bandera_a, ambos))
    p.start()
    q.start()
    p.join()
    q.join()
