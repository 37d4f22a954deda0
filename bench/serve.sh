#!/bin/sh
# bench/serve.sh - the HTTP server benchmark (issue #5, bench/README.md): wrk
# on GET /api/members against `bloc serve`, and in the same run against nginx
# (the Debian package) serving the same JSON as a static file at the same
# path; then bloc alone on /api/appeals, a heavier answer.
#
#   sh bench/serve.sh                    3 runs of each, 10 s each, 100 connections
#   RUNS=5 DURATION=20 sh bench/serve.sh
#   PERF=1 sh bench/serve.sh             also perf-record bloc during one more run
#
# RUNS runs of wrk against each server, alternated (default 3; the median is
# reported); DURATION seconds per run (default 10); CONNECTIONS (default 100)
# and THREADS (default 2) of wrk; BENCH_DIR (default /tmp/bloc-bench): a fresh
# database and nginx's prefix are made in BENCH_DIR/serve every run; BUILD
# (default build). PERF=1 records bloc's call graphs (perf record --call-graph
# dwarf) during one more run on /api/members and prints where the time goes.
# Both servers are stopped when the script ends (trap), and stop by themselves
# anyway once every run should be over (bloc by --max-seconds, nginx under
# timeout), should the script be killed. Exit 1 if a server failed or nginx's
# body is not bloc's.
set -eu
cd "$(dirname "$0")/.."
RUNS=${RUNS:-3}
DURATION=${DURATION:-10}
CONNECTIONS=${CONNECTIONS:-100}
THREADS=${THREADS:-2}
DIR=${BENCH_DIR:-/tmp/bloc-bench}/serve
BUILD=${BUILD:-build}
PERF=${PERF:-0}
MEMBERS="/api/members?org=CSTO&on=2012-06-01"
APPEALS="/api/appeals?org=CSTO"

NGINX=$(command -v nginx || echo /usr/sbin/nginx)
[ -x "$NGINX" ] || {
  echo "serve.sh: nginx is missing: apt-get install nginx-light (or nginx)" >&2
  exit 2
}
for tool in wrk curl python3; do
  command -v "$tool" >/dev/null 2>&1 || {
    echo "serve.sh: $tool is missing: apt-get install wrk curl python3" >&2
    exit 2
  }
done
if [ "$PERF" = 1 ] && ! command -v perf >/dev/null 2>&1; then
  echo "serve.sh: PERF=1 needs perf: apt-get install linux-perf" >&2
  exit 2
fi

make --no-print-directory -s BUILD="$BUILD" "$BUILD/bloc"
BLOC="$BUILD/bloc"

BPID="" NPID=""
stop() {
  for p in $BPID $NPID; do
    kill "$p" 2>/dev/null || true
    wait "$p" 2>/dev/null || true
  done
  BPID="" NPID=""
}
trap 'stop' EXIT
trap 'exit 130' INT TERM

# A fresh record and nginx prefix, every run. The directories are world
# readable: nginx's workers run as nobody when the script runs as root.
rm -rf "$DIR"
mkdir -p "$DIR/nginx/root/api" "$DIR/nginx/tmp"
chmod -R a+rX "$DIR"
DB="$DIR/bloc.db"
"$BLOC" --db "$DB" members CSTO >/dev/null

# Both servers are bounded: every wrk run, plus a margin.
LIMIT=$(((RUNS * 3 + PERF) * (DURATION + 5) + 60))
"$BLOC" --db "$DB" serve --listen 127.0.0.1:0 --max-seconds "$LIMIT" \
  >"$DIR/bloc.out" 2>&1 &
BPID=$!
BPORT=""
for _ in $(seq 1 100); do # up to 10 s for the address line
  BPORT=$(sed -n 's|.*http://127\.0\.0\.1:\([0-9][0-9]*\)/.*|\1|p' "$DIR/bloc.out")
  [ -n "$BPORT" ] && break
  sleep 0.1
done
[ -n "$BPORT" ] || {
  echo "serve.sh: bloc serve did not start:" >&2
  cat "$DIR/bloc.out" >&2
  exit 1
}
BURL="http://127.0.0.1:$BPORT"

# The answer nginx serves: bloc's own bytes for the same question.
BODY="$DIR/nginx/root/api/members"
curl -sSf -o "$BODY" "$BURL$MEMBERS"
chmod a+r "$BODY"
curl -sSf -o "$DIR/appeals.json" "$BURL$APPEALS"

# nginx in the foreground of its own process group member (daemon off), on a
# free port of 127.0.0.1 (a few tries: the port is found free, then taken).
N="$DIR/nginx"
NPORT=""
for _ in 1 2 3 4 5; do
  port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  cat >"$N/nginx.conf" <<EOF
