# Los mensajes de los errores que un alumno encuentra a diario, como los da CPython 3.11.
casos = [
    lambda: [1, 2][5], lambda: {"a": 1}["b"], lambda: 1 / 0, lambda: 1 // 0, lambda: 1 % 0,
    lambda: "a" + 1, lambda: 1 + "a", lambda: None.x, lambda: int("x1"), lambda: float("abc"),
    lambda: [].pop(), lambda: {}.popitem(), lambda: "abc".index("z"), lambda: [1].index(3),
    lambda: (1, 2)[9], lambda: "abc"[10], lambda: len(5), lambda: undefined_name,
    lambda: [1, 2, 3].remove(7), lambda: set().pop(), lambda: next(iter([])),
    lambda: int(None), lambda: sum(["a"]), lambda: max([]), lambda: sorted([1, "a"]),
    lambda: dict([(1, 2, 3)]), lambda: "x" * "y", lambda: [1] * 1.5, lambda: abs("x"),
    lambda: round("x"), lambda: divmod(1, 0), lambda: 2 ** -1 % 0, lambda: chr(-1), lambda: ord("ab"),
    lambda: "{} {}".format(1), lambda: "%d" % "x", lambda: f"{1:q}", lambda: int("9" * 5000),
    lambda: list(range(3))[1:2:0], lambda: (lambda x: x)(), lambda: tuple()[0],
    lambda: {[1]: 2}, lambda: hash([]), lambda: 10 ** 400 * 1.0, lambda: float("inf") // 1 if False else 1e308 * 10 + "x",
]
for i, c in enumerate(casos):
    try:
        r = c()
        print(i, "ok", r if not isinstance(r, float) else round(r, 3))
    except Exception as e:
        print(i, type(e).__name__, e)
