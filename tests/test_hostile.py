"""Adversarial text finishes, linearly: each input of bench/hostile.py, with a generous bound.

The times that matter are those `make bench-hostile` records; this only fails on a blow-up.
"""

from __future__ import annotations

import pytest

from bench.hostile import INPUTS, LANGS, measure

BOUND_S = 15.0


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("name", list(INPUTS))
def test_hostile_input_finishes(name, lang):
    text = INPUTS[name]()
    result = measure(text, lang)
    assert result["recognize_s"] + result["extract_s"] < BOUND_S, result
