"""The collection: one SQLite database (WAL) holding every deck's cards and, later, review state.

This is the only module that imports ``sqlite3``. Rows are mapped to frozen
dataclasses so no SQL leaks out; migrations run by ``PRAGMA user_version``.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from flashnotes.errors import CollectionError
from flashnotes.model import Card, Kind, Source
from flashnotes.review.memory import LogEntry, Memory, Phase, Rating, ReviewState

DEFAULT_DIR = ".flashnotes"
DEFAULT_NAME = "collection.sqlite3"
ENV_VAR = "FLASHNOTES_COLLECTION"

MIGRATIONS: tuple[str, ...] = (
    # 1: the build tables
    """
    CREATE TABLE articles (
        deck TEXT NOT NULL,
        path TEXT NOT NULL,
        hash TEXT NOT NULL,
        cards TEXT NOT NULL,
        PRIMARY KEY (deck, path)
    );
    CREATE TABLE cards (
        id TEXT PRIMARY KEY,
        deck TEXT NOT NULL,
        kind TEXT NOT NULL,
        key TEXT NOT NULL,
        front TEXT NOT NULL,
        back TEXT NOT NULL,
        path TEXT NOT NULL,
        line INTEGER NOT NULL,
        heading TEXT NOT NULL,
        tags TEXT NOT NULL,
        content_hash TEXT NOT NULL,
        created TEXT NOT NULL,
        modified TEXT NOT NULL,
        retired TEXT,
        retired_exported INTEGER NOT NULL DEFAULT 0
    );
    CREATE INDEX cards_by_deck ON cards (deck);
    """,
    # 2: review state and the review log
    """
    CREATE TABLE review_state (
        card_id TEXT PRIMARY KEY,
        phase INTEGER NOT NULL,
        step INTEGER,
        stability REAL,
        difficulty REAL,
        due TEXT,
        last_review TEXT,
        reps INTEGER NOT NULL,
        lapses INTEGER NOT NULL,
        suspended INTEGER NOT NULL DEFAULT 0,
        buried_until TEXT
    );
    CREATE INDEX review_state_by_due ON review_state (phase, due);
    CREATE INDEX review_state_by_due_only ON review_state (due);
    CREATE TABLE review_log (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        card_id TEXT NOT NULL,
        reviewed_at TEXT NOT NULL,
        rating INTEGER NOT NULL,
        duration_ms INTEGER NOT NULL,
        before TEXT,
        after TEXT NOT NULL,
        interval_seconds REAL NOT NULL,
        cram INTEGER NOT NULL DEFAULT 0
    );
    CREATE INDEX review_log_by_card ON review_log (card_id);
    CREATE INDEX review_log_by_time ON review_log (reviewed_at);
    ALTER TABLE cards ADD COLUMN studied INTEGER NOT NULL DEFAULT 0;
    CREATE INDEX cards_new ON cards (deck, studied, retired, path, line);
    """,
)


@dataclass(frozen=True, slots=True)
class StoredCard:
    """A card as the collection remembers it from the last build."""

    card: Card
    deck: str
    content_hash: str
    created: datetime
    modified: datetime
    retired: datetime | None = None
    retired_exported: bool = False

    @property
    def id(self) -> str:
        """The card's stable id."""
        return self.card.id


def _iso(when: datetime) -> str:
    if when.tzinfo is None or when.utcoffset() != UTC.utcoffset(None):
        raise ValueError("collection times must be aware UTC datetimes")
    return when.isoformat()


