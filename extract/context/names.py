"""Names no list holds: proper nouns found by their form, so that a figure about a company nobody put in
the gazetteer still gets its subject.

- Latin script (English and French text, and Latin names inside Chinese text): runs of capitalised words,
  with the joiners a language puts inside names ("Bank of America", "Banque de France") and a version
  number after a word ("Claude 3.5 Sonnet"). A capitalised word where any word is capitalised (a
  sentence's first word, a title in title case) counts only if the document also writes it capitalised
  where case means something, and never in lowercase; acronyms and words mixing cases (DBS, OpenRouter)
  count anywhere. Generic acronyms (GPU, API, CEO) and the pack's own words are not names.
- Han script: an organisation's name by its ending (集团, 银行, 公司, 交易所…), read back over the
  characters before it up to one that cannot stand inside a name (的, 在, 是…).
- A name right after a role word (CEO, PDG, 行长) is a person, and a name right after an attribution
  (according to, selon, 据) is a source: neither is what a figure is about.

What counts as a name is pack data (`names:` in base.yaml and each language's file); the engine knows
no company.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass

import regex

from ..packs import Pack, Registry, ending, get_pack, lexicon, registry

TOKEN = r"[\p{Lu}][\p{Latin}\p{M}\p{N}]*(?:[.&'’-][\p{Latin}\p{N}]+)*"
# A version after a name's word: one or two digits, a decimal part, not a figure (no %, no unit, no
# digit group after it).
VERSION = r"\d{1,2}(?:\.\d{1,2})?(?![\d\p{L}]|[.,]\d|[ \u00a0]?[%％‰\p{Sc}])"
# Where any word is capitalised: after a sentence end, a colon, an opening bracket or quote, a list
# bullet or markup, at the start of a line.
OPENERS = set(".!?:;([{«“\"'「『【（：。！？；*_#>•●▪-–—|")
# A word capitalised for its own sake: after a word in lowercase or a digit, in a list after a comma, after
# a possessive, after a Han character ("grew at Lambda", "Gemini, Claude", "Anthropic’s Claude", "的Claude").
AFTER_INSIDE = (r"(?:(?<![\p{L}\p{N}])[\p{Ll}\p{N}][\p{L}\p{N}]*,?[ \u00a0]|[\p{L}\p{N}],[ \u00a0]|['’]s[ \u00a0]"
                r"|\p{Han}[ \u00a0]?)")
# A line in title case (a heading: "First Half of 2025 Financial Performance"), where a capitalised word
# says nothing of the word: two words of four letters or more capitalised, none in lowercase.
TITLE_CASE_LINE = regex.compile(
    r"^(?![^\n]*(?<![\p{L}\p{N}_./-])\p{Ll}[\p{L}\p{M}]{3,})(?=(?:[^\n]*?(?<![\p{L}\p{N}])\p{Lu}[\p{L}\p{M}]{3,}){2})"
    r"[^\n]*$", regex.MULTILINE)
CAPITALISED_MID_SENTENCE = regex.compile(rf"{AFTER_INSIDE}({TOKEN})(?![\p{{L}}\p{{N}}])")
MID_SENTENCE = ending(rf"{AFTER_INSIDE}$")
# Where a line or a sentence opens: any word may be capitalised there.
LINE_OPENING = ending(r"(?:^|\n|[.!?][\"'»”’)\]]*[ \u00a0])[\s*_#>\[(•●▪-]*$")
# A word in lowercase standing alone: not a piece of a slug, a file or an identifier (claude-3.5-sonnet).
LOWER_WORD = regex.compile(r"(?<![\p{L}\p{N}_./-])\p{Ll}[\p{L}\p{M}]*(?![\p{L}\p{N}_/-]|\.[\p{L}\p{N}])")
WORD = regex.compile(r"\S+")
LONGEST_WORD = 40
HAS_DIGIT = regex.compile(r"\d").search
CODE = regex.compile(r"(?=.*\d)[\p{Lu}\p{N}-]{2,8}[a-z]?")
PERIOD_TOKEN = regex.compile(r"(?:Q[1-4]|H[12]|T[1-4]|S[12]|FY\d{0,4}|CY\d{0,4})")


@dataclass(frozen=True)
class Name:
    start: int
    end: int
    name: str


@dataclass(frozen=True)
class _Rules:
    run: regex.Pattern
    joiners: frozenset[str]
    not_names: frozenset[str]
    not_names_folded: frozenset[str]
    before_person: regex.Pattern | None
    before_source: regex.Pattern | None
    han: regex.Pattern | None
    han_generic: regex.Pattern | None
    cased: bool  # the language's own words are written in Latin script, with sentence case


def _rules(lang: str) -> _Rules:
    return _compiled(get_pack(lang), registry())


@functools.cache
def _compiled(pack: Pack, reg: Registry) -> _Rules:
    d = pack.sections.context.names  # base.yaml's lists with the pack's own after them
    joiners = [w for w in d.joiners if w]
    joiner_alt = "|".join(regex.escape(j) for j in sorted(joiners, key=len, reverse=True))
    gap = r"[ \u00a0]"
    link = rf"(?:{gap}(?:(?:{joiner_alt}){gap})?{TOKEN}|{gap}{VERSION}(?={gap}{TOKEN}|(?![\p{{L}}\p{{N}}])))" \
        if joiners else rf"(?:{gap}{TOKEN}|{gap}{VERSION})"
    run = regex.compile(rf"(?<![\p{{Latin}}\p{{N}}_])(?:{TOKEN})(?:{link})*(?![\p{{Latin}}\p{{N}}])")
    # Words no language of ours capitalises as a name: each pack's own list, function words and months
    # (a French "Le" or a "Tuesday" in a note of another language is no name either), currency codes.
    words = set(pack.sections.money.iso_codes)
    for code in reg.codes:
        other = reg.pack(code)
        words |= set(other.sections.context.names.not_names) | set(other.language.function_words)
        words |= {str(m) for m in other.context.months}
    roles, sources = list(d.roles), list(d.attribution)
    spaced = pack.spaced
    before_person = ending(rf"(?:{lexicon(roles, spaced=spaced, ignore_case=True, backward=True)})[\s,]*$") \
        if roles else None
    before_source = ending(rf"(?:{lexicon(sources, spaced=spaced, ignore_case=True, backward=True)})[\s,:]*$") \
        if sources else None
    han = None
    endings, stops = list(d.org_endings), "".join(d.han_stops)
    if endings:
        inside = rf"[\p{{Han}}--[{regex.escape(stops)}]]" if stops else r"\p{Han}"
        han = regex.compile(rf"(?P<p>{inside}{{2,8}})(?:{lexicon(endings, spaced=False)})", regex.V1)
        generic = list(d.han_generic)
        # a name made only of words that make it a kind of organisation: 初创公司, 大型科技公司
        han_generic = regex.compile(rf"(?:{lexicon(generic, spaced=False)})+") if generic else None
    return _Rules(run, frozenset(joiners), frozenset(w for w in words if not w.islower()),
                  frozenset(w.casefold() for w in words), before_person, before_source, han,
                  han_generic if han is not None else None, pack.spaced)


class Evidence:
    """What one document says of a word's case: whether it writes the word in lowercase anywhere, and
    whether it writes it capitalised where case means something (after a word in lowercase, a digit or a
    Han character). Read once, from the document's first SAMPLE characters, into two sets of words."""

    SAMPLE = 200_000  # characters of the document read for it: a long document says enough early on

    def __init__(self, text: str) -> None:
        self.text = text[: self.SAMPLE]
        self._lower: set[str] | None = None
        self._capitalised: set[str] = set()
        self._counted: dict[str, bool] = {}
        self.trimmed: dict[tuple, tuple[int, int] | None] = {}  # find_names: each distinct run, trimmed once

    def _read(self) -> set[str]:
        if self._lower is None:
            self._lower = set(LOWER_WORD.findall(self.text))
            self._capitalised = set(CAPITALISED_MID_SENTENCE.findall(TITLE_CASE_LINE.sub("", self.text)))
        return self._lower

    def never_lowercase(self, word: str) -> bool:
        """Whether the document never writes the word in lowercase (else it is a common noun)."""
        low = word.lower()
        return low == word or low not in self._read()

    def is_name(self, word: str) -> bool:
        """Never in lowercase, and capitalised where case means something or in two places at least."""
        return self.never_lowercase(word) and (word in self._capitalised or self._twice(word))

    def seen_inside(self, run: str) -> bool:
        """Whether the document writes these words, capitalised, inside a sentence somewhere."""
        key = "\2" + run
        if key not in self._counted:
            self._counted[key] = any(
                MID_SENTENCE.search(self.text, max(0, m.start() - 40), m.start()) for m in
                regex.finditer(rf"(?<![\p{{L}}\p{{N}}]){regex.escape(run)}(?![\p{{L}}\p{{N}}])", self.text))
        return self._counted[key]

    def _twice(self, word: str) -> bool:
        """Twice at least, once not opening a line (a line's first word may be any heading's)."""
        if word not in self._counted:
            seen, inside = 0, False
            for m in regex.finditer(rf"(?<![\p{{L}}\p{{N}}]){regex.escape(word)}(?![\p{{L}}\p{{N}}])", self.text):
                seen += 1
                inside = inside or not LINE_OPENING.search(self.text, max(0, m.start() - 12), m.start())
                if seen >= 2 and inside:
                    break
            self._counted[word] = seen >= 2 and inside
        return self._counted[word]


