"""The scheduler: FSRS-6 through the ``fsrs`` library, plus what the library leaves to us.

This is the only module that imports ``fsrs``. The library computes every
memory state and interval; this module adds (1) fuzz seeded per card and
review count, so the interval shown on a button is exactly the one applied,
(2) Hard <= Good <= Easy, and (3) local study days that start at a rollover
hour in the learner's time zone (the library itself only knows UTC).
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, tzinfo

import fsrs
import fsrs.scheduler as fsrs_scheduler

from flashnotes.review.memory import Memory, Phase, Rating
from flashnotes.settings import ReviewSettings


@dataclass(frozen=True, slots=True)
class Outcome:
    """What one grade does: the memory after it and the interval it gives."""

    rating: Rating
    memory: Memory
    interval: timedelta


def _require_utc(when: datetime) -> datetime:
    if when.tzinfo is None or when.utcoffset() != timedelta(0):
        raise ValueError("scheduler times must be aware UTC datetimes")
    return when.astimezone(UTC)


def make_scheduler(settings: ReviewSettings) -> fsrs.Scheduler:
    """An fsrs Scheduler configured from a deck's review settings."""
    return fsrs.Scheduler(
        desired_retention=settings.desired_retention,
        learning_steps=settings.learning_steps,
        relearning_steps=settings.relearning_steps,
        maximum_interval=settings.maximum_interval,
        enable_fuzzing=True,
    )


def to_fsrs(memory: Memory, card_id: int, now: datetime) -> fsrs.Card:
    """The library's card for a memory state (a new card is a fresh Learning card due now)."""
    if memory.phase is Phase.NEW:
        return fsrs.Card(card_id=card_id, due=now)
    return fsrs.Card(
        card_id=card_id,
        state=fsrs.State(int(memory.phase)),
        step=memory.step,
        stability=memory.stability,
        difficulty=memory.difficulty,
        due=memory.due,
        last_review=memory.last_review,
    )


def from_fsrs(card: fsrs.Card, before: Memory, rating: Rating) -> Memory:
    """Our memory state from the library's card after a review."""
    lapse = before.phase is Phase.REVIEW and rating is Rating.AGAIN
    return Memory(
        phase=Phase(int(card.state)),
        step=card.step,
        stability=card.stability,
        difficulty=card.difficulty,
        due=card.due,
        last_review=card.last_review,
        reps=before.reps + 1,
        lapses=before.lapses + int(lapse),
    )


def fuzz_seed(card_key: str, reps: int) -> int:
    """The fuzz seed for a card's next review: the same card and review count, the same fuzz."""
    return int(hashlib.sha256(f"{card_key}:{reps}".encode()).hexdigest()[:16], 16)


@contextmanager
def _seeded(seed: int) -> Iterator[None]:
    """Run the library with its fuzz drawn from a seeded generator instead of the global one."""
    # fsrs draws its fuzz from the module-level name ``random``; swap it for a seeded generator.
    original = getattr(fsrs_scheduler, "random")  # noqa: B009 - the name is not exported for typing
    setattr(fsrs_scheduler, "random", random.Random(seed).random)  # noqa: B010
    try:
        yield
    finally:
        setattr(fsrs_scheduler, "random", original)  # noqa: B010


def numeric_id(card_key: str) -> int:
    """The integer id the library wants, derived from our card id."""
    return int(hashlib.sha256(card_key.encode()).hexdigest()[:12], 16)


def preview(memory: Memory, card_key: str, now: datetime, settings: ReviewSettings) -> dict[Rating, Outcome]:
    """What each grade would do now; ``answer`` applies exactly one of these."""
    now = _require_utc(now)
    scheduler = make_scheduler(settings)
    seed = fuzz_seed(card_key, memory.reps)
    outcomes: dict[Rating, Outcome] = {}
    for rating in Rating:
        with _seeded(seed):
            card, _ = scheduler.review_card(to_fsrs(memory, numeric_id(card_key), now), fsrs.Rating(int(rating)), now)
        after = from_fsrs(card, memory, rating)
        outcomes[rating] = Outcome(rating, after, card.due - now)
    return _ordered(outcomes, now)


def _ordered(outcomes: dict[Rating, Outcome], now: datetime) -> dict[Rating, Outcome]:
    """Hard <= Good <= Easy: fuzz may not make an easier grade come back sooner."""
    fixed = dict(outcomes)
    for low, high in ((Rating.HARD, Rating.GOOD), (Rating.GOOD, Rating.EASY)):
        if fixed[high].interval < fixed[low].interval:
            due = now + fixed[low].interval
            fixed[high] = Outcome(high, _with_due(fixed[high].memory, due), fixed[low].interval)
    return fixed


def _with_due(memory: Memory, due: datetime) -> Memory:
    return Memory(
        memory.phase,
        memory.step,
        memory.stability,
        memory.difficulty,
        due,
        memory.last_review,
        memory.reps,
        memory.lapses,
    )


def answer(memory: Memory, card_key: str, rating: Rating, now: datetime, settings: ReviewSettings) -> Outcome:
    """Apply a grade: exactly the outcome ``preview`` showed for it."""
    return preview(memory, card_key, now, settings)[rating]


def retrievability(memory: Memory, now: datetime, settings: ReviewSettings) -> float:
    """The predicted probability of recall now (0 for a card never reviewed)."""
    if memory.phase is Phase.NEW or memory.last_review is None:
        return 0.0
    card = to_fsrs(memory, 0, _require_utc(now))
    return float(make_scheduler(settings).get_card_retrievability(card, _require_utc(now)))


# -- study days ----------------------------------------------------------------


def day_start(now: datetime, zone: tzinfo, rollover: int) -> datetime:
    """When the learner's current study day began (UTC): the last ``rollover`` o'clock, local time."""
    local = _require_utc(now).astimezone(zone)
    start = local.replace(hour=rollover, minute=0, second=0, microsecond=0)
    if local < start:
        start = (local - timedelta(days=1)).replace(hour=rollover, minute=0, second=0, microsecond=0)
    return start.astimezone(UTC)


def next_day_start(now: datetime, zone: tzinfo, rollover: int) -> datetime:
    """When the learner's next study day begins (UTC), daylight saving included."""
    local_start = day_start(now, zone, rollover).astimezone(zone)
    following = (local_start.replace(tzinfo=None) + timedelta(days=1)).replace(tzinfo=zone)
    return following.astimezone(UTC)


def format_interval(interval: timedelta) -> str:
    """A short human interval: 45s, 10m, 3h, 5d, 2.1mo, 1.3y."""
    seconds = max(0, interval.total_seconds())
    if seconds < 60:
        return f"{round(seconds)}s"
    if seconds < 3600:
        return f"{round(seconds / 60)}m"
    if seconds < 86400:
        return f"{round(seconds / 3600)}h"
    days = seconds / 86400
    if days < 30:
        return f"{round(days)}d"
    if days < 365:
        return f"{days / 30:.1f}mo"
    return f"{days / 365:.1f}y"
