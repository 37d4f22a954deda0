# tests/cli/test_extract.sh - issue #4 through the command line: `bloc extract`
# and `bloc ingest` on news text in Bengali, Arabic, Russian and English.
#
# 1. the sentence sets tests/extract/data/{eng,rus}.jsonl (tests/extract/sentences.py),
#    each sentence one check;
# 2. the development articles ../shared/corpus/dev scored by its score.py
#    (recall >= 0.6, precision >= 0.5), skipped with a note when absent;
# 3. input: invalid UTF-8 and NUL bytes refused naming the byte offset, --lossy,
#    empty files, a large file in bounded memory, a 200 KB line;
# 4. small documents written here, one per case, extracted in one run per
#    article date: boilerplate, normalization traps, names with case endings
#    and clitics, people through their office, dates, numbers;
# 5. ingest: claims appended once, listed with their source, kept apart from
#    the curated answers, all or nothing; 6. errors that name the option or key.
. "$(dirname "$0")/lib.sh"
DB="$T/x.db"
B() { "$BLOC" --db "$DB" "$@"; }
# an ASan build runs the large-file check on a smaller file (it is 5-10x slower)
asan=0
grep -q __asan_init "$BLOC" 2> /dev/null && asan=1
# pycheck DESCRIPTION ARGS... : a python3 script on stdin, run with ARGS; passes on exit 0
pycheck() {
  d=$1; shift
  if python3 - "$@" > "$T/py.out" 2>&1; then ok; else not_ok "$d"; sed -n 1,20p "$T/py.out"; fi
}
# tally NAME FILE: add the "NAME: N passed, M failed" line of FILE to the counts
tally() {
  line=$(grep -E "^$1: [0-9]+ passed, [0-9]+ failed\$" "$2" | tail -n 1)
  if [ -z "$line" ]; then not_ok "$1: no result line"; sed -n 1,10p "$2"; return; fi
  p=$(echo "$line" | sed -E 's/.*: ([0-9]+) passed, ([0-9]+) failed/\1/')
  f=$(echo "$line" | sed -E 's/.*: ([0-9]+) passed, ([0-9]+) failed/\2/')
  passed=$((passed + p))
  failed=$((failed + f))
}
B members CSTO > /dev/null # the database, with the bundled record

# ---------------------------------------------------------------------------
# 1. The sentence sets: every sentence a check (a failing sentence fails).
for set in eng rus; do
  python3 "$SRCDIR/tests/extract/sentences.py" "$BLOC" "$DB" \
    "$SRCDIR/tests/extract/data/$set.jsonl" > "$T/sent-$set.out" 2>&1
  grep -v -E "^$set: [0-9]+ passed" "$T/sent-$set.out"
  sed -n -E "s/^($set: [0-9]+ passed, [0-9]+ failed)\$/sentences \1/p" "$T/sent-$set.out"
  tally "$set" "$T/sent-$set.out"
done

# ---------------------------------------------------------------------------
# 2. The development articles, scored as articles nobody here has seen will be.
CORPUS="$SRCDIR/../shared/corpus"
if [ -f "$CORPUS/dev/gold.json" ] && [ -f "$CORPUS/score.py" ]; then
  python3 -c 'import json,sys; [print(k, v["date"]) for k, v in sorted(json.load(open(sys.argv[1]))["docs"].items())]' \
    "$CORPUS/dev/gold.json" > "$T/dev.dates"
  : > "$T/dev.jsonl"
  for f in "$CORPUS"/dev/*.txt; do
    d=$(awk -v f="$(basename "$f")" '$1 == f { print $2 }' "$T/dev.dates")
    if [ -z "$d" ]; then not_ok "dev: no date for $(basename "$f") in gold.json"; continue; fi
    if B extract --date "$d" "$f" >> "$T/dev.jsonl" 2> "$T/dev.err"; then ok; else
      not_ok "dev: extract $(basename "$f")"; sed -n 1,5p "$T/dev.err"; fi
  done
  python3 "$CORPUS/score.py" "$CORPUS/dev/gold.json" "$T/dev.jsonl" > "$T/score.out" 2>&1
  score=$(tail -n 1 "$T/score.out")
  echo "dev corpus: $score"
  r=$(echo "$score" | sed -n -E 's/.*recall ([0-9.]+).*/\1/p')
  p=$(echo "$score" | sed -n -E 's/.*precision ([0-9.]+).*/\1/p')
  check "dev corpus: recall $r >= 0.6" awk -v v="$r" 'BEGIN { exit !(v != "" && v + 0 >= 0.6) }'
  check "dev corpus: precision $p >= 0.5" awk -v v="$p" 'BEGIN { exit !(v != "" && v + 0 >= 0.5) }'
else
  echo "note: $CORPUS/dev not found: the development articles are not scored"
fi

