// Transport: the bytes a value becomes when it crosses a process boundary (Pipe, Queue, Pool
// tasks and results), with pickle's rules, so what CPython cannot send fails here too.
//
// Both ends run the same Program, so module-level functions and classes travel by their
// qualified name ("worker", "Point", "Point.area") and are looked up again in the receiver's
// globals, as pickle does; instances travel as their class plus their attribute dict, and
// exceptions as class, args and attributes (their traceback stays behind, as in CPython).
// Aliasing and cycles inside one message are preserved: every object is numbered the first
// time it is written and later occurrences refer to that number (pickle's memo).
//
// The format is private to forklab (both ends are the same build): a version byte, then one
// tagged record per value. Never store it.
#pragma once
#include <string>
#include <string_view>

#include "lang/value.h"

namespace forklab::lang {

// Appends the message for `v` to `out`. On a value pickle refuses it raises CPython's
// exception in `st` (PicklingError for a lambda, AttributeError for a local function,
// TypeError "cannot pickle 'generator' object", RuntimeError for a Lock or synchronized
// Value passed outside inheritance ...) and returns Res::error; `out` is then unspecified.
// Never blocks and never runs Python code.
Res serialize(State& st, const Value& v, std::string& out);

// Rebuilds in `st` (the receiving process) the value of a message made by serialize(). A
// function or class whose name the receiver cannot find raises AttributeError
// ("Can't get attribute 'f' on <module '__main__'>"), as pickle.loads does; a corrupt
// message raises ValueError. Never blocks and never runs Python code.
Res deserialize(State& st, std::string_view message, Value& out);

// CPython's __qualname__ of a function's code: "f", "C.m", "f.<locals>.g" (pickle names
// functions by it; argument errors too). Walks the program: for messages, not hot paths.
std::string function_qualname(const Program& prog, const Code* code);

}  // namespace forklab::lang
