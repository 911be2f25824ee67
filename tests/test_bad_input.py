"""Bad input gets a clear error and loses nothing: encodings, broken files, hostile text.

Every odd file here is made by the test itself; nothing binary is committed.
"""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from extract.model import ReadError
from extract.pipeline import run
from extract.readers import read_bytes, read_document
from extract.readers.decoding import decode

from .conftest import ROOT

SEEDS = sorted((ROOT / "sources").iterdir())


def table(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def bad_files(folder: Path) -> dict[str, str]:
    """One file of each kind a messy folder holds; returns the bad ones with a word their reason must say."""
    folder.mkdir(parents=True, exist_ok=True)
    # Good files in other encodings (they must be read, not reported).
    (folder / "big5-page.html").write_bytes(
        '<html><head><meta charset="big5"></head><body><article><p>該公司營收達到35億美元，市佔率約為12%。'
        "</p></article></body></html>".encode("big5"))
    (folder / "gbk-export.txt").write_bytes("云服务商的市场份额约为30%，营收达到120亿元人民币。".encode("gbk"))
    (folder / "windows.txt").write_bytes("Le marché pèse 5 milliards d’euros.\r\nLa part d’AWS atteint 31 %.\r\n"
                                         .encode("cp1252"))
    (folder / "malformed.html").write_bytes(b"<html><body><div><p>Revenue reached <b>USD 4 billion<p>in 2024"
                                            b"<td>up 12%</div></span></body>")
    # Bad files.
    (folder / "report.pdf").write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n")
    (folder / "empty.md").write_bytes(b"")
    with (folder / "huge.log").open("wb") as fh:
        fh.truncate(200_000_000)  # sparse: 200 MB on paper, nothing written
    (folder / "noise.txt").write_bytes(bytes([0x81, 0x8D, 0x8F, 0x90, 0x9D]) * 300)
    (folder / "open-front-matter.md").write_text("---\ntitle: never closed\nlang: en\n\nRevenue was 5%.\n",
                                                 encoding="utf-8")
    (folder / "scripts-only.html").write_text("<html><head><script>var share = '45%';</script></head>"
                                              "<body><script>render()</script></body></html>", encoding="utf-8")
    os.symlink(folder / "no-such-target.md", folder / "dangling.md")
    return {"report.pdf": "PDF", "empty.md": "empty", "huge.log": "50 MB", "noise.txt": "UTF-8",
            "open-front-matter.md": "never closed", "scripts-only.html": "no visible", "dangling.md": "link"}


def test_a_messy_folder_loses_nothing_and_reports_each_bad_file(tmp_path):
    messy = tmp_path / "messy"
    expected = bad_files(messy)
    for seed in SEEDS:
        shutil.copy(seed, messy / seed.name)
    out = tmp_path / "out"
    proc = subprocess.run([sys.executable, "-m", "extract", "run", "--sources", str(messy), "--out", str(out)],
                          capture_output=True, text=True)
    assert proc.returncode == 3
    errors = {r["path"]: r for r in table(out / "errors.csv")}
    assert set(errors) == set(expected)
    for path, word in expected.items():
        assert word.lower() in errors[path]["reason"].lower(), errors[path]
        assert errors[path]["stage"] and path in proc.stderr
    # The seeds' rows are those of a run on the seeds alone.
    alone = tmp_path / "alone"
    run(ROOT / "sources", alone)
    seeds = {s.name for s in SEEDS}
    assert [r for r in table(out / "mentions.csv") if r["source"] in seeds] == table(alone / "mentions.csv")
    read = {r["source"] for r in table(out / "mentions.csv")}
    assert {"big5-page.html", "gbk-export.txt", "windows.txt", "malformed.html"} <= read


def test_encodings_are_read_and_recorded(tmp_path):
    bad_files(tmp_path / "m")
    docs = {name: read_document(tmp_path / "m" / name, name)
            for name in ("big5-page.html", "gbk-export.txt", "windows.txt")}
    assert docs["big5-page.html"].encoding == "big5hkscs" and "35億美元" in docs["big5-page.html"].text
    assert docs["gbk-export.txt"].encoding == "gb18030" and "120亿元人民币" in docs["gbk-export.txt"].raw
    windows = docs["windows.txt"]
    assert windows.encoding == "cp1252" and windows.raw.count("\r\n") == 2  # CRLF kept: offsets count it


def test_permission_denied_is_reported(tmp_path, monkeypatch):
    path = tmp_path / "locked.md"
    path.write_text("5%", encoding="utf-8")

    def refuse(self):
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "read_bytes", refuse)
    with pytest.raises(ReadError) as err:
        read_document(path, "locked.md")
    assert "permission" in err.value.reason


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_an_unreadable_file_is_reported(tmp_path):
    path = tmp_path / "locked.md"
    path.write_text("5%", encoding="utf-8")
    path.chmod(0)
    with pytest.raises(ReadError) as err:
        read_document(path, "locked.md")
    assert "permission" in err.value.reason


