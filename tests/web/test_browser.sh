#!/bin/sh
# tests/web/test_browser.sh BLOC_BINARY WEB_DIR OUT_DIR - the dashboard in a
# headless Chromium (playwright-core from web/node_modules, the system's
# /usr/bin/chromium or $CHROMIUM): a fresh database with a secretariat, the
# delegations of the six CSTO members of 2022 and an observer; `bloc serve` on
# an exercise dated 2022-09-13, on 127.0.0.1 only, stopping by itself; then
# tests/web/flow.mjs drives the page (sign-in, the map on two dates, the
# record, appeals, the live procedure seen from a second browser, a phone).
# Prints "ok N - name" / "not ok N - name", screenshots into OUT_DIR, and last
# "test_browser: N passed, N failed"; exits non-zero on a failure.
set -u
if [ $# -ne 3 ]; then
  echo "usage: tests/web/test_browser.sh BLOC_BINARY WEB_DIR OUT_DIR" >&2
  exit 2
fi
BLOC=$1
WEB=$2
OUT=$3
HERE=$(cd "$(dirname "$0")" && pwd)
NODE_MODULES=$(cd "$HERE/../../web" && pwd)/node_modules
CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
mkdir -p "$OUT"
T=$(mktemp -d)
SERVER=""
cleanup() {
  if [ -n "$SERVER" ]; then kill "$SERVER" 2>/dev/null; wait "$SERVER" 2>/dev/null; fi
  rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

n=0
passed=0
failed=0
ok() { n=$((n + 1)); passed=$((passed + 1)); echo "ok $n - $1"; }
not_ok() { n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - $1"; }
finish() {
  echo "test_browser: $passed passed, $failed failed"
  [ "$failed" = 0 ]
  exit $?
}

# What the test needs: a browser, the library, the page
if [ -x "$CHROMIUM" ]; then ok "a Chromium to drive ($CHROMIUM)"; else
  not_ok "a Chromium to drive: $CHROMIUM is missing (apt-get install chromium)"; finish; fi
if [ -f "$NODE_MODULES/playwright-core/package.json" ] && command -v node > /dev/null; then
  ok "node and playwright-core (web/node_modules)"
else
  not_ok "node and playwright-core: run web/build.sh first (npm ci into web/node_modules)"; finish
fi
if [ -f "$WEB/index.html" ] && [ -f "$WEB/app.js" ] && [ -f "$WEB/vendor/d3.min.js" ]; then
  ok "the built page is in $WEB"
else
  not_ok "the built page is in $WEB (web/build.sh $WEB)"; finish
fi

# A database with its users (passwords from the environment, never argv)
DB="$T/web.db"
"$BLOC" --db "$DB" members CSTO > /dev/null 2>&1
users_ok=1
add_user() { # name role [state]
  if [ $# -eq 3 ]; then
    BLOC_PASSWORD="pass-$1-2022" "$BLOC" --db "$DB" user add "$1" --role "$2" --state "$3" > "$T/user.out" 2>&1
  else
    BLOC_PASSWORD="pass-$1-2022" "$BLOC" --db "$DB" user add "$1" --role "$2" > "$T/user.out" 2>&1
  fi || { users_ok=0; cat "$T/user.out"; }
}
add_user sec secretariat
for s in ARM BLR KAZ KGZ RUS TJK; do
  add_user "$(echo "$s" | tr '[:upper:]' '[:lower:]')" delegation "$s"
done
add_user obs observer
if [ "$users_ok" = 1 ]; then ok "users: sec, six delegations, an observer"; else not_ok "users: bloc user add"; fi

"$BLOC" --db "$DB" serve --exercise drill --on 2022-09-13 --listen 127.0.0.1:0 \
  --web "$WEB" --max-seconds 300 > "$T/serve.out" 2>&1 &
SERVER=$!
PORT=""
for _ in $(seq 1 100); do # up to 10 s for the address line
  PORT=$(sed -n 's|.*http://127\.0\.0\.1:\([0-9][0-9]*\)/.*|\1|p' "$T/serve.out")
  [ -n "$PORT" ] && break
  kill -0 "$SERVER" 2>/dev/null || break
  sleep 0.1
done
if [ -n "$PORT" ]; then ok "the server prints its address"; else
  not_ok "the server prints its address"; sed -n 1,10p "$T/serve.out"; finish; fi

NODE_PATH="$NODE_MODULES" CHROMIUM="$CHROMIUM" FIRST=$((n + 1)) PASSWORD_SUFFIX="-2022" \
  node "$HERE/flow.mjs" "http://127.0.0.1:$PORT" "$OUT" > "$T/flow.out" 2>&1
status=$?
cat "$T/flow.out"
p=$(grep -c '^ok ' "$T/flow.out")
f=$(grep -c '^not ok ' "$T/flow.out")
passed=$((passed + p))
failed=$((failed + f))
if [ "$status" != 0 ] && [ "$f" = 0 ]; then # the driver died before its last check
  n=$((n + p))
  not_ok "flow.mjs ran to its end (exit $status)"
fi
finish
