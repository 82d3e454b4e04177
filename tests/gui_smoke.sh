#!/usr/bin/env bash
# Desktop viewer smoke test: open `forklab gui` on the race scenario under Xvfb, let the sim
# run finish, take a screenshot and check it is not blank (enough distinct colours: code text,
# coloured lanes, the result line). Keeps the picture as build/native/gui_smoke.png.
# Then the bench plots: `forklab bench --quick --json` results opened with `gui --bench`
# must draw both charts with their series lines (pixels of the first two series colours),
# kept as gui_smoke_bench.png beside it; with the mouse held on a point of a fixed results file
# (FORKLAB_GUI_MOUSE) its tooltip must show; a bad results file must exit 1 with FILE:LINE:COL.
# Step mode (gui --step --schedule S) must open and mark the stepped line. The Results and
# Inspector tabs must draw (kept as gui_smoke_results.png, gui_smoke_inspector.png), and
# --lang es must change the labels (gui_smoke_es.png); the Experiments tab must explore a
# small race and plot its speed-up (gui_smoke_experiments.png). `gui --trace` of a fork run
# must show that run's source in the editor and its state in the Inspector (gui_smoke_trace.png).
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

# Mesa's software renderer under Xvfb; never ask for a real GPU.
export LIBGL_ALWAYS_SOFTWARE=1

# Runs `forklab gui ARGS... --screenshot BMP --frames FRAMES` in a 1280x800 Xvfb screen, its
# output in BMP's name with .log; fails the test unless it exits 0 and writes the screenshot.
#   usage: screenshot BMP FRAMES ARGS...
screenshot() {
  local bmp=$1 frames=$2 rc
  shift 2
  set +e
  timeout 240 xvfb-run -a -s "-screen 0 1280x800x24" \
    "$forklab" gui "$@" --screenshot "$bmp" --frames "$frames" >"${bmp%.bmp}.log" 2>&1
  rc=$?
  set -e
  if [ $rc -ne 0 ] || [ ! -s "$bmp" ]; then
    echo "gui_smoke: forklab gui $* exited with $rc and no screenshot; its output:" >&2
    cat "${bmp%.bmp}.log" >&2
    exit 1
  fi
}

bmp=$tmp/shot.bmp
screenshot "$bmp" 120 "$scenario" --backend sim --autorun

mkdir -p "$(dirname "$out_png")"
convert "$bmp" "$out_png"
colors=$(identify -format '%k' "$out_png")
size=$(identify -format '%wx%h' "$out_png")
echo "gui_smoke: $size, $colors colours -> $out_png"
if [ "$colors" -lt "$min_colors" ]; then
  echo "gui_smoke: screenshot looks blank ($colors colours < $min_colors)" >&2
  cat "$tmp/shot.log" >&2
  exit 1
fi
if grep -q "run still going" "$tmp/shot.log"; then
  echo "gui_smoke: the sim run did not finish before the screenshot" >&2
  exit 1
fi

# ---- the lower panel's tabs on the same run: Results (final shared values, lost updates in
# red, exit codes) and Inspector (shared memory, locks, each process's variables), then the
# whole viewer in Spanish. Each must draw something of its own in the lower panel (the crop
# differs from the Output tab's and is not blank); Results must show the lost updates of
# `sin` in the viewer's red (kRed, 255,107,107: nothing else is red after a clean run).
panel_crop=760x270+500+490
convert "$bmp" -crop $panel_crop +repage "$tmp/panel_output.png"
for panel in results inspector; do
  screenshot "$tmp/$panel.bmp" 10 "$scenario" --backend sim --autorun --panel $panel
  convert "$tmp/$panel.bmp" "${out_png%.png}_$panel.png"
  convert "$tmp/$panel.bmp" -crop $panel_crop +repage "$tmp/panel_$panel.png"
  n=$(identify -format '%k' "$tmp/panel_$panel.png")
  diff=$(compare -metric AE "$tmp/panel_output.png" "$tmp/panel_$panel.png" null: 2>&1 || true)
  if [ "$n" -lt 20 ] || [ "${diff%% *}" -lt 2000 ]; then
    echo "gui_smoke: the $panel tab looks blank or like the Output tab ($n colours, $diff pixels differ)" >&2
    exit 1
  fi
  echo "gui_smoke: $panel tab drawn ($n colours, $diff pixels differ from Output) -> ${out_png%.png}_$panel.png"
done
red=$(convert "$tmp/panel_results.png" -format %c histogram:info:- |
  awk '{ s=$2; gsub(/ /, "", s); if (s == "(255,107,107)") { sub(":", "", $1); print $1 } }')
if [ "${red:-0}" -lt 10 ]; then
  echo "gui_smoke: the Results tab shows no lost updates in red (${red:-0} pixels)" >&2
  exit 1
fi

