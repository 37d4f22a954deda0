# tests/cli/test_serve.sh - `bloc serve` on 127.0.0.1: every endpoint answers
# the JSON the command line prints for the same question; bad arguments give
# 400 naming the argument; unknown endpoints 404, other methods 405; exports
# are the command line's bytes. The server stops by itself (--max-seconds).
. "$(dirname "$0")/lib.sh"
DB="$T/serve.db"
"$BLOC" --db "$DB" members CSTO > /dev/null # seed the database before serving it
mkdir -p "$T/web/js"
printf '<!doctype html><title>bloc test</title>\n' > "$T/web/index.html"
printf 'export const x = 1;\n' > "$T/web/js/app.js"
printf 'secret\n' > "$T/web/.hidden.js"
SERVER=""
trap 'kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null; rm -rf "$T"' EXIT
serve_bg "$T/serve.out" --db "$DB" serve --listen 127.0.0.1:0 --web "$T/web" --max-seconds 120
check "the server prints its address" test -n "$PORT"
URL="http://127.0.0.1:$PORT"

# fetch PATH OUT: the body to OUT, the status to OUT.status
fetch() {
  python3 - "$URL$1" "$2" <<'PY'
import sys, urllib.request, urllib.error
url, out = sys.argv[1], sys.argv[2]
try:
    r = urllib.request.urlopen(url, timeout=30)
    status, body = r.status, r.read()
except urllib.error.HTTPError as e:
    status, body = e.code, e.read()
open(out, "wb").write(body)
open(out + ".status", "w").write(str(status))
PY
}

# same_json NAME PATH CLI-ARGS...: the endpoint's JSON equals the command's --json
same_json() {
  name=$1 path=$2; shift 2
  fetch "$path" "$T/api.json"
  "$BLOC" --db "$DB" "$@" --json > "$T/cli.json" 2>&1
  if python3 -c 'import json,sys; sys.exit(0 if json.load(open(sys.argv[1])) == json.load(open(sys.argv[2])) else 1)' \
      "$T/api.json" "$T/cli.json" 2>/dev/null && [ "$(cat "$T/api.json.status")" = 200 ]; then
    ok
  else
    not_ok "$name: $path differs from bloc $*"; head -c 300 "$T/api.json"; echo
  fi
}

same_json members "/api/members?org=CSTO&on=2012-06-01" members CSTO --on 2012-06-01
same_json "members by a Russian name" "/api/members?org=%D0%9E%D0%94%D0%9A%D0%91&on=2025-06-01" members ОДКБ --on 2025-06-01
same_json chair "/api/chair?org=CSTO&on=2022-09-13" chair CSTO --on 2022-09-13
same_json obligations "/api/obligations?target=ARM&on=2022-09-13&attacker=AZE&requested=1" \
  obligations --target ARM --on 2022-09-13 --attacker AZE --requested
same_json "obligations, internal" "/api/obligations?target=KGZ&on=2010-06-14&requested=1&internal=1" \
  obligations --target KGZ --on 2010-06-14 --requested --internal
same_json "obligations, two attackers" "/api/obligations?target=USA&on=2001-09-12&attacker=AFG&attacker=IRQ" \
  obligations --target USA --on 2001-09-12 --attacker AFG --attacker IRQ
same_json history "/api/history?actor=UZB" history UZB
same_json appeals "/api/appeals?org=CSTO" appeals CSTO
same_json cohesion "/api/cohesion?org=CSTO&from=2020&to=2024" cohesion CSTO --from 2020 --to 2024
same_json timeline "/api/timeline?actor=ARM&from=2022-09-12&to=2022-09-14" timeline ARM --from 2022-09-12 --to 2022-09-14
same_json claims "/api/claims" claims
same_json catalog "/api/catalog" catalog
same_json log "/api/log?from=3&limit=4" log --from 3 --limit 4

# exports: the same bytes
fetch "/api/export/dyad-years?from=2014&to=2015" "$T/dy.api"
"$BLOC" --db "$DB" export dyad-years --from 2014 --to 2015 > "$T/dy.cli"
check "dyad-years over HTTP are the command's bytes" cmp "$T/dy.api" "$T/dy.cli"
fetch "/api/export/plover" "$T/pl.api"
"$BLOC" --db "$DB" export plover > "$T/pl.cli"
check "plover over HTTP is the command's bytes" cmp "$T/pl.api" "$T/pl.cli"

