#!/bin/sh
# tools/deps.sh - make sure the Debian 12 packages bloc builds and tests with are
# here: install them when run as root, else print the exact line to run.
# Why each one: docs/DEPENDENCIES.md.
set -u
need=""
have_header() { [ -f "/usr/include/$1" ]; }
have_header sqlite3.h  || need="$need libsqlite3-dev"
have_header jansson.h  || need="$need libjansson-dev"
have_header sodium.h   || need="$need libsodium-dev"
have_header utf8proc.h || need="$need libutf8proc-dev"
command -v cc >/dev/null 2>&1 || need="$need gcc"
command -v python3 >/dev/null 2>&1 || need="$need python3"
command -v clang >/dev/null 2>&1 || need="$need clang"
ls /usr/lib/llvm-14/lib/clang/14*/lib/linux/libclang_rt.fuzzer-x86_64.a >/dev/null 2>&1 \
  || need="$need libclang-rt-14-dev"
[ -z "$need" ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "deps: installing$need"
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $need; } \
    >/dev/null || { echo "deps: apt-get install$need failed" >&2; exit 1; }
else
  echo "deps: missing packages; run as root:" >&2
  echo "  apt-get install -y$need" >&2
  exit 1
fi
