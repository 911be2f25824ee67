"""Start-up: a command imports what it uses when it uses it. `parse` reads no file and writes no table, so it
imports neither the HTML reader nor the table writers; no local run imports pandas (the Dask engine's and
the tests'); langdetect is imported where a text's script and function words leave its language open."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HEAVY = ("bs4", "pandas", "pyarrow", "dask", "langdetect", "charset_normalizer", "multiprocessing")


def _modules_after(code: str) -> set[str]:
    """The heavy modules a fresh process has imported after running `code`."""
    probe = f"import json, sys\n{code}\nprint(json.dumps(sorted(m for m in {HEAVY!r} if m in sys.modules)))"
    out = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True)
    return set(json.loads(out.stdout.strip().splitlines()[-1]))


def test_parse_imports_no_reader_writer_or_detector_it_does_not_need():
    sentence = "The revenue of the company rose by 12% in 2025, and it was the best year of the decade for its cloud."
    code = f"from extract.cli import main\nmain(['parse', {sentence!r}])"
    assert _modules_after(code) == set()  # English by its function words: langdetect not even imported


def test_parse_imports_the_detector_only_where_function_words_say_nothing():
    german = 'Der Umsatz ist im Jahr um ein Drittel gestiegen: 12 %'
    assert _modules_after(f"from extract.cli import main\nmain(['parse', {german!r}])") == {"langdetect"}


def test_a_run_of_notes_imports_neither_pandas_nor_the_html_reader(tmp_path):
    sources = tmp_path / "sources"
    sources.mkdir()
    (sources / "a.md").write_text("---\nlang: en\n---\nAWS grew 12% in 2024.\n", encoding="utf-8")
    code = (f"from extract.cli import main\nmain(['run', '--sources', {str(sources)!r}, '--out', "
            f"{str(tmp_path / 'out')!r}, '--jobs', '1'])")
    assert _modules_after(code) == {"pyarrow", "multiprocessing"}  # Parquet tables; the pool module