def _opens(text: str, pos: int) -> bool:
    """Whether a word at pos stands where any word is capitalised."""
    i = pos - 1
    while i >= 0 and text[i] in " \t\u00a0":
        i -= 1
    if i < 0 or text[i] in "\r\n":
        return True
    if text[i] in "'’" and i > 0 and text[i - 1].isalpha():
        return False  # an elided article: d'Alphabet, l'Oréal
    if text[i] in OPENERS:
        return True
    # a numbered list item: "2. Word"
    j = i
    while j >= 0 and text[j].isdigit():
        j -= 1
    return j < i and (j < 0 or text[j] in " \t\r\n") and text[i + 1: i + 2] in (".", ")")


def _plain(word: str) -> bool:
    """A word whose case says nothing by itself: capitalised first letter, the rest in lowercase."""
    return word[:1].isupper() and (len(word) == 1 or word[1:].islower()) and not any(c.isdigit() for c in word)


def find_names(text: str, lang: str, start: int, end: int, evidence: Evidence | None,
               title_case: bool = False) -> list[Name]:
    """Proper names in text[start:end] found by their form (see the module docstring). `title_case`: the
    span is a heading or a title, where every word may be capitalised."""
    rules = _rules(lang)
    out: list[Name] = []
    for m in rules.run.finditer(text, start, end):
        run = m.group()
        if " " not in run and (len(run) > LONGEST_WORD or HAS_DIGIT(run)):
            continue  # one token with digits in it is a code or a part number (A100, x9Ab3), not a name
        name = _trimmed(text, m.start(), m.end(), rules, evidence, title_case, rules.cased)
        if name is not None and not _excluded(text, name, rules, start):
            out.append(name)
    if rules.han is not None:
        generic = rules.han_generic
        out += [Name(m.start(), m.end(), m.group()) for m in rules.han.finditer(text, start, end)
                if not (generic is not None and generic.fullmatch(m.group("p")))
                and not _excluded(text, Name(m.start(), m.end(), m.group()), rules, start)]
        out.sort(key=lambda n: n.start)
    return out


