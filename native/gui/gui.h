// The desktop viewer: an SDL2 window with an OpenGL 3 context running shared/ui's Viewer.
//
//   forklab gui [FILE.py] [--backend sim|threads|fork] [--seed N] [--cores N] [--autorun]
//               [--screenshot OUT.bmp [--frames N]]
//   forklab gui --trace TRACE.json [FILE.py]    replays a trace `forklab run --trace` wrote
//                                               (a bad file: FILE:LINE:COL: error ..., status 1)
//
// argv[0] is the command name ("gui" or the program) and is skipped; a leading "gui" in
// argv[1] is skipped too, so the CLI may pass its argv from either position. Without FILE the
// viewer shows the course's race scenario. --screenshot renders N frames (default 120)
// counted after an --autorun run has finished (at most 3000 frames in all), writes the
// framebuffer as BMP and exits 0. Returns the process exit status (2: bad arguments or no
// window).
#pragma once

int run_gui(int argc, char** argv);
