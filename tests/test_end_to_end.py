"""The pipeline on sources/: provenance invariants, determinism, the committed dataset, the quality gate."""

from __future__ import annotations

import csv
import hashlib
import json
import re
import subprocess
import sys
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from extract.pipeline import run

from .conftest import ROOT, needs_shared
from .quality import score

TABLES = ["mentions.csv", "claims.csv", "errors.csv", "mentions.parquet", "claims.parquet", "manifest.json",
          "schema.json"]
# The columns of CLAIMS.md §3, copied here so that a clone without ../shared checks its tables against the
# contract too; test_the_copied_columns_are_the_contracts checks the copy against CLAIMS.md where it is.
CONTRACT_MENTION_COLUMNS = ["mention_id", "claim_id", "source", "start", "end", "text", "lang", "value_low",
                            "value_high", "unit", "per", "item", "qualifier", "metric", "subject", "period",
                            "sentence", "source_sha256", "cited_url"]
CONTRACT_CLAIM_COLUMNS = ["claim_id", "subject", "metric", "period", "value_low", "value_high", "unit", "per", "item",
                          "qualifier", "n_mentions", "n_sources", "langs", "sources", "first_mention_id",
                          "conflicts_with"]
# Ours, after the contract's (#21): independent sources, and conflicts split by who disagrees.
EXTRA_CLAIM_COLUMNS = ["n_independent_sources", "independent_conflicts_with", "translation_conflicts_with"]


def rows(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_every_mention_is_the_exact_text_of_its_source(seed_run):
    out, _ = seed_run
    mentions = rows(out / "mentions.csv")
    assert mentions
    for m in mentions:
        raw = (ROOT / "sources" / m["source"]).read_bytes().decode("utf-8")
        assert raw[int(m["start"]): int(m["end"])] == m["text"], m


def test_mentions_carry_source_hash_sentence_and_values(seed_run):
    out, _ = seed_run
    hashes = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in (ROOT / "sources").iterdir()}
    for m in rows(out / "mentions.csv"):
        assert m["source_sha256"] == hashes[m["source"]]
        assert " ".join(m["text"].split()) in m["sentence"], m
        assert float(m["value_low"]) <= float(m["value_high"])
        assert m["unit"], m
        assert m["qualifier"] in {"exact", "approx", "gt", "ge", "lt", "le"}


def test_tables_have_the_contract_columns(seed_run):
    """The contract's columns, in its order; mentions add the quote's context after them (README)."""
    out, _ = seed_run
    with (out / "mentions.csv").open(encoding="utf-8") as fh:
        header = next(csv.reader(fh))
    assert header[:len(CONTRACT_MENTION_COLUMNS)] == CONTRACT_MENTION_COLUMNS
    assert header[len(CONTRACT_MENTION_COLUMNS):] == ["prefix", "suffix"]
    with (out / "claims.csv").open(encoding="utf-8") as fh:
        assert next(csv.reader(fh)) == CONTRACT_CLAIM_COLUMNS + EXTRA_CLAIM_COLUMNS
    assert pq.read_schema(out / "claims.parquet").names == CONTRACT_CLAIM_COLUMNS + EXTRA_CLAIM_COLUMNS
    assert pq.read_schema(out / "mentions.parquet").names == header


def _contract_columns(claims_md: str, table: str) -> list[str]:
    """The column list CLAIMS.md §3 gives for a table: the first `code` after its bold name."""
    section = claims_md[claims_md.index("## 3."):]
    found = re.search(rf"\*\*{table}\*\*[^`]*`([^`]+)`", section)
    return [c.strip() for c in found.group(1).split(",")]


def test_the_copied_columns_are_the_contracts():
    claims_md = needs_shared("CLAIMS.md").read_text(encoding="utf-8")
    assert _contract_columns(claims_md, "mentions") == CONTRACT_MENTION_COLUMNS
    assert _contract_columns(claims_md, "claims") == CONTRACT_CLAIM_COLUMNS


def test_claims_agree_with_their_mentions(seed_run):
    out, _ = seed_run
    mentions, claims = rows(out / "mentions.csv"), rows(out / "claims.csv")
    by_claim: dict[str, list[dict]] = {}
    for m in mentions:
        by_claim.setdefault(m["claim_id"], []).append(m)
    assert {c["claim_id"] for c in claims} == set(by_claim)
    for c in claims:
        ms = by_claim[c["claim_id"]]
        assert int(c["n_mentions"]) == len(ms)
        assert int(c["n_sources"]) == len({m["source"] for m in ms})
        # One figure (values, unit, per); its context chosen from what its mentions say.
        assert {(m["value_low"], m["value_high"], m["unit"], m["per"]) for m in ms} == \
            {(c["value_low"], c["value_high"], c["unit"], c["per"])}
        for name in ("subject", "metric", "period", "item"):
            assert c[name] in {m[name] for m in ms} | {""}, (name, c)
        for other in filter(None, c["conflicts_with"].split(";")):
            assert other in by_claim and other != c["claim_id"]


