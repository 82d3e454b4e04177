# Leftover characters after the type make the whole spec invalid.
# expect: 3.14
# expect-stderr: ValueError: Invalid format specifier '.2ff' for object of type 'float'
# expect-exit: 1
print(f"{3.14159:.2f}")
print(f"{3.14159:.2ff}")
