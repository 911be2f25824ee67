"""Table-driven recognizer tests: every case of tests/cases/*.yaml, per language."""

from __future__ import annotations

import math
from pathlib import Path

import pytest
import yaml

from extract import parse

CASES = Path(__file__).parent / "cases"


def _cases():
    for path in sorted(CASES.glob("*.yaml")):
        table = yaml.safe_load(path.read_text(encoding="utf-8"))
        for i, case in enumerate(table["cases"]):
            yield pytest.param(case.get("lang", table.get("lang")), case["text"], case["expect"],
                               id=f"{path.stem}-{i}")


@pytest.mark.parametrize("lang,text,expect", list(_cases()))
def test_recognizer_case(lang, text, expect):
    found = parse(text, lang)
    got = [[m["text"], m["value_low"], m["value_high"], m["unit"], m["per"], m["item"], m["qualifier"]]
           for m in found]
    assert len(got) == len(expect), got
    for g, e in zip(got, expect, strict=True):
        assert g[0] == e[0], got
        if e[1] is None:  # a unit named without a figure
            assert g[1] is None and g[2] is None, got
        else:
            assert math.isclose(g[1], float(e[1]), rel_tol=1e-9) and math.isclose(g[2], float(e[2]), rel_tol=1e-9), got
        assert g[3:] == e[3:], got


@pytest.mark.parametrize("lang,text,expect", list(_cases()))
def test_spans_point_into_the_text(lang, text, expect):
    for m in parse(text, lang):
        assert text[m["start"]: m["end"]] == m["text"]