# --lang es: the same viewer with its own labels in Spanish (accents drawn from the font's
# Latin-1 range): the toolbar must differ from the English one.
screenshot "$tmp/es.bmp" 10 "$scenario" --backend sim --autorun --panel inspector --lang es
convert "$tmp/es.bmp" "${out_png%.png}_es.png"
convert "$tmp/inspector.bmp" -crop 640x30+0+0 +repage "$tmp/bar_en.png"
convert "$tmp/es.bmp" -crop 640x30+0+0 +repage "$tmp/bar_es.png"
diff=$(compare -metric AE "$tmp/bar_en.png" "$tmp/bar_es.png" null: 2>&1 || true)
if [ "${diff%% *}" -lt 300 ]; then
  echo "gui_smoke: --lang es did not change the toolbar's labels ($diff pixels differ)" >&2
  exit 1
fi
echo "gui_smoke: --lang es drawn -> ${out_png%.png}_es.png"
if "$forklab" gui --lang fr --screenshot "$tmp/fr.bmp" >"$tmp/fr.log" 2>&1 || ! grep -q "'fr' is not en or es" "$tmp/fr.log"; then
  echo "gui_smoke: --lang fr was not refused with a clear message:" >&2
  cat "$tmp/fr.log" >&2
  exit 1
fi

# ---- the Experiments tab on a two-process race with one increment each: the explorer must
# find both outcomes (the counter ends at 2, or at 1 when an update is lost) without freezing
# the window, and the speed-up runs must draw their plot (series colours as for --bench).
cat >"$tmp/tiny_race.py" <<'EOF'
from multiprocessing import Process, Value

def sumar(contador):
    contador.value += 1

if __name__ == "__main__":
    contador = Value("i", 0, lock=False)
    ps = [Process(target=sumar, args=(contador,)) for _ in range(2)]
    for p in ps: p.start()
    for p in ps: p.join()
    print(contador.value)
EOF
screenshot "$tmp/experiments.bmp" 10 "$tmp/tiny_race.py" --panel experiments
if ! grep -q "explored 2 outcomes in 66 schedules$" "$tmp/experiments.log"; then
  echo "gui_smoke: the Experiments tab did not find the race's two outcomes; its output:" >&2
  cat "$tmp/experiments.log" >&2
  exit 1
fi
convert "$tmp/experiments.bmp" "${out_png%.png}_experiments.png"
n=$(convert "${out_png%.png}_experiments.png" -format %c histogram:info:- |
  awk '{ s=$2; gsub(/ /, "", s); if (s == "(230,159,0)") { sub(":", "", $1); print $1 } }')
if [ "${n:-0}" -lt 100 ]; then
  echo "gui_smoke: the speed-up plot is missing (${n:-0} pixels of its series colour)" >&2
  exit 1
fi
echo "gui_smoke: experiments drawn -> ${out_png%.png}_experiments.png"

# ---- bench plots
out_bench=${out_png%.png}_bench.png
if ! "$forklab" bench --quick --json "$tmp/bench.json" >"$tmp/bench.txt" 2>&1; then
  echo "gui_smoke: forklab bench --quick --json failed:" >&2
  cat "$tmp/bench.txt" >&2
  exit 1
fi
screenshot "$tmp/bench.bmp" 10 --bench "$tmp/bench.json"
convert "$tmp/bench.bmp" "$out_bench"
histogram=$(convert "$out_bench" -format %c histogram:info:-)
# The first two series colours of plot_view.cpp: speed-up "processes" and the Pipe cost line
# share the first, "threads (GIL)" has the second. A line with markers is hundreds of pixels.
for rgb in "86,180,233" "230,159,0"; do
  n=$(echo "$histogram" | awk -v c="($rgb)" '{ s=$2; gsub(/ /, "", s); if (s == c) { sub(":", "", $1); print $1 } }')
  if [ "${n:-0}" -lt 150 ]; then
    echo "gui_smoke: bench plots look blank (${n:-0} pixels of series colour $rgb)" >&2
    exit 1
  fi
done
echo "gui_smoke: bench plots drawn -> $out_bench"

# The point (2, 1.5) of this file lies at pixel (620, 246) of a 1280x800 window; its tooltip
# (text on the popup background) fills the box right below it, which is empty plot otherwise.
cat >"$tmp/hover.json" <<'EOF'
{"format": "forklab-bench", "version": 1, "forklab": "0.1.0", "backend": "fork",
 "cores": 2, "cpu": "", "scale": 0.2, "complete": true, "interrupted": false, "experiments": [],
 "plots": [
  {"id": "speedup", "title": "CPU-bound speed-up of the mp_worker job", "x_label": "processes or threads",
   "x_scale": "linear", "y_label": "speed-up t(1)/t(n)", "y_scale": "linear",
   "series": [{"name": "processes", "points": [[1, 1], [2, 1.5]]}, {"name": "ideal", "points": [[1, 1], [2, 2]]}]},
  {"id": "ipc_cost", "title": "Pipe cost per message", "x_label": "message size (bytes)", "x_scale": "log2",
   "y_label": "microseconds per message", "y_scale": "log10",
   "series": [{"name": "Pipe send_bytes/recv_bytes", "points": [[64, 10], [1048576, 100]]}]}]}
