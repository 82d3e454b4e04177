# from numpy import ...: también se rechaza al compilar.
# expect-error: NotSupported line 5
# cpython: skip
print("no se imprime")
from numpy import array
print(array([1, 2]))
