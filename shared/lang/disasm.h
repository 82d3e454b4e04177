// Disassembler: a compiled Program as readable text, one instruction per line, for
// `forklab dis` and for tests that pin down what the compiler emits. It returns a string
// (the core never prints) and reads only the Program, so it works on any compiled file.
//
// Opcode names come from the FORKLAB_OPCODES X-macro (opcodes.h), so a new opcode is listed
// by name without touching this file; an argument whose meaning the disassembler does not
// know is shown as the raw number with no annotation. Listing format, per code object:
//
//   code 1: fib (params 1: n; locals 1; max stack 8)
//       line  word    opcode                   arg  annotation
//          2     0    load_fast                   0  n
//                1    load_int                    2  2
//                2    compare                     0  <
//                3    pop_jump_if_false           6  to 6
//          3     4    load_fast                   0  n
//                5    return_value
//   >>     4     6    load_global                 1  fib
//
// The line column shows the source line only where it changes; ">>" marks a word that some
// jump or exception handler lands on. A code object with exception handlers lists them under
// its title ("handler 0: to 17, stack depth 1, protects words 3-9").
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>

#include "lang/opcodes.h"

namespace forklab {
struct Program;

// Every code object of `program` (codes[0], the module top level, first; hidden ones such
// as the child bootstrap included), separated by blank lines.
std::string disassemble(const Program& program);
}  // namespace forklab

namespace forklab::lang {

// The X-macro name of `op`, e.g. "load_fast"; "op_<n>" for a byte that is no opcode.
std::string opcode_name(uint8_t op);

// One code object, `program.codes[index]`, as in disassemble().
std::string disassemble_code(const Program& program, size_t index);

}  // namespace forklab::lang
