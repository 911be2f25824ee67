"""Adversarial text finishes, linearly: each input of bench/hostile.py, with a generous bound.

The times that matter are those `make bench-hostile` records; this only fails on a blow-up.
"""

from __future__ import annotations

import pytest

from bench.hostile import INPUTS, measure

BOUND_S = 15.0


@pytest.mark.parametrize("name", list(INPUTS))
def test_hostile_input_finishes(name):
    text = INPUTS[name]()
    result = measure(text, "en")
    assert result["recognize_s"] + result["extract_s"] < BOUND_S, result
