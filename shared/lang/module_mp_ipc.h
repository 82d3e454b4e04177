// multiprocessing's Pipe (Connection) and Queue family: constructors the module registers,
// and attribute lookup on their objects (builtins.cpp get_attr delegates here).
#pragma once
#include <optional>
#include <string>

#include "lang/value.h"

namespace forklab::lang {

// module_mp_pipe.cpp
Res mp_pipe(State& st, CallArgs& a, Value& out);
Res conn_get_attr(State& st, const Value& obj, const std::string& name, Value& out, bool* found);

// module_mp_queue.cpp
Res mp_queue(State& st, CallArgs& a, Value& out);
Res mp_joinable_queue(State& st, CallArgs& a, Value& out);
Res mp_simple_queue(State& st, CallArgs& a, Value& out);
// This process's `queue` module (Empty, Full), imported on first use.
Value queue_module_of(State& st);
Res queue_get_attr(State& st, const Value& obj, const std::string& name, Value& out, bool* found);

// A `timeout` argument: none or not given means wait forever; negative means 0.
Res ipc_timeout(State& st, const Value& v, std::optional<double>* out);

}  // namespace forklab::lang