# ---------------------------------------------------------------------------
# 3. Input handling.
EV='Azerbaijan attacked Armenia on Tuesday.'
# invalid UTF-8: refused, the message naming the file and the offset of the bad byte
pre='রাশিয়া আর্মেনিয়ায় সৈন্য পাঠিয়েছে। abc'
printf '%s\n%s\377def\n' "$EV" "$pre" > "$T/bad.txt"
off=$(($(printf '%s\n%s' "$EV" "$pre" | wc -c)))
expect_exit 1 "invalid UTF-8 is refused" "$BLOC" --db "$DB" extract --date 2022-09-14 "$T/bad.txt"
contains "invalid UTF-8: the byte offset" "$T/err" "byte offset $off"
contains "invalid UTF-8: the file" "$T/err" "bad.txt"
check "invalid UTF-8: nothing written" test ! -s "$T/out"
expect_exit 0 "--lossy reads it" "$BLOC" --db "$DB" extract --lossy --date 2022-09-14 "$T/bad.txt"
check "--lossy: the event before the bad byte" \
  grep -q '"event_type":"ASSAULT","mode":"[a-z_]*","date":"2022-09-13","actor":\["AZE"\],"recipient":\["ARM"\]' "$T/out"
check "--lossy: the sentence of the bad byte's paragraph too" grep -q '"actor":\["RUS"\]' "$T/out"
# a sequence cut short at the end of the file
printf '%s\n\340\246' "$EV" > "$T/cut.txt"
expect_exit 1 "a sequence cut short is refused" "$BLOC" --db "$DB" extract "$T/cut.txt"
contains "cut short: the offset" "$T/err" "byte offset $(($(printf '%s\n' "$EV" | wc -c)))"
# a bad byte past the first MiB (the file is read in blocks), after three-byte
# characters that straddle the block boundary: only the bad byte is named
awk 'BEGIN { s = ""; for (i = 0; i < 64; i++) s = s "আ"; for (i = 0; i < 6000; i++) print s }' \
  > "$T/mib.txt"
check "a file of more than a MiB" test "$(wc -c < "$T/mib.txt")" -gt 1100000
expect_exit 0 "characters across the block boundary are read" "$BLOC" --db "$DB" extract "$T/mib.txt"
cp "$T/mib.txt" "$T/mibbad.txt"
printf 'ok \300 x\n' >> "$T/mibbad.txt"
off=$(($(wc -c < "$T/mib.txt") + 3))
expect_exit 1 "a bad byte past the first MiB" "$BLOC" --db "$DB" extract "$T/mibbad.txt"
contains "the bad byte's offset past the first MiB" "$T/err" "byte offset $off"
# a binary file: refused naming the NUL byte
printf '%s\nab\000cd\n' "$EV" > "$T/nul.txt"
off=$(($(printf '%s\nab' "$EV" | wc -c)))
expect_exit 1 "a NUL byte: not text" "$BLOC" --db "$DB" extract "$T/nul.txt"
contains "NUL: the offset" "$T/err" "NUL byte at byte offset $off"
check "NUL: nothing written" test ! -s "$T/out"
expect_exit 1 "a NUL byte even with --lossy" "$BLOC" --db "$DB" extract --lossy "$T/nul.txt"
# an empty file: no events, no complaint
: > "$T/empty.txt"
expect_exit 0 "an empty file" "$BLOC" --db "$DB" extract --date 2022-09-14 "$T/empty.txt"
check "empty: no output" test ! -s "$T/out"
check "empty: no message" test ! -s "$T/err"
# a bad file among good ones: exit 1, the good ones still read
printf '%s\n' "$EV" > "$T/good.txt"
expect_exit 1 "a bad file among good ones" "$BLOC" --db "$DB" extract --date 2022-09-14 \
  "$T/good.txt" "$T/nul.txt" "$T/empty.txt"
check "the good file's event is written" grep -q '"doc":"good.txt"' "$T/out"
check "nothing of the bad file" sh -c "! grep -q nul.txt '$T/out'"

# One line of 200 KB without a newline (read in pieces): the event in its
# last quarter is found, its span pointing at its sentence in the file.
awk -v ev="$EV" 'BEGIN { f = "The weather was fine in the capital and nothing happened. ";
  for (i = 0; i < 2600; i++) printf "%s", f; printf "%s ", ev; for (i = 0; i < 800; i++) printf "%s", f }' \
  > "$T/line.txt"
expect_exit 0 "a 200 KB line" "$BLOC" --db "$DB" extract --date 2022-09-14 "$T/line.txt"
pycheck "a 200 KB line: one event, its span the sentence's bytes" "$T/out" "$T/line.txt" "$EV" <<'EOF'
import json, sys
ev = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
raw = open(sys.argv[2], "rb").read()
assert len(raw) > 190000 and b"\n" not in raw, len(raw)
assert len(ev) == 1, ev
e = ev[0]
want = sys.argv[3].encode()
a, b = e["span"]
assert raw[a:b] == want, (e["span"], raw[a:b][:80])
assert (e["event_type"], e["actor"], e["recipient"], e["date"]) == ("ASSAULT", ["AZE"], ["ARM"], "2022-09-13"), e
EOF
# a 200 KB line of Bengali letters without a space: cut at character boundaries
awk 'BEGIN { for (i = 0; i < 22000; i++) printf "আর্মেনিয়া" }' > "$T/nospace.txt"
expect_exit 0 "a 200 KB line without a space" "$BLOC" --db "$DB" extract "$T/nospace.txt"

