# tests/cli/test_reference.sh - the reference cases of DOMAIN.md section 3 and
# issue #2, through the command line with --json, on the bundled record.
. "$(dirname "$0")/lib.sh"
DB="$T/ref.db"
B() { "$BLOC" --db "$DB" "$@"; }

good='sorted(m["state"] for m in d["members"] if m["good_standing"] is True)'
B members CSTO --on 1995-01-01 --json > "$T/m1995.json"
jcheck "CSTO 1995" "$T/m1995.json" "$good == ['ARM','AZE','BLR','GEO','KAZ','KGZ','RUS','TJK','UZB']"
B members CSTO --on 2000-01-01 --json > "$T/m2000.json"
jcheck "CSTO 2000" "$T/m2000.json" "$good == ['ARM','BLR','KAZ','KGZ','RUS','TJK']"
B members CSTO --on 2012-06-01 --json > "$T/m2012.json"
jcheck "CSTO 2012" "$T/m2012.json" "$good == ['ARM','BLR','KAZ','KGZ','RUS','TJK','UZB']"
jcheck "UZB since 2006" "$T/m2012.json" "[m['since'] for m in d['members'] if m['state']=='UZB'] == ['2006-06-23']"
B members CSTO --on 2013-01-01 --json > "$T/m2013.json"
jcheck "UZB suspended 2013" "$T/m2013.json" "'UZB' not in $good and [m['status'] for m in d['members'] if m['state']=='UZB'] == ['suspended']"
B members CSTO --on 2025-06-01 --json > "$T/m2025.json"
jcheck "ARM disputed 2025" "$T/m2025.json" "[(m['disputed'], m['status'], m['good_standing']) for m in d['members'] if m['state']=='ARM'] == [(True, 'disputed', None)]"
jcheck "ARM claims both, sourced" "$T/m2025.json" "{c['status'] for m in d['members'] if m['state']=='ARM' for c in m['claims']} == {'member','frozen'} and all(c['source'] for m in d['members'] for c in m['claims'])"
B members CSTO --on 2025-06-01 > "$T/m2025.txt"
contains "text shows the dispute" "$T/m2025.txt" "DISPUTED"
contains "text cites sources" "$T/m2025.txt" "Sources:"

B chair CSTO --on 2022-09-13 --json > "$T/c2022.json"
jcheck "chair 2022" "$T/c2022.json" "d['chair'] == 'ARM' and d['holder'] == 'Nikol Pashinyan'"
B chair CSTO --on 2026-03-01 --json > "$T/c2026.json"
jcheck "chair 2026" "$T/c2026.json" "d['chair'] == 'RUS'"
B chair CSTO --on 1990-01-01 --json > "$T/c1990.json"
jcheck "no chair before the CSTO" "$T/c1990.json" "d['chair'] is None and d['claims'] == []"

