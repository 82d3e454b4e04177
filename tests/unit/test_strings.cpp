// str methods, format specs, str.format and '%' formatting against CPython 3.11. Every
// expected value below is CPython's own output (repr() of the expression, or "Type: message"
// of the exception it raises), pasted from python3; none is written by hand.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "lang/strings.h"
#include "test_support_host.h"

using forklab::test::run_source;
using namespace forklab::lang;

namespace {
struct Case {
    const char* expr;
    const char* want;
};

// Python source lines computing repr(expr) for each case (math imported for .attr fields).
std::string program(const std::vector<Case>& cases) {
    std::string src = "import math\n";
    for (const Case& c : cases) src += std::string("print(repr(") + c.expr + "))\n";
    return src;
}

std::vector<std::string> lines(const std::string& s) {
    std::vector<std::string> r;
    size_t i = 0;
    while (i < s.size()) {
        size_t j = s.find('\n', i);
        if (j == std::string::npos) j = s.size();
        r.push_back(s.substr(i, j - i));
        i = j + 1;
    }
    return r;
}

const std::vector<Case> kValues = {
    {"'  a  b  c  '.split()", "['a', 'b', 'c']"},
    {"'  a  b  c  '.split(None, 1)", "['a', 'b  c  ']"},
    {"'  a  b  c  '.rsplit(None, 1)", "['  a  b', 'c']"},
    {"'a,b,,c'.split(',')", "['a', 'b', '', 'c']"},
    {"'a,b,,c'.split(',', 2)", "['a', 'b', ',c']"},
    {"'a,b,,c'.rsplit(',', 2)", "['a,b', '', 'c']"},
    {"'a\\u3000b\\xa0c\\x85d'.split()", "['a', 'b', 'c', 'd']"},
    {"'l1\\nl2\\r\\nl3\\rl4\\x0bl5\\x1cl6\\u2028l7'.splitlines()", "['l1', 'l2', 'l3', 'l4', 'l5', 'l6', 'l7']"},
    {"'l1\\nl2\\r\\n'.splitlines(True)", "['l1\\n', 'l2\\r\\n']"},
    {"'-'.join(['a', 'b', 'c'])", "'a-b-c'"},
    {"', '.join('xyz')", "'x, y, z'"},
    {"'  hola \\t\\n'.strip()", "'hola'"},
    {"'xxhixx'.strip('x')", "'hi'"},
    {"'¡¿hola?!'.strip('¡¿?!')", "'hola'"},
    {"'aaa'.replace('a', 'b', 2)", "'bba'"},
    {"'abc'.replace('', '-')", "'-a-b-c-'"},
    {"'ñañaña'.replace('ña', 'NA', 2)", "'NANAña'"},
    {"'canción'.upper()", "'CANCIÓN'"},
    {"'ÁRBOL ÑANDÚ'.lower()", "'árbol ñandú'"},
    {"'straße'.upper()", "'STRASSE'"},
    {"'straße'.casefold()", "'strasse'"},
    {"'¿qué tal? ¡muy bien!'.title()", "'¿Qué Tal? ¡Muy Bien!'"},
    {"\"they're bill's friends\".title()", "\"They'Re Bill'S Friends\""},
    {"'ÉCOLE élève'.swapcase()", "'école ÉLÈVE'"},
    {"'éCOLE'.capitalize()", "'École'"},
    {"'ΟΔΟΣ ΑΣ.'.lower()", "'οδος ας.'"},
    {"'Привет Мир'.upper()", "'ПРИВЕТ МИР'"},
    {"'İ'.lower()", "'i̇'"},
    {"'ŉ'.upper()", "'ʼN'"},
    {"'ÿ'.upper()", "'Ÿ'"},
    {"'ﬁne'.upper()", "'FINE'"},
    {"'canción'.find('ó')", "5"},
    {"'canción'.find('n', 4)", "6"},
    {"'canción'.rfind('n')", "6"},
    {"'canción'.index('c', 1)", "3"},
    {"'canción'.count('n')", "2"},
    {"'canción'.count('')", "8"},
    {"'abc'.find('', 3)", "3"},
    {"'abc'.find('', 4)", "-1"},
    {"'abc'.count('', 4)", "0"},
    {"'canción'.startswith('ci', 3)", "True"},
    {"'canción'.endswith(('x', 'ón'))", "True"},
    {"'canción'.endswith('ció', 0, -1)", "True"},
    {"'ñ'.center(5, '*')", "'**ñ**'"},
    {"'ab'.center(5)", "'  ab '"},
    {"'a'.center(4)", "' a  '"},
    {"'año'.ljust(6, '.')", "'año...'"},
    {"'año'.rjust(6)", "'   año'"},
    {"'-42'.zfill(6)", "'-00042'"},
    {"'+7'.zfill(4)", "'+007'"},
    {"'año'.zfill(5)", "'00año'"},
    {"'a b c'.partition(' ')", "('a', ' ', 'b c')"},
    {"'a b c'.rpartition(' ')", "('a b', ' ', 'c')"},
    {"'abc'.partition('x')", "('abc', '', '')"},
    {"'ñ\\tb\\tcc\\td'.expandtabs(4)", "'ñ   b   cc  d'"},
    {"'Reporte.txt'.removesuffix('.txt')", "'Reporte'"},
    {"'TestCase'.removeprefix('Test')", "'Case'"},
    {"'١٢٣'.isdecimal()", "True"},
    {"'²'.isdigit()", "True"},
    {"'²'.isdecimal()", "False"},
    {"'½'.isnumeric()", "True"},
    {"'ñandú'.isalpha()", "True"},
    {"'año2024'.isalnum()", "True"},
    {"' \\t\\u3000'.isspace()", "True"},
    {"'ÁRBOL'.isupper()", "True"},
    {"'árbol'.islower()", "True"},
    {"'Canción De Cuna'.istitle()", "True"},
    {"'niño_1'.isidentifier()", "True"},
    {"'1niño'.isidentifier()", "False"},
    {"'café'.isascii()", "False"},
    {"'{:>8}|{:<8}|{:^8}'.format('ñ', 'é', 'ü')", "'       ñ|é       |   ü    '"},
    {"'{:*^11,}'.format(1234567)", "'*1,234,567*'"},
    {"'{:010.3f}'.format(-3.14159)", "'-00003.142'"},
    {"'{:+,.2f}'.format(1234567.891)", "'+1,234,567.89'"},
    {"'{:_b} {:_x} {:#o}'.format(255, 65535, 8)", "'1111_1111 ffff 0o10'"},
    {"'{:#010x}'.format(255)", "'0x000000ff'"},
    {"'{:=+8}'.format(42)", "'+     42'"},
    {"'{:010,}'.format(1234)", "'00,001,234'"},
    {"'{:e} {:E} {:.2e}'.format(12345.678, 0.00012, -1e-10)", "'1.234568e+04 1.200000E-04 -1.00e-10'"},
    {"'{:g} {:g} {:g} {:G}'.format(1e-5, 123456789.0, 0.0001, 1e20)", "'1e-05 1.23457e+08 0.0001 1E+20'"},
    {"'{} {:.3} {:.0}'.format(1e16, 1234.5, 0.0)", "'1e+16 1.23e+03 0e+00'"},
    {"'{:.1%} {:%}'.format(0.25, 1)", "'25.0% 100.000000%'"},
    {"'{:z.1f} {:.1f}'.format(-0.04, -0.04)", "'0.0 -0.0'"},
    {"'{} {} {}'.format(float('inf'), -float('inf'), float('nan'))", "'inf -inf nan'"},
    {"'{:010} {:F}'.format(float('inf'), float('nan'))", "'0000000inf NAN'"},
    {"'{:c}{:c}'.format(241, 65)", "'ñA'"},
    {"'{:.3s}|{:5.2s}|'.format('canción', 'ñandú')", "'can|ña   |'"},
    {"'{:05}|{:>5}|{:d}'.format(True, False, True)", "'00001|    0|1'"},
    {"'{0} {1} {0}'.format('a', 'b')", "'a b a'"},
    {"'{x}-{y!r}-{x:>3}'.format(x=1, y='q')", "\"1-'q'-  1\""},
    {"'{0[1]} {0[0]} {d[k]}'.format([5, 6], d={'k': 'v'})", "'6 5 v'"},
    {"'{m.pi:.4f}'.format(m=math)", "'3.1416'"},
    {"'{!r} {!a} {!s:>4}'.format('ñ', 'ñ', 1)", "\"'ñ' '\\\\xf1'    1\""},
    {"'{:{}.{}f}|{:{w}}|'.format(3.14159, 9, 3, 'x', w=3)", "'    3.142|x  |'"},
    {"'{{}} {{{}}}'.format(7)", "'{} {7}'"},
    {"'{a}'.format_map({'a': 'mapa'})", "'mapa'"},
    {"'%s y %s' % ('uno', 'dos')", "'uno y dos'"},
    {"'%5d|%-5d|%05d|%+d|% d' % (42, 42, -42, 42, 42)", "'   42|42   |-0042|+42| 42'"},
    {"'%x %X %#x %#o %o' % (255, 255, 255, 8, 8)", "'ff FF 0xff 0o10 10'"},
    {"'%.2f %e %g %G' % (3.14159, 12345.678, 0.00001, 1e-10)", "'3.14 1.234568e+04 1e-05 1E-10'"},
    {"'%10.3f|%-10.2e|' % (3.14159, 1234.5)", "'     3.142|1.23e+03  |'"},
    {"'%*d|%-*d|%.*f' % (5, 42, 4, 7, 2, 2.71828)", "'   42|7   |2.72'"},
    {"'%c%c' % (241, 'é')", "'ñé'"},
    {"'%r %a %s' % ('ñ', 'ñ', 'ñ')", "\"'ñ' '\\\\xf1' ñ\""},
    {"'%.3s|%5s|' % ('canción', 'ñ')", "'can|    ñ|'"},
    {"'%(nombre)s tiene %(edad)d años' % {'nombre': 'Ana', 'edad': 30}", "'Ana tiene 30 años'"},
    {"'%d%% hecho' % 50", "'50% hecho'"},
    {"'%s' % [1, 2]", "'[1, 2]'"},
    {"'%s' % (1,)", "'1'"},
    {"'%d' % 3.99", "'3'"},
    {"'%i' % True", "'1'"},
    {"'%#.3x|%08.3d' % (255, -42)", "'0x0ff|-0000042'"},
    {"'abc' % []", "'abc'"},
    {"'%s' % {'a': 1}", "\"{'a': 1}\""},
    {"'a\\xa0b\\u200bc'", "'a\\xa0b\\u200bc'"},
};

const std::vector<Case> kErrors = {
    {"'a'.upper(1)", "TypeError: str.upper() takes no arguments (1 given)"},
    {"'a'.upper(x=1)", "TypeError: str.upper() takes no keyword arguments"},
    {"'a'.find()", "TypeError: find() takes at least 1 argument (0 given)"},
    {"'a'.find(sub='a')", "TypeError: str.find() takes no keyword arguments"},
    {"'a'.find('a', 1, 2, 3)", "TypeError: find() takes at most 3 arguments (4 given)"},
    {"'a'.split(1)", "TypeError: must be str or None, not int"},
    {"'a'.split(x=1)", "TypeError: 'x' is an invalid keyword argument for split()"},
    {"'a'.split(',', sep=',')", "TypeError: argument for split() given by name ('sep') and position (1)"},
    {"'a'.split(',', 1, 2)", "TypeError: split() takes at most 2 arguments (3 given)"},
    {"'a'.split('')", "ValueError: empty separator"},
    {"'a'.strip(1, 2)", "TypeError: strip expected at most 1 argument, got 2"},
    {"'a'.strip(1)", "TypeError: strip arg must be None or str"},
    {"'a'.zfill()", "TypeError: str.zfill() takes exactly one argument (0 given)"},
    {"'a'.zfill('x')", "TypeError: 'str' object cannot be interpreted as an integer"},
    {"'a'.join(1)", "TypeError: can only join an iterable"},
    {"'a'.join(['x', 2])", "TypeError: sequence item 1: expected str instance, int found"},
    {"'a'.center()", "TypeError: center expected at least 1 argument, got 0"},
    {"'a'.center(5, 'ab')", "TypeError: The fill character must be exactly one character long"},
    {"'a'.center(5, 1)", "TypeError: The fill character must be a unicode character, not int"},
    {"'a'.replace('a')", "TypeError: replace expected at least 2 arguments, got 1"},
    {"'a'.replace('a', 'b', count=1)", "TypeError: str.replace() takes no keyword arguments"},
    {"'a'.replace(None, 'b')", "TypeError: replace() argument 1 must be str, not None"},
    {"'a'.partition('')", "ValueError: empty separator"},
    {"'a'.removeprefix(1)", "TypeError: removeprefix() argument must be str, not int"},
    {"'a'.startswith(('b', 1))", "TypeError: tuple for startswith must only contain str, not int"},
    {"'a'.startswith(1)", "TypeError: startswith first arg must be str or a tuple of str, not int"},
    {"'a'.find('a', 'x')", "TypeError: slice indices must be integers or None or have an __index__ method"},
    {"'a'.count(1)", "TypeError: must be str, not int"},
    {"'a'.index('b')", "ValueError: substring not found"},
    {"'a'.rindex('b')", "ValueError: substring not found"},
    {"'a'.splitlines(1, 2)", "TypeError: splitlines() takes at most 1 argument (2 given)"},
    {"'a'.expandtabs(x=1)", "TypeError: 'x' is an invalid keyword argument for expandtabs()"},
    {"'a'.nope", "AttributeError: 'str' object has no attribute 'nope'"},
    {"'{:d}'.format('x')", "ValueError: Unknown format code 'd' for object of type 'str'"},
    {"'{:s}'.format(1)", "ValueError: Unknown format code 's' for object of type 'int'"},
    {"'{:xx}'.format(1)", "ValueError: Invalid format specifier 'xx' for object of type 'int'"},
    {"'{:.}'.format(1.5)", "ValueError: Format specifier missing precision"},
    {"'{:.2d}'.format(1)", "ValueError: Precision not allowed in integer format specifier"},
    {"'{:,s}'.format('a')", "ValueError: Cannot specify ',' with 's'."},
    {"'{:,_}'.format(1)", "ValueError: Cannot specify both ',' and '_'."},
    {"'{:+s}'.format('a')", "ValueError: Sign not allowed in string format specifier"},
    {"'{:=5}'.format('a')", "ValueError: '=' alignment not allowed in string format specifier"},
    {"'{:#s}'.format('a')", "ValueError: Alternate form (#) not allowed in string format specifier"},
    {"'{:zd}'.format(1)", "ValueError: Negative zero coercion (z) not allowed in integer format specifier"},
    {"'{:+c}'.format(65)", "ValueError: Sign not allowed with integer format specifier 'c'"},
    {"'{:c}'.format(-1)", "OverflowError: %c arg not in range(0x110000)"},
    {"'{:>5}'.format(None)", "TypeError: unsupported format string passed to NoneType.__format__"},
    {"'{} {1}'.format(1, 2)", "ValueError: cannot switch from automatic field numbering to manual field specification"},
    {"'{0} {}'.format(1, 2)", "ValueError: cannot switch from manual field specification to automatic field numbering"},
    {"'{2}'.format(1)", "IndexError: Replacement index 2 out of range for positional args tuple"},
    {"'{x}'.format(1)", "KeyError: 'x'"},
    {"'{0[5]}'.format([1])", "IndexError: list index out of range"},
    {"'{0.nope}'.format(math)", "AttributeError: module 'math' has no attribute 'nope'"},
    {"'{!x}'.format(1)", "ValueError: Unknown conversion specifier x"},
    {"'{'.format()", "ValueError: Single '{' encountered in format string"},
    {"'}'.format()", "ValueError: Single '}' encountered in format string"},
    {"'{0[}'.format(1)", "ValueError: expected '}' before end of string"},
    {"'{:{:{}}}'.format(1, 2, 3)", "ValueError: Max string recursion exceeded"},
    {"'{0}'.format_map({})", "ValueError: Format string contains positional fields"},
    {"'%d' % 'x'", "TypeError: %d format: a real number is required, not str"},
    {"'%x' % 1.5", "TypeError: %x format: an integer is required, not float"},
    {"'%f' % 'x'", "TypeError: must be real number, not str"},
    {"'%s %s' % (1,)", "TypeError: not enough arguments for format string"},
    {"'%s' % (1, 2)", "TypeError: not all arguments converted during string formatting"},
    {"'abc' % 5", "TypeError: not all arguments converted during string formatting"},
    {"'%(a)s' % 5", "TypeError: format requires a mapping"},
    {"'%(a)s' % {'b': 1}", "KeyError: 'a'"},
    {"'%(a' % {'a': 1}", "ValueError: incomplete format key"},
    {"'%z' % 1", "ValueError: unsupported format character 'z' (0x7a) at index 1"},
    {"'%' % 1", "ValueError: incomplete format"},
    {"'%c' % 'ab'", "TypeError: %c requires int or char"},
    {"'%c' % 1114112", "OverflowError: %c arg not in range(0x110000)"},
    {"'%*d' % ('x', 1)", "TypeError: * wants int"},
    {"'%d' % float('nan')", "ValueError: cannot convert float NaN to integer"},
    {"'%d' % float('inf')", "OverflowError: cannot convert float infinity to integer"},
};

struct Sweep {
    unsigned lo, hi;
    const char *upper, *lower, *title, *casefold, *swapcase;
};
// The printable characters of each block in one string, and CPython's mappings of it.
const Sweep kSweeps[] = {
    {0x20, 0x7F, " !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`ABCDEFGHIJKLMNOPQRSTUVWXYZ{|}~", " !\"#$%&'()*+,-./0123456789:;<=>?@abcdefghijklmnopqrstuvwxyz[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~", " !\"#$%&'()*+,-./0123456789:;<=>?@Abcdefghijklmnopqrstuvwxyz[\\]^_`Abcdefghijklmnopqrstuvwxyz{|}~", " !\"#$%&'()*+,-./0123456789:;<=>?@abcdefghijklmnopqrstuvwxyz[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~", " !\"#$%&'()*+,-./0123456789:;<=>?@abcdefghijklmnopqrstuvwxyz[\\]^_`ABCDEFGHIJKLMNOPQRSTUVWXYZ{|}~"},
    {0xA0, 0x180, "¡¢£¤¥¦§¨©ª«¬®¯°±²³´Μ¶·¸¹º»¼½¾¿ÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏÐÑÒÓÔÕÖ×ØÙÚÛÜÝÞSSÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏÐÑÒÓÔÕÖ÷ØÙÚÛÜÝÞŸĀĀĂĂĄĄĆĆĈĈĊĊČČĎĎĐĐĒĒĔĔĖĖĘĘĚĚĜĜĞĞĠĠĢĢĤĤĦĦĨĨĪĪĬĬĮĮİIĲĲĴĴĶĶĸĹĹĻĻĽĽĿĿŁŁŃŃŅŅŇŇʼNŊŊŌŌŎŎŐŐŒŒŔŔŖŖŘŘŚŚŜŜŞŞŠŠŢŢŤŤŦŦŨŨŪŪŬŬŮŮŰŰŲŲŴŴŶŶŸŹŹŻŻŽŽS", "¡¢£¤¥¦§¨©ª«¬®¯°±²³´µ¶·¸¹º»¼½¾¿àáâãäåæçèéêëìíîïðñòóôõö×øùúûüýþßàáâãäåæçèéêëìíîïðñòóôõö÷øùúûüýþÿāāăăąąććĉĉċċččďďđđēēĕĕėėęęěěĝĝğğġġģģĥĥħħĩĩīīĭĭįįi̇ıĳĳĵĵķķĸĺĺļļľľŀŀłłńńņņňňŉŋŋōōŏŏőőœœŕŕŗŗřřśśŝŝşşššţţťťŧŧũũūūŭŭůůűűųųŵŵŷŷÿźźżżžžſ", "¡¢£¤¥¦§¨©ª«¬®¯°±²³´Μ¶·¸¹º»¼½¾¿Àáâãäåæçèéêëìíîïðñòóôõö×Øùúûüýþßàáâãäåæçèéêëìíîïðñòóôõö÷Øùúûüýþÿāāăăąąććĉĉċċččďďđđēēĕĕėėęęěěĝĝğğġġģģĥĥħħĩĩīīĭĭįįi̇ıĳĳĵĵķķĸĺĺļļľľŀŀłłńńņņňňŉŋŋōōŏŏőőœœŕŕŗŗřřśśŝŝşşššţţťťŧŧũũūūŭŭůůűűųųŵŵŷŷÿźźżżžžſ", "¡¢£¤¥¦§¨©ª«¬®¯°±²³´μ¶·¸¹º»¼½¾¿àáâãäåæçèéêëìíîïðñòóôõö×øùúûüýþssàáâãäåæçèéêëìíîïðñòóôõö÷øùúûüýþÿāāăăąąććĉĉċċččďďđđēēĕĕėėęęěěĝĝğğġġģģĥĥħħĩĩīīĭĭįįi̇ıĳĳĵĵķķĸĺĺļļľľŀŀłłńńņņňňʼnŋŋōōŏŏőőœœŕŕŗŗřřśśŝŝşşššţţťťŧŧũũūūŭŭůůűűųųŵŵŷŷÿźźżżžžs", "¡¢£¤¥¦§¨©ª«¬®¯°±²³´Μ¶·¸¹º»¼½¾¿àáâãäåæçèéêëìíîïðñòóôõö×øùúûüýþSSÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏÐÑÒÓÔÕÖ÷ØÙÚÛÜÝÞŸāĀăĂąĄćĆĉĈċĊčČďĎđĐēĒĕĔėĖęĘěĚĝĜğĞġĠģĢĥĤħĦĩĨīĪĭĬįĮi̇IĳĲĵĴķĶĸĺĹļĻľĽŀĿłŁńŃņŅňŇʼNŋŊōŌŏŎőŐœŒŕŔŗŖřŘśŚŝŜşŞšŠţŢťŤŧŦũŨūŪŭŬůŮűŰųŲŵŴŷŶÿźŹżŻžŽS"},
    {0x386, 0x3CF, "Ά·ΈΉΊΌΎΏΪ́ΑΒΓΔΕΖΗΘΙΚΛΜΝΞΟΠΡΣΤΥΦΧΨΩΪΫΆΈΉΊΫ́ΑΒΓΔΕΖΗΘΙΚΛΜΝΞΟΠΡΣΣΤΥΦΧΨΩΪΫΌΎΏ", "ά·έήίόύώΐαβγδεζηθικλμνξοπρστυφχψωϊϋάέήίΰαβγδεζηθικλμνξοπρςστυφχψωϊϋόύώ", "Ά·Έήίόύώΐαβγδεζηθικλμνξοπρστυφχψωϊϋάέήίΰαβγδεζηθικλμνξοπρςστυφχψωϊϋόύώ", "ά·έήίόύώΐαβγδεζηθικλμνξοπρστυφχψωϊϋάέήίΰαβγδεζηθικλμνξοπρσστυφχψωϊϋόύώ", "ά·έήίόύώΪ́αβγδεζηθικλμνξοπρστυφχψωϊϋΆΈΉΊΫ́ΑΒΓΔΕΖΗΘΙΚΛΜΝΞΟΠΡΣΣΤΥΦΧΨΩΪΫΌΎΏ"},
    {0x400, 0x460, "ЀЁЂЃЄЅІЇЈЉЊЋЌЍЎЏАБВГДЕЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯАБВГДЕЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯЀЁЂЃЄЅІЇЈЉЊЋЌЍЎЏ", "ѐёђѓєѕіїјљњћќѝўџабвгдежзийклмнопрстуфхцчшщъыьэюяабвгдежзийклмнопрстуфхцчшщъыьэюяѐёђѓєѕіїјљњћќѝўџ", "Ѐёђѓєѕіїјљњћќѝўџабвгдежзийклмнопрстуфхцчшщъыьэюяабвгдежзийклмнопрстуфхцчшщъыьэюяѐёђѓєѕіїјљњћќѝўџ", "ѐёђѓєѕіїјљњћќѝўџабвгдежзийклмнопрстуфхцчшщъыьэюяабвгдежзийклмнопрстуфхцчшщъыьэюяѐёђѓєѕіїјљњћќѝўџ", "ѐёђѓєѕіїјљњћќѝўџабвгдежзийклмнопрстуфхцчшщъыьэюяАБВГДЕЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯЀЁЂЃЄЅІЇЈЉЊЋЌЍЎЏ"},
    {0xFB00, 0xFB07, "FFFIFLFFIFFLSTST", "ﬀﬁﬂﬃﬄﬅﬆ", "Ffﬁﬂﬃﬄﬅﬆ", "fffiflffifflstst", "FFFIFLFFIFFLSTST"},
};
}  // namespace

