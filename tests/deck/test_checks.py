"""Tests for the silent-case warnings: empty articles, unused exclude entries, an empty decks/ folder."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from flashnotes.cli import main
from flashnotes.deck.checks import deck_warnings
from flashnotes.deck.deckfile import parse_deck
from flashnotes.model import Card, Kind, Source, card_id
from tests.helpers import make_project

DECK = """name: T
articles: [notes/]
kinds: [definition, quiz]
exclude:
  - 学习率
  - No Such Card
"""


def _card(kind: Kind, key: str) -> Card:
    return Card(card_id("T/a.md", kind, key), kind, f"What is {key}?", "…", key, Source("notes/a.md", 3))


def test_article_without_cards_and_article_whose_cards_are_all_left_out() -> None:
    """An article with no card, and one whose cards the deck drops, each get a warning naming the article."""
    spec = parse_deck(Path("decks/t.yaml"), DECK)
    warnings = deck_warnings(
        spec,
        [
            ("notes/empty.md", []),
            ("notes/formulas.md", [_card(Kind.FORMULA, "a=b")]),
            ("notes/kept.md", [_card(Kind.DEFINITION, "动量法")]),
        ],
    )
    assert any(w.startswith("notes/empty.md: no card found") and "decks/t.yaml" in w for w in warnings)
    assert any(w.startswith("notes/formulas.md: its one card is left out by 'kinds'") for w in warnings)
    assert not any(w.startswith("notes/kept.md") for w in warnings)


def test_exclude_entry_matching_nothing_names_its_line() -> None:
    """An exclude entry that matches no card's key or id is reported at its own line; a matching one is not."""
    spec = parse_deck(Path("decks/t.yaml"), DECK)
    warnings = deck_warnings(spec, [("notes/a.md", [_card(Kind.DEFINITION, "学习率")])])
    assert [w for w in warnings if "exclude' entry" in w] == [
        "decks/t.yaml:6: 'exclude' entry 'No Such Card' matches no card; use a card's key or id as "
        "`flashnotes build --dry-run --json` or `flashnotes extract` shows it, or remove the entry"
    ]


def test_build_warns_on_stderr_and_still_succeeds(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`flashnotes build` prints both warnings on stderr, keeps stdout clean of them and exits 0."""
    project = make_project(tmp_path)
    deck_file = project.read("decks/opt.yaml")
    project.write("decks/opt.yaml", deck_file + "exclude:\n  - 没有这张卡\n")
    project.write("notes/empty.md", "# 随笔\n\n今天天气不错。\n")
    monkeypatch.chdir(project.root)
    result = CliRunner().invoke(main, ["build"])
    assert result.exit_code == 0, result.output
    assert "Warning: notes/empty.md: no card found in this article" in result.stderr
    line = deck_file.count("\n") + 2
    assert f"Warning: decks/opt.yaml:{line}: 'exclude' entry '没有这张卡' matches no card" in result.stderr
    assert "Warning" not in result.stdout
    dry = CliRunner().invoke(main, ["build", "--dry-run"])
    assert dry.exit_code == 0 and "notes/empty.md: no card found" in dry.stderr


def test_empty_decks_folder_warns_what_to_do(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A decks/ folder with no deck file is a warning that points at `flashnotes init`, exit 0."""
    (tmp_path / "decks").mkdir()
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["build"])
    assert result.exit_code == 0
    assert "Warning: decks/ holds no deck file" in result.stderr and "flashnotes init" in result.stderr
    assert result.stdout == "" and not (tmp_path / ".flashnotes").exists()
    as_json = CliRunner().invoke(main, ["build", "--json"])
    assert as_json.exit_code == 0 and as_json.stdout.strip() == "[]"
