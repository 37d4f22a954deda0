# tests/cli/test_kill.sh - SIGKILL `bloc load` at random moments, many times:
# the log afterwards holds either none or all of the file, and its chain holds.
. "$(dirname "$0")/lib.sh"
ROUNDS=${KILL_ROUNDS:-25}
python3 "$SRCDIR/tests/cli/bigrecord.py" 20000 "$T/big.json"
"$BLOC" --db "$T/base.db" members CSTO > /dev/null
n0=$(entries "$T/base.db")
# how long a whole load takes here, to spread the kills over it
cp "$T/base.db" "$T/full.db"
t0=$(date +%s%N)
"$BLOC" --db "$T/full.db" load "$T/big.json" > /dev/null
t1=$(date +%s%N)
full=$(entries "$T/full.db")
check "a whole load appends every fact" test "$full" = $((n0 + 20001))
span_ms=$(( (t1 - t0) / 1000000 + 1 ))
none=0; all=0
i=0
while [ $i -lt "$ROUNDS" ]; do
  i=$((i + 1))
  rm -f "$T/k.db" "$T/k.db-wal" "$T/k.db-shm"
  cp "$T/base.db" "$T/k.db"
  delay_ms=$(python3 -c "import random; print(random.randint(0, $span_ms * 9 // 10))")
  "$BLOC" --db "$T/k.db" load "$T/big.json" > /dev/null 2>&1 &
  pid=$!
  sleep "$(python3 -c "print($delay_ms / 1000)")"
  kill -9 $pid 2>/dev/null
  wait $pid 2>/dev/null
  n=$(entries "$T/k.db")
  if [ "$n" = "$n0" ]; then none=$((none + 1)); ok
  elif [ "$n" = "$full" ]; then all=$((all + 1)); ok
  else not_ok "round $i (kill after ${delay_ms}ms): $n entries, want $n0 or $full"; fi
  if "$BLOC" --db "$T/k.db" verify > /dev/null 2>&1; then ok
  else not_ok "round $i: verify failed after the kill"; fi
done
echo "kills: $ROUNDS rounds over ${span_ms}ms loads; $none left nothing, $all completed"
done_testing cli-kill
