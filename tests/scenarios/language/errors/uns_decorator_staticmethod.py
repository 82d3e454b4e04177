# Los decoradores no forman parte del subconjunto (@staticmethod).
# expect-error: NotSupported line 8
# cpython: skip
print("no se imprime")


class Util:
    @staticmethod
    def doble(x):
        return 2 * x
