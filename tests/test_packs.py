"""Packs are typed data: a new language is a new file, a misspelled key is an error, an unknown language is
an error, and the engine holds no language of its own."""

from __future__ import annotations

import ast
import csv
import json
import shutil
from pathlib import Path

import pytest

from extract import parse
from extract.packs import ENV, PackError, UnknownLanguage, get_pack, registry
from extract.pipeline import run

from .conftest import ROOT

# A German-like language the engine has never seen: decimal comma, dot grouping, its own scale, percent and
# currency words, qualifiers and range words. Sentences below are our own.
GERMAN = """\
code: de
word_spacing: true
script: Latin
function_words: [der, die, das, und, ist, nicht, mit, auf, für, von, dem, den, eine, einer, wurde, sich]
numbers:
  decimal: ","
  group: ["."]
scales: {Tausend: 1.0e3, Million: 1.0e6, Millionen: 1.0e6, Milliarde: 1.0e9, Milliarden: 1.0e9}
scale_abbreviations: {Mio.: 1.0e6, Mrd.: 1.0e9}
currencies:
  EUR: {after: [Euro]}
  USD: {after: [Dollar, US-Dollar]}
percent:
  after: [Prozent]
points:
  after: [Prozentpunkte]
counts:
  items:
    employee: [Mitarbeiter, Beschäftigte]
    customer: [Kunden]
unit_connectors: []
qualifiers:
  before:
    gt: [mehr als, über]
    lt: [weniger als, unter]
    le: [bis zu, höchstens]
    approx: [rund, etwa, ungefähr]
range:
  connectors: [bis]
  openers:
    - {open: zwischen, join: und}
negative: [minus]
list_markers:
  before: [Nr., Kapitel]
metrics:
  revenue: [Umsatz, Umsätze]
  market_share: [Marktanteil]
periods:
  patterns:
    - {re: "{Y}", role: point}
"""


