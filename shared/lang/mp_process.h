// multiprocessing.Process as a class a program can subclass (class Worker(Process): def run...).
//
// `Process` is a ClassObj whose methods are native builtins; an instance keeps its native
// state (target, name, the child's ProcId, exit code) in a ProcessObj stored in its dict under
// "_popen". name, daemon, pid, ident and exitcode behave as CPython's properties: they are
// looked up before the instance dict (classes.cpp asks process_property_get first).
// current_process() in MainProcess and parent_process() in a child are bare ProcessObjs
// (CPython's _MainProcess and _ParentProcess).
#pragma once
#include <string_view>

#include "lang/value.h"

namespace forklab::lang {

Value make_process_class(State& st);
// The native state of a Process instance (or of a bare ProcessObj); null for anything else,
// and for an instance whose __init__ never reached Process.__init__.
ProcessObj* process_state(const Value& v);
bool is_process_property(std::string_view name);
// Process properties of an instance or ProcessObj; *found false when `name` is not one.
Res process_property_get(State& st, const Value& obj, std::string_view name, Value& out, bool* found);
Res process_property_set(State& st, const Value& obj, std::string_view name, const Value& v, bool* found);
// What a child runs: target(*args, **kwargs) for Process.run itself, or the overriding
// run() bound to the process object (args empty, kwargs none).
void process_entry(const Value& proc, Value* fn, Value* args, Value* kwargs);

// multiprocessing.current_process / parent_process / active_children.
Res mp_current_process(State& st, CallArgs& a, Value& out);
Res mp_parent_process(State& st, CallArgs& a, Value& out);
Res mp_active_children(State& st, CallArgs& a, Value& out);
// mp_context.cpp: set_start_method, get_start_method, get_all_start_methods, get_context.
void add_start_method_functions(ModuleObj* m);

}  // namespace forklab::lang
