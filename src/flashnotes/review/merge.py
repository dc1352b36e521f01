"""What an Anki export adds to flashnotes' review history: new answers, manual changes, unknown cards.

Pure: the Anki collection (as read by ``ankistore``), which note GUID is which
flashnotes card and the revlog ids flashnotes already holds are passed in. A
flashnotes card is its note's first card in Anki (for a cloze note, the first
deletion's); every revlog row is classified once, by its id, so importing the
same file twice adds nothing.
"""

from __future__ import annotations

from collections.abc import Mapping, Set
from dataclasses import dataclass
from datetime import datetime

from flashnotes.progress import RevlogKind
from flashnotes.review.ankistore import AnkiCard, AnkiCollection, AnkiReview
from flashnotes.review.history_store import ManualEvent, from_millis
from flashnotes.review.memory import Rating


@dataclass(frozen=True, slots=True)
class ImportedAnswer:
    """An answer given in Anki: its revlog id and time, the button, and the interval Anki gave."""

    card_id: str
    revlog_id: int
    at: datetime
    rating: Rating
    duration_ms: int
    anki_interval: int  # days, or negative seconds while learning
    cram: bool = False


@dataclass(frozen=True, slots=True)
class Unknown:
    """A card of a flashnotes note type that flashnotes does not know (or a second cloze card of a note)."""

    guid: str
    ord: int
    reviews: int


@dataclass(frozen=True, slots=True)
class MergePlan:
    """Everything an import would change, and what it leaves alone."""

    answers: tuple[ImportedAnswer, ...]
    events: tuple[ManualEvent, ...]
    matched: Mapping[str, AnkiCard]  # flashnotes card id -> its card in the export
    unknown: tuple[Unknown, ...]
    missing: tuple[str, ...]  # flashnotes card ids of the export's decks that it no longer holds
    already: int  # reviews already in flashnotes' log
    other_cards: int  # cards of other note types, ignored

    @property
    def touched(self) -> frozenset[str]:
        """The cards whose state is recomputed."""
        return frozenset(a.card_id for a in self.answers) | frozenset(e.card_id for e in self.events)


def classify(review: AnkiReview) -> str:
    """``answer``, ``cram``, ``forget``, ``reschedule`` or ``skip`` for one revlog row."""
    if review.kind in (RevlogKind.MANUAL, RevlogKind.RESCHEDULED) or review.ease == 0:
        if review.kind == RevlogKind.MANUAL and review.interval == 0 and review.factor == 0:
            return "forget"
        return "reschedule" if review.kind in (RevlogKind.MANUAL, RevlogKind.RESCHEDULED) else "skip"
    if not 1 <= review.ease <= 4 or review.kind > RevlogKind.FILTERED:
        return "skip"
    return "cram" if review.kind == RevlogKind.FILTERED and review.factor == 0 else "answer"


def plan_merge(
    anki: AnkiCollection,
    cards: Mapping[str, str],
    note_types: Set[int],
    known: Set[int],
    live: Mapping[str, str],
) -> MergePlan:
    """The merge of an export: ``cards`` maps note GUID to card id, ``live`` live card ids to their deck."""
    first: dict[str, AnkiCard] = {}
    for card in sorted(anki.cards, key=lambda c: c.ord):
        first.setdefault(card.guid, card)
    by_anki_id = {c.id: cards[c.guid] for c in first.values() if c.guid in cards}
    reviews_of: dict[int, int] = {}
    for review in anki.reviews:
        reviews_of[review.card_id] = reviews_of.get(review.card_id, 0) + 1
    unknown = tuple(
        Unknown(c.guid, c.ord, reviews_of.get(c.id, 0))
        for c in anki.cards
        if c.note_type in note_types and c.id not in by_anki_id
    )
    answers, events, already = _rows(anki, by_anki_id, known)
    matched = {cards[c.guid]: c for c in first.values() if c.guid in cards}
    decks = {live[c] for c in matched if c in live}
    missing = tuple(sorted(c for c, deck in live.items() if deck in decks and c not in matched))
    other = sum(1 for c in anki.cards if c.note_type not in note_types)
    return MergePlan(tuple(answers), tuple(events), matched, unknown, missing, already, other)


def _rows(
    anki: AnkiCollection, by_anki_id: Mapping[int, str], known: Set[int]
) -> tuple[list[ImportedAnswer], list[ManualEvent], int]:
    answers: list[ImportedAnswer] = []
    events: list[ManualEvent] = []
    already = 0
    for review in anki.reviews:
        card_id = by_anki_id.get(review.card_id)
        kind = classify(review)
        if card_id is None or kind == "skip":
            continue
        if review.id in known:
            already += 1
            continue
        at = from_millis(review.id)
        if kind in ("forget", "reschedule"):
            events.append(ManualEvent(review.id, card_id, at, kind))
        else:
            rating = Rating(review.ease)
            duration = max(0, review.duration_ms)
            answers.append(ImportedAnswer(card_id, review.id, at, rating, duration, review.interval, kind == "cram"))
    return answers, events, already
