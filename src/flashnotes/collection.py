"""The collection: one SQLite database (WAL) holding the build's tables and the review state and log.

This module owns the connection and the migrations (``PRAGMA user_version``);
``deck/store.py`` reads and writes the build's tables and ``review/store.py`` the
review state and log, both through :class:`Collection`.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from flashnotes.errors import CollectionError
from flashnotes.studyday import StudyDays

DEFAULT_DIR = ".flashnotes"
DEFAULT_NAME = "collection.sqlite3"
ENV_VAR = "FLASHNOTES_COLLECTION"

Migration = str | Callable[[sqlite3.Connection, StudyDays], None]


def _due_days(conn: sqlite3.Connection, days: StudyDays) -> None:
    """7: review due dates (and day-long learning steps) become study days; every state and answer is kept."""
    conn.execute("ALTER TABLE review_state ADD COLUMN due_day INTEGER")
    conn.execute("ALTER TABLE review_state ADD COLUMN interval_days INTEGER NOT NULL DEFAULT 0")
    updates = []
    for card_id, phase, due, last in conn.execute(
        "SELECT card_id, phase, due, last_review FROM review_state WHERE due IS NOT NULL"
    ).fetchall():
        day = days.number(datetime.fromisoformat(str(due)))
        since = days.number(datetime.fromisoformat(str(last))) if last else day - 1
        if int(phase) == 2:  # a review: due for the whole study day its instant fell on
            updates.append((day, max(1, day - since), str(card_id)))
        elif day > since:  # a learning step ending on a later study day: due all that day
            updates.append((day, 0, str(card_id)))
    conn.executemany("UPDATE review_state SET due_day = ?, interval_days = ?, due = NULL WHERE card_id = ?", updates)
    conn.execute("CREATE INDEX review_state_by_day ON review_state (phase, due_day)")


MIGRATIONS: tuple[Migration, ...] = (
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
    # 3: review history shared with Anki: revlog ids of answers, manual scheduling done in Anki
    """
    ALTER TABLE review_log ADD COLUMN revlog_id INTEGER;
    CREATE UNIQUE INDEX review_log_by_revlog ON review_log (revlog_id);
    CREATE TABLE anki_events (
        revlog_id INTEGER PRIMARY KEY,
        card_id TEXT NOT NULL,
        at TEXT NOT NULL,
        kind TEXT NOT NULL,
        due_day INTEGER
    );
    CREATE INDEX anki_events_by_card ON anki_events (card_id);
    """,
    # 4: answers imported from Anki keep the interval Anki gave (days, or negative seconds)
    """
    ALTER TABLE review_log ADD COLUMN anki_interval INTEGER;
    """,
    # 5: what each deck was last built from, so a rebuild that changes nothing writes nothing; and an index
    # that answers "which deck, retired?" for a card id without reading the card (review and stats joins)
    """
    CREATE TABLE deck_builds (
        deck TEXT PRIMARY KEY,
        inputs TEXT NOT NULL,
        learning TEXT NOT NULL,
        package TEXT NOT NULL,
        package_size INTEGER NOT NULL,
        package_mtime_ns INTEGER NOT NULL,
        live INTEGER NOT NULL,
        warnings TEXT NOT NULL
    );
    CREATE INDEX cards_by_id_live ON cards (id, deck, retired);
    """,
    # 6: what each deck's last build changed (card id -> added/changed/retired), for the preview page
    """
    CREATE TABLE build_changes (
        deck TEXT PRIMARY KEY,
        built_at TEXT NOT NULL,
        changes TEXT NOT NULL
    );
    """,
    _due_days,
)


def iso_utc(when: datetime) -> str:
    """A time as stored: ISO 8601, refusing anything but an aware UTC datetime."""
    if when.tzinfo is None or when.utcoffset() != UTC.utcoffset(None):
        raise ValueError("collection times must be aware UTC datetimes")
    return when.isoformat()


def parse_time(text: str | None) -> datetime | None:
    """The inverse of :func:`iso_utc` (None stays None)."""
    return datetime.fromisoformat(text) if text else None


_UNWRITABLE = ("SQLITE_READONLY", "SQLITE_FULL", "SQLITE_IOERR", "SQLITE_CANTOPEN", "SQLITE_PERM", "SQLITE_BUSY")


def _unwritable(exc: sqlite3.OperationalError) -> bool:
    """Whether a write failed because of the file or disk (the user's to fix), not because of a bug."""
    return str(getattr(exc, "sqlite_errorname", "")).startswith(_UNWRITABLE)


class Collection:
    """The SQLite collection. Use as a context manager; every write is its own transaction."""

    def __init__(self, path: Path, days: StudyDays | None = None) -> None:
        self.path = path
        self.days = days or StudyDays(UTC)  # the learner's days, for migrations that turn times into days
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
        """One write transaction: committed on success, rolled back on any error.

        A collection that cannot be written (read-only, disk full) is a CollectionError.
        """
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            raise self._unwritable(exc) from None
        try:
            yield self.conn
        except sqlite3.OperationalError as exc:
            self._rollback()
            if not _unwritable(exc):
                raise
            raise self._unwritable(exc) from None
        except BaseException:
            self._rollback()
            raise
        try:
            self.conn.execute("COMMIT")
        except sqlite3.OperationalError as exc:
            self._rollback()
            raise self._unwritable(exc) from None

    def _rollback(self) -> None:
        if self.conn.in_transaction:
            self.conn.execute("ROLLBACK")

    def _unwritable(self, exc: sqlite3.OperationalError) -> CollectionError:
        return CollectionError(
            f"{self.path}: cannot write the collection ({exc}); check that it and its folder are writable"
        )

    def _migrate(self) -> None:
        version = int(self.conn.execute("PRAGMA user_version").fetchone()[0])
        if version > len(MIGRATIONS):
            raise CollectionError(
                f"{self.path}: the collection was written by a newer flashnotes (schema {version}); upgrade flashnotes"
            )
        for number, script in enumerate(MIGRATIONS[version:], start=version + 1):
            with self.transaction() as conn:
                if callable(script):
                    script(conn, self.days)
                else:
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


def default_path(root: Path, override: str | None) -> Path:
    """Where the collection lives: ``--collection``, else $FLASHNOTES_COLLECTION, else ``.flashnotes/``."""
    if override:
        return Path(override)
    return root / DEFAULT_DIR / DEFAULT_NAME