@pytest.fixture
def german(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "packs"
    folder.mkdir()
    (folder / "de.yaml").write_text(GERMAN, encoding="utf-8")
    monkeypatch.setenv(ENV, str(folder))
    return folder


def figures(text: str, lang: str) -> list[tuple]:
    return [(m["text"], m["value_low"], m["value_high"], m["unit"], m["qualifier"]) for m in parse(text, lang)]


def test_a_new_language_is_a_new_file(german):
    assert "de" in registry().codes
    assert figures("Der Umsatz lag bei 1.250 Euro.", "de") == [("1.250 Euro", 1250.0, 1250.0, "EUR", "exact")]
    assert figures("Mehr als 3,5 Milliarden Euro flossen in neue Rechenzentren.", "de") == [
        ("3,5 Milliarden Euro", 3.5e9, 3.5e9, "EUR", "gt")]
    assert figures("Der Marktanteil stieg auf 12,5 Prozent.", "de") == [("12,5 Prozent", 12.5, 12.5, "%", "exact")]
    assert figures("zwischen 20 und 30 Prozent", "de") == [("20 und 30 Prozent", 20.0, 30.0, "%", "exact")]
    assert figures("rund 4.800 Mitarbeiter", "de")[0][1:] == (4800.0, 4800.0, "count", "approx")
    # The same text read with the English pack: a dot is a decimal mark there.
    assert figures("1.250 Euro", "en")[0][1] == 1.25


def test_a_pipeline_run_reads_the_new_language(german, tmp_path):
    sources = tmp_path / "sources"
    sources.mkdir()
    (sources / "bericht.md").write_text(
        "---\nlang: de\ntitle: Rechenzentren\n---\n\nDer Umsatz der Branche stieg auf 2,4 Milliarden Euro.\n"
        "Mehr als 1.200 Kunden nutzen den Dienst.\n", encoding="utf-8")
    out = tmp_path / "out"
    report = run(sources, out, jobs=2)  # worker processes read the same packs
    assert report.exit_status == 0
    with (out / "mentions.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    got = [(r["text"], float(r["value_low"]), r["unit"], r["item"], r["qualifier"], r["lang"]) for r in rows]
    assert got == [("2,4 Milliarden Euro", 2.4e9, "EUR", "", "exact", "de"),
                   ("1.200 Kunden", 1200.0, "count", "customer", "gt", "de")]
    assert rows[0]["metric"] == "revenue"
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["sources"][0]["language"] == "de"
    assert "+packs." in manifest["rules_version"]  # tables built with other packs are rebuilt in full


def test_a_misspelled_key_is_an_error_naming_file_and_key(tmp_path, monkeypatch):
    folder = tmp_path / "packs"
    folder.mkdir()
    french = (ROOT / "extract/resources/fr.yaml").read_text(encoding="utf-8")
    assert "\nqualifiers:\n" in french
    (folder / "fr.yaml").write_text(french.replace("\nqualifiers:\n", "\nqualifers:\n"), encoding="utf-8")
    monkeypatch.setenv(ENV, str(folder))
    with pytest.raises(PackError, match=r"fr\.yaml: unknown key 'qualifers' \(did you mean 'qualifiers'\?\)"):
        parse("plus de 45 000 GPU", "fr")


@pytest.mark.parametrize("change, message", [
    (("  decimal: \",\"", "  decimal: [\",\"]"), r"fr\.yaml: numbers\.decimal: expected text, got a list"),
    (("  space_groups: true", "  space_groups: oui"), r"fr\.yaml: numbers\.space_groups: expected true or false"),
    (("    gt: [\"plus de\"", "    gtt: [\"plus de\""), r"fr\.yaml: unknown key 'qualifiers\.before\.gtt'"),
    (("code: fr", "code: de"), r"fr\.yaml: code: 'de' is not the file's name"),
])
def test_a_value_of_the_wrong_type_is_an_error_naming_file_and_key(tmp_path, monkeypatch, change, message):
    folder = tmp_path / "packs"
    folder.mkdir()
    french = (ROOT / "extract/resources/fr.yaml").read_text(encoding="utf-8")
    assert change[0] in french
    (folder / "fr.yaml").write_text(french.replace(change[0], change[1], 1), encoding="utf-8")
    monkeypatch.setenv(ENV, str(folder))
    with pytest.raises(PackError, match=message):
        get_pack("fr")


def test_a_language_no_pack_reads_is_an_error_not_english():
    with pytest.raises(UnknownLanguage, match="no language pack for 'de'"):
        parse("1.250 dollars", "de")


def test_codes_aliases_and_hints_come_from_the_packs():
    reg = registry()
    assert get_pack("zh-Hant") is get_pack("zh-Hans") is get_pack("zh")
    assert reg.from_hint("zh-TW") == "zh-Hant" and reg.from_hint("zh_CN") == "zh-Hans"
    assert reg.from_hint("en-GB") == "en" and reg.from_hint("fr-CA") == "fr" and reg.from_hint("de-DE") is None
    assert reg.from_detected("zh-tw") == "zh-Hant" and reg.from_detected("ca") is None
    assert get_pack("en-US").code == "en"


def test_an_alias_of_two_packs_is_an_error(tmp_path, monkeypatch):
    folder = tmp_path / "packs"
    folder.mkdir()
    (folder / "yue.yaml").write_text("code: yue\nscript: Han\naliases: [zh-Hant]\n", encoding="utf-8")
    monkeypatch.setenv(ENV, str(folder))
    with pytest.raises(PackError, match="'zh-Hant' is already a code of pack"):
        get_pack("yue")


def test_every_shipped_file_follows_the_schema():
    reg = registry()
    for code in reg.codes:
        assert reg.data(code).language.code == code
    assert reg.entities.entities and reg.default_language in reg.codes


def _engine_strings() -> list[tuple[str, int, str]]:
    out = []
    for path in sorted((ROOT / "extract").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                out.append((str(path.relative_to(ROOT)), node.lineno, node.value))
    return out


def test_the_engine_names_no_language():
    """No code of a pack, no alias, spelled out in the engine: what differs between languages is pack data."""
    reg = registry()
    names = {n.lower() for c in reg.codes for n in (c, *reg.data(c).language.aliases)}
    found = [(p, line, s) for p, line, s in _engine_strings() if s.lower() in names]
    assert found == []


def test_a_packs_folder_that_does_not_exist_is_an_error(tmp_path, monkeypatch):
    monkeypatch.setenv(ENV, str(tmp_path / "missing"))
    with pytest.raises(PackError, match="is not a folder"):
        get_pack("en")


def test_a_shipped_pack_copied_to_a_folder_reads_the_same(tmp_path, monkeypatch):
    folder = tmp_path / "packs"
    folder.mkdir()
    shutil.copy(ROOT / "extract/resources/fr.yaml", folder / "fr.yaml")
    text = "Environ 29 à 31 % du marché, soit 4,96 milliards de dollars."
    before = parse(text, "fr")
    monkeypatch.setenv(ENV, str(folder))
    assert parse(text, "fr") == before
