"""Tests for `flashnotes stats`'s text report."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner

from flashnotes.cli import main
from tests.helpers import built_project

T0 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


def test_stats_explains_why_retention_is_empty_after_learning_answers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With answers to new cards only, the report says why true retention has no figure yet."""
    project = built_project(tmp_path / "proj", T0)
    monkeypatch.chdir(project.root)
    runner = CliRunner()
    reviewed = runner.invoke(main, ["--now", T0.isoformat(), "review", "--timezone", "UTC"], input="good\ngood\nq\n")
    assert reviewed.exit_code == 0, reviewed.output
    later = (T0 + timedelta(minutes=5)).isoformat()
    result = runner.invoke(main, ["--now", later, "stats", "--timezone", "UTC"])
    assert result.exit_code == 0, result.output
    text = " ".join(result.stdout.split())
    assert "True retention (30 days): none yet." in text
    assert "all 2 answers" in text and "new or learning cards" in text
    assert max(len(line) for line in result.stdout.splitlines()) <= 80
    narrow = runner.invoke(main, ["--now", later, "stats", "--timezone", "UTC"], env={"COLUMNS": "50"})
    assert max(len(line) for line in narrow.stdout.splitlines()) <= 50


@pytest.mark.parametrize("command", [["stats"], ["review"], ["stats", "--json"]])
def test_a_mistyped_collection_is_an_error_and_leaves_no_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: list[str]
) -> None:
    """`--collection` naming a missing file fails with the path and creates nothing there."""
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["--collection", "typo.db", *command], input="q\n")
    assert result.exit_code == 1, result.output
    assert "typo.db: no such collection" in result.stderr and "Traceback" not in result.output
    assert not (tmp_path / "typo.db").exists()