def test_same_fact_in_chinese_and_french_is_one_claim(seed_run):
    out, _ = seed_run
    claims = rows(out / "claims.csv")
    aws = [c for c in claims if c["subject"] == "AWS" and c["metric"] == "market_share" and c["period"] == "2025"]
    assert len(aws) == 1 and aws[0]["langs"] == "fr;zh-Hant" and aws[0]["n_sources"] == "2"


def test_two_runs_write_identical_bytes(seed_run, tmp_path):
    out, _ = seed_run
    run(ROOT / "sources", tmp_path)
    for name in TABLES:
        assert (out / name).read_bytes() == (tmp_path / name).read_bytes(), name


def _manifest_without_parquet_hashes(path: Path) -> dict:
    manifest = json.loads(path.read_text(encoding="utf-8"))
    manifest["tables"] = {k: v for k, v in manifest["tables"].items() if not k.endswith(".parquet")}
    return manifest


def test_committed_dataset_is_what_main_builds(seed_run):
    """normalized/ must be the output of `make dataset` on the committed sources and rules: the same CSV
    bytes, and Parquet tables of the same content (their bytes, and so their hashes in the manifest, carry
    the version of pyarrow that wrote them)."""
    out, _ = seed_run
    stale = "normalized/{} is stale: run `make dataset` and commit it"
    for name in ("mentions.csv", "claims.csv", "errors.csv"):
        assert (ROOT / "normalized" / name).read_bytes() == (out / name).read_bytes(), stale.format(name)
    for name in ("mentions.parquet", "claims.parquet"):
        assert pq.read_table(ROOT / "normalized" / name).equals(pq.read_table(out / name)), stale.format(name)
    assert _manifest_without_parquet_hashes(ROOT / "normalized/manifest.json") == \
        _manifest_without_parquet_hashes(out / "manifest.json"), stale.format("manifest.json")


def test_manifest_describes_every_source(seed_run):
    out, report = seed_run
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert [s["path"] for s in manifest["sources"]] == sorted(p.name for p in (ROOT / "sources").iterdir())
    assert {s["language"] for s in manifest["sources"]} == {"zh-Hant", "fr", "en"}
    assert sum(s["mentions"] for s in manifest["sources"]) == report.mentions
    assert manifest["rules_version"] and manifest["package_version"]
    assert report.exit_status == 0


def test_seed_quality_stays_above_pinned_floors(seed_run):
    out, _ = seed_run
    gold = [json.loads(line) for line in (ROOT / "tests/gold/seeds.jsonl").read_text(encoding="utf-8").splitlines()]
    floors = json.loads((ROOT / "tests/quality_floors.json").read_text(encoding="utf-8"))
    figures = score(gold, rows(out / "mentions.csv"))
    for name, floor in floors.items():
        if not name.startswith("_"):
            assert figures[name] >= floor, f"{name} fell to {figures[name]:.4f} (floor {floor})"


def test_our_scorer_agrees_with_the_official_one(seed_run):
    scorer = needs_shared("eval/score.py")
    gold = needs_shared("gold/seeds.jsonl")
    out, _ = seed_run
    result = subprocess.run([sys.executable, str(scorer), str(gold), str(out / "mentions.csv"), "--json"],
                            capture_output=True, text=True, check=True)
    official = json.loads(result.stdout)
    ours = score([json.loads(x) for x in gold.read_text(encoding="utf-8").splitlines()], rows(out / "mentions.csv"))
    gated = json.loads((ROOT / "tests/quality_floors.json").read_text(encoding="utf-8"))
    theirs = {"full_f1": official["full"]["f1"], "qualifier": official["qualifier"]["accuracy"],
              "metric": official["metric"]["accuracy"], "period": official["period"]["accuracy"],
              "dedup_f1": official["dedup"]["f1"]}
    assert set(theirs) == {k for k in gated if not k.startswith("_")}  # every figure the gate holds
    for name, value in theirs.items():
        assert ours[name] == pytest.approx(value, abs=1e-3), name
    assert (ROOT / "tests/gold/seeds.jsonl").read_bytes() == gold.read_bytes()


def test_blind_holdout_runs_and_keeps_the_offset_contract(tmp_path):
    docs = needs_shared("holdout/docs")
    report = run(docs, tmp_path)
    assert report.exit_status == 0 and report.mentions > 0
    for m in rows(tmp_path / "mentions.csv"):
        raw = (docs / m["source"]).read_bytes().decode("utf-8")
        start, end = int(m["start"]), int(m["end"])
        assert 0 <= start < end <= len(raw)
        if not m["source"].endswith(".html"):
            assert raw[start:end] == m["text"]
