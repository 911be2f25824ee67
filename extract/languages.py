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

from langdetect import DetectorFactory, LangDetectException, detect_langs

from .packs import Registry, available_languages, registry

DetectorFactory.seed = 0
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
    them is a dictionary lookup per word of the text: one pass, whatever the number of languages."""
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
    try:
        ranked = detect_langs(sample)
    except LangDetectException:
        return default
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


def block_language(block: str, doc_lang: str, settled: bool = False) -> str:
    """A block keeps its document's language unless its script says otherwise, or, where the document's
    language was not given (`settled`: front matter, HTML lang), it is long enough and its function words
    plainly say it is another supported language."""
    han = han_share(block, enough=0.3)
    doc_is_zh = writes_han(doc_lang)
    if han >= 0.3 and not doc_is_zh:
        return chinese_variant(block)
    if han >= 0.3 or doc_is_zh and han >= 0.05:  # a Chinese sentence full of English names is Chinese
        return doc_lang
    if not doc_is_zh and (settled or len(block) < 150):
        return doc_lang  # nothing below could change it: no letters to count
    letters = letter_count(block[:SAMPLE])
    if doc_is_zh and letters >= 20:
        return detect(block)
    if letters >= 150 and not settled:
        # A line changes language only on plain evidence: its function words, not a guess.
        told = by_function_words(block[:BLOCK_SAMPLE])
        if told and told != doc_lang:
            return told
    return doc_lang
