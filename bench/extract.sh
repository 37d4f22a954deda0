#!/bin/sh
# bench/extract.sh - the extraction benchmark (issue #4, bench/README.md):
# bloc's extractor end to end over a generated corpus of news-like text in
# Bengali, Arabic, Russian and English, side by side in one run with
# `grep -F -f` over the same gazetteer (the pure scan) and Hyperscan where it
# is installed; then bloc alone over growing corpora, for its memory.
#
#   sh bench/extract.sh                          200 MB side by side; bloc at 50, 100, 200, 400 MB
#   SIZE=400 SIZES="100 400" RUNS=5 sh bench/extract.sh
#
# SIZE MB (10^6 bytes) of the corpus every program reads (default 200); SIZES
# the corpora bloc alone reads, for memory as the corpus grows (default
# "50 100 200 400"); RUNS timed runs of each program at SIZE, alternated
# (default 3; the median is reported); SEED of the generator (default
# 20240101); BENCH_DIR (default /tmp/bloc-bench): the corpus is kept in
# BENCH_DIR/extract/corpus-SEED (documents, manifest, the concatenation for
# grep; generated once at the largest size, the smaller corpora are its
# prefixes; delete it to generate afresh); BUILD (default build); CLI=0 skips
# the run of the `bloc extract` command itself.
set -eu
cd "$(dirname "$0")/.."
SIZE=${SIZE:-200}
SIZES=${SIZES:-50 100 200 400}
RUNS=${RUNS:-3}
SEED=${SEED:-20240101}
DIR=${BENCH_DIR:-/tmp/bloc-bench}/extract
BUILD=${BUILD:-build}
CLI=${CLI:-1}
CC=${CC:-cc}
FLAGS="-std=c11 -D_POSIX_C_SOURCE=200809L -Iinclude -Isrc -Wall -Wextra -Wpedantic -Wshadow
 -Wstrict-prototypes -Wmissing-prototypes -Wformat=2 -Wvla -Werror -O2 -g"
LIBS="-lsqlite3 -ljansson -lsodium -lutf8proc -lmicrohttpd"

for tool in python3 /usr/bin/time grep; do
  command -v "$tool" >/dev/null 2>&1 || {
    echo "extract.sh: $tool is missing (apt-get install python3 time grep)" >&2
    exit 2
  }
done

make --no-print-directory -s BUILD="$BUILD" "$BUILD/bloc"
mkdir -p "$BUILD/bench" "$DIR"
# shellcheck disable=SC2086 # FLAGS and LIBS are word lists
$CC $FLAGS bench/extract_bench.c "$BUILD/libbloc.a" $LIBS -o "$BUILD/bench/extract_bench"
HS=""
# shellcheck disable=SC2086
if $CC $FLAGS bench/hs_scan.c -lhs -o "$BUILD/bench/hs_scan" 2>/dev/null; then
  HS="$BUILD/bench/hs_scan"
fi

# The record: a fresh database seeded with the bundled record, every run.
DB="$DIR/bloc.db"
rm -f "$DB" "$DB-wal" "$DB-shm"
NAMES="$DIR/names.tsv"
"$BUILD/bench/extract_bench" names "$DB" >"$NAMES"
GAZ="$DIR/gazetteer.txt"
GAZN="$DIR/gazetteer-names.txt"
python3 bench/extract_corpus.py gazetteer "$NAMES" lexicon "$GAZ" 2>/dev/null
python3 bench/extract_corpus.py gazetteer "$NAMES" lexicon "$GAZN" --names-only 2>/dev/null

# The corpus, at the largest size asked for (cached).
max=$SIZE
for s in $SIZES; do if [ "$s" -gt "$max" ]; then max=$s; fi; done
C="$DIR/corpus-$SEED"
have=0
if [ -f "$C/manifest.tsv" ]; then
  have=$(awk -F'\t' '{b += $2} END {printf "%d", b / 1e6}' "$C/manifest.tsv")
fi
if [ "$have" -lt "$max" ]; then
  rm -rf "$C"
  echo "generating $max MB of news-like text in $C (once; kept for the next run)"
  python3 bench/extract_corpus.py corpus "$NAMES" lexicon "$max" "$C" "$SEED"
