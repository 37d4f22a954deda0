#!/bin/sh
# tests/fuzz/run.sh - build the libFuzzer harnesses (tests/fuzz/fuzz_*.c) with
# clang, ASan and UBSan into build/fuzz/ (or $FUZZ_OUT), replay the saved
# reproducers in tests/fuzz/regress/NAME/, then fuzz each harness for
# FUZZ_SECONDS (default 10) from a copy of its seed corpus (tests/fuzz/corpus/NAME
# -> build/fuzz/corpus-NAME, so what the fuzzer adds stays out of git) and its
# dictionary tests/fuzz/NAME.dict.
#
# Prints one line per harness, "fuzz_NAME: 1 passed, 0 failed" or
# "fuzz_NAME: 0 passed, 1 failed" followed by the tail of the crash report
# (the whole log is build/fuzz/NAME.log, the crashing input build/fuzz/NAME-crash-*).
# Exits non-zero if any failed.
#
#   FUZZ_SECONDS=60 sh tests/fuzz/run.sh          every harness for a minute
#   FUZZ_ONLY=json sh tests/fuzz/run.sh           one harness
#   FUZZ_VERBOSE=1 ...                            also print runs and coverage
#   FUZZ_ARGS="-max_len=4096" ...                 more libFuzzer flags (the last wins)
#   FUZZ_CFLAGS="-DREOPEN_EVERY=40" ...           extra flags for the harnesses
#   FUZZ_OUT=build-mine/fuzz ...                  another build directory
set -u
cd "$(dirname "$0")/../.." || exit 2

SECONDS_EACH=${FUZZ_SECONDS:-10}
ONLY=${FUZZ_ONLY:-}
VERBOSE=${FUZZ_VERBOSE:-0}
OUT=${FUZZ_OUT:-build/fuzz}
CC=${FUZZ_CC:-clang}
SAN_COMPILE="-fsanitize=fuzzer-no-link,address,undefined"
SAN_LINK="-fsanitize=fuzzer,address,undefined"
CFLAGS="-std=c11 -D_POSIX_C_SOURCE=200809L -Iinclude -Isrc -g -O1"
LIBS="-lsqlite3 -ljansson -lsodium -lutf8proc -lmicrohttpd"
HARNESSES="date json record extract step"

case "$SECONDS_EACH" in
'' | *[!0-9]*) echo "run.sh: FUZZ_SECONDS must be a whole number of seconds" >&2; exit 2 ;;
esac

# ---- the toolchain: clang and its libFuzzer runtime ----
missing=""
command -v "$CC" >/dev/null 2>&1 || missing="clang libclang-rt-14-dev"
mkdir -p "$OUT" || exit 2
if [ -z "$missing" ]; then
  printf '%s\n' '#include <stddef.h>' '#include <stdint.h>' \
    'int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n);' \
    'int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n) { (void)d; (void)n; return 0; }' \
    > "$OUT/probe.c"
  "$CC" -fsanitize=fuzzer,address,undefined "$OUT/probe.c" -o "$OUT/probe" \
    > "$OUT/probe.log" 2>&1 || missing="libclang-rt-14-dev"
  rm -f "$OUT/probe" "$OUT/probe.c"
fi
if [ -n "$missing" ]; then
  echo "run.sh: clang with the libFuzzer runtime is needed; as root run:" >&2
  echo "  apt-get install -y $missing" >&2
  for h in $HARNESSES; do echo "fuzz_$h: 0 passed, 1 failed"; done
  exit 1
fi

