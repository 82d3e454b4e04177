# A syntax error is reported with file, line and column, and nothing runs.
# expect-error: SyntaxError line 6
print("esto no se imprime")


x = = 1