def _when(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


def card_to_json(card: Card) -> dict[str, object]:
    """A card as stored in the extraction cache (heading kept as a list)."""
    data = card.to_json()
    data["source"] = {"path": card.source.path, "line": card.source.line, "heading": list(card.source.heading)}
    return data


def card_from_json(data: dict[str, object]) -> Card:
    """The inverse of :func:`card_to_json`."""
    source = data["source"]
    assert isinstance(source, dict)
    tags = data["tags"]
    assert isinstance(tags, list)
    return Card(
        id=str(data["id"]),
        kind=Kind(str(data["kind"])),
        front=str(data["front"]),
        back=str(data["back"]),
        key=str(data["key"]),
        source=Source(str(source["path"]), int(source["line"]), tuple(source["heading"])),
        tags=tuple(str(t) for t in tags),
    )


class Collection:
    """The SQLite collection. Use as a context manager; every write is its own transaction."""

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self.conn = sqlite3.connect(str(path), timeout=30, isolation_level=None)
            self.conn.execute("PRAGMA busy_timeout = 30000")
            self.conn.execute("PRAGMA journal_mode = WAL")
            self.conn.execute("PRAGMA synchronous = NORMAL")
            self.conn.execute("PRAGMA foreign_keys = ON")
            self._migrate()
        except sqlite3.DatabaseError as exc:
            raise CollectionError(
                f"{path}: cannot open the collection ({exc}); is it a flashnotes collection?"
            ) from None

    def __enter__(self) -> Collection:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the connection."""
        self.conn.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction: committed on success, rolled back on any error."""
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self.conn
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")

    def _migrate(self) -> None:
        version = int(self.conn.execute("PRAGMA user_version").fetchone()[0])
        if version > len(MIGRATIONS):
            raise CollectionError(
                f"{self.path}: the collection was written by a newer flashnotes (schema {version}); upgrade flashnotes"
            )
        for number, script in enumerate(MIGRATIONS[version:], start=version + 1):
            with self.transaction() as conn:
                for statement in script.split(";"):
                    if statement.strip():
                        conn.execute(statement)
                conn.execute(f"PRAGMA user_version = {number}")

    @property
    def schema_version(self) -> int:
        """The schema version the collection is at."""
        return int(self.conn.execute("PRAGMA user_version").fetchone()[0])

    def integrity_ok(self) -> bool:
        """Whether ``PRAGMA integrity_check`` reports the database clean."""
        return bool(self.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok")

    # -- the extraction cache -------------------------------------------------

    def cached_cards(self, deck: str, path: str, digest: str) -> list[Card] | None:
        """The cards extracted last time from this article, if its content hash is unchanged."""
        row = self.conn.execute("SELECT hash, cards FROM articles WHERE deck = ? AND path = ?", (deck, path)).fetchone()
        if row is None or row[0] != digest:
            return None
        return [card_from_json(item) for item in json.loads(row[1])]

    def article_paths(self, deck: str) -> dict[str, str]:
        """Every cached article of a deck: path to content hash."""
        rows = self.conn.execute("SELECT path, hash FROM articles WHERE deck = ?", (deck,))
        return {path: digest for path, digest in rows}

    # -- cards ------------------------------------------------------------------

    def cards(self, deck: str) -> list[StoredCard]:
        """Every card of a deck, retired ones included, in source order."""
        rows = self.conn.execute(
            "SELECT id, kind, key, front, back, path, line, heading, tags, content_hash, created, modified, retired,"
            " retired_exported, deck FROM cards WHERE deck = ? ORDER BY path, line, id",
            (deck,),
        )
        return [self._stored(row) for row in rows]

    def card(self, card_id: str) -> StoredCard | None:
        """One card by id."""
        row = self.conn.execute(
            "SELECT id, kind, key, front, back, path, line, heading, tags, content_hash, created, modified, retired,"
            " retired_exported, deck FROM cards WHERE id = ?",
            (card_id,),
        ).fetchone()
        return self._stored(row) if row else None

    @staticmethod
    def _stored(row: Sequence[object]) -> StoredCard:
        card = Card(
            id=str(row[0]),
            kind=Kind(str(row[1])),
            key=str(row[2]),
            front=str(row[3]),
            back=str(row[4]),
            source=Source(str(row[5]), int(str(row[6])), tuple(json.loads(str(row[7])))),
            tags=tuple(json.loads(str(row[8]))),
        )
        created, modified = _when(str(row[10])), _when(str(row[11]))
        assert created is not None and modified is not None
        retired = _when(str(row[12])) if row[12] else None
        return StoredCard(card, str(row[14]), str(row[9]), created, modified, retired, bool(row[13]))

    def save_build(
        self,
        deck: str,
        articles: Iterable[tuple[str, str, list[Card]]],
        cards: Iterable[StoredCard],
        forget_articles: Iterable[str] = (),
    ) -> None:
        """Record one deck's build in a single transaction: extraction cache and every card's state."""
        with self.transaction() as conn:
            for path in forget_articles:
                conn.execute("DELETE FROM articles WHERE deck = ? AND path = ?", (deck, path))
            conn.executemany(
                "INSERT OR REPLACE INTO articles (deck, path, hash, cards) VALUES (?, ?, ?, ?)",
                [
                    (deck, path, digest, json.dumps([card_to_json(c) for c in found], ensure_ascii=False))
                    for path, digest, found in articles
                ],
            )
            conn.executemany(
                "INSERT INTO cards (id, deck, kind, key, front, back, path, line, heading, tags,"
                " content_hash, created, modified, retired, retired_exported)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                " ON CONFLICT (id) DO UPDATE SET deck = excluded.deck, kind = excluded.kind, key = excluded.key,"
                " front = excluded.front, back = excluded.back, path = excluded.path, line = excluded.line,"
                " heading = excluded.heading, tags = excluded.tags, content_hash = excluded.content_hash,"
                " created = excluded.created, modified = excluded.modified, retired = excluded.retired,"
                " retired_exported = excluded.retired_exported",
                [self._row(s) for s in cards],
            )

    @staticmethod
    def _row(s: StoredCard) -> tuple[object, ...]:
        c = s.card
        return (
            c.id,
            s.deck,
            c.kind.value,
            c.key,
            c.front,
            c.back,
            c.source.path,
            c.source.line,
            json.dumps(list(c.source.heading), ensure_ascii=False),
            json.dumps(list(c.tags), ensure_ascii=False),
            s.content_hash,
            _iso(s.created),
            _iso(s.modified),
            _iso(s.retired) if s.retired else None,
            int(s.retired_exported),
        )


def default_path(root: Path, override: str | None) -> Path:
    """Where the collection lives: ``--collection``, else $FLASHNOTES_COLLECTION, else ``.flashnotes/``."""
    if override:
        return Path(override)
    return root / DEFAULT_DIR / DEFAULT_NAME


# -- review state ---------------------------------------------------------------------------


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
            "suspended": state.suspended,
            "buried_until": state.buried_until.isoformat() if state.buried_until else None,
        }
    )


