# tests/cli/test_roles.sh - who may take which step of the live procedure over
# HTTP: every state-changing endpoint (appeal, convene, position, decide, pledge,
# complete, withdraw, logout) by every kind of caller (secretariat, a member's
# delegation for itself and for another member, a non-member's delegation, an
# observer, nobody logged in, no CSRF token), each refusal logged; decision
# rules; out-of-order steps (409); bad bodies (400 naming the field, 413, 415,
# 405); the exercise leaves the real database alone; login throttling (429).
# The HTTP half is tests/cli/roles.py. The server stops by itself.
. "$(dirname "$0")/lib.sh"
DB="$T/roles.db"
EX=drill
export BLOC_PASSWORD="correct horse battery"
"$BLOC" --db "$DB" members CSTO > /dev/null # seed the database
adduser() { "$BLOC" --db "$DB" user add "$@" > /dev/null 2>&1 || not_ok "user add $*"; }
adduser sec --role secretariat
adduser obs --role observer
for s in ARM BLR KAZ KGZ RUS TJK UZB AZE; do adduser "d$s" --role delegation --state $s; done
n0=$(entries "$DB")

SERVER=""
trap 'kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null; rm -rf "$T"' EXIT
# serve OUT: an exercise server dated 2022-09-13; its port in $PORT
serve() {
  serve_bg "$1" --db "$DB" --exercise $EX serve --listen 127.0.0.1:0 --on 2022-09-13 \
    --max-seconds 120
}
stop() {
  kill $SERVER 2>/dev/null
  wait $SERVER 2>/dev/null
  SERVER=""
}
# roles MODE ARGS...: run roles.py, count its ok / not ok lines here
roles() {
  python3 "$SRCDIR/tests/cli/roles.py" "$@" > "$T/roles.out" 2>&1
  p=$(grep -c '^ok ' "$T/roles.out")
  f=$(grep -c '^not ok ' "$T/roles.out")
  passed=$((passed + p))
  failed=$((failed + f))
  grep '^not ok ' "$T/roles.out"
  if tail -n 1 "$T/roles.out" | grep -qx done; then ok; else
    not_ok "roles.py $1 did not finish"; tail -n 5 "$T/roles.out"; fi
}

serve "$T/serve.out"
check "the exercise server prints its address" test -n "$PORT"
contains "it serves the exercise's database" "$T/serve.out" "roles.db.exercise-$EX"
roles matrix "http://127.0.0.1:$PORT" "$n0"
DEPLOYED=$(sed -n 's/^deployed \(live:[0-9]*\) declined \(live:[0-9]*\)$/\1/p' "$T/roles.out")
DECLINED=$(sed -n 's/^deployed \(live:[0-9]*\) declined \(live:[0-9]*\)$/\2/p' "$T/roles.out")
stop

# the exercise has the cases; the real database has none, and both verify
expect_exit 0 "cases of the real database" "$BLOC" --db "$DB" cases --json
jcheck "the real database has no live cases" "$T/out" 'd["cases"] == []'
check "the real database's log did not grow" test "$(entries "$DB")" = "$n0"
expect_exit 0 "cases of the exercise" "$BLOC" --db "$DB" --exercise $EX cases --json
cp "$T/out" "$T/cases.json"
jcheck "the exercise has the live cases" "$T/cases.json" \
  'len(d["cases"]) >= 10 and all(c["id"].startswith("live:") for c in d["cases"])'
jcheck "the declined case is declined" "$T/cases.json" \
  "[(c['outcome'], c['adopted']) for c in d['cases'] if c['id'] == '$DECLINED'] == [('declined', False)]"
expect_exit 0 "appeals of CSTO on the exercise" "$BLOC" --db "$DB" --exercise $EX appeals CSTO --json
jcheck "the deployed live case is an honoured appeal" "$T/out" \
  "[a['honoured'] for a in d['appeals'] if a['id'] == '$DEPLOYED'] == [True]"
jcheck "the declined live case is an appeal not honoured" "$T/out" \
  "[a['honoured'] for a in d['appeals'] if a['id'] == '$DECLINED'] == [False]"
expect_exit 0 "appeals of CSTO on the real database" "$BLOC" --db "$DB" appeals CSTO --json
jcheck "the real database's appeals have no live case" "$T/out" \
  'not [a for a in d["appeals"] if a["id"].startswith("live:")]'
check "bloc verify holds on the real database" "$BLOC" --db "$DB" verify
check "bloc verify holds on the exercise" "$BLOC" --db "$DB" --exercise $EX verify
"$BLOC" --db "$DB" --exercise $EX log --from $((n0 + 1)) > "$T/log.txt"
contains "bloc log shows the refusals" "$T/log.txt" "refusal"

# login throttling, on a fresh server (its failures count per address too)
serve "$T/serve2.out"
check "the second server prints its address" test -n "$PORT"
roles throttle "http://127.0.0.1:$PORT"
stop
done_testing cli-roles
