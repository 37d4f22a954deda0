#!/bin/sh
# tests/run.sh - run every unit test program and every command-line test
# against $BUILD (build or build/asan); append "suite name passed failed" lines
# to $BUILD/results.txt for tests/summary.sh.
set -u
BUILD=${BUILD:-build}
SUITE=${SUITE:-plain}
export BLOC="$PWD/$BUILD/bloc" SRCDIR="$PWD" BUILD
results="$PWD/$BUILD/results.txt"
: > "$results"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
run_one() { # name, command...
  name=$1; shift
  if "$@" > "$tmp/out" 2>&1; then status=0; else status=$?; fi
  line=$(grep -E '^[A-Za-z0-9_/.-]+: [0-9]+ passed, [0-9]+ failed$' "$tmp/out" | tail -n 1)
  if [ -z "$line" ]; then
    echo "[$SUITE] $name: no result line (exit $status)"; tail -n 20 "$tmp/out"
    echo "$SUITE $name 0 1" >> "$results"; return
  fi
  p=$(echo "$line" | sed -E 's/.*: ([0-9]+) passed, ([0-9]+) failed/\1/')
  f=$(echo "$line" | sed -E 's/.*: ([0-9]+) passed, ([0-9]+) failed/\2/')
  if [ "$status" != 0 ] && [ "$f" = 0 ]; then f=1; fi   # a crash after the last check
  [ "$f" != 0 ] && { grep -E '^(FAIL|not ok)|ERROR|runtime error' "$tmp/out" | head -n 30; }
  echo "[$SUITE] $line"
  echo "$SUITE $name $p $f" >> "$results"
}
for t in $(find "$BUILD/tests" -type f -name 'test_*' -perm -u+x | sort); do
  run_one "$(basename "$t")" "$t"
done
for t in tests/cli/test_*.sh; do
  run_one "$(basename "$t" .sh)" sh "$t"
done
