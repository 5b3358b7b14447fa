# Sourced by scripts/run and scripts/test: installs what is missing, then builds.
# Safe to run again: installs nothing and rebuilds nothing when all is in place.
set -euo pipefail

SOCKSCOPE_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD_DIR=${SOCKSCOPE_BUILD_DIR:-$SOCKSCOPE_ROOT/build}
# ccache (found by CMakeLists.txt) then hits across checkouts and build directories.
export CCACHE_BASEDIR=${CCACHE_BASEDIR:-$SOCKSCOPE_ROOT}

# Debian 12 packages the build, the tests and the app need.
SOCKSCOPE_PACKAGES=(
  cmake ninja-build g++ ccache pkg-config
  qt6-base-dev qt6-charts-dev qt6-svg-dev libqt6opengl6-dev qt6-gtk-platformtheme
  libmnl-dev iproute2
  fonts-dejavu-core
  xvfb xauth
)

install_missing_packages() {
  local missing=()
  for p in "${SOCKSCOPE_PACKAGES[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
      missing+=("$p")
    fi
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "sockscope: installing missing packages: ${missing[*]}"
  local sudo=()
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null; then sudo=(sudo); else
      echo "sockscope: these packages are missing and I am not root (and there is no sudo): ${missing[*]}" >&2
      exit 1
    fi
  fi
  export DEBIAN_FRONTEND=noninteractive
  "${sudo[@]}" apt-get update -q </dev/null
  "${sudo[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}" </dev/null
}

build_sockscope() {
  if [ ! -f "$BUILD_DIR/build.ninja" ]; then
    cmake -S "$SOCKSCOPE_ROOT" -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo
  fi
  cmake --build "$BUILD_DIR"
}
