#!/bin/sh
# tests/summary.sh - add up the results files; the last line is the total.
set -u
p=0; f=0
for r in "$@"; do
  if [ ! -s "$r" ]; then echo "no results in $r (the build failed?)"; f=$((f + 1)); continue; fi
  while read -r suite name passed failed; do
    p=$((p + passed)); f=$((f + failed))
  done < "$r"
done
echo "$p passed, $f failed"
[ "$f" = 0 ]
