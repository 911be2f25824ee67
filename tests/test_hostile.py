"""Adversarial text costs time in proportion to its length: each shape of bench/hostile.py, built at two
sizes, four times apart, takes at most about four times as long at the larger (linear), never the sixteen
times a quadratic pattern would.

Ratios of CPU time measured in one process, not absolute times: those depend on the machine and its load,
and are what `make bench-hostile` records.
"""

from __future__ import annotations

import random
import string
import time

import pytest

from bench.hostile import LANGS, measure, warm_up

BASE64 = string.ascii_letters + string.digits + "+/="
GROWTH = 4  # the larger input is this many times the smaller
# Linear work grows 4 times, quadratic 16 times: the bound leaves room for timer noise and caches.
BOUND = 2.5 * GROWTH

# The shapes of bench/hostile.py's inputs, by length (n characters, about).
SHAPES = {
    "digits in a row": (lambda n: "1" * n, 200_000),
    "nested ranges 1-2-3-…": (lambda n: "-".join(str(i) for i in range(1, n // 5)) + " %", 10_000),
    "a line without spaces": (lambda n: "".join(random.Random(5).choices(BASE64, k=n)), 100_000),
    "currency signs": (lambda n: "$" * (n // 4) + "€" * (n // 8) + "¥" * (n // 8) + " 5 $ " * (n // 10), 10_000),
    "a line of Chinese numerals": (lambda n: ("三十五億兩千萬" * n)[:n], 100_000),
    "qualifiers in a row": (lambda n: "more than " * (n // 10) + "5%", 100_000),
}


@pytest.fixture(scope="module", autouse=True)
def _warm() -> None:
    warm_up()  # packs compiled, language profiles loaded: what a process does once is not timed


def _cpu_seconds(text: str, lang: str) -> float:
    """The least CPU time of two runs: recognition of the text, and its extraction as a document."""
    best = float("inf")
    for _ in range(2):
        t0 = time.process_time()
        measure(text, lang)
        best = min(best, time.process_time() - t0)
    return best


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("name", list(SHAPES))
def test_time_grows_linearly_with_hostile_input(name, lang):
    make, n = SHAPES[name]
    small, large = _cpu_seconds(make(n), lang), _cpu_seconds(make(GROWTH * n), lang)
    assert large <= BOUND * max(small, 0.005), f"{name} [{lang}]: {small:.3f}s -> {large:.3f}s for {GROWTH}x the text"
