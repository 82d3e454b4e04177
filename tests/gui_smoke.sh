#!/usr/bin/env bash
# Desktop viewer smoke test: open `forklab gui` on the race scenario under Xvfb, let the sim
# run finish, take a screenshot and check it is not blank (enough distinct colours: code text,
# coloured lanes, the result line). Keeps the picture as build/native/gui_smoke.png.
#   usage: tests/gui_smoke.sh path/to/forklab [OUT.png]
set -euo pipefail

forklab=${1:?usage: tests/gui_smoke.sh path/to/forklab [OUT.png]}
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
out_png=${2:-$root/build/native/gui_smoke.png}
min_colors=${GUI_SMOKE_MIN_COLORS:-50}

for tool in xvfb-run identify convert; do
  command -v "$tool" >/dev/null || { echo "gui_smoke: $tool not found (apt-get install xvfb imagemagick)" >&2; exit 1; }
done

scenario=$root/web/scenarios/race.py
[ -f "$scenario" ] || { echo "gui_smoke: no race scenario found" >&2; exit 1; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
bmp=$tmp/shot.bmp

# Mesa's software renderer under Xvfb; never ask for a real GPU.
export LIBGL_ALWAYS_SOFTWARE=1
set +e
timeout 240 xvfb-run -a -s "-screen 0 1280x800x24" \
  "$forklab" gui "$scenario" --backend sim --autorun --screenshot "$bmp" --frames 120 \
  >"$tmp/log" 2>&1
rc=$?
set -e
if [ $rc -ne 0 ] || [ ! -s "$bmp" ]; then
  echo "gui_smoke: forklab gui exited with $rc and no screenshot; its output:" >&2
  cat "$tmp/log" >&2
  exit 1
fi

mkdir -p "$(dirname "$out_png")"
convert "$bmp" "$out_png"
colors=$(identify -format '%k' "$out_png")
size=$(identify -format '%wx%h' "$out_png")
echo "gui_smoke: $size, $colors colours -> $out_png"
if [ "$colors" -lt "$min_colors" ]; then
  echo "gui_smoke: screenshot looks blank ($colors colours < $min_colors)" >&2
  cat "$tmp/log" >&2
  exit 1
fi
if grep -q "run still going" "$tmp/log"; then
  echo "gui_smoke: the sim run did not finish before the screenshot" >&2
  exit 1
fi
echo "gui_smoke: ok"