daemon off;
master_process on;
worker_processes auto;
pid $N/nginx.pid;
error_log $N/error.log warn;
events {
    worker_connections 1024;
}
http {
    access_log off;
    sendfile on;
    tcp_nopush on;
    client_body_temp_path $N/tmp/body;
    proxy_temp_path $N/tmp/proxy;
    fastcgi_temp_path $N/tmp/fastcgi;
    uwsgi_temp_path $N/tmp/uwsgi;
    scgi_temp_path $N/tmp/scgi;
    server {
        listen 127.0.0.1:$port;
        root $N/root;
        # the file is root/api/members; the query string is not looked at
        location = /api/members {
            types { }
            default_type "application/json; charset=utf-8";
            add_header X-Content-Type-Options nosniff;
            add_header Cache-Control no-store;
        }
        location / {
            return 404;
        }
    }
}
EOF
  # under timeout: nginx stops by itself too, even if this script is killed
  timeout "$LIMIT" "$NGINX" -p "$N" -c "$N/nginx.conf" -e "$N/error.log" >"$N/stdout" 2>&1 &
  NPID=$!
  for _ in $(seq 1 50); do
    if curl -sf -o /dev/null "http://127.0.0.1:$port/api/members"; then
      NPORT=$port
      break
    fi
    kill -0 "$NPID" 2>/dev/null || break
    sleep 0.1
  done
  [ -n "$NPORT" ] && break
  kill "$NPID" 2>/dev/null || true
  wait "$NPID" 2>/dev/null || true
  NPID=""
done
[ -n "$NPORT" ] || {
  echo "serve.sh: nginx did not start:" >&2
  cat "$N/error.log" "$N/stdout" >&2 2>/dev/null
  exit 1
}
NURL="http://127.0.0.1:$NPORT"
NMASTER=$(cat "$N/nginx.pid") # NPID is timeout's
same=yes
curl -sSf -o "$DIR/nginx-check.json" "$NURL$MEMBERS"
cmp -s "$BODY" "$DIR/nginx-check.json" || {
  same=no
  echo "serve.sh: nginx's answer is not bloc's bytes" >&2
}
ntype=$(curl -sS -o /dev/null -w '%{content_type}' "$NURL$MEMBERS")
btype=$(curl -sS -o /dev/null -w '%{content_type}' "$BURL$MEMBERS")

echo "machine: $(nproc) CPUs, $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)," \
  "$(awk '/^MemTotal/ {printf "%.1f GiB RAM", $2 / 1048576}' /proc/meminfo)"
echo "command: RUNS=$RUNS DURATION=$DURATION CONNECTIONS=$CONNECTIONS THREADS=$THREADS sh bench/serve.sh"
changed=""
git diff --quiet HEAD -- src include 2>/dev/null || changed=" (with uncommitted changes in src/ or include/)"
echo "commit: $(git rev-parse --short HEAD 2>/dev/null || echo unknown)$changed"
echo "tools: $(wrk -v 2>&1 | head -1 | cut -d' ' -f1-2), $("$NGINX" -v 2>&1 | sed 's/^nginx version: //')" \
  "(worker_processes auto: $(($(pgrep -c -P "$NMASTER") + 0)) workers), libmicrohttpd $(dpkg-query -W -f '${Version}' libmicrohttpd12 2>/dev/null || echo '?')"
echo "bloc: $BURL (one MHD polling thread), nginx: $NURL; record $DB"
echo "answers: $MEMBERS $(wc -c <"$BODY") bytes ($btype; nginx: $ntype), $APPEALS $(wc -c <"$DIR/appeals.json") bytes;" \
  "nginx's body is bloc's bytes: $same"
echo "load average before the run: $(cut -d' ' -f1-3 /proc/loadavg)"

# cpu PID: clock ticks used by PID (all its threads) and its children so far.
HZ=$(getconf CLK_TCK)
cpu() {
  for p in "$1" $(pgrep -P "$1" || true); do
    # fields after the ") ": state is 1, utime 12, stime 13
    sed 's/^.*) //' "/proc/$p/stat" 2>/dev/null | cut -d' ' -f12,13
  done | awk '{t += $1 + $2} END {print t + 0}'
}

# bench LABEL PID URL: one wrk run; appends "LABEL rps p50_ms p99_ms errors
# cpu%" to $RES, wrk's output kept in $DIR/wrk-LABEL-i.txt.
RES="$DIR/results.txt"
: >"$RES"
bench() {
  label=$1 pid=$2 url=$3
  out="$DIR/wrk-$label-$i.txt"
  c0=$(cpu "$pid")
  t0=$(date +%s%N)
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --latency "$url" >"$out" 2>&1
  t1=$(date +%s%N)
  c1=$(cpu "$pid")
  kill -0 "$pid" 2>/dev/null || {
    echo "serve.sh: the $label server is gone" >&2
    exit 1
  }
  awk -v label="$label" -v ticks="$((c1 - c0))" -v hz="$HZ" -v ns="$((t1 - t0))" '
  function ms(v) {
    if (v ~ /us$/) return v / 1000
    if (v ~ /ms$/) return v + 0
    if (v ~ /m$/) return v * 60000
    if (v ~ /s$/) return v * 1000
    return v
  }
  $1 == "50%" { p50 = ms($2) }
  $1 == "99%" { p99 = ms($2) }
  /^Requests\/sec:/ { rps = $2 }
  /Socket errors:/ { gsub(",", ""); err += $4 + $6 + $8 + $10 }
  /Non-2xx or 3xx responses:/ { err += $NF }
  END { printf "%s %.1f %.3f %.3f %d %.0f\n", label, rps, p50, p99, err, ticks / hz / (ns / 1e9) * 100 }' "$out" >>"$RES"
}

