# global después de usar la variable en la función.
# expect-error: SyntaxError line 7
# expect-stderr: name 'contador' is used prior to global declaration
contador = 0
def f():
    print(contador)
    global contador
