// `forklab explore FILE.py` (every outcome the scenario allows, with counts and witness
// schedules) and `forklab compare FILE.py --runs N` (those outcomes against N seeded
// simulations and N real fork runs). Kept out of main.cpp so each command is one line there.
#pragma once

namespace forklab {

// argv: the arguments after the command. Exit status: 0; 1 when the scenario does not
// compile; 2 for a usage error or an unreadable file; 130 after Ctrl-C (143 after SIGTERM),
// with what was found so far. compare: 3 when a real run gave an outcome that a complete
// exploration says is impossible (a bug in the simulator's model).
int cmd_explore(int argc, char** argv);
int cmd_compare(int argc, char** argv, const char* self_exe);

}  // namespace forklab
