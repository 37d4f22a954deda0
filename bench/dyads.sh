#!/bin/sh
# bench/dyads.sh - the dyad-year benchmark (issue #3, bench/README.md): times
# `bloc export dyad-years` against the same table built in R with data.table
# from flat files (bench/dyads.R), in the same run, checks that the two outputs
# are the same bytes, and reads both programs' peak RSS as the span grows.
#
#   sh bench/dyads.sh                    1816-2025, 5 runs of each, in /tmp/bloc-bench
#   RUNS=9 SEED=7 BENCH_DIR=/data sh bench/dyads.sh
#
# RUNS timed runs of each program, alternated (default 5; the median is
# reported); SEED of the generator (default 18161815); BENCH_DIR (default
# /tmp/bloc-bench) where the record (dyads-SEED.db, -states.csv, -members.csv)
# is kept for the next run (delete them to generate afresh) and the outputs go;
# BUILD (default build) the build directory. Exit 1 if the outputs differ.
set -eu
cd "$(dirname "$0")/.."
RUNS=${RUNS:-5}
SEED=${SEED:-18161815}
DIR=${BENCH_DIR:-/tmp/bloc-bench}
CC=${CC:-cc}
BUILD=${BUILD:-build}
FROM=1816
TO=2025
FLAGS="-std=c11 -D_POSIX_C_SOURCE=200809L -Iinclude -Isrc -Wall -Wextra -Wpedantic -Wshadow
 -Wstrict-prototypes -Wmissing-prototypes -Wformat=2 -Wvla -Werror -O2 -g"
LIBS="-lsqlite3 -ljansson -lsodium -lutf8proc -lmicrohttpd"

for tool in Rscript /usr/bin/time; do
  command -v "$tool" >/dev/null 2>&1 || {
    echo "dyads.sh: $tool is missing: apt-get install r-base-core r-cran-data.table time" >&2
    exit 2
  }
done
Rscript -e 'suppressPackageStartupMessages(library(data.table))' >/dev/null 2>&1 || {
  echo "dyads.sh: R's data.table is missing: apt-get install r-cran-data.table" >&2
  exit 2
}

make --no-print-directory -s BUILD="$BUILD" "$BUILD/bloc"
mkdir -p "$BUILD/bench" "$DIR"
# shellcheck disable=SC2086 # FLAGS and LIBS are word lists
$CC $FLAGS bench/dyads_gen.c "$BUILD/libbloc.a" $LIBS -o "$BUILD/bench/dyads_gen"

DB="$DIR/dyads-$SEED.db"
STATES="$DIR/dyads-$SEED-states.csv"
MEMBERS="$DIR/dyads-$SEED-members.csv"
if [ ! -f "$DB" ] || [ ! -f "$STATES" ] || [ ! -f "$MEMBERS" ]; then
  rm -f "$DB" "$DB-wal" "$DB-shm" "$DB.tmp" "$DB.tmp-wal" "$DB.tmp-shm" "$STATES" "$MEMBERS"
  "$BUILD/bench/dyads_gen" -s "$SEED" "$DB.tmp" "$STATES.tmp" "$MEMBERS.tmp"
  mv "$STATES.tmp" "$STATES"
  mv "$MEMBERS.tmp" "$MEMBERS"
  mv "$DB.tmp" "$DB"
fi
BOUT="$DIR/dyads-$SEED-bloc.csv"
ROUT="$DIR/dyads-$SEED-r.csv"
BLOC="$BUILD/bloc"

echo "machine: $(nproc) CPUs, $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)," \
  "$(awk '/^MemTotal/ {printf "%.1f GiB RAM", $2 / 1048576}' /proc/meminfo)"
echo "command: RUNS=$RUNS SEED=$SEED sh bench/dyads.sh"
changed=""
git diff --quiet HEAD -- src include 2>/dev/null || changed=" (with uncommitted changes in src/ or include/)"
echo "commit: $(git rev-parse --short HEAD 2>/dev/null || echo unknown)$changed"
echo "R: $(Rscript -e 'library(data.table); cat(R.version.string, "data.table", format(packageVersion("data.table")), "threads", getDTthreads())' 2>/dev/null)"
echo "record: $DB ($(wc -c <"$DB") bytes); flat: $(($(wc -l <"$STATES") - 1)) state rows," \
  "$(($(wc -l <"$MEMBERS") - 1)) member rows"
echo "load average before the run: $(cut -d' ' -f1-3 /proc/loadavg)"

# run LABEL OUT CMD...: the wall time and peak RSS of CMD, its stdout to OUT,
# appended to $TIMES as "LABEL MICROSECONDS KIB".
TIMES="$DIR/dyads-times.$$"
: >"$TIMES"
run() {
  label=$1 out=$2
  shift 2
  t0=$(date +%s%N)
  /usr/bin/time -f '%M' -o "$TIMES.rss" "$@" >"$out"
  t1=$(date +%s%N)
  echo "$label $(((t1 - t0) / 1000)) $(tail -1 "$TIMES.rss")" >>"$TIMES"
}

# same A B: 0 when files A (bloc's) and B (R's) hold the same bytes; else says
# where they differ and marks the run failed.
same=yes
same() {
  cmp -s "$1" "$2" && return 0
  same=no
  echo "dyads.sh: the outputs differ: $1 $2; first differences (< bloc, > R):" >&2
  diff "$1" "$2" | head -20 >&2
}

