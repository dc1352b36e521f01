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
                "INSERT OR REPLACE INTO cards (id, deck, kind, key, front, back, path, line, heading, tags,"
                " content_hash, created, modified, retired, retired_exported)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
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
