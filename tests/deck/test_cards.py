"""Tests for a deck's cards: kinds and exclude filter the extracted cards, tags come from deck, article, headings."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from flashnotes.deck.cards import card_tags, deck_cards
from flashnotes.deck.deckfile import DeckSpec
from flashnotes.model import Card, Kind, Source


@dataclass(frozen=True)
class _Article:
    cards: tuple[Card, ...]


def _card(key: str, kind: Kind = Kind.DEFINITION, heading: tuple[str, ...] = ("优化", "动量 法")) -> Card:
    return Card(f"id-{key}", kind, f"什么是{key}？", "答案", key, Source("a.md", 1, heading), ("文章",))


def test_kinds_and_exclude_filter_and_every_card_is_tagged() -> None:
    """Only kept kinds and keys not excluded stay; each card carries deck, article and heading tags."""
    spec = DeckSpec(
        "D", Path("decks/d.yaml"), (), kinds=frozenset({Kind.DEFINITION}), tags=("ml",), exclude=frozenset({"学习率"})
    )
    article = _Article((_card("动量"), _card("学习率"), _card("公式", Kind.FORMULA)))
    [kept] = deck_cards(spec, [article])
    assert kept.key == "动量"
    assert kept.tags == ("ml", "文章", "heading::优化::动量_法")


def test_tags_are_the_same_computed_once_or_again() -> None:
    """The cached tag computation gives what a fresh one gives, for cards sharing or not sharing headings."""
    spec = DeckSpec("D", Path("decks/d.yaml"), (), tags=("a b", 'say "x"'))
    first = card_tags(spec, _card("k1"))
    assert first == ("a_b", "say_x", "文章", "heading::优化::动量_法")
    assert card_tags(spec, _card("k2")) == first
    assert card_tags(spec, _card("k3", heading=())) == ("a_b", "say_x", "文章")
