# Children that end badly: an uncaught exception, sys.exit(3), and a grandchild that crashes.
import sys
from multiprocessing import Process

def boom():
    raise RuntimeError("boom")

def leave():
    sys.exit(3)

def parent_of_crash():
    p = Process(target=boom)
    p.start()
    p.join()

if __name__ == "__main__":
    ps = [Process(target=boom), Process(target=leave), Process(target=parent_of_crash)]
    for p in ps:
        p.start()
    for p in ps:
        p.join()
    print([p.exitcode for p in ps])
