#!/bin/sh
# Process hygiene of the fork backend (zombies, fds, shared memory, signals): tests/hygiene.py.
# usage: tests/hygiene.sh [build/native/forklab]
here=$(dirname "$0")
exec python3 "$here/hygiene.py" --forklab "${1:-$here/../build/native/forklab}"
