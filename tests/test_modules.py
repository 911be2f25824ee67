"""Module boundaries (issue #18): no import cycle among the modules of extract/, each imports on its own in a
fresh interpreter, none over 500 lines; the document step is a callable the engines are given, and its stage
times come back with its result."""

from __future__ import annotations

import ast
import io
import subprocess
import sys
from functools import partial
from pathlib import Path

from extract import clock
from extract.parallel import process_all
from extract.pipeline import run
from extract.step import SourceResult, process_source

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "extract"
MAX_LINES = 500


def _modules() -> dict[str, Path]:
    out = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = list(path.relative_to(ROOT).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        out[".".join(parts)] = path
    return out


def _imports(name: str, path: Path, modules: dict[str, Path]) -> set[str]:
    """The modules of extract/ that `name` imports, at its top or inside a function alike."""
    package = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = ".".join(package[:len(package) - node.level + 1] + ([node.module] if node.module else [])) \
                if node.level else node.module or ""
            targets = [f"{base}.{alias.name}" for alias in node.names]
        else:
            continue
        for target in targets:
            while target and target not in modules:
                target = target.rpartition(".")[0]
            if target and target != name:
                found.add(target)
    return found


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The import cycles of a graph: each strongly connected set of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    out: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                out.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return out


def test_the_cycle_finder_finds_a_cycle():
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert _cycles({"a": {"b"}, "b": set()}) == []


def test_no_module_of_extract_imports_one_that_imports_it_back():
    modules = _modules()
    graph = {name: _imports(name, path, modules) for name, path in modules.items()}
    assert graph["extract.pipeline"] >= {"extract.parallel", "extract.step"}  # the walk sees imports
    assert _cycles(graph) == []


def test_each_module_imports_on_its_own_in_a_fresh_interpreter():
    names = sorted(_modules())
    code = "import importlib, sys\nfor name in sys.argv[1:]:\n    importlib.import_module(name)\n"
    for name in names:  # one process per module: nothing imported before it hides an order it needs
        subprocess.run([sys.executable, "-c", code, name], cwd=ROOT, check=True, capture_output=True)


def test_no_module_is_over_500_lines():
    long = {name: n for name, path in _modules().items()
            if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert long == {}


def _note(folder: Path) -> Path:
    folder.mkdir(exist_ok=True)
    path = folder / "a.md"
    path.write_text("---\nlang: en\n---\n# Cloud in 2024\n\nAWS grew 12% in 2024, to $4.2 billion.\n", encoding="utf-8")
    return path


def test_a_documents_stage_times_come_with_its_result_and_nowhere_else(tmp_path):
    path = _note(tmp_path / "sources")
    with clock.timed() as outer:
        result = process_source(path, "a.md")
        with clock.stage("write"):
            pass
    assert {"read", "language", "recognize", "context", "dedup"} <= set(result.seconds)
    assert all(seconds >= 0 for seconds in result.seconds.values())
    assert set(outer) == {"write"}  # the caller's timing holds its own stages, not the document's


def _tagged(path: Path, rel: str, tag: str) -> SourceResult:
    """A step of our own: the pool runs whatever step it is given."""
    result = process_source(path, rel)
    result.entry["tag"] = tag
    return result


def test_the_pool_runs_the_step_it_is_given(tmp_path):
    path = _note(tmp_path / "sources")
    other = path.with_name("b.md")
    other.write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    for jobs in (1, 2):
        results = list(process_all([(path, "a.md"), (other, "b.md")], partial(_tagged, tag=f"jobs {jobs}"), jobs,
                                   log=io.StringIO()))
        assert [(r.path, r.entry["tag"]) for r in results] == [("a.md", f"jobs {jobs}"), ("b.md", f"jobs {jobs}")]


def test_a_run_adds_up_the_stage_times_of_its_documents_and_its_own(tmp_path):
    _note(tmp_path / "sources")
    report = run(tmp_path / "sources", tmp_path / "out", log=io.StringIO())
    assert {"read", "language", "recognize", "context", "dedup", "write"} <= set(report.stages)
    assert report.by_format["markdown"][:2] == [1, (tmp_path / "sources" / "a.md").stat().st_size]
