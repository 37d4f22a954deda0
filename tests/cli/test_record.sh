# tests/cli/test_record.sh - issue #3 through the command line, on the bundled
# record: the reference cases of DOMAIN.md section 3 that test_reference.sh does
# not cover, appeals and reliability, cohesion, the timeline's disputed claims,
# the dyad-year and PLOVER exports, and that every fact in the log is sourced.
. "$(dirname "$0")/lib.sh"
DB="$T/rec.db"
B() { "$BLOC" --db "$DB" "$@"; }
# pycheck DESCRIPTION ARGS... : a python3 script on stdin, run with ARGS as
# sys.argv[1:]; it passes when it exits 0 (it prints why when it does not)
pycheck() {
  d=$1; shift
  if python3 - "$@" > "$T/py.out" 2>&1; then ok; else not_ok "$d"; sed -n 1,20p "$T/py.out"; fi
}
# expect_fail DESCRIPTION COMMAND... : a non-zero exit; output in $T/out and $T/err
expect_fail() {
  d=$1; shift
  "$@" > "$T/out" 2> "$T/err"
  got=$?
  if [ "$got" != 0 ]; then ok; else not_ok "$d: exit 0, want non-zero"; sed -n 1,5p "$T/out"; fi
}
# J DESCRIPTION FILE EXPRESSION: as jcheck (d is the JSON of FILE; a .jsonl file
# is a list of its lines), but queued and run by jflush in one python3 process,
# which keeps the test fast. The expression may also use L(path) (another JSON
# file), text(path) (a file's text) and sourced(d) (every source id cited in d
# is a SOURCE of the log; raises naming the ones that are not).
: > "$T/j.batch"
J() { printf '%s\0%s\0%s\0' "$1" "$2" "$3" >> "$T/j.batch"; }
jflush() {
  [ -s "$T/j.batch" ] || return 0
  python3 - "$T/j.batch" "$T/sources.txt" > "$T/j.res" 2>&1 <<'EOF'
import json, sys
parts = open(sys.argv[1], encoding="utf-8").read().split("\0")[:-1]
cache = {}
def L(path):
    if path not in cache:
        with open(path, encoding="utf-8") as f:
            cache[path] = [json.loads(l) for l in f if l.strip()] if path.endswith(".jsonl") else json.load(f)
    return cache[path]
def text(path):
    return open(path, encoding="utf-8").read()
def sourced(doc):
    known = set(open(sys.argv[2]).read().split())
    cited = []
    def walk(x):
        if isinstance(x, dict):
            for k, v in x.items():
                if k == "source" and isinstance(v, str):
                    cited.append(v)
                elif k == "sources" and isinstance(v, list):
                    cited.extend(s for s in v if isinstance(s, str))
                else:
                    walk(v)
        elif isinstance(x, list):
            for v in x:
                walk(v)
    walk(doc)
    if not cited:
        raise AssertionError("no source cited at all")
    missing = sorted(set(cited) - known)
    if missing:
        raise AssertionError("%d unknown source ids: %s" % (len(missing), missing[:10]))
    return True
n = 0
for i in range(0, len(parts), 3):
    desc, path, expr = parts[i:i + 3]
    try:
        good = bool(eval(expr, {"L": L, "text": text, "sourced": sourced, "json": json}, {"d": L(path)}))
        why = ""
    except Exception as e:
        good, why = False, "%s: %s" % (type(e).__name__, e)
    n += 1
    if good:
        print("ok")
    else:
        print(("FAIL %s: %s" % (desc, expr)).replace("\n", " "))
        if why:
            print("  " + why.replace("\n", " ")[:600])
        else:
            try:
                print("  " + open(path, encoding="utf-8").read(400).replace("\n", " "))
            except OSError as e:
                print("  %s" % e)
print("done %d" % n)
EOF
  want=$(tr -cd '\0' < "$T/j.batch" | wc -c)
  want=$((want / 3))
  grep -q "^done $want\$" "$T/j.res" || { not_ok "jflush: the batch did not finish"; tail -n 5 "$T/j.res"; }
  while IFS= read -r line; do
    case $line in
      ok) ok ;;
      "FAIL "*) not_ok "${line#FAIL }" ;;
      "done "*) ;;
      *) echo "$line" ;;
    esac
  done < "$T/j.res"
  : > "$T/j.batch"
}
# every source id cited in a JSON (or .jsonl) file is a SOURCE fact of the log
srccheck() { J "$1: every source cited is in the log" "$2" "sourced(d)"; }

