# Una llave sin cerrar seguida de más código.
# expect-error: SyntaxError line 3
config = {"a": 1,
          "b": 2
print(config)
