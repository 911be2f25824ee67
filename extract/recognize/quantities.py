"""Finding quantities in text: number atoms (atoms.py) grown into figures by ordered steps (steps.py), then
neighbouring figures that are one joined (ranges.py).

One pass over the atoms a language pack's patterns find; each step around an atom is an anchored match of a
compiled pattern, so the work is linear in the text. Nothing here depends on the language except through
the pack.
"""

from __future__ import annotations

import functools
from dataclasses import replace

import regex

from ..packs import Pack
from .atoms import find_atoms
from .draft import Scan
from .numbers import normalize_digits
from .quantity import Quantity
from .ranges import join_pairs
from .reasons import QUOTE_WIDGET, REASONS, Rejection
from .shared import share
from .steps import build
from .tallies import count_together

__all__ = ["REASONS", "Quantity", "Rejection", "find_quantities", "mask_urls"]

# A stock quote after a name, as a news page's widget writes it: the price in two or three decimals, the
# change and the change in percent in brackets, "Acme(84.125, -1.30, -1.52%)". Its percent is the change over
# the price before it (quote_adds_up): a list of figures in brackets ("(12, 15, 18%)") is no quote.
SP_ = r"[ \t\u00a0]*"
QUOTE = regex.compile(rf"(?<=\p{{L}}[ \t\u00a0]?)[(（]{SP_}(?P<p>\d+\.\d{{2,3}}){SP_}[,，]{SP_}"
                      rf"(?P<c>[-+−]?\d+(?:\.\d+)?){SP_}[,，]{SP_}(?P<r>[-+−]?\d+(?:\.\d+)?){SP_}[%％]{SP_}[)）]")
URL = regex.compile(r"(?:[a-z][a-z0-9+.-]*://|www\.)[^\s<>\"'）」]+", regex.IGNORECASE)


def find_quantities(text: str, pack: Pack, start: int = 0, end: int | None = None,
                    rejected: list[Rejection] | None = None) -> list[Quantity]:
    """Every quantity in `text[start:end]`, with offsets into `text`; each number read and not kept is added
    to `rejected`, with its reason, where a list is given."""
    end = len(text) if end is None else end
    norm = _prepared(text)
    atoms = _outside_quotes(find_atoms(norm, pack, start, end, rejected), norm, start, end, rejected)
    fixed = _fixed_percents(norm, text, pack, start, end)
    if fixed:
        atoms = [a for a in atoms if not any(f.start < a.end and a.start < f.end for f in fixed)]
    scan = Scan(norm, text, atoms, pack)
    out: list[Quantity] = []
    i = 0
    while i < len(atoms):
        if out and atoms[i].start < out[-1].end:  # inside the figure just read (百 of 個百分點)
            i += 1
            continue
        # What the figure before took (its sign, its unit) is not there for this one to take again.
        found, used = build(scan, i, max(start, out[-1].end) if out else start, end)
        if isinstance(found, Quantity):
            out.append(found)
        elif rejected is not None:
            rejected.append(found)
        i += used
    if fixed:  # unless a figure took its first character already (1打对折: a dozen)
        out = sorted(out + [f for f in fixed if not any(q.start < f.end and f.start < q.end for q in out)],
                     key=lambda q: q.start)
    if pack.units.alternative_units:
        out = [_measure_reading(q, norm, pack, start, end) if q.kind == "currency" else q for q in out]
    return count_together(share(join_pairs(out, norm, text, pack), norm, pack), norm, pack)


def _outside_quotes(atoms: list, norm: str, start: int, end: int, rejected: list[Rejection] | None) -> list:
    """The atoms that are not the numbers of a stock quote after a name (the widget of a news page)."""
    if "(" not in norm[start:end] and "（" not in norm[start:end]:
        return atoms
    quotes = [m.span() for m in QUOTE.finditer(norm, start, end) if quote_adds_up(m)]
    if not quotes:
        return atoms
    kept = [a for a in atoms if not any(s <= a.start < e for s, e in quotes)]
    if rejected is not None:
        rejected += [Rejection(a.start, a.end, norm[a.start:a.end], QUOTE_WIDGET) for a in atoms if a not in kept]
    return kept


def quote_adds_up(m: regex.Match) -> bool:
    """Whether a quote's percent change is its change over the price before the change (to the rounding of
    a widget), as every quote's is and a list of figures' is not."""
    def num(g: str) -> float:
        return float(m.group(g).replace("−", "-"))
    price, change, pct = num("p"), num("c"), num("r")
    before = price - change
    if before <= 0 or change == 0:
        return False
    return abs(abs(change) / before * 100 - abs(pct)) <= max(0.02, 0.02 * abs(pct))


def _measure_reading(q: Quantity, norm: str, pack: Pack, start: int, end: int) -> Quantity:
    """An amount in a money word that also names a measure, read as the measure where the line speaks of
    what it measures ("she weighs 130 pounds", "2,204.62 pounds to a metric ton")."""
    for form_re, cue_re, unit in pack.units.alternative_units:
        if form_re.search(norm, q.start, q.end) and cue_re.search(norm, start, end):
            return replace(q, unit=unit, kind="physical")  # "weighed a pound" stays an article, no claim
    return q


def _fixed_percents(norm: str, text: str, pack: Pack, start: int, end: int) -> list[Quantity]:
    """Percentages and multiples said without a figure (打对折, 半价: 50 %; sevenfold, 翻一番: 7, 2 x)."""
    units = pack.units
    if units.fixed_re is None:
        return []
    out = []
    for m in units.fixed_re.finditer(norm, start, end):
        value, unit, kind = units.fixed.find(m.group())
        out.append(Quantity(m.start(), m.end(), text[m.start():m.end()], value, value, unit, kind, None, None, "exact"))
    return out


@functools.lru_cache(maxsize=4)
def _prepared(text: str) -> str:
    """The text as the patterns read it. A document is recognized line by line, each call over the whole
    text so that windows may look past the line: preparing it once per text keeps that linear."""
    return mask_urls(normalize_digits(text))


def mask_urls(text: str) -> str:
    """Blank web addresses (same length): the digits of a URL are never figures."""
    if "://" not in text and "www." not in text:
        return text
    return URL.sub(lambda m: " " * len(m.group()), text)
