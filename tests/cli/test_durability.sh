# tests/cli/test_durability.sh - SIGKILL `bloc serve` while it writes, many
# times: a client sends a burst of concurrent steps of the live procedure
# (appeals from several delegations, convenes, positions) and notes every one
# answered 2xx; the server is killed at a random moment, and then every
# acknowledged step is in the exercise's database, `bloc verify` holds, the log's
# sequence has no gap, and the server starts again on what the kill left.
. "$(dirname "$0")/lib.sh"
ROUNDS=${DURABILITY_ROUNDS:-15}
DB="$T/dur.db"
EX=dur
export BLOC_PASSWORD="correct horse battery"
"$BLOC" --db "$DB" members CSTO > /dev/null # seed the database
"$BLOC" --db "$DB" user add sec --role secretariat > /dev/null 2>&1 || not_ok "user add sec"
for s in ARM BLR KAZ RUS; do
  "$BLOC" --db "$DB" user add "d$s" --role delegation --state $s > /dev/null 2>&1 ||
    not_ok "user add d$s"
done
SERVER=""
CLIENT=""
trap 'kill -9 $SERVER $CLIENT 2>/dev/null; wait $SERVER $CLIENT 2>/dev/null; rm -rf "$T"' EXIT

# serve OUT: the exercise server dated 2022-09-13; its port in $PORT
serve() {
  serve_bg "$1" --db "$DB" --exercise $EX serve --listen 127.0.0.1:0 --on 2022-09-13 \
    --max-seconds 30
}

# the client: logs in, touches READY, then steps until the server is gone (or 8 s)
cat > "$T/client.py" <<'PY'
import http.client, json, random, sys, threading, time
port, rnd, acks, ready = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
lock = threading.Lock()
out = open(acks, "a")
filed, convened = [], []
stop = time.time() + 8
over = threading.Event()  # the server is gone: every thread stops

def call(sess, path, body):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    h = {"Content-Type": "application/json"}
    if sess:
        h["Cookie"] = "bloc_session=" + sess[0]
        h["X-CSRF-Token"] = sess[1]
    try:
        c.request("POST", path, json.dumps(body).encode(), h)
        r = c.getresponse()
        data = r.read()
        return r.status, r.getheader("Set-Cookie") or "", json.loads(data or b"null")
    finally:
        c.close()

def login(name):
    st, ck, d = call(None, "/api/login", {"user": name, "password": "correct horse battery"})
    assert st == 200, (name, st, d)
    return (ck.split(";")[0].split("=", 1)[1], d["csrf"])

def ack(rec):
    with lock:
        out.write(json.dumps(rec) + "\n")
        out.flush()

def delegation(state, sess):
    voted = set()
    i = 0
    while time.time() < stop and not over.is_set():
        i += 1
        note = "round %s, %s, appeal %d" % (rnd, state, i)
        st, _, d = call(sess, "/api/procedure/appeal",
                        {"org": "CSTO", "article": "4", "asked": "military_assistance",
                         "attackers": ["AZE"], "note": note})
        if st == 201:
            ack({"op": "appeal", "case": d["id"], "state": state, "note": note})
            with lock:
                filed.append(d["id"])
        else:
            ack({"op": "error", "status": st, "answer": d})
        with lock:
            todo = [c for c in convened if c not in voted]
        for c in todo:
            pos = random.choice(["support", "object", "abstain"])
            st, _, d = call(sess, "/api/procedure/position", {"case": c, "position": pos})
            voted.add(c)
            if 200 <= st < 300:
                ack({"op": "position", "case": c, "state": state, "position": pos})
            else:
                ack({"op": "error", "status": st, "answer": d})

def secretariat(sess):
    while time.time() < stop and not over.is_set():
        with lock:
            c = filed.pop(0) if filed else None
        if c is None:
            time.sleep(0.002)
            continue
        st, _, d = call(sess, "/api/procedure/convene", {"case": c, "proposal": "statement"})
        if 200 <= st < 300:
            ack({"op": "convene", "case": c})
            with lock:
                convened.append(c)
        else:
            ack({"op": "error", "status": st, "answer": d})

def guard(fn, *a):
    try:
        fn(*a)
    except Exception:  # the server was killed: this thread is done, and the others
        over.set()

sessions = {n: login(n) for n in ["sec", "dARM", "dBLR", "dKAZ", "dRUS"]}
open(ready, "w").close()
ts = [threading.Thread(target=guard, args=(delegation, s, sessions["d" + s]))
      for s in ["ARM", "BLR", "KAZ", "RUS"]]
ts.append(threading.Thread(target=guard, args=(secretariat, sessions["sec"])))
for t in ts:
    t.start()
for t in ts:
    t.join()
PY

# the check: every acknowledged step is in the database, the log is dense
cat > "$T/check.py" <<'PY'
import json, subprocess, sys
bloc, db, ex, acks = sys.argv[1:5]
run = lambda *a: subprocess.run([bloc, "--db", db, "--exercise", ex] + list(a),
                                capture_output=True, text=True, check=True).stdout
