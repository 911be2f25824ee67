"""Tables that load typed: Parquet read by DuckDB and pandas with the types and nulls of the data dictionary,
each CSV valid against the Frictionless descriptor written beside it (`schema.json`)."""

from __future__ import annotations

import csv
import json
import math
import shutil

import duckdb
import pandas as pd
import pyarrow.parquet as pq
import pytest
from frictionless import Package

from extract import schema
from extract.tables import CLAIM_COLUMNS, ERROR_COLUMNS, MENTION_COLUMNS, csv_to_parquet

from .conftest import ROOT

DUCKDB_TYPES = {"string": "VARCHAR", "integer": "BIGINT", "number": "DOUBLE", "list": "VARCHAR[]"}


def csv_rows(path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_the_dictionary_names_every_column_of_every_table():
    assert schema.columns("mentions") == MENTION_COLUMNS
    assert schema.columns("claims") == CLAIM_COLUMNS
    assert schema.columns("errors") == ERROR_COLUMNS
    for table in schema.TABLES.values():
        for c in table:
            assert c.type in DUCKDB_TYPES and len(c.description) > 15, c


def test_docs_tables_md_is_the_dictionary():
    assert (ROOT / "docs" / "tables.md").read_text(encoding="utf-8") == schema.markdown(), \
        "docs/tables.md is stale: python -m extract.schema > docs/tables.md"
    text = schema.markdown()
    for table in schema.TABLES.values():
        for c in table:
            assert f"| `{c.name}` |" in text


@pytest.mark.parametrize("table", ["mentions", "claims"])
def test_duckdb_reads_the_parquet_tables_with_their_types(seed_run, table):
    out, _ = seed_run
    con = duckdb.connect()
    described = {row[0]: row[1] for row in con.execute(f"DESCRIBE SELECT * FROM '{out / table}.parquet'").fetchall()}
    assert list(described) == schema.columns(table)
    for c in schema.TABLES[table]:
        assert described[c.name] == DUCKDB_TYPES[c.type], c.name
    assert described["period"] == "VARCHAR"
    # Every empty CSV cell is a null (a list: the empty list), and nothing else is.
    rows = csv_rows(out / f"{table}.csv")

    def count(where: str) -> int:
        return con.execute(f"SELECT count(*) FROM '{out / table}.parquet' WHERE {where}").fetchone()[0]

    for c in schema.TABLES[table]:
        empty_cells = sum(r[c.name] == "" for r in rows)
        if c.type == "list":
            assert (count(f'len("{c.name}") = 0'), count(f'"{c.name}" IS NULL')) == (empty_cells, 0), c.name
        else:
            assert count(f'"{c.name}" IS NULL') == empty_cells, c.name
            if c.type == "string":
                assert count(f'"{c.name}" = \'\'') == 0, c.name


def test_duckdb_unnests_the_lists(seed_run):
    """What took string_split before: the claims each claim conflicts with, joined back."""
    out, _ = seed_run
    pairs = duckdb.sql(f"""
        WITH c AS (SELECT * FROM '{out}/claims.parquet')
        SELECT a.subject, a.period, a.value_low, b.value_low
        FROM (SELECT *, unnest(conflicts_with) AS other FROM c) a JOIN c b ON b.claim_id = a.other
        WHERE a.metric = 'market_size' AND a.subject = 'GPU-as-a-Service market'""").fetchall()
    assert ("GPU-as-a-Service market", "2025", 4.96e9, 7.82e9) in pairs
    langs = duckdb.sql(f"SELECT langs FROM '{out}/claims.parquet' WHERE subject = 'AWS' AND metric = 'market_share'")
    assert langs.fetchall() == [(["fr", "zh-Hant"],)]


def test_pandas_reads_the_parquet_tables_with_their_types(seed_run):
    out, _ = seed_run
    mentions, claims = pd.read_parquet(out / "mentions.parquet"), pd.read_parquet(out / "claims.parquet")
    assert mentions["start"].dtype == "int64" and mentions["value_low"].dtype == "float64"
    assert claims["n_sources"].dtype == "int64" and claims["value_high"].dtype == "float64"
    periods = claims["period"].dropna()
    assert len(periods) and all(isinstance(p, str) for p in periods)
    assert "2025" in set(periods)
    assert claims["period"].isna().any()  # claims whose documents give no period: null, not ''
    for column in ("langs", "sources", "conflicts_with"):
        assert all(len(v) >= 0 and all(isinstance(x, str) for x in v) for v in claims[column])
    assert all(len(v) >= 1 for v in claims["sources"])
    assert not (mentions.select_dtypes(exclude="number") == "").any().any()


def test_each_csv_is_valid_against_schema_json(seed_run):
    out, _ = seed_run
    descriptor = json.loads((out / "schema.json").read_text(encoding="utf-8"))
    assert [r["path"] for r in descriptor["resources"]] == ["mentions.csv", "claims.csv", "errors.csv"]
    package = Package(str(out / "schema.json"))
    report = package.validate()
    assert report.valid, [(t.name, e.message) for t in report.tasks for e in t.errors][:10]
    claims = package.get_resource("claims").read_rows()
    aws = [r for r in claims if r["subject"] == "AWS" and r["metric"] == "market_share"]
    assert aws and aws[0]["period"] == "2025" and aws[0]["langs"] == ["fr", "zh-Hant"]
    assert isinstance(aws[0]["n_sources"], int)


def test_frictionless_finds_a_table_that_breaks_the_schema(seed_run, tmp_path):
    """The check can fail: a qualifier outside the vocabulary, a count that is not a number, a claim id no
    claim has."""
    out, _ = seed_run
    for name in ("mentions.csv", "claims.csv", "errors.csv", "schema.json"):
        shutil.copy(out / name, tmp_path / name)
    rows = csv_rows(tmp_path / "claims.csv")
    rows[0]["qualifier"], rows[1]["n_sources"] = "roughly", "two"
    with (tmp_path / "claims.csv").open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, CLAIM_COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    mentions = csv_rows(tmp_path / "mentions.csv")
    mentions[0]["claim_id"] = "c0000000000000000"
    with (tmp_path / "mentions.csv").open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, MENTION_COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(mentions)
    report = Package(str(tmp_path / "schema.json")).validate()
    kinds = {(task.name, error.type) for task in report.tasks for error in task.errors}
    assert ("claims", "constraint-error") in kinds and ("claims", "type-error") in kinds
    assert ("mentions", "foreign-key") in kinds


def test_parquet_of_a_csv_nulls_lists_and_text_periods(tmp_path):
    columns = CLAIM_COLUMNS
    rows = [
        {**dict.fromkeys(columns, ""), "claim_id": "c1", "subject": "AWS", "metric": "market_share", "period": "2025",
         "value_low": "29.0", "value_high": "31.0", "unit": "%", "qualifier": "approx", "n_mentions": "2",
         "n_sources": "2", "langs": "fr;zh-Hant", "sources": "a.md;b.md", "first_mention_id": "m1",
         "conflicts_with": "c2"},
        {**dict.fromkeys(columns, ""), "claim_id": "c2", "subject": "0", "metric": "market_share", "period": "",
         "value_low": "0.1", "value_high": "0.1", "unit": "%", "qualifier": "exact", "n_mentions": "1",
         "n_sources": "1", "langs": "en", "sources": "c.md", "first_mention_id": "m2"},
    ]
    with (tmp_path / "claims.csv").open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    table = pq.read_table(csv_to_parquet(tmp_path / "claims.csv", tmp_path, "claims.parquet")).to_pylist()
    assert table[0]["period"] == "2025" and table[0]["langs"] == ["fr", "zh-Hant"]
    assert table[0]["conflicts_with"] == ["c2"]
    assert table[0]["per"] is None and table[0]["value_low"] == 29.0 and table[0]["n_sources"] == 2
    assert table[1]["period"] is None and table[1]["subject"] == "0" and table[1]["conflicts_with"] == []
    assert math.isclose(table[1]["value_low"], 0.1)
