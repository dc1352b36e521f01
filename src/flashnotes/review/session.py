"""A review session: which card comes next, what each grade does, undo, suspend, bury.

Pure of I/O: the collection is passed in and every method takes ``now``. Each
answer is committed in its own transaction the moment it is given.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta, tzinfo
from enum import Enum

from flashnotes.review import scheduler
from flashnotes.review.memory import Rating, ReviewState
from flashnotes.review.store import Reviews, Studied
from flashnotes.settings import ReviewSettings

LEARN_AHEAD = timedelta(minutes=20)


class Queue(Enum):
    """Why a card is shown."""

    LEARNING = "learning"
    REVIEW = "review"
    NEW = "new"
    CRAM = "cram"


@dataclass(frozen=True, slots=True)
class Due:
    """The card to show now and the queue it came from."""

    studied: Studied
    queue: Queue


@dataclass(frozen=True, slots=True)
class Left:
    """What is left today: learning, review and new cards."""

    learning: int
    review: int
    new: int


@dataclass(frozen=True, slots=True)
class Options:
    """How a session runs: the learner's day, and this session's limits."""

    zone: tzinfo
    rollover: int = 4
    limit: int | None = None
    new: int | None = None
    cram: bool = False


@dataclass
class Summary:
    """What a session did."""

    answered: int = 0
    again: int = 0
    milliseconds: int = 0
    by_rating: dict[Rating, int] = field(default_factory=lambda: {r: 0 for r in Rating})

    @property
    def again_rate(self) -> float:
        """Share of answers graded Again."""
        return self.again / self.answered if self.answered else 0.0


class Session:
    """One review session over some decks."""

    def __init__(self, reviews: Reviews, settings: dict[str, ReviewSettings], options: Options) -> None:
        self.reviews = reviews
        self.settings = settings
        self.decks = list(settings)
        self.options = options
        self.summary = Summary()
        self.history: list[tuple[int, Due, int]] = []
        self.crammed: set[str] = set()

    # -- the queue --------------------------------------------------------------------------

    def _limits(self, now: datetime) -> tuple[int, int]:
        start = scheduler.day_start(now, self.options.zone, self.options.rollover)
        new_done, reviews_done = self.reviews.answered_since(self.decks, start)
        new_cap = (
            self.options.new if self.options.new is not None else sum(s.new_per_day for s in self.settings.values())
        )
        review_cap = sum(s.reviews_per_day for s in self.settings.values())
        new_left = max(0, new_cap - (new_done if self.options.new is None else self._new_this_session()))
        return new_left, max(0, review_cap - reviews_done)

    def _new_this_session(self) -> int:
        return sum(1 for _, due, _ in self.history if due.queue is Queue.NEW)

    def _session_done(self) -> bool:
        return self.options.limit is not None and self.summary.answered >= self.options.limit

    def left(self, now: datetime) -> Left:
        """How many learning, review and new cards are still to come today."""
        if self.options.cram:
            rest = self.reviews.all_cards(self.decks, now, 1_000_000)
            return Left(0, 0, sum(1 for s in rest if s.card.id not in self.crammed))
        end = scheduler.next_day_start(now, self.options.zone, self.options.rollover)
        new_left, review_left = self._limits(now)
        learning = self.reviews.count("learning", self.decks, end, now, 1_000_000)
        review = self.reviews.count("review", self.decks, end, now, review_left)
        new = self.reviews.count("new", self.decks, end, now, new_left)
        return Left(learning, review, new)

    def next(self, now: datetime) -> Due | None:
        """The card to show now: due learning cards, then reviews with new cards mixed in, then learn-ahead."""
        if self._session_done():
            return None
        if self.options.cram:
            rest = [s for s in self.reviews.all_cards(self.decks, now, 1_000_000) if s.card.id not in self.crammed]
            return Due(rest[0], Queue.CRAM) if rest else None
        learning = self.reviews.learning_due(self.decks, now + timedelta(seconds=1), now, 1)
        if learning:
            return Due(learning[0], Queue.LEARNING)
        end = scheduler.next_day_start(now, self.options.zone, self.options.rollover)
        new_left, review_left = self._limits(now)
        waiting = self.reviews.count("review", self.decks, end, now, review_left) if review_left else 0
        reviews = self.reviews.reviews_due(self.decks, end, now, 1) if waiting else []
        new = self.reviews.new_cards(self.decks, now, 1) if new_left else []
        if reviews and new and self._new_turn(waiting, new_left):
            return Due(new[0], Queue.NEW)
        if reviews:
            return Due(reviews[0], Queue.REVIEW)
        if new:
            return Due(new[0], Queue.NEW)
        ahead = self.reviews.learning_due(self.decks, now + LEARN_AHEAD, now, 1)
        return Due(ahead[0], Queue.LEARNING) if ahead else None

    def _new_turn(self, reviews_left: int, new_left: int) -> bool:
        """Spread new cards evenly among the reviews."""
        every = max(1, (reviews_left + new_left) // max(1, new_left))
        return (self.summary.answered + 1) % every == 0

    # -- answering ------------------------------------------------------------------------------

    def _settings(self, due: Due) -> ReviewSettings:
        return self.settings[due.studied.deck]

    def preview(self, due: Due, now: datetime) -> dict[Rating, scheduler.Outcome]:
        """The outcome of each grade (the intervals to show on the buttons)."""
        return scheduler.preview(due.studied.state.memory, due.studied.card.id, now, self._settings(due))

    def answer(self, due: Due, rating: Rating, now: datetime, duration_ms: int) -> scheduler.Outcome:
        """Grade the card: exactly the previewed outcome, committed at once."""
        outcome = self.preview(due, now)[rating]
        state = replace(due.studied.state, memory=outcome.memory, buried_until=None)
        cram = self.options.cram
        log_id = self.reviews.record_answer(
            due.studied.card.id,
            rating,
            now,
            duration_ms=duration_ms,
            after=state,
            interval_seconds=outcome.interval.total_seconds(),
            cram=cram,
        )
        if cram:
            self.crammed.add(due.studied.card.id)
        self.history.append((log_id, due, duration_ms))
        self._count(rating, duration_ms, +1)
        return outcome

    def _count(self, rating: Rating, duration_ms: int, sign: int) -> None:
        self.summary.answered += sign
        self.summary.by_rating[rating] += sign
        self.summary.again += sign * (rating is Rating.AGAIN)
        self.summary.milliseconds += sign * duration_ms

    def undo(self) -> Due | None:
        """Take back the last answer: the log entry goes and the card's state is restored exactly."""
        if not self.history:
            return None
        log_id, due, duration_ms = self.history.pop()
        entry = self.reviews.undo(log_id)
        if entry is not None:
            self._count(entry.rating, duration_ms, -1)
        self.crammed.discard(due.studied.card.id)
        return due

    def suspend(self, due: Due) -> None:
        """Suspend the card until unsuspended: it no longer comes up."""
        self.reviews.set_state(due.studied.card.id, replace(self._stored(due), suspended=True))

    def bury(self, due: Due, now: datetime) -> None:
        """Hide the card until the next study day."""
        until = scheduler.next_day_start(now, self.options.zone, self.options.rollover)
        self.reviews.set_state(due.studied.card.id, replace(self._stored(due), buried_until=until))

    def _stored(self, due: Due) -> ReviewState:
        return self.reviews.state(due.studied.card.id) or ReviewState()

    def next_due(self) -> datetime | None:
        """When the next scheduled card is due, after this session."""
        return self.reviews.next_due(self.decks)


def deck_settings(names: Sequence[str], configured: dict[str, ReviewSettings]) -> dict[str, ReviewSettings]:
    """Settings for each deck name: from its deck file, or the defaults for decks no file names any more."""
    return {name: configured.get(name, ReviewSettings()) for name in names}
