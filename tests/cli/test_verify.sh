# tests/cli/test_verify.sh - flipping one byte of a logged fact in the SQLite
# file makes `bloc verify` fail and name that entry; an intact log verifies.
. "$(dirname "$0")/lib.sh"
DB="$T/v.db"
"$BLOC" --db "$DB" members CSTO > /dev/null   # seeds the bundle; closing checkpoints the WAL
expect_exit 0 "intact log verifies" "$BLOC" --db "$DB" verify
contains "says it holds" "$T/out" "the chain holds"
n=$(entries "$DB")
# every 7th entry, plus the first and the last
for seq in 1 $(seq 2 7 "$n") "$n"; do
  if ! python3 "$SRCDIR/tests/cli/flip.py" "$DB" "$seq" "$T/f.db" > /dev/null 2> "$T/flip.err"; then
    not_ok "could not flip entry $seq: $(cat "$T/flip.err")"; continue
  fi
  "$BLOC" --db "$T/f.db" verify --json > "$T/vf.json" 2> "$T/vf.err"
  code=$?
  if [ "$code" = 1 ] && python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); sys.exit(0 if d["first_bad"] == int(sys.argv[2]) and not d["ok"] else 1)' "$T/vf.json" "$seq"
  then ok; else not_ok "flipped entry $seq: exit $code, $(cat "$T/vf.json" "$T/vf.err")"; fi
  rm -f "$T/f.db"
done
# the message names the entry for people too
python3 "$SRCDIR/tests/cli/flip.py" "$DB" 5 "$T/f.db" > /dev/null
expect_exit 1 "verify fails" "$BLOC" --db "$T/f.db" verify
contains "names entry 5" "$T/err" "entry 5 ("
# an edit through SQL rather than a byte flip: a changed kind is seen too
cp "$DB" "$T/k.db"
python3 -c 'import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute("UPDATE log SET kind = kind + 256 WHERE seq = 52"); c.commit()' "$T/k.db"
expect_exit 1 "a changed kind breaks the chain" "$BLOC" --db "$T/k.db" verify
contains "names entry 52" "$T/err" "entry 52 ("
# an impossible date written into the store: refused at open, named by verify
cp "$DB" "$T/d.db"
python3 -c 'import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute("UPDATE log SET dfrom = 20231300 WHERE seq = 500"); c.commit()' "$T/d.db"
expect_exit 1 "a damaged date is refused at open" "$BLOC" --db "$T/d.db" members CSTO
contains "names the entry" "$T/err" "entry 500 cannot be read into the model"
expect_exit 1 "and verify names it" "$BLOC" --db "$T/d.db" verify
contains "entry 500" "$T/err" "entry 500 ("
# entries cut from the end leave a chain that holds: --expect the head seen before
head=$("$BLOC" --db "$DB" verify --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["head"])')
cp "$DB" "$T/cut.db"
python3 -c 'import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute("DELETE FROM log WHERE seq = (SELECT max(seq) FROM log)"); c.commit()' "$T/cut.db"
expect_exit 0 "a cut log still chains" "$BLOC" --db "$T/cut.db" verify
expect_exit 1 "but not to the head seen before" "$BLOC" --db "$T/cut.db" verify --expect "$head"
contains "says entries were removed" "$T/err" "removed from or added to its end"
expect_exit 0 "the intact log ends at that head" "$BLOC" --db "$DB" verify --expect "$(echo "$head" | cut -c1-12)"
# a mistyped path is an error, not an empty log that verifies
expect_exit 1 "verify on a missing file" "$BLOC" --db "$T/nope.db" verify
check "and it created nothing" test ! -e "$T/nope.db"
done_testing cli-verify
