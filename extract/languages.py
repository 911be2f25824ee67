"""Which language a document, or a block of it, is written in.

Front matter or an HTML `lang` first; then script: Han text is Chinese, and characters only one of the
two scripts uses tell Traditional from Simplified; then the function words each pack lists (the, of, and /
le, des, et): running text uses its own language's many times more than another's, and counting them
costs microseconds; langdetect, seeded so that runs agree, only where those do not settle it (short or
unusual text, a language we have no pack for). It costs milliseconds a call, the most of any stage.
"""

from __future__ import annotations

import functools
import re
from typing import NamedTuple

from .packs import Registry, available_languages, registry

HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
WORD = re.compile(r"[^\W\d_]+")
HAN_SCRIPT = "Han"  # the script of HAN: the pack that names it reads Han text, and tells its written forms apart


@functools.cache
def _variants(reg: Registry) -> tuple[frozenset[str], frozenset[str], str, str]:
    """(characters of the first form, of the second, the code of each) of the Han script's pack."""
    spec = reg.variants(HAN_SCRIPT)
    if spec is None:
        raise LookupError(f"no pack says how the written forms of the {HAN_SCRIPT} script are told apart")
    first, second = set(), set()
    for line in reg.path(spec.table).read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            continue
        for pair in line.split():
            if len(pair) == 2 and pair[0] != pair[1]:
                first.add(pair[0])
                second.add(pair[1])
    return frozenset(first), frozenset(second), spec.first, spec.second


def from_hint(hint: str | None) -> str | None:
    """The language code a front matter `lang` or an HTML `lang` attribute names, if any."""
    return registry().from_hint(hint)


def writes_han(lang: str) -> bool:
    """Whether a language is written in the Han script (its pack says so)."""
    return registry().script(lang) == HAN_SCRIPT


def chinese_variant(text: str) -> str:
    text = text[:SAMPLE]
    trad, simp, first, second = _variants(registry())
    t = sum(ch in trad for ch in text)
    s = sum(ch in simp for ch in text)
    return first if t > s else second


SAMPLE = 20_000  # characters of a text that language identification reads: enough to tell, bounded
BLOCK_SAMPLE = 400  # characters of one line read to tell whether it changes language


def han_share(text: str, enough: float = 1.0) -> float:
    """Han characters among the letters of `text` (its first SAMPLE characters). `enough`: the highest
    share the caller compares it with. Where the Han characters alone plainly reach that share of all the
    characters, which bounds the letters, that bound is returned, and the letters are not counted: the
    lines of a Chinese text."""
    text = text[:SAMPLE]
    if not HAN.search(text):  # most lines of a Latin-script text: no list of letters to build
        return 0.0
    han = len(HAN.findall(text))
    if han > enough * len(text) * (1 + 1e-9):  # a margin far above rounding: the comparison is the same
        return han / len(text)
    letters = letter_count(text)
    return han / letters if letters else 0.0


def letter_count(text: str) -> int:
    return sum(map(len, WORD.findall(text)))


FUNCTION_WORDS_MIN = 5  # function words of the leading language before it is taken without langdetect
FUNCTION_WORDS_RATIO = 3  # ... and how many times as many as any other language's


@functools.cache
def _function_words(reg: Registry) -> dict[str, tuple[str, ...]]:
    """Each function word of the packs (single words, lowercase) -> the languages that list it. Counting
    them is a dictionary lookup per word of the text: one pass, whatever the number of languages. Read from
    the packs' files: the lists need no pack compiled (which a process reading one language never does
    for the others)."""
    table: dict[str, list[str]] = {}
    for code in reg.codes:
        for w in reg.function_words(code):
            if not WORD.fullmatch(w):
                raise ValueError(f"function word {w!r} of pack {code!r} is not a single word")
            table.setdefault(w.lower(), []).append(code)
    return {w: tuple(codes) for w, codes in table.items()}


def function_word_counts(text: str) -> dict[str, int]:
    """How many function words of each language with a list in its pack `text` holds."""
    counts = dict.fromkeys(available_languages(), 0)
    table = _function_words(registry())
    for word in WORD.findall(text.lower()):
        for code in table.get(word, ()):
            counts[code] += 1
    return counts


def by_function_words(text: str) -> str | None:
    """The language whose function words `text` plainly uses, or None when the evidence is thin."""
    ranked = sorted(function_word_counts(text).items(), key=lambda kv: (-kv[1], kv[0]))
    (best, n), runner_up = ranked[0], ranked[1][1] if len(ranked) > 1 else 0
    return best if n >= FUNCTION_WORDS_MIN and n >= FUNCTION_WORDS_RATIO * runner_up else None


def detect_langs(text: str) -> list:
    """langdetect's ranking of the languages of `text` (empty where it cannot tell), seeded so that runs
    agree. Imported on first use: the import and its profiles cost a cold process half a second, and most
    texts are told by their script or function words; the profiles are read from a cache, the n-grams of the
    text only (language_profiles.py)."""
    from langdetect import DetectorFactory, LangDetectException

    from .language_profiles import factory

    DetectorFactory.seed = 0
    try:
        detector = factory().create()  # what langdetect.detect_langs does, its profiles read as needed
        detector.append(text)
        return detector.get_probabilities()
    except LangDetectException:
        return []


def detect(text: str, default: str | None = None) -> str:
    """The language of a stretch of text: by script, then function words, then langdetect; `default` (the
    packs' default language unless given) where none of them tells."""
    if han_share(text, enough=0.2) >= 0.2:
        return chinese_variant(text)
    default = default or registry().default_language
    sample = text[:4000]
    if letter_count(sample) < 20:
        return default
    told = by_function_words(sample)
    if told:
        return told
    ranked = detect_langs(sample)
    # The best-ranked language we have a pack for: short French is often ranked just behind Catalan.
    for guess in ranked:
        code = registry().from_detected(guess.lang)
        if code is not None:
            return code
    return default