# A large file in bounded memory. Nothing the extractor holds grows with the
# file: a 1 MiB read block, a paragraph of at most 64 KiB with its normalized
# copy and 4-byte offsets (about 0.4 MiB), a character table over the BMP
# (0.4 MiB), the events of one document (merged: the same few here), and what
# does not depend on the file at all (the record's model, four compiled
# lexicons, SQLite: about 12 MiB plain, 90 MiB under ASan). So the peak RSS
# for a 60 MiB file (16 MiB under ASan) stays within 16 MiB of the peak for
# one of the 1-2 MiB pieces it is made of, and (plain build) under 64 MiB,
# less than the file itself.
if [ -x /usr/bin/time ]; then
  printf '%s %s %s\n' "$EV" 'Russia sent troops to Kazakhstan, killing 49 soldiers.' \
    'The weather was fine and nothing else happened in the capital today.' > "$T/big.txt"
  while [ "$(wc -c < "$T/big.txt")" -lt 1048576 ]; do # a MiB of whole lines
    cat "$T/big.txt" "$T/big.txt" > "$T/big2.txt" && mv "$T/big2.txt" "$T/big.txt"
  done
  mv "$T/big.txt" "$T/small.txt"
  sz=$(wc -c < "$T/small.txt")
  want=60
  [ "$asan" = 1 ] && want=16 # MiB
  copies=$(((want * 1048576 + sz - 1) / sz))
  i=0
  while [ "$i" -lt "$copies" ]; do cat "$T/small.txt"; i=$((i + 1)); done > "$T/big.txt"
  /usr/bin/time -f %M -o "$T/rss.small" "$BLOC" --db "$DB" extract --date 2022-09-14 \
    "$T/small.txt" > "$T/small.jsonl" 2> "$T/small.err"
  /usr/bin/time -f %M -o "$T/rss.big" "$BLOC" --db "$DB" extract --date 2022-09-14 \
    "$T/big.txt" > "$T/big.jsonl" 2> "$T/big.err"
  code=$?
  small=$(tail -n 1 "$T/rss.small")
  big=$(tail -n 1 "$T/rss.big")
  mb=$(($(wc -c < "$T/big.txt") / 1048576))
  echo "large file: $mb MiB in peak RSS $((big / 1024)) MiB; 1/$copies of it in $((small / 1024)) MiB"
  check "large file: extracted" test "$code" = 0
  sed 's/"doc":"big.txt"/"doc":"small.txt"/' "$T/big.jsonl" > "$T/big2.jsonl"
  check "large file: the same events as one of its copies" cmp -s "$T/small.jsonl" "$T/big2.jsonl"
  check "large file: the events" test "$(wc -l < "$T/big.jsonl")" -ge 1
  check "large file: peak RSS $big KiB within 16 MiB of $small KiB" test "$big" -le $((small + 16384))
  if [ "$asan" = 0 ]; then
    check "large file: peak RSS $big KiB under 64 MiB" test "$big" -lt 65536
  fi
  rm -f "$T/big.txt"
else
  echo "note: /usr/bin/time not found: peak memory on a large file is not measured"
fi

# ---------------------------------------------------------------------------
# 4. Small documents, one per case: C ID DATE TEXT writes $T/c/DATE/ID.txt.
# Each date's documents are extracted in one run; the checks below read
# each document's events as lines "TYPE ACTORS>RECIPIENTS DATE" (codes sorted,
# "-" for no date):
#   sig ID 'LINE|LINE'   its events are exactly these ('' for none)
#   has ID LINE          one of its events is LINE
#   either ID LINE       ... either way round (a clash)
#   pair ID A>R          one of its events has actors A and recipients R, any type or date
#   same ID ID2          both have the same events, and some
#   fig ID KEY N         one of its events has N in its KEY (killed, quantity)
#   langs ID L,L         the languages of its events
: > "$T/x.batch"
C() {
  mkdir -p "$T/c/$2"
  printf '%s\n' "$3" > "$T/c/$2/$1.txt"
}
X() { printf '%s\0%s\0%s\0%s\0' "$1" "$2" "$3" "${4:-}" >> "$T/x.batch"; }
sig() { X sig "$1" "$2"; }
has() { X has "$1" "$2"; }
either() { X either "$1" "$2"; }
pair() { X pair "$1" "$2"; }
same() { X same "$1" "$2"; }
fig() { X fig "$1" "$2" "$3"; }
langs() { X langs "$1" "$2"; }
# invisible marks
ZWJ=$(printf '\342\200\215')
ZWNJ=$(printf '\342\200\214')
ZWSP=$(printf '\342\200\213')
LRM=$(printf '\342\200\216')
RLM=$(printf '\342\200\217')
# Bengali YYA: precomposed U+09DF, and decomposed U+09AF U+09BC (what NFC makes of it)
YP=$(printf '\340\247\237')
YD=$(printf '\340\246\257\340\246\274')
TAB=$(printf '\t')

# -- boilerplate: a page's tail (comment forms, related articles) ends the
# news; a paragraph of boilerplate (read more, bylines) is not news
C tail-eng 2022-09-14 "$EV

Leave a Reply

