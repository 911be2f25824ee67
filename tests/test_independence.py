"""Translations are not independent sources (#21 item 2): stories of documents from front matter and
alignment, `n_independent_sources`, and conflicts told apart by who disagrees."""

from __future__ import annotations

import io
import json

import pytest

from extract.cli import main
from extract.pipeline import run
from extract.stories import Stories, disagreement, front_matter_link, stories_of
from extract.tables import read_table


def test_stories_are_the_connected_links():
    stories = Stories([("b.md", "a.md"), ("c.md", "b.md"), ("x.md", "y.md")])
    assert stories.of("c.md") == stories.of("a.md") == "a.md" and stories.of("y.md") == "x.md"
    assert stories.of("lonely.md") == "lonely.md"
    assert stories.groups() == [["a.md", "b.md", "c.md"], ["x.md", "y.md"]]


@pytest.mark.parametrize("named", ["notes/original.md", "original.md", "original", "./notes/original.md"])
def test_a_translation_is_joined_to_the_original_its_front_matter_names(named):
    entries = [{"path": "notes/original.md"}, {"path": "fr/traduction.md", "original": named},
               {"path": "other.md", "original": "not-in-the-corpus.md"}]
    stories = stories_of([], entries)
    assert stories.of("fr/traduction.md") == stories.of("notes/original.md")
    assert stories.of("other.md") == "other.md"


def test_front_matter_says_translated_and_names_the_original():
    assert front_matter_link({"translated": True, "original": "en/story.md"}) == (True, "en/story.md")
    assert front_matter_link({"translated": True, "translation_of": "story"}) == (True, "story")
    assert front_matter_link({"translated": False}) == (False, None)
    assert front_matter_link({"translated": "yes please"}) == (None, None)
    assert front_matter_link({}) == (None, None)


@pytest.mark.parametrize(("own", "theirs", "kind"), [
    ({"en.md"}, {"other.md"}, "independent"),                    # two stories, each its own value
    ({"en.md", "fr.md"}, {"other.md"}, "independent"),
    ({"zh.md"}, {"en.md"}, "translation"),                       # the translation against its original
    ({"zh.md", "zh2.md"}, {"en.md", "fr.md"}, "translation"),
    ({"en.md"}, {"en.md"}, "document"),                          # one document, two values
    ({"en.md", "other.md"}, {"en.md"}, "document"),              # en.md gives both; no one says only the other
    ({"en.md", "fr.md", "zh.md"}, {"fr.md", "zh.md"}, "document"),
])
def test_who_disagrees(own, theirs, kind):
    stories = Stories([("en.md", "fr.md"), ("fr.md", "zh.md"), ("zh.md", "zh2.md")])
    assert disagreement(own, theirs, stories) == kind
    assert disagreement(theirs, own, stories) == kind


ORIGINAL = """---
lang: en
title: Northwind results
---
Northwind Bank reported revenue of $90.23 billion in 2025. Its cloud unit grew 31% in 2025.
"""
TRANSLATION = """---
lang: fr
translated: true
original: northwind.md
title: Résultats de Northwind
---
Northwind Bank a publié un chiffre d'affaires de 900,23 milliards de dollars en 2025. Son unité cloud a
progressé de 31 % en 2025.
"""
OTHER = """---
lang: en
title: A broker's note
---
Northwind Bank reported revenue of $88.1 billion in 2025, by our estimate.
"""


@pytest.fixture
def corpus(tmp_path):
    sources, out = tmp_path / "sources", tmp_path / "out"
    sources.mkdir()
    for name, text in (("northwind.md", ORIGINAL), ("northwind-fr.md", TRANSLATION), ("broker.md", OTHER)):
        (sources / name).write_text(text, encoding="utf-8")
    run(sources, out, log=io.StringIO())
    return sources, out


