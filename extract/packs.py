"""Language packs: per-language resources (YAML data) compiled once into patterns and lookups.

The engine never asks which language it is working on; everything that differs between languages
is a field of a pack. Adding a language means adding `resources/<code>.yaml`.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from importlib import resources
from typing import Any

import regex
import yaml

SP = "[ \\t\\u00a0\\u202f]"  # horizontal space, including the no-break spaces French typography uses
LANG_TO_PACK = {"en": "en", "fr": "fr", "zh": "zh", "zh-Hans": "zh", "zh-Hant": "zh"}
GAP = "[ ]*"  # between characters typed apart
YEAR_RE = "(?:19|20)\\d{2}"


@functools.cache
def load_yaml(name: str) -> dict[str, Any]:
    """A resource file of the package, parsed."""
    text = resources.files("extract.resources").joinpath(name).read_text(encoding="utf-8")
    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)) or {}


@functools.cache
def available_languages() -> tuple[str, ...]:
    """Codes of every language pack shipped as `resources/<code>.yaml`."""
    names = [p.name for p in resources.files("extract.resources").iterdir()]
    return tuple(sorted(n[:-5] for n in names if n.endswith(".yaml")
                        and n not in ("base.yaml", "entities.yaml", "countries.yaml")))


def ending(pattern: str) -> regex.Pattern:
    """A pattern that must end where a window ends (`search(text, start, end)`), compiled to be tried
    backwards from that end: one attempt at the end, and at each other position of the window only the
    anchor, which fails at once. The work still grows with the window: callers keep it short."""
    return regex.compile("(?r)" + pattern, regex.V1)


def lexicon(words: list[str], *, spaced: bool, ignore_case: bool = False, after_digits: bool = False,
            backward: bool = False, gaps: bool = False, lowercase: bool = False) -> str:
    """A longest-first alternation of literal words.

    In scripts written with spaces, an entry that begins or ends with a letter must not touch another
    letter there, so that "over" never matches inside "Moreover". `backward` for a pattern of `ending()`,
    which the engine reads from right to left. Those checks stand once around the
    whole alternation, not on each entry: "either the left side is free or the word does not begin with
    a letter" says the same thing, and leaves the regex engine a bare list of literals, which it tries
    many times faster than hundreds of alternatives each opening with its own lookbehind.

    `lowercase`: the same words in the syntax of the standard library's engine, for a text in lowercase
    (`lowered`), where the engine reads a trie of literals several times faster than `regex` does.
    """
    entries = sorted({w for w in words if w}, key=lambda w: (-len(w), w))
    if not entries:
        return "(?!)"
    trie = _trie(entries, fold=ignore_case or lowercase, backward=backward, gaps=gaps)
    alt = f"(?i:{trie})" if ignore_case and not lowercase else f"(?:{trie})"
    if not spaced:
        return alt
    if lowercase:
        # [^\W_] is [\p{L}\p{N}], a class the engine tries at every position at once; the letter is
        # tried only where a word matched.
        before, after = _guards(entries, r"[^\W_]", _re_letter(), after_digits)
    else:
        before, after = _guards(entries, r"[\p{L}\p{N}]", r"\p{L}", after_digits)
    return f"(?:{before}{alt}{after})"


def _guards(entries: list[str], alnum: str, letter: str, after_digits: bool = False) -> tuple[str, str]:
    """The checks before and after a lexicon of a script written with spaces, in the syntax of an engine:
    `alnum` is its class of letters and digits, `letter` its letter."""
    # Units may touch the digits before them ("75ml"); other words stand apart.
    free = f"(?<!{letter})" if after_digits else f"(?<!{alnum})"
    lettered = [bool(regex.match(r"[\p{L}\p{N}]", w)) for w in entries]
    before = free if all(lettered) else f"(?:{free}|(?!{alnum}))" if any(lettered) else ""
    # ... nor run on into an elided word: the c of "5 $ c'est" is not the c of "$ c" (Canadian dollars).
    ends_in_letter = any(regex.search(r"\p{L}$", w) for w in entries)
    after = f"(?:(?<!{letter})|(?!{letter}|['’]{letter}))" if ends_in_letter else ""
    return before, after


@functools.lru_cache(maxsize=4)
def lowered(text: str) -> str | None:
    """The text in lowercase, where that keeps every offset (it does not for İ); else None. Cached: a
    document's lines are read against the whole text, so it is lowered once."""
    low = text.lower()
    return low if len(low) == len(text) else None


# Every character of the class below lies under this code point (a test reads the whole of Unicode).
NUMERIC_SYMBOLS_BELOW = 0x20000


@functools.cache
def numeric_symbols() -> str:
    """The characters the standard library's `[^\\W\\d_]` counts with letters although they are numbers
    (², ½, Ⅻ, ①): taken out of it, that class is exactly the letters, \\p{L}."""
    letters_and_numbers = re.sub(r"[\W\d_]+", "", "".join(map(chr, range(NUMERIC_SYMBOLS_BELOW))))
    return "".join(c for c in letters_and_numbers if not c.isalpha())


@functools.cache
def _re_letter() -> str:
    """\\p{L} for the standard library's engine, checked only where a word has matched."""
    return f"(?:(?![{re.escape(numeric_symbols())}])[^\\W\\d_])"


