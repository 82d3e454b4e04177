// Small scenarios that several simulator tests (steps, stepper, exploration) reason about by
// hand, kept in one place so that the counts of steps and outcomes the tests expect all refer
// to the same program text.
#pragma once

namespace forklab::testing {

// Two processes each do `c.value += 1` twice with no lock: the final counter is 2, 3 or 4.
inline constexpr const char* kTwoProcessesTwice = R"(from multiprocessing import Process, Value

def work(c):
    for _ in range(2):
        c.value += 1

if __name__ == "__main__":
    c = Value("i", 0)
    ps = [Process(target=work, args=(c,)) for _ in range(2)]
    for p in ps: p.start()
    for p in ps: p.join()
    print(c.value)
)";

// The main process holds a lock while its child starts and waits for it: the child must
// block on `with l:` until main releases it.
inline constexpr const char* kLockHeldByMain = R"(from multiprocessing import Process, Lock

def hold(l):
    with l:
        print("child has it")

if __name__ == "__main__":
    l = Lock()
    l.acquire()
    p = Process(target=hold, args=(l,))
    p.start()
    print("main has it")
    l.release()
    p.join()
)";

}  // namespace forklab::testing
