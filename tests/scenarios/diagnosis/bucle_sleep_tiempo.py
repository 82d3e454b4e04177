# A polling loop that sleeps between checks of a flag nobody sets: the virtual-time budget
# stops it (CPython would run forever).
# backends: sim
# cpython: skip
# args: --lang en --max-time 20
# expect-exit: 1
# expect-stderr: LimitExceeded: virtual time reached its budget of 20 s (--max-time, RunLimits.max_virtual_seconds) without the run finishing: processes kept running, sleeping or waiting with timeouts
# expect-stderr: MainProcess was sleeping in `time.sleep(1)` at line 14, after 
import time

listo = False
vueltas = 0
while not listo:
    time.sleep(1)
    vueltas += 1
