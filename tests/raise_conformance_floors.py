"""Print the conformance pass rates and, with --write, raise tests/conformance_floors.json to them.

    python -m tests.raise_conformance_floors [--write]

A floor is never lowered: a row that fell is printed as DROPPED and keeps its old floor (and fails the test).
"""
import json
import math
import sys
from collections import defaultdict

from tests import test_conformance as tc

old = json.loads(open('tests/conformance_floors.json').read())
counts = defaultdict(lambda: [0,0])
for suite in tc.SUITES:
    for line in (tc.HERE/'conformance'/suite).read_text().splitlines():
        case=json.loads(line); key=f"{suite.removesuffix('.jsonl')}:{case['model']}:{case['lang']}"
        counts[key][0]+=tc.passes(case); counts[key][1]+=1
for suite in tc.SUITES:
    name=suite.removesuffix('.jsonl'); rows=[v for k,v in counts.items() if k.startswith(name+':')]
    counts[f"{name}:total"]=[sum(r[0] for r in rows), sum(r[1] for r in rows)]
new = {"_comment": old["_comment"]}
for k,(p,n) in sorted(counts.items()):
    rate = math.floor(p/n*1000)/1000
    if rate < old.get(k, 0): print("DROPPED", k, old[k], rate)
    new[k] = max(rate, old.get(k, 0))
    print(f"{k:50s} {p:4d}/{n:<4d} {p/n:.3f}")
if "--write" in sys.argv:
    open('tests/conformance_floors.json','w').write(json.dumps(new, indent=2)+"\n")
