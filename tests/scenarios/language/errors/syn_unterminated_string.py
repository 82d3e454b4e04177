# A string that never ends: CPython says where it noticed.
# expect-error: SyntaxError line 5
# expect-stderr: unterminated string literal (detected at line 5)
x = 1
print("hola)
