"""Tests for `flashnotes build` on hostile projects: each ends in one `Error: FILE:LINE: …`, exit 1, nothing written."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from flashnotes.cli import main
from tests.helpers import DECK, make_project

BOMB = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"a{i}: &a{i} [{', '.join([f'*a{i - 1}' if i > 1 else '*a'] * 10)}]\n" for i in range(1, 8)
)


def _deck(extra: str) -> str:
    return DECK + extra


CASES = {
    "two names": ("decks/opt.yaml", "name: other\n" + DECK, "decks/opt.yaml:2: ", "twice (first on line"),
    "numeric name": ("decks/opt.yaml", DECK.replace("name: 机器学习::优化", "name: 42"), "decks/opt.yaml:1: ", "text"),
    "huge step": ("decks/opt.yaml", _deck("review:\n  learning_steps: [99999999999d]\n"), "decks/opt.yaml:7: ", "365d"),
    "deep deck": ("decks/opt.yaml", _deck("kinds: " + "[" * 5000 + "]" * 5000 + "\n"), "decks/opt.yaml:6: ", "nested"),
    "deck bomb": ("decks/opt.yaml", BOMB, "decks/opt.yaml:", "expands"),
    "dotdot glob": ("decks/opt.yaml", DECK.replace("notes/*.md", "../*.md"), "decks/opt.yaml:3: ", "outside"),
    "absolute": ("decks/opt.yaml", DECK.replace("notes/*.md", "/etc/hostname"), "decks/opt.yaml:3: ", "absolute"),
    "symlink out": ("decks/opt.yaml", DECK.replace("notes/*.md", "links/*.md"), "decks/opt.yaml:3: ", "outside"),
    "fifo": ("decks/opt.yaml", DECK.replace("notes/*.md", "pipes/*.md"), "decks/opt.yaml:3: ", "not a regular"),
    "front bomb": ("notes/opt.md", f"---\n{BOMB}---\n正文。\n", "notes/opt.md:", "expands"),
    "deep front": ("notes/opt.md", "---\ntags: " + "[" * 5000 + "]" * 5000 + "\n---\n", "notes/opt.md:2: ", "nested"),
    "front type": ("notes/opt.md", "---\ntitle: {a: 1}\n---\n正文。\n", "notes/opt.md:2: ", "must be text"),
}


@pytest.mark.parametrize("case", list(CASES))
def test_hostile_inputs_end_in_one_error_naming_file_and_line(
    case: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each hostile deck file, article path or front matter is `Error: FILE:LINE: …`, exit 1, and no package."""
    rel, text, where, words = CASES[case]
    project = make_project(tmp_path / "proj")
    project.write(rel, text)
    (tmp_path / "secret.md").write_text("秘密是不应该进入卡片的东西。\n", encoding="utf-8")
    (project.root / "links").mkdir()
    (project.root / "links" / "l.md").symlink_to(tmp_path / "secret.md")
    (project.root / "pipes").mkdir()
    os.mkfifo(project.root / "pipes" / "p.md")
    monkeypatch.chdir(project.root)
    result = CliRunner().invoke(main, ["build"])
    assert result.exit_code == 1, result.output
    assert result.stderr.startswith(f"Error: {where}") and words in result.stderr, result.stderr
    assert "Traceback" not in result.output
    assert result.stderr.count("\n") == 1
    assert not (project.root / "dist").exists()


@pytest.mark.parametrize(
    ("out", "message"),
    [
        ([], "dist: is a file, not a folder"),
        (["--out", "dist/sub"], "dist: is a file, not a folder"),
        (["--out", "/sys/flashnotes-out"], "/sys/flashnotes-out: cannot create the package folder"),
    ],
)
def test_a_package_folder_that_cannot_be_made_is_an_error(
    out: list[str], message: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`dist` being a file, a file above --out or an unwritable --out is `Error: …`, exit 1, nothing recorded."""
    if out and out[1].startswith("/sys") and not Path("/sys").is_dir():
        pytest.skip("needs Linux's read-only /sys")
    project = make_project(tmp_path / "proj")
    (project.root / "dist").write_text("a file")
    monkeypatch.chdir(project.root)
    result = CliRunner().invoke(main, ["build", *out])
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: ") and message in result.stderr, result.stderr
    again = CliRunner().invoke(main, ["build", "--dry-run", "--json"])
    assert '"added": 5' in again.stdout
