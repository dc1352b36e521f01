"""Tests for the command line: extract's two output formats and its error paths."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from flashnotes.cli import main


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_extract_json_lines_are_utf8_with_exact_fields(tmp_path: Path) -> None:
    """--json prints one UTF-8 JSON object per card, with source.path as given."""
    path = write(tmp_path, "a.md", "# 优化\n\n动量法是一种加速收敛的方法。\n")
    result = CliRunner().invoke(main, ["extract", str(path), "--json", "--min-confidence", "0"])
    assert result.exit_code == 0, result.output
    assert "动量法" in result.stdout and "\\u" not in result.stdout
    [card] = [json.loads(line) for line in result.stdout.splitlines()]
    assert set(card) == {"id", "kind", "front", "back", "key", "source", "tags", "confidence"}
    assert 0.0 <= card["confidence"] <= 1.0
    assert card["source"] == {"path": str(path), "line": 3, "heading": "优化"}


def test_extract_listing_groups_by_article_with_lines(tmp_path: Path) -> None:
    """The readable listing names each article and shows line numbers and kinds."""
    write(tmp_path, "d/a.md", "动量法是一种加速收敛的方法。\n")
    write(tmp_path, "d/b.md", "没有卡片的文章。\n")
    result = CliRunner().invoke(main, ["extract", str(tmp_path / "d"), "--min-confidence", "0"])
    assert result.exit_code == 0
    assert "a.md  (1 card)" in result.stdout and "b.md  (0 cards)" in result.stdout
    assert "1  definition" in result.stdout
    assert "1 card from 2 articles" in result.stderr


def test_extract_kind_filter(tmp_path: Path) -> None:
    """--kind keeps only cards of that kind."""
    path = write(tmp_path, "a.md", "动量法是一种方法，可以加速收敛。\n\n$$a = b + c$$\n")
    result = CliRunner().invoke(main, ["extract", str(path), "--json", "--kind", "formula"])
    assert [json.loads(x)["kind"] for x in result.stdout.splitlines()] == ["formula"]


def test_no_cards_is_still_success(tmp_path: Path) -> None:
    """Inputs that were read but hold no cards exit 0."""
    path = write(tmp_path, "a.md", "Nothing to learn here.\n")
    assert CliRunner().invoke(main, ["extract", str(path), "--json"]).exit_code == 0


def test_missing_file_is_a_clean_error(tmp_path: Path) -> None:
    """A missing path exits 1 with ``Error: …`` naming it, and no traceback."""
    result = CliRunner().invoke(main, ["extract", str(tmp_path / "nope.md")])
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: ") and "nope.md" in result.stderr
    assert "Traceback" not in result.output


def test_binary_file_is_an_error_but_skipped_in_a_folder(tmp_path: Path) -> None:
    """A binary file given directly is an error; inside a folder it is a warning and a skip."""
    (tmp_path / "d").mkdir()
    (tmp_path / "d" / "bin.md").write_bytes(b"\x00\xff\x00")
    write(tmp_path, "d/ok.md", "动量法是一种加速收敛的方法。\n")
    direct = CliRunner().invoke(main, ["extract", str(tmp_path / "d" / "bin.md")])
    assert direct.exit_code == 1 and "bin.md" in direct.stderr
    folder = CliRunner().invoke(main, ["extract", str(tmp_path / "d"), "--json", "--min-confidence", "0"])
    assert folder.exit_code == 0
    assert "Warning: skipped" in folder.stderr and len(folder.stdout.splitlines()) == 1


def test_help_has_examples() -> None:
    """--help (and -h) shows examples."""
    result = CliRunner().invoke(main, ["extract", "-h"])
    assert result.exit_code == 0 and "Examples:" in result.output


def _project(tmp_path: Path) -> Path:
    from tests.helpers import make_project

    return make_project(tmp_path / "proj").root


def test_build_writes_packages_and_prints_a_table(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """build with no arguments builds every deck into dist/ and prints one row per deck."""
    root = _project(tmp_path)
    monkeypatch.chdir(root)
    result = CliRunner().invoke(main, ["--now", "2026-03-01T09:00:00Z", "build"])
    assert result.exit_code == 0, result.output
    assert (root / "dist" / "opt.apkg").is_file()
    assert (root / ".flashnotes" / "collection.sqlite3").is_file()
    header, row = result.stdout.splitlines()[:2]
    assert header.split() == ["deck", "added", "changed", "retired", "unchanged", "parsed", "package"]
    assert row.split() == ["机器学习::优化", "5", "0", "0", "0", "1/1", "dist/opt.apkg"]


def test_build_dry_run_json_is_the_plan_and_writes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """--dry-run --json prints the plan per deck and leaves no package or collection behind."""
    root = _project(tmp_path)
    monkeypatch.chdir(root)
    collection = tmp_path / "elsewhere.db"
    result = CliRunner().invoke(main, ["--collection", str(collection), "build", "--dry-run", "--json"])
    assert result.exit_code == 0, result.output
    [deck] = json.loads(result.stdout)
    assert (deck["deck"], deck["added"], deck["retired"], deck["package"]) == ("机器学习::优化", 5, 0, None)
    assert {c["change"] for c in deck["cards"]} == {"added"}
    assert not (root / "dist").exists()


def test_build_reports_retired_cards_and_how_to_find_them(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """After removing a card, the summary counts it as retired and says how to find it in Anki."""
    root = _project(tmp_path)
    monkeypatch.chdir(root)
    runner = CliRunner()
    assert runner.invoke(main, ["--now", "2026-03-01T09:00:00Z", "build"]).exit_code == 0
    article = root / "notes" / "opt.md"
    article.write_text(
        article.read_text(encoding="utf-8").replace("动量法是一种累积历史梯度来加速收敛的方法。", ""), encoding="utf-8"
    )
    result = runner.invoke(main, ["--now", "2026-03-02T09:00:00Z", "build"])
    assert result.exit_code == 0
    assert result.stdout.splitlines()[1].split()[1:5] == ["0", "0", "1", "4"]
    assert "tag:flashnotes::retired" in result.stdout


def test_build_deck_error_is_reported_with_file_and_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A bad deck file exits 1 with ``Error: decks/FILE:LINE: …`` and no traceback."""
    root = _project(tmp_path)
    (root / "decks" / "bad.yaml").write_text("name: 坏\narticles: [notes/*.md]\ncolour: red\n", encoding="utf-8")
    monkeypatch.chdir(root)
    result = CliRunner().invoke(main, ["build"])
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: decks/bad.yaml:3: unknown field 'colour'")
    assert "Traceback" not in result.output


def test_build_outside_a_project_says_what_to_do(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Running build where no decks/ folder exists is a clear error."""
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["build"])
    assert result.exit_code == 1 and "no decks/ folder" in result.stderr


def test_now_must_have_a_zone() -> None:
    """--now without a time zone is a usage error (exit 2)."""
    result = CliRunner().invoke(main, ["--now", "2026-03-01T09:00", "extract", "x.md"])
    assert result.exit_code == 2 and "time zone" in result.output


def test_count_says_one_card_and_two_cards() -> None:
    """Counts read as English: one card, two cards, no cards."""
    from flashnotes.cli.common import count

    assert [count(n, "card") for n in (0, 1, 2)] == ["0 cards", "1 card", "2 cards"]