# ---------------------------------------------------------------------------
# The whole log, and the source ids it holds: the other checks resolve against it.
B members CSTO > /dev/null   # the first use creates the database, with the bundled record
B log --json > "$T/log.json"
pycheck "every fact in the log cites a source that is a SOURCE fact of the log" "$T/log.json" "$T/sources.txt" <<'EOF'
import json, sys
E = json.load(open(sys.argv[1]))["entries"]
sources = [e["slots"][0] for e in E if e["kind"] == "source"]
with open(sys.argv[2], "w") as f:
    f.write("".join(s + "\n" for s in sources))
assert E, "empty log"
assert [e["seq"] for e in E] == list(range(1, len(E) + 1)), "log --json is not the whole log (seq not 1..N)"
kinds = {e["kind"] for e in E}
assert {"source", "actor", "spell", "event", "detail", "treaty", "provision"} <= kinds, kinds
assert all(sources), "a source without an id"
known = set(sources)
bad = [(e["seq"], e["kind"], e["source"]) for e in E
       if e["kind"] != "source" and (not e["source"] or e["source"] not in known)]
assert not bad, "facts without a resolvable source: %d, e.g. %s" % (len(bad), bad[:5])
EOF
check "the log holds sources" test -s "$T/sources.txt"
B history ARM --json > "$T/hist.json"
srccheck "history ARM" "$T/hist.json"
J "history ARM: every fact sourced" "$T/hist.json" "d['facts'] and all(f['source'] for f in d['facts'])"

# ---------------------------------------------------------------------------
# Appeals to the CSTO (DOMAIN.md section 3: Kazakhstan 2022, Armenia 2022,
# Armenia 2021, Kyrgyzstan 2010) and the bloc's reliability.
B appeals CSTO --json > "$T/appeals.json"
srccheck "appeals CSTO" "$T/appeals.json"
A='{a["id"]: a for a in d["appeals"]}'
kaz="$A['kaz-2022-appeal']"
arm22="$A['arm-2022-appeal']"
arm21="$A['arm-2021-appeal']"
kgz="$A['kgz-2010-appeal']"
J "appeals: the four reference appeals" "$T/appeals.json" \
  "d['org'] == 'CSTO' and {'kaz-2022-appeal','arm-2022-appeal','arm-2021-appeal','kgz-2010-appeal'} <= set($A)"
J "appeals in date order" "$T/appeals.json" \
  "[a['date'] for a in d['appeals']] == sorted(a['date'] for a in d['appeals'])"
J "appeals: every appeal has sources" "$T/appeals.json" \
  "all(a['sources'] for a in d['appeals']) and all(s.get('source') for a in d['appeals'] for s in a['steps'])"

# Kazakhstan 2022: request under Art. 4, 5-6 Jan; deployment decided within a day; honoured
J "KAZ 2022: Art. 4 request of 5 January" "$T/appeals.json" \
  "$kaz['requester'] == 'KAZ' and $kaz['article'] == '4' and $kaz['date'] == '2022-01-05' and $kaz['asked'] == 'military_assistance'"
J "KAZ 2022: triggered, defence owed" "$T/appeals.json" \
  "$kaz['triggered'] is True and $kaz['obligation']['type'] == 'defense' and $kaz['obligation']['article'] == '4'"
J "KAZ 2022: deployment decided 2022-01-06, latency 1 day" "$T/appeals.json" \
  "$kaz['decision'] == 'deployment' and $kaz['decision_date'] == '2022-01-06' and $kaz['latency_days'] == 1"
J "KAZ 2022: a deployment step with contributors" "$T/appeals.json" \
  "[s['date'] for s in $kaz['steps'] if s['type'] == 'deployment'] == ['2022-01-06'] and all(s['contributors'] for s in $kaz['steps'] if s['type'] == 'deployment')"
J "KAZ 2022: honoured" "$T/appeals.json" "$kaz['honoured'] is True"

# Armenia 2022: attack 12-13 Sep, request 13 Sep, Art. 4 14 Sep; missions only; not honoured
J "ARM 2022: caused by Azerbaijan's attack of 12 September" "$T/appeals.json" \
  "$arm22['cause']['date'] == '2022-09-12' and $arm22['cause']['actors'] == ['AZE'] and $arm22['cause']['type'] == 'ASSAULT'"
J "ARM 2022: request of 13 September" "$T/appeals.json" \
  "$arm22['date'] == '2022-09-13' and $arm22['requester'] == 'ARM' and $arm22['article'] == '4'"
J "ARM 2022: formal Art. 4 request of 14 September among the steps" "$T/appeals.json" \
  "[s['date'] for s in $arm22['steps'] if s['type'] == 'REQUEST'] == ['2022-09-14']"
J "ARM 2022: triggered, defence owed" "$T/appeals.json" \
  "$arm22['triggered'] is True and $arm22['obligation']['type'] == 'defense' and sorted($arm22['obligation']['bound']) == ['BLR','KAZ','KGZ','RUS','TJK']"