TEST_CASE("utf8 helpers: code points, malformed bytes read as themselves") {
    std::string s = "a\xC3\xB1\xE2\x82\xAC\xF0\x9F\x90\x8D";  // a ñ € 🐍
    std::u32string u = utf8_decode(s);
    REQUIRE(u.size() == 4);
    CHECK(u[1] == 0xF1);
    CHECK(u[2] == 0x20AC);
    CHECK(u[3] == 0x1F40D);
    CHECK(utf8_encode(u) == s);
    std::string bad = "\xC3" "a\xE2\x82";  // cut short twice
    std::u32string b = utf8_decode(bad);
    REQUIRE(b.size() == 4);
    CHECK(b[0] == 0xC3);
    CHECK(b[1] == 'a');
    CHECK(is_ascii("plain text"));
    CHECK(!is_ascii(s));
}

TEST_CASE("str methods, format specs, str.format and % give CPython's values") {
    auto o = run_source(program(kValues));
    INFO(o.err);
    REQUIRE(o.exit == 0);
    std::vector<std::string> got = lines(o.out);
    REQUIRE(got.size() == kValues.size());
    for (size_t i = 0; i < kValues.size(); ++i) {
        INFO(kValues[i].expr);
        CHECK(got[i] == kValues[i].want);
    }
}

