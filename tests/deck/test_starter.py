"""Tests for the starter project that `flashnotes init` writes."""

from __future__ import annotations

from pathlib import Path

import pytest

from flashnotes.deck.deckfile import load_decks
from flashnotes.deck.starter import ARTICLE, create_project, starter_files
from flashnotes.errors import ProjectError
from flashnotes.extract.pipeline import extract
from flashnotes.extract.reader import parse_article
from flashnotes.model import Kind


def test_starter_article_shows_every_kind_and_the_explicit_markup() -> None:
    """The article yields every kind of card, a reversed `:::` card and nothing from the skipped block."""
    [article] = [f for f in starter_files() if f.path == ARTICLE]
    cards = extract(parse_article(ARTICLE, article.text.encode()))
    assert {c.kind for c in cards} == set(Kind)
    fronts = [c.front for c in cards]
    assert "What is Retrievability?" in fronts and "the probability of recalling a card at this moment." in fronts
    assert "Which grade do you give a card you could not recall?" in fronts  # Q:/A:
    assert "What does a line holding only a question mark do?" in fronts  # the ? separator
    assert not any("Is this paragraph a card" in c.front + c.back for c in cards)


def test_create_project_writes_a_loadable_deck(tmp_path: Path) -> None:
    """The new project's deck file loads and names the article folder."""
    written = create_project(tmp_path / "p")
    assert sorted(p.relative_to(tmp_path / "p").as_posix() for p in written) == [
        ".gitignore",
        "articles/welcome.md",
        "decks/notes.yaml",
    ]
    [deck] = load_decks(tmp_path / "p")
    assert deck.name == "My notes" and deck.articles == (("articles/", 6),)
    assert ".flashnotes/" in (tmp_path / "p" / ".gitignore").read_text().split()


def test_create_project_refuses_and_writes_nothing_if_any_file_exists(tmp_path: Path) -> None:
    """One existing file (here a .gitignore) stops init before it writes anything."""
    (tmp_path / ".gitignore").write_text("*.pyc\n")
    with pytest.raises(ProjectError, match=r"already has \.gitignore.*never overwrites"):
        create_project(tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == [".gitignore"]
    assert (tmp_path / ".gitignore").read_text() == "*.pyc\n"