J "ARM 2022: missions only (fact-finding, monitoring), no forces or military aid" "$T/appeals.json" \
  "sorted(s.get('mode') for s in $arm22['steps'] if s['type'] == 'mission') == ['fact_finding','monitoring'] and not [s for s in $arm22['steps'] if s['type'] in ('deployment','withdrawal','AID')]"
J "ARM 2022: decided the same day, a statement" "$T/appeals.json" \
  "$arm22['decision'] == 'statement' and $arm22['decision_date'] == '2022-09-13' and $arm22['latency_days'] == 0"
J "ARM 2022: not honoured (false, not null)" "$T/appeals.json" "$arm22['honoured'] is False"

# Armenia 2021: Art. 2 consultations, May; statements only
J "ARM 2021: Art. 2 consultations asked in May" "$T/appeals.json" \
  "$arm21['article'] == '2' and $arm21['asked'] == 'consultations' and $arm21['date'].startswith('2021-05')"
J "ARM 2021: consultation owed (triggered)" "$T/appeals.json" \
  "$arm21['triggered'] is True and $arm21['obligation']['type'] == 'consultation' and $arm21['obligation']['article'] == '2'"
J "ARM 2021: statements only" "$T/appeals.json" \
  "$arm21['decision'] == 'statement' and {s['type'] for s in $arm21['steps']} == {'decision'} and {s.get('outcome') for s in $arm21['steps']} == {'statement'}"
J "ARM 2021: not honoured, as the record has no session or consultation" "$T/appeals.json" \
  "$arm21['honoured'] is False and 'consultation' in $arm21['why']"

# Kyrgyzstan 2010: request for troops, June; declined: internal conflict, no obligation
J "KGZ 2010: troops asked in June" "$T/appeals.json" \
  "$kgz['requester'] == 'KGZ' and $kgz['asked'] == 'troops' and $kgz['date'].startswith('2010-06')"
J "KGZ 2010: internal conflict, not triggered" "$T/appeals.json" \
  "$kgz['triggered'] is False and $kgz['cause']['scope'] == 'internal' and $kgz['obligation']['unmet'] == ['external_aggression'] and $kgz['obligation']['bound'] == []"
J "KGZ 2010: declined" "$T/appeals.json" "$kgz['decision'] == 'declined'"
J "KGZ 2010: honoured is null (nothing was owed)" "$T/appeals.json" "$kgz['honoured'] is None"

pycheck "appeals: latency is the days from appeal to decision; honoured null iff not triggered" "$T/appeals.json" <<'EOF'
import json, sys, datetime
d = json.load(open(sys.argv[1]))
day = lambda s: datetime.date.fromisoformat(s) if s and len(s) == 10 else None
for a in d["appeals"]:
    x, y = day(a["date"]), day(a["decision_date"])
    want = (y - x).days if x and y else None
    assert a["latency_days"] == want, (a["id"], a["date"], a["decision_date"], a["latency_days"])
    # honoured is null exactly when nothing was owed
    assert (a["honoured"] is None) == (not a["triggered"]), (a["id"], a["triggered"], a["honoured"])
EOF

pycheck "reliability = honoured / triggered, as the appeals list says" "$T/appeals.json" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
A, r = d["appeals"], d["reliability"]
trig = [a for a in A if a["triggered"]]
hon = [a for a in trig if a["honoured"] is True]
def rate(h, t):
    return {"triggered": t, "honoured": h, "rate": (h / t if t else None)}
def same(got, want):
    return (got["triggered"], got["honoured"]) == (want["triggered"], want["honoured"]) and \
        (got["rate"] is None if want["rate"] is None else abs(got["rate"] - want["rate"]) < 1e-9)
want = rate(len(hon), len(trig))
assert same(r["all"], want), ("all", r["all"], want)
assert r["not_triggered"] == len(A) - len(trig), ("not_triggered", r["not_triggered"])
for ty, got in r["by_type"].items():
    t = [a for a in trig if a["obligation"]["type"] == ty]
    w = rate(len([a for a in t if a["honoured"] is True]), len(t))
    assert same(got, w), ("by_type", ty, got, "want", w)
types = {a["obligation"]["type"] for a in trig}
assert types <= set(r["by_type"]), ("by_type lacks", types - set(r["by_type"]))
EOF

