// Argument parsing for native functions: ARGS("name", required, "p1", "p2", ...) declares
// `av`, one Value per named parameter (undef when not given), or returns the TypeError.
#pragma once
#include "lang/interp_state.h"

#define FORKLAB_ARGS(fname, req, ...)                                                      \
    Value av[sizeof((const char*[]){__VA_ARGS__}) / sizeof(const char*)];                  \
    {                                                                                      \
        Res r_ = parse_args(st, a, fname, {__VA_ARGS__}, req, av);                         \
        if (r_ != Res::ok) return r_;                                                      \
    }
#define FORKLAB_GIVEN(i) (av[i].tag != Tag::undef)