fi
# prefix S: the first documents of the manifest that make S MB
prefix() {
  awk -F'\t' -v lim="$(($1 * 1000000))" 'b < lim {print; b += $2}' "$C/manifest.tsv" >"$C/manifest-$1.tsv"
  cut -f1 "$C/manifest-$1.tsv" >"$C/list-$1"
}
for s in $SIZE $SIZES; do prefix "$s"; done
BIG="$C/all-$SIZE.txt"
want=$(awk -F'\t' '{b += $2} END {printf "%d", b}' "$C/manifest-$SIZE.tsv")
if [ ! -f "$BIG" ] || [ "$(wc -c <"$BIG")" -ne "$want" ]; then
  xargs cat <"$C/list-$SIZE" >"$BIG.tmp"
  mv "$BIG.tmp" "$BIG"
fi
# into the page cache: every run reads from memory
cat "$BIG" >/dev/null
xargs cat <"$C/list-$SIZE" >/dev/null

echo "machine: $(nproc) CPUs, $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)," \
  "$(awk '/^MemTotal/ {printf "%.1f GiB RAM", $2 / 1048576}' /proc/meminfo)"
echo "command: SIZE=$SIZE SIZES=\"$SIZES\" RUNS=$RUNS SEED=$SEED sh bench/extract.sh"
changed=""
if ! git diff --quiet HEAD -- src include lexicon 2>/dev/null ||
  [ -n "$(git ls-files --others --exclude-standard -- src include lexicon 2>/dev/null)" ]; then
  changed=" (with uncommitted changes in src/, include/ or lexicon/: diff md5 $( (git diff HEAD -- src include lexicon; git ls-files --others --exclude-standard -- src include lexicon | xargs cat) 2>/dev/null | md5sum | cut -c1-8))"
fi
echo "commit: $(git rev-parse --short HEAD 2>/dev/null || echo unknown)$changed"
echo "tools: $(grep --version | head -1); $(cc --version | head -1);" \
  "Hyperscan: $([ -n "$HS" ] && dpkg-query -W -f '${Version}' libhyperscan-dev 2>/dev/null || echo 'not installed (apt-get install libhyperscan-dev)')"
echo "corpus: $C, $(wc -l <"$C/manifest-$SIZE.tsv") documents, $want bytes at $SIZE MB;" \
  "gazetteer: $(wc -l <"$GAZ") patterns ($(wc -l <"$GAZN") names only); record names: $(wc -l <"$NAMES")"
echo "load average before the run: $(cut -d' ' -f1-3 /proc/loadavg)"

# run LABEL KEEP CMD...: CMD's wall, user and system seconds and peak RSS
# (KiB), and the lines of its stdout (grep's matches: counted by wc, never
# sent to /dev/null, where GNU grep stops at the first match), appended to
# $TIMES; KEEP=1 keeps the stdout in $TIMES.out too.
TIMES="$DIR/times.$$"
: >"$TIMES"
run() {
  label=$1 keep=$2
  shift 2
  if [ "$keep" = 1 ]; then
    lines=$( (/usr/bin/time -f '%e %U %S %M' -o "$TIMES.t" "$@") | tee "$TIMES.out" | wc -l)
  else
    lines=$( (/usr/bin/time -f '%e %U %S %M' -o "$TIMES.t" "$@") | wc -l)
  fi
  echo "$label $(tail -1 "$TIMES.t") $lines" >>"$TIMES"
}
XB="$BUILD/bench/extract_bench"
i=0
while [ "$i" -lt "$RUNS" ]; do
  run bloc 1 "$XB" run "$DB" "$C/list-$SIZE"
  sed "s/^/bloc-$i /" "$TIMES.out" >>"$TIMES.bloc"
  run grep-o 0 env LC_ALL=C grep -F -o -f "$GAZ" "$BIG"
  run grep 0 env LC_ALL=C grep -F -f "$GAZ" "$BIG"
  run grepn-o 0 env LC_ALL=C grep -F -o -f "$GAZN" "$BIG"
  if [ -n "$HS" ]; then
    run hs 1 "$HS" "$GAZ" "$BIG"
    sed "s/^/hsout-hs /" "$TIMES.out" >>"$TIMES.hs"
    run hsn 1 "$HS" "$GAZN" "$BIG"
    sed "s/^/hsout-hsn /" "$TIMES.out" >>"$TIMES.hs"
  fi
  i=$((i + 1))