Russia attacked Ukraine on Monday.
Kazakhstan appealed to the CSTO for help."
sig tail-eng 'ASSAULT AZE>ARM 2022-09-13'
C tail-eng2 2022-09-14 "$EV

About the author

Russia attacked Ukraine on Monday."
sig tail-eng2 'ASSAULT AZE>ARM 2022-09-13'
C tail-ara 2022-09-14 "هاجمت أذربيجان أرمينيا يوم الثلاثاء.

اترك تعليقاً

هاجمت روسيا أوكرانيا.

طلبت كازاخستان المساعدة من منظمة معاهدة الأمن الجماعي."
sig tail-ara 'ASSAULT AZE>ARM 2022-09-13'
C tail-ben 2022-09-14 "আজারবাইজান মঙ্গলবার আর্মেনিয়াকে আক্রমণ করেছে।

মন্তব্য করুন

রাশিয়া ইউক্রেনে হামলা চালিয়েছে।"
sig tail-ben 'ASSAULT AZE>ARM 2022-09-13'
C readmore-eng 2022-09-14 "Read more: Russia attacked Ukraine on Monday."
sig readmore-eng ''
C byline-eng 2022-09-14 "Reporting by John Smith; Russia attacked Ukraine on Monday."
sig byline-eng ''
C control-eng 2022-09-14 "Russia attacked Ukraine on Monday."
sig control-eng 'ASSAULT RUS>UKR 2022-09-12'
C readmore-ara 2022-09-14 "اقرأ أيضا: هاجمت روسيا أوكرانيا."
sig readmore-ara ''
C blurb-ara 2022-09-14 "نور الدين كاتب وخبير، هاجمت روسيا أوكرانيا. إقرأ المزيد"
sig blurb-ara ''
C control-ara 2022-09-14 "هاجمت روسيا أوكرانيا."
sig control-ara 'ASSAULT RUS>UKR -'
C readmore-ben 2022-09-14 "আরও পড়ুন: রাশিয়া ইউক্রেনে হামলা চালিয়েছে।"
sig readmore-ben ''
C control-ben 2022-09-14 "রাশিয়া ইউক্রেনে হামলা চালিয়েছে।"
pair control-ben 'RUS>UKR'

# -- normalization traps: the same name written another way, the same events
C yya-pre 2022-09-14 "আজারবাইজান আর্মেনি${YP}াকে আক্রমণ করেছে।"
C yya-dec 2022-09-14 "আজারবাইজান আর্মেনি${YD}াকে আক্রমণ করেছে।"
same yya-pre yya-dec
has yya-dec 'ASSAULT AZE>ARM -'
C yya2-pre 2022-09-14 "রাশি${YP}া আর্মেনি${YP}া${YP} সৈন্য পাঠি${YP}েছে।"
C yya2-dec 2022-09-14 "রাশি${YD}া আর্মেনি${YD}া${YD} সৈন্য পাঠি${YD}েছে।"
same yya2-pre yya2-dec
pair yya2-dec 'RUS>ARM'
C ara-base 2022-09-14 "هاجمت أذربيجان أرمينيا."
has ara-base 'ASSAULT AZE>ARM -'
C ara-marks 2022-09-14 "هاجمت أذربي${ZWJ}جان ${RLM}أر${ZWNJ}مي${LRM}نيا${RLM}."
same ara-marks ara-base
C ben-marks 2022-09-14 "আজারবা${ZWNJ}ইজান আর্মেনি${ZWJ}য়াকে ${LRM}আক্রমণ করেছে।"
same ben-marks yya-dec
C eng-marks 2022-09-14 "Azer${ZWSP}baijan attacked ${LRM}Arme${ZWJ}nia${RLM} on Tuesday."
sig eng-marks 'ASSAULT AZE>ARM 2022-09-13'
C ara-alef 2022-09-14 "هاجمت اذربيجان ارمينيا."
same ara-alef ara-base
C ara-alef2 2022-09-14 "هاجمت إذربيجان آرمينيا."
same ara-alef2 ara-base
C ara-tatweel 2022-09-14 "هاجمت أذربيـــجان أرمـــينيا."
same ara-tatweel ara-base
C ara-harakat 2022-09-14 "هَاجَمَتْ أَذْرَبِيجَانُ أَرْمِينِيَا."
same ara-harakat ara-base
C ara-yeh 2022-09-14 "فرض الاتحاد الأوروبي عقوبات على روسيا."
C ara-maqsura 2022-09-14 "فرض الاتحاد الأوروبى عقوبات على روسيا."
same ara-maqsura ara-yeh
pair ara-yeh 'EU>RUS'
C ara-marbuta 2022-09-14 "طلبت أرمينيا المساعدة من منظمة معاهدة الأمن الجماعي."
C ara-heh 2022-09-14 "طلبت أرمينيا المساعده من منظمه معاهده الأمن الجماعي."
same ara-heh ara-marbuta
has ara-marbuta 'REQUEST ARM>CSTO -'
C ara-hamza 2022-09-14 "طلبت ارمينيا المساعدة من منظمة معاهدة الامن الجماعي."
same ara-hamza ara-marbuta