TEST_CASE("wrong arguments raise CPython's exceptions with CPython's messages") {
    for (const Case& c : kErrors) {
        auto o = run_source(program({c}));
        INFO(c.expr);
        CHECK(o.exit == 1);
        std::vector<std::string> err = lines(o.err);
        REQUIRE(!err.empty());
        CHECK(err.back() == c.want);
    }
}

TEST_CASE("case mapping of every printable character in the covered blocks matches CPython") {
    for (const Sweep& s : kSweeps) {
        std::string src = "s = ''.join([chr(c) for c in range(" + std::to_string(s.lo) + ", " + std::to_string(s.hi) +
                          ") if chr(c).isprintable()])\n"
                          "print(s.upper())\nprint(s.lower())\nprint(s.title())\nprint(s.casefold())\nprint(s.swapcase())\n";
        auto o = run_source(src);
        INFO("block starting at " << s.lo);
        REQUIRE(o.exit == 0);
        std::vector<std::string> got = lines(o.out);
        REQUIRE(got.size() == 5);
        CHECK(got[0] == s.upper);
        CHECK(got[1] == s.lower);
        CHECK(got[2] == s.title);
        CHECK(got[3] == s.casefold);
        CHECK(got[4] == s.swapcase);
    }
}

TEST_CASE("huge widths, precisions and counts end in MemoryError before allocating") {
    const char* cases[] = {
        "x = '{:2000000000}'.format(1)\n", "x = '{:>2000000000}'.format('a')\n", "x = '{:02000000000}'.format(1.5)\n",
        "x = '%2000000000d' % 1\n", "x = '%.2000000000f' % 1.0\n", "x = 'a'.center(2000000000)\n",
        "x = 'a'.zfill(2000000000)\n", "x = ('a' * 1000).replace('a', 'b' * 1000000)\n",
        "x = '\\t'.expandtabs(2000000000)\n",
    };
    for (const char* c : cases) {
        auto o = run_source(c);
        INFO(c);
        CHECK(o.exit == 1);
        CHECK(o.err.find("MemoryError") != std::string::npos);
    }
}

TEST_CASE("str attributes: methods are bound, read-only, and unknown names are AttributeErrors") {
    auto o = run_source("u = 'abc'.upper\nprint(u())\n'abc'.upper = 1\n");
    CHECK(o.out == "ABC\n");
    CHECK(o.err.find("AttributeError: 'str' object attribute 'upper' is read-only") != std::string::npos);
    CHECK(find_str_method("split") != nullptr);
    CHECK(find_str_method("splitx") == nullptr);
    CHECK(find_str_method("") == nullptr);
}