B appeals CSTO > "$T/appeals.txt"
contains "appeals text: Kazakhstan 2022" "$T/appeals.txt" "2022-01-05  KAZ (Kazakhstan) art. 4"
contains "appeals text: the deployment and its latency" "$T/appeals.txt" "deployment 2022-01-06 (1 day)"
contains "appeals text: Armenia 2022" "$T/appeals.txt" "2022-09-13  ARM (Armenia) art. 4"
contains "appeals text: Armenia 2021" "$T/appeals.txt" "2021-05-14  ARM (Armenia) art. 2"
contains "appeals text: Kyrgyzstan 2010" "$T/appeals.txt" "KGZ (Kyrgyzstan)"
contains "appeals text: honoured" "$T/appeals.txt" "honoured:  yes"
contains "appeals text: not honoured" "$T/appeals.txt" "honoured:  NO"
contains "appeals text: nothing owed" "$T/appeals.txt" "honoured:  n/a"
contains "appeals text: sources" "$T/appeals.txt" "Sources:"
J "appeals text: the reliability line" "$T/appeals.json" \
  "('Reliability: %d honoured of %d triggered' % (len([a for a in d['appeals'] if a['triggered'] and a['honoured'] is True]), len([a for a in d['appeals'] if a['triggered']]))) in text('$T/appeals.txt')"

jflush

# ---------------------------------------------------------------------------
# Kyrgyzstan-Tajikistan 2022 (members fight each other): flagged as intra-bloc,
# and no appeal engaged Art. 4 for it.
B cohesion CSTO --json > "$T/coh.json"
srccheck "cohesion CSTO" "$T/coh.json"
J "no KGZ/TJK appeal triggered an obligation in 2022" "$T/appeals.json" \
  "not [a for a in d['appeals'] if a['requester'] in ('KGZ','TJK') and a['date'].startswith('2022') and a['triggered']]"
J "KGZ-TJK 2022 flagged intra-bloc" "$T/coh.json" \
  "[s['years'] for s in d['signals'] if s['kind'] == 'intra_bloc_conflict' and s['states'] == ['KGZ','TJK']][0][-1] == 2022 and [s for s in d['signals'] if s['kind'] == 'intra_bloc_conflict' and 'kgz-tjk-2022-border-clash' in s['events']]"

# Uzbekistan 2012: suspended by the Council on 19 December; not a member from then
# (the day before, and the day; KAZ attacked, from Afghanistan, asking for help)
for day in 2012-12-18 2012-12-19; do
  B members CSTO --on $day --json > "$T/um$day.json"
  B obligations --target KAZ --on $day --attacker AFG --requested --json > "$T/uo$day.json"
done
uzb='[(m["status"], m["good_standing"]) for m in d["members"] if m["state"] == "UZB"]'
J "UZB on 18 Dec 2012: still bound (withdrawing)" "$T/um2012-12-18.json" "$uzb == [('withdrawing', True)]"
J "UZB from 19 Dec 2012: suspended" "$T/um2012-12-19.json" "$uzb == [('suspended', False)]"
art4='[o for o in d["obligations"] if o["org"] == "CSTO" and o["article"] == "4"][0]'
J "UZB bound to defend KAZ on 18 Dec 2012" "$T/uo2012-12-18.json" "$art4['triggered'] and 'UZB' in $art4['bound']"
J "UZB not bound from 19 Dec 2012" "$T/uo2012-12-19.json" "$art4['triggered'] and 'UZB' not in $art4['bound']"
J "cohesion: UZB suspended from 2012-12-19" "$T/coh.json" \
  "[s['first'] for s in d['signals'] if s['kind'] == 'suspended' and s['state'] == 'UZB'] == ['2012-12-19']"

# NATO 2001: Art. 5 invoked 12 Sep, confirmed 2 Oct; all allies bound, each decides its means
nato5='[o for o in d["obligations"] if o["org"] == "NATO" and o["article"] == "5"][0]'
for day in 2001-09-12 2001-10-02; do
  B members NATO --on $day --json > "$T/nm$day.json"
  allies="sorted(m['state'] for m in L('$T/nm$day.json')['members'] if m['good_standing'] is True and m['state'] != 'USA')"
  B obligations --target USA --on $day --json > "$T/n5$day.json"
  J "NATO $day: Art. 5 triggered, defence" "$T/n5$day.json" "$nato5['triggered'] and $nato5['type'] == 'defense' and $nato5['unmet'] == []"
  J "NATO $day: every ally (each member but the USA) bound" "$T/n5$day.json" "sorted($nato5['bound']) == $allies and len($allies) == 18"
done
J "NATO Art. 5: each ally decides its means" "$T/n52001-09-12.json" "'as it deems necessary' in $nato5['text'] and $nato5['sources']"
B timeline NATO --from 2001-09-12 --to 2001-10-02 --json > "$T/ntl.json"
J "NATO 2001: Art. 5 decisions of 12 Sep and 2 Oct on the record" "$T/ntl.json" \
  "sorted(e['date'] for e in d['entries'] if e.get('type') == 'decision' and e['date'] in ('2001-09-12','2001-10-02') and any(x['key'] == 'article' and [c['value'] for c in x['claims']] == ['5'] for x in e['details'])) == ['2001-09-12','2001-10-02']"

