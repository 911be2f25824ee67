"""The quality gate on the development corpus (issue #16): the official scorer on a fresh run over
../shared/holdout/docs, each figure at or above its bar. Skips on a clone without ../shared."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import warnings

import pytest

from extract.pipeline import run

from .conftest import ROOT, needs_shared

BARS = json.loads((ROOT / "tests/dev_quality_bars.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def dev_figures(tmp_path_factory) -> dict[str, float]:
    docs, gold, scorer = needs_shared("holdout/docs"), needs_shared("gold/holdout.jsonl"), needs_shared("eval/score.py")
    out = tmp_path_factory.mktemp("dev")
    run(docs, out, log=io.StringIO())
    result = subprocess.run([sys.executable, str(scorer), str(gold), str(out / "mentions.csv"), "--json"],
                            capture_output=True, text=True, check=True)
    r = json.loads(result.stdout)
    return {"detection_f1": r["detection"]["f1"], "full_f1": r["full"]["f1"],
            "qualifier": r["qualifier"]["accuracy"], "metric": r["metric"]["accuracy"],
            "period": r["period"]["accuracy"], "subject": r["subject"]["accuracy"],
            "dedup_f1": r["dedup"]["f1"], "cross_document_recall": r["dedup"]["cross_document_recall"]}


@pytest.mark.parametrize("name", list(BARS["bars"]))
def test_development_corpus_reaches_its_bar(dev_figures, name):
    bar = BARS["bars"][name]
    held = BARS["held_below_bar"].get(name)
    if held is None:
        assert dev_figures[name] >= bar, f"{name} is {dev_figures[name]:.4f}, below its bar {bar}"
        return
    floor, reason = held
    assert floor < bar, f"{name} is held at {floor}, not below its bar {bar}: take it out of held_below_bar"
    warnings.warn(f"{name} is {dev_figures[name]:.4f}, held to {floor} below its bar {bar}: {reason}", stacklevel=1)
    assert dev_figures[name] >= floor, f"{name} fell to {dev_figures[name]:.4f} (held to {floor}; bar {bar})"
