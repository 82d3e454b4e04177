#!/usr/bin/env bash
# Builds what the browser build (preset `wasm`) needs, into build/deps/ (cached by stamps):
#   build/deps/src/                Debian source packages imgui + libsdl2 (apt-get source)
#   build/deps/imgui/              unpacked Dear ImGui 1.86 sources
#   build/deps/sdl2-src/           unpacked SDL2 sources
#   build/deps/sdl2-st/            SDL2 static for wasm, no threads   (lib/libSDL2.a, include/)
#   build/deps/sdl2-mt/            SDL2 static for wasm, -pthread     (lib/libSDL2.a, include/)
#   build/deps/emcache/            writable Emscripten config + cache (Debian's is FROZEN_CACHE)
# A second run is near-instant. Needs root only when deb-src entries must be added.
# Usage: bash scripts/build-wasm-deps.sh [--force]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DEPS="${FORKLAB_DEPS_DIR:-$ROOT/build/deps}"
JOBS="${JOBS:-$(nproc)}"
log() { echo "[wasm-deps] $*" >&2; }
if [[ "${1:-}" == "--force" ]]; then rm -f "$DEPS"/*.stamp; fi
mkdir -p "$DEPS/src"
t0=$SECONDS

# ---------------------------------------------------------------- Emscripten config/cache
# Debian's emscripten config sets FROZEN_CACHE and its cache lives in /usr/share. We use a
# config of our own with a writable cache: headers and small files are copied, the prebuilt
# system libraries are symlinked (emscripten only ever adds new library files to a cache).
EMC="$DEPS/emcache"
export EM_CONFIG="$EMC/emscripten.cfg"
export NODE_PATH="${NODE_PATH:-/usr/share/nodejs}"
if [[ ! -f "$EMC/cache.stamp" ]]; then
  log "creating writable Emscripten cache in $EMC"
  SYS_CFG=/usr/share/emscripten/.emscripten
  SYS_CACHE="$(EM_CONFIG=$SYS_CFG em-config CACHE)"
  rm -rf "$EMC"; mkdir -p "$EMC/cache"
  (cd "$SYS_CACHE" && find . -type d -print0) | (cd "$EMC/cache" && xargs -0 mkdir -p)
  (cd "$SYS_CACHE" && find . \( -type f -o -type l \) ! -name '*.lock' -print0) |
  while IFS= read -r -d '' f; do
    case "$f" in
      ./sysroot/lib/*.a|./sysroot/lib/*.o) ln -s "$SYS_CACHE/${f#./}" "$EMC/cache/${f#./}" ;;
      *) cp -a "$SYS_CACHE/${f#./}" "$EMC/cache/${f#./}" ;;
    esac
  done
  grep -v '^FROZEN_CACHE' "$SYS_CFG" > "$EM_CONFIG"
  echo "CACHE = '$EMC/cache'" >> "$EM_CONFIG"
  touch "$EMC/cache.stamp"
fi

# ---------------------------------------------------------------- source packages
have_debsrc() {
  grep -Rqs -E '^\s*(Types:.*deb-src|deb-src\s)' /etc/apt/sources.list /etc/apt/sources.list.d/ 2>/dev/null
}
fetch_sources() {
  if ls "$DEPS/src"/imgui_*.dsc "$DEPS/src"/libsdl2_*.dsc >/dev/null 2>&1; then return; fi
  if ! have_debsrc; then
    [[ $(id -u) -eq 0 ]] || { log "need deb-src entries (run as root once)"; exit 1; }
    if [[ -f /etc/apt/sources.list.d/debian.sources ]]; then
      log "adding deb-src entries: /etc/apt/sources.list.d/debian-src.sources"
      sed -E 's/^Types:.*/Types: deb-src/' /etc/apt/sources.list.d/debian.sources \
        > /etc/apt/sources.list.d/debian-src.sources
    else
      log "adding deb-src entries: /etc/apt/sources.list.d/debian-src.list"
      grep -E '^\s*deb\s' /etc/apt/sources.list | sed -E 's/^\s*deb\s/deb-src /' \
        > /etc/apt/sources.list.d/debian-src.list
    fi
    apt-get update -qq
  fi
  log "apt-get source --download-only imgui libsdl2"
  (cd "$DEPS/src" && apt-get source --download-only imgui libsdl2 > apt-source.log 2>&1) ||
    { cat "$DEPS/src/apt-source.log" >&2; log "apt-get source failed"; exit 1; }
  ls "$DEPS/src"/imgui_*.dsc "$DEPS/src"/libsdl2_*.dsc >/dev/null 2>&1 ||
    { log "apt-get source failed"; exit 1; }
}
unpack() { # name dsc-glob dest
  local name=$1 dsc dest=$3
  dsc=$(ls "$DEPS"/src/$2 | sort -V | tail -1)
  if [[ -f "$dest/.unpacked" && "$(cat "$dest/.unpacked")" == "$(basename "$dsc")" ]]; then return; fi
  log "unpacking $(basename "$dsc") into $dest"
  rm -rf "$dest"
  dpkg-source --no-check --skip-patches -x "$dsc" "$dest" >/dev/null 2>&1 ||
    dpkg-source --no-check -x "$dsc" "$dest" >/dev/null
  basename "$dsc" > "$dest/.unpacked"
}
fetch_sources
unpack imgui 'imgui_*.dsc' "$DEPS/imgui"
unpack libsdl2 'libsdl2_*.dsc' "$DEPS/sdl2-src"