def identify(text: str, hint: str | None = None) -> str:
    """The language of a whole document: its hint, unless the script plainly says otherwise (an HTML
    template's `lang="en"` over a Chinese article)."""
    hinted = from_hint(hint)
    if hinted:
        han = han_share(text, enough=0.3)
        if writes_han(hinted) and han < 0.05 or not writes_han(hinted) and han >= 0.3:
            return detect(text)
        return hinted
    return detect(text)


class Verdict(NamedTuple):
    """What one line says of its own language: `lang`, where its script or function words settle it (else
    None: open); `words`, the language its function words name, where they named one; `silent`, a line in
    Latin script too short to say anything (a heading of a word or two, a date, a dash)."""

    lang: str | None
    words: str | None = None
    silent: bool = False


def line_verdict(block: str, doc_lang: str, settled: bool = False) -> Verdict:
    """A line keeps its document's language unless its script says otherwise, or, where the document's
    language was not given (`settled`: front matter, HTML lang), it is long enough and its function words
    plainly say it is another supported language. In a Chinese document, a line in Latin script is told by
    its function words, or left open: the lines around it, or langdetect, say (`LineLanguages`)."""
    han = han_share(block, enough=0.3)
    doc_is_zh = writes_han(doc_lang)
    if han >= 0.3 and not doc_is_zh:
        return Verdict(chinese_variant(block))
    if han >= 0.3 or doc_is_zh and han >= 0.05:  # a Chinese sentence full of English names is Chinese
        return Verdict(doc_lang)
    if not doc_is_zh and (settled or len(block) < 150):
        return Verdict(doc_lang)  # nothing below could change it: no letters to count
    letters = letter_count(block[:SAMPLE])
    if doc_is_zh and letters >= 20:
        sample = block[:RUN_SAMPLE]
        if letter_count(sample) < 20:
            return Verdict(registry().default_language, silent=True)  # what `detect` says of so few letters
        told = by_function_words(sample)
        return Verdict(told, told) if told else Verdict(None)
    if doc_is_zh:
        return Verdict(doc_lang, silent=True)
    if letters >= 150 and not settled:
        # A line changes language only on plain evidence: its function words, not a guess.
        told = by_function_words(block[:BLOCK_SAMPLE])
        if told and told != doc_lang:
            return Verdict(told, told)
    return Verdict(doc_lang)


RUN_SAMPLE = 4000  # characters of a run of open lines that langdetect reads (as `detect` reads a text)
# Characters from the start of a run of open lines within which its lines are read together and the line
# after it is looked for; a longer run is read a part of this length at a time.
RUN_REACH = 4000


class LineLanguages:
    """The language of each line of one document, the lines read in order (all at once, or a window at a
    time: the reader keeps what the lines before said). Script and function words settle most lines
    (`line_verdict`). Consecutive lines they leave open (Latin lines of a Chinese document with too few
    function words: headings, names, references), with the silent lines among them, are one run: where
    the lines on both sides of it are plainly in one language by their function words, the run is in that
    language too (a heading inside French text is French); otherwise langdetect reads the run, once for
    all its lines. Silent lines keep the document's language."""

    def __init__(self, doc_lang: str, settled: bool) -> None:
        self.doc_lang, self.settled = doc_lang, settled
        self.before: str | None = None  # the function words' language of the last line that was not open
        self.run: tuple[int, str] | None = None  # (start, language) of the run of open lines being read

    def of(self, text: str, spans: list[tuple[int, int]], ahead: list[tuple[int, int]] = (),
           origin: int = 0) -> list[str]:
        """The language of each of these lines of `text`, which follow the lines read before. `ahead`: the
        lines after them that `text` holds, RUN_REACH characters at least (for a run they end in); `origin`:
        where `text` starts in the document (a window of it), as runs are measured in the document."""
        out = []
        following = [*spans, *ahead]
        for i, (start, end) in enumerate(spans):
            verdict = line_verdict(text[start:end], self.doc_lang, self.settled)
            if verdict.lang is not None:
                if not verdict.silent:
                    self.before, self.run = verdict.words, None
                out.append(verdict.lang)
                continue
            if self.run is None or origin + start >= self.run[0] + RUN_REACH:  # a long run: a part at a time
                if self.run is not None:
                    self.before = None
                self.run = (origin + start, self._run_language(text, following, i))
            out.append(self.run[1])
        return out

    def _run_language(self, text: str, following: list[tuple[int, int]], i: int) -> str:
        """The language of the run of open lines that starts at following[i]."""
        start, parts, after = following[i][0], [], None
        for j in range(i, len(following)):  # by index: a slice would copy the rest of the lines at every run
            s, e = following[j]
            if s >= start + RUN_REACH:
                break
            verdict = line_verdict(text[s:e], self.doc_lang, self.settled)
            if verdict.silent:
                continue
            if verdict.lang is not None:
                after = verdict.words
                break
            parts.append(text[s:e])
        if self.before is not None and after == self.before:
            return self.before
        return detect("\n".join(parts)[:RUN_SAMPLE])


def block_language(block: str, doc_lang: str, settled: bool = False) -> str:
    """The language of a block read on its own: its verdict, or langdetect where that leaves it open."""
    return LineLanguages(doc_lang, settled).of(block, [(0, len(block))])[0]
