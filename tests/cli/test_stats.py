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
