# Una desindentación que no coincide con ningún nivel anterior.
# expect-error: IndentationError line 7
# expect-stderr: unindent does not match any outer indentation level
def f():
    if True:
        a = 1
      b = 2
