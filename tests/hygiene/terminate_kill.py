# terminate() and kill() of sleeping children: exit codes -15 and -9, nothing left behind.
import time
from multiprocessing import Process

def sleeper():
    time.sleep(30)

if __name__ == "__main__":
    a = Process(target=sleeper)
    b = Process(target=sleeper)
    a.start()
    b.start()
    time.sleep(0.1)
    a.terminate()
    b.kill()
    a.join(5)
    b.join(5)
    print(a.exitcode, b.exitcode)
