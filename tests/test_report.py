"""`extract report`: one self-contained page, looked at in a real headless Chromium with no network, as an
analyst would: type into the search box, open a claim, follow a mention to its source."""

from __future__ import annotations

import html
import json
import re
import shutil
from pathlib import Path

import pytest

from extract.cli import main
from extract.pipeline import run
from extract.tables import read_table

from .browser import Browser, BrowserError, find_chromium
from .conftest import ROOT

pytest.importorskip("matplotlib", reason="the report's charts need matplotlib: pip install '.[report]'")


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    """The report of a run over sources/, built by the command line."""
    out = tmp_path_factory.mktemp("report")
    run(ROOT / "sources", out)
    assert main(["report", "--sources", str(ROOT / "sources"), "--out", str(out)]) == 0
    return out


@pytest.fixture(scope="module")
def browser():
    executable = find_chromium()
    if executable is None:
        pytest.skip("no Chromium on this machine (`apt-get install chromium`; .ci/run installs it as root)")
    try:
        with Browser(executable, 1280, 1000) as b:
            yield b
    except BrowserError as exc:
        pytest.skip(f"Chromium is installed but could not be started: {exc}")


def page_data(path: Path) -> dict:
    text = path.read_text(encoding="utf-8")
    return json.loads(re.search(r'<script type="application/json" id="data">(.*?)</script>', text, re.S).group(1))


def test_the_page_fetches_nothing(report):
    """Nothing to load from anywhere: no external script, style, image or font, and a policy that forbids
    any request the page might try."""
    text = (report / "report.html").read_text(encoding="utf-8")
    assert "default-src 'none'" in text and "connect-src 'none'" in text
    assert not re.search(r"<(script|link|img|iframe|source|video|audio)\b[^>]*\b(src|href)=", text, re.I)
    assert not re.search(r"url\(\s*['\"]?(https?:)?//", text)
    assert "@import" not in text


def test_the_page_is_the_same_bytes_for_the_same_tables(report, tmp_path):
    assert main(["report", "--sources", str(ROOT / "sources"), "--out", str(report),
                 "--output", str(tmp_path / "again.html")]) == 0
    assert (tmp_path / "again.html").read_bytes() == (report / "report.html").read_bytes()


def test_the_page_holds_every_claim_and_mention(report):
    data = page_data(report / "report.html")
    claims, mentions = read_table(report / "claims.csv"), read_table(report / "mentions.csv")
    assert [c["id"] for c in data["claims"]] == [c["claim_id"] for c in claims]
    assert sorted(m["id"] for m in data["mentions"]) == sorted(m["mention_id"] for m in mentions)
    for m, row in zip(data["mentions"], mentions, strict=True):  # the figure is marked in its sentence
        assert m["pre"] + m["q"] + m["post"] == row["sentence"] and m["q"] == " ".join(row["text"].split())
    for source in data["sources"]:  # the source text, cut at its figures, is the file
        raw = (ROOT / "sources" / source["path"]).read_bytes().decode("utf-8")
        assert source["ok"] and "".join(text for text, _ in source["seg"]) == raw
        for text, k in source["seg"]:
            if k >= 0:
                m = data["mentions"][k]
                assert text == raw[m["a"]:m["b"]]


def test_a_changed_source_is_not_shown_as_the_one_read(tmp_path, capsys):
    sources, out = tmp_path / "sources", tmp_path / "out"
    shutil.copytree(ROOT / "sources", sources)
    run(sources, out)
    changed = sorted(sources.iterdir())[2]
    changed.write_text(changed.read_text(encoding="utf-8") + "\nA new line: 12 % more.\n", encoding="utf-8")
    assert main(["report", "--sources", str(sources), "--out", str(out)]) == 3
    err = capsys.readouterr().err
    assert f"{changed.name}: changed since the tables were made" in err
    data = page_data(out / "report.html")
    shown = {s["path"]: s["ok"] for s in data["sources"]}
    assert shown[changed.name] is False and sum(shown.values()) == 4
    assert "changed since the tables were made" in html.unescape((out / "report.html").read_text(encoding="utf-8"))


