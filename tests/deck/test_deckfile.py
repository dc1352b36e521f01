"""Tests for deck files: the valid shape and every kind of error, with file and line."""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import pytest

from flashnotes.deck.deckfile import article_path, find_root, load_decks, parse_deck, resolve_articles, select
from flashnotes.errors import DeckError
from flashnotes.model import Kind

GOOD = """\
name: 机器学习::优化
articles:
  - notes/*.md
kinds: [definition, quiz]
tags: [ml]
exclude: [动量法]
cards:
  - front: 问题
    back: 答案
review:
  desired_retention: 0.85
  learning_steps: [1m, 10m]
  new_per_day: 5
"""


def test_a_full_deck_file_parses() -> None:
    """Every field of a deck file is read into the DeckSpec."""
    deck = parse_deck(Path("decks/ml.yaml"), GOOD)
    assert deck.name == "机器学习::优化" and deck.slug == "ml"
    assert deck.articles == (("notes/*.md", 3),)
    assert deck.kinds == {Kind.DEFINITION, Kind.QUIZ}
    assert deck.exclude == {"动量法"} and deck.tags == ("ml",)
    assert [(c.front, c.back, c.line) for c in deck.cards] == [("问题", "答案", 8)]
    assert deck.review.desired_retention == 0.85 and deck.review.new_per_day == 5
    assert deck.review.learning_steps == (timedelta(minutes=1), timedelta(minutes=10))


@pytest.mark.parametrize(
    ("text", "message", "line"),
    [
        ("name: x\narticles: [a.md]\ncolour: red\n", "unknown field 'colour'", 3),
        ("name: x\n", "missing the required field 'articles'", 1),
        ("name: x\narticles: 3\n", None, None),
        ("name: [x]\narticles: [a.md]\n", "'name' must be a non-empty text", 1),
        ("name: x\narticles: [a.md]\nkinds: [definition, flashcard]\n", "unknown kind 'flashcard'", 3),
        ("name: x\narticles: [a.md]\nreview:\n  desired_retention: 2\n", "between 0.7 and 0.99", 4),
        ("name: x\narticles: [a.md]\nreview:\n  new_per_day: many\n", "whole number", 4),
        ("name: x\narticles: [a.md]\nreview:\n  learning_steps: [soon]\n", "look like 1m", 4),
        ("name: x\narticles: [a.md]\ncards:\n  - front: q\n", "missing the required field 'back'", 4),
        ("name: x\narticles: [a.md\n", "not valid YAML", 3),
        ("name: x\narticles: [a.md]\nmin_confidence: 1.5\n", "'min_confidence' must be between 0 and 1", 3),
        ("name: x\narticles: [a.md]\nmin_confidence: high\n", "'min_confidence' must be a number", 3),
    ],
)
def test_deck_file_errors_name_file_line_and_field(text: str, message: str | None, line: int | None) -> None:
    """Unknown keys, wrong types and bad values are DeckErrors naming the file, the line and the field."""
    if message is None:
        deck = parse_deck(Path("decks/x.yaml"), text)
        assert deck.articles == (("3", 2),)
        return
    with pytest.raises(DeckError) as info:
        parse_deck(Path("decks/x.yaml"), text)
    assert message in str(info.value)
    assert str(info.value).startswith(f"decks/x.yaml:{line}:")


def test_min_confidence_is_read_and_optional() -> None:
    """A deck's ``min_confidence`` is a number from 0 to 1; without it the learned thresholds apply."""
    assert parse_deck(Path("d.yaml"), "name: x\narticles: [a.md]\nmin_confidence: 0.9\n").min_confidence == 0.9
    assert parse_deck(Path("d.yaml"), "name: x\narticles: [a.md]\n").min_confidence is None


def test_two_decks_with_the_same_name_is_an_error(tmp_path: Path) -> None:
    """Two deck files may not share an Anki deck name."""
    (tmp_path / "decks").mkdir()
    (tmp_path / "decks" / "a.yaml").write_text("name: 同名\narticles: [a.md]\n", encoding="utf-8")
    (tmp_path / "decks" / "b.yaml").write_text("name: 同名\narticles: [b.md]\n", encoding="utf-8")
    with pytest.raises(DeckError, match=r"already used by decks/a\.yaml"):
        load_decks(tmp_path)


def test_a_glob_that_matches_nothing_is_an_error(tmp_path: Path) -> None:
    """An articles entry that matches no file names the deck file and the entry's line."""
    deck = parse_deck(Path("decks/x.yaml"), "name: x\narticles:\n  - missing/*.md\n")
    with pytest.raises(DeckError, match=r"decks/x\.yaml:3: 'articles' entry 'missing/\*\.md' matches no article"):
        resolve_articles(tmp_path, deck)


