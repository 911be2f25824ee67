"""The compiled packs and langdetect's profiles kept between processes (packs/cache.py,
language_profiles.py): what a process reads from the cache reads text exactly as what it compiles itself,
and a cache that is broken or cannot be written changes nothing but the time."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
TEXTS = [
    ("Le marché a atteint 18,2 milliards de dollars en 2025, en hausse de 17 % sur un an.", None),
    ("Revenue rose to USD 7.82 billion in 2025, about two thirds of it from 1,200 clients.", "en"),
    ("2025年市场规模约为四百二十亿元人民币，同比增长百分之十二。", None),
    ("Der Umsatz ist im Jahr um ein Drittel gestiegen: 12 %", None),  # langdetect tells it
]
PROBE = (f"import json, extract\nprint(json.dumps([extract.explain(t, lang) for t, lang in {TEXTS!r}], "
         "ensure_ascii=False))")


def _figures(env: dict[str, str]) -> list:
    full = {k: v for k, v in os.environ.items() if k not in ("EXTRACT_CACHE_DIR", "EXTRACT_NO_CACHE")} | env
    out = subprocess.run([sys.executable, "-c", PROBE], cwd=ROOT, capture_output=True, text=True, check=True,
                         env=full)
    return json.loads(out.stdout)


@pytest.fixture(scope="module")
def uncached() -> list:
    return _figures({"EXTRACT_NO_CACHE": "1"})


def test_a_cached_pack_reads_as_a_compiled_one(tmp_path, uncached):
    cache = tmp_path / "cache"
    assert _figures({"EXTRACT_CACHE_DIR": str(cache)}) == uncached  # builds and stores
    kinds = sorted({p.name.split("-")[0] for p in cache.iterdir()})
    assert kinds == ["langdetect", "pack", "words"]
    assert _figures({"EXTRACT_CACHE_DIR": str(cache)}) == uncached  # reads what it stored


def test_a_broken_cache_is_passed_over(tmp_path, uncached):
    cache = tmp_path / "cache"
    _figures({"EXTRACT_CACHE_DIR": str(cache)})
    for p in cache.iterdir():
        p.write_bytes(b"not what was stored")
    assert _figures({"EXTRACT_CACHE_DIR": str(cache)}) == uncached


def test_a_cache_that_cannot_be_written_is_no_cache(tmp_path, uncached):
    blocker = tmp_path / "a file"
    blocker.write_text("where a folder would go", encoding="utf-8")
    assert _figures({"EXTRACT_CACHE_DIR": str(blocker / "cache")}) == uncached


def test_the_profiles_table_is_langdetects_own(tmp_path, monkeypatch):
    from langdetect import detector_factory

    from extract.language_profiles import _cached_factory

    monkeypatch.setenv("EXTRACT_CACHE_DIR", str(tmp_path))
    monkeypatch.delenv("EXTRACT_NO_CACHE", raising=False)
    lazy = _cached_factory(detector_factory)
    whole = detector_factory.DetectorFactory()
    whole.load_profile(detector_factory.PROFILES_DIRECTORY)
    assert lazy.langlist == whole.langlist
    table = lazy.word_lang_prob_map
    assert all(table[gram] == probs for gram, probs in whole.word_lang_prob_map.items())
    assert "no such n-gram" not in table
    with pytest.raises(KeyError):
        table["no such n-gram"]


def test_a_key_names_the_bytes_of_the_files(tmp_path):
    from extract.packs import cache

    a, b = tmp_path / "a.yaml", tmp_path / "b.yaml"
    a.write_text("x: 1\n", encoding="utf-8")
    b.write_text("x: 1\n", encoding="utf-8")
    before = cache.files_key([a, b])
    assert cache.files_key([a, b]) == before
    b.write_text("x: 2\n", encoding="utf-8")
    assert cache.files_key([a, b]) != before