i=1
while [ "$i" -le "$RUNS" ]; do
  bench bloc "$BPID" "$BURL$MEMBERS"
  bench nginx "$NMASTER" "$NURL$MEMBERS"
  bench bloc-appeals "$BPID" "$BURL$APPEALS"
  i=$((i + 1))
done

if [ "$PERF" = 1 ]; then
  perf record -F 499 --call-graph dwarf,16384 -o "$DIR/perf.data" -p "$BPID" -- sleep "$DURATION" >"$DIR/perf.out" 2>&1 &
  PP=$!
  sleep 0.2
  bench perf "$BPID" "$BURL$MEMBERS"
  wait "$PP" || true
fi
echo "load average after the run: $(cut -d' ' -f1-3 /proc/loadavg)"
stop

awk -v runs="$RUNS" -v dur="$DURATION" -v conns="$CONNECTIONS" -v threads="$THREADS" '
function median(a, n,    i, j, t, b) {
  for (i = 1; i <= n; i++) b[i] = a[i]
  for (i = 2; i <= n; i++)
    for (j = i; j > 1 && b[j - 1] > b[j]; j--) { t = b[j]; b[j] = b[j - 1]; b[j - 1] = t }
  return n % 2 ? b[(n + 1) / 2] : (b[n / 2] + b[n / 2 + 1]) / 2
}
{
  k = $1; n[k]++
  rps[k, n[k]] = $2; p50[k, n[k]] = $3; p99[k, n[k]] = $4; err[k] += $5; cpu[k, n[k]] = $6
  printf "run %d %-12s %10.1f req/s  p50 %7.3f ms  p99 %7.3f ms  errors %d  server CPU %d%%\n", n[k], k, $2, $3, $4, $5, $6
}
function col(k, a,    i, v) { for (i = 1; i <= n[k]; i++) v[i] = a[k, i]; return median(v, n[k]) }
function best(k,    i, b) { for (i = 1; i <= n[k]; i++) if (rps[k, i] > b) b = rps[k, i]; return b }
function row(name, k) {
  r[k] = col(k, rps); q[k] = col(k, p99)
  printf "| %-36s | %10.0f | %10.0f | %8.2f | %8.2f | %6d | %7.0f%% |\n", name, r[k], best(k), col(k, p50), q[k], err[k], col(k, cpu)
}
END {
  printf "\nwrk -t%d -c%d -d%ds --latency, %d runs of each, alternated; medians (best: the most requests/s of a run)\n\n", threads, conns, dur, runs
  printf "| %-36s | %10s | %10s | %8s | %8s | %6s | %8s |\n", "server GET", "requests/s", "best", "p50 ms", "p99 ms", "errors", "srv CPU"
  printf "|%s|%s|%s|%s|%s|%s|%s|\n", "--------------------------------------", "------------", "------------", "----------", "----------", "--------", "----------"
  row("bloc serve /api/members", "bloc")
  row("nginx, static file /api/members", "nginx")
  row("bloc serve /api/appeals (bloc only)", "bloc-appeals")
  if ("perf" in n) row("bloc /api/members under perf", "perf")
  ratio = r["nginx"] ? r["bloc"] / r["nginx"] : 0
  printf "\nbloc / nginx, /api/members: %.2fx the requests/s (median); p99 %.2f ms against %.2f ms\n", ratio, q["bloc"], q["nginx"]
  printf "aim (at least 0.5x nginx'"'"'s requests/s, p99 under 10 ms): requests/s %s, p99 %s\n",
    (ratio >= 0.5 ? "met" : "not met"), (q["bloc"] < 10 ? "met" : "not met")
}' "$RES"

if [ "$PERF" = 1 ]; then
  echo
  echo "perf: bloc serve during the last /api/members run; CPU samples by library (self time):"
  perf report -i "$DIR/perf.data" --no-children --sort dso -g none --stdio 2>/dev/null |
    grep -E '^ +[0-9.]+%' | sed 's/[ -]*$//' | head -8
  echo "perf: the same samples, by named function, including what it calls (children; unnamed frames left out):"
  perf report -i "$DIR/perf.data" --children --sort symbol -g none --stdio 2>/dev/null |
    grep -E '^ +[0-9.]+%' | grep -v -e '\[k\]' -e '\] 0x' -e 'clone3' -e 'start_thread' | sed 's/[ -]*$//' | head -30
fi
[ "$same" = yes ]
