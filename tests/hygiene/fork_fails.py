# The second fork() fails (FORKLAB_FAIL_FORK=2 in the harness): start() raises
# BlockingIOError, the scenario goes on, and the other children still run.
from multiprocessing import Process

def hello(i):
    print("hello", i)

if __name__ == "__main__":
    started = []
    for i in range(3):
        p = Process(target=hello, args=(i,))
        try:
            p.start()
            started.append(p)
        except BlockingIOError as e:
            print("BlockingIOError", e.errno)
    for p in started:
        p.join()
    print("started", len(started))
