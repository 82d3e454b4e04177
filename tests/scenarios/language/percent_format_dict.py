# %(name)s takes its values from a mapping; the same key may be used twice.
# expect: José tiene 41 años
# expect: José    |00041|   1234.50|1.2e+03|
# expect: ['a', 'b'] ['a', 'b'] 'José' 'Jos\xe9'
# expect: 29 0o51 1234.5 Jo %
# expect: 1+1=2 paréntesis
# expect: sin claves {'x': 1} nada
# expect: [Process-3] pid=4321 exitcode=0
persona = {"nombre": "José", "edad": 41, "saldo": 1234.5, "etiquetas": ["a", "b"]}
print("%(nombre)s tiene %(edad)d años" % persona)
print("%(nombre)-8s|%(edad)05d|%(saldo)10.2f|%(saldo).1e|" % persona)
print("%(etiquetas)s %(etiquetas)r %(nombre)r %(nombre)a" % persona)
print("%(edad)x %(edad)#o %(saldo)g %(nombre).2s %%" % persona)
print("%(a)s+%(a)s=%(b)s" % {"a": 1, "b": 2}, "%((x))s" % {"(x)": "paréntesis"})
print("sin claves" % {"x": 1}, "%s" % {"x": 1}, "nada" % [])
informe = {"proceso": "Process-3", "pid": 4321, "codigo": 0}
print("[%(proceso)s] pid=%(pid)d exitcode=%(codigo)d" % informe)
