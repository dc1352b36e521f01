"""Review history shared with Anki, in the collection: revlog ids of answers and Anki's manual entries.

Every answer gets a revlog id (its time in ms, made unique) the first time it
is exported, and keeps it: Anki merges revlog rows by id, and an answer coming
back from Anki is recognised by it. Imported answers keep Anki's id.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from flashnotes.collection import Collection, iso_utc, parse_time
from flashnotes.review.memory import Rating, ReviewState
from flashnotes.review.store import Reviews, state_to_json

_UNIX = datetime(1970, 1, 1, tzinfo=UTC)


@dataclass(frozen=True, slots=True)
class ManualEvent:
    """A scheduling change made by hand in Anki: ``forget`` (back to new) or ``reschedule`` (set due date)."""

    revlog_id: int
    card_id: str
    at: datetime
    kind: str
    due_day: int | None = None


def millis(when: datetime) -> int:
    """A moment as Unix milliseconds, exactly (no float rounding)."""
    return (when - _UNIX) // timedelta(milliseconds=1)


def from_millis(ms: int) -> datetime:
    """The inverse of :func:`millis`."""
    return _UNIX + timedelta(milliseconds=ms)


class History:
    """Revlog ids and manual events on a collection."""

    def __init__(self, collection: Collection) -> None:
        self.col = collection
        self.conn = collection.conn

    def assign_revlog_ids(self) -> int:
        """Give every answer without a revlog id one (its time in ms, bumped past ids in use); returns how many."""
        if self.conn.execute("SELECT 1 FROM review_log WHERE revlog_id IS NULL LIMIT 1").fetchone() is None:
            return 0  # the common case on a rebuild: nothing answered since the last export
        with self.col.transaction() as conn:
            used = {int(r[0]) for r in conn.execute("SELECT revlog_id FROM review_log WHERE revlog_id IS NOT NULL")}
            used |= {int(r[0]) for r in conn.execute("SELECT revlog_id FROM anki_events")}
            missing = conn.execute("SELECT id, reviewed_at FROM review_log WHERE revlog_id IS NULL ORDER BY id")
            updates = []
            for log_id, when in missing.fetchall():
                candidate = millis(datetime.fromisoformat(str(when)))
                while candidate in used:
                    candidate += 1
                used.add(candidate)
                updates.append((candidate, int(log_id)))
            conn.executemany("UPDATE review_log SET revlog_id = ? WHERE id = ?", updates)
        return len(updates)

    def revlog_ids(self, decks: Sequence[str]) -> dict[int, int]:
        """Log id to revlog id for the answers of some decks (ids assigned ones only)."""
        marks = ",".join("?" * len(decks))
        rows = self.conn.execute(
            "SELECT l.id, l.revlog_id FROM review_log l CROSS JOIN cards c ON c.id = l.card_id"
            f" WHERE l.revlog_id IS NOT NULL AND c.deck IN ({marks})",
            list(decks),
        )
        return {int(a): int(b) for a, b in rows}

    def known_revlog_ids(self) -> set[int]:
        """Every revlog id the collection holds, answers and manual events."""
        ids = {int(r[0]) for r in self.conn.execute("SELECT revlog_id FROM review_log WHERE revlog_id IS NOT NULL")}
        return ids | {int(r[0]) for r in self.conn.execute("SELECT revlog_id FROM anki_events")}

    def events(self, card_ids: Iterable[str]) -> list[ManualEvent]:
        """The manual events of some cards, oldest first."""
        out: list[ManualEvent] = []
        for chunk in _chunks(list(card_ids)):
            rows = self.conn.execute(
                "SELECT revlog_id, card_id, at, kind, due_day FROM anki_events"
                f" WHERE card_id IN ({','.join('?' * len(chunk))})",
                list(chunk),
            )
            out.extend(_event(r) for r in rows)
        return sorted(out, key=lambda e: (e.at, e.revlog_id))


@dataclass(frozen=True, slots=True)
class StoredAnswer:
    """An answer in the log as the merge sees it: when, which button, its revlog id and Anki's interval."""

    log_id: int
    card_id: str
    at: datetime
    rating: Rating
    duration_ms: int
    cram: bool
    revlog_id: int | None
    anki_interval: int | None


@dataclass(frozen=True, slots=True)
class Rewrite:
    """One log row after a replay: an existing row (``log_id``) or a new one from Anki (``revlog_id``)."""

    card_id: str
    log_id: int | None
    revlog_id: int | None
    at: datetime
    rating: Rating
    duration_ms: int
    cram: bool
    anki_interval: int | None
    before: ReviewState | None
    after: ReviewState
    interval_seconds: float


def _chunks(ids: Sequence[str], size: int = 500) -> Iterable[Sequence[str]]:
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


def answers_of(history: History, card_ids: Iterable[str]) -> list[StoredAnswer]:
    """Every logged answer of some cards."""
    out = []
    for chunk in _chunks(list(card_ids)):
        rows = history.conn.execute(
            "SELECT id, card_id, reviewed_at, rating, duration_ms, cram, revlog_id, anki_interval FROM review_log"
            f" WHERE card_id IN ({','.join('?' * len(chunk))})",
            list(chunk),
        )
        for r in rows:
            at = parse_time(str(r[2]))
            assert at is not None
            revlog = None if r[6] is None else int(r[6])
            anki = None if r[7] is None else int(r[7])
            out.append(StoredAnswer(int(r[0]), str(r[1]), at, Rating(int(r[3])), int(r[4]), bool(r[5]), revlog, anki))
    return out


def apply_merge(
    history: History,
    rows: Sequence[Rewrite],
    events: Sequence[ManualEvent],
    states: Mapping[str, ReviewState | None],
) -> None:
    """Write a merge in one transaction: new and rewritten log rows, manual events, recomputed states."""
    reviews = Reviews(history.col)
    with history.col.transaction() as conn:
        for row in rows:
            before = state_to_json(row.before) if row.before else None
            if row.log_id is not None:
                conn.execute(
                    "UPDATE review_log SET before = ?, after = ?, interval_seconds = ? WHERE id = ?",
                    (before, state_to_json(row.after), row.interval_seconds, row.log_id),
                )
                continue
            conn.execute(
                "INSERT INTO review_log (card_id, reviewed_at, rating, duration_ms, before, after, interval_seconds,"
                " cram, revlog_id, anki_interval) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    row.card_id,
                    iso_utc(row.at),
                    int(row.rating),
                    row.duration_ms,
                    before,
                    state_to_json(row.after),
                    row.interval_seconds,
                    int(row.cram),
                    row.revlog_id,
                    row.anki_interval,
                ),
            )
        conn.executemany("INSERT INTO anki_events VALUES (?, ?, ?, ?, ?)", [event_row(e) for e in events])
        for card_id, state in states.items():
            reviews.write_state(conn, card_id, state)


def _event(row: Sequence[object]) -> ManualEvent:
    at = parse_time(str(row[2]))
    assert at is not None
    return ManualEvent(int(str(row[0])), str(row[1]), at, str(row[3]), None if row[4] is None else int(str(row[4])))


def event_row(event: ManualEvent) -> tuple[object, ...]:
    """A manual event as the row ``anki_events`` stores."""
    return (event.revlog_id, event.card_id, iso_utc(event.at), event.kind, event.due_day)
