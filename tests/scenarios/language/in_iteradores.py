# `x in` un generador, un map o un iterador los recorre (y consume lo que dan), como en CPython.
g = (x for x in range(5))
print(3 in g, list(g), 2 in map(abs, [-2]), 9 in iter([1]))
