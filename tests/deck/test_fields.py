"""Tests for a card's note fields: the source line under the answer shows each heading once."""

from __future__ import annotations

from flashnotes.deck.fields import note_fields, source_html
from flashnotes.model import Card, Kind, Source


def _card(front: str, heading: tuple[str, ...]) -> Card:
    return Card("i", Kind.FORMULA, front, r"\[a=b\]", "a=b", Source("notes/a.md", 7, heading))


def test_headings_the_front_already_names_are_left_out_of_the_source() -> None:
    """A formula front that starts with its heading path leaves the source with the article alone."""
    assert source_html(_card("Adam > 更新规则: 一阶动量为", ("Adam", "更新规则"))) == "notes/a.md"


def test_headings_the_front_does_not_name_stay_in_the_source() -> None:
    """A front that names none of its headings keeps the whole heading path under the answer."""
    assert source_html(_card("What is Adam?", ("优化器", "更新规则"))) == "notes/a.md · 优化器 › 更新规则"


def test_cloze_fields_keep_the_deletions_and_leave_extra_empty() -> None:
    """A cloze card's Text keeps its deletion markup and its Extra field is empty."""
    card = Card("c", Kind.CLOZE, "FSRS is {{c1::a scheduler}}.", "FSRS is a scheduler.", "k", Source("a.md", 1))
    text, extra, source = note_fields(card, lambda src: src)
    assert "{{c1::a scheduler}}" in text and extra == "" and source == "a.md"
