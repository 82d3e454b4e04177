# sys.exit(n) ends the main process with status n.
# expect: saliendo
# expect-exit: 3
import sys

print("saliendo")
sys.exit(3)
print("nunca")
