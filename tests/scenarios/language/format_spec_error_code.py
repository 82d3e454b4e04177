# A format code the type does not have is a ValueError naming the code and the type.
# expect: 30 años
# expect-stderr: ValueError: Unknown format code 'd' for object of type 'str'
# expect-exit: 1
edad = "30"
print(f"{int(edad):d} años")
print(f"{edad:d} años")