jflush

# ---------------------------------------------------------------------------
# Cohesion: Belarus arming Azerbaijan (member Armenia's adversary), KGZ-TJK.
J "cohesion: BLR arms AZE, the adversary of ARM, sourced" "$T/coh.json" \
  "[s for s in d['signals'] if s['kind'] == 'arms_to_adversary' and s['supplier'] == 'BLR' and s['recipient'] == 'AZE' and 'ARM' in s['adversary_of'] and s['sources'] and s['events'] and s['years']]"
J "cohesion: KGZ and TJK fight each other, sourced" "$T/coh.json" \
  "[s for s in d['signals'] if s['kind'] == 'intra_bloc_conflict' and s['states'] == ['KGZ','TJK'] and s['sources'] and 2021 in s['years']]"
J "cohesion: every signal has sources" "$T/coh.json" "d['signals'] and all(s['sources'] for s in d['signals'])"
pycheck "cohesion: the yearly series counts the signals" "$T/coh.json" <<'EOF'
import json, sys, collections
d = json.load(open(sys.argv[1]))
ys = [s["year"] for s in d["series"]]
assert ys == list(range(d["from"], d["to"] + 1)), ("series years", ys[:3], ys[-3:], d["from"], d["to"])
for s in d["signals"]:
    assert s["years"] == sorted(set(s["years"])), ("years unsorted", s)
    assert all(d["from"] <= y <= d["to"] for y in s["years"]), ("year outside --from/--to", s)
for row in d["series"]:
    c = collections.Counter(g["kind"] for g in d["signals"] if row["year"] in g["years"])
    assert row["signals"] == sum(c.values()) and row["by_kind"] == dict(c), (row, dict(c))
EOF
B cohesion CSTO --from 2021 --to 2022 --json > "$T/coh2.json"
J "cohesion --from 2021 --to 2022: the span" "$T/coh2.json" \
  "(d['from'], d['to']) == (2021, 2022) and [s['year'] for s in d['series']] == [2021, 2022]"
pycheck "cohesion --from 2021 --to 2022: the full run restricted to 2021-2022" "$T/coh.json" "$T/coh2.json" <<'EOF'
import json, sys, collections
full, part = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
def key(s):
    return (s["kind"], s.get("supplier") or s.get("state") or s.get("member"),
            s.get("recipient") or s.get("other") or s.get("partner"))
want = {key(s): [y for y in s["years"] if 2021 <= y <= 2022] for s in full["signals"]}
want = {k: v for k, v in want.items() if v}
got = {key(s): s["years"] for s in part["signals"]}
assert got == want, ("got", got, "want", want)
assert all(s["sources"] for s in part["signals"])
for row in part["series"]:
    c = collections.Counter(g["kind"] for g in part["signals"] if row["year"] in g["years"])
    assert row["signals"] == sum(c.values()) and row["by_kind"] == dict(c), (row, dict(c))
assert [r for r in full["series"] if 2021 <= r["year"] <= 2022] == part["series"]
EOF
B cohesion CSTO --from 2021 --to 2022 > "$T/coh2.txt"
J "cohesion text: the span and the count" "$T/coh2.json" "'Cohesion of CSTO, 2021-2022: %d signals' % len(d['signals']) in text('$T/coh2.txt')"
contains "cohesion text: BLR arms AZE" "$T/coh2.txt" "BLR arms AZE"
expect_fail "cohesion --from after --to" "$BLOC" --db "$DB" cohesion CSTO --from 2022 --to 2021
contains "names --from" "$T/err" "--from"

jflush

# ---------------------------------------------------------------------------
# Timeline: where sources disagree (the Armenia-Azerbaijan clash of September
# 2022: the 49 / 50 dead of the 13th, nearly 300 within 48 hours, later figures),
# every claim is kept with its own source.
B timeline ARM --json > "$T/tl.json"
srccheck "timeline ARM" "$T/tl.json"
ev='[e for e in d["entries"] if e.get("id") == "arm-2022-border-attack"][0]'
det() { echo "[x for x in $ev['details'] if x['key'] == '$1' and x['subject'] == $2][0]"; }
J "timeline: the Sept 2022 clash, Azerbaijan on Armenia" "$T/tl.json" \
  "$ev['type'] == 'ASSAULT' and $ev['date'] == '2022-09-12' and $ev['actors'] == ['AZE'] and $ev['recipients'] == ['ARM']"
