"""Tests for the deck preview as last built: which cards, what the last build changed, stale sources."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from flashnotes.collection import Collection
from flashnotes.deck.build import build_deck
from flashnotes.deck.deckfile import load_decks
from flashnotes.deck.page import DeckHistory, DeckPage
from flashnotes.deck.preview import deck_page
from flashnotes.model import Kind
from tests.helpers import ARTICLE, Project, make_project

T0 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
HISTORY = DeckHistory((0,) * 30, (0,) * 30, "no reviews yet")


def _build(project: Project, when: datetime) -> None:
    [deck] = load_decks(project.root)
    with Collection(project.root / ".flashnotes" / "collection.sqlite3") as col:
        build_deck(project.root, deck, col, project.root / "dist" / "opt.apkg", when)


def _page(project: Project) -> DeckPage:
    [deck] = load_decks(project.root)
    with Collection(project.root / ".flashnotes" / "collection.sqlite3") as col:
        return deck_page(project.root, deck, col, project.root / "dist", HISTORY)


def test_first_build_marks_every_card_added(tmp_path: Path) -> None:
    """After the first build every card is on the page, marked added, with no notice."""
    project = make_project(tmp_path)
    _build(project, T0)
    page = _page(project)
    assert len(page.cards) == 5 and {c.change for c in page.cards} == {"added"}
    assert page.built_at == T0 and page.notices == ()
    assert {c.card.kind for c in page.cards} == {Kind.DEFINITION, Kind.QUIZ, Kind.FORMULA, Kind.CLOZE}


def test_second_build_marks_added_changed_and_retired(tmp_path: Path) -> None:
    """An edited answer is changed, a new sentence added, a removed one retired and still shown; the rest unmarked."""
    project = make_project(tmp_path)
    _build(project, T0)
    edited = ARTICLE.replace("累积历史梯度来加速收敛", "累积历史梯度、加速收敛").replace(
        "学习率是每一步沿负梯度方向前进的步长。", "批大小是每一步使用的样本数量。"
    )
    project.write("notes/opt.md", edited)
    _build(project, T0 + timedelta(hours=1))
    marks = {c.card.key: c.change for c in _page(project).cards}
    assert marks["动量法"] == "changed" and marks["批大小"] == "added" and marks["学习率"] == "retired"
    assert marks["为什么要做学习率衰减？"] is None


def test_sources_changed_since_the_build_are_announced(tmp_path: Path) -> None:
    """When the article changed after the last build, the page says so and still shows the built cards."""
    project = make_project(tmp_path)
    _build(project, T0)
    project.write("notes/opt.md", ARTICLE + "\n动能 :: 物体由于运动而具有的能量\n")
    page = _page(project)
    assert len(page.cards) == 5
    [notice] = page.notices
    assert "changed since the last build (1 card would change)" in notice and "flashnotes build opt" in notice
    assert "or flashnotes itself" in notice  # an upgrade re-renders every card: the notice must not blame the user


def test_confidence_is_extractions_and_hand_written_cards_have_none(tmp_path: Path) -> None:
    """Each extracted card shows the confidence extraction gave it; a card written in the deck file shows none."""
    from flashnotes.extract.pipeline import extract
    from flashnotes.extract.reader import parse_article

    project = make_project(tmp_path)
    project.write(
        "decks/opt.yaml", project.read("decks/opt.yaml") + "cards:\n  - front: 手写的问题？\n    back: 手写的答案。\n"
    )
    _build(project, T0)
    extracted = extract(parse_article("notes/opt.md", ARTICLE.encode()), min_confidence=0)
    expected = {c.key: c.confidence for c in extracted}
    shown = {c.card.key: c.confidence for c in _page(project).cards}
    assert shown.pop("手写的问题？") is None
    assert shown and all(expected[key] == value for key, value in shown.items())
    assert any(value is not None and value < 1 for value in shown.values())
