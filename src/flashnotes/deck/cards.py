"""A deck's cards: the extracted ones its kinds and ``exclude`` keep, its hand-written ones, all tagged."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace
from functools import lru_cache
from typing import Protocol

from flashnotes.deck.deckfile import DeckSpec
from flashnotes.model import Card, Kind, Source, card_id, normalise_key


class Extracted(Protocol):
    """An article's extracted cards."""

    @property
    def cards(self) -> tuple[Card, ...]: ...


@lru_cache(maxsize=4096)
def _tag(text: str) -> str:
    return re.sub(r"[\s\"]+", "_", text.replace("::", "_")).strip("_")


@lru_cache(maxsize=4096)
def _tags(deck_tags: tuple[str, ...], card_tags: tuple[str, ...], heading: tuple[str, ...]) -> tuple[str, ...]:
    tags = [_tag(t) for t in (*deck_tags, *card_tags)]
    path = [_tag(h) for h in heading if _tag(h)]
    if path:
        tags.append("heading::" + "::".join(path))
    return tuple(dict.fromkeys(t for t in tags if t))


def card_tags(spec: DeckSpec, card: Card) -> tuple[str, ...]:
    """Deck tags, article tags and the heading path as one hierarchical tag (no spaces, Chinese kept)."""
    # the cards of one article share their tags and most of their headings: computed once for all of them
    return _tags(spec.tags, card.tags, card.source.heading)


def _hand_cards(spec: DeckSpec) -> list[Card]:
    path = spec.file.as_posix()
    return [
        Card(
            card_id(f"{spec.name}/{path}", Kind.QUIZ, hand.front),
            Kind.QUIZ,
            hand.front,
            hand.back,
            hand.front,
            Source(path, hand.line),
            hand.tags,
        )
        for hand in spec.cards
    ]


def deck_cards(spec: DeckSpec, articles: Iterable[Extracted]) -> list[Card]:
    """The deck's cards: extracted ones filtered by kind and ``exclude``, plus hand-written ones, tagged."""
    excluded = {normalise_key(e) for e in spec.exclude} | set(spec.exclude)
    cards = [c for a in articles for c in a.cards if c.kind in spec.kinds]
    if excluded:
        cards = [c for c in cards if c.id not in excluded and normalise_key(c.key) not in excluded]
    cards.extend(_hand_cards(spec))
    out = []
    for c in cards:
        tags = card_tags(spec, c)
        out.append(c if tags == c.tags else replace(c, tags=tags))
    return out
