// What forklab's Python subset leaves out, said where a program meets it at run time: the
// AttributeError of a module attribute and the NameError of a builtin that CPython has and
// forklab does not (open, multiprocessing.Manager ...) end with a note, so a student knows
// the program is not wrong, forklab is limited.
#pragma once
#include <string>
#include <string_view>

namespace forklab::lang {

// " (forklab does not support ...)" for a known missing name, "" otherwise; module "" for a builtin.
std::string unsupported_hint(std::string_view module, std::string_view name);

}  // namespace forklab::lang