EOF
FORKLAB_GUI_MOUSE=620,246 screenshot "$tmp/hover.bmp" 5 --bench "$tmp/hover.json"
tip_colors=$(convert "$tmp/hover.bmp" -crop 240x60+630+255 +repage -format '%k' info:)
if [ "$tip_colors" -lt 50 ]; then
  echo "gui_smoke: no tooltip on the hovered point ($tip_colors colours where it should be)" >&2
  exit 1
fi
echo "gui_smoke: hover tooltip drawn"

# ---- Step mode: opened with the first steps of a schedule, it must report where it is and
# mark the stepped process's line in the code view (the opaque marker colour of viewer.cpp).
set +e
timeout 240 xvfb-run -a -s "-screen 0 1280x800x24" \
  "$forklab" gui "$scenario" --step --schedule 0x3,0+5 --screenshot "$tmp/step.bmp" --frames 10 \
  >"$tmp/step_log" 2>&1
rc=$?
set -e
if [ $rc -ne 0 ] || [ ! -s "$tmp/step.bmp" ] || ! grep -q "step mode at step 2, 3 processes" "$tmp/step_log"; then
  echo "gui_smoke: forklab gui --step exited with $rc; its output:" >&2
  cat "$tmp/step_log" >&2
  exit 1
fi
out_step=${out_png%.png}_step.png
convert "$tmp/step.bmp" "$out_step"
marker=$(convert "$out_step" -format %c histogram:info:- |
  awk '{ s=$2; gsub(/ /, "", s); if (s == "(255,200,0)") { sub(":", "", $1); print $1 } }')
if [ "${marker:-0}" -lt 20 ]; then
  echo "gui_smoke: step mode does not mark the stepped line (${marker:-0} marker pixels)" >&2
  exit 1
fi
echo "gui_smoke: step mode drawn -> $out_step"

# ---- gui --trace: a fork run's trace shows that run's code. The code panel must be pixel for
# pixel the one `gui FILE.py` draws for the same file, and differ from a trace without source
# (whose editor holds a note instead); its Inspector tab must draw the trace's state.
cat >"$tmp/suma.py" <<'PY'
from multiprocessing import Process, Value, Lock
# Dos procesos suman con el cerrojo tomado.

def sumar(total, candado):
    for _ in range(20):
        with candado:
            total.value += 1

if __name__ == "__main__":
    total = Value("i", 0, lock=False)
    candado = Lock()
    ps = [Process(target=sumar, args=(total, candado)) for _ in range(2)]
    for p in ps:
        p.start()
    for p in ps:
        p.join()
    print("total", total.value)
PY
(cd "$tmp" && "$forklab" run --backend fork --trace suma.json suma.py >/dev/null)
python3 -c 'import json, sys; d = json.load(open(sys.argv[1])); del d["otherData"]["scenario"]; json.dump(d, open(sys.argv[2], "w"))' \
  "$tmp/suma.json" "$tmp/old.json"
code_crop=470x700+10+40
(cd "$tmp" && screenshot "$tmp/trace.bmp" 10 --trace suma.json --panel inspector)
(cd "$tmp" && screenshot "$tmp/file.bmp" 10 suma.py)
(cd "$tmp" && screenshot "$tmp/old.bmp" 10 --trace old.json)
for f in trace file old; do convert "$tmp/$f.bmp" -crop $code_crop +repage "$tmp/code_$f.png"; done
same=$(compare -metric AE "$tmp/code_file.png" "$tmp/code_trace.png" null: 2>&1 || true)
differ=$(compare -metric AE "$tmp/code_file.png" "$tmp/code_old.png" null: 2>&1 || true)
if [ "${same%% *}" -ne 0 ] || [ "${differ%% *}" -lt 500 ]; then
  echo "gui_smoke: gui --trace does not show the trace's source ($same pixels differ from the file," \
       "$differ from a trace without source)" >&2
  exit 1
fi
convert "$tmp/trace.bmp" "${out_png%.png}_trace.png"
convert "$tmp/trace.bmp" -crop $panel_crop +repage "$tmp/panel_trace.png"
n=$(identify -format '%k' "$tmp/panel_trace.png")
if [ "$n" -lt 20 ]; then
  echo "gui_smoke: the Inspector of a trace looks blank ($n colours)" >&2
  exit 1
fi
echo "gui_smoke: gui --trace shows the run's source and its Inspector ($n colours) -> ${out_png%.png}_trace.png"

printf '{"format": "forklab-bench",\n "version": 2}\n' >"$tmp/v2.json"
set +e
"$forklab" gui --bench "$tmp/v2.json" >"$tmp/v2_log" 2>&1
rc=$?
set -e
if [ $rc -ne 1 ] || ! grep -q "v2.json:2:13: error: bench results version 2 is not supported" "$tmp/v2_log"; then
  echo "gui_smoke: a version 2 results file exited $rc, want 1 with FILE:LINE:COL; got:" >&2
  cat "$tmp/v2_log" >&2
  exit 1
fi
echo "gui_smoke: ok"
