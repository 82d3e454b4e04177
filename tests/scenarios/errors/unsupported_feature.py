# Python outside forklab's subset is refused before anything runs, with the line and a
# message that names the feature (CPython runs this file, so it is forklab-only).
# expect-error: NotSupported line 7
# cpython: skip
print("no se imprime")

async def tarea():
    return 1