# -- names: Bengali case endings, Arabic attached prefixes, never inside a longer word
C ben-ke 2022-09-14 "আজারবাইজান আর্মেনিয়াকে আক্রমণ করেছে।"
has ben-ke 'ASSAULT AZE>ARM -'
C ben-r 2022-09-14 "আজারবাইজান আর্মেনিয়ার সীমান্তে হামলা চালিয়েছে।"
pair ben-r 'AZE>ARM'
C ben-y 2022-09-14 "রাশিয়া আর্মেনিয়ায় সৈন্য পাঠিয়েছে।"
pair ben-y 'RUS>ARM'
C ben-csto-r 2022-09-14 "আর্মেনিয়া CSTO-র কাছে সাহায্যের আবেদন করেছে।"
has ben-csto-r 'REQUEST ARM>CSTO -'
C ben-csto-er 2022-09-14 "আর্মেনিয়া CSTO-এর কাছে সাহায্যের আবেদন করেছে।"
has ben-csto-er 'REQUEST ARM>CSTO -'
C ara-wa 2022-09-14 "اشتبكت أذربيجان وأرمينيا على الحدود."
either ara-wa 'ASSAULT AZE>ARM -'
C ara-li 2022-09-14 "قدمت روسيا مساعدات عسكرية لأرمينيا."
pair ara-li 'RUS>ARM'
C ara-bil 2022-09-14 "ندد الكرملين بالناتو."
pair ara-bil 'RUS>NATO'
C eng-demonym 2022-09-14 "Azerbaijan attacked Armenian positions."
has eng-demonym 'ASSAULT AZE>ARM -'
C eng-inside 2022-09-14 "Azerbaijan attacked Armeniaxyz."
sig eng-inside ''
C eng-oman 2022-09-14 "Azerbaijan attacked Romania."
sig eng-oman 'ASSAULT AZE>ROU -'
C ben-inside 2022-09-14 "আজারবাইজান আর্মেনিয়াকেখ আক্রমণ করেছে।"
sig ben-inside ''
C ara-inside 2022-09-14 "هاجمت أذربيجان أرمينياتس."
sig ara-inside ''
C rus-inside 2022-09-14 "Азербайджан атаковал Арменияхх."
sig rus-inside ''
# -- people act for the state (or organization) of the office they held that day
C eng-pashinyan 2022-09-14 "Pashinyan appealed to the CSTO for military assistance."
has eng-pashinyan 'REQUEST ARM>CSTO -'
C ben-pashinyan 2022-09-14 "নিকোল পাশিনিয়ান CSTO-র কাছে সাহায্যের আবেদন করেছেন।"
has ben-pashinyan 'REQUEST ARM>CSTO -'
C ara-pashinyan 2022-09-14 "طلب باشينيان المساعدة من منظمة معاهدة الأمن الجماعي."
has ara-pashinyan 'REQUEST ARM>CSTO -'
C rus-pashinyan 2022-09-14 "Пашинян обвинил Азербайджан в агрессии."
has rus-pashinyan 'ACCUSE ARM>AZE -'
C zas-2022 2022-09-20 "Stanislav Zas visited Armenia on 14 September 2022."
has zas-2022 'CONSULT CSTO>ARM 2022-09-14'
C zas-2019 2022-09-20 "Stanislav Zas visited Armenia on 14 September 2019."
has zas-2019 'CONSULT BLR>ARM 2019-09-14'

# -- dates: as written in each language, resolved against the article's date
C date-ara 2022-09-20 "هاجمت أذربيجان أرمينيا في 14 سبتمبر."
sig date-ara 'ASSAULT AZE>ARM 2022-09-14'
C date-ara-digits 2022-09-20 "هاجمت أذربيجان أرمينيا في ١٤ سبتمبر ٢٠٢٢."
sig date-ara-digits 'ASSAULT AZE>ARM 2022-09-14'
C date-ben 2022-10-12 "আজারবাইজান 9 অক্টোবর আর্মেনিয়াকে আক্রমণ করেছে।"
sig date-ben 'ASSAULT AZE>ARM 2022-10-09'
C date-ben-digits 2022-10-12 "আজারবাইজান ৯ অক্টোবর আর্মেনিয়াকে আক্রমণ করেছে।"
sig date-ben-digits 'ASSAULT AZE>ARM 2022-10-09'
C date-ben-month 2022-10-12 "আজারবাইজান 2022 সালের জানুয়ারিতে আর্মেনিয়াকে আক্রমণ করেছে।"
sig date-ben-month 'ASSAULT AZE>ARM 2022-01'
C date-eng-month 2022-10-12 "Azerbaijan attacked Armenia in September 2022."
sig date-eng-month 'ASSAULT AZE>ARM 2022-09'
C date-rus 2022-10-12 "Азербайджан атаковал Армению 14 сентября."
sig date-rus 'ASSAULT AZE>ARM 2022-09-14'
# 2022-09-14 is a Wednesday: Tuesday is the 13th, Wednesday the day itself
C date-tue 2022-09-14 "$EV"
sig date-tue 'ASSAULT AZE>ARM 2022-09-13'
C date-wed 2022-09-14 "Azerbaijan attacked Armenia on Wednesday."
sig date-wed 'ASSAULT AZE>ARM 2022-09-14'
C date-ben-tue 2022-09-14 "আজারবাইজান মঙ্গলবার আর্মেনিয়াকে আক্রমণ করেছে।"
sig date-ben-tue 'ASSAULT AZE>ARM 2022-09-13'
C date-ara-tue 2022-09-14 "هاجمت أذربيجان أرمينيا يوم الثلاثاء."
sig date-ara-tue 'ASSAULT AZE>ARM 2022-09-13'
C date-lastmonth 2022-10-12 "Azerbaijan attacked Armenia last month."
sig date-lastmonth 'ASSAULT AZE>ARM 2022-09'
C date-yesterday 2022-10-12 "Azerbaijan attacked Armenia yesterday."
sig date-yesterday 'ASSAULT AZE>ARM 2022-10-11'
C date-1999 2022-10-12 "Azerbaijan attacked Armenia in 1999."
sig date-1999 'ASSAULT AZE>ARM 1999'
C date-left-1999 2024-02-23 "Azerbaijan, Georgia and Uzbekistan left the CSTO in 1999."
sig date-left-1999 'RETREAT AZE,GEO,UZB>CSTO 1999'
C date-ben-1999 2022-10-12 "আজারবাইজান 1999 সালে আর্মেনিয়াকে আক্রমণ করেছে।"
sig date-ben-1999 'ASSAULT AZE>ARM 1999'
C date-ara-2005 2022-10-12 "هاجمت أذربيجان أرمينيا في عام 2005."
sig date-ara-2005 'ASSAULT AZE>ARM 2005'

