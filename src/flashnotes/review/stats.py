"""Collection statistics: cards by state, what is due, a forecast, history, retention, recall."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, tzinfo

from flashnotes.review import scheduler
from flashnotes.review.memory import Memory, Phase, Rating
from flashnotes.review.store import Reviews
from flashnotes.settings import ReviewSettings
from flashnotes.studyday import StudyDays

DAYS = 30


@dataclass(frozen=True, slots=True)
class Stats:
    """Everything ``flashnotes stats`` reports."""

    decks: tuple[str, ...]
    by_state: dict[str, int]
    due_today: int
    due_tomorrow: int
    due_week: int
    forecast: tuple[int, ...]
    history: tuple[int, ...]
    retention: float | None
    retention_reviews: int
    average_recall: float | None

    @property
    def empty(self) -> bool:
        """Whether there are no cards at all."""
        return sum(self.by_state.values()) == 0

    def to_json(self) -> dict[str, object]:
        """The report as JSON."""
        return {
            "decks": list(self.decks),
            "cards": self.by_state,
            "due": {"today": self.due_today, "tomorrow": self.due_tomorrow, "next_7_days": self.due_week},
            "forecast_30_days": list(self.forecast),
            "reviews_last_30_days": list(self.history),
            "true_retention_30_days": self.retention,
            "retention_reviews": self.retention_reviews,
            "average_predicted_recall": self.average_recall,
        }


def _due_index(memory: Memory, today: int, days: StudyDays) -> int | None:
    """How many study days after today a card falls due (negative when overdue), None when not scheduled."""
    if memory.due_day is not None:
        return memory.due_day - today
    return None if memory.due is None else days.number(memory.due) - today


def compute(reviews: Reviews, settings: dict[str, ReviewSettings], now: datetime, zone: tzinfo, rollover: int) -> Stats:
    """Statistics for some decks at ``now`` in the learner's day."""
    decks: Sequence[str] = list(settings)
    days = StudyDays(zone, rollover)
    today = days.number(now)
    counts = {"new": 0, "learning": 0, "review": 0, "suspended": 0, "retired": 0, "leech": 0}
    forecast = [0] * DAYS
    recalls: list[float] = []
    for item in reviews.states(decks) if decks else []:
        state, memory = item.studied.state, item.studied.state.memory
        if item.retired:
            counts["retired"] += 1
            continue
        counts["leech"] += memory.leech
        if state.suspended:
            counts["suspended"] += 1
            continue
        phase = memory.phase
        counts["new" if phase is Phase.NEW else "review" if phase is Phase.REVIEW else "learning"] += 1
        index = _due_index(memory, today, days)
        if index is not None and phase is not Phase.NEW and index < DAYS:
            forecast[max(0, index)] += 1
        if phase is Phase.REVIEW:
            recalls.append(scheduler.retrievability(memory, now, settings[item.studied.deck], days))
    history, retained, judged = _history(reviews, decks, now, today, days)
    return Stats(
        tuple(decks),
        counts,
        forecast[0],
        forecast[1],
        sum(forecast[:7]),
        tuple(forecast),
        tuple(history),
        retained / judged if judged else None,
        judged,
        sum(recalls) / len(recalls) if recalls else None,
    )


def _history(
    reviews: Reviews, decks: Sequence[str], now: datetime, today: int, days: StudyDays
) -> tuple[list[int], int, int]:
    """Reviews per day for the last 30 study days, and (passed, judged) review-state answers."""
    history = [0] * DAYS
    retained = judged = 0
    since = days.start(today - (DAYS - 1))
    for entry in reviews.log(decks, since) if decks else []:
        if entry.cram or entry.reviewed_at > now:
            continue
        index = DAYS - 1 + days.number(entry.reviewed_at) - today
        if 0 <= index < DAYS:
            history[index] += 1
        if entry.before is not None and entry.before.memory.phase is Phase.REVIEW:
            judged += 1
            retained += entry.rating is not Rating.AGAIN
    return history, retained, judged