def _trimmed(text: str, start: int, end: int, rules: _Rules, evidence: Evidence | None,
             title_case: bool, cased: bool) -> Name | None:
    """A run of capitalised words without the words at its ends that are not names. What the run gives
    depends on its words, on whether it stands where any word is capitalised and on the document's evidence
    only, so each distinct run is trimmed once per document (a name is written many times)."""
    # In a language whose own script has no case (Chinese), a capitalised Latin word is capitalised for
    # its own sake wherever it stands.
    title_case = title_case and cased
    initial = cased and (title_case or _opens(text, start))
    run = text[start:end]
    if evidence is None:
        span = _trim(run, rules, None, title_case, initial)
    else:
        key = (id(rules), run, title_case, initial)  # rules: one cached object per pack, kept for the process
        memo = evidence.trimmed
        span = memo[key] if key in memo else memo.setdefault(key, _trim(run, rules, evidence, title_case, initial))
    if span is None:
        return None
    s, e = span
    return Name(start + s, start + e, run[s:e])


def _trim(text: str, rules: _Rules, evidence: Evidence | None, title_case: bool,
          initial: bool) -> tuple[int, int] | None:
    """(start, end) of the name in a run of capitalised words `text`, or None; `title_case`: the run is in a
    title of a cased language; `initial`: it stands where any word is capitalised."""
    words = [m.span() for m in WORD.finditer(text)]

    def word(k: int) -> str:
        return text[words[k][0]:words[k][1]]

    def allowed(w: str) -> bool:
        """Whether a word may open or close a name (joiners, codes and versions stand only inside one)."""
        if w in rules.joiners or HAS_DIGIT(w) or PERIOD_TOKEN.fullmatch(w) or len(w) == 1:
            return False
        # GPU-hour, AI-driven: a generic word with a suffix
        return not any(p in rules.not_names or p.casefold() in rules.not_names_folded or p.islower()
                       for p in [w, *w.split("-")[:1]])

    first, last = 0, len(words) - 1
    while first <= last and not allowed(word(first)):
        first += 1
    while last > first and not allowed(word(last)):
        last -= 1
    if first > last:
        return None
    # Where any word is capitalised (a sentence's first word, a title), a lone plain word needs the
    # document's word for it; a run of several capitalised words is a name (Kilo Code, Banque de France),
    # except in a title, where each of its plain words needs that word too.
    plain = [k for k in range(first, last + 1) if _plain(word(k)) and word(k) not in rules.joiners]
    if title_case:
        last = _title_name_end(plain, first, last, word, allowed, evidence)
        if last is None:
            return None
    elif initial and first < last and evidence is not None and plain and plain[0] == first \
            and not evidence.never_lowercase(word(first)) \
            and not evidence.seen_inside(text[words[first][0]:words[last][1]]):
        # several capitalised words opening a sentence or a label (Net Profit, Total Income): a name if the
        # document never writes the first of them in lowercase, or writes the run inside a sentence
        # elsewhere (Northwind Bank, though it speaks of "the bank")
        return None
    elif first == last and plain and evidence is not None \
            and not (evidence.is_name(word(first)) if initial else evidence.never_lowercase(word(first))):
        # a lone plain word: never one the document also writes in lowercase ("Cloud GPU", "the cloud"),
        # and where any word is capitalised, one the document capitalises for its own sake elsewhere
        return None
    s, e = words[first][0], words[last][1]
    if text.endswith(("'s", "’s"), s, e):
        e -= 2  # DBS Group’s workforce: the name is DBS Group
    if first == last and CODE.fullmatch(text[s:e]):
        return None  # a model or part number alone (A100, GB200, INT4): a product, not who a figure is about
    return s, e