def state_from_json(text: str) -> ReviewState:
    """The inverse of :func:`state_to_json`."""
    d = json.loads(text)
    memory = Memory(
        Phase(d["phase"]),
        d["step"],
        d["stability"],
        d["difficulty"],
        _when(d["due"]),
        _when(d["last_review"]),
        d["reps"],
        d["lapses"],
    )
    return ReviewState(memory, bool(d["suspended"]), _when(d["buried_until"]))


@dataclass(frozen=True, slots=True)
class Studied:
    """A live card with its deck and review state, as the review queue sees it."""

    card: Card
    deck: str
    state: ReviewState


_STUDY_COLUMNS = (
    "c.id, c.kind, c.key, c.front, c.back, c.path, c.line, c.heading, c.tags, c.deck,"
    " s.phase, s.step, s.stability, s.difficulty, s.due, s.last_review, s.reps, s.lapses, s.suspended, s.buried_until"
)


def _opt(value: object, kind: type) -> object:
    return None if value is None else kind(str(value))


def _review_state(row: Sequence[object]) -> ReviewState:
    """A review state from (phase, step, stability, difficulty, due, last_review, reps, lapses, suspended, buried)."""
    memory = Memory(
        Phase(int(str(row[0]))),
        _opt(row[1], int),  # type: ignore[arg-type]
        _opt(row[2], float),  # type: ignore[arg-type]
        _opt(row[3], float),  # type: ignore[arg-type]
        _when(None if row[4] is None else str(row[4])),
        _when(None if row[5] is None else str(row[5])),
        int(str(row[6])),
        int(str(row[7])),
    )
    return ReviewState(memory, bool(row[8]), _when(None if row[9] is None else str(row[9])))


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
    state = ReviewState() if row[10] is None else _review_state(row[10:20])
    return Studied(card, str(row[9]), state)


