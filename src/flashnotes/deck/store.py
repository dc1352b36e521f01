"""The build's tables in the collection: the extraction cache and every card's last-built state."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import Any

from flashnotes.collection import Collection, iso_utc, parse_time
from flashnotes.model import Card, Kind, Source


@dataclass(frozen=True, slots=True)
class DeckState:
    """What a deck was last built from and into: when all of it is the same, the build has nothing to do."""

    inputs: str  # digest of the code, the deck file and every article's content
    learning: str  # digest of the learning progress written into the package
    package: str
    package_size: int
    package_mtime_ns: int
    live: int  # live cards in the package
    warnings: tuple[str, ...]


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


def card_to_json(card: Card) -> dict[str, object]:
    """A card as stored in the extraction cache (heading kept as a list)."""
    data = card.to_json()
    data["source"] = {"path": card.source.path, "line": card.source.line, "heading": list(card.source.heading)}
    return data


def cards_json(cards: Iterable[Card]) -> str:
    """An article's cards as the extraction cache stores them."""
    return json.dumps([card_to_json(c) for c in cards], ensure_ascii=False)


# A card as plain values (kind, source and all), cheap to send between processes: see card_row.
CardRow = tuple[str, str, str, str, str, str, int, tuple[str, ...], tuple[str, ...], float]
_KINDS = {k.value: k for k in Kind}


def card_row(c: Card) -> CardRow:
    """A card as a tuple of plain values: pickled several times faster than the dataclasses."""
    s = c.source
    return (c.id, c.kind.value, c.front, c.back, c.key, s.path, s.line, s.heading, c.tags, c.confidence)


def card_from_row(row: CardRow) -> Card:
    """The inverse of :func:`card_row`."""
    source = Source(row[5], row[6], row[7])
    return Card(row[0], _KINDS[row[1]], row[2], row[3], row[4], source, row[8], row[9])


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
        confidence=float(str(data.get("confidence", 1.0))),
    )


@dataclass(frozen=True, slots=True)
class LastBuild:
    """When a deck was last built and what that build changed: card id to added, changed or retired."""

    built_at: datetime
    changes: dict[str, str]


@dataclass(frozen=True, slots=True)
class BuildRecord:
    """One deck build's writes, encoded before the transaction that makes them (so a build can encode a deck
    while its package is still being written): the extraction cache as (path, content hash, cards JSON),
    the ``cards`` rows to upsert (see :func:`stored_row`), the articles to forget and what changed."""

    deck: str
    articles: tuple[tuple[str, str, str], ...]
    rows: tuple[tuple[object, ...], ...]
    forget: tuple[str, ...] = ()
    last_build: LastBuild | None = None


class Builds:
    """The build's reads and writes on a collection; one deck's build is one transaction."""

    def __init__(self, collection: Collection) -> None:
        self.col = collection

    # -- the extraction cache -------------------------------------------------

    def cached_cards(self, deck: str, path: str, digest: str) -> list[Card] | None:
        """The cards extracted last time from this article, if its content hash is unchanged."""
        row = self.col.conn.execute(
            "SELECT hash, cards FROM articles WHERE deck = ? AND path = ?", (deck, path)
        ).fetchone()
        if row is None or row[0] != digest:
            return None
        return [card_from_json(item) for item in json.loads(row[1])]

    def article_paths(self, deck: str) -> dict[str, str]:
        """Every cached article of a deck: path to content hash."""
        rows = self.col.conn.execute("SELECT path, hash FROM articles WHERE deck = ?", (deck,))
        return {path: digest for path, digest in rows}

    def deck_state(self, deck: str) -> DeckState | None:
        """What the deck was last built from, if it was built."""
        row = self.col.conn.execute(
            "SELECT inputs, learning, package, package_size, package_mtime_ns, live, warnings"
            " FROM deck_builds WHERE deck = ?",
            (deck,),
        ).fetchone()
        if row is None:
            return None
        return DeckState(
            str(row[0]), str(row[1]), str(row[2]), int(row[3]), int(row[4]), int(row[5]), tuple(json.loads(row[6]))
        )

    # -- cards ------------------------------------------------------------------

    def cards(self, deck: str) -> list[StoredCard]:
        """Every card of a deck, retired ones included, in source order."""
        rows = self.col.conn.execute(
            "SELECT id, kind, key, front, back, path, line, heading, tags, content_hash, created, modified, retired,"
            " retired_exported, deck FROM cards WHERE deck = ? ORDER BY path, line, id",
            (deck,),
        )
        decoded: dict[str, Any] = {}  # a build's cards share times, headings and tags: each decoded once
        return [self._stored(row, decoded) for row in rows]

    def card(self, card_id: str) -> StoredCard | None:
        """One card by id."""
        row = self.col.conn.execute(
            "SELECT id, kind, key, front, back, path, line, heading, tags, content_hash, created, modified, retired,"
            " retired_exported, deck FROM cards WHERE id = ?",
            (card_id,),
        ).fetchone()
        return self._stored(row) if row else None

    @staticmethod
    def _stored(row: Sequence[object], decoded: dict[str, Any] | None = None) -> StoredCard:
        seen: dict[str, Any] = {} if decoded is None else decoded

        def listed(text: object) -> tuple[str, ...]:
            key = f"j{text}"
            if key not in seen:
                seen[key] = tuple(json.loads(str(text)))
            return seen[key]  # type: ignore[no-any-return]

        def when(text: object) -> datetime:
            key = f"t{text}"
            if key not in seen:
                seen[key] = parse_time(str(text))
            return seen[key]  # type: ignore[no-any-return]

        card = Card(
            id=str(row[0]),
            kind=Kind(str(row[1])),
            key=str(row[2]),
            front=str(row[3]),
            back=str(row[4]),
            source=Source(str(row[5]), int(str(row[6])), listed(row[7])),
            tags=listed(row[8]),
        )
        retired = when(row[12]) if row[12] else None
        return StoredCard(card, str(row[14]), str(row[9]), when(row[10]), when(row[11]), retired, bool(row[13]))

    def last_build(self, deck: str) -> LastBuild | None:
        """What the deck's last build changed, if it was built since the collection records that."""
        row = self.col.conn.execute("SELECT built_at, changes FROM build_changes WHERE deck = ?", (deck,)).fetchone()
        if row is None:
            return None
        built_at = parse_time(str(row[0]))
        assert built_at is not None
        return LastBuild(built_at, {str(k): str(v) for k, v in json.loads(str(row[1])).items()})

    def save_build(
        self,
        deck: str,
        articles: Iterable[tuple[str, str, Sequence[Card]]],
        cards: Iterable[StoredCard],
        *,
        forget_articles: Iterable[str] = (),
        state: DeckState | None = None,
        last_build: LastBuild | None = None,
    ) -> None:
        """Record one deck's build in a single transaction: extraction cache, the cards given, the deck's state
        and what the build changed."""
        cache = tuple((path, digest, cards_json(found)) for path, digest, found in articles)
        rows = tuple(stored_row(s) for s in cards)
        self.save(BuildRecord(deck, cache, rows, tuple(forget_articles), last_build), state)

    def save(self, record: BuildRecord, state: DeckState | None = None) -> None:
        """Write a build encoded ahead (see :class:`BuildRecord`) and the deck's state, in one transaction."""
        with self.col.transaction():
            _write_record(self.col, record)
            if state is not None:
                _write_state(self.col, record.deck, state)

    @contextmanager
    def recording(self) -> Iterator[Recording]:
        """Many decks' builds written in one transaction, committed on leaving (rolled back on an error)."""
        with self.col.transaction():
            yield Recording(self.col)