# -- numbers: digits of every script, number words, thousands and lakh
C num-ben 2022-09-14 "আজারবাইজান আর্মেনিয়াকে আক্রমণ করেছে, এতে ৪৯ জন নিহত হয়েছে।"
fig num-ben killed 49
C num-ara 2022-09-14 "هاجمت أذربيجان أرمينيا وقتل ٤٩ جنديا."
fig num-ara killed 49
C num-lakh 2022-09-14 "রাশিয়া আর্মেনিয়ায় ১ লাখ সৈন্য পাঠিয়েছে।"
fig num-lakh quantity 100000
C num-lakh-eng 2022-09-14 "Russia deployed 1 lakh troops to Armenia."
fig num-lakh-eng quantity 100000
C num-eng 2022-09-14 "Azerbaijan attacked Armenia, killing three thousand soldiers."
fig num-eng killed 3000
C num-eng-sep 2022-09-14 "Azerbaijan attacked Armenia, killing 1,500 soldiers."
fig num-eng-sep killed 1500
C num-ara-words 2022-09-14 "هاجمت أذربيجان أرمينيا وقتل ثلاثة آلاف جندي."
fig num-ara-words killed 3000
C num-rus 2022-09-14 "Азербайджан атаковал Армению, погибли три тысячи военнослужащих."
fig num-rus killed 3000
C num-ben-words 2022-09-14 "আজারবাইজান আর্মেনিয়াকে আক্রমণ করেছে, এতে তিন হাজার জন নিহত হয়েছে।"
fig num-ben-words killed 3000

# -- language per paragraph
C mixed 2022-09-14 "$EV

هاجمت روسيا أوكرانيا.

Россия атаковала Украину."
langs mixed 'ara,eng,rus'

