# multiprocessing.Manager no forma parte de forklab: el AttributeError de CPython lleva una nota
# que lo dice y propone lo que sí hay.
# cpython: skip
# expect-stderr: AttributeError: module 'multiprocessing' has no attribute 'Manager' (forklab does not support multiprocessing.Manager yet; processes share data through Queue, Pipe, Value or Array)
# expect-exit: 1
import multiprocessing as mp

if __name__ == "__main__":
    with mp.Manager() as m:
        d = m.dict()