class Recording:
    """A build's writes inside one transaction: a deck's rows as soon as it is planned, under a savepoint of
    its own; its state once its package is written. A deck can be taken back, with every deck after it."""

    def __init__(self, collection: Collection) -> None:
        self.col = collection
        self.savepoints: dict[str, str] = {}

    def deck(self, record: BuildRecord) -> None:
        """Write one deck's rows (extraction cache, cards, what changed)."""
        name = f"deck{len(self.savepoints)}"
        self.col.conn.execute(f"SAVEPOINT {name}")
        self.savepoints[record.deck] = name
        _write_record(self.col, record)

    def state(self, deck: str, state: DeckState) -> None:
        """Write what a deck was built from and into."""
        _write_state(self.col, deck, state)

    def undo_from(self, deck: str) -> None:
        """Take back the writes of ``deck`` and of every deck written after it."""
        self.col.conn.execute(f"ROLLBACK TO {self.savepoints[deck]}")


def _write_state(col: Collection, deck: str, state: DeckState) -> None:
    col.conn.execute(
        "INSERT OR REPLACE INTO deck_builds (deck, inputs, learning, package, package_size,"
        " package_mtime_ns, live, warnings) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (
            deck,
            state.inputs,
            state.learning,
            state.package,
            state.package_size,
            state.package_mtime_ns,
            state.live,
            json.dumps(list(state.warnings), ensure_ascii=False),
        ),
    )


def _write_record(col: Collection, record: BuildRecord) -> None:
    conn, deck = col.conn, record.deck
    if record.last_build is not None:
        conn.execute(
            "INSERT OR REPLACE INTO build_changes (deck, built_at, changes) VALUES (?, ?, ?)",
            (deck, iso_utc(record.last_build.built_at), json.dumps(record.last_build.changes)),
        )
    for path in record.forget:
        conn.execute("DELETE FROM articles WHERE deck = ? AND path = ?", (deck, path))
    conn.executemany(
        "INSERT OR REPLACE INTO articles (deck, path, hash, cards) VALUES (?, ?, ?, ?)",
        [(deck, path, digest, encoded) for path, digest, encoded in record.articles],
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
        record.rows,
    )


@lru_cache(maxsize=4096)
def _listed(values: tuple[str, ...]) -> str:
    # the cards of one article share their tags and most headings: encoded once for all of them
    return json.dumps(list(values), ensure_ascii=False)


@lru_cache(maxsize=1024)
def _time(when: datetime) -> str:
    return iso_utc(when)  # a build's cards share its times


def stored_row(s: StoredCard) -> tuple[object, ...]:
    """A card's row in the ``cards`` table, column by column."""
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
        _listed(c.source.heading),
        _listed(c.tags),
        s.content_hash,
        _time(s.created),
        _time(s.modified),
        iso_utc(s.retired) if s.retired else None,
        int(s.retired_exported),
    )
