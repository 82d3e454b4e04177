// `forklab step FILE.py`: the simulator stepped by hand from a terminal, or from a script
// piped into stdin (exec/stepper.h does the work; this file reads commands and prints).
#pragma once

namespace forklab {

// argv: the arguments after "step". Exit status: the scenario's once its run has ended (0, 1
// on an uncaught exception or a compile error, n from sys.exit), 0 when quit before; 2 for a
// usage error or an unreadable file.
int cmd_step(int argc, char** argv);

}  // namespace forklab
