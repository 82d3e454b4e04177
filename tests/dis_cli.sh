#!/usr/bin/env bash
# `forklab dis` from the outside: the listing of tests/dis/fib.py names its code objects,
# opcodes and annotations; a compile error prints exactly what `forklab run` prints and exits
# 1; a missing file exits 2. Checks lines, not the whole listing, so that compiler changes
# that keep the meaning do not break it.   usage: tests/dis_cli.sh path/to/forklab
set -uo pipefail
FORKLAB="$(realpath "${1:?usage: $0 path/to/forklab}")"
[[ -x "$FORKLAB" ]] || { echo "dis_cli: no executable $FORKLAB"; exit 2; }
DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/dis" && pwd)"
cd "$DIR"
fails=0
fail() { echo "dis_cli: FAIL: $*"; fails=$((fails + 1)); }

out="$("$FORKLAB" dis fib.py)"; rc=$?
((rc == 0)) || fail "dis fib.py exited $rc"
for want in '^code 0: <module>' '^code 1: fib \(params 1: n;' \
            ' make_function +[0-9]+  code 1 fib$' \
            ' load_fast +0  n$' ' compare +[0-9]+  <$' ' pop_jump_if_false +[0-9]+  to [0-9]+$' \
            ' binary +[0-9]+  \+$' ' return_value$' " load_const +[0-9]+  'done'$" \
            ' format_value +[0-9]+  !r$' ' load_global +[0-9]+  print \(or builtin\)$' \
            '^>> +[0-9]+ +[0-9]+    load_global'; do
  grep -Eq -- "$want" <<<"$out" || fail "dis fib.py: no line matching /$want/"
done

"$FORKLAB" dis syntax_error.py >/dev/null 2>dis.err; rc=$?
"$FORKLAB" run --backend sim syntax_error.py >/dev/null 2>run.err
((rc == 1)) || fail "dis syntax_error.py exited $rc, want 1"
[[ -s dis.err ]] || fail "dis syntax_error.py printed no diagnostic"
cmp -s dis.err run.err || fail "dis and run diagnostics differ: $(diff dis.err run.err)"
rm -f dis.err run.err

"$FORKLAB" dis no_such_file.py >/dev/null 2>&1; rc=$?
((rc == 2)) || fail "dis no_such_file.py exited $rc, want 2"

((fails == 0)) && echo "dis_cli: ok"
((fails == 0))
