# tests/cli/lib.sh - shared by the command-line tests: a scratch directory,
# counters, and small assertions. Each test ends with `done_testing NAME`.
set -u
: "${BLOC:?BLOC must name the bloc binary}"
: "${SRCDIR:?SRCDIR must name the source tree}"
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
passed=0
failed=0
ok() { passed=$((passed + 1)); }
not_ok() { failed=$((failed + 1)); echo "FAIL: $*"; }
check() { # description, then a command that must succeed
  d=$1; shift
  if "$@" > "$T/check.out" 2>&1; then ok; else not_ok "$d"; sed -n 1,15p "$T/check.out"; fi
}
expect_exit() { # code, description, command...; output in $T/out and $T/err
  code=$1; d=$2; shift 2
  "$@" > "$T/out" 2> "$T/err"
  got=$?
  if [ "$got" = "$code" ]; then ok; else
    not_ok "$d: exit $got, want $code"; sed -n 1,10p "$T/err"; fi
}
contains() { # description, file, fixed string
  if grep -qF -- "$3" "$2"; then ok; else not_ok "$1: '$3' not in $2"; sed -n 1,10p "$2"; fi
}
# jq-like checks with python3: jcheck DESCRIPTION FILE PYTHON-EXPRESSION (d is the JSON)
jcheck() {
  if python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); sys.exit(0 if eval(sys.argv[2]) else 1)' "$2" "$3" 2>"$T/py.err"
  then ok; else not_ok "$1: $3"; head -c 600 "$2"; echo; cat "$T/py.err"; fi
}
entries() { # number of log entries of db $1
  "$BLOC" --db "$1" log --json | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["entries"]))'
}
# serve_bg OUT ARGS...: `bloc ARGS...` in the background, its output to OUT,
# its pid in $SERVER and the port it printed in $PORT
serve_bg() {
  out=$1; shift
  "$BLOC" "$@" > "$out" 2>&1 &
  SERVER=$!
  wait_port "$out"
}
# wait_port OUT: the port `bloc serve` printed in file OUT, in $PORT ("" if
# none came within 10 s)
wait_port() {
  PORT=""
  for _ in $(seq 1 200); do
    PORT=$(sed -n 's|.*http://127\.0\.0\.1:\([0-9][0-9]*\)/.*|\1|p' "$1")
    [ -n "$PORT" ] && break
    sleep 0.05
  done
}
done_testing() {
  echo "$1: $passed passed, $failed failed"
  [ "$failed" = 0 ]
}
