"""The step that reads what a bare figure counts where the pack does not list it: the noun after it, by the
plural form of the language, or the word of what it counts before it (日均订单量3000万)."""

from __future__ import annotations

import regex

from .draft import Draft, Scan
from .numbers import year_like
from .units import scale_at, unit_at

# A number right after a name is part of it (the FTSE 100, Windows 11, CAC 40): a run of capitals, or a
# capitalised word that does not open a sentence.
NAME_BEFORE = regex.compile(r"(?r)(?:\p{Lu}[\p{Lu}&]+|(?<=[\p{L}\p{N},;][ \t]+)\p{Lu}[\p{L}&.\-]*)[ \t\u00a0]+$")


def counted_noun(d: Draft, s: Scan) -> None:
    """A bare figure followed by a word in the plural form of the language counts that thing, though the
    pack does not list it: "5.8 million shares", "206 passagers", "28 millions d'habitants" (a connector
    only after a scale word); one right after the word of what it counts does too (日均订单量3000万). Not a
    year, nor a number that is part of a name (the FTSE 100, Windows 11)."""
    if d.kind != "number" or d.rough or (d.low_scale == 1.0 and year_like(d.last.text, d.last.value)):
        return
    counted = s.pack.counted
    m = counted.before_re.search(s.norm, d.win, d.start)
    if m and not s.norm.endswith(counted.not_before, d.win, m.end("w")):  # 销量 counts, 质量 does not
        d.kind, d.unit = "count", "count"
        return
    m = counted.noun_re.match(s.norm, d.pos, d.hi_end)
    if m is None or _not_counted(m, s):
        found = (_in_running_text(r.match(s.norm, d.pos, d.hi_end), d, s) for r in counted.capitalised_res)
        m = next((c for c in found if c is not None and not _not_counted(c, s)), None)
    keep_end = m is None
    if m is None:
        m = _whole_after(d, s)
    if m is None or (m.group("c") and d.low_scale == 1.0) or name_before(d, s):
        return
    known = unit_at(s.norm, m.start("n"), s.pack, d.hi_end)  # a thing the pack lists, after modifiers
    if known is not None and known.kind != "count":
        return
    d.kind, d.unit, d.pos = "count", "count", d.pos if keep_end else m.end()
    # The item is an English singular (CLAIMS.md §2): a word of another language the pack does not list counts
    # an unnamed thing (3 médecins: a count, no item).
    d.item = known.item if known is not None else counted.item(m.group("n")) if counted.plural_is_item else None


def _whole_after(d: Draft, s: Scan) -> regex.Match | None:
    """The counted noun of the whole a bare figure is part of, which counts the same thing: "nine of the 12
    members", "two of the three largest shareholders", "neuf des 12 membres" (the figure keeps its span). One
    of them is a member named, not a count ("one of the 10 largest banks")."""
    counted = s.pack.counted
    part = counted.part_of_re.match(s.norm, d.pos, d.hi_end)
    if part is None or d.low_value * d.low_scale <= 1:
        return None
    pos, j = part.end(), d.i + d.used
    if j < len(s.atoms) and pos <= s.atoms[j].start <= pos + 3 and not s.norm[pos:s.atoms[j].start].strip():
        pos = scale_at(s.norm, s.atoms[j].end, s.pack)[1]
    m = counted.noun_re.match(s.norm, pos, d.hi_end)
    return None if m is None or _not_counted(m, s) else m


def _not_counted(m: regex.Match, s: Scan) -> bool:
    """Whether the noun (or a modifier before it) is a word that ends as a plural and names no thing."""
    counted = s.pack.counted
    modifiers = (m.groupdict().get("m") or "").casefold().split()
    return m.group("n").casefold() in counted.not_counted or modifiers and modifiers[0] in counted.not_counted \
        or any(w in counted.not_counted and w not in counted.joining for w in modifiers)


# What stands before a figure: the start of a sentence, or a word (group `w`: its first letter).
WORD_BEFORE = regex.compile(r"(?r)(?:^|[.!?:;\n][\p{Pf}\p{Pe}\"']?[ \t\u00a0]*"
                            r"|(?P<w>\p{L})[\p{L}'’\-]*[,]?[ \t\u00a0]+)$")
CAPITAL_AFTER = regex.compile(r"[ \t\u00a0]+\p{Lu}")


def _in_running_text(m: regex.Match | None, d: Draft, s: Scan) -> regex.Match | None:
    """m, a counted noun or a name among its modifiers written with a capital, where the text around runs
    as a sentence: a lowercase word (or the sentence's start) before the figure and no capital after the
    noun ("with 2,000 Britons abroad"); not where a title capitalises every word (The 4 Stocks to Own)."""
    if m is None or CAPITAL_AFTER.match(s.norm, m.end()):
        return None
    before = WORD_BEFORE.search(s.norm, max(0, d.start - 60), d.start)
    word = before.group("w") if before is not None else None
    qualifier = s.pack.qualifiers.before_re.match(s.norm, before.start("w"), d.start) if word else None
    if qualifier and not s.norm[qualifier.end():d.start].strip():  # "Roughly 4,000 Canadians": before it
        before = WORD_BEFORE.search(s.norm, max(0, d.start - 60), before.start("w"))
        word = before.group("w") if before is not None else None
    if before is None or word is not None and not word.islower() and not _opens_sentences(before, s):
        return None
    return m


def _opens_sentences(before: regex.Match, s: Scan) -> bool:
    """Whether the word before the figure is one that any sentence may open with, naming nobody ("About")."""
    return before.group().strip(" \t\u00a0,").casefold() in s.pack.counted.no_names


def name_before(d: Draft, s: Scan) -> bool:
    """Whether the number is part of a name before it (the FTSE 100, Windows 11; "phase 3 trials", "level 2
    chargers": the number of a phase, a level), not a word that names nobody ("ALL 3 vendors")."""
    if s.pack.counted.numbered_re.search(s.norm, d.win, d.start):
        return True
    m = NAME_BEFORE.search(s.norm, d.win, d.start)
    return m is not None and m.group().strip().casefold() not in s.pack.counted.no_names
