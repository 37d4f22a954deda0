"""tests/cli/flip.py DB SEQ OUT - copy DB to OUT with one byte flipped inside the
stored fact of log entry SEQ (the last byte before its stored hash: its source
text, or for a source entry the end of its link). Prints the offset flipped."""
import shutil
import sqlite3
import sys

db, seq, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
con = sqlite3.connect(db)
prev, src, h = con.execute("SELECT prev, src, hash FROM log WHERE seq = ?", (seq,)).fetchone()
con.close()
# The hash alone also stands in the next entry (as its prev); the bytes stored
# just before it in this entry's row (src, else prev) make it unique.
before = src.encode() if src is not None else bytes(prev)
pattern = before + bytes(h)
data = bytearray(open(db, "rb").read())
at = data.find(pattern)
if at < 0 or data.find(pattern, at + 1) != -1:
    sys.exit("entry %d not found once in %s (still in the WAL?)" % (seq, db))
at += len(before)
data[at - 1] ^= 0x01
open(out, "wb").write(data)
print(at - 1)