# ---------------------------------------------------------------- SDL2 for wasm
build_sdl() { # flavour extra-cmake-args...
  local fl=$1; shift
  local prefix="$DEPS/sdl2-$fl" bdir="$DEPS/sdl2-build-$fl"
  local stamp="$DEPS/sdl2-$fl.stamp" key
  key="$(cat "$DEPS/sdl2-src/.unpacked") $*"
  if [[ -f "$stamp" && "$(cat "$stamp")" == "$key" && -f "$prefix/lib/libSDL2.a" ]]; then return; fi
  log "building SDL2 ($fl) for wasm -> $prefix"
  local t=$SECONDS
  rm -rf "$bdir" "$prefix"
  emcmake cmake -S "$DEPS/sdl2-src" -B "$bdir" -G Ninja -Wno-dev \
    -DCMAKE_BUILD_TYPE=Release -DCMAKE_INSTALL_PREFIX="$prefix" \
    -DSDL_SHARED=OFF -DSDL_STATIC=ON -DSDL_TEST=OFF "$@" > "$DEPS/sdl2-$fl.configure.log" 2>&1 ||
    { tail -30 "$DEPS/sdl2-$fl.configure.log"; exit 1; }
  cmake --build "$bdir" -j "$JOBS" > "$DEPS/sdl2-$fl.build.log" 2>&1 ||
    { tail -30 "$DEPS/sdl2-$fl.build.log"; exit 1; }
  cmake --install "$bdir" > /dev/null
  echo "$key" > "$stamp"
  log "SDL2 ($fl) done in $((SECONDS - t)) s"
}
# Both flavours at once: SDL's configure step is a long row of single-threaded try-compiles
# (~2 min each), so running them side by side nearly halves the wall time on 2 cores.
build_sdl st -DSDL_THREADS=OFF -DSDL_PTHREADS=OFF &
st_pid=$!
build_sdl mt -DSDL_THREADS=ON -DSDL_PTHREADS=ON -DCMAKE_C_FLAGS=-pthread -DCMAKE_EXE_LINKER_FLAGS=-pthread &
mt_pid=$!
rc=0
wait "$st_pid" || rc=1
wait "$mt_pid" || rc=1
((rc == 0)) || { log "SDL2 build failed (logs: $DEPS/sdl2-*.log)"; exit 1; }

log "ready in $((SECONDS - t0)) s: $DEPS (EM_CONFIG=$EM_CONFIG)"
