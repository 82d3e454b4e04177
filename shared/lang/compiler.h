// Compiler: syntax tree -> Program (bytecode per function). Python's scoping is resolved
// here, once: a function's parameters and assigned names become indexed local slots, module
// names become indexed global slots (with the builtin to fall back on precomputed), so the VM
// never looks a name up in a dictionary. A Program is immutable after compilation and shared
// between every Interp of a run (threads included), so it holds plain data only: constants
// are described here and turned into Values by each Interp.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "lang/interp.h"

namespace forklab::lang {

struct ConstDef {
    enum Kind : uint8_t { integer, real, str, kwnames } kind = integer;
    int64_t i = 0;
    double f = 0.0;
    std::string s;
    std::vector<std::string> names;  // kind names: a tuple of keyword names for call_kw
};

struct Code {
    std::string name;                 // "<module>" or the function name
    std::vector<uint32_t> words;      // see opcodes.h
    std::vector<int32_t> lines;       // source line of each word
    int nparams = 0;                  // parameters occupy slots 0..nparams-1
    int nlocals = 0;                  // all slots, parameters included
    std::vector<std::string> local_names;
    int max_stack = 0;                // operand stack depth this code needs beyond its locals
    bool hidden = false;              // left out of tracebacks (the child bootstrap)
};

}  // namespace forklab::lang

namespace forklab {
struct Program {
    std::string source;
    std::string filename;
    std::vector<std::string> source_lines;
    std::vector<std::unique_ptr<lang::Code>> codes;  // codes[0]: module top level
    std::vector<lang::ConstDef> consts;
    std::vector<std::string> names;                  // attribute and module names
    std::vector<std::string> global_names;
    std::vector<int> global_builtin;                 // builtin index per global, -1 if none
    int main_name_global = -1;                       // slot of __name__
    int child_entry = -1;                            // code index: target(*args, **kwargs)
};
}  // namespace forklab