J "timeline: Armenian dead disputed, 49 among the claims" "$T/tl.json" \
  "$(det killed "'ARM'")['disputed'] is True and 49 in [c['num'] for c in $(det killed "'ARM'")['claims']] and len({c['num'] for c in $(det killed "'ARM'")['claims']}) >= 2"
J "timeline: Azerbaijani dead disputed, 50 among the claims" "$T/tl.json" \
  "$(det killed "'AZE'")['disputed'] is True and 50 in [c['num'] for c in $(det killed "'AZE'")['claims']] and len({c['num'] for c in $(det killed "'AZE'")['claims']}) >= 2"
J "timeline: nearly 300 dead within 48 hours, its own source" "$T/tl.json" \
  "[(c['num'], c['qualifier'], c['sources']) for c in $(det killed None)['claims']] == [(300, 'nearly', ['corpus:003_5ac4877e0619bb8a.txt'])]"
J "timeline: the 49 and the ~300 come from different sources" "$T/tl.json" \
  "[c['sources'] for c in $(det killed "'ARM'")['claims'] if c['num'] == 49] == [['corpus:000_8043254ef9aa85f3.txt']]"
pycheck "timeline: disputed iff the claims differ; every claim has its own source" "$T/tl.json" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
seen = 0
for e in d["entries"]:
    assert e["sources"], ("entry without sources", e.get("id") or e.get("what"))
    assert all(c["sources"] for c in e["claims"]), ("claim without sources", e.get("id") or e.get("what"))
    for x in e.get("details", []):
        assert x["claims"] and all(c["sources"] for c in x["claims"]), ("detail claim without source", e.get("id"), x)
        vals = {(c.get("num"), c.get("value"), c.get("qualifier")) for c in x["claims"]}
        if x["disputed"]:
            seen += 1
            assert len(vals) >= 2, ("disputed with one claim", e.get("id"), x)
        # an entry's sources include every claim's
        for c in x["claims"]:
            if c["sources"]:
                assert set(c["sources"]) <= set(e["sources"]), ("entry sources lack", e.get("id"), c["sources"])
assert seen >= 2, "fewer than two disputed details on ARM's timeline"
EOF
J "timeline: the 13 Sept decision's outcome is disputed (statement, missions, declined)" "$T/tl.json" \
  "[x for e in d['entries'] if e.get('id') == 'arm-2022-decision' for x in e['details'] if x['key'] == 'outcome' and x['disputed'] and {'statement','declined'} <= {c['value'] for c in x['claims']}]"

B timeline ARM --from 2022-09-01 --to 2022-09-30 > "$T/tl.txt"
grep 'killed ARM:' "$T/tl.txt" > "$T/tl.arm" 2>/dev/null
contains "timeline text: 49 side by side with the other figures" "$T/tl.arm" "49"
contains "timeline text: 207 on the same line" "$T/tl.arm" "207"
contains "timeline text: marked" "$T/tl.arm" "(sources disagree)"
grep 'killed AZE:' "$T/tl.txt" > "$T/tl.aze" 2>/dev/null
contains "timeline text: 50 side by side" "$T/tl.aze" "50"
contains "timeline text: 79 on the same line" "$T/tl.aze" "79"
contains "timeline text: nearly 300" "$T/tl.txt" "killed: nearly 300"
contains "timeline text: sources listed" "$T/tl.txt" "Sources:"

# --from/--to filter
B timeline ARM --from 2022-09-13 --to 2022-09-14 --json > "$T/tl2.json"
ids='{e.get("id") for e in d["entries"]}'
J "timeline --from/--to echoed" "$T/tl2.json" "(d['from'], d['to']) == ('2022-09-13', '2022-09-14')"
J "timeline --from/--to: what overlaps the span is in" "$T/tl2.json" \
  "{'arm-2022-border-attack','arm-2022-appeal','arm-2022-session','arm-2022-decision','arm-2022-article4-request'} <= $ids"
J "timeline --from/--to: what falls outside is out" "$T/tl2.json" \
  "not {'arm-2022-mission-advance','usa-2022-pelosi-yerevan','arm-2021-appeal','kaz-2022-appeal','karabakh-2020-war','arm-2024-freeze'} & $ids"
pycheck "timeline --from/--to: every dated entry overlaps the span" "$T/tl2.json" "$T/tl.json" <<'EOF'
import json, sys, calendar
part, full = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
def first(s):
    p = s.split("-") + ["01", "01"]
    return "%s-%s-%s" % tuple(p[:3])
def last(s):
    p = s.split("-")
    y = int(p[0]); m = int(p[1]) if len(p) > 1 else 12
    dd = int(p[2]) if len(p) > 2 else calendar.monthrange(y, m)[1]
    return "%04d-%02d-%02d" % (y, m, dd)
