"""Silent cases made to speak: warnings for a deck that builds but probably not as its author meant.

Each warning names the file (and line, where there is one) and says what to do.
A warning never changes the exit code.
"""

from __future__ import annotations

from collections.abc import Sequence

from flashnotes.deck.deckfile import DECKS_DIR, DeckSpec
from flashnotes.model import Card, normalise_key

NO_DECKS = (
    f"{DECKS_DIR}/ holds no deck file, so there is nothing to build; add {DECKS_DIR}/NAME.yaml naming your "
    "articles (`flashnotes init` writes a commented example) and run this again"
)
_EXPLICIT = "`term :: definition`, `Q:`/`A:` or `{{c1::…}}` (see the README's 'Writing cards explicitly')"


def _excluded(spec: DeckSpec, card: Card) -> bool:
    if not spec.exclude:
        return False
    keys = {normalise_key(e) for e in spec.exclude}
    return card.id in spec.exclude or normalise_key(card.key) in keys


def empty_articles(spec: DeckSpec, articles: Sequence[tuple[str, Sequence[Card]]]) -> list[str]:
    """A warning for each article that gives the deck no card, saying why and what to do."""
    out = []
    for path, cards in articles:
        kept = [c for c in cards if c.kind in spec.kinds and not _excluded(spec, c)]
        if kept:
            continue
        if not cards:
            out.append(
                f"{path}: no card found in this article; mark what you want to learn with {_EXPLICIT}, "
                f"or remove the article from {spec.file.as_posix()}"
            )
        else:
            which = "its one card is" if len(cards) == 1 else f"all {len(cards)} of its cards are"
            out.append(
                f"{path}: {which} left out by 'kinds' or 'exclude' in {spec.file.as_posix()}; "
                "change those fields if you meant to keep any"
            )
    return out


def unused_excludes(spec: DeckSpec, articles: Sequence[tuple[str, Sequence[Card]]]) -> list[str]:
    """A warning for each ``exclude`` entry that matches no card, at its line in the deck file."""
    ids = {c.id for _, cards in articles for c in cards}
    keys = {normalise_key(c.key) for _, cards in articles for c in cards}
    return [
        f"{spec.file.as_posix()}:{line}: 'exclude' entry '{entry}' matches no card; use a card's key or id "
        "as `flashnotes build --dry-run --json` or `flashnotes extract` shows it, or remove the entry"
        for entry, line in spec.exclude_lines
        if entry not in ids and normalise_key(entry) not in keys
    ]


def deck_warnings(spec: DeckSpec, articles: Sequence[tuple[str, Sequence[Card]]]) -> list[str]:
    """Every silent-case warning for one deck's extracted articles."""
    return [*empty_articles(spec, articles), *unused_excludes(spec, articles)]
