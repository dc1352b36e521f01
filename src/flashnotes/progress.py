"""Learning progress as Anki stores it: a card's scheduling columns and its ``revlog`` rows.

Shared by the review side, which computes it from the review state and log,
and the deck side, which writes it into packages. Plain values in Anki's own
units, so neither side needs the other's types.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import IntEnum

# Anki counts a collection's days from its creation date; packages say they were created on this day.
EPOCH = date(2000, 1, 1)


class CardType(IntEnum):
    """Anki's ``cards.type``."""

    NEW = 0
    LEARNING = 1
    REVIEW = 2
    RELEARNING = 3


class Queue(IntEnum):
    """Anki's ``cards.queue``: where the card waits (learning cards due on a later day wait by day)."""

    SUSPENDED = -1
    NEW = 0
    LEARNING = 1
    REVIEW = 2
    DAY_LEARNING = 3


class RevlogKind(IntEnum):
    """Anki's ``revlog.type``."""

    LEARNING = 0
    REVIEW = 1
    RELEARNING = 2
    FILTERED = 3  # with factor 0: cramming, which leaves the schedule alone
    MANUAL = 4  # set due date (factor kept) or forget (factor 0); no button
    RESCHEDULED = 5


@dataclass(frozen=True, slots=True)
class RevlogRow:
    """One answer as an Anki ``revlog`` row; ``id`` is the answer time in ms (unique per collection)."""

    id: int
    ease: int
    interval: int  # days, or negative seconds while learning
    last_interval: int
    factor: int
    duration_ms: int
    kind: RevlogKind


@dataclass(frozen=True, slots=True)
class Scheduling:
    """A card's Anki scheduling: ``due`` is a day since :data:`EPOCH` (review, day learning) or Unix seconds."""

    type: CardType
    queue: Queue
    due: int
    interval: int
    factor: int
    reps: int
    lapses: int
    left: int
    stability: float | None
    difficulty: float | None
    last_review: int | None  # Unix seconds


@dataclass(frozen=True, slots=True)
class CardProgress:
    """Everything a package carries about one card's learning."""

    scheduling: Scheduling
    revlog: tuple[RevlogRow, ...]


@dataclass(frozen=True, slots=True)
class Learning:
    """The progress a build writes into a package, by card id, and the learner's day rollover hour."""

    cards: Mapping[str, CardProgress] = field(default_factory=dict)
    rollover: int = 4


NO_LEARNING = Learning()


def difficulty_factor(difficulty: float | None) -> int:
    """The ``factor`` Anki logs for an FSRS difficulty (1..10 mapped to 100..1100)."""
    if difficulty is None:
        return 0
    return int((difficulty - 1) / 9 * 1000) + 100
