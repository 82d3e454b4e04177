# nonlocal a nivel de módulo.
# expect-error: SyntaxError line 4
# expect-stderr: nonlocal declaration not allowed at module level
nonlocal x
x = 1
