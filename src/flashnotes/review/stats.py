"""Collection statistics: cards by state, what is due, a forecast, history, retention, recall."""

from __future__ import annotations

import math
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo

from flashnotes.collection import iso_utc
from flashnotes.review import scheduler
from flashnotes.review.memory import LEECH_LAPSES, Phase, Rating
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


def compute(reviews: Reviews, settings: dict[str, ReviewSettings], now: datetime, zone: tzinfo, rollover: int) -> Stats:
    """Statistics for some decks at ``now`` in the learner's day, counted by SQLite in two passes."""
    decks: Sequence[str] = list(settings)
    days = StudyDays(zone, rollover)
    today = days.number(now)
    if not decks:
        counts = dict.fromkeys(("new", "learning", "review", "suspended", "retired", "leech"), 0)
        return Stats((), counts, 0, 0, 0, (0,) * DAYS, (0,) * DAYS, None, 0, None)
    with _lookups(reviews, days, now) as look:
        counts, forecast, recall = _states(reviews, settings, today, look)
        history, retained, judged = _history(reviews, decks, now, days, look)
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
        recall,
    )


def _in(decks: Sequence[str]) -> str:
    return ",".join("?" * len(decks))


@dataclass(frozen=True, slots=True)
class _Lookups:
    """SQL expressions that find, by one index search in a temporary table, the study day of a stored
    time and the study days elapsed from it to now as the scheduler counts them (time zones stay in Python)."""

    def day_of(self, column: str) -> str:
        return f"(SELECT day FROM temp.stats_days WHERE start <= {column} ORDER BY start DESC LIMIT 1)"

    def elapsed_since(self, column: str) -> str:
        return f"COALESCE((SELECT days FROM temp.stats_elapsed WHERE at >= {column} ORDER BY at LIMIT 1), 0)"


@contextmanager
def _lookups(reviews: Reviews, days: StudyDays, now: datetime) -> Iterator[_Lookups]:
    """The tables behind :class:`_Lookups`, from the earliest time stats look at to ``DAYS`` days ahead."""
    today = days.number(now)
    earliest = reviews.conn.execute("SELECT MIN(due), MIN(last_review) FROM review_state").fetchone()
    first = today - DAYS
    for text in earliest:
        if text is not None:
            first = min(first, days.number(datetime.fromisoformat(str(text))))
    # the scheduler's elapsed days: whole days from a time to the start of tomorrow (k days before it, k)
    tomorrow = days.next_start(now)
    span = (tomorrow - days.start(first)) // timedelta(days=1) + 2
    conn = reviews.conn
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS stats_days (start TEXT PRIMARY KEY, day INTEGER) WITHOUT ROWID")
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS stats_elapsed (at TEXT PRIMARY KEY, days INTEGER) WITHOUT ROWID")
    conn.execute("DELETE FROM temp.stats_days")
    conn.execute("DELETE FROM temp.stats_elapsed")
    starts = [(iso_utc(days.start(day)), day) for day in range(first, today + DAYS + 1)]
    conn.executemany("INSERT INTO temp.stats_days VALUES (?, ?)", starts)
    before = [(iso_utc(tomorrow - timedelta(days=k)), k) for k in range(span)]
    conn.executemany("INSERT INTO temp.stats_elapsed VALUES (?, ?)", before)
    try:
        yield _Lookups()
    finally:
        conn.execute("DROP TABLE temp.stats_days")
        conn.execute("DROP TABLE temp.stats_elapsed")


def _states(
    reviews: Reviews, settings: dict[str, ReviewSettings], today: int, look: _Lookups
) -> tuple[dict[str, int], list[int], float | None]:
    """Cards by state, the due forecast and the mean predicted recall.

    A card without a review state is new, so the cards table is only counted (from an index), and one
    pass over the review states of live cards gives the states and the recall, another the forecast.
    Suspended cards are counted apart from the phases, retired ones apart from everything.
    """
    decks = list(settings)
    total, retired = reviews.conn.execute(
        f"SELECT COUNT(*), COALESCE(SUM(retired IS NOT NULL), 0) FROM cards WHERE deck IN ({_in(decks)})", decks
    ).fetchone()
    leech, suspended, learning, reviewing, recall = _phases(reviews, settings, look)
    counts = {
        "new": int(total) - int(retired) - suspended - learning - reviewing,
        "learning": learning,
        "review": reviewing,
        "suspended": suspended,
        "retired": int(retired),
        "leech": leech,
    }
    return counts, _forecast(reviews, decks, today, look), recall / reviewing if reviewing else None


