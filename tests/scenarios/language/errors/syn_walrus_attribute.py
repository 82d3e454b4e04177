# Solo un nombre puede ir a la izquierda de :=.
# expect-error: SyntaxError line 7
class Caja:
    pass
caja = Caja()
print("no se imprime")
if (caja.valor := 3) > 2:
    print(caja.valor)
