"""The benchmark's corpus of articles: shaped like real ones (years and dates kept, figures varied, lines
that do not repeat much, every format and language), the same bytes at every build."""

from __future__ import annotations

import random
import re
from collections import Counter

from bench import corpus

YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")


def _writer(lang: str, seed: int = 1) -> corpus.Writer:
    return corpus.Writer(lang, random.Random(seed), {})


def test_varied_figures_keep_years_dates_and_names():
    line = "In Q1 2025, AWS held 31.5% of the market, with 41,000 employees and H100 GPUs, on December 31, 2024."
    for seed in range(20):
        varied = _writer("en", seed).vary(line)
        for kept in ("Q1 2025", "H100", "December 31, 2024"):
            assert kept in varied
        share = re.search(r"held (\d+\.\d)%", varied)
        staff = re.search(r"with (\d{1,3}(?:,\d{3})+|\d{1,3}) employees", varied)
        assert share and staff, varied
        assert 0.5 * 31.5 <= float(share.group(1)) <= 1.7 * 31.5
    assert len({_writer("en", seed).vary(line) for seed in range(20)}) > 15  # the figures do vary


def test_varied_figures_keep_chinese_dates_and_french_grouping():
    zh = "截至2024年12月31日，員工約41,000名，市佔率29%"
    varied = _writer("zh-Hant").vary(zh)
    assert varied.startswith("截至2024年12月31日") and varied != zh
    fr = "Fin 2024, le groupe comptait 41\u00a0000 employés et 12,5 % du marché."
    varied = _writer("fr").vary(fr)
    assert varied.startswith("Fin 2024") and re.search(r"\d{2}\u00a0\d{3} employés", varied)
    assert re.search(r"\d+,\d %", varied)


def test_the_corpus_is_built_the_same_and_looks_like_articles(tmp_path):
    a = corpus.build_corpus("1MB", "articles", tmp_path / "a")
    b = corpus.build_corpus("1MB", "articles", tmp_path / "b")
    files = sorted(p.name for p in a.iterdir() if not p.name.startswith("."))
    assert files == sorted(p.name for p in b.iterdir() if not p.name.startswith("."))
    assert all((a / f).read_bytes() == (b / f).read_bytes() for f in files)
    kinds = Counter(f.rsplit(".", 1)[1] for f in files)
    assert set(kinds) == {"md", "txt", "html"} and kinds["md"] > kinds["html"] > kinds["txt"] > 0
    texts = [(a / f).read_text(encoding="utf-8") for f in files]
    notes = [t for t in texts if t.startswith("---\n")]
    assert {re.search(r"^lang: (\S+)$", t, re.M).group(1) for t in notes} == {"en", "fr", "hant", "zh"}
    assert sum(bool(YEAR.search(t)) for t in notes) >= 0.9 * len(notes)
    lines = Counter(line.strip() for t in texts for line in t.split("\n") if line.strip())
    assert len(lines) / sum(lines.values()) > 0.5  # real articles: 0.66; the shifted seeds: 0.11
