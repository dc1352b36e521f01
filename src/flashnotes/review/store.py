"""Review state and the review log in the collection; every answer is its own transaction."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from flashnotes.collection import Collection, iso_utc, parse_time
from flashnotes.model import Card, Kind, Source
from flashnotes.review.memory import LogEntry, Memory, Phase, Rating, ReviewState
from flashnotes.studyday import StudyDays


def state_to_json(state: ReviewState) -> str:
    """A review state as JSON, for the log's before/after columns."""
    m = state.memory
    return json.dumps(
        {
            "phase": int(m.phase),
            "step": m.step,
            "stability": m.stability,
            "difficulty": m.difficulty,
            "due": m.due.isoformat() if m.due else None,
            "last_review": m.last_review.isoformat() if m.last_review else None,
            "reps": m.reps,
            "lapses": m.lapses,
            "due_day": m.due_day,
            "interval": m.interval,
            "suspended": state.suspended,
            "buried_until": state.buried_until.isoformat() if state.buried_until else None,
        }
    )


def state_from_json(text: str) -> ReviewState:
    """The inverse of :func:`state_to_json` (entries logged before schema 4 have no due day or interval)."""
    d = json.loads(text)
    memory = Memory(
        Phase(d["phase"]),
        d["step"],
        d["stability"],
        d["difficulty"],
        parse_time(d["due"]),
        parse_time(d["last_review"]),
        d["reps"],
        d["lapses"],
        d.get("due_day"),
        d.get("interval", 0),
    )
    return ReviewState(memory, bool(d["suspended"]), parse_time(d["buried_until"]))


@dataclass(frozen=True, slots=True)
class Studied:
    """A live card with its deck and review state, as the review queue sees it."""

    card: Card
    deck: str
    state: ReviewState


_STUDY_COLUMNS = (
    "c.id, c.kind, c.key, c.front, c.back, c.path, c.line, c.heading, c.tags, c.deck,"
    " s.phase, s.step, s.stability, s.difficulty, s.due, s.last_review, s.reps, s.lapses, s.suspended,"
    " s.buried_until, s.due_day, s.interval_days"
)
_STATE_COLUMNS = (
    "phase, step, stability, difficulty, due, last_review, reps, lapses, suspended, buried_until,"
    " due_day, interval_days"
)


def _opt(value: object, kind: type) -> object:
    return None if value is None else kind(str(value))


def _review_state(row: Sequence[object]) -> ReviewState:
    """A review state from the columns of :data:`_STATE_COLUMNS`, in that order."""
    memory = Memory(
        Phase(int(str(row[0]))),
        _opt(row[1], int),  # type: ignore[arg-type]
        _opt(row[2], float),  # type: ignore[arg-type]
        _opt(row[3], float),  # type: ignore[arg-type]
        parse_time(None if row[4] is None else str(row[4])),
        parse_time(None if row[5] is None else str(row[5])),
        int(str(row[6])),
        int(str(row[7])),
        _opt(row[10], int),  # type: ignore[arg-type]
        int(str(row[11] or 0)),
    )
    return ReviewState(memory, bool(row[8]), parse_time(None if row[9] is None else str(row[9])))


def _studied(row: Sequence[object]) -> Studied:
    card = Card(
        str(row[0]),
        Kind(str(row[1])),
        str(row[3]),
        str(row[4]),
        str(row[2]),
        Source(str(row[5]), int(str(row[6])), tuple(json.loads(str(row[7])))),
        tuple(json.loads(str(row[8]))),
    )
    state = ReviewState() if row[10] is None else _review_state(row[10:22])
    return Studied(card, str(row[9]), state)


def _in(decks: Sequence[str]) -> str:
    return ",".join("?" * len(decks))