# The review states of a deck's live cards (``s``), for the passes below
_LIVE_STATES = "FROM review_state s CROSS JOIN cards c ON c.id = s.card_id WHERE c.deck IN ({}) AND c.retired IS NULL"


def _phases(reviews: Reviews, settings: dict[str, ReviewSettings], look: _Lookups) -> tuple[int, int, int, int, float]:
    """Leeches, suspended, learning and review cards, and the sum of the review cards' predicted recall."""
    decks = list(settings)
    curves = {deck: scheduler.forgetting_curve(s) for deck, s in settings.items()}
    factor = "CASE c.deck" + " WHEN ? THEN ?" * len(decks) + " END"
    curve_args = [v for d in decks for v in (d, curves[d][0])] + [v for d in decks for v in (d, curves[d][1])]
    _ensure_pow(reviews)
    review = f"s.suspended = 0 AND s.phase = {int(Phase.REVIEW)}"
    row = reviews.conn.execute(
        f"SELECT SUM(s.lapses >= {LEECH_LAPSES}), SUM(s.suspended != 0),"
        f" SUM(s.suspended = 0 AND s.phase IN ({int(Phase.LEARNING)}, {int(Phase.RELEARNING)})), SUM({review}),"
        f" SUM(CASE WHEN {review} AND s.stability IS NOT NULL AND s.last_review IS NOT NULL"
        f"      THEN pow(1 + {factor} * {look.elapsed_since('s.last_review')} / s.stability, {factor}) ELSE 0 END) "
        + _LIVE_STATES.format(_in(decks)),
        [*curve_args, *decks],
    ).fetchone()
    leech, suspended, learning, reviewing = (int(v or 0) for v in row[:4])
    return leech, suspended, learning, reviewing, float(row[4] or 0)


def _forecast(reviews: Reviews, decks: Sequence[str], today: int, look: _Lookups) -> list[int]:
    """Scheduled cards due on each of the next ``DAYS`` study days (overdue ones today), grouped by SQLite:
    each card's due day is looked up once (a sum per day would evaluate it ``DAYS`` times a card)."""
    forecast = [0] * DAYS
    rows = reviews.conn.execute(
        f"SELECT MAX(MIN(COALESCE(s.due_day, {look.day_of('s.due')}) - ?, {DAYS}), 0) AS k, COUNT(*) "
        + _LIVE_STATES.format(_in(decks))
        + f" AND s.suspended = 0 AND s.phase != {int(Phase.NEW)} AND k IS NOT NULL GROUP BY k",
        [today, *decks],
    )
    for day, count in rows:
        if day < DAYS:
            forecast[int(day)] = int(count)
    return forecast


def _ensure_pow(reviews: Reviews) -> None:
    """SQLite's pow(), or Python's where SQLite was built without its math functions."""
    try:
        reviews.conn.execute("SELECT pow(2, 0.5)").fetchone()
    except sqlite3.OperationalError:
        reviews.conn.create_function("pow", 2, math.pow, deterministic=True)


def _history(
    reviews: Reviews, decks: Sequence[str], now: datetime, days: StudyDays, look: _Lookups
) -> tuple[list[int], int, int]:
    """Answers per study day for the last ``DAYS`` days (oldest first), and (passed, judged) review answers."""
    history = [0] * DAYS
    today = days.number(now)
    judged = f"json_extract(l.before, '$.phase') = {int(Phase.REVIEW)}"
    rows = reviews.conn.execute(
        f"SELECT {look.day_of('l.reviewed_at')} - ? AS day, COUNT(*), SUM({judged}),"
        f" SUM({judged} AND l.rating != {int(Rating.AGAIN)})"
        " FROM review_log l CROSS JOIN cards c ON c.id = l.card_id"
        f" WHERE c.deck IN ({_in(decks)}) AND l.reviewed_at >= ? AND l.reviewed_at <= ? AND l.cram = 0"
        " GROUP BY day",
        [today, *decks, iso_utc(days.start(today - (DAYS - 1))), iso_utc(now)],
    )
    retained = judged_count = 0
    for day, count, judged_here, passed in rows:
        if day is not None and 0 <= DAYS - 1 + int(day) < DAYS:
            history[DAYS - 1 + int(day)] += int(count)
        judged_count += int(judged_here or 0)
        retained += int(passed or 0)
    return history, retained, judged_count
