# Every process starts two more, forever: the run's process cap must stop it cleanly.
from multiprocessing import Process

def bomb():
    ps = [Process(target=bomb) for _ in range(2)]
    for p in ps:
        p.start()
    for p in ps:
        p.join()

if __name__ == "__main__":
    bomb()