cases = {c["id"]: c for c in json.loads(run("cases", "--json"))["cases"]}
bad, n = [], {"appeal": 0, "convene": 0, "position": 0}
for line in open(acks):
    a = json.loads(line)
    if a["op"] == "error":
        bad.append("a step got %s: %s" % (a["status"], a["answer"]))
        continue
    n[a["op"]] += 1
    c = cases.get(a["case"])
    if c is None:
        bad.append("acknowledged %s: %s is gone" % (a["op"], a["case"]))
    elif a["op"] == "appeal" and (c["requester"], c.get("note")) != (a["state"], a["note"]):
        bad.append("acknowledged appeal %s by %s (%r) is now %s's (%r)"
                   % (a["case"], a["state"], a["note"], c["requester"], c.get("note")))
    elif a["op"] == "convene" and (c["stage"] == "filed" or c["proposal"] != "statement"):
        bad.append("acknowledged convene of %s: stage %s" % (a["case"], c["stage"]))
    elif a["op"] == "position":
        got = {v["state"]: v["position"] for v in c["voters"]}.get(a["state"])
        if got != a["position"]:
            bad.append("acknowledged position of %s on %s: %s, now %s"
                       % (a["state"], a["case"], a["position"], got))
seqs = [e["seq"] for e in json.loads(run("log", "--json"))["entries"]]
if seqs != list(range(1, len(seqs) + 1)):
    gaps = [s for i, s in enumerate(seqs) if s != i + 1][:5]
    bad.append("the log's sequence is not dense: %d entries, first odd seqs %s" % (len(seqs), gaps))
print("acknowledged so far: %(appeal)d appeals, %(convene)d convenes, %(position)d positions" % n,
      "; %d cases, %d entries" % (len(cases), len(seqs)))
for b in bad[:10]:
    print("  " + b)
sys.exit(1 if bad else 0)
PY

DELAYS=$(python3 -c "import random; print(' '.join(str(random.randint(0, 400)) for _ in range($ROUNDS)))")
: > "$T/acks.jsonl"
i=0
for delay_ms in $DELAYS; do
  i=$((i + 1))
  serve "$T/serve.$i.out"
  if [ -z "$PORT" ]; then
    not_ok "round $i: the server did not start on what the last kill left"
    sed -n 1,10p "$T/serve.$i.out"
    break
  fi
  ok
  rm -f "$T/ready"
  python3 "$T/client.py" "$PORT" "$i" "$T/acks.jsonl" "$T/ready" 2> "$T/client.$i.err" &
  CLIENT=$!
  for _ in $(seq 1 200); do
    [ -e "$T/ready" ] && break
    kill -0 $CLIENT 2>/dev/null || break
    sleep 0.05
  done
  check "round $i: the client logged in" test -e "$T/ready"
  sleep "$(python3 -c "print($delay_ms / 1000)")"
  kill -9 $SERVER 2>/dev/null
  wait $SERVER 2>/dev/null
  SERVER=""
  wait $CLIENT 2>/dev/null
  CLIENT=""
  if python3 "$T/check.py" "$BLOC" "$DB" $EX "$T/acks.jsonl" > "$T/check.$i.out" 2>&1; then ok
  else not_ok "round $i (killed after ${delay_ms}ms): acknowledged steps lost"; cat "$T/check.$i.out"; fi
  if "$BLOC" --db "$DB" --exercise $EX verify > "$T/verify.out" 2>&1; then ok
  else not_ok "round $i (killed after ${delay_ms}ms): verify failed"; cat "$T/verify.out"; fi
done
tail -n 1 "$T/check.$i.out" | sed 's/^/last round: /'
# the kills fell on writes: enough steps were acknowledged over the rounds
acked=$(grep -c '"op": "\(appeal\|convene\|position\)"' "$T/acks.jsonl")
check "steps were acknowledged across the rounds ($acked)" test "$acked" -ge $((ROUNDS * 5))
check "positions were among them" grep -q '"op": "position"' "$T/acks.jsonl"

# once more: the server starts and serves what the command line reads
serve "$T/serve.last.out"
check "the server starts after the last kill" test -n "$PORT"
python3 - "$PORT" "$BLOC" "$DB" $EX > "$T/same.out" 2>&1 <<'PY'
import json, subprocess, sys, urllib.request
port, bloc, db, ex = sys.argv[1:5]
api = json.load(urllib.request.urlopen("http://127.0.0.1:%s/api/cases" % port, timeout=30))
cli = json.loads(subprocess.run([bloc, "--db", db, "--exercise", ex, "cases", "--json"],
                                capture_output=True, text=True, check=True).stdout)
sys.exit(0 if api == cli and api["cases"] else 1)
PY
check "GET /api/cases after the kills is what bloc cases prints" test $? = 0
kill $SERVER 2>/dev/null
wait $SERVER 2>/dev/null
SERVER=""
check "the real database has no live cases" sh -c \
  "'$BLOC' --db '$DB' cases --json | python3 -c 'import json,sys; sys.exit(0 if json.load(sys.stdin)[\"cases\"] == [] else 1)'"
check "bloc verify holds on the real database" "$BLOC" --db "$DB" verify
done_testing cli-durability
