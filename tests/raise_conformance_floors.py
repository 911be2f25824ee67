"""Print the conformance pass rates and, with --write, raise tests/conformance_floors.json to them.

    python -m tests.raise_conformance_floors [--write]

A floor is never lowered: a row that fell is printed as DROPPED and keeps its old floor (and fails the test).
A floor lowered by hand (two suites contradicting each other, a rule narrowed to hold on real articles) has its
reason under "_lowered", which --write keeps.
"""

from __future__ import annotations

import json
import math
import sys

from tests.test_conformance import HERE, pass_rates

FLOORS = HERE / "conformance_floors.json"


def main() -> None:
    old = json.loads(FLOORS.read_text(encoding="utf-8"))
    new = {k: v for k, v in old.items() if k.startswith("_")}  # the comment, and why a floor was ever lowered
    for key, (passed, cases) in sorted(pass_rates().items()):
        rate = math.floor(passed / cases * 1000) / 1000
        if rate < old.get(key, 0):
            print("DROPPED", key, old[key], rate)
        new[key] = max(rate, old.get(key, 0))
        print(f"{key:55s} {passed:4d}/{cases:<4d} {passed / cases:.3f}")
    if "--write" in sys.argv:
        FLOORS.write_text(json.dumps(new, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
