"""extract: numeric claims from multilingual market articles, normalized, deduplicated, traceable.

Public API:
    parse(text, lang=None) -> list[dict]   every figure of one text (bare numbers included)
    run(sources, out) -> RunReport         rebuild the tables of a folder of sources
"""

from __future__ import annotations

from pathlib import Path

from .languages import identify
from .packs import get_pack
from .recognize.quantities import Quantity, find_quantities

__all__ = ["Quantity", "parse", "run"]


def parse(text: str, lang: str | None = None) -> list[dict]:
    """Every figure in `text`, as dicts with code-point offsets into it.

    >>> [(m["text"], m["value_low"], m["unit"]) for m in parse("USD 7.82 Billion in 2025", "en")]
    [('USD 7.82 Billion', 7820000000.0, 'USD'), ('2025', 2025.0, None)]
    """
    from .extractor import clean, pack_language

    code = pack_language(lang or identify(text))
    return [
        {"start": q.start, "end": q.end, "text": q.text, "value_low": clean(q.value_low),
         "value_high": clean(q.value_high), "unit": q.unit, "per": q.per, "item": q.item,
         "qualifier": q.qualifier}
        for q in find_quantities(text, get_pack(code))
    ]


def run(sources: str | Path, out: str | Path):
    """Rebuild the tables in `out` from the files under `sources`; returns the run's report."""
    from .pipeline import run as _run

    return _run(Path(sources), Path(out))
