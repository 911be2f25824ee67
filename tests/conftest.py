from __future__ import annotations

from pathlib import Path

import pytest

from extract.pipeline import run

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def seed_run(tmp_path_factory):
    """The tables of a run over sources/, built once per test session."""
    out = tmp_path_factory.mktemp("seed_run")
    report = run(ROOT / "sources", out)
    return out, report


def needs_shared(path: str) -> Path:
    """A file of ../shared, or a skip where a newcomer's clone has none."""
    p = SHARED / path
    if not p.exists():
        pytest.skip(f"../shared/{path} is not beside this clone")
    return p