F, L = part["from"], part["to"]
for e in part["entries"]:
    if not e.get("date"):
        continue
    assert first(e["date"]) <= L, ("starts after --to", e.get("id") or e.get("what"), e["date"])
    end = e.get("to") or e["date"]
    assert last(end) >= F, ("ends before --from", e.get("id") or e.get("what"), e["date"], e.get("to"))
assert len(part["entries"]) < len(full["entries"]), "the span filtered nothing"
EOF
expect_fail "timeline --from after --to" "$BLOC" --db "$DB" timeline ARM --from 2023-01-01 --to 2022-01-01
contains "names --from" "$T/err" "--from"
expect_exit 1 "timeline bad --to" "$BLOC" --db "$DB" timeline ARM --to 2022-02-30
contains "names --to" "$T/err" "--to"

jflush

# ---------------------------------------------------------------------------
# export dyad-years: the directed dyad-year table as ATOP codes it.
expect_exit 0 "dyad-years --from 2000 --to 2020" "$BLOC" --db "$DB" export dyad-years --from 2000 --to 2020
mv "$T/out" "$T/dy.csv"
check "dyad-years: nothing on stderr" test ! -s "$T/err"
check "dyad-years: header" test "$(head -n 1 "$T/dy.csv")" = "year,ccode1,ccode2,state1,state2,defense,offense,neutral,nonagg,consul,disputed,treaties"
# one pass over the table; a line "ok NAME" or "FAIL NAME: why" per check
python3 - "$T/dy.csv" > "$T/dy.res" 2>&1 <<'EOF'
import csv, sys
rd = csv.reader(open(sys.argv[1], newline=""))
next(rd)
fail = {}
def bad(name, why):
    fail.setdefault(name, []).append(why)
names = ["12 columns", "years 2000-2020", "no self-dyads", "no duplicate (year, ccode1, ccode2)",
         "both directions", "defense symmetric in mutual pacts", "reference rows"]
defense, mutual, by_state, years = {}, set(), {}, set()
for n, r in enumerate(rd, 2):
    if len(r) != 12:
        bad("12 columns", "line %d: %r" % (n, r))
        continue
    y, c1, c2, s1, s2 = r[:5]
    if not y.isdigit() or not 2000 <= int(y) <= 2020:
        bad("years 2000-2020", "line %d: %r" % (n, r))
    else:
        years.add(int(y))
    if s1 == s2 or (c1 and c1 == c2):
        bad("no self-dyads", "line %d: %r" % (n, r))
    k = (y, c1, c2)
    if k in defense:
        bad("no duplicate (year, ccode1, ccode2)", "line %d: %s" % (n, ",".join(r)))
    defense[k] = r[5]
    if "CST" in r[11] or "NAT" in r[11]:
        mutual.add(k)
    by_state[(y, s1, s2)] = (c1, c2, r[5], r[11])
if years != set(range(2000, 2021)):
    bad("years 2000-2020", "years present: %s" % sorted(years))
for (y, c1, c2) in defense:
    if (y, c2, c1) not in defense:
        bad("both directions", "no row %s,%s,%s" % (y, c2, c1))
for (y, c1, c2) in mutual:
    if defense[(y, c1, c2)] == "1" and defense.get((y, c2, c1)) != "1":
        bad("defense symmetric in mutual pacts", "%s %s->%s" % (y, c1, c2))
codes = {"BLR": "370", "ARM": "371", "AZE": "373", "UZB": "704", "KAZ": "705", "GEO": "372",
         "USA": "2", "POL": "290"}
for y, a, b, v, t in [("2015", "BLR", "ARM", "1", "CST"), ("2015", "BLR", "AZE", "0", ""),
                      ("2010", "UZB", "ARM", "1", "CST"), ("2013", "UZB", "ARM", "0", ""),
                      ("2010", "KAZ", "GEO", "0", ""), ("2005", "USA", "POL", "1", "NAT"),
                      ("2015", "ARM", "BLR", "1", "CST")]:
    got = by_state.get((y, a, b))
    if got is None or got[:3] != (codes[a], codes[b], v) or t not in got[3]:
        bad("reference rows", "%s %s->%s: want ccodes %s,%s defense %s (%s), got %r"
            % (y, a, b, codes[a], codes[b], v, t or "-", got))
for name in names:
    if name in fail:
        print("FAIL %s: %d rows, e.g. %s" % (name, len(fail[name]), " | ".join(fail[name][:3])))
    else:
        print("ok " + name)
EOF
check "dyad-years: the table was checked" grep -q '^ok reference rows$\|^FAIL reference rows' "$T/dy.res"
while IFS= read -r line; do
  case $line in
    "ok "*) ok ;;
    "FAIL "*) not_ok "dyad-years: ${line#FAIL }" ;;
    *) not_ok "dyad-years: $line" ;;
  esac