done
# the command itself, in batches of 64 files (a process, a database opened and
# the lexicons compiled per batch), its JSON lines counted
if [ "$CLI" = 1 ]; then
  run cli 0 sh -c "xargs -n 64 '$BUILD/bloc' --db '$DB' extract --date 2024-01-01 <'$C/list-$SIZE'"
fi
# bloc alone as the corpus grows
for s in $SIZES; do
  run "size-$s" 1 "$XB" run "$DB" "$C/list-$s"
  sed "s/^/size-$s /" "$TIMES.out" >>"$TIMES.bloc"
done
echo "load average after the run: $(cut -d' ' -f1-3 /proc/loadavg)"

# sentences (manifest), per size and per language at SIZE
for s in $SIZE $SIZES; do
  awk -F'\t' -v s="$s" '{b += $2; n += $3; d++} END {print "corpus-" s, b, n, d}' "$C/manifest-$s.tsv" >>"$TIMES"
done
awk -F'\t' '{b[$4] += $2; n[$4] += $3} END {for (l in b) print "lang-" l, b[l], n[l]}' \
  "$C/manifest-$SIZE.tsv" >>"$TIMES"
echo "words $(LC_ALL=C.UTF-8 wc -w <"$BIG")" >>"$TIMES"

cat "$TIMES" "$TIMES.bloc" "$TIMES.hs" 2>/dev/null | awk -v size="$SIZE" -v sizes="$SIZES" -v runs="$RUNS" '
function median(a, n,    i, j, t) {
  for (i = 2; i <= n; i++)
    for (j = i; j > 1 && a[j - 1] > a[j]; j--) { t = a[j]; a[j] = a[j - 1]; a[j - 1] = t }
  return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
}
function kv(line, key,    m) {  # key=value in a line of extract_bench or hs_scan
  if (match(line, "(^| )" key "=[^ ]*")) { m = substr(line, RSTART, RLENGTH); sub(/^ /, "", m); sub(/^[^=]*=/, "", m); return m }
  return ""
}
$1 ~ /^corpus-/ { s = substr($1, 8); cb[s] = $2; cn[s] = $3; cd[s] = $4; next }
$1 ~ /^lang-/ { l = substr($1, 6); lb[l] = $2; ln[l] = $3; langs[++nl] = l; next }
$1 == "words" { words = $2; next }
$1 ~ /^bloc-[0-9]/ || $1 ~ /^size-/ && NF > 6 { line[$1] = $0; next }
$1 ~ /^hsout-/ { hsline[substr($1, 7)] = $0; next }
{ # label wall user sys rss lines
  k = $1; n[k]++; w[k, n[k]] = $2; c[k, n[k]] = $3 + $4; if ($5 > rss[k]) rss[k] = $5; out[k] = $6
}
END {
  B = cb[size]; S = cn[size]
  nlab = split("bloc cli grep-o grep grepn-o hs hsn", labs, " ")
  name["bloc"] = "bloc extract (library, 1 thread)"
  name["cli"] = "bloc extract command, xargs -n 64"
  name["grep-o"] = "grep -F -o -f gazetteer"
  name["grep"] = "grep -F -f gazetteer (no -o)"
  name["grepn-o"] = "grep -F -o -f names-only gazetteer"
  name["hs"] = "Hyperscan, gazetteer"
  name["hsn"] = "Hyperscan, names-only gazetteer"
  for (i = 1; i <= nlab; i++) {
    k = labs[i]
    if (!n[k]) continue
    for (j = 1; j <= n[k]; j++) { ww[j] = w[k, j]; cc[j] = c[k, j] }
    mw[k] = median(ww, n[k]); mc[k] = median(cc, n[k])
  }
  # bloc: events from its own report (the first timed run)
  ev = kv(line["bloc-0"], "events")
  printf "\n%d MB corpus: %d documents, %d bytes, %d sentences (%.0f per MB); %d runs of each, alternated, medians\n\n", size, cd[size], B, S, S / (B / 1e6), runs
  printf "| %-38s | %8s | %8s | %9s | %9s | %12s | %12s | %8s | %13s |\n", "program (same corpus)", "wall s", "CPU s", "MB/s", "MB/CPU-s", "sentences/s", "matches", "RSS MiB", "bloc/it MB/s"
  printf "|%s|%s|%s|%s|%s|%s|%s|%s|%s|\n", "----------------------------------------", "----------", "----------", "-----------", "-----------", "--------------", "--------------", "----------", "---------------"
  for (i = 1; i <= nlab; i++) {
    k = labs[i]
    if (!n[k]) continue
    m = k == "bloc" ? ev " ev" : k == "cli" ? out[k] " ev" : k ~ /^hs/ ? kv(hsline[k], "matches") : out[k]
    ratio = k == "bloc" ? "-" : sprintf("%.2fx", (B / mc["bloc"]) / (B / mc[k]))
    printf "| %-38s | %8.2f | %8.2f | %9.1f | %9.1f | %12.0f | %12s | %8.1f | %13s |\n", name[k], mw[k], mc[k], B / 1e6 / mw[k], B / 1e6 / mc[k], S / mc[k], m, rss[k] / 1024, ratio
  }
  printf "\n(bloc/it: bloc MB per CPU-second over the program'"'"'s; the aim is 0.25x or more against grep -F -o)\n"
  printf "\naims at %d MB, per core (CPU seconds):\n", size
  printf "- bloc MB/s / grep -F -o MB/s: %.2f (aim: at least 0.25); against grep -F without -o: %.2f\n", mc["grep-o"] / mc["bloc"], mc["grep"] / mc["bloc"]
  printf "- bloc sentences/s: %.0f = %.1fx TABARI at 2,000/s, %.1fx at 1,000/s (aim: at least 100x)\n", S / mc["bloc"], S / mc["bloc"] / 2000, S / mc["bloc"] / 1000
  printf "- bloc words/s: %.0f (%d words, split at white space: %.1f a sentence); at 25 words a sentence, %.0f sentences/s = %.1fx TABARI at 2,000/s\n", words / mc["bloc"], words, words / S, words / mc["bloc"] / 25, words / mc["bloc"] / 25 / 2000
  printf "- bloc events/s: %.0f (%d events)\n", ev / mc["bloc"], ev
  l0 = line["bloc-0"]
  printf "- bloc setup (open the record, compile 4 lexicons + names): %.3f s wall\n", kv(l0, "setup_wall")
  printf "\nbloc per language at %d MB (first run; wall seconds of bloc_extract_file per file, summed):\n\n", size
  printf "| %-8s | %10s | %10s | %9s | %12s |\n", "language", "MB", "sentences", "MB/s", "sentences/s"
  printf "|%s|%s|%s|%s|%s|\n", "----------", "------------", "------------", "-----------", "--------------"
  for (i = 1; i <= nl; i++) {
    l = langs[i]; t = kv(l0, "wall_" l)
    if (t > 0) printf "| %-8s | %10.1f | %10d | %9.1f | %12.0f |\n", l, lb[l] / 1e6, ln[l], lb[l] / 1e6 / t, ln[l] / t
  }
  printf "\nbloc alone as the corpus grows (one run each):\n\n"
  printf "| %6s | %9s | %12s | %10s | %8s | %8s | %9s | %12s | %16s | %13s |\n", "MB", "documents", "sentences", "events", "wall s", "CPU s", "MB/CPU-s", "sentences/s", "RSS after setup", "peak RSS MiB"
  printf "|%s|%s|%s|%s|%s|%s|%s|%s|%s|%s|\n", "--------", "-----------", "--------------", "------------", "----------", "----------", "-----------", "--------------", "------------------", "---------------"
  ns = split(sizes, sz, " ")
  for (i = 1; i <= ns; i++) {
    s = sz[i]; l = line["size-" s]
    cpu = kv(l, "cpu") + kv(l, "setup_cpu")
    printf "| %6d | %9d | %12d | %10d | %8.2f | %8.2f | %9.1f | %12.0f | %12.1f MiB | %13.1f |\n", s, cd[s], cn[s], kv(l, "events"), kv(l, "wall") + kv(l, "setup_wall"), cpu, cb[s] / 1e6 / cpu, cn[s] / cpu, kv(l, "rss_setup_kib") / 1024, kv(l, "rss_peak_kib") / 1024
  }
  if (n["cli"] && out["cli"] != ev)
    printf "\nNOTE: the command wrote %d events, the library %d\n", out["cli"], ev
}'
rm -f "$TIMES" "$TIMES.t" "$TIMES.out" "$TIMES.bloc" "$TIMES.hs"