def _in(decks: Sequence[str]) -> str:
    return ",".join("?" * len(decks))


class Reviews:
    """Review-state queries and writes on a collection; every answer is its own transaction."""

    def __init__(self, collection: Collection) -> None:
        self.col = collection
        self.conn = collection.conn

    def learning_due(self, decks: Sequence[str], before: datetime, now: datetime, limit: int) -> list[Studied]:
        """Learning and relearning cards due before ``before``, soonest first."""
        # one query per phase reads the (phase, due) index in order instead of sorting every match
        both = self._scheduled("s.phase = 1", decks, before, now, limit) + self._scheduled(
            "s.phase = 3", decks, before, now, limit
        )
        return sorted(both, key=lambda x: x.state.memory.due or before)[:limit]

    def reviews_due(self, decks: Sequence[str], before: datetime, now: datetime, limit: int) -> list[Studied]:
        """Review cards due before ``before`` (the end of the study day), most overdue first."""
        return self._scheduled("s.phase = 2", decks, before, now, limit)

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
        """Every live, unsuspended card (for cramming), soonest due first, new cards last."""
        sql = (
            f"SELECT {_STUDY_COLUMNS} FROM cards c LEFT JOIN review_state s ON s.card_id = c.id"
            f" WHERE c.retired IS NULL AND c.deck IN ({_in(decks)})"
            " AND COALESCE(s.suspended, 0) = 0 AND (s.buried_until IS NULL OR s.buried_until <= ?)"
            " ORDER BY s.due IS NULL, s.due, c.path, c.line LIMIT ?"
        )
        return [_studied(r) for r in self.conn.execute(sql, [*decks, _iso(now), limit])]

    def _scheduled(
        self, phase: str, decks: Sequence[str], before: datetime, now: datetime, limit: int
    ) -> list[Studied]:
        sql = (
            f"SELECT {_STUDY_COLUMNS} FROM review_state s CROSS JOIN cards c ON c.id = s.card_id"
            f" WHERE {phase} AND s.due < ? AND s.suspended = 0 AND (s.buried_until IS NULL OR s.buried_until <= ?)"
            f" AND c.retired IS NULL AND c.deck IN ({_in(decks)}) ORDER BY s.due LIMIT ?"
        )
        return [_studied(r) for r in self.conn.execute(sql, [_iso(before), _iso(now), *decks, limit])]

    def count(self, which: str, decks: Sequence[str], before: datetime, now: datetime, limit: int) -> int:
        """How many cards ``learning_due``/``reviews_due``/``new_cards`` would return (up to ``limit``)."""
        if which == "new":
            sql = (
                f"SELECT COUNT(*) FROM (SELECT 1 FROM cards c WHERE c.deck IN ({_in(decks)}) AND c.studied = 0"
                " AND c.retired IS NULL LIMIT ?)"
            )
            return int(self.conn.execute(sql, [*decks, limit]).fetchone()[0])
        phase = "s.phase IN (1, 3)" if which == "learning" else "s.phase = 2"  # counting needs no order
        sql = (
            "SELECT COUNT(*) FROM (SELECT 1 FROM review_state s CROSS JOIN cards c ON c.id = s.card_id"
            f" WHERE {phase} AND s.due < ? AND s.suspended = 0 AND (s.buried_until IS NULL OR s.buried_until <= ?)"
            f" AND c.retired IS NULL AND c.deck IN ({_in(decks)}) LIMIT ?)"
        )
        return int(self.conn.execute(sql, [_iso(before), _iso(now), *decks, limit]).fetchone()[0])

    def studied(self, card_id: str) -> Studied | None:
        """One card with its review state (retired cards included)."""
        row = self.conn.execute(
            f"SELECT {_STUDY_COLUMNS} FROM cards c LEFT JOIN review_state s ON s.card_id = c.id WHERE c.id = ?",
            (card_id,),
        ).fetchone()
        return _studied(row) if row else None

    def state(self, card_id: str) -> ReviewState | None:
        """A card's review state, or None for a card never touched."""
        row = self.conn.execute(
            "SELECT phase, step, stability, difficulty, due, last_review, reps, lapses, suspended, buried_until"
            " FROM review_state WHERE card_id = ?",
            (card_id,),
        ).fetchone()
        return None if row is None else _review_state(row)

    def _write_state(self, conn: sqlite3.Connection, card_id: str, state: ReviewState | None) -> None:
        if state is None:
            conn.execute("DELETE FROM review_state WHERE card_id = ?", (card_id,))
            conn.execute("UPDATE cards SET studied = 0 WHERE id = ?", (card_id,))
            return
        conn.execute("UPDATE cards SET studied = 1 WHERE id = ? AND studied = 0", (card_id,))
        m = state.memory
        conn.execute(
            "INSERT OR REPLACE INTO review_state (card_id, phase, step, stability, difficulty, due, last_review,"
            " reps, lapses, suspended, buried_until) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                card_id,
                int(m.phase),
                m.step,
                m.stability,
                m.difficulty,
                _iso(m.due) if m.due else None,
                _iso(m.last_review) if m.last_review else None,
                m.reps,
                m.lapses,
                int(state.suspended),
                _iso(state.buried_until) if state.buried_until else None,
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
                    _iso(when),
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
            args.append(_iso(since))
        if clauses:
            sql += " WHERE " + " AND ".join(clauses)
        return [_entry(r) for r in self.conn.execute(sql + " ORDER BY l.id", args)]

    def answered_since(self, decks: Sequence[str], since: datetime) -> tuple[int, int]:
        """(new cards introduced, review cards answered) since a time, cramming excluded."""
        row = self.conn.execute(
            "SELECT SUM(l.before IS NULL OR json_extract(l.before, '$.phase') = 0),"
            " SUM(json_extract(l.before, '$.phase') = 2)"
            # CROSS JOIN makes SQLite start from today's log entries, not from every card of the deck
            f" FROM review_log l CROSS JOIN cards c ON c.id = l.card_id WHERE c.deck IN ({_in(decks)})"
            " AND l.reviewed_at >= ? AND l.cram = 0",
            [*decks, _iso(since)],
        ).fetchone()
        return int(row[0] or 0), int(row[1] or 0)

    def states(self, decks: Sequence[str]) -> list[StudiedCard]:
        """Every card of the decks with its state, retired ones included (for stats)."""
        rows = self.conn.execute(
            f"SELECT {_STUDY_COLUMNS}, c.retired FROM cards c LEFT JOIN review_state s ON s.card_id = c.id"
            f" WHERE c.deck IN ({_in(decks)})",
            list(decks),
        )
        return [_studied_retired(r) for r in rows]

    def next_due(self, decks: Sequence[str]) -> datetime | None:
        """When the soonest scheduled card is due."""
        row = self.conn.execute(
            "SELECT s.due FROM review_state s CROSS JOIN cards c ON c.id = s.card_id"
            f" WHERE s.due IS NOT NULL AND s.suspended = 0 AND c.retired IS NULL AND c.deck IN ({_in(decks)})"
            " ORDER BY s.due LIMIT 1",
            list(decks),
        ).fetchone()
        return _when(row[0]) if row else None

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
    when = _when(str(row[2]))
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
