// The `forklab-gui` executable: the desktop viewer, which `forklab gui` execs (native/cli/
// main.cpp). It is a program of its own so that SDL2, OpenGL and the audio libraries they pull
// in (some 300 memory mappings) are not in the `forklab run` process: fork() copies every
// mapping, and with them a fork costs about 6 times as much.
#include "gui/gui.h"

int main(int argc, char** argv) { return run_gui(argc, argv); }
