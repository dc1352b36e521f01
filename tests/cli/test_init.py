"""Tests for `flashnotes init`: a fresh project works with no edits; a second init refuses."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from flashnotes.cli import main

NOW = "2026-03-01T09:00:00Z"


def test_fresh_project_builds_and_reviews_without_edits(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """init, then build and a scripted review in the new folder, succeed with no warning and no edit."""
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    made = runner.invoke(main, ["init", "notes"])
    assert made.exit_code == 0, made.output
    commands = [line.split("#")[0].strip() for line in made.stdout.splitlines() if line.startswith("  flashnotes")]
    assert commands == ["flashnotes build", "flashnotes preview --open", "flashnotes review"]
    assert "cd notes" in made.stdout
    monkeypatch.chdir(tmp_path / "notes")
    built = runner.invoke(main, ["--now", NOW, "build", "--json"])
    assert built.exit_code == 0, built.output
    assert built.stderr == ""
    [deck] = json.loads(built.stdout)
    assert deck["added"] >= 8 and {c["kind"] for c in deck["cards"]} == {"definition", "formula", "quiz", "cloze"}
    assert (tmp_path / "notes" / "dist" / "notes.apkg").is_file()
    reviewed = runner.invoke(main, ["--now", NOW, "review"], input="reveal\ngood\nquit\n")
    assert reviewed.exit_code == 0, reviewed.output
    assert "answered " in reviewed.stdout and "summary answered=1" in reviewed.stdout


def test_second_init_refuses_and_changes_nothing(tmp_path: Path) -> None:
    """Running init again in the same place exits 1 with an Error naming the files, and leaves them as they were."""
    runner = CliRunner()
    assert runner.invoke(main, ["init", str(tmp_path)]).exit_code == 0
    deck = tmp_path / "decks" / "notes.yaml"
    deck.write_text(deck.read_text() + "# my edit\n")
    again = runner.invoke(main, ["init", str(tmp_path)])
    assert again.exit_code == 1
    assert again.stderr.startswith("Error: ") and "decks/notes.yaml" in again.stderr and "Traceback" not in again.output
    assert deck.read_text().endswith("# my edit\n")
