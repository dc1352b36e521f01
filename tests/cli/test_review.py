"""Tests for `flashnotes review`'s help text."""

from __future__ import annotations

from click.testing import CliRunner

from flashnotes.cli import main


def _help() -> list[str]:
    result = CliRunner().invoke(main, ["review", "--help"], terminal_width=100)
    assert result.exit_code == 0
    return result.stdout.splitlines()


def test_help_shows_the_scripted_example_intact() -> None:
    """The printf example keeps its backslash-n escapes on one line instead of breaking into lines."""
    [line] = [line for line in _help() if "printf" in line]
    assert "printf 'reveal\\ngood\\nquit\\n' | flashnotes review" in line


def test_help_key_table_is_aligned() -> None:
    """Every key row of the help starts its two descriptions in the same columns."""
    lines = _help()
    start = lines.index("  Keys:") + 1
    rows = lines[start : lines.index("", start)]
    assert len(rows) == 4
    keys = ("u  undo", "s  suspend", "b  bury", "q  quit")
    second_key = {row.index(key) for row, key in zip(rows, keys, strict=True)}
    descriptions = {row.index(word) for row, word in zip(rows, ("reveal", "again", "open", "raw"), strict=True)}
    assert all(row.startswith("    ") and row[4] != " " for row in rows)
    assert len(second_key) == 1 and len(descriptions) == 1


def test_help_says_undo_takes_back_any_action() -> None:
    """The key help says `u` undoes the last action, as it does for a suspend or a bury, not only an answer."""
    assert any("u  undo the last action" in line for line in _help())