# ---- the library, instrumented ----
mkdir -p "$OUT/obj" || exit 2
objs=""
build_failed=0
for src in $(ls src/*/*.c | grep -v '^src/cli/' | sort); do
  obj="$OUT/obj/$(echo "$src" | tr '/' '_' | sed 's/\.c$/.o/')"
  if ! "$CC" $CFLAGS $SAN_COMPILE -c "$src" -o "$obj" > "$OUT/build.log" 2>&1; then
    echo "run.sh: compiling $src failed:" >&2
    cat "$OUT/build.log" >&2
    build_failed=1
  fi
  objs="$objs $obj"
done
# The bundled record and the lexicons, embedded as in the bloc binary (with the
# states' CLDR names, tools/worldnames.c): fuzz_record opens its databases with
# BLOC_OPEN_NO_BUNDLE; fuzz_extract reads every name of the bundled record.
embed="$OUT/embed"
worldnames="$OUT/worldnames"
if cc -std=c11 -O2 tools/embed.c -o "$embed" > "$OUT/build.log" 2>&1 &&
   cc -std=c11 -D_POSIX_C_SOURCE=200809L -O2 tools/worldnames.c -ljansson -licuuc -licudata \
     -o "$worldnames" >> "$OUT/build.log" 2>&1 &&
   "$worldnames" "$OUT/names.json" $(find data/world -name '*.json' | LC_ALL=C sort) >> "$OUT/build.log" 2>&1 &&
   "$embed" "$OUT/bundle.c" $(find data -name '*.json' | LC_ALL=C sort) "$OUT/names.json" \
     >> "$OUT/build.log" 2>&1 &&
   "$embed" -n lexicon "$OUT/lexicons.c" $(ls lexicon/*.json | LC_ALL=C sort) >> "$OUT/build.log" 2>&1 &&
   "$CC" $CFLAGS $SAN_COMPILE -c "$OUT/bundle.c" -o "$OUT/obj/bundle.o" >> "$OUT/build.log" 2>&1 &&
   "$CC" $CFLAGS $SAN_COMPILE -c "$OUT/lexicons.c" -o "$OUT/obj/lexicons.o" >> "$OUT/build.log" 2>&1
then
  objs="$objs $OUT/obj/bundle.o $OUT/obj/lexicons.o"
else
  echo "run.sh: embedding the record and the lexicons failed:" >&2
  cat "$OUT/build.log" >&2
  build_failed=1
fi

# Scratch space for the record harness's database (tmpfs when there is one).
if [ -d /dev/shm ] && [ -w /dev/shm ]; then
  scratch=$(mktemp -d /dev/shm/bloc-fuzz.XXXXXX)
else
  scratch=$(mktemp -d "${TMPDIR:-/tmp}/bloc-fuzz.XXXXXX")
fi
trap 'rm -rf "$scratch"' EXIT INT TERM
export BLOC_FUZZ_TMP="$scratch"
# UBSan reports are fatal (libFuzzer then saves the input); leaks are reported.
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1"
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=0"

failed=0
for h in $HARNESSES; do
  [ -n "$ONLY" ] && [ "$ONLY" != "$h" ] && continue
  bin="$OUT/fuzz_$h"
  log="$OUT/$h.log"
  rlog="$OUT/$h-regress.log"
  rm -f "$log" "$rlog"
  ok=1
  tails=""
  if [ "$build_failed" != 0 ] ||
     ! "$CC" $CFLAGS -Wall -Wextra -Werror ${FUZZ_CFLAGS:-} $SAN_LINK "tests/fuzz/fuzz_$h.c" \
       $objs $LIBS -o "$bin" > "$log" 2>&1; then
    echo "run.sh: building fuzz_$h failed" >> "$log"
    ok=0
    tails="$log"
  else
    # 1. the saved reproducers of bugs found before: each must run clean
    if [ -d "tests/fuzz/regress/$h" ] && [ -n "$(ls "tests/fuzz/regress/$h")" ]; then
      if ! "$bin" -rss_limit_mb=2048 -timeout=10 tests/fuzz/regress/"$h"/* > "$rlog" 2>&1 ||
         grep -qE 'runtime error:|ERROR: (Address|Leak|UndefinedBehavior)Sanitizer' "$rlog"; then
        ok=0
        tails="$rlog"
      fi
    fi
    # 2. fuzzing, from a fresh copy of the seeds
    corpus="$OUT/corpus-$h"
    rm -rf "$corpus"
    mkdir -p "$corpus"
    [ -d "tests/fuzz/corpus/$h" ] && cp tests/fuzz/corpus/"$h"/* "$corpus"/ 2>/dev/null
    opts=""
    [ "$h" = record ] && opts="-max_len=65536"
    [ "$h" = extract ] && opts="-max_len=70000" # past a paragraph's 64 KiB
    [ -f "tests/fuzz/$h.dict" ] && opts="$opts -dict=tests/fuzz/$h.dict"
    if ! "$bin" -max_total_time="$SECONDS_EACH" $opts -rss_limit_mb=2048 -timeout=10 \
         -print_final_stats=1 -artifact_prefix="$OUT/$h-" ${FUZZ_ARGS:-} "$corpus" \
         >> "$log" 2>&1 ||
       grep -qE 'runtime error:|ERROR: (Address|Leak|UndefinedBehavior)Sanitizer' "$log"; then
      ok=0
      tails="$tails $log"
    fi
  fi
  if [ "$ok" = 1 ]; then
    echo "fuzz_$h: 1 passed, 0 failed"
  else
    failed=1
    echo "fuzz_$h: 0 passed, 1 failed"
    for t in $tails; do
      echo "  --- $t (last lines)"
      tail -n 30 "$t" | sed 's/^/  /'
    done
  fi
  if [ "$VERBOSE" != 0 ] && [ -f "$log" ]; then
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
    cov=$(grep -oE 'cov: [0-9]+ ft: [0-9]+ corp: [0-9]+/[^ ]+' "$log" | tail -n 1)
    echo "  ($h: ${runs:-?} runs in up to ${SECONDS_EACH}s; $cov)"
  fi
done
exit "$failed"
