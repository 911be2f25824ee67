"""Language packs: per-language resources (YAML data), checked against a schema and compiled once into the
lookups and patterns the engine reads.

The engine never asks which language it is working on; everything that differs between languages is a
field of a pack. Adding a language means adding a `<code>.yaml` (README, "Adding a language").

    schema.py     what a pack file may hold: one frozen dataclass per section, and the loader
    registry.py   the packs folders (EXTRACT_PACKS), language codes, aliases, hints, scripts
    pack.py       a compiled pack: units.py, numbers.py, phrases.py, context.py each compile their part
    lexicon.py    word lists as patterns (tries, backward patterns, lowercase scans)
"""

from __future__ import annotations

from .lexicon import GAP, NEVER, SP, YEAR_RE, Lookup, LowercasePattern, ending, lexicon, lowered
from .pack import Pack
from .registry import ENV, Registry, UnknownLanguage, registry
from .schema import PackError

__all__ = ["ENV", "GAP", "NEVER", "SP", "YEAR_RE", "Lookup", "LowercasePattern", "Pack", "PackError", "Registry",
           "UnknownLanguage", "available_languages", "ending", "get_pack", "lexicon", "lowered", "registry",
           "rules_version"]


def get_pack(lang: str) -> Pack:
    """The compiled pack a language code (or alias: zh-Hant) is read with; UnknownLanguage if none."""
    return registry().pack(lang)


def available_languages() -> tuple[str, ...]:
    """Codes of every pack in the packs folders."""
    return registry().codes


def rules_version() -> str:
    return registry().rules_version
