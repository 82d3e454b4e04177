// Numbers beyond int_value.h, and the small builtin objects that have attributes without
// being classes: float() of text, float // % ** and divmod(), format(), slice(), the
// attributes and methods of ints, bools and floats ((5).real, (255).bit_length(),
// (2.0).is_integer()), of slices (start, stop, step, indices()) and of named tuples
// (sys.version_info.major). Messages are CPython 3.11's (builtins_number.cpp).
#pragma once
#include <string>
#include <vector>

#include "lang/value.h"

namespace forklab::lang {

// float(text) of a str or bytes: surrounding whitespace, single underscores between digits, inf/infinity/nan
// in any case, Unicode decimal digits and spaces; ValueError "could not convert string to
// float: 'text'" otherwise.
Res float_from_text(State& st, const Value& text, Value& out);
// x // y, x % y, x ** y for floats (op_floordiv, op_mod, op_pow), as CPython computes them:
// // and % agree with divmod(); ** raises OverflowError (34, 'Numerical result out of range').
Res float_arith(State& st, int op, double x, double y, Value& out);

// obj.name for ints, bools, floats, slices and named tuples; *found false when it is none of
// those (or the name is not theirs: the caller raises the usual AttributeError).
Res value_get_attr(State& st, const Value& obj, const std::string& name, Value& out, bool* found);

// A tuple whose items are also attributes. fields: the type name ("sys.version_info"), then
// one name per item, then nullptr; static storage (copies of the tuple share it).
Value make_named_tuple(const char* const* fields, std::vector<Value> items);

// format(v, spec) of an instance of a user class: its __format__, else object.__format__.
Res format_instance(State& st, const Value& v, const std::string& spec, std::string& out);

Res b_divmod(State& st, CallArgs& a, Value& out);
Res b_format(State& st, CallArgs& a, Value& out);
Res b_slice(State& st, CallArgs& a, Value& out);

}  // namespace forklab::lang
