"""extract: numeric claims from multilingual market articles, normalized, deduplicated, traceable.

Public API:
    parse(text, lang=None) -> list[dict]     every figure of one text (bare numbers and unit names included)
    explain(text, lang=None) -> list[dict]   the same, and each number read and not kept, with its reason
    run(sources, out) -> RunReport           rebuild the tables of a folder of sources
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from .languages import identify
from .packs import get_pack
from .recognize.quantities import Quantity, Rejection, find_quantities
from .recognize.unit_names import unit_names

__all__ = ["Quantity", "__version__", "explain", "parse", "run"]

try:
    __version__ = version("extract")
except PackageNotFoundError:  # run from a source tree that was never installed
    __version__ = "0+unknown"


def parse(text: str, lang: str | None = None) -> list[dict]:
    """Every figure in `text`, as dicts with code-point offsets into it, in order. A unit of money or
    measure named without a figure ("quoted in dollars") comes with null values, as Recognizers-Text
    reports it; the pipeline's claim filter, like a user's, keeps figures only. A language no pack reads
    raises `extract.packs.UnknownLanguage`.

    >>> [(m["text"], m["value_low"], m["unit"]) for m in parse("USD 7.82 Billion in 2025, paid in euros", "en")]
    [('USD 7.82 Billion', 7820000000.0, 'USD'), ('2025', 2025.0, None), ('euros', None, 'EUR')]
    """
    return _read(text, lang, None)


def explain(text: str, lang: str | None = None) -> list[dict]:
    """What `parse` gives, and each number the recognizer read and did not keep, in order: its span, text,
    the name of its reason (`rejected`) and what that means (`why`).

    >>> [(m["text"], m.get("rejected")) for m in explain("Top 10 GPUs, 5 % at 10:30", "en")]
    [('10', 'list_position'), ('5 %', None), ('10', 'time_or_date'), ('30', 'time_or_date')]
    """
    rejected: list[Rejection] = []
    found = _read(text, lang, rejected)
    found += [{"start": r.start, "end": r.end, "text": r.text, "rejected": r.reason, "why": r.why} for r in rejected]
    return sorted(found, key=lambda m: (m["start"], m["end"]))


def _read(text: str, lang: str | None, rejected: list[Rejection] | None) -> list[dict]:
    from .denominators import fold_unsaid_denominators
    from .extractor import clean

    pack = get_pack(lang or identify(text))
    figures = fold_unsaid_denominators(text, find_quantities(text, pack, rejected=rejected), pack)
    found = [{"start": q.start, "end": q.end, "text": q.text, "value_low": clean(q.value_low),
              "value_high": clean(q.value_high), "unit": q.unit, "per": q.per, "item": q.item,
              "qualifier": q.qualifier} for q in figures]
    found += [{"start": s, "end": e, "text": text[s:e], "value_low": None, "value_high": None, "unit": unit,
               "per": None, "item": None, "qualifier": "exact"}
              for s, e, unit in unit_names(text, pack, [(q.start, q.end) for q in figures])]
    return sorted(found, key=lambda m: (m["start"], m["end"]))


def run(sources: str | Path, out: str | Path):
    """Rebuild the tables in `out` from the files under `sources`; returns the run's report."""
    from .pipeline import run as _run

    return _run(Path(sources), Path(out))
