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
from flashnotes.studyday import StudyDays

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


@dataclass(frozen=True, slots=True)
class _Action:
    """One thing done in the session, as undo needs it: an answer (its log entry) or a suspend or bury."""

    due: Due
    log_id: int | None = None
    before: ReviewState | None = None
    duration_ms: int = 0


class Session:
    """One review session over some decks; each deck's daily limits hold for that deck."""

    def __init__(self, reviews: Reviews, settings: dict[str, ReviewSettings], options: Options) -> None:
        self.reviews = reviews
        self.settings = settings
        self.decks = list(settings)
        self.options = options
        self.days = StudyDays(options.zone, options.rollover)
        self.summary = Summary()
        self.history: list[_Action] = []
        self.crammed: set[str] = set()

    # -- the queue --------------------------------------------------------------------------

    def _room(self, now: datetime) -> tuple[dict[str, int], dict[str, int]]:
        """New and review cards each deck may still show today (``--new`` replaces the new-card limits)."""
        done = self.reviews.answered_since(self.decks, self.days.day_start(now))
        reviews = {d: max(0, s.reviews_per_day - done.get(d, (0, 0))[1]) for d, s in self.settings.items()}
        if self.options.new is not None:
            left = max(0, self.options.new - self._new_this_session())
            return dict.fromkeys(self.decks, left), reviews
        return {d: max(0, s.new_per_day - done.get(d, (0, 0))[0]) for d, s in self.settings.items()}, reviews

    def _new_this_session(self) -> int:
        return sum(1 for a in self.history if a.log_id is not None and a.due.queue is Queue.NEW)

    def _session_done(self) -> bool:
        return self.options.limit is not None and self.summary.answered >= self.options.limit

    def _waiting(self, which: str, room: dict[str, int], now: datetime) -> int:
        """How many new or review cards the decks will still show today, each within its own limit."""
        end, today = self.days.next_start(now), self.days.number(now)
        total = sum(self.reviews.count(which, [d], end, today, now=now, limit=n) for d, n in room.items() if n > 0)
        if which == "new" and self.options.new is not None:
            return min(total, max(room.values(), default=0))
        return total

    def left(self, now: datetime) -> Left:
        """How many learning, review and new cards are still to come today."""
        if self.options.cram:
            rest = self.reviews.all_cards(self.decks, now, 1_000_000)
            return Left(0, 0, sum(1 for s in rest if s.card.id not in self.crammed))
        new_room, review_room = self._room(now)
        end, today = self.days.next_start(now), self.days.number(now)
        learning = self.reviews.count("learning", self.decks, end, today, now=now, limit=1_000_000)
        return Left(learning, self._waiting("review", review_room, now), self._waiting("new", new_room, now))

    def next(self, now: datetime) -> Due | None:
        """The card to show now: due learning cards, then reviews with new cards mixed in, then learn-ahead."""
        if self._session_done():
            return None
        if self.options.cram:
            rest = [s for s in self.reviews.all_cards(self.decks, now, 1_000_000) if s.card.id not in self.crammed]
            return Due(rest[0], Queue.CRAM) if rest else None
        today = self.days.number(now)
        learning = self.reviews.learning_due(self.decks, now + timedelta(seconds=1), today, now, 1)
        if learning:
            return Due(learning[0], Queue.LEARNING)
        new_room, review_room = self._room(now)
        waiting = self._waiting("review", review_room, now)
        with_reviews = [d for d, n in review_room.items() if n > 0]
        reviews = self.reviews.reviews_due(with_reviews, today, now, 1) if waiting else []
        with_new = [d for d, n in new_room.items() if n > 0]
        new = self.reviews.new_cards(with_new, now, 1) if with_new else []
        if reviews and new and self._new_turn(waiting, self._waiting("new", new_room, now)):
            return Due(new[0], Queue.NEW)
        if reviews:
            return Due(reviews[0], Queue.REVIEW)
        if new:
            return Due(new[0], Queue.NEW)
        ahead = self.reviews.learning_due(self.decks, now + LEARN_AHEAD, today, now, 1)
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
        return scheduler.preview(due.studied.state.memory, due.studied.card.id, now, self._settings(due), self.days)

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
        self.history.append(_Action(due, log_id=log_id, duration_ms=duration_ms))
        self._count(rating, duration_ms, +1)
        return outcome

    def _count(self, rating: Rating, duration_ms: int, sign: int) -> None:
        self.summary.answered += sign
        self.summary.by_rating[rating] += sign
        self.summary.again += sign * (rating is Rating.AGAIN)
        self.summary.milliseconds += sign * duration_ms

    def undo(self) -> Due | None:
        """Take back the last action (an answer, a suspend or a bury): the card's state is restored exactly."""
        if not self.history:
            return None
        action = self.history.pop()
        card_id = action.due.studied.card.id
        if action.log_id is None:
            self.reviews.restore_state(card_id, action.before)
            return action.due
        entry = self.reviews.undo(action.log_id)
        if entry is not None:
            self._count(entry.rating, action.duration_ms, -1)
        self.crammed.discard(card_id)
        return action.due

    def suspend(self, due: Due) -> None:
        """Suspend the card until unsuspended: it no longer comes up."""
        before = self.reviews.state(due.studied.card.id)
        self.reviews.set_state(due.studied.card.id, replace(before or ReviewState(), suspended=True))
        self.history.append(_Action(due, before=before))

    def bury(self, due: Due, now: datetime) -> None:
        """Hide the card until the next study day."""
        before = self.reviews.state(due.studied.card.id)
        until = self.days.next_start(now)
        self.reviews.set_state(due.studied.card.id, replace(before or ReviewState(), buried_until=until))
        self.history.append(_Action(due, before=before))

    def next_due(self) -> datetime | None:
        """When the next scheduled card is due, after this session."""
        return self.reviews.next_due(self.decks, self.days)


def deck_settings(names: Sequence[str], configured: dict[str, ReviewSettings]) -> dict[str, ReviewSettings]:
    """Settings for each deck name: from its deck file, or the defaults for decks no file names any more."""
    return {name: configured.get(name, ReviewSettings()) for name in names}
