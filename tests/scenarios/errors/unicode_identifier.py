# Identifiers may use letters of any script, as in Python.
año = 2024
α = 1
print(año + α)
# expect: 2025
