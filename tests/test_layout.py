"""Tests for the package layout: the arrows between extract/, deck/, review/ and cli/ run one way."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "flashnotes"
# job -> the jobs it must never import
FORBIDDEN = {
    "extract": {"deck", "review", "cli"},
    "review": {"extract", "deck", "cli"},
    "deck": {"review", "cli"},
    "shared": {"extract", "deck", "review", "cli"},
}
MAX_LINES = 450


def _job(path: Path) -> str:
    parts = path.relative_to(PACKAGE).parts
    if parts == ("__main__.py",):
        return "cli"  # the entry point runs the CLI
    return parts[0] if len(parts) > 1 else "shared"


def _imported_jobs(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.append(node.module)
            names.extend(f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
    return {n.split(".")[1] for n in names if n.startswith("flashnotes.") and len(n.split(".")) > 1}


MODULES = sorted(PACKAGE.rglob("*.py"))


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.relative_to(PACKAGE).as_posix())
def test_imports_run_one_way(path: Path) -> None:
    """No module imports a job it sits under (extract/ never imports deck/ or review/, and so on)."""
    job = _job(path)
    wrong = _imported_jobs(path) & FORBIDDEN.get(job, set())
    assert not wrong, f"{path.relative_to(PACKAGE)} ({job}) imports {sorted(wrong)}"


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.relative_to(PACKAGE).as_posix())
def test_modules_stay_small(path: Path) -> None:
    """No module grows past the size a reader can hold in mind."""
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_LINES, f"{path.relative_to(PACKAGE)} has {lines} lines; split it by concept"


def test_the_layout_check_sees_a_wrong_arrow(tmp_path: Path) -> None:
    """The import scan finds a job imported by a from-import and by a plain import."""
    module = tmp_path / "m.py"
    module.write_text("from flashnotes.deck import build\nimport flashnotes.review.stats\n", encoding="utf-8")
    assert _imported_jobs(module) == {"deck", "review"}


def _module_name(path: Path) -> str:
    rel = path.relative_to(PACKAGE.parent).with_suffix("")
    parts = rel.parts[:-1] if rel.name == "__init__" else rel.parts
    return ".".join(parts)


def _top_level_imports(path: Path, known: set[str]) -> set[str]:
    """The flashnotes modules a module imports when it is loaded (imports inside functions run later)."""
    out: set[str] = set()
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                full = f"{node.module}.{alias.name}"
                out.add(full if full in known else node.module)
        elif isinstance(node, ast.Import):
            out.update(alias.name for alias in node.names)
    return {name for name in out if name in known}


def test_no_import_cycle() -> None:
    """Loading any module never needs a module that needs it back."""
    known = {_module_name(p) for p in MODULES}
    graph = {_module_name(p): _top_level_imports(p, known) for p in MODULES}
    done: set[str] = set()

    def visit(name: str, trail: tuple[str, ...]) -> None:
        assert name not in trail, " -> ".join((*trail, name))
        if name in done:
            return
        for dep in graph[name]:
            visit(dep, (*trail, name))
        done.add(name)

    for module in sorted(graph):
        visit(module, ())