art4='[o for o in d["obligations"] if o["org"]=="CSTO" and o["article"]=="4"][0]'
B obligations --target ARM --on 2022-09-13 --attacker AZE --requested --json > "$T/o1.json"
jcheck "ARM 2022 requested: triggered" "$T/o1.json" "$art4['triggered'] and $art4['type']=='defense' and sorted($art4['bound']) == ['BLR','KAZ','KGZ','RUS','TJK']"
B obligations --target ARM --on 2022-09-13 --attacker AZE --json > "$T/o2.json"
jcheck "ARM 2022 no request: not triggered" "$T/o2.json" "not $art4['triggered'] and $art4['unmet'] == ['on_request'] and $art4['bound'] == []"
B obligations --target KGZ --on 2022-09-16 --attacker TJK --requested --json > "$T/o3.json"
jcheck "KGZ-TJK 2022: intra-bloc" "$T/o3.json" "not $art4['triggered'] and 'intra_bloc' in $art4['unmet'] and d['intra_bloc'] == ['CSTO']"
jcheck "KGZ-TJK 2022: TJK bound by non-aggression" "$T/o3.json" "[o['bound'] for o in d['obligations'] if o['type']=='nonaggression'] == [['TJK']]"
B obligations --target ARM --on 2009-06-01 --attacker AZE --json > "$T/o4.json"
jcheck "before 2010 no request needed" "$T/o4.json" "$art4['triggered']"
B obligations --target KGZ --on 2010-06-14 --requested --internal --json > "$T/o8.json"
jcheck "Kyrgyzstan 2010, internal: no defence owed" "$T/o8.json" "not $art4['triggered'] and $art4['unmet'] == ['external_aggression'] and d['internal']"
B obligations --target KAZ --on 2022-01-05 --requested --json > "$T/o9.json"
jcheck "Kazakhstan 2022, aggression from abroad, requested: triggered" "$T/o9.json" "$art4['triggered'] and sorted($art4['bound']) == ['ARM','BLR','KGZ','RUS','TJK']"
expect_exit 1 "internal with an attacker" "$BLOC" --db "$DB" obligations --target KGZ --on 2010-06-14 --internal --attacker UZB
B obligations --target USA --on 2001-09-12 --json > "$T/o5.json"
nato5='[o for o in d["obligations"] if o["org"]=="NATO" and o["article"]=="5"][0]'
jcheck "NATO art 5 2001" "$T/o5.json" "$nato5['triggered'] and len($nato5['bound']) == 18 and 'USA' not in $nato5['bound'] and $nato5['type']=='defense'"
B obligations --target ARM --on 1993-01-01 --attacker AZE --json > "$T/o6.json"
jcheck "treaty not yet in force" "$T/o6.json" "d['obligations'] == []"
B obligations --target UZB --on 2013-06-01 --json > "$T/o7.json"
jcheck "suspended member is not protected" "$T/o7.json" "[o for o in d['obligations'] if o['org']=='CSTO'] == []"

# names in other languages and scripts resolve
B members ОДКБ --on 2022-09-13 --json > "$T/ru.json"
jcheck "Russian name of the CSTO" "$T/ru.json" "d['org'] == 'CSTO'"
B history Армения --json > "$T/h.json"
jcheck "history by Russian name" "$T/h.json" "d['actor'] == 'ARM' and len(d['facts']) > 3 and all(f['source'] for f in d['facts'])"
B history CSTO > "$T/h.txt"
contains "history of the CSTO shows the 2010 amendment" "$T/h.txt" "2010-12-10"

# the log, streamed: entries as stored, with their hashes
B log --limit 2 > "$T/log.txt"
check "log --limit 2 prints two entries" test "$(wc -l < "$T/log.txt")" = 2
B log --from 3 --limit 4 --json > "$T/log.json"
jcheck "log --from 3 --limit 4" "$T/log.json" "[e['seq'] for e in d['entries']] == [3,4,5,6] and all(len(e['hash']) == 64 for e in d['entries'])"
B log --from 99999 --json > "$T/log0.json"
jcheck "log past the end is empty" "$T/log0.json" "d['entries'] == []"

# errors and exit codes
expect_exit 1 "unknown org" "$BLOC" --db "$DB" members XYZ
contains "names the org" "$T/err" 'unknown organization "XYZ"'
expect_exit 1 "bad date" "$BLOC" --db "$DB" members CSTO --on 2023-02-29
contains "names the argument" "$T/err" "--on: bad date"
expect_exit 2 "no command" "$BLOC" --db "$DB"
expect_exit 2 "unknown command" "$BLOC" --db "$DB" frobnicate
expect_exit 2 "missing --target" "$BLOC" --db "$DB" obligations --on 2022-09-13
expect_exit 2 "option of another command" "$BLOC" --db "$DB" members CSTO --attacker AZE
expect_exit 0 "help for a command" "$BLOC" help obligations
contains "help text" "$T/out" "--requested"
BLOC_DB="$T/env.db" "$BLOC" chair CSTO --on 2022-09-13 > /dev/null 2>&1
check "BLOC_DB names the database" test -s "$T/env.db"
done_testing cli-reference
