"""The established recognizers' own suites (Microsoft Recognizers-Text, Duckling), run through
`extract.parse`, with a pass rate per suite, model and language that may not fall below the pinned floors.

The cases are kept in tests/conformance/ (MIT and BSD test data; see the README there for the licences).
A case passes as `../shared/eval/conformance.py` counts it: every expected item met by an overlapping
prediction with equal values (and unit, where the case names one); a negative case passes when nothing
of its model's kind is predicted.
"""

from __future__ import annotations

import json
import math
from collections import defaultdict
from pathlib import Path

import pytest

from extract import parse

HERE = Path(__file__).parent
SUITES = ["recognizers.jsonl", "duckling.jsonl", "recognizers_not_supported_python.jsonl"]
FLOORS = json.loads((HERE / "conformance_floors.json").read_text(encoding="utf-8"))


def _same(a, b) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return math.isclose(float(a), float(b), rel_tol=1e-6, abs_tol=1e-9)


def _meets(e: dict, p: dict) -> bool:
    if min(e["end"], p["end"]) <= max(e["start"], p["start"]):
        return False
    if not (_same(e["value_low"], p["value_low"]) and _same(e["value_high"], p["value_high"])):
        return False
    return not e.get("unit") or e["unit"] == p["unit"]


def _of_kind(model: str, m: dict) -> bool:
    unit = m.get("unit") or ""
    if model in ("number", "numeral", "number_range"):
        return True
    if model in ("currency", "amount_of_money"):
        return len(unit) == 3 and unit.isupper()
    if model == "percent":
        return unit in ("%", "pp")
    return bool(unit) and unit not in ("%", "pp") and not (len(unit) == 3 and unit.isupper())


def passes(case: dict) -> bool:
    got = parse(case["input"], case["lang"])
    if case["expected"]:
        return all(any(_meets(e, p) for p in got) for e in case["expected"])
    return not any(_of_kind(case["model"], p) for p in got)


def pass_rates() -> dict[str, tuple[int, int]]:
    """(passed, cases) per suite:model:language, and per suite:total."""
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for suite in SUITES:
        name = suite.removesuffix(".jsonl")
        for line in (HERE / "conformance" / suite).read_text(encoding="utf-8").splitlines():
            case = json.loads(line)
            ok = passes(case)
            for key in (f"{name}:{case['model']}:{case['lang']}", f"{name}:total"):
                counts[key][0] += ok
                counts[key][1] += 1
    return {k: (p, n) for k, (p, n) in counts.items()}


@pytest.fixture(scope="module")
def rates() -> dict[str, float]:
    return {k: p / n for k, (p, n) in pass_rates().items()}


@pytest.mark.parametrize("key", sorted(k for k in FLOORS if not k.startswith("_")))
def test_pass_rate_stays_above_its_floor(rates, key):
    assert rates[key] >= FLOORS[key], f"{key}: {rates[key]:.3f} < floor {FLOORS[key]}"


def test_every_row_has_a_floor(rates):
    assert set(rates) <= set(FLOORS), sorted(set(rates) - set(FLOORS))
