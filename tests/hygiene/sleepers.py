# Children (and a grandchild) that sleep until someone ends them: the harness sends
# signals to the CLI or to a child while they wait. Each prints its pid first.
import os
import sys
import time
from multiprocessing import Process

def sleeper():
    print("pid", os.getpid(), flush=True)
    time.sleep(30)

def parent_of_sleeper():
    p = Process(target=sleeper)
    p.start()
    sleeper()
    p.join()

if __name__ == "__main__":
    ps = [Process(target=sleeper), Process(target=parent_of_sleeper)]
    for p in ps:
        p.start()
    for p in ps:
        p.join()
    print("exitcodes", [p.exitcode for p in ps], flush=True)