def test_articles_resolve_files_folders_and_globs_in_order(tmp_path: Path) -> None:
    """Paths, folders (recursively) and globs resolve to article files, each once."""
    for name in ("a/1.md", "a/sub/2.txt", "b.md", "c.md"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x", encoding="utf-8")
    deck = parse_deck(Path("decks/x.yaml"), "name: x\narticles: [c.md, a, '*.md']\n")
    found = [p.relative_to(tmp_path).as_posix() for p in resolve_articles(tmp_path, deck)]
    assert found == ["c.md", "a/1.md", "a/sub/2.txt", "b.md"]


def test_root_is_found_by_walking_up(tmp_path: Path) -> None:
    """The project root is the nearest folder above that holds decks/."""
    (tmp_path / "decks").mkdir()
    (tmp_path / "x" / "y").mkdir(parents=True)
    assert find_root(tmp_path / "x" / "y") == tmp_path.resolve()


def test_selecting_an_unknown_deck_lists_the_known_ones(tmp_path: Path) -> None:
    """Asking for a deck that does not exist says which decks there are."""
    deck = parse_deck(Path("decks/ml.yaml"), "name: ML\narticles: [a.md]\n")
    assert select([deck], ("ML",)) == [deck]
    with pytest.raises(DeckError, match="known decks: ml"):
        select([deck], ("nope",))


@pytest.mark.parametrize(
    ("text", "message", "line"),
    [
        ("name: a\nname: b\narticles: [x.md]\n", "has the key 'name' twice (first on line 1)", 2),
        ("name: 123\narticles: [x.md]\n", "'name' must be text, not '123'", 1),
        ("name: true\narticles: [x.md]\n", "'name' must be text", 1),
        ("name: x\narticles: [x.md]\nreview:\n  learning_steps: [99999999999d]\n", "at most 365d", 4),
        ("name: x\narticles: [x.md]\nreview:\n  learning_steps: [" + "9" * 400 + "d]\n", "at most 365d", 4),
        ("name: x\narticles: [x.md]\nallow_outside: maybe\n", "'allow_outside' must be true or false", 3),
        ("name: x\narticles: " + "[" * 5000 + "]" * 5000 + "\n", "nested more than", 2),
        (
            "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
            + "".join(f"a{i}: &a{i} [{', '.join(['*a' if i == 1 else f'*a{i - 1}'] * 10)}]\n" for i in range(1, 8)),
            "expands to more than",
            None,
        ),
    ],
)
def test_hostile_deck_files_are_errors_naming_file_and_line(text: str, message: str, line: int | None) -> None:
    """Duplicate keys, a non-text name, absurd steps, deep nesting and alias bombs are DeckErrors, not crashes."""
    with pytest.raises(DeckError) as info:
        parse_deck(Path("decks/x.yaml"), text)
    assert message in str(info.value)
    if line is not None:
        assert str(info.value).startswith(f"decks/x.yaml:{line}:")


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """A project with one article inside, one outside, a symlink leading out and a FIFO."""
    root = tmp_path / "proj"
    (root / "notes").mkdir(parents=True)
    (root / "notes" / "in.md").write_text("x", encoding="utf-8")
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "out.md").write_text("x", encoding="utf-8")
    return root


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ("../outside/*.md", "leads outside the project"),
        ("../outside/out.md", "leads outside the project"),
        ("../outside", "leads outside the project"),
        ("ABS/outside/out.md", "is an absolute path"),
        ("links/*.md", "leads outside the project"),
        ("linked/*.md", "leads outside the project"),
        ("notes/../linked/out.md", "leads outside the project"),
        ("pipes/*.md", "not a regular file"),
        ("pipes", "not a regular file"),
    ],
)
def test_articles_outside_the_project_or_not_regular_are_errors(tree: Path, entry: str, message: str) -> None:
    """``../`` globs, absolute paths, symlinks out (a file's or a folder's) and FIFOs name the deck file and the
    entry's line."""
    (tree / "links").mkdir()
    (tree / "links" / "l.md").symlink_to(tree.parent / "outside" / "out.md")
    (tree / "linked").symlink_to(tree.parent / "outside")
    (tree / "pipes").mkdir()
    os.mkfifo(tree / "pipes" / "p.md")
    entry = entry.replace("ABS", str(tree.parent))
    deck = parse_deck(Path("decks/x.yaml"), f"name: x\narticles:\n  - notes/in.md\n  - {entry}\n")
    with pytest.raises(DeckError) as info:
        resolve_articles(tree, deck)
    assert message in str(info.value) and str(info.value).startswith(f"decks/x.yaml:4: 'articles' entry '{entry}'")


def test_allow_outside_lets_a_deck_read_articles_elsewhere(tree: Path) -> None:
    """With ``allow_outside: true`` a ``../`` glob or an absolute path is read, named relative to the root."""
    absolute = tree.parent / "outside" / "out.md"
    text = f"name: x\nallow_outside: true\narticles: ['../outside/*.md', '{absolute}']\n"
    deck = parse_deck(Path("decks/x.yaml"), text)
    found = resolve_articles(tree, deck)
    assert [article_path(tree, f) for f in found] == ["../outside/out.md"]


def test_a_fifo_among_the_deck_files_is_an_error_and_never_opened(tmp_path: Path) -> None:
    """A FIFO named like a deck file would block a read: it is a DeckError instead."""
    (tmp_path / "decks").mkdir()
    os.mkfifo(tmp_path / "decks" / "x.yaml")
    with pytest.raises(DeckError, match=r"x\.yaml: is not a regular file"):
        load_decks(tmp_path)
