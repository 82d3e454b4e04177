# Los archivos no forman parte de forklab: el NameError de open lleva una nota que lo dice.
# cpython: skip
# expect-stderr: NameError: name 'open' is not defined (forklab does not support files (open) yet)
# expect-exit: 1
with open("datos.txt") as f:
    print(f.read())
