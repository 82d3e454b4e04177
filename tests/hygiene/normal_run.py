# Processes, a synchronized Value and a Lock: the plain case.
from multiprocessing import Process, Value, Lock

def work(counter, lock, n):
    for _ in range(n):
        with lock:
            counter.value += 1

if __name__ == "__main__":
    counter = Value("i", 0)
    lock = Lock()
    ps = [Process(target=work, args=(counter, lock, 200)) for _ in range(3)]
    for p in ps:
        p.start()
    for p in ps:
        p.join()
    print(counter.value)