def test_no_tables_is_a_usage_error(tmp_path, capsys):
    assert main(["report", "--sources", str(ROOT / "sources"), "--out", str(tmp_path)]) == 2
    assert "no tables" in capsys.readouterr().err


def test_an_analyst_searches_opens_a_claim_and_follows_it_to_its_source(report, browser, tmp_path):
    data = page_data(report / "report.html")
    browser.open((report / "report.html").as_uri())
    assert browser.evaluate("document.title").startswith("extract")
    assert browser.evaluate("document.querySelectorAll('tr.claim').length") == len(data["claims"])
    # A chart per metric with enough claims, drawn as inline SVG.
    charts = browser.evaluate("[...document.querySelectorAll('figure.chart')].map(f => "
                              "[f.dataset.metric, f.querySelectorAll('svg path, svg use').length])")
    assert {"market_share", "market_size", "price"} <= {m for m, _ in charts} and all(n > 0 for _, n in charts)
    # The disputed figures come first: the 2025 market size.
    assert browser.evaluate("document.querySelector('main section').id") == "conflicts"
    disputed = browser.evaluate("document.querySelector('#conflicts').innerText")
    assert "GPU-as-a-Service market" in disputed and "7.82 bn USD" in disputed and "4.96–5.05 bn USD" in disputed

    browser.type_into("#search", "AWS 2025")
    rows = browser.wait_until("document.querySelectorAll('tr.claim').length < "
                              f"{len(data['claims'])} && document.querySelectorAll('tr.claim').length")
    subjects = browser.evaluate("[...document.querySelectorAll('tr.claim')].map(r => r.cells[1].innerText)")
    assert rows == len(subjects) and "AWS" in subjects
    assert browser.evaluate("document.querySelector('#count').innerText") == f"{rows} of {len(data['claims'])} claims"

    aws = next(c for c in data["claims"] if c["s"] == "AWS" and c["m"] == "market_share" and c["p"] == "2025")
    browser.click(f"tr.claim[data-id='{aws['id']}']")
    browser.wait_until("!!document.querySelector('tr.details')")
    shown = browser.evaluate("[...document.querySelectorAll('tr.details .mention')].map(m => "
                             "[m.dataset.mention, m.querySelector('mark.figure').innerText, "
                             "m.querySelector('.sentence').innerText, m.querySelector('a.source-link').innerText])")
    assert len(shown) == aws["n"] == 2
    mentions = {m["id"]: m for m in data["mentions"]}
    assert {mentions[mention_id]["l"] for mention_id, *_ in shown} == {"fr", "zh-Hant"}
    for mention_id, marked, sentence, where in shown:
        m = mentions[mention_id]
        assert marked == m["q"] and "29" in marked and "31" in marked
        assert sentence == m["pre"] + m["q"] + m["post"]
        assert where == f"{data['sources'][m['src']]['path']}:{m['a']}–{m['b']}"
    browser.screenshot(tmp_path / "report-claim.png")
    assert (tmp_path / "report-claim.png").stat().st_size > 10_000

    # The mention's link opens the source at that place, the figure marked.
    browser.click("tr.details a.source-link")
    browser.wait_until("!document.querySelector('#source-view').hidden")
    target = browser.evaluate("(() => { const t = document.querySelector('#source-text mark.target'); "
                              "return t && [t.id, t.innerText]; })()")
    first = mentions[shown[0][0]]
    raw = (ROOT / "sources" / data["sources"][first["src"]]["path"]).read_bytes().decode("utf-8")
    assert target == [first["id"], raw[first["a"]:first["b"]]]
    marks = browser.evaluate("document.querySelectorAll('#source-text mark').length")
    assert marks == sum(1 for _, k in data["sources"][first["src"]]["seg"] if k >= 0) > 5
    browser.screenshot(tmp_path / "report-source.png")

    # Nothing was fetched but the page, and nothing went wrong on it.
    assert {u.split(":")[0] for u in browser.requests()} == {"file"}, browser.requests()
    assert browser.problems() == []
