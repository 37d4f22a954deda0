#!/bin/sh
# bench/run.sh - build the benchmark, generate the synthetic record if it is not
# there yet, and run the benchmark on it (bench/README.md).
#
#   sh bench/run.sh                      10 million facts in /tmp/bloc-bench
#   N=1000000 sh bench/run.sh            another size
#   BENCH_DIR=/data ORDER=grouped BENCH_SECONDS=10 sh bench/run.sh
#
# N facts (default 10000000); ORDER chrono (spells in order of their start date,
# the default) or grouped (organization by organization); BENCH_SECONDS per query
# measure (default 5); BENCH_DIR where the databases go (default /tmp/bloc-bench):
# bloc-N-ORDER.db (what bloc stores) and bloc-N-ORDER-sql.db (its byte copy, to
# which the SQL baseline adds its indexes). Both are kept for the next run;
# delete them to generate afresh.
set -eu
cd "$(dirname "$0")/.."
N=${N:-10000000}
ORDER=${ORDER:-chrono}
DIR=${BENCH_DIR:-/tmp/bloc-bench}
T=${BENCH_SECONDS:-5}
CC=${CC:-cc}
BUILD=${BUILD:-build}
FLAGS="-std=c11 -D_POSIX_C_SOURCE=200809L -Iinclude -Isrc -Wall -Wextra -Wpedantic -Wshadow
 -Wstrict-prototypes -Wmissing-prototypes -Wformat=2 -Wvla -Werror -O2 -g"
LIBS="-lsqlite3 -ljansson -lsodium -lutf8proc -lmicrohttpd"

make --no-print-directory -s BUILD="$BUILD" "$BUILD/libbloc.a"
mkdir -p "$BUILD/bench" "$DIR"
# shellcheck disable=SC2086 # FLAGS and LIBS are word lists
$CC $FLAGS bench/gen.c "$BUILD/libbloc.a" $LIBS -o "$BUILD/bench/gen"
# shellcheck disable=SC2086
$CC $FLAGS bench/bench.c "$BUILD/libbloc.a" $LIBS -o "$BUILD/bench/bench"

DB="$DIR/bloc-$N-$ORDER.db"
SQLDB="$DIR/bloc-$N-$ORDER-sql.db"
if [ ! -f "$DB" ]; then
  rm -f "$DB.tmp" "$DB.tmp-wal" "$DB.tmp-shm" "$SQLDB"
  "$BUILD/bench/gen" -n "$N" -o "$ORDER" "$DB.tmp"
  mv "$DB.tmp" "$DB"
fi
if [ ! -f "$SQLDB" ] || [ "$DB" -nt "$SQLDB" ]; then
  cp "$DB" "$SQLDB.tmp"
  mv "$SQLDB.tmp" "$SQLDB"
fi

echo "machine: $(nproc) CPUs, $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)," \
  "$(awk '/^MemTotal/ {printf "%.1f GiB RAM", $2 / 1048576}' /proc/meminfo)"
echo "command: N=$N ORDER=$ORDER BENCH_SECONDS=$T sh bench/run.sh"
changed=""
git diff --quiet HEAD -- src include 2>/dev/null || changed=" (with uncommitted changes in src/ or include/)"
echo "commit: $(git rev-parse --short HEAD 2>/dev/null || echo unknown)$changed"
# Other processes on the machine skew the figures: say how busy it was.
echo "load average before the run: $(cut -d' ' -f1-3 /proc/loadavg)"
rc=0
"$BUILD/bench/bench" -t "$T" "$DB" "$SQLDB" || rc=$?
echo "load average after the run: $(cut -d' ' -f1-3 /proc/loadavg)"
exit $rc
