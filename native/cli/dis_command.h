// `forklab dis FILE.py`: compile a file and print the bytecode of every code object
// (lang/disasm.h). Kept out of main.cpp so the command is one line there.
#pragma once

namespace forklab {

// argv: the arguments after "dis". Exit status: 0; 1 for a compile error (printed as
// `forklab run` prints it); 2 for a usage error or an unreadable file.
int cmd_dis(int argc, char** argv);

}  // namespace forklab