def _title_name_end(plain: list[int], first: int, last: int, word: Callable[[int], str],
                    allowed: Callable[[str], bool], evidence: Evidence | None) -> int | None:
    """Where a run of a title's capitalised words ends as a name (its last word), or None: in a title every
    word is capitalised, so the first plain word needs the document to capitalise it for its own sake
    elsewhere, the others never to write it in lowercase (Acme Robotics, not Key Insights); the name ends
    before the first plain word the document does not back ("OpenRouter Token Usage Growth Drivers" names
    OpenRouter)."""
    if not plain:
        return last
    if evidence is None:
        return None
    for k in plain:
        if not (evidence.is_name(word(k)) if k == plain[0] else evidence.never_lowercase(word(k))):
            last = k - 1
            while last >= first and not allowed(word(last)):
                last -= 1
            return last if last >= first else None
    return last


# A news dateline opening a paragraph: the place of writing in capitals, the agency in brackets, a dash
# ("OSLO (Reuters) - ", "PARIS, 6 mai (AFP) — ").
DATELINE = regex.compile(
    r"[ \t*_>]*\p{Lu}[\p{Lu}\p{M} .'’-]*(?:,[^\n()]{1,30})?[ \t]*(?:\([^()\n]{1,40}\))?[ \t]*[-–—]")


def in_dateline(text: str, start: int, end: int) -> bool:
    """Whether text[start:end], in capitals, is the place of a dateline opening its line."""
    line = text.rfind("\n", 0, start) + 1
    if start - line >= 40 or not text[start:end].isupper():
        return False
    m = DATELINE.match(text, line)
    return bool(m) and end <= m.end()


def _excluded(text: str, name: Name, rules: _Rules, floor: int) -> bool:
    """A person (after a role word), a source (after an attribution) or a dateline's place is not a
    subject."""
    if in_dateline(text, name.start, name.end):
        return True
    lo = max(0, name.start - 40)
    for pattern in (rules.before_person, rules.before_source):
        if pattern is not None and pattern.search(text, lo, name.start):
            return True
    return False
