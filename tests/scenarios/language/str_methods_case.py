# Changing case, with the accented letters of Spanish, French, German and Greek.
# expect: ¿DÓNDE ESTÁ EL NIÑO? ¡EN LA CANCIÓN!
# expect: ¿Dónde Está El Niño? ¡En La Canción!
# expect: ¿dónde está el niño? ¡en la canción!
# expect: árbol ñandú über | école ÉLÈVE
# expect: STRASSE strasse True
# expect: They'Re Bill'S Friends | 3Er Piso | O'neill
# expect: οδος Οδος Αθηνας ПРИВЕТ
# expect: hOLA mUNDO mIxTo
# expect: Ÿ łódź ÇÀ ET LÀ
# expect: ['María José', 'José Luis', 'Ana'] [True, False, False]
frase = "¿dónde está el niño? ¡en la canción!"
print(frase.upper())
print(frase.title())
print(frase.capitalize())
print("ÁRBOL ÑANDÚ ÜBER".lower(), "|", "ÉCOLE élève".swapcase())
print("straße".upper(), "straße".casefold(), "STRASSE".casefold() == "straße".casefold())
print("they're bill's friends".title(), "|", "3er piso".title(), "|", "o'neill".capitalize())
print("ΟΔΟΣ".lower(), "ΟΔΟΣ ΑΘΗΝΑΣ".title(), "Привет".upper())
print("hola mundo".title().swapcase(), "MiXtO".swapcase())
print("ÿ".upper(), "ŁÓDŹ".lower(), "çà et là".upper())
nombres = ["maría josé", "JOSÉ LUIS", "aNA"]
print([n.title() for n in nombres], [n.lower() == "maría josé" for n in nombres])
