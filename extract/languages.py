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
from importlib import resources

from .packs import available_languages, load_yaml

HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
WORD = re.compile(r"[^\W\d_]+")
HINTS = {
    "hant": "zh-Hant", "zh-hant": "zh-Hant", "zh-tw": "zh-Hant", "zh-hk": "zh-Hant", "zh_tw": "zh-Hant",
    "tw": "zh-Hant", "hans": "zh-Hans", "zh": "zh-Hans", "zh-hans": "zh-Hans", "zh-cn": "zh-Hans",
    "zh_cn": "zh-Hans", "cn": "zh-Hans", "fr": "fr", "fr-fr": "fr", "fr-ca": "fr", "en": "en", "en-us": "en",
    "en-gb": "en",
}
DETECTED = {"zh-cn": "zh-Hans", "zh-tw": "zh-Hant"}


@functools.lru_cache(maxsize=1)
def _variants() -> tuple[frozenset[str], frozenset[str]]:
    trad, simp = set(), set()
    text = resources.files("extract.resources").joinpath("zh_variants.txt").read_text(encoding="utf-8")
    for line in text.splitlines():
        if line.startswith("#"):
            continue
        for pair in line.split():
            if len(pair) == 2 and pair[0] != pair[1]:
                trad.add(pair[0])
                simp.add(pair[1])
    return frozenset(trad), frozenset(simp)


def from_hint(hint: str | None) -> str | None:
    """The language code a front matter `lang` or an HTML `lang` attribute names, if any."""
    if not hint:
        return None
    key = hint.strip().lower()
    if key in HINTS:
        return HINTS[key]
    base = key.split("-")[0].split("_")[0]
    return HINTS.get(base) or (base if base in available_languages() else None)


def chinese_variant(text: str) -> str:
    text = text[:SAMPLE]
    trad, simp = _variants()
    t = sum(ch in trad for ch in text)
    s = sum(ch in simp for ch in text)
    return "zh-Hant" if t > s else "zh-Hans"


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
def _function_words() -> dict[str, tuple[str, ...]]:
    """Each function word of the packs (single words, lowercase) -> the languages that list it. Counting
    them is a dictionary lookup per word of the text: one pass, whatever the number of languages. Read from
    the packs' files: the lists need no pack compiled (which a process reading one language never does
    for the others)."""
    table: dict[str, list[str]] = {}
    for code in available_languages():
        for w in load_yaml(f"{code}.yaml").get("function_words") or []:
            if not WORD.fullmatch(w):
                raise ValueError(f"function word {w!r} of pack {code!r} is not a single word")
            table.setdefault(w.lower(), []).append(code)
    return {w: tuple(codes) for w, codes in table.items()}


def function_word_counts(text: str) -> dict[str, int]:
    """How many function words of each language with a list in its pack `text` holds."""
    counts = dict.fromkeys(available_languages(), 0)
    table = _function_words()
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
    texts are told by their script or function words."""
    from langdetect import DetectorFactory, LangDetectException
    from langdetect import detect_langs as ranked

    DetectorFactory.seed = 0
    try:
        return ranked(text)
    except LangDetectException:
        return []


def detect(text: str, default: str = "en") -> str:
    """The language of a stretch of text: by script, then function words, then langdetect."""
    if han_share(text, enough=0.2) >= 0.2:
        return chinese_variant(text)
    sample = text[:4000]
    if letter_count(sample) < 20:
        return default
    told = by_function_words(sample)
    if told:
        return told
    ranked = detect_langs(sample)
    # The best-ranked language we have a pack for: short French is often ranked just behind Catalan.
    for guess in ranked:
        code = DETECTED.get(guess.lang, guess.lang)
        if code in available_languages() or code.startswith("zh"):
            return code
    return default


def identify(text: str, hint: str | None = None) -> str:
    """The language of a whole document: its hint, unless the script plainly says otherwise (an HTML
    template's `lang="en"` over a Chinese article)."""
    hinted = from_hint(hint)
    if hinted:
        han = han_share(text, enough=0.3)
        if hinted.startswith("zh") and han < 0.05 or not hinted.startswith("zh") and han >= 0.3:
            return detect(text)
        return hinted
    return detect(text)


def block_language(block: str, doc_lang: str, settled: bool = False) -> str:
    """A block keeps its document's language unless its script says otherwise, or, where the document's
    language was not given (`settled`: front matter, HTML lang), it is long enough and its function words
    plainly say it is another supported language."""
    han = han_share(block, enough=0.3)
    doc_is_zh = doc_lang.startswith("zh")
    if han >= 0.3 and not doc_is_zh:
        return chinese_variant(block)
    if han >= 0.3 or doc_is_zh and han >= 0.05:  # a Chinese sentence full of English names is Chinese
        return doc_lang
    if not doc_is_zh and (settled or len(block) < 150):
        return doc_lang  # nothing below could change it: no letters to count
    letters = letter_count(block[:SAMPLE])
    if doc_is_zh and letters >= 20:
        return detect(block, default="en")
    if letters >= 150 and not settled:
        # A line changes language only on plain evidence: its function words, not a guess.
        told = by_function_words(block[:BLOCK_SAMPLE])
        if told and told != doc_lang:
            return told
    return doc_lang
