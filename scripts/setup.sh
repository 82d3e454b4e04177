#!/usr/bin/env bash
# Installs everything forklab needs on Debian bookworm (run as root; idempotent and
# near-instant when everything is present):
#   - Debian packages (only the missing ones; apt-get update only when something is missing)
#   - npm packages of web/ (playwright-core for the browser tests; coi-serviceworker, which the
#     wasm build copies into build/web), only when web/node_modules is missing or stale
# The wasm dependencies (SDL2 + ImGui from Debian source packages) are built separately by
# scripts/build-wasm-deps.sh (called by the wasm configure step).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
log() { echo "[setup] $*"; }

PACKAGES=(
  # native toolchain
  g++ clang lld cmake ninja-build pkgconf python3 dpkg-dev xz-utils libclang-rt-14-dev
  # libraries
  doctest-dev nlohmann-json3-dev libsdl2-dev libimgui-dev libstb-dev libgl-dev libmimalloc-dev
  # browser build (Emscripten 3.1.6; nodejs comes from the machine, see below)
  emscripten
  # browser tests and headless desktop
  chromium xvfb xauth libgl1-mesa-dri imagemagick xdotool fonts-dejavu-core
)
# NodeSource's nodejs (with its own npm) may already be installed; Debian's npm/nodejs
# conflict with it, so they are never listed above. Only on a machine without any node/npm
# do we ask for Debian's.
command -v node >/dev/null 2>&1 || PACKAGES+=(nodejs)
command -v npm >/dev/null 2>&1 || PACKAGES+=(npm)

missing=()
for p in "${PACKAGES[@]}"; do
  status="$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)"
  [[ "$status" == "installed" ]] || missing+=("$p")
done

if ((${#missing[@]})); then
  SUDO=()
  if [[ $(id -u) -ne 0 ]]; then
    command -v sudo >/dev/null 2>&1 || { log "missing packages (${missing[*]}) and not root"; exit 1; }
    SUDO=(sudo)
  fi
  log "installing ${#missing[@]} missing package(s): ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  t=$SECONDS
  "${SUDO[@]}" apt-get update -qq
  "${SUDO[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
  log "apt-get done in $((SECONDS - t)) s"
else
  log "all ${#PACKAGES[@]} Debian packages present"
fi

# ---------------------------------------------------------------- npm (web/)
WEB="$ROOT/web"
if [[ -f "$WEB/package.json" ]]; then
  if [[ -f "$WEB/package-lock.json" ]]; then
    want="$(sha256sum "$WEB/package.json" "$WEB/package-lock.json" | sha256sum | cut -d' ' -f1)"
  else
    want="$(sha256sum "$WEB/package.json" | cut -d' ' -f1)"
  fi
  stamp="$WEB/node_modules/.forklab-setup"
  if [[ -f "$stamp" && "$(cat "$stamp")" == "$want" ]]; then
    log "web/node_modules up to date"
  else
    t=$SECONDS
    # The browser is Debian's /usr/bin/chromium: never let Playwright download one.
    export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
    if [[ -f "$WEB/package-lock.json" ]]; then
      log "npm ci in web/"
      (cd "$WEB" && npm ci --no-audit --no-fund --loglevel=error)
    else
      log "npm install in web/"
      (cd "$WEB" && npm install --no-audit --no-fund --loglevel=error)
    fi
    echo "$want" > "$stamp"
    log "npm done in $((SECONDS - t)) s"
  fi
fi
log "ok"
