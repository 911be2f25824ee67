"""The record the recognizer gives for each figure of a text."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Quantity:
    """One figure in a text: half-open span, normalized values and what they measure."""

    start: int
    end: int
    text: str
    value_low: float
    value_high: float
    unit: str | None  # ISO code, %, pp, x, count, SI base unit, month/year/...; None for a bare number
    kind: str  # number | currency | percent | points | multiple | duration | physical | count
    per: str | None
    item: str | None
    qualifier: str  # exact | approx | gt | ge | lt | le
    year_like: bool = False
    word_numeral: bool = False  # written with a single numeral word (一, 兩): an article more than a count
    per_scale: float = 1.0  # the size of the rate's denominator, folded into the values ("per million tokens")
    # The size of a denominator whose noun the text left unsaid ("$3 per million"), not yet folded into the
    # values: the extractor folds it once it finds the noun the text said before (denominators.py).
    open_per: float | None = None
