"""The command line, exit statuses, and what happens to files that cannot be read."""

from __future__ import annotations

import json
import subprocess
import sys

from extract.cli import main


def test_parse_prints_json_lines(capsys):
    assert main(["parse", "--lang", "en", "Revenue was USD 3 billion, about 12% of sales."]) == 0
    lines = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    assert [(m["text"], m["unit"], m["qualifier"]) for m in lines] == [("USD 3 billion", "USD", "exact"),
                                                                       ("12%", "%", "approx")]


def test_parse_jsonl_answers_each_request_in_order():
    requests = "\n".join(json.dumps(r, ensure_ascii=False) for r in [
        {"id": "a", "lang": "fr", "text": "plus de 45 000 GPU"},
        {"id": "b", "lang": "zh", "text": "約佔29-31%"},
        {"id": "c", "lang": "en", "text": "no figures"}]) + "\n"
    out = subprocess.run([sys.executable, "-m", "extract", "parse", "--jsonl"], input=requests, text=True,
                         capture_output=True, check=True).stdout
    answers = [json.loads(x) for x in out.splitlines()]
    assert [a["id"] for a in answers] == ["a", "b", "c"]
    assert answers[0]["mentions"][0]["item"] == "GPU" and answers[1]["mentions"][0]["value_high"] == 31
    assert answers[2]["mentions"] == []


def test_run_exit_statuses(tmp_path, capsys):
    assert main(["run", "--sources", str(tmp_path / "missing"), "--out", str(tmp_path / "o")]) == 2
    assert "missing" in capsys.readouterr().err
    src = tmp_path / "s"
    src.mkdir()
    (src / "a.txt").write_text("Revenue reached USD 4 billion in 2024.", encoding="utf-8")
    assert main(["run", "--sources", str(src), "--out", str(tmp_path / "o")]) == 0
    assert (tmp_path / "o" / "claims.csv").exists()
