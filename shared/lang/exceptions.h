// Exceptions: the builtin exception classes (one set per Interp, made at start-up), raising
// from native code, and CPython's traceback text, chained causes and contexts included.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "lang/value.h"

namespace forklab::lang {

// The builtin exception class names, in table order (a parent always precedes its children).
int exception_count();
const char* exception_name(int index);
int exception_index(std::string_view name);  // -1 when not a builtin exception

// Fills st.exc_classes (called once per Interp).
void init_exception_classes(State& st);
Value exception_class(State& st, const char* name);

bool class_is_subclass(const ClassObj* c, const ClassObj* base);
bool is_exception_instance(const Value& v);
// A new instance of an exception class with these arguments (no __init__ is run).
Value new_exception(const Value& cls, std::vector<Value> args);

// An exception made by calling its class (OSError's errno rules applied).
Value new_exception_instance(State& st, const Value& cls, std::vector<Value> args);

// Makes `exc` the exception being raised. Its __context__ becomes the exception being
// handled, if any; fresh_traceback: a `raise` statement (the current frame adds a line).
Res raise_value(State& st, Value exc, bool fresh_traceback);
// NameError and AttributeError keep the name (and the object), so an uncaught one can
// suggest a close name ("Did you mean: 'resultado'?").
Res raise_name_error(State& st, const std::string& name);
Res raise_attribute_error(State& st, const Value& obj, const std::string& name, std::string msg);

// Raises KeyError(key): its message is repr(key), as in CPython.
Res raise_key_error(State& st, const Value& key);
Res raise_with_args(State& st, const char* type, std::vector<Value> args);
// OSError(err, strerror) with Linux errno numbers (11 EAGAIN becomes BlockingIOError, 32
// EPIPE BrokenPipeError, by OSError's own rules).
Res raise_os_error(State& st, int err);

// The name printed on a traceback's last line: "ValueError", "__main__.MyError".
std::string exception_display_name(const ClassObj* c);
// BaseException.__str__ / __repr__ (user __str__ is not consulted here).
std::string exception_str(State& st, const Value& exc);
std::string exception_repr(State& st, const Value& exc);
// The queue module (Empty, Full).
Value make_queue_module(State& st);

// The whole report of an uncaught exception, as CPython prints it on stderr.
std::string format_traceback(State& st, const Value& exc);

}  // namespace forklab::lang