: > "$T/cases.jsonl"
for d in "$T"/c/*; do
  if "$BLOC" --db "$DB" extract --date "$(basename "$d")" "$d"/*.txt >> "$T/cases.jsonl" 2> "$T/cases.err"
  then ok; else not_ok "extract the cases of $(basename "$d")"; sed -n 1,5p "$T/cases.err"; fi
done
python3 - "$T/x.batch" "$T/cases.jsonl" "$T/c" > "$T/x.res" 2>&1 <<'EOF'
import json, os, sys
parts = open(sys.argv[1], encoding="utf-8").read().split("\0")[:-1]
by = {}
for line in open(sys.argv[2], encoding="utf-8"):
    e = json.loads(line)
    by.setdefault(e["doc"][:-4], []).append(e)
docs = {f[:-4] for _, _, fs in os.walk(sys.argv[3]) for f in fs}
def line(e, swap=False):
    a, r = sorted(e["actor"]), sorted(e["recipient"])
    if swap:
        a, r = r, a
    return "%s %s>%s %s" % (e["event_type"], ",".join(a), ",".join(r), e["date"] or "-")
def lines(doc):
    return sorted(line(e) for e in by.get(doc, []))
n = 0
for i in range(0, len(parts), 4):
    kind, doc, arg, arg2 = parts[i:i + 4]
    n += 1
    ev = by.get(doc, [])
    if doc not in docs:
        good = False
    elif kind == "sig":
        good = lines(doc) == sorted(x for x in arg.split("|") if x)
    elif kind == "has":
        good = arg in lines(doc)
    elif kind == "either":
        good = any(arg in (line(e), line(e, True)) for e in ev)
    elif kind == "pair":
        good = any("%s>%s" % (",".join(sorted(e["actor"])), ",".join(sorted(e["recipient"]))) == arg for e in ev)
    elif kind == "same":
        good = bool(ev) and lines(doc) == lines(arg)
    elif kind == "fig":
        good = any(int(arg2) in (e.get(arg) or []) for e in ev)
    elif kind == "langs":
        good = ",".join(sorted({e["lang"] for e in ev})) == arg
    else:
        good = False
    if good:
        print("ok")
    else:
        want = "%s %s" % (arg, arg2) if kind != "same" else "as %s: %s" % (arg, " | ".join(lines(arg)))
        got = " | ".join("%s %s" % (line(e), {k: e[k] for k in ("killed", "quantity") if e.get(k)})
                         for e in ev)
        print("FAIL %s %s: want %s; got %s" % (kind, doc, want.strip(), got or "no events"))
print("done %d" % n)
EOF
want=$(tr -cd '\0' < "$T/x.batch" | wc -c)
want=$((want / 4))
grep -q "^done $want\$" "$T/x.res" || { not_ok "cases: the checks did not finish"; tail -n 5 "$T/x.res"; }
while IFS= read -r l; do
  case $l in
    ok) ok ;;
    "FAIL "*) not_ok "${l#FAIL }" ;;
    "done "*) ;;
    *) echo "$l" ;;
  esac
done < "$T/x.res"

# ---------------------------------------------------------------------------
# 5. Ingest: an article's events become claims citing it, once, kept apart.
IDB="$T/ingest.db"
I() { "$BLOC" --db "$IDB" "$@"; }
if [ -f "$CORPUS/dev/000_8043254ef9aa85f3.txt" ]; then
  ART="$CORPUS/dev/000_8043254ef9aa85f3.txt"
  ADATE=2022-09-13
else # our own article, when the corpus is not here
  ART="$T/article.txt"
  ADATE=2022-09-14
  printf '%s\n\n%s\n' "Armenia appeals to the CSTO" \
    "$EV Prime Minister Nikol Pashinyan appealed to the CSTO for help on September 13." > "$ART"
fi
I members CSTO --json > "$T/members.before"
I members CSTO --on 2022-09-13 --json > "$T/members22.before"
I appeals CSTO --json > "$T/appeals.before"
I cohesion CSTO --json > "$T/cohesion.before"
n0=$(entries "$IDB")
expect_exit 0 "ingest an article" "$BLOC" --db "$IDB" ingest --date "$ADATE" "$ART"
contains "ingest: says how many were appended" "$T/out" "appended"
n1=$(entries "$IDB")
check "ingest: entries appended ($n0 -> $n1)" test "$n1" -gt $((n0 + 1))
expect_exit 0 "ingest the same article again" "$BLOC" --db "$IDB" ingest --date "$ADATE" "$ART"
contains "again: nothing appended" "$T/out" " 0 appended"
n2=$(entries "$IDB")
check "again: the log did not grow ($n1 -> $n2)" test "$n2" = "$n1"
I claims --json > "$T/claims.json"
B extract --date "$ADATE" "$ART" > "$T/art.jsonl"
jcheck "claims: one per extracted event, each citing the article as news:" "$T/claims.json" \
  "len(d['claims']) == $((n1 - n0 - 1)) == len(open('$T/art.jsonl').readlines()) and all(c['source'].startswith('news:') and len(c['source']) == 21 for c in d['claims']) and len({c['source'] for c in d['claims']}) == 1"
jcheck "claims: each with its event as extracted" "$T/claims.json" \
  "[json.dumps(c['event'], sort_keys=True) for c in d['claims']] == [json.dumps(json.loads(l), sort_keys=True) for l in open('$T/art.jsonl')]"
src=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["claims"][0]["source"])' "$T/claims.json" 2> /dev/null)
I claims "$src" --json > "$T/claims1.json"
jcheck "claims SOURCE: the article's claims" "$T/claims1.json" \
  "d['source'] == '$src' and len(d['claims']) == $((n1 - n0 - 1))"
I claims > "$T/claims.txt"
contains "claims text: apart from the curated record" "$T/claims.txt" "apart from the curated record"
I log --json > "$T/ilog.json"
jcheck "the article is a source of the log" "$T/ilog.json" \
  "[e['slots'][4] for e in d['entries'] if e['kind'] == 'source' and e['slots'][0] == '$src'] == ['$(basename "$ART")']"
I members CSTO --json > "$T/members.after"
I members CSTO --on 2022-09-13 --json > "$T/members22.after"
I appeals CSTO --json > "$T/appeals.after"
I cohesion CSTO --json > "$T/cohesion.after"
check "members CSTO: the same bytes before and after ingest" cmp "$T/members.before" "$T/members.after"
check "members CSTO on 2022-09-13: the same" cmp "$T/members22.before" "$T/members22.after"
check "appeals CSTO: the same bytes before and after ingest" cmp "$T/appeals.before" "$T/appeals.after"
check "cohesion CSTO: the same bytes before and after ingest" cmp "$T/cohesion.before" "$T/cohesion.after"
# a bad file among good ones: nothing appended
printf '%s\n' "Russia attacked Ukraine on Monday." > "$T/good2.txt"
expect_exit 1 "ingest: a bad file among good ones" "$BLOC" --db "$IDB" ingest --date 2022-09-14 \
  "$T/good2.txt" "$T/bad.txt" "$T/good.txt"
contains "ingest: the bad file named" "$T/err" "bad.txt"
n3=$(entries "$IDB")
check "ingest: nothing appended ($n2 -> $n3)" test "$n3" = "$n2"
expect_exit 1 "ingest: a missing file" "$BLOC" --db "$IDB" ingest "$T/good2.txt" "$T/missing.txt"
check "ingest: nothing appended for a missing file" test "$(entries "$IDB")" = "$n2"
expect_exit 0 "verify holds after ingest" "$BLOC" --db "$IDB" verify
contains "verify: the chain holds" "$T/out" "the chain holds"

# a reviewer's explicit word makes a claim an event of the record, citing the article
"$BLOC" --db "$IDB" claims --json > "$T/claims.json"
CLAIM=$(python3 -c 'import json,sys; c=json.load(open(sys.argv[1]))["claims"]; print(next(x["id"] for x in c if x["actors"] and x["recipients"]))' "$T/claims.json")
CSRC=$(python3 -c 'import json,sys; c=json.load(open(sys.argv[1]))["claims"]; print(next(x["source"] for x in c if x["id"]==sys.argv[2]))' "$T/claims.json" "$CLAIM")
expect_exit 0 "accept a claim" "$BLOC" --db "$IDB" accept "$CLAIM" --as reviewed-event
contains "accept: says what it appended" "$T/out" "appended"
"$BLOC" --db "$IDB" export plover > "$T/plover.after"
check "accept: the event is in the record, citing the article" \
  python3 -c 'import json,sys; e=[json.loads(l) for l in open(sys.argv[1])]; sys.exit(0 if any(x["id"]=="reviewed-event" and sys.argv[2] in x["sources"] for x in e) else 1)' "$T/plover.after" "$CSRC"
expect_exit 0 "accept the same claim again" "$BLOC" --db "$IDB" accept "$CLAIM" --as reviewed-event
contains "accept again: nothing appended" "$T/out" "0 entries appended"
expect_exit 1 "accept an unknown claim" "$BLOC" --db "$IDB" accept claim:nope
contains "accept: the unknown claim named" "$T/err" "claim:nope"
expect_exit 1 "accept with a bad id" "$BLOC" --db "$IDB" accept "$CLAIM" --as "bad id"
contains "accept: --as named" "$T/err" "--as"

# ---------------------------------------------------------------------------
# 6. Errors name the option, the file and the key.
expect_exit 1 "--lang xyz" "$BLOC" --db "$DB" extract --lang xyz "$T/good.txt"
contains "--lang named" "$T/err" "--lang"
check "--lang xyz: nothing written" test ! -s "$T/out"
expect_exit 0 "--lang eng" "$BLOC" --db "$DB" extract --lang eng --date 2022-09-14 "$T/good.txt"
check "--lang eng: the event" grep -q '"lang":"eng"' "$T/out"
expect_exit 1 "--date 2022-13-01" "$BLOC" --db "$DB" extract --date 2022-13-01 "$T/good.txt"
contains "--date named" "$T/err" "--date"
expect_exit 1 "ingest --date 2022-13-01" "$BLOC" --db "$IDB" ingest --date 2022-13-01 "$T/good.txt"
contains "ingest --date named" "$T/err" "--date"
mkdir -p "$T/lx"
python3 - "$SRCDIR/lexicon/eng.json" "$T/lx/eng.json" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
d["triggers"][3]["type"] = "SHELLING"
json.dump(d, open(sys.argv[2], "w", encoding="utf-8"), ensure_ascii=False, indent=1)
EOF
expect_exit 1 "--lexicon with a bad trigger type" "$BLOC" --db "$DB" extract --lexicon "$T/lx" "$T/good.txt"
contains "bad lexicon: the file" "$T/err" "$T/lx/eng.json"
contains "bad lexicon: the key" "$T/err" "triggers[3].type"
contains "bad lexicon: the value" "$T/err" "SHELLING"
check "bad lexicon: nothing written" test ! -s "$T/out"
# a lexicon that is not JSON: the file, line and column
printf '{"lang": "eng",\n "scripts": ["Latn"]\n "name": 1}\n' > "$T/lx/eng.json"
expect_exit 1 "--lexicon with broken JSON" "$BLOC" --db "$DB" extract --lexicon "$T/lx" "$T/good.txt"
contains "broken JSON: file and line" "$T/err" "$T/lx/eng.json:3:"
# the unchanged lexicon through --lexicon reads as the bundled one does
cp "$SRCDIR/lexicon/eng.json" "$T/lx/eng.json"
expect_exit 0 "--lexicon with the English lexicon alone" "$BLOC" --db "$DB" extract --lexicon "$T/lx" \
  --date 2022-09-14 "$T/good.txt"
check "--lexicon: the event" grep -q '"event_type":"ASSAULT"' "$T/out"
expect_exit 1 "--lexicon: a directory without lexicons" "$BLOC" --db "$DB" extract --lexicon "$T/c" "$T/good.txt"
contains "--lexicon named" "$T/err" "--lexicon"
done_testing cli-extract