# The timed runs, alternated so both see the same machine; and R starting and
# loading data.table alone, the part of its time that is not the work.
i=0
while [ "$i" -lt "$RUNS" ]; do
  run bloc "$BOUT" "$BLOC" --db "$DB" export dyad-years --from "$FROM" --to "$TO"
  run R /dev/null Rscript bench/dyads.R "$STATES" "$MEMBERS" "$FROM" "$TO" "$ROUT"
  run Rstart /dev/null Rscript -e 'suppressPackageStartupMessages(library(data.table))'
  i=$((i + 1))
done
same "$BOUT" "$ROUT"
echo "outputs $FROM-$TO: bloc $(md5sum <"$BOUT" | cut -c1-32), R $(md5sum <"$ROUT" | cut -c1-32)"
# Peak RSS as the span grows: bloc, then R; the outputs compared again.
for to in 1850 1900 1950 2025; do
  run "bloc-span-$to" "$DIR/dyads-span-bloc.csv" "$BLOC" --db "$DB" export dyad-years --from "$FROM" --to "$to"
  run "R-span-$to" /dev/null Rscript bench/dyads.R "$STATES" "$MEMBERS" "$FROM" "$to" "$DIR/dyads-span-r.csv"
  same "$DIR/dyads-span-bloc.csv" "$DIR/dyads-span-r.csv"
  echo "rows-span-$to $(($(wc -l <"$DIR/dyads-span-bloc.csv") - 1)) 0" >>"$TIMES"
done
rm -f "$TIMES.rss" "$DIR/dyads-span-bloc.csv" "$DIR/dyads-span-r.csv"
echo "load average after the run: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "outputs identical (bloc and R: the timed span and the 4 below): $same"

rows=$(($(wc -l <"$BOUT") - 1))
bytes=$(wc -c <"$BOUT")

awk -v rows="$rows" -v bytes="$bytes" -v from="$FROM" -v to="$TO" -v runs="$RUNS" '
function median(a, n,    i, j, t) {
  for (i = 2; i <= n; i++)
    for (j = i; j > 1 && a[j - 1] > a[j]; j--) { t = a[j]; a[j] = a[j - 1]; a[j - 1] = t }
  return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
}
$1 == "bloc" { bs[++nb] = $2 / 1e6; if ($3 > brss) brss = $3 }
$1 == "R"    { rs[++nr] = $2 / 1e6; if ($3 > rrss) rrss = $3 }
$1 == "Rstart" { r0[++n0] = $2 / 1e6 }
$1 ~ /^bloc-span-/ { sub("bloc-span-", "", $1); sb[$1] = $3 }
$1 ~ /^R-span-/    { sub("R-span-", "", $1); sr[$1] = $3 }
$1 ~ /^rows-span-/ { sub("rows-span-", "", $1); sn[$1] = $2 }
END {
  for (i = 1; i <= nb; i++) bmin = i == 1 || bs[i] < bmin ? bs[i] : bmin
  for (i = 1; i <= nr; i++) rmin = i == 1 || rs[i] < rmin ? rs[i] : rmin
  b = median(bs, nb); r = median(rs, nr); rstart = median(r0, n0)
  printf "\nexport dyad-years %d-%d: %d rows, %d bytes; %d runs of each, alternated\n\n", from, to, rows, bytes, runs
  printf "| %-44s | %12s | %12s | %8s |\n", "measure", "bloc", "R data.table", "R / bloc"
  printf "|%s|%s|%s|%s|\n", "----------------------------------------------", "--------------", "--------------", "----------"
  printf "| %-44s | %12.3f | %12.3f | %7.1fx |\n", "wall seconds, median", b, r, r / b
  printf "| %-44s | %12.3f | %12.3f | %7.1fx |\n", "wall seconds, best", bmin, rmin, rmin / bmin
  printf "| %-44s | %12s | %12.3f | %8s |\n", "  R start + library(data.table), median", "-", rstart, ""
  printf "| %-44s | %12.3f | %12.3f | %7.1fx |\n", "wall seconds, median, R less its start", b, r - rstart, (r - rstart) / b
  printf "| %-44s | %12.2f | %12.2f | %8s |\n", "rows/s, millions (median)", rows / b / 1e6, rows / r / 1e6, ""
  printf "| %-44s | %12.1f | %12.1f | %8s |\n", "MB/s of CSV (median)", bytes / b / 1e6, bytes / r / 1e6, ""
  printf "| %-44s | %12.1f | %12.1f | %7.1fx |\n", "peak RSS, MiB (largest of the runs)", brss / 1024, rrss / 1024, rrss / brss
  split("1850 1900 1950 2025", ys, " ")
  for (k = 1; k <= 4; k++) {
    y = ys[k]
    printf "| %-44s | %12.1f | %12.1f | %7.1fx |\n", sprintf("peak RSS, MiB, %d-%d (%d rows)", from, y, sn[y]), sb[y] / 1024, sr[y] / 1024, sr[y] / sb[y]
  }
}' "$TIMES"
rm -f "$TIMES"
[ "$same" = yes ]
