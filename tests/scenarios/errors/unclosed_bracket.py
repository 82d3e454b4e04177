# expect-error: SyntaxError line 3
# expect-stderr: '(' was never closed
print(1,
y = 2
