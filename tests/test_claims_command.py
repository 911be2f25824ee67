"""`extract claims`: filters, sorts, formats and the conflicts view, on claims tables of our own making, and
the properties the issue asks of it on sources/."""

from __future__ import annotations

import csv
import io
import json

import pyarrow.parquet as pq
import pytest

from extract.cli import main
from extract.query import Filters, select
from extract.stories import Stories, annotate
from extract.tables import CLAIM_COLUMNS, csv_to_parquet, write_csv_file

BLANK = dict.fromkeys(CLAIM_COLUMNS, "")


def claim(cid: str, subject: str, metric: str, period: str, low: float, high: float, unit: str, sources: list[str],
          langs: list[str], conflicts: list[str] = (), per: str = "", item: str = "", qualifier: str = "exact") -> dict:
    return {**BLANK, "claim_id": cid, "subject": subject, "metric": metric, "period": period, "value_low": low,
            "value_high": high, "unit": unit, "per": per, "item": item, "qualifier": qualifier,
            "n_mentions": len(sources), "n_sources": len(sources), "langs": ";".join(langs),
            "sources": ";".join(sources), "first_mention_id": "m" + cid[1:], "conflicts_with": ";".join(conflicts)}


CLAIMS = [
    claim("c01", "AI cluster market", "market_share", "", 48.7, 48.7, "%", ["e.txt"], ["fr"], ["c02"]),
    claim("c02", "AI cluster market", "market_share", "", 54.3, 54.3, "%", ["e.txt"], ["fr"], ["c01"]),
    claim("c03", "AWS", "market_share", "2024", 31.0, 31.0, "%", ["c.html"], ["en"]),
    claim("c04", "AWS", "market_share", "2025", 29.0, 31.0, "%", ["a.md", "b.md"], ["fr", "zh-Hant"],
          qualifier="approx"),
    claim("c05", "CoreWeave", "count", "", 45000.0, 45000.0, "count", ["a.md"], ["fr"], item="GPU", qualifier="gt"),
    claim("c06", "Google Cloud", "market_share", "2025-Q1", 12.0, 12.0, "%", ["c.html"], ["en"]),
    claim("c07", "GPU-as-a-Service market", "market_size", "2025", 4.96e9, 5.05e9, "USD", ["a.md", "b.md"],
          ["fr", "zh-Hant"], ["c08"], qualifier="approx"),
    claim("c08", "GPU-as-a-Service market", "market_size", "2025", 7.82e9, 7.82e9, "USD", ["d.txt"], ["en"], ["c07"]),
    claim("c09", "Lambda", "price", "2025", 2.49, 2.49, "USD", ["d.txt"], ["en"], per="GPU-hour"),
    claim("c10", "Microsoft Azure", "market_share", "2025", 21.0, 25.0, "%", ["a.md", "b.md"], ["fr", "zh-Hant"]),
    # b.md, the translation of a.md, writes 900.23 亿 for $90.23 billion: a translation error, not a dispute.
    claim("c11", "Northwind", "revenue", "2025", 9.0023e10, 9.0023e10, "USD", ["b.md"], ["zh-Hant"], ["c12"]),
    claim("c12", "Northwind", "revenue", "2025", 9.023e10, 9.023e10, "USD", ["a.md"], ["fr"], ["c11"]),
]
STORIES = Stories([("a.md", "b.md")])  # a translation and its original


@pytest.fixture
def tables(tmp_path):
    """A tables folder holding CLAIMS as claims.parquet, written as a run writes it (CSV, its columns of
    independence, then its Parquet twin)."""
    csv_path = annotate(write_csv_file(tmp_path, "claims.csv", CLAIM_COLUMNS, CLAIMS), STORIES, tmp_path)
    csv_to_parquet(csv_path, tmp_path, "claims.parquet").rename(tmp_path / "claims.parquet")
    return tmp_path


def ask(out, *args, capsys) -> tuple[int, str, str]:
    status = main(["claims", "--out", str(out), *args])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def ids(out, *args, capsys) -> list[str]:
    status, text, _ = ask(out, *args, "--format", "json", capsys=capsys)
    assert status == 0
    return [json.loads(line)["claim_id"] for line in text.splitlines()]


def test_filters_keep_what_they_name(tables, capsys):
    assert ids(tables, "--metric", "market_share", "--period", "2025", capsys=capsys) == ["c04", "c10"]
    assert ids(tables, "--subject", "aws", capsys=capsys) == ["c03", "c04"]  # a part, case ignored
    assert ids(tables, "--period", "2025*", "--metric", "market_share", capsys=capsys) == ["c04", "c06", "c10"]
    assert ids(tables, "--lang", "zh-Hant", capsys=capsys) == ["c04", "c07", "c10", "c11"]  # one of its languages
    assert ids(tables, "--source", "b.md", capsys=capsys) == ["c04", "c07", "c10", "c11"]
    assert ids(tables, "--unit", "USD", "--unit", "count", capsys=capsys) == ["c05", "c07", "c08", "c09", "c11", "c12"]
    assert ids(tables, "--subject", "nobody", capsys=capsys) == []


def test_sort_and_limit(tables, capsys):
    assert ids(tables, "--metric", "market_share", "--sort", "value_high:desc", capsys=capsys)[:2] == ["c02", "c01"]
    # Missing periods last; ties by the next key.
    assert ids(tables, "--unit", "%", "--sort", "period,value_low", "--limit", "3", capsys=capsys) == \
        ["c03", "c10", "c04"]
    status, _, err = ask(tables, "--sort", "colour", capsys=capsys)
    assert status == 2 and "cannot sort by 'colour'" in err