class Reviews:
    """Review-state queries and writes on a collection; every answer is its own transaction."""

    def __init__(self, collection: Collection) -> None:
        self.col = collection
        self.conn = collection.conn

    def learning_due(
        self, decks: Sequence[str], before: datetime, today: int, now: datetime, limit: int
    ) -> list[Studied]:
        """Learning cards: steps ending before ``before``, soonest first, then day-long steps due by ``today``."""
        # one query per phase reads the (phase, due) index in order instead of sorting every match
        timed = self._scheduled("s.phase = 1 AND s.due < ?", iso_utc(before), "s.due", decks, now=now, limit=limit)
        timed += self._scheduled("s.phase = 3 AND s.due < ?", iso_utc(before), "s.due", decks, now=now, limit=limit)
        out = sorted(timed, key=lambda x: x.state.memory.due or before)[:limit]
        if len(out) < limit:
            day = "s.phase IN (1, 3) AND s.due_day <= ?"
            out += self._scheduled(day, today, "s.due_day", decks, now=now, limit=limit - len(out))
        return out

    def reviews_due(self, decks: Sequence[str], today: int, now: datetime, limit: int) -> list[Studied]:
        """Review cards due on study day ``today`` or before, most overdue first."""
        return self._scheduled("s.phase = 2 AND s.due_day <= ?", today, "s.due_day", decks, now=now, limit=limit)

    def new_cards(self, decks: Sequence[str], now: datetime, limit: int) -> list[Studied]:
        """Cards never answered, in article order (deck by deck)."""
        out: list[Studied] = []
        for deck in sorted(decks):
            if len(out) >= limit:
                break
            rows = self.conn.execute(
                f"SELECT {_STUDY_COLUMNS} FROM cards c LEFT JOIN review_state s ON s.card_id = c.id"
                " WHERE c.deck = ? AND c.studied = 0 AND c.retired IS NULL AND s.card_id IS NULL"
                " ORDER BY c.path, c.line LIMIT ?",
                (deck, limit - len(out)),
            )
            out.extend(_studied(r) for r in rows)
        return out

    def all_cards(self, decks: Sequence[str], now: datetime, limit: int) -> list[Studied]:
        """Every live, unsuspended card (for cramming): learning steps first, then by due day, new cards last."""
        sql = (
            f"SELECT {_STUDY_COLUMNS} FROM cards c LEFT JOIN review_state s ON s.card_id = c.id"
            f" WHERE c.retired IS NULL AND c.deck IN ({_in(decks)})"
            " AND COALESCE(s.suspended, 0) = 0 AND (s.buried_until IS NULL OR s.buried_until <= ?)"
            " ORDER BY s.card_id IS NULL, s.due IS NULL, s.due, s.due_day, c.path, c.line LIMIT ?"
        )
        return [_studied(r) for r in self.conn.execute(sql, [*decks, iso_utc(now), limit])]

    def _scheduled(
        self, where: str, value: object, order: str, decks: Sequence[str], *, now: datetime, limit: int
    ) -> list[Studied]:
        sql = (
            f"SELECT {_STUDY_COLUMNS} FROM review_state s CROSS JOIN cards c ON c.id = s.card_id"
            f" WHERE {where} AND s.suspended = 0 AND (s.buried_until IS NULL OR s.buried_until <= ?)"
            f" AND c.retired IS NULL AND c.deck IN ({_in(decks)}) ORDER BY {order} LIMIT ?"
        )
        return [_studied(r) for r in self.conn.execute(sql, [value, iso_utc(now), *decks, limit])]

    def count(
        self, which: str, decks: Sequence[str], before: datetime, today: int, *, now: datetime, limit: int
    ) -> int:
        """How many cards ``learning_due``/``reviews_due``/``new_cards`` would return (up to ``limit``)."""
        if which == "new":
            sql = (
                f"SELECT COUNT(*) FROM (SELECT 1 FROM cards c WHERE c.deck IN ({_in(decks)}) AND c.studied = 0"
                " AND c.retired IS NULL LIMIT ?)"
            )
            return int(self.conn.execute(sql, [*decks, limit]).fetchone()[0])
        if which == "learning":  # counting needs no order
            where = "s.phase IN (1, 3) AND (s.due < ? OR s.due_day <= ?)"
            args: list[object] = [iso_utc(before), today]
        else:
            where, args = "s.phase = 2 AND s.due_day <= ?", [today]
        sql = (
            "SELECT COUNT(*) FROM (SELECT 1 FROM review_state s CROSS JOIN cards c ON c.id = s.card_id"
            f" WHERE {where} AND s.suspended = 0 AND (s.buried_until IS NULL OR s.buried_until <= ?)"
            f" AND c.retired IS NULL AND c.deck IN ({_in(decks)}) LIMIT ?)"
        )
        return int(self.conn.execute(sql, [*args, iso_utc(now), *decks, limit]).fetchone()[0])

    def studied(self, card_id: str) -> Studied | None:
        """One card with its review state (retired cards included)."""
        row = self.conn.execute(
            f"SELECT {_STUDY_COLUMNS} FROM cards c LEFT JOIN review_state s ON s.card_id = c.id WHERE c.id = ?",
            (card_id,),
        ).fetchone()
        return _studied(row) if row else None

    def state(self, card_id: str) -> ReviewState | None:
        """A card's review state, or None for a card never touched."""
        sql = f"SELECT {_STATE_COLUMNS} FROM review_state WHERE card_id = ?"
        row = self.conn.execute(sql, (card_id,)).fetchone()
        return None if row is None else _review_state(row)

    def write_state(self, conn: sqlite3.Connection, card_id: str, state: ReviewState | None) -> None:
        """Store a card's state (None: new again) inside a transaction the caller holds (an import's)."""
        self._write_state(conn, card_id, state)

    def _write_state(self, conn: sqlite3.Connection, card_id: str, state: ReviewState | None) -> None:
        if state is None:
            conn.execute("DELETE FROM review_state WHERE card_id = ?", (card_id,))
            conn.execute("UPDATE cards SET studied = 0 WHERE id = ?", (card_id,))
            return
        conn.execute("UPDATE cards SET studied = 1 WHERE id = ? AND studied = 0", (card_id,))
        m = state.memory
        conn.execute(
            f"INSERT OR REPLACE INTO review_state (card_id, {_STATE_COLUMNS}) VALUES (?{', ?' * 12})",
            (
                card_id,
                int(m.phase),
                m.step,
                m.stability,
                m.difficulty,
                iso_utc(m.due) if m.due else None,
                iso_utc(m.last_review) if m.last_review else None,
                m.reps,
                m.lapses,
                int(state.suspended),
                iso_utc(state.buried_until) if state.buried_until else None,
                m.due_day,
                m.interval,
            ),
        )

    def record_answer(
        self,
        card_id: str,
        rating: Rating,
        when: datetime,
        *,
        duration_ms: int,
        after: ReviewState,
        interval_seconds: float,
        cram: bool = False,
    ) -> int:
        """Log an answer and store the new state, in one transaction; returns the log id."""
        before = self.state(card_id)
        with self.col.transaction() as conn:
            cursor = conn.execute(
                "INSERT INTO review_log (card_id, reviewed_at, rating, duration_ms, before, after, interval_seconds,"
                " cram) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    card_id,
                    iso_utc(when),
                    int(rating),
                    duration_ms,
                    state_to_json(before) if before else None,
                    state_to_json(after),
                    interval_seconds,
                    int(cram),
                ),
            )
            if not cram:
                self._write_state(conn, card_id, after)
            return int(cursor.lastrowid or 0)

    def set_state(self, card_id: str, state: ReviewState) -> None:
        """Store a state without an answer (suspend, bury)."""
        with self.col.transaction() as conn:
            self._write_state(conn, card_id, state)

    def restore_state(self, card_id: str, state: ReviewState | None) -> None:
        """Put back a state saved before a suspend or bury (None: the card was never touched)."""
        with self.col.transaction() as conn:
            self._write_state(conn, card_id, state)

    def undo(self, log_id: int) -> LogEntry | None:
        """Remove one answer from the log and put the card's state back exactly as it was."""
        entry = self.entry(log_id)
        if entry is None:
            return None
        with self.col.transaction() as conn:
            conn.execute("DELETE FROM review_log WHERE id = ?", (log_id,))
            if not entry.cram:
                self._write_state(conn, entry.card_id, entry.before)
        return entry

    def entry(self, log_id: int) -> LogEntry | None:
        """One log entry by id."""
        row = self.conn.execute(
            "SELECT id, card_id, reviewed_at, rating, duration_ms, before, after, interval_seconds, cram"
            " FROM review_log WHERE id = ?",
            (log_id,),
        ).fetchone()
        return _entry(row) if row else None

    def log(self, decks: Sequence[str] | None = None, since: datetime | None = None) -> list[LogEntry]:
        """Review log entries (oldest first), optionally for some decks and since a time."""
        sql = (
            "SELECT l.id, l.card_id, l.reviewed_at, l.rating, l.duration_ms, l.before, l.after, l.interval_seconds,"
            " l.cram FROM review_log l"
        )
        args: list[object] = []
        clauses = []
        if decks is not None:
            sql += " CROSS JOIN cards c ON c.id = l.card_id"
            clauses.append(f"c.deck IN ({_in(decks)})")
            args.extend(decks)
        if since is not None:
            clauses.append("l.reviewed_at >= ?")
            args.append(iso_utc(since))
        if clauses:
            sql += " WHERE " + " AND ".join(clauses)
        return [_entry(r) for r in self.conn.execute(sql + " ORDER BY l.id", args)]

    def answered_since(self, decks: Sequence[str], since: datetime) -> dict[str, tuple[int, int]]:
        """Per deck: (new cards introduced, review cards answered) since a time, cramming excluded."""
        rows = self.conn.execute(
            "SELECT c.deck, SUM(l.before IS NULL OR json_extract(l.before, '$.phase') = 0),"
            " SUM(json_extract(l.before, '$.phase') = 2)"
            # CROSS JOIN makes SQLite start from today's log entries, not from every card of the deck
            f" FROM review_log l CROSS JOIN cards c ON c.id = l.card_id WHERE c.deck IN ({_in(decks)})"
            " AND l.reviewed_at >= ? AND l.cram = 0 GROUP BY c.deck",
            [*decks, iso_utc(since)],
        )
        return {str(deck): (int(new or 0), int(review or 0)) for deck, new, review in rows}

    def states(self, decks: Sequence[str], *, answered: bool = False) -> list[StudiedCard]:
        """Every card of the decks with its state, retired ones included (for stats); with ``answered``
        only cards with a review state or an answer, so a deck never studied costs nothing."""
        only = " AND (s.card_id IS NOT NULL OR EXISTS (SELECT 1 FROM review_log l WHERE l.card_id = c.id))"
        rows = self.conn.execute(
            f"SELECT {_STUDY_COLUMNS}, c.retired FROM cards c LEFT JOIN review_state s ON s.card_id = c.id"
            f" WHERE c.deck IN ({_in(decks)}){only if answered else ''}",
            list(decks),
        )
        return [_studied_retired(r) for r in rows]

    def next_due(self, decks: Sequence[str], days: StudyDays) -> datetime | None:
        """When the soonest scheduled card is due: a learning step's end, or the start of a due day."""
        where = f"s.suspended = 0 AND c.retired IS NULL AND c.deck IN ({_in(decks)})"
        base = "FROM review_state s CROSS JOIN cards c ON c.id = s.card_id WHERE"
        timed = self.conn.execute(f"SELECT MIN(s.due) {base} s.due IS NOT NULL AND {where}", list(decks)).fetchone()
        daily = self.conn.execute(f"SELECT MIN(s.due_day) {base} s.due_day IS NOT NULL AND {where}", list(decks))
        day = daily.fetchone()[0]
        found = [t for t in (parse_time(timed[0]), None if day is None else days.start(int(day))) if t is not None]
        return min(found) if found else None

    def decks(self) -> list[str]:
        """Every deck name the collection holds cards for."""
        return [r[0] for r in self.conn.execute("SELECT DISTINCT deck FROM cards ORDER BY deck")]


@dataclass(frozen=True, slots=True)
class StudiedCard:
    """A card with its state and whether it is retired (for stats)."""

    studied: Studied
    retired: bool


def _studied_retired(row: Sequence[object]) -> StudiedCard:
    return StudiedCard(_studied(row[:-1]), row[-1] is not None)


def _entry(row: Sequence[object]) -> LogEntry:
    when = parse_time(str(row[2]))
    assert when is not None
    return LogEntry(
        int(str(row[0])),
        str(row[1]),
        when,
        Rating(int(str(row[3]))),
        int(str(row[4])),
        state_from_json(str(row[5])) if row[5] is not None else None,
        state_from_json(str(row[6])),
        float(str(row[7])),
        bool(row[8]),
    )
