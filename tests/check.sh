#!/bin/sh
# tests/check.sh - what `make check` runs: the style checks, every test built
# plainly and under AddressSanitizer+UBSan, and the fuzz harnesses for a bounded
# time; each suite's counts go to a results file and the last line printed is
# the total, "N passed, N failed". Exits non-zero when anything failed.
set -u
cd "$(dirname "$0")/.." || exit 2
MAKE=${MAKE:-make}
mkdir -p build
rm -f build/results.txt build/asan/results.txt build/lint-results.txt build/fuzz-results.txt \
  build/web-results.txt

if sh tools/lint.sh > build/lint.log 2>&1; then
  echo "lint lint 1 0" > build/lint-results.txt; echo "[lint] lint: 1 passed, 0 failed"
else
  cat build/lint.log; echo "lint lint 0 1" > build/lint-results.txt
  echo "[lint] lint: 0 passed, 1 failed"
fi

$MAKE --no-print-directory check-plain || true

# The dashboard in headless Chromium, against the plain build (screenshots kept
# in build/web-artifacts).
sh tests/web/test_browser.sh build/bloc build/web build/web-artifacts > build/web.log 2>&1
line=$(grep -E '^test_browser: [0-9]+ passed, [0-9]+ failed$' build/web.log | tail -n 1)
if [ -z "$line" ]; then
  tail -n 30 build/web.log; echo "web browser 0 1" > build/web-results.txt
  echo "[web] test_browser: no result line"
else
  echo "$line" | sed -E 's/^test_browser: ([0-9]+) passed, ([0-9]+) failed$/web browser \1 \2/' \
    > build/web-results.txt
  grep -E '^not ok' build/web.log | head -n 20
  echo "[web] $line"
fi
$MAKE --no-print-directory check-asan || true

# Fuzzing, bounded: FUZZ_SECONDS per harness (make fuzz for longer runs).
FUZZ_SECONDS=${FUZZ_SECONDS:-20} sh tests/fuzz/run.sh > build/fuzz.log 2>&1
grep -E '^fuzz_[a-z_]+: [0-9]+ passed, [0-9]+ failed$' build/fuzz.log |
  sed -E 's/^(fuzz_[a-z_]+): ([0-9]+) passed, ([0-9]+) failed$/fuzz \1 \2 \3/' \
  > build/fuzz-results.txt
grep -E '^fuzz_' build/fuzz.log | sed 's/^/[fuzz] /'
grep -q ' 0 passed' build/fuzz-results.txt && sed -n '1,60p' build/fuzz.log

sh tests/summary.sh build/lint-results.txt build/results.txt build/asan/results.txt \
  build/web-results.txt build/fuzz-results.txt