def test_the_table_format_is_one_aligned_line_per_claim(tables, capsys):
    status, text, err = ask(tables, "--metric", "market_share", "--period", "2025", capsys=capsys)
    lines = text.splitlines()
    assert status == 0 and len(lines) == 3 and "2 claim(s) of 12" in err
    assert lines[0].split()[:5] == ["claim", "subject", "metric", "period", "value"]
    assert "≈29–31%" in lines[1] and "21–25%" in lines[2]
    assert lines[1].index("market_share") == lines[0].index("metric")


def test_csv_json_and_parquet_carry_the_columns(tables, tmp_path, capsys):
    status, text, _ = ask(tables, "--subject", "GPU-as-a-Service", "--format", "csv", capsys=capsys)
    rows = list(csv.DictReader(io.StringIO(text)))
    assert status == 0 and [r["claim_id"] for r in rows] == ["c07", "c08"]
    assert rows[0]["langs"] == "fr;zh-Hant" and rows[0]["value_high"] == "5050000000.0"
    _, text, _ = ask(tables, "--subject", "Lambda", "--format", "json", capsys=capsys)
    row = json.loads(text)
    assert row["per"] == "GPU-hour" and row["item"] is None and row["sources"] == ["d.txt"] and row["period"] == "2025"
    target = tmp_path / "out.parquet"
    status, _, _ = ask(tables, "--unit", "count", "--format", "parquet", "--output", str(target), capsys=capsys)
    back = pq.read_table(target).to_pylist()
    assert status == 0 and len(back) == 1 and back[0]["item"] == "GPU" and back[0]["langs"] == ["fr"]


def test_conflicts_are_those_of_independent_sources_with_their_rivals(tables, capsys):
    status, text, err = ask(tables, "--conflicts", "--format", "json", capsys=capsys)
    rows = [json.loads(line) for line in text.splitlines()]
    # c01/c02: two values of one document (segments of one market) are not sources disagreeing; c11/c12:
    # a document and its translation disagreeing is a translation error, not two sources.
    assert status == 0 and [r["claim_id"] for r in rows] == ["c07", "c08"]
    assert rows[0]["n_sources"] == 2 and rows[0]["n_independent_sources"] == 1
    assert rows[0]["rival_claim_ids"] == ["c08"] and rows[0]["rival_values"] == ["7.82 bn USD [d.txt]"]
    assert rows[1]["rival_values"] == ["≈4.96–5.05 bn USD [a.md, b.md]"]
    status, text, _ = ask(tables, "--conflicts", capsys=capsys)
    assert "rival values" in text.splitlines()[0] and "7.82 bn USD [d.txt]" in text.splitlines()[1]
    # Rivals are found whatever the filters keep: the English source alone still shows what it disputes.
    _, text, _ = ask(tables, "--conflicts", "--lang", "en", "--format", "json", capsys=capsys)
    assert [json.loads(line)["rival_claim_ids"] for line in text.splitlines()] == [["c07"]]


def test_no_tables_is_a_usage_error(tmp_path, capsys):
    status, _, err = ask(tmp_path, capsys=capsys)
    assert status == 2 and "no claims table" in err and "extract run" in err


def test_select_on_a_large_table_is_columnar(tables):
    """The filters are Arrow kernels over whole columns: a table of a hundred thousand claims is filtered
    without a Python loop over its rows (the answer, not the time, is asserted)."""
    import pyarrow as pa

    table = pq.read_table(tables / "claims.parquet")
    big = pa.concat_tables([table] * 10_000)
    kept = select(big, Filters(metric=["market_share"], period=["2025"], lang=["fr"]))
    assert kept.num_rows == 20_000 and set(kept.column("claim_id").to_pylist()) == {"c04", "c10"}


# --- on sources/ -----------------------------------------------------------------------------------------


def test_market_shares_of_2025_on_the_seeds_one_row_per_provider(seed_run, capsys):
    out, _ = seed_run
    status, text, _ = ask(out, "--metric", "market_share", "--period", "2025", "--format", "json", capsys=capsys)
    rows = [json.loads(line) for line in text.splitlines()]
    subjects = [r["subject"] for r in rows]
    assert status == 0 and len(subjects) == len(set(subjects))
    assert {"AWS", "Microsoft Azure", "Google Cloud"} <= set(subjects)
    status, text, _ = ask(out, "--metric", "market_share", "--period", "2025", capsys=capsys)
    assert len(text.splitlines()) == len(rows) + 1


def test_conflicts_on_the_seeds(seed_run, capsys):
    """The 2025 market size, 4.96-5.05 bn in the Chinese article and its French translation against 7.82 bn
    in the English report; and nothing that only the article and its translation say against each other."""
    out, _ = seed_run
    status, text, _ = ask(out, "--conflicts", "--format", "json", capsys=capsys)
    rows = [json.loads(line) for line in text.splitlines()]
    sizes = {(r["value_low"], r["value_high"]): r for r in rows
             if r["metric"] == "market_size" and r["period"] == "2025" and r["subject"] == "GPU-as-a-Service market"}
    assert status == 0 and set(sizes) == {(4.96e9, 5.05e9), (7.82e9, 7.82e9)}
    assert any("7.82 bn USD" in v for v in sizes[(4.96e9, 5.05e9)]["rival_values"])
    story = {"000_c9d370c2feabb449.txt", "001_ff005f059d3c82ca.txt"}  # a translation and its twin (same story)
    for r in rows:
        assert not set(r["sources"]) <= story or not all(
            set(v.split("[")[1].rstrip("]").split(", ")) <= story for v in r["rival_values"]), r
