"""Review values shared by the scheduler and the collection: grades, phases, memory state."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import IntEnum

LEECH_LAPSES = 8


class Rating(IntEnum):
    """The four grades."""

    AGAIN = 1
    HARD = 2
    GOOD = 3
    EASY = 4


class Phase(IntEnum):
    """Where a card is in its life (NEW has never been answered)."""

    NEW = 0
    LEARNING = 1
    REVIEW = 2
    RELEARNING = 3


@dataclass(frozen=True, slots=True)
class Memory:
    """A card's FSRS memory state, counters and when it is due.

    ``due`` is the moment a learning step shorter than the rest of the study day
    ends; ``due_day`` is the study day (see :mod:`flashnotes.studyday`) a review
    or a day-long learning step falls due, for the whole of that day. ``interval``
    is the card's current interval in days (Anki's ``ivl``), kept while relearning.
    """

    phase: Phase = Phase.NEW
    step: int | None = 0
    stability: float | None = None
    difficulty: float | None = None
    due: datetime | None = None
    last_review: datetime | None = None
    reps: int = 0
    lapses: int = 0
    due_day: int | None = None
    interval: int = 0

    @property
    def leech(self) -> bool:
        """Whether the card has lapsed often enough to be a leech."""
        return self.lapses >= LEECH_LAPSES


@dataclass(frozen=True, slots=True)
class ReviewState:
    """Everything the collection keeps about a card's reviews besides the log."""

    memory: Memory = Memory()
    suspended: bool = False
    buried_until: datetime | None = None


@dataclass(frozen=True, slots=True)
class LogEntry:
    """One answer in the review log."""

    id: int
    card_id: str
    reviewed_at: datetime
    rating: Rating
    duration_ms: int
    before: ReviewState | None
    after: ReviewState
    interval_seconds: float
    cram: bool = False
