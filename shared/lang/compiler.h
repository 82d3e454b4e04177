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
    enum Kind : uint8_t { integer, real, str, kwnames, bigint, bytes } kind = integer;
    int64_t i = 0;
    double f = 0.0;
    std::string s;
    std::vector<std::string> names;  // kind names: a tuple of keyword names for call_kw
};

// Where an exception raised inside a protected range goes: the operand stack is cut back
// to `depth` values above the locals, the exception is pushed and execution jumps to `target`.
struct HandlerDef {
    uint32_t target = 0;
    uint32_t depth = 0;
};

// A call the process may block in, as the student wrote it: `candado.acquire()`, `with
// candado`, `q.get(timeout=1)`. Kept per call word so that a blocked process can say what it
// waits in (Interp::block_reason) without any cost while it runs. `subject` is the receiver
// (`candado`, `self.q`), empty when the callee is not an attribute of a simple expression.
struct CallSite {
    uint32_t word = 0;
    std::string text;
    std::string subject;
};

struct Code {
    std::string name;                 // "<module>" or the function name
    std::vector<uint32_t> words;      // see opcodes.h
    std::vector<int32_t> lines;       // source line of each word
    std::vector<int16_t> handler_of;  // per word: index into handlers, -1 when unprotected
    std::vector<HandlerDef> handlers;
    std::vector<CallSite> call_sites; // ascending word order (call_site_text.cpp)
    // Parameter slots, in this order: positional, keyword-only, *args, **kwargs.
    int nposargs = 0;
    int nkwonly = 0;
    bool varargs = false, varkw = false;
    int nparams = 0;                  // all parameter slots: 0..nparams-1
    int nlocals = 0;                  // all slots, parameters included
    std::vector<std::string> local_names;
    std::vector<int> cell_slots;      // locals captured by inner functions (hold CellObjs)
    std::vector<int> free_slots;      // captured variables, filled from FunctionObj::closure
    bool generator = false;           // calling it makes a generator object
    bool simple = true;               // positional parameters only, no cells: the fast call path
    int max_stack = 0;                // operand stack depth this code needs beyond its locals
    bool hidden = false;              // left out of tracebacks (the child bootstrap)
    bool prelude = false;             // compiled from the runtime's prelude (lang/prelude.h)
    uint32_t word_offset = 0;         // first word's index in the Program (per-Interp caches)
    bool has_doc = false;             // the body starts with a string: its docstring
    std::string doc;
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
    // The runtime's prelude (multiprocessing.Pool, written in Python: lang/prelude.h), compiled
    // into programs that mention multiprocessing: its top level (run at `import
    // multiprocessing`), and the file name and lines its tracebacks show.
    int prelude_entry = -1;
    std::string prelude_filename;
    std::vector<std::string> prelude_lines;
    int spawn_entry = -1;                            // the same after the module top level (spawn)
    int process_run = -1;                            // multiprocessing.Process.run (mp_process.cpp)
    uint32_t total_words = 0;                        // all codes' words (Code::word_offset)
};
}  // namespace forklab
