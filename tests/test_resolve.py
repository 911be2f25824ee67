"""Claims resolved across documents: which mentions of a figure are one fact (`resolve.py`), which
documents tell the same story (`align.py`), and what the pipeline makes of both (ids, batch, engines)."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import pytest

from extract.align import DocumentFigures, align, candidate_pairs, lcs, needed
from extract.dedup import assign_claims
from extract.model import Mention
from extract.pipeline import batch, run
from extract.resolve import agreed_subject, normal_subject, subjects_compatible

# --- mentions of one's own: (value, unit, subject, metric, period) and optional fields ----------------------


def mention(source: str, n: int, value: float, unit: str = "%", subject: str = "", metric: str = "other",
            period: str = "", qualifier: str = "exact", item: str = "", lang: str = "en", per: str = "") -> Mention:
    return Mention(mention_id=f"m-{source}-{n:03d}", claim_id="", source=source, start=10 * n, end=10 * n + 3,
                   text=str(value), lang=lang, value_low=float(value), value_high=float(value), unit=unit, per=per,
                   item=item, qualifier=qualifier, metric=metric, subject=subject, period=period, sentence="",
                   source_sha256="", cited_url="")


def document(source: str, figures: list[tuple], lang: str = "en") -> list[Mention]:
    """A document: its figures in order, each (value, unit, subject, metric, period[, qualifier])."""
    out = []
    for n, f in enumerate(figures):
        value, unit, subject, metric, period, *rest = f
        out.append(mention(source, n, value, unit, subject, metric, period, *(rest or ["exact"]), lang=lang))
    return out


def claims_of(*documents: list[Mention]) -> dict[str, set[str]]:
    """Claim id -> the mentions ("source:n") it holds."""
    mentions, _ = assign_claims([m for d in documents for m in d])
    out: dict[str, set[str]] = {}
    for m in mentions:
        out.setdefault(m.claim_id, set()).add(f"{m.source}:{int(m.mention_id[-3:])}")
    return out


def together(claims: dict[str, set[str]], *mentions: str) -> bool:
    return any(set(mentions) <= held for held in claims.values())


# A story of six figures, told in English; its French translation reads one figure's metric differently,
# and leaves one subject out.
NB = "Northwind Bank"
STORY_EN = [(12.5e9, "USD", NB, "revenue", "2025-H1"), (8.0, "%", NB, "growth_rate", "2025-H1"),
            (3.1e9, "USD", NB, "revenue", "2025-Q2"), (14.2, "%", NB, "other", "2025-Q2"),
            (1200, "count", NB, "count", "2025"), (2.4e9, "USD", NB, "investment", "2026")]
STORY_FR = [(12.5e9, "USD", NB, "market_size", "2025-H1"), (8.0, "%", NB, "growth_rate", "2025-H1"),
            (3.1e9, "USD", "", "revenue", "2025-Q2"), (14.2, "%", NB, "other", "2025-Q2"),
            (1200, "count", NB, "count", "2025"), (2.4e9, "USD", NB, "investment", "2026")]


def test_a_translation_is_one_claim_per_figure_despite_a_field_read_differently():
    en, fr = document("en.md", STORY_EN), document("fr.md", STORY_FR, "fr")
    claims = claims_of(en, fr)
    for n in range(6):
        assert together(claims, f"en.md:{n}", f"fr.md:{n}"), n
    assert len(claims) == 6
    _, table = assign_claims(en + fr)
    first = next(c for c in table if c.value_low == 12.5e9)
    assert first.n_sources == 2 and first.langs == "en;fr" and first.metric in {"revenue", "market_size"}


def test_without_the_alignment_a_differing_field_keeps_two_claims():
    # The same two mentions, in documents that share nothing else: no story, no reason to join them.
    a = document("a.md", [STORY_EN[0]])
    b = document("b.md", [STORY_FR[0]])
    assert not together(claims_of(a, b), "a.md:0", "b.md:0")


RESOLUTION_CASES = [
    # (name, documents as {source: figures}, mentions that must be one claim, mentions that must not be)
    ("equal contexts join across documents",
     {"a.md": [(30, "%", "AWS", "market_share", "2025")], "b.md": [(30, "%", "aws", "market_share", "2025")]},
     [("a.md:0", "b.md:0")], []),
    ("a field left empty on one side joins",
     {"a.md": [(30, "%", "AWS", "market_share", "2025")], "b.md": [(30, "%", "AWS", "market_share", "")]},
     [("a.md:0", "b.md:0")], []),
    ("a subject naming the other within it joins",
     {"a.md": [(41.5e9, "USD", "DBS", "revenue", "2025")], "b.md": [(41.5e9, "USD", "DBS Group", "revenue", "2025")]},
     [("a.md:0", "b.md:0")], []),
    ("two figures of equal value about different subjects in one document stay apart",
     {"a.md": [(30, "%", "AWS", "market_share", "2025"), (30, "%", "Azure", "market_share", "2025")]},
     [], [("a.md:0", "a.md:1")]),
    ("equal values for different periods stay apart",
     {"a.md": [(12, "%", "Contoso", "growth_rate", "2024")], "b.md": [(12, "%", "Contoso", "growth_rate", "2025")]},
     [], [("a.md:0", "b.md:0")]),
    ("a mention compatible with two claims that disagree joins neither",
     {"a.md": [(12, "%", "Contoso", "growth_rate", "2024")], "b.md": [(12, "%", "Contoso", "growth_rate", "2025")],
      "c.md": [(12, "%", "Contoso", "growth_rate", "")]},
     [], [("a.md:0", "c.md:0"), ("b.md:0", "c.md:0"), ("a.md:0", "b.md:0")]),
    ("a figure read without any context joins no claim of another document",
     {"a.md": [(50, "%", "Fabrikam", "discount", "2025")], "b.md": [(50, "%", "", "other", "")]},
     [], [("a.md:0", "b.md:0")]),
    ("a repeat of a figure in one document joins when nothing disagrees",
     {"a.md": [(50, "%", "Fabrikam", "discount", "2025"), (50, "%", "", "other", "")]},
     [("a.md:0", "a.md:1")], []),
    ("a bound from below and one from above are two claims",
     {"a.md": [(10, "USD", "", "price", "", "lt"), (10, "USD", "", "price", "", "ge")],
      "b.md": [(10, "USD", "", "price", "", "lt")]},
     [], [("a.md:0", "a.md:1")]),
    ("about and exactly are one claim",
     {"a.md": [(7.8e9, "USD", "GPU cloud market", "market_size", "2025", "approx")],
      "b.md": [(7.8e9, "USD", "GPU cloud market", "market_size", "2025", "exact")]},
     [("a.md:0", "b.md:0")], []),
]


@pytest.mark.parametrize(("name", "docs", "joined", "apart"), RESOLUTION_CASES, ids=[c[0] for c in RESOLUTION_CASES])
def test_resolution(name, docs, joined, apart):
    claims = claims_of(*(document(source, figures) for source, figures in docs.items()))
    for group in joined:
        assert together(claims, *group), group
    for a, b in apart:
        assert not together(claims, a, b), (a, b)


SHARES = [(30, "%", "AWS", "market_share", "2025"), (30, "%", "Azure", "market_share", "2025"),
          (12, "%", "Google Cloud", "market_share", "2025"), (40, "%", "others", "market_share", "2025"),
          (30, "%", "AWS", "market_share", "2025")]


def _translations(misread: dict[int, tuple]) -> list[list[Mention]]:
    """Four translations of SHARES; the first one reads the figures given in `misread` as given there."""
    return [document(f"t{k}.md", [misread.get(n, f) if k == 0 else f for n, f in enumerate(SHARES)])
            for k in range(4)]


def test_a_repeat_read_wrongly_once_joins_what_three_translations_align_it_with():
    # t0 reads the repeat of AWS's share as revenue: in t0, two contexts of one figure that disagree.
    claims = claims_of(*_translations({4: (30, "%", "AWS", "revenue", "2025")}))
    assert together(claims, "t0.md:0", "t0.md:4", "t1.md:4", "t2.md:4", "t3.md:0")


def test_a_figure_one_translation_gives_to_another_subject_stays_with_its_own():
    # t0 reads Azure's share as AWS's: the other three say, each in one document, that they are two facts.
    claims = claims_of(*_translations({1: (30, "%", "AWS", "market_share", "2025")}))
    assert together(claims, "t1.md:1", "t2.md:1", "t3.md:1")
    assert together(claims, "t0.md:0", "t1.md:0", "t2.md:0", "t3.md:0")
    assert not together(claims, "t1.md:0", "t1.md:1")


def test_a_claims_context_is_chosen_by_agreement():
    en = document("en.md", [(x[0], x[1], "星展集团" if n == 0 else x[2], *x[3:]) for n, x in enumerate(STORY_EN)],
                  "zh-Hans")
    fr = document("fr.md", STORY_FR, "fr")
    _, table = assign_claims(en + fr)
    first = next(c for c in table if c.value_low == 12.5e9)
    assert first.subject == "Northwind Bank"  # the English name, not the Chinese one
    third = next(c for c in table if c.value_low == 3.1e9)
    assert (third.subject, third.metric, third.period) == ("Northwind Bank", "revenue", "2025-Q2")


@pytest.mark.parametrize(("subjects", "expected"), [
    (["DBS", "DBS Group", "dbs"], "DBS Group"),  # the most specific that none contradicts
    (["星展集团", "DBS Group"], "DBS Group"),  # an English name before a transliteration
    (["Alphabet公司", "Alphabet"], "Alphabet"),
    (["Contoso", "Contoso", "Fabrikam"], "Contoso"),  # disagreeing: what most sources say
    (["", "Fabrikam"], "Fabrikam"),
])
def test_agreed_subject(subjects, expected):
    ms = [mention(f"d{n}.md", n, 1, subject=s) for n, s in enumerate(subjects)]
    assert agreed_subject(ms) == expected


@pytest.mark.parametrize(("a", "b", "compatible"), [
    ("AWS", "aws", True), ("DBS", "DBS Group", True), ("the Louvre", "Louvre", True), ("Amazon", "AWS", False),
    ("星展", "星展集团", True), ("星展集团", "DBS Group", False), ("S", "S&P 500", False),
    ("Azure", "Microsoft Azure", True),
])
def test_subjects_compatible(a, b, compatible):
    assert subjects_compatible(normal_subject(a), normal_subject(b)) is compatible


def test_conflicts_are_claims_of_the_same_subject_metric_and_period_with_other_values():
    docs = [document("a.md", [(30, "%", "AWS", "market_share", "2025")]),
            document("b.md", [(31, "%", "AWS", "market_share", "2025")]),
            document("c.md", [(31, "%", "AWS", "market_share", "2024")])]
    _, table = assign_claims([m for d in docs for m in d])
    by_value = {(c.value_low, c.period): c for c in table}
    assert by_value[(30.0, "2025")].conflicts_with == by_value[(31.0, "2025")].claim_id
    assert by_value[(31.0, "2025")].conflicts_with == by_value[(30.0, "2025")].claim_id
    assert by_value[(31.0, "2024")].conflicts_with == ""


# --- alignment -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("a", "b", "length"), [
    ([1, 2, 3, 4], [1, 2, 3, 4], 4), ([1, 2, 3, 4], [4, 3, 2, 1], 1), ([1, 9, 2, 3], [1, 2, 8, 3], 3),
    ([5, 5, 5], [5, 5], 2), ([], [1], 0), ([1, 2, 1, 2, 1], [2, 1, 2], 3),
])
def test_lcs(a, b, length):
    pairs = lcs(a, b)
    assert len(pairs) == length
    assert all(a[i] == b[j] for i, j in pairs)
    for side in (0, 1):  # in order on both sides, each element used once
        assert [p[side] for p in pairs] == sorted({p[side] for p in pairs})


def test_documents_are_one_story_when_most_of_the_shorter_ones_figures_align():
    assert needed(6, 6) == 4 and needed(4, 100) == 3 and needed(2, 2) == 3
    en, fr = document("en.md", STORY_EN), document("fr.md", STORY_FR)
    excerpt = document("x.md", [STORY_EN[1], (99, "%", "", "other", ""), STORY_EN[3], STORY_EN[5]])
    shuffled = document("s.md", [STORY_EN[5], STORY_EN[3], STORY_EN[1], STORY_EN[0]])
    figures = [DocumentFigures.of(d[0].source, d) for d in (en, fr, excerpt, shuffled)]
    pairs, edges = align(figures)
    assert {(p.source_a, p.source_b) for p in pairs} == {("en.md", "fr.md"), ("en.md", "x.md"), ("fr.md", "x.md")}
    assert len(edges) == 2  # the en/fr figures read differently: a metric, a subject


def test_documents_giving_the_same_figures_about_other_subjects_are_other_stories():
    shares = [(30, "%", "market_share", "2025"), (20, "%", "market_share", "2025"), (10, "%", "market_share", "2025")]
    a = document("a.md", [(v, u, s, m, p) for (v, u, m, p), s in zip(shares, ["AWS", "Azure", "GCP"], strict=True)])
    b = document("b.md", [(v, u, s, m, p) for (v, u, m, p), s in zip(shares, ["Alibaba", "Tencent", "Baidu"],
                                                                       strict=True)])
    pairs, _ = align([DocumentFigures.of("a.md", a), DocumentFigures.of("b.md", b)])
    assert pairs == []
    claims = claims_of(a, b)
    assert not any(together(claims, f"a.md:{n}", f"b.md:{n}") for n in range(3))


def test_candidates_are_bounded_per_document():
    import extract.align as al

    docs = [DocumentFigures.of(f"d{n}.md", document(f"d{n}.md", STORY_EN)) for n in range(40)]
    pairs = candidate_pairs(docs)
    assert len(pairs) <= al.CANDIDATES * len(docs)
    assert all(a < b for a, b in pairs)


# --- the pipeline: ids, batch, engines ----------------------------------------------------------------------

ARTICLES = {
    "story-en.md": "---\nlang: en\n---\n# Northwind Bank results\n\nNorthwind Bank reported revenue of "
                   "$12.5 billion in H1 2025, up 8% year on year. Second-quarter revenue was $3.1 billion, and its "
                   "cost-to-income ratio was 41.2%. The bank employs 1,200 people in Lisbon and plans to invest "
                   "$2.4 billion in 2026.\n",
    "story-fr.md": "---\nlang: fr\ntranslated: true\n---\n# Résultats de Northwind Bank\n\nNorthwind Bank a "
                   "publié un chiffre d'affaires de 12,5 milliards de dollars au premier semestre 2025, en hausse de "
                   "8 % sur un an. Au deuxième trimestre, le chiffre d'affaires a atteint 3,1 milliards de dollars, "
                   "et le coefficient d'exploitation 41,2 %. La banque emploie 1 200 personnes à Lisbonne et prévoit "
                   "d'investir 2,4 milliards de dollars en 2026.\n",
    "other.md": "---\nlang: en\n---\nFabrikam sold 3,400 tractors in 2024, 12% more than in 2023, at an average price "
                "of $41,000.\n",
}
# It shares a figure with other.md, said of another company.
UNRELATED = ("late.md", "---\nlang: en\n---\nContoso Shipping moved 2.7 million containers in 2024, 12% more "
                        "than in 2023, and spent $310 million on new cranes.\n")


def _write(folder: Path, files: dict[str, str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def _rows(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_the_translation_pair_is_one_claim_per_figure_in_the_tables(tmp_path):
    out = tmp_path / "out"
    run(_write(tmp_path / "src", ARTICLES), out, log=io.StringIO())
    mentions = _rows(out / "mentions.csv")
    en = [m for m in mentions if m["source"] == "story-en.md"]
    fr = [m for m in mentions if m["source"] == "story-fr.md"]
    assert [float(m["value_low"]) for m in en] == [float(m["value_low"]) for m in fr]
    assert [m["claim_id"] for m in en] == [m["claim_id"] for m in fr]
    claims = {c["claim_id"]: c for c in _rows(out / "claims.csv")}
    assert all(claims[m["claim_id"]]["langs"] == "en;fr" for m in en)


def test_adding_an_unrelated_document_leaves_every_claim_as_it_was(tmp_path):
    before, after = tmp_path / "before", tmp_path / "after"
    run(_write(tmp_path / "src", ARTICLES), before, log=io.StringIO())
    run(_write(tmp_path / "src", dict([UNRELATED])), after, log=io.StringIO())
    old = {c["claim_id"]: c for c in _rows(before / "claims.csv")}
    new = {c["claim_id"]: c for c in _rows(after / "claims.csv")}
    assert len(new) > len(old)
    assert {k: new[k] for k in old} == old
    kept = {m["mention_id"]: m["claim_id"] for m in _rows(after / "mentions.csv") if m["source"] != UNRELATED[0]}
    assert kept == {m["mention_id"]: m["claim_id"] for m in _rows(before / "mentions.csv")}


def test_a_batch_adding_a_translation_gives_the_tables_of_a_full_run(tmp_path):
    sources = _write(tmp_path / "src", {k: v for k, v in ARTICLES.items() if k != "story-fr.md"})
    out = tmp_path / "out"
    run(sources, out, log=io.StringIO())
    new = _write(tmp_path / "new", {"story-fr.md": ARTICLES["story-fr.md"]})
    report = batch([new], sources, out, log=io.StringIO())
    assert report.added == ["story-fr.md"]
    full = tmp_path / "full"
    run(_write(tmp_path / "all", ARTICLES), full, log=io.StringIO())
    for name in ("mentions.csv", "claims.csv", "mentions.parquet", "claims.parquet"):
        assert (out / name).read_bytes() == (full / name).read_bytes(), name
    shutil.rmtree(tmp_path / "all")


def test_aligned_documents_from_the_mentions_table(tmp_path):
    from extract.align import aligned_documents
    from extract.tables import iter_mentions

    out = tmp_path / "out"
    run(_write(tmp_path / "src", ARTICLES), out, log=io.StringIO())
    pairs = aligned_documents(iter_mentions(out / "mentions.csv"))
    assert [(p.source_a, p.source_b, p.aligned) for p in pairs] == [("story-en.md", "story-fr.md", 6)]


def test_a_table_giving_one_figure_for_many_subjects_joins_each_with_its_own():
    # One value for 500 subjects in one document, and again in another that gives no period: 500 claims.
    a = [mention("a.md", n, 10, subject=f"Fund {n}", metric="market_share", period="2025") for n in range(500)]
    b = [mention("b.md", n, 10, subject=f"Fund {n}", metric="market_share") for n in range(500)]
    claims = claims_of(a, b)
    assert len(claims) == 500
    assert all(together(claims, f"a.md:{n}", f"b.md:{n}") for n in range(500))