class LowercasePattern:
    """A pattern that ignores case, in two forms: one for the standard library's engine, read on the text
    in lowercase (`lowered`: the same offsets), which reads a trie of literals several times faster than
    `regex` does; and the `regex` one, read on the text itself where lowering would move offsets (İ).
    Matches found the first way are of the lowercase text: their `group()` is in lowercase."""

    def __init__(self, fallback: regex.Pattern, fast: re.Pattern) -> None:
        self.fallback, self.fast = fallback, fast

    @classmethod
    def of_words(cls, words: list[str], *, spaced: bool) -> LowercasePattern:
        """What `regex.compile(lexicon(words, spaced=spaced, ignore_case=True))` finds."""
        return cls(regex.compile(lexicon(words, spaced=spaced, ignore_case=True)),
                   re.compile(lexicon(words, spaced=spaced, lowercase=True)))

    def match(self, text: str, start: int, end: int):
        low = lowered(text)
        return self.fallback.match(text, start, end) if low is None else self.fast.match(low, start, end)

    def finditer(self, text: str, start: int, end: int):
        low = lowered(text)
        return self.fallback.finditer(text, start, end) if low is None else self.fast.finditer(low, start, end)


def _trie(words: list[str], *, fold: bool, backward: bool = False, gaps: bool = False) -> str:
    """An alternation of literal words factored on their common prefixes: `c(?:apex|ompute)` rather than
    `capex|compute`. The engine then reads each position's next character once instead of trying every
    word in turn. Every word that matches at a position lies on one path of the trie, and each ending is
    an optional, greedy tail, so the longest is tried first and shorter ones on backtracking: the same
    order as a longest-first list. A pattern read backwards (`ending()`) needs the mirror image, factored
    on common suffixes (`(?:US)?\\$`). Under `fold` (matched ignoring case) words are keyed lowercase, so
    that two spellings of one word share a path. `gaps`: spaces may stand between the characters of a
    word (百 分 之), as in text typed character by character in a script written without spaces."""
    root: dict = {}
    for w in words:
        key = w.lower() if fold and len(w.lower()) == len(w) else w
        node = root
        for ch in reversed(key) if backward else key:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict, top: bool = False) -> str:
        gap = "" if top or not gaps else GAP  # inside the optional tail, so no trailing space is taken
        branches = [emit(child) + regex.escape(ch) + gap if backward else gap + regex.escape(ch) + emit(child)
                    for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        if len(branches) == 1 and "" not in node:
            return branches[0]
        return "(?:" + "|".join(branches) + ")" + ("?" if "" in node else "")

    return emit(root, top=True)


def _glued_codes(forms: list[str]) -> str:
    """Alternatives of a lookbehind for the currency forms that may touch the digits after them (USD5,
    RM5). Codes in capitals are checked only where a short run of capitals stands alone: the cheap test
    fails at once on most letters before a digit, so a long line of letters and digits stays fast."""
    latin = [f for f in forms if regex.search(r"\p{Latin}$", f)]
    capitals = [f for f in latin if regex.fullmatch(r"\p{Lu}+", f)]
    others = [f for f in latin if f not in capitals]
    out = ""
    if capitals:
        lo, hi = min(map(len, capitals)), max(map(len, capitals))
        out += f"|(?<=(?<!\\p{{L}})\\p{{Lu}}{{{lo},{hi}}})(?<={lexicon(capitals, spaced=False)})"
    if others:
        out += f"|(?<={lexicon(others, spaced=False)})"
    return out


class _Never:
    """What a pattern of an empty word list compiles to: it matches nothing, and answers so without a call
    into the regex engine, which costs about a microsecond at every figure that tries it."""

    pattern = "(?!)"

    def match(self, *args, **kwargs) -> None:
        return None

    search = fullmatch = match

    def finditer(self, *args, **kwargs):
        return iter(())

    def findall(self, *args, **kwargs) -> list:
        return []


NEVER = _Never()


class Lookup(dict):
    """Surface form -> value, case-insensitive for words, exact for symbols."""

    def find(self, surface: str) -> Any:
        if surface in self:
            return self[surface]
        found = self.get(surface.casefold())
        if found is None and " " in surface:  # typed apart: 百 分 之
            return self.find(surface.replace(" ", ""))
        return found

    def add(self, surface: str, value: Any, ignore_case: bool) -> None:
        self.setdefault(surface, value)
        if ignore_case:
            self.setdefault(surface.casefold(), value)


def _merge(base: dict, pack: dict) -> dict:
    """Pack fields extend base fields: dicts merge recursively, lists concatenate."""
    out = dict(base)
    for key, value in pack.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        elif isinstance(value, list) and isinstance(out.get(key), list):
            out[key] = out[key] + [v for v in value if v not in out[key]]
        else:
            out[key] = value
    return out


@dataclass
class Pack:
    """A compiled language pack. Built by `get_pack`; treat as read-only."""

    code: str
    data: dict[str, Any]
    spaced: bool

    def __post_init__(self) -> None:
        d, spaced = self.data, self.spaced
        nums = d.get("numbers", {})
        self.decimal_mark: str = nums.get("decimal", ".")
        self.group_marks: list[str] = nums.get("group", [","])
        self.numerals: dict[str, Any] = d.get("numerals") or {}
        self._compile_units(d, spaced)
        self._compile_numbers(d, nums, spaced)
        self._compile_context(d, spaced)
        for name, value in list(vars(self).items()):
            if isinstance(value, regex.Pattern) and value.pattern in ("(?!)", "(?r)(?!)"):
                setattr(self, name, NEVER)
        # What `_unit_at` tries after a number, in order; a pattern of an empty list is left out.
        units = (self.unit_re, self.conn_unit_re, self.hyphen_unit_re, self.gap_item_re)
        self.unit_patterns = tuple(p for p in units if p is not NEVER)
        self.scaled_unit_patterns = tuple(p for p in (*units, self.conn_measure_re) if p is not NEVER)

    @functools.cached_property
    def unit_name_re(self) -> regex.Pattern:
        """`unit_names` as one pattern; compiled on first use, by `parse` only (the tables need figures)."""
        return regex.compile(lexicon(self.unit_names, spaced=self.spaced, ignore_case=True))

    # ----------------------------------------------------------------- units
    def _compile_units(self, d: dict, spaced: bool) -> None:
        currencies = _currencies(d)
        units = Lookup()  # surface -> (kind, unit)
        groups: dict[str, list[str]] = {}
        symbols: dict[str, list[str]] = {}

        def add(kind: str, surface: str, unit: Any, ignore_case: bool = True) -> None:
            units.add(surface, (kind, unit), ignore_case)
            (groups if ignore_case else symbols).setdefault(kind, []).append(surface)

        for code, forms in currencies.items():
            for s in forms.get("after", []):
                add("currency", s, code, ignore_case=not _is_code_or_symbol(s))
        for s in d.get("percent", {}).get("after", []):
            add("percent", s, "%", ignore_case=not _is_code_or_symbol(s))
        for s, f in (d.get("percent", {}).get("scaled_after") or {}).items():
            add("percent", s, ("%", float(f)), ignore_case=False)
        for s in d.get("points", {}).get("after", []):
            add("points", s, "pp", ignore_case=not _is_code_or_symbol(s))
        for s in d.get("multiples", {}).get("after", []):
            add("multiple", s, "x", ignore_case=s not in ("x", "X"))
        for unit, forms in (d.get("durations") or {}).items():
            for s in forms:
                add("duration", s, unit)
        prefixes = d.get("si_prefixes") or {}
        for sym, spec in (d.get("physical") or {}).items():
            if not spec.get("prefixed_only"):
                add("physical", sym, (spec["base"], 1.0), ignore_case=False)
            for p in spec.get("prefixes") or d.get("default_prefixes") or []:
                factor = float(prefixes[p]) ** int(spec.get("power", 1))
                add("physical", p + sym, (spec["base"], factor), ignore_case=False)
                if sym == "b/s":
                    add("physical", p + "bps", (spec["base"], float(prefixes[p])), ignore_case=False)
        for sym, words in (d.get("physical_words") or {}).items():
            base = units.find(sym)
            for w in words:
                add("physical", w, base[1])
        for spec in (d.get("measures") or {}).values():
            for w in spec["forms"]:
                unit = (spec["unit"], float(spec.get("factor", 1.0)))
                add("physical", w, unit, ignore_case=not _is_code_or_symbol(w))
        # The subunit an amount's unsaid tail counts in: "15 dollars 50" is cents, "一块二" is 角 (0.1).
        self.unsaid_subunit: dict[str, float] = {}
        self.zero_numerals = frozenset(c for c, v in ((d.get("numerals") or {}).get("digits") or {}).items() if v == 0)
        for key, spec in (d.get("subunits") or {}).items():
            code = spec.get("code", key)  # a second subunit of one currency has a key of its own
            self.unsaid_subunit[code] = max(self.unsaid_subunit.get(code, 0.0), float(spec["factor"]))
            for w in spec["forms"]:
                add("subunit", w, (code, float(spec["factor"])), ignore_case=not _is_code_or_symbol(w))
        # Subunits that are money only in the tail of an amount (三块四分): alone, 分 is a score or a minute.
        self.tail_subunits = Lookup()
        for key, spec in (d.get("tail_subunits") or {}).items():
            code = spec.get("code", key)
            if code != "*":
                self.unsaid_subunit[code] = max(self.unsaid_subunit.get(code, 0.0), float(spec["factor"]))
            for w in spec["forms"]:
                self.tail_subunits.add(w, (code, float(spec["factor"])), not _is_code_or_symbol(w))
        tails = lexicon(list(self.tail_subunits), spaced=spaced, ignore_case=True, after_digits=True)
        self.tail_subunit_re = regex.compile(f"{SP}{{0,2}}(?P<u>{tails})")
        # Those of them that are money alone too (5分, 两毫), where no word goes on from them and no score or
        # time of day is said before the figure.
        alone = [w for spec in (d.get("tail_subunits") or {}).values() if spec.get("alone") for w in spec["forms"]]
        rules = d.get("alone_subunits") or {}
        self.alone_subunit_re = regex.compile(
            f"{SP}{{0,2}}(?P<u>{lexicon(alone, spaced=spaced)})(?!{rules.get('word_goes_on') or '(?!)'})"
        ) if alone else None
        blockers = rules.get("not_after") or []
        self.alone_subunit_blocked_re = ending(
            f"(?:{lexicon(blockers, spaced=spaced, backward=True)}){rules.get('gap') or ''}$") if blockers else NEVER
        counts = d.get("counts") or {}
        for item, forms in (counts.get("items") or {}).items():
            for s in forms:
                add("count", s, item)
        self.units = units
        # Unit symbols of measure ending in a letter (kg, km, MW): the end of a range may follow one and a
        # hyphen, glued ("20kg-30kg").
        self.measure_symbols = sorted({w for w in symbols.get("physical", []) if regex.search(r"\p{Latin}$", w)})
        self.classifiers = list(counts.get("classifiers") or [])
        self.modifier_gap = int(counts.get("modifier_gap") or 0)

        def alt(kinds: tuple[str, ...]) -> str:
            words = [w for k in kinds for w in groups.get(k, [])]
            syms = [w for k in kinds for w in symbols.get(k, [])]
            parts = [lexicon(syms, spaced=spaced, after_digits=True, gaps=not spaced),
                     lexicon(words, spaced=spaced, ignore_case=True, after_digits=True, gaps=not spaced)]
            return "(?:" + "|".join(parts) + ")"

        every = ("percent", "points", "currency", "subunit", "multiple", "duration", "physical", "count")
        conns = d.get("unit_connectors") or []
        classifier = lexicon(self.classifiers, spaced=False)
        # The unit right after a number; a connector only before money and counted things.
        # A unit may stand in brackets ("20 (kg)", "20 [kg]"); a symbol that a digit runs on from is not one
        # (24703L202, "24703 m212": a code), nor is a capital letter that a hyphen and digits run on from
        # (24703 L-202, as F-16). A script without spaces may pad a unit with any number of them.
        pad = f"{SP}{{0,2}}" if spaced else f"{SP}*"
        glued = "(?!(?<=[\\p{Latin}0-9])[0-9]|(?<=(?<!\\p{L})\\p{Lu})-[0-9])"
        # Each opening bracket wants its own closing one (45{kg) holds no unit).
        opening = "|".join(f"(?P<b{k}>{regex.escape(o)})" for k, o in enumerate("([{<"))
        closing = glued
        for k, c in reversed(list(enumerate(")]}>"))):
            closing = f"(?(b{k}){regex.escape(c)}|{closing})"
        self.unit_re = regex.compile(f"{pad}(?:{opening})?(?P<u>{alt(every)}){closing}")
        conn = lexicon(conns, spaced=spaced, ignore_case=True)
        self.conn_unit_re = regex.compile(
            f"{SP}{{0,2}}{conn}{SP}*(?P<u>{alt(('currency', 'subunit', 'count'))})" if conns else "(?!)")
        # A measure takes the connector only after a scale word: "1,5 million de gallons" (not "5 of m").
        self.conn_measure_re = regex.compile(f"{SP}{{0,2}}{conn}{SP}*(?P<u>{alt(('physical',))})" if conns else "(?!)")
        # "a dollar", "a kilogram", "an ounce": the article counts one of a unit of money or measure (a code or
        # a one-letter symbol after an article is a word of the text: "a m", "a L.A. firm").
        articles = (d.get("number_words") or {}).get("articles") or []
        kinds = ("currency", "subunit", "physical")
        named = [w for k in kinds for w in groups.get(k, [])] + \
            [w for k in kinds for w in symbols.get(k, []) if len(w) > 1 and not w.isupper()]
        self.article_unit_re = regex.compile(
            f"(?<![\\p{{L}}\\p{{N}}])(?P<a>{lexicon(articles, spaced=spaced, ignore_case=True)}){SP}+"
            f"(?={lexicon(named, spaced=spaced, ignore_case=True)}(?![\\p{{L}}\\p{{N}}]))") if articles else None
        # The names of units of money and measure, for a unit said without a figure ("prices in dollars",
        # 人民币美元); a symbol or a code alone is too often a letter of the text.
        shortest = 3 if spaced else 2
        self.unit_names = sorted({w for k in ("currency", "physical") for w in groups.get(k, [])
                                  if len(w) >= shortest and not _is_code_or_symbol(w)})
        self.hyphen_unit_re = regex.compile(
            f"-(?P<u>{alt(('duration', 'count', 'physical', 'currency', 'subunit', 'multiple'))})")
        self.gap_item_re = regex.compile(
            f"{SP}+\\p{{L}}[\\p{{L}}-]*{SP}+(?P<u>{alt(('count',))})" if self.modifier_gap else "(?!)"
        )
        self.classifier_re = regex.compile(f"(?P<c>{classifier})(?P<u>{alt(('count',))})?")

        # Money words that also name a measure (pounds, livres): the measure where the line speaks of it.
        self.alternative_units = tuple(
            (ending(f"(?:{lexicon(spec['forms'], spaced=spaced, ignore_case=True, backward=True)})$"),
             regex.compile(lexicon(spec["cues"], spaced=spaced, ignore_case=True)), spec["unit"])
            for spec in d.get("alternative_units") or [])

        self.tenth_tail = tuple(d.get("percent", {}).get("tenth_tail") or ())
        self.below_whole = tuple(d.get("percent", {}).get("below_whole") or ())
        fixed = d.get("percent", {}).get("fixed") or {}
        self.fixed_percents = Lookup()
        for s, v in fixed.items():
            self.fixed_percents.add(s, float(v), True)
        self.fixed_percent_re = regex.compile(lexicon(list(fixed), spaced=spaced, ignore_case=True)) if fixed else None

        # Units written before the figure: currency signs and codes, "百分之".
        pairs = [(s, ("currency", code), not _is_code_or_symbol(s))
                 for code, forms in currencies.items() for s in forms.get("before", [])]
        pairs += [(s, ("percent", "%"), True) for s in d.get("percent", {}).get("before", [])]
        pairs += [(s, ("percent", ("%", float(f))), True)
                  for s, f in (d.get("percent", {}).get("scaled_before") or {}).items()]
        before = Lookup()
        for s, value, ignore_case in pairs:
            before.add(s, value, ignore_case)
        self.before_units = before
        self.before_unit_forms = bw = [s for s, _, _ in pairs]
        self.before_unit_re = ending(f"(?P<u>{lexicon(bw, spaced=spaced, backward=True, gaps=not spaced)}){SP}{{0,2}}$")
        self.before_unit_at_re = regex.compile(f"(?P<u>{lexicon(bw, spaced=spaced, gaps=not spaced)}){SP}{{0,2}}")
        # "the percentage of 25 firms" names a share of them; "percentage of twenty" alone is 20 %.
        blockers = d.get("percent", {}).get("before_not_after") or []
        self.before_percent_blocked_re = ending(
            f"(?:{lexicon(blockers, spaced=spaced, ignore_case=True, backward=True)}){SP}+$") if blockers else NEVER

        # Rates: "per GPU-hour", "/heure", "每小時" (before the figure where the pack says so).
        per = d.get("per") or {}
        per_nouns = Lookup()
        for unit, forms in (per.get("nouns") or {}).items():
            for s in forms:
                per_nouns.add(s, unit, True)
        self.per_nouns = per_nouns
        markers = lexicon(per.get("markers") or [], spaced=spaced, ignore_case=True)

        def rate(backward: bool) -> tuple[str, str]:
            """(denominator, nouns) of a rate, for a pattern read forwards or (`ending()`) backwards."""
            def lex(words: list[str], sp: bool = spaced, ic: bool = True) -> str:
                return lexicon(words, spaced=sp, ignore_case=ic, backward=backward)

            scale_words = lex(list((d.get("scales") or {}).keys()))
            abbrev = lex([str(a) for a in (d.get("scale_abbreviations") or {})], sp=False, ic=False)
            number = f"\\d[\\d,.]*(?:{abbrev}|{SP}*{scale_words})?"
            conns = lex(d.get("unit_connectors") or [])
            classifier = lex(self.classifiers, sp=False, ic=False)
            denominator = f"(?:(?P<ps>{scale_words}|{number}){SP}*(?:{conns}{SP}*)?)?(?:{classifier}{SP}*)?"
            # "/MTok": a scale abbreviation glued to the noun.
            glued = lex(list(per_nouns.keys()), sp=False, ic=False)
            nouns = f"(?:(?P<pa>{abbrev})(?P<pg>{glued})(?!\\p{{L}})|{lex(list(per_nouns.keys()))})"
            return denominator, nouns

        denominator, nouns = rate(backward=False)
        self.per_re = regex.compile(f"{SP}*(?:{markers}){SP}*{denominator}(?P<pn>{nouns})")
        denominator, nouns = rate(backward=True)
        prefix = lexicon(per.get("prefix") or [], spaced=spaced, backward=True)
        self.per_prefix_re = ending(
            f"(?:{prefix}){SP}*{denominator}(?P<pn>{nouns}){SP}*$" if per.get("prefix") else "(?!)"
        )
        # "per 1,000 tokens": a figure right after one of these is someone else's denominator.
        denominators = lexicon(per.get("denominator_markers") or [], spaced=spaced, ignore_case=True, backward=True)
        self.denominator_re = ending(f"(?:{denominators}){SP}*$")
        # A minus: a sign glued to the figure (not a range's dash or a name's hyphen: no digit, Latin letter or
        # % before it; after a Chinese character it is a sign, 同比-5%), or a word.
        signs = [s for s in d.get("negative") or [] if not s[0].isalpha()]
        words = [s for s in d.get("negative") or [] if s[0].isalpha()]
        self.negative_re = ending(
            f"(?:(?<![\\p{{Latin}}\\p{{N}}%)\\].,\\-−－]){lexicon(signs, spaced=False, backward=True)}"
            f"|{lexicon(words, spaced=spaced, ignore_case=True, backward=True)}{SP}*)$")

    # --------------------------------------------------------------- numbers
    def _compile_numbers(self, d: dict, nums: dict, spaced: bool) -> None:
        scales = Lookup()
        for w, f in (d.get("scales") or {}).items():
            scales.add(w, float(f), True)
        abbrev = Lookup()
        for w, f in (d.get("scale_abbreviations") or {}).items():
            abbrev.add(str(w), float(f), False)
        self.scales, self.scale_abbrev = scales, abbrev
        words = lexicon(list(scales.keys()), spaced=spaced, ignore_case=True)
        singles = [w for w in abbrev if len(w) == 1]
        multis = [w for w in abbrev if len(w) > 1]
        # An abbreviation must not run on into a word of its script ("5 mins"); a Chinese character after it
        # starts the next word (12k个百分点).
        free = "(?![\\p{Latin}\\p{Greek}\\p{Cyrillic}\\p{N}])"
        self.scale_re = regex.compile(
            f"(?:{SP}{{0,2}}(?P<s>{words})"
            f"|{SP}?(?P<a>{lexicon(multis, spaced=False)}){free}"
            f"|(?P<a1>{lexicon(singles, spaced=False)}){free}"
            # A capital letter (or k) may stand apart: "1,674.5 G", "- 10  k"; "5 m" stays five metres.
            f"|{SP}{{1,2}}(?P<a2>{lexicon([s for s in singles if s.isupper() or s == 'k'], spaced=False)})"
            f"(?![\\p{{L}}\\p{{N}}]))"
        )
        groups = ["\\d{1,3}(?:,\\d{3})+(?:\\.\\d+)?", "\\d{1,3}(?:\\.\\d{3})+(?:,\\d+)?"]
        # Thousands grouped by spaces: plain spaces where the language does it, no-break spaces anywhere.
        spaces = "[ \\u00a0\\u202f]" if nums.get("space_groups") else "[\\u00a0\\u202f]"
        decimal = regex.escape(nums.get("decimal", "."))
        groups.append(f"\\d{{1,3}}(?:{spaces}\\d{{3}})+(?![\\d])(?:{decimal}\\d+)?")
        if not nums.get("space_groups"):
            # A group that opens with a zero cannot be a number of its own: "40 000", "1 414 021 100" are one.
            groups.append(f"\\d{{1,3}}(?: \\d{{3}})*(?: 0\\d{{2}})(?: \\d{{3}})*(?![\\d])(?:{decimal}\\d+)?")
        if nums.get("split_decimal"):
            after = [*scales.keys(), *self.units.keys()]
            follow = lexicon([w for w in after if not w.isascii() or len(w) > 1], spaced=spaced, ignore_case=True)
            groups.append(f"\\d+, \\d{{1,2}}(?!\\d)(?={SP}?(?:%|{follow}))")
        groups.append("\\d+(?:[.,]\\d+)?")
        # A leading decimal mark: ".75 cups", ",08".
        groups.append(f"(?<![\\p{{L}}\\p{{N}}.,]){decimal}\\d+(?![.,]\\d)")
        # A digit run glued to a Latin letter is part of a name (H100, MI300X, v5, T1, GPT-4) and never an
        # atom, unless those letters are a currency code written before the figure (USD5).
        # The other end of a range of scaled figures may follow a hyphen: "5k-20k", "2M-3M".
        scaled_end = f"|(?<=[0-9](?:{lexicon(list(abbrev), spaced=False)})[-–])" if len(abbrev) else ""
        if self.measure_symbols:
            scaled_end += f"|(?<=[0-9][ ]?(?:{lexicon(self.measure_symbols, spaced=False)})[-–])"
        glued = f"(?:(?<!\\p{{Latin}}-?){_glued_codes(self.before_unit_forms)}{scaled_end})"
        digits = f"(?P<d>(?=[\\d.,]){glued}(?<!\\d)(?:" + "|".join(groups) + ")(?!\\d))"
        # Scientific notation and powers: 1e10, 12,32e+14, 2^5, 1.1^--23 (two signs: a plus).
        digits += "(?P<x>(?:[eE]|\\^)[+\\-−－]{0,2}\\d{1,3}(?![\\p{L}\\d]))?"
        # A decimal said in words between digits, as a transcript writes it: "1 point 1", "point 77" (after a
        # word, "at some point 500 people" is no decimal; "Point 5:" heads a list).
        points = [w for w in (d.get("number_words") or {}).get("point") or [] if w.isalpha()]
        self.point_words = tuple(w.casefold() for w in points)
        self.spoken_decimal_re = regex.compile(
            f"(?:(?<![\\p{{L}}\\p{{N}}.,])(?P<w>\\d+)[ ]+|(?<![\\p{{L}}\\p{{N}}][ ]*))"
            f"{lexicon(points, spaced=spaced)}[ ]+(?P<f>\\d+)(?![.,]?\\d)") if points else None
        # Fractions in digits: 3/4, 2 1/4 (a whole part of at most three digits, so that "2023 3/4" stays a
        # year). A date or a version (5/17/2018, 1/2/3) is not one.
        fraction_digits = ("(?P<fr>(?<![\\d/／:])(?<!\\d[.,])(?:(?P<fw>\\d{1,3})[ ]+(?=\\d+[/／]\\d))?(?P<fn>\\d+)[/／]"
                           "(?P<fd>\\d+)(?![\\d/／:]|[.,]\\d))")
        # Looked for only around a slash, as Chinese fractions around their mark (below).
        self.digit_fraction_re = regex.compile(fraction_digits)
        alts = [digits]
        num = self.numerals
        if num:
            # Chinese numerals, digits mixed in (5亿1万), spaces between them, a decimal mark (十五點七),
            # and fractions (三分之一, 一又二分之一): one alternative each, tried before plain digits.
            cjk = regex.escape("".join([*num.get("digits", {}), *num.get("small_units", {}),
                                        *num.get("tens", {}), *num.get("large_units", {}), *num.get("half", [])]))
            point = "|".join(regex.escape(p) for p in num.get("point", [])) or "(?!)"
            # A fraction mark may be typed with spaces between its characters (三分  之一).
            frac = "|".join(GAP.join(regex.escape(c) for c in f) for f in num.get("fraction", [])) or "(?!)"
            mixed = "|".join(regex.escape(f) for f in num.get("mixed", [])) or "(?!)"
            neg = "|".join(regex.escape(f) for f in num.get("negative", [])) or "(?!)"
            # A run that starts with digits is written in mixed style and may go on with digits (3万4000,
            # 1千零1); a run of Chinese numerals never takes digits after it (in 每百万3美元, 3 is the price).
            chinese = f"[{cjk}](?:[{cjk}]|[ ]+(?=[{cjk}]))*"
            mixed_style = f"[0-9]+[ ]*[{cjk}](?:[{cjk}0-9]|[ ]+(?=[{cjk}0-9]))*"
            seq = f"(?:{mixed_style}|{chinese})"
            decimals = regex.escape("".join(c for c in [*num.get("digits", {}), *num.get("small_units", {}),
                                                         *num.get("tens", {}), *num.get("large_units", {})]
                                            if c not in (num.get("not_decimal") or [])))
            value = f"{seq}(?:[ ]*(?:{point})[ ]*[{decimals}0-9]+)?"
            part = f"(?:{value}|[0-9]+(?:\\.[0-9]+)?)"
            # The denominator opens with a digit or a ten (十分之一, 十四分之一); either side may be negative.
            lead = regex.escape("".join([*num.get("digits", {}), *num.get("small_units", {})]))
            fraction = (f"(?:{part}[ ]*(?:{mixed})[ ]*)?(?:{neg})?[{lead}0-9][{cjk}0-9 ]*?(?:{frac})[ ]*(?:{neg})?"
                        f"{part}")
            # The leading class lets the engine skip at once the positions where no numeral can begin.
            alts = [f"(?=[{cjk}0-9])(?P<c>(?=[{cjk}0-9 ]*[{cjk}]|{seq}[ ]*(?:{point})){value})", digits]
            # Fractions are looked for only around their marks: as one more alternative of the main pattern
            # their mark would be searched for ahead of every digit, which is quadratic on long lines.
            self.fraction_mark_re = regex.compile(frac) if num.get("fraction") else None
            self.numeral_fraction_re = regex.compile(f"(?P<f>{fraction})")
        self.atom_re = regex.compile("|".join(alts))
        units_chars = {*num.get("small_units", {}), *num.get("large_units", {})} if num else set()
        holding = [f for f in self.before_unit_forms if any(ch in units_chars for ch in f)]
        self.numeral_prefix_re = regex.compile(lexicon(holding, spaced=False, gaps=not spaced))
        self.formal_numerals = frozenset(num.get("formal") or ()) if num else frozenset()
        self.half_after_unit = tuple(num.get("half") or ()) if num else ()
        self.half_numerals = frozenset(self.half_after_unit)
        self.final_unit_numerals = frozenset(num.get("final_unit") or ()) if num else frozenset()
        self.opening_words = tuple(num.get("opening_words") or ()) if num else ()
        # How many numeral characters a unit may open with (千 of 千克, 兆 of 兆瓦): only that many last
        # characters of a numeral need checking for the start of a unit.
        numeral_chars = set(units_chars) | set(num.get("digits") or {}) | set(num.get("tens") or {}) if num else set()
        self.unit_numeral_lead = max((len(w) - len(w.lstrip("".join(numeral_chars))) for w in self.units),
                                     default=0) if numeral_chars else 0
        self.numeral_words_re = regex.compile(lexicon(list(num.get("in_words") or ()), spaced=False)) \
            if num and num.get("in_words") else None
        if not num:
            self.fraction_mark_re, self.numeral_fraction_re = None, None
        nw = d.get("number_words") or {}
        over = [j for j in nw.get("fraction_joiners") or [] if j.isalpha() or " " in j]
        # What joins the parts of a number said with digits and scale words: "4 thousand 3 hundred and 21".
        mixed = lexicon(nw.get("mixed_joiners") or [], spaced=spaced, ignore_case=True)
        self.part_join_re = regex.compile(f"{SP}*(?:{mixed}){SP}*|{SP}+" if nw.get("mixed_joiners") else f"{SP}+")
        self.fraction_re = regex.compile(
            f"{SP}+{lexicon(over, spaced=spaced, ignore_case=True)}{SP}+" if over else "(?!)")
        ordinal = lexicon(d.get("ordinal_before") or [], spaced=spaced, backward=True)
        self.ordinal_re = ending(f"(?:{ordinal}){SP}*$" if d.get("ordinal_before") else "(?!)")
        pronoun = (d.get("number_words") or {}).get("pronoun_after") or []
        self.pronoun_re = ending(f"(?:{lexicon(pronoun, spaced=spaced, ignore_case=True, backward=True)}){SP}+$"
                                 if pronoun else "(?!)")
        lm = d.get("list_markers") or {}
        list_before = lexicon(lm.get("before", []), spaced=spaced, backward=True)
        self.list_before_re = ending(f"(?:{list_before})[ \\t\\u00a0-]*$")
        classifier = lexicon(self.classifiers, spaced=False)
        self.list_after_re = regex.compile(
            f"[+]?{SP}*(?:{classifier})?{SP}*(?:{lexicon(lm.get('after', []), spaced=spaced, ignore_case=True)})"
        )

        # Qualifiers: the nearest phrase before the figure, within the gap the language allows.
        q = d.get("qualifiers") or {}
        self.qual_before = Lookup()
        for name, forms in (q.get("before") or {}).items():
            for s in forms:
                self.qual_before.add(s, name, True)
        self.qual_after = Lookup()
        for name, forms in (q.get("after") or {}).items():
            for s in forms:
                self.qual_after.add(s, name, True)
        gap = q.get("gap") or ""
        qb = lexicon([s for forms in (q.get("before") or {}).values() for s in forms], spaced=spaced, ignore_case=True,
                     backward=True)
        self.qual_before_re = ending(f"(?P<q>{qb}){gap}{SP}*$")
        qa = lexicon([s for forms in (q.get("after") or {}).values() for s in forms], spaced=spaced, ignore_case=True)
        self.qual_after_re = regex.compile(f"{SP}*(?P<q>{qa})")

        # Ranges: "29-31%", "20 to 40 percent", "entre 10 et 20", "49.6至50.5億".
        rng = d.get("range") or {}
        conns = lexicon(rng.get("connectors") or [], spaced=spaced, ignore_case=True)
        self.range_re = regex.compile(f"{SP}*(?:{conns}){SP}*")
        bounds = lexicon(rng.get("bound_joiners") or [], spaced=spaced, ignore_case=True)
        self.bound_joiner_re = regex.compile(f"{SP}*(?:{bounds})?{SP}*")
        # "10%与20%之间": a joiner that makes a range only where a closing word follows the second figure.
        between = rng.get("between") or {}
        joins = lexicon(between.get("joins") or [], spaced=spaced, ignore_case=True)
        closers = lexicon(between.get("closers") or [], spaced=spaced, ignore_case=True)
        self.between_join_re = regex.compile(f"{SP}*(?:{joins}){SP}*")
        self.between_close_re = regex.compile(f"{SP}*(?:{closers})")
        money = lexicon(d.get("money_joiners") or [], spaced=spaced, ignore_case=True)
        self.money_join_re = regex.compile(f"{SP}*(?:{money})?{SP}*")
        # Every word that can join the two ends of a range, with no boundaries: where none stands between two
        # figures, no pattern of a range needs trying (most neighbouring figures are not one).
        every_join = [*(rng.get("connectors") or []), *(between.get("joins") or []),
                      *(op["join"] for op in rng.get("openers") or [])]
        self.any_join_re = regex.compile(lexicon(every_join, spaced=False, ignore_case=True))
        self.openers = []
        for op in rng.get("openers") or []:
            blockers = op.get("not_after") or []
            block = lexicon(blockers, spaced=spaced, ignore_case=True, backward=True) if blockers else None
            self.openers.append((
                ending(f"(?:{lexicon([op['open']], spaced=spaced, ignore_case=True, backward=True)}){SP}*$"),
                regex.compile(f"{SP}*(?:{lexicon([op['join']], spaced=spaced, ignore_case=True)}){SP}*"),
                ending(f"(?:{block}){SP}+$") if block else None,
            ))

    # --------------------------------------------------------------- context
    def _compile_context(self, d: dict, spaced: bool) -> None:
        self.metric_words = Lookup()
        for metric, words in (d.get("metrics") or {}).items():
            for w in words:
                self.metric_words.add(w, metric, True)
        self.metric_re = LowercasePattern.of_words(list(self.metric_words.keys()), spaced=spaced)
        self.compound_re = LowercasePattern.of_words(d.get("compound_growth") or [], spaced=spaced)
        self.forecast_re = LowercasePattern.of_words(d.get("forecast_period") or [], spaced=spaced)
        per = d.get("periods") or {}
        self.months = Lookup()
        for w, n in (per.get("months") or {}).items():
            self.months.add(str(w), int(n), True)
        self.ordinals = Lookup()
        for w, n in (per.get("ordinals") or {}).items():
            self.ordinals.add(str(w), int(n), True)
        self.halves = Lookup()
        for w, n in (per.get("halves") or {}).items():
            self.halves.add(str(w), int(n), True)
        month_alt = lexicon(list(self.months.keys()), spaced=spaced, ignore_case=True)
        ord_alt = lexicon(list(self.ordinals.keys()), spaced=spaced, ignore_case=True)
        self.period_patterns = []
        for p in per.get("patterns") or []:
            src = (p["re"].replace("{Y2}", f"(?P<y2>{YEAR_RE})").replace("{Y}", f"(?P<y>{YEAR_RE})")
                   .replace("{M}", f"(?P<month>{month_alt})").replace("{O}", ord_alt))
            src = f"(?<![\\p{{N}}]){src}(?![\\p{{N}}])"
            if spaced:
                src = f"(?<![\\p{{L}}]){src}"
            self.period_patterns.append((regex.compile(src, regex.IGNORECASE if spaced else 0), p["role"]))
        abbrevs = (d.get("sentence") or {}).get("abbreviations") or []
        self.abbreviations = tuple(abbrevs)


def _currencies(d: dict) -> dict[str, dict[str, list[str]]]:
    """The currencies of a pack: its words, plus every ISO code and sign, each before or after a figure."""
    out = {code: {"before": list(f.get("before", [])), "after": list(f.get("after", []))}
           for code, f in (d.get("currencies") or {}).items()}
    extra = {code: [code] for code in d.get("iso_codes") or []}
    for code, signs in (d.get("signs") or {}).items():
        extra.setdefault(code, []).extend(signs)
    for code, forms in extra.items():
        entry = out.setdefault(code, {"before": [], "after": []})
        for side in ("before", "after"):
            entry[side] += [f for f in forms if f not in entry[side]]
    for code in d.get("codes_after_only") or []:
        if code in out:
            out[code]["before"] = [f for f in out[code]["before"] if f != code]
    return out


def _is_code_or_symbol(s: str) -> bool:
    """Codes (USD) and signs ($, km/h) match exactly; words and phrases (dollars, miles per hour) ignore case."""
    letters = s.replace(" ", "").replace("'", "").replace("’", "").replace("-", "")
    return not letters.isalpha() or s.isupper()


@functools.cache
def get_pack(lang: str) -> Pack:
    """The compiled pack for a language code (`zh-Hant` and `zh-Hans` share the `zh` pack)."""
    code = LANG_TO_PACK.get(lang, lang)
    if code not in available_languages():
        raise KeyError(f"no language pack for {lang!r}; available: {', '.join(available_languages())}")
    base = load_yaml("base.yaml")
    data = _merge(base, load_yaml(f"{code}.yaml"))
    return Pack(code=code, data=data, spaced=bool(data.get("word_spacing", True)))


def rules_version() -> str:
    return str(load_yaml("base.yaml").get("rules_version", "0"))