done < "$T/dy.res"
expect_fail "dyad-years --from after --to" "$BLOC" --db "$DB" export dyad-years --from 2020 --to 2000
contains "names --from" "$T/err" "--from"
check "no CSV written on error" test ! -s "$T/out"
expect_fail "dyad-years without --from" "$BLOC" --db "$DB" export dyad-years --to 2020
contains "names --from" "$T/err" "--from"
expect_fail "dyad-years without --to" "$BLOC" --db "$DB" export dyad-years --from 2000
contains "names --to" "$T/err" "--to"
expect_fail "dyad-years bad --from year" "$BLOC" --db "$DB" export dyad-years --from 20x0 --to 2020
contains "names --from" "$T/err" "--from"
check "no CSV written on error" test ! -s "$T/out"
expect_fail "dyad-years bad --to year" "$BLOC" --db "$DB" export dyad-years --from 2000 --to abcd
contains "names --to" "$T/err" "--to"

jflush

# ---------------------------------------------------------------------------
# export plover: one PLOVER-shaped JSON object per line.
B export plover > "$T/plover.jsonl"
check "plover: some events" test -s "$T/plover.jsonl"
pycheck "plover: every line JSON with id, date, a PLOVER event type, sources" "$T/plover.jsonl" <<'EOF'
import json, sys, re
PLOVER = {"AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
          "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"}
ids = set()
for n, line in enumerate(open(sys.argv[1], encoding="utf-8"), 1):
    e = json.loads(line)
    assert isinstance(e, dict), n
    assert e.get("id") and e["id"] not in ids, ("id missing or repeated", n, e.get("id"))
    ids.add(e["id"])
    assert e.get("date") and re.fullmatch(r"\d{4}(-\d\d(-\d\d)?)?", e["date"]), ("date", n, e.get("date"))
    assert e.get("event_type") in PLOVER, ("event_type", n, e.get("event_type"))
    assert isinstance(e.get("sources"), list) and e["sources"], ("sources", n, e["id"])
assert len(ids) > 10, len(ids)
EOF
srccheck "plover" "$T/plover.jsonl"
J "plover: the KAZ 2022 appeal is a REQUEST to the CSTO" "$T/plover.jsonl" \
  "[(e['event_type'], e['date'], 'KAZ' in e['actor'], 'CSTO' in e['recipient'], bool(e['sources'])) for e in d if e['id'] == 'kaz-2022-appeal'] == [('REQUEST', '2022-01-05', True, True, True)]"

# the catalog: what a client needs to name things
B catalog --json > "$T/catalog.json"
J "catalog: the pacts of the bundled record" "$T/catalog.json" \
  "sorted(p['org'] for p in d['pacts']) == ['ANZUS', 'CSTO', 'NATO', 'RUS-PRK', 'TIAR', 'US-JPN', 'US-KOR', 'WARSAW']"
J "catalog: the CSTO's parties ever, from their first status (AZE 1993, UZB 1992)" "$T/catalog.json" \
  "[(p['parties'].get('AZE'), p['parties'].get('UZB'), len(p['parties']), p['treaties'][0]['id']) for p in d['pacts'] if p['org'] == 'CSTO'] == [('1993-09-24', '1992-05-15', 9, 'CST')]"
J "catalog: actors with type and display name" "$T/catalog.json" \
  "{'id': 'ARM', 'type': 'state', 'name': 'Armenia'} in d['actors'] and {'id': 'CSTO', 'type': 'org', 'name': 'Collective Security Treaty Organization'} in d['actors']"
J "catalog: every source cited in the log, once" "$T/catalog.json" \
  "len(d['sources']) == len({s['id'] for s in d['sources']}) and {s['id'] for s in d['sources']} == set(text('$T/sources.txt').split())"

jflush

# ---------------------------------------------------------------------------
# Errors: unknown organizations and actors are named.
expect_exit 1 "appeals: unknown org" "$BLOC" --db "$DB" appeals XYZ
contains "appeals names the org" "$T/err" '"XYZ"'
expect_exit 1 "cohesion: unknown org" "$BLOC" --db "$DB" cohesion XYZ
contains "cohesion names the org" "$T/err" '"XYZ"'
expect_exit 1 "timeline: unknown actor" "$BLOC" --db "$DB" timeline QQQ
contains "timeline names the actor" "$T/err" '"QQQ"'
expect_exit 1 "history: unknown actor" "$BLOC" --db "$DB" history QQQ
contains "history names the actor" "$T/err" '"QQQ"'
expect_exit 1 "members: unknown org" "$BLOC" --db "$DB" members NOPE --on 2022-01-01 --json
contains "members names the org" "$T/err" '"NOPE"'
jflush
done_testing cli-record
