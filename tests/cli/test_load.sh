# tests/cli/test_load.sh - bloc load: rejected whole with file:line:col, nothing
# half-applied, idempotent, and the bundled record loaded once.
. "$(dirname "$0")/lib.sh"
DB="$T/load.db"
D="$SRCDIR/tests/cli/data"
expect_exit 1 "verify does not create a database" "$BLOC" --db "$DB" verify
"$BLOC" --db "$DB" members CSTO > /dev/null   # the first open creates it, with the bundle
n0=$(entries "$DB")
check "the bundle was loaded" test "$n0" -gt 100

expect_exit 0 "loading the bundle again" "$BLOC" --db "$DB" load "$SRCDIR/data"
contains "adds nothing" "$T/out" "0 appended"
check "entries unchanged after reloading the bundle" test "$(entries "$DB")" = "$n0"

expect_exit 1 "unknown state" "$BLOC" --db "$DB" load "$D/bad_state.json"
contains "names file:line:col" "$T/err" "bad_state.json:7:30: unknown state \"ARN\""
check "nothing appended (unknown state; the file's good spell neither)" test "$(entries "$DB")" = "$n0"

expect_exit 1 "impossible date" "$BLOC" --db "$DB" load "$D/bad_date.json"
contains "names the date" "$T/err" "bad_date.json:7:14: bad date \"2023-02-29\": 2023-02 has 28 days"
check "nothing appended (bad date)" test "$(entries "$DB")" = "$n0"

expect_exit 1 "broken JSON" "$BLOC" --db "$DB" load "$D/bad_json.json"
contains "names the syntax error" "$T/err" "bad_json.json:4:"
check "nothing appended (broken JSON)" test "$(entries "$DB")" = "$n0"

expect_exit 1 "a good file with a bad one" "$BLOC" --db "$DB" load "$D/good.json" "$D/bad_state.json"
check "nothing appended from the good file either" test "$(entries "$DB")" = "$n0"

expect_exit 1 "an actor changing type" "$BLOC" --db "$DB" load "$D/type_change.json"
contains "says it keeps its type" "$T/err" 'type_change.json:6:27: "RUS" is a state in the record; an actor keeps its type'
expect_exit 1 "an article with a url" "$BLOC" --db "$DB" load "$D/article_url.json"
contains "says an article names its file" "$T/err" 'article_url.json:3:5: an article names its corpus "file", not a "url"'
printf '{"spells": [[0\000], 1]}' > "$T/nul.json"
expect_exit 1 "a NUL byte" "$BLOC" --db "$DB" load "$T/nul.json"
contains "names its offset" "$T/err" "nul.json:1:15: a NUL byte (offset 14)"
check "nothing appended (type change, url, NUL)" test "$(entries "$DB")" = "$n0"
mkfifo "$T/dir/fifo.json" 2>/dev/null || { mkdir -p "$T/dir" && mkfifo "$T/dir/fifo.json"; }
ln -s "$T/dir" "$T/dir/loop"
cp "$D/good.json" "$T/dir/good.json"
expect_exit 0 "a directory with a FIFO and a symlink loop" timeout 20 "$BLOC" --db "$T/dir.db" --json load "$T/dir"
jcheck "reads only the regular file" "$T/out" "d['files'] == 1 and d['appended'] == 2"
expect_exit 1 "missing file" "$BLOC" --db "$DB" load "$T/nope.json"
contains "names the file" "$T/err" "nope.json: No such file or directory"

expect_exit 0 "a good file" "$BLOC" --db "$DB" --json load "$D/good.json"
jcheck "appended 2 (source, spell)" "$T/out" "d['appended'] == 2 and d['skipped'] == 0"
expect_exit 0 "the same file again" "$BLOC" --db "$DB" --json load "$D/good.json"
jcheck "idempotent" "$T/out" "d['appended'] == 0 and d['skipped'] == 2"
"$BLOC" --db "$DB" members CSTO --on 2030-06-01 --json > "$T/m.json"
jcheck "the new claim is shown beside the old one, disputed" "$T/m.json" "[sorted(set(c['status'] for c in m['claims'])) for m in d['members'] if m['state']=='AZE' and m['disputed']] == [['observer','withdrawn']]"

# retract it: the log grows, the model drops it, verify still holds
seq=$("$BLOC" --db "$DB" log --json | python3 -c 'import json,sys; print([e["seq"] for e in json.load(sys.stdin)["entries"] if e["kind"]=="spell" and e["slots"][1]=="AZE" and e["slots"][2]=="observer"][0])')
expect_exit 0 "retract" "$BLOC" --db "$DB" retract "$seq" --source test-src --reason "test fixture"
"$BLOC" --db "$DB" members CSTO --on 2030-06-01 --json > "$T/m2.json"
jcheck "retracted fact gone" "$T/m2.json" "'AZE' not in [m['state'] for m in d['members']]"
expect_exit 1 "retract twice" "$BLOC" --db "$DB" retract "$seq" --source test-src --reason again
expect_exit 1 "retract with an unknown source" "$BLOC" --db "$DB" retract 1 --source nope --reason x
expect_exit 0 "verify after all this" "$BLOC" --db "$DB" verify

# a fresh database with --no-bundle stays empty
expect_exit 1 "--no-bundle: CSTO unknown" "$BLOC" --db "$T/empty.db" --no-bundle members CSTO
expect_exit 0 "--no-bundle: the log" "$BLOC" --db "$T/empty.db" --no-bundle log
check "empty log" test "$(entries "$T/empty.db")" = 0

# not a database
echo "hello" > "$T/garbage.db"
expect_exit 1 "not a database" "$BLOC" --db "$T/garbage.db" members CSTO
contains "says so" "$T/err" "not a SQLite database"
done_testing cli-load