def test_a_translation_error_is_labelled_and_its_figures_count_once(corpus, capsys):
    sources, out = corpus
    manifest = {e["path"]: e for e in json.loads((out / "manifest.json").read_text(encoding="utf-8"))["sources"]}
    translation = manifest["northwind-fr.md"]
    assert translation["translated"] is True and translation["original"] == "northwind.md"
    assert "original" not in manifest["northwind.md"]
    claims = read_table(out / "claims.csv")
    revenue = {float(c["value_low"]): c for c in claims if c["metric"] == "revenue"}
    assert set(revenue) == {9.023e10, 9.0023e11, 8.81e10}, [(c["value_low"], c["subject"]) for c in claims]
    original, error, broker = revenue[9.023e10], revenue[9.0023e11], revenue[8.81e10]
    # The original against its translation: a translation error; either against the broker: a dispute.
    assert original["translation_conflicts_with"] == error["claim_id"]
    assert error["translation_conflicts_with"] == original["claim_id"]
    assert set(original["independent_conflicts_with"].split(";")) == {broker["claim_id"]}
    assert set(broker["independent_conflicts_with"].split(";")) == {original["claim_id"], error["claim_id"]}
    assert broker["translation_conflicts_with"] == ""
    # 31 % in the article and in its translation: one claim, two sources, one of them independent.
    growth = next(c for c in claims if c["unit"] == "%")
    assert (growth["n_sources"], growth["n_independent_sources"], growth["langs"]) == ("2", "1", "en;fr")
    # The conflicts an analyst is shown: the broker's figure against the article's, not the translation's slip.
    assert main(["claims", "--out", str(out), "--conflicts", "--format", "json"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert {r["claim_id"]: set(r["rival_claim_ids"]) for r in rows} == {
        original["claim_id"]: {broker["claim_id"]}, error["claim_id"]: {broker["claim_id"]},
        broker["claim_id"]: {original["claim_id"], error["claim_id"]}}


def test_on_the_seeds_the_translated_pair_is_one_source(seed_run):
    """000 (zh-Hant) and 001 (fr) are both `translated: true` and give the same figures in the same order:
    one story. Every claim they alone state has two sources and one independent source; the market size
    they dispute with the English report (002) is a dispute; nothing is disputed between the two."""
    out, _ = seed_run
    pair = {"000_c9d370c2feabb449.txt", "001_ff005f059d3c82ca.txt"}
    claims = read_table(out / "claims.csv")
    by_id = {c["claim_id"]: c for c in claims}
    both = [c for c in claims if set(c["sources"].split(";")) == pair]
    assert len(both) >= 10 and all(c["n_independent_sources"] == "1" for c in both)
    aws = next(c for c in both if c["subject"] == "AWS" and c["metric"] == "market_share")
    assert aws["n_sources"] == "2" and aws["period"] == "2025"
    size = next(c for c in both if c["metric"] == "market_size" and c["period"] == "2025")
    rivals = [by_id[i] for i in size["independent_conflicts_with"].split(";") if i]
    assert [(float(r["value_low"]), r["sources"]) for r in rivals] == [(7.82e9, "002_7ff3ad91a60a9c8e.txt")]
    for c in claims:
        for other in filter(None, c["independent_conflicts_with"].split(";")):
            assert set(c["sources"].split(";")) | set(by_id[other]["sources"].split(";")) - pair
    assert all(c["n_independent_sources"] == c["n_sources"] for c in claims if not set(c["sources"].split(";")) & pair)


def test_the_report_labels_a_translation_error(corpus):
    pytest.importorskip("matplotlib")
    sources, out = corpus
    assert main(["report", "--sources", str(sources), "--out", str(out)]) == 0
    page = (out / "report.html").read_text(encoding="utf-8")
    data = json.loads(page.split('<script type="application/json" id="data">')[1].split("</script>")[0])
    labelled = [c for c in data["claims"] if c["tc"]]
    assert len(labelled) == 2 and all(c["ni"] == 1 for c in labelled)
