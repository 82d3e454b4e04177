# async def no forma parte del subconjunto: forklab lo rechaza antes de ejecutar nada.
# expect-error: NotSupported line 6
# cpython: skip
print("no se imprime")

async def descargar(url):
    return url