# errors: one shape, the right status, the argument named
# bad STATUS PARAM PATH
bad() {
  fetch "$3" "$T/err.json"
  if [ "$(cat "$T/err.json.status")" = "$1" ] &&
     python3 -c 'import json,sys; e=json.load(open(sys.argv[1]))["error"]; sys.exit(0 if e["status"]==int(sys.argv[2]) and e["param"]==(None if sys.argv[3]=="-" else sys.argv[3]) and e["message"] else 1)' \
       "$T/err.json" "$1" "$2"; then ok; else
    not_ok "$3: want $1 naming $2"; cat "$T/err.json.status"; echo; cat "$T/err.json"; fi
}
bad 400 on "/api/members?org=CSTO&on=2023-02-29"
bad 400 org "/api/members?on=2012-06-01"
bad 404 org "/api/members?org=XYZ"
bad 400 foo "/api/members?org=CSTO&foo=1"
bad 400 target "/api/obligations?on=2022-09-13"
bad 400 on "/api/obligations?target=ARM"
bad 404 actor "/api/history?actor=Nowhere"
bad 400 from "/api/cohesion?org=CSTO&from=20x1"
bad 400 from "/api/export/dyad-years?from=2020&to=2000"
bad 400 limit "/api/log?limit=-1"
bad 404 - "/api/nothing"
# the dashboard's files: / is index.html; nothing outside the directory, no dot files
fetch "/" "$T/index.got"
check "/ is the web directory's index.html" cmp "$T/index.got" "$T/web/index.html"
fetch "/js/app.js" "$T/app.got"
check "a file under the web directory" cmp "$T/app.got" "$T/web/js/app.js"
bad 404 - "/nothing.html"
bad 404 - "/../Makefile"
bad 404 - "/.hidden.js"
bad 400 id "/api/case"
bad 404 id "/api/case?id=live:77"
python3 - "$URL/api/members?org=CSTO" "$T/post" <<'PY'
import sys, urllib.request, urllib.error
try:
    urllib.request.urlopen(urllib.request.Request(sys.argv[1], data=b"x", method="POST"), timeout=30)
    code = 200
except urllib.error.HTTPError as e:
    code = e.code
open(sys.argv[2], "w").write(str(code))
PY
check "POST is refused (405)" test "$(cat "$T/post")" = 405

# the stream: entries another writer appends arrive as events, ids the log's
# sequence numbers; a reconnect with Last-Event-ID loses and repeats nothing
printf 'Azerbaijani forces shelled Armenian positions on Tuesday.\nArmenia appealed to the CSTO on Tuesday.\n' > "$T/news.txt"
streamed=0
python3 - "$URL" "$BLOC" "$DB" "$T/news.txt" > "$T/stream.out" 2>&1 <<'PY' || streamed=$?
import json, subprocess, sys, time, urllib.request
url, bloc, db, news = sys.argv[1:5]
head = len(json.loads(subprocess.run([bloc, "--db", db, "log", "--json"], capture_output=True,
                                     text=True).stdout)["entries"])
def events(stream, want, deadline):
    got = []
    ev = {}
    while len(got) < want and time.time() < deadline:
        line = stream.readline().decode()
        if not line:
            break
        line = line.rstrip("\n")
        if line.startswith("id: "):
            ev["id"] = int(line[4:])
        elif line.startswith("data: "):
            ev["data"] = json.loads(line[6:])
        elif line == "" and "id" in ev:
            got.append(ev)
            ev = {}
    return got
s1 = urllib.request.urlopen(url + "/api/stream", timeout=20)
subprocess.run([bloc, "--db", db, "ingest", "--date", "2022-09-14", news], check=True,
               capture_output=True)
n = len(json.loads(subprocess.run([bloc, "--db", db, "log", "--json"], capture_output=True,
                                  text=True).stdout)["entries"]) - head
first = events(s1, 1, time.time() + 10)
s1.close()
s2 = urllib.request.Request(url + "/api/stream", headers={"Last-Event-ID": str(first[0]["id"])})
rest = events(urllib.request.urlopen(s2, timeout=20), n - 1, time.time() + 10)
ids = [e["id"] for e in first + rest]
ok = n >= 2 and ids == list(range(head + 1, head + n + 1)) and \
     all(e["data"]["seq"] == e["id"] for e in first + rest)
print("appended", n, "ids", ids)
sys.exit(0 if ok else 1)
PY
if [ "$streamed" = 0 ]; then ok; else
  not_ok "stream: appended entries arrive in order, none lost or repeated across a reconnect"
  cat "$T/stream.out"; fi
fetch "/api/stream?from=x" "$T/err.json"
check "stream: a bad from is a 400" test "$(cat "$T/err.json.status")" = 400

# it stops by itself: a server with --max-seconds 1 exits within a few seconds
"$BLOC" --db "$DB" serve --listen 127.0.0.1:0 --max-seconds 1 > "$T/short.out" 2>&1 &
SHORT=$!
stopped=0
for _ in $(seq 1 100); do
  if ! kill -0 $SHORT 2>/dev/null; then stopped=1; break; fi
  sleep 0.1
done
check "a server with --max-seconds 1 stops by itself" test $stopped = 1
wait $SHORT 2>/dev/null
expect_exit 2 "bad --max-seconds" "$BLOC" --db "$DB" serve --max-seconds x
expect_exit 1 "a host that is not an address" "$BLOC" --db "$DB" serve --listen nowhere:80 --max-seconds 1
contains "names --listen" "$T/err" "--listen"
kill $SERVER 2>/dev/null
wait $SERVER 2>/dev/null
check "the server stops on SIGTERM and says so" grep -q "serving" "$T/serve.out"
done_testing cli-serve
