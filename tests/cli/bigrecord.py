"""tests/cli/bigrecord.py N OUT - write a record file of N made-up spells (on
bundled states and orgs) for the crash tests."""
import json
import sys

n, out = int(sys.argv[1]), sys.argv[2]
states = ["ARM", "BLR", "KAZ", "KGZ", "RUS", "TJK", "USA", "FRA", "DEU", "POL"]
spells = []
for i in range(n):
    y, d = 2100 + i // 365, i % 365
    spells.append({"org": "NATO" if i % 2 else "CSTO", "state": states[i % len(states)],
                   "status": "observer", "from": "%04d-%02d-%02d" % (y, 1 + d // 31 % 12, 1 + d % 28),
                   "source": "crash-test", "note": "synthetic %d" % i})
doc = {"sources": [{"id": "crash-test", "kind": "report", "publisher": "bloc tests",
                    "title": "synthetic spells for the SIGKILL test"}],
       "spells": spells}
json.dump(doc, open(out, "w"), indent=1)
