#!/bin/sh
# tools/deps.sh [build|test] - make sure the Debian 12 packages bloc needs are
# here: `build` what the library and command need, `test` also what `make check`
# needs. Installs them as root (or through sudo when it needs no password),
# else prints the exact line to run. Why each one: docs/DEPENDENCIES.md.
set -u
mode=${1:-build}
need=""
have_header() { [ -f "/usr/include/$1" ]; }
have_header sqlite3.h  || need="$need libsqlite3-dev"
have_header jansson.h  || need="$need libjansson-dev"
have_header sodium.h   || need="$need libsodium-dev"
have_header utf8proc.h || need="$need libutf8proc-dev"
have_header unicode/uloc.h || need="$need libicu-dev"
have_header microhttpd.h || need="$need libmicrohttpd-dev"
command -v cc >/dev/null 2>&1 || need="$need gcc"
command -v make >/dev/null 2>&1 || need="$need make"
command -v pkg-config >/dev/null 2>&1 || need="$need pkg-config"
# the dashboard's libraries come from npm at build time (web/build.sh)
command -v npm >/dev/null 2>&1 || need="$need nodejs npm"
if [ "$mode" = test ]; then
  command -v python3 >/dev/null 2>&1 || need="$need python3"
  command -v clang-format >/dev/null 2>&1 || need="$need clang-format"
  [ -x /usr/bin/time ] || need="$need time" # peak memory of extract on a large file
  command -v curl >/dev/null 2>&1 || need="$need curl" # the server's tests
  [ -x /usr/bin/chromium ] || need="$need chromium" # the dashboard's browser tests
  if command -v clang >/dev/null 2>&1; then
    # libFuzzer's runtime, wherever this architecture keeps it
    rt=$(clang -print-file-name="libclang_rt.fuzzer-$(uname -m).a" 2>/dev/null)
    [ -f "$rt" ] || need="$need libclang-rt-14-dev"
  else
    need="$need clang libclang-rt-14-dev"
  fi
fi
[ -z "$need" ] && exit 0
if [ "$(id -u)" = 0 ]; then
  sudo=""
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  sudo="sudo -n"
else
  echo "deps: missing packages; run as root:" >&2
  echo "  apt-get install -y$need" >&2
  exit 1
fi
echo "deps: installing$need"
{ $sudo apt-get update -qq &&
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq $need; } >/dev/null ||
  { echo "deps: apt-get install$need failed" >&2; exit 1; }