def test_size_limit_is_configurable(tmp_path):
    src = tmp_path / "s"
    src.mkdir()
    (src / "a.txt").write_text("Revenue of USD 5 billion. " * 100, encoding="utf-8")
    report = run(src, tmp_path / "o", max_bytes=1000)
    assert report.exit_status == 3 and "0.001 MB limit" in report.errors[0]["reason"]


@pytest.mark.parametrize("data,encoding", [
    ("\ufeffShare: 30%.".encode(), "utf-8"),
    ("Share: 30%.".encode("utf-16"), "utf-16"),
    ("份額：30%。".encode("utf-16-be").join([b"\xfe\xff", b""]), "utf-16"),
    (b'<?xml version="1.0" encoding="iso-8859-1"?><p>Part : 30 %, caf\xe9</p>', "cp1252"),
])
def test_boms_and_declarations(data, encoding):
    text, used = decode(data)
    assert used == encoding and "30" in text


def test_a_declared_charset_wins_over_guessing():
    data = '<html><head><meta charset="gbk"></head><body><p>约为30%</p></body></html>'.encode("gbk")
    assert decode(data)[1] == "gb18030"


def seed_claims(tmp_path: Path, name: str, data: bytes) -> bytes:
    src = tmp_path / "src"
    shutil.rmtree(src, ignore_errors=True)
    src.mkdir()
    (src / name).write_bytes(data)
    out = tmp_path / "out"
    run(src, out)
    return (out / "claims.csv").read_bytes()


@pytest.mark.parametrize("seed", [s.name for s in SEEDS])
@pytest.mark.parametrize("encoding", ["big5", "gb18030", "utf-16", "cp1252"])
def test_each_encoding_of_a_seed_gives_the_same_claims(tmp_path, seed, encoding):
    text = (ROOT / "sources" / seed).read_bytes().decode("utf-8")
    try:
        data = text.encode(encoding)
    except UnicodeEncodeError:
        pytest.skip(f"{seed} has characters {encoding} cannot write")
    assert seed_claims(tmp_path, seed, data) == seed_claims(tmp_path, seed, text.encode("utf-8"))


@pytest.mark.parametrize("name", ["x.html", "x.md", "x.txt"])
def test_reading_never_raises_anything_but_read_errors(name):
    read = 0
    for data in [b"\xff" * 10, b"<html", b"---\n", b"\x00\x00", b"\r\n" * 5, "\u202e\u200b".encode(), b"<" * 1000,
                 b"<p>12 %</p>", "caf\u00e9 5 %".encode()]:
        try:
            doc = read_bytes(data, name)
        except ReadError:
            continue
        read += 1
        if doc.fmt == "html":  # every character of the text has its span in the raw file
            assert doc.raw_starts is not None and len(doc.raw_starts) == len(doc.raw_ends) == len(doc.text) > 0
            assert all(0 <= s < e <= len(doc.raw) for s, e in zip(doc.raw_starts, doc.raw_ends, strict=True))
        else:  # the text is the file, front matter blanked: offsets are the file's
            assert doc.raw_starts is None and len(doc.text) == len(doc.raw)
    assert read >= 2  # some of them are documents, whose offsets are checked
