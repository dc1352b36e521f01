"""Reading an Anki collection's SQLite file: its day count, cards and review log, as frozen values.

A store module: it alone (with the flashnotes collection's store modules)
imports ``sqlite3``. The file is opened read-only; Anki's own collation
``unicase`` is registered so that reading never trips over it.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from flashnotes.errors import InputError

DEFAULT_ROLLOVER = 4
_TABLES = {"col", "notes", "cards", "revlog"}


@dataclass(frozen=True, slots=True)
class AnkiCard:
    """One card of an Anki collection: its note's GUID, ordinal and scheduling columns."""

    id: int
    guid: str
    ord: int
    note_type: int
    type: int
    queue: int
    due: int
    interval: int
    reps: int
    lapses: int
    left: int
    stability: float | None
    difficulty: float | None


@dataclass(frozen=True, slots=True)
class AnkiReview:
    """One ``revlog`` row: id (answer time in ms), card, button (0 for manual entries), kind, intervals."""

    id: int
    card_id: int
    ease: int
    interval: int
    last_interval: int
    factor: int
    duration_ms: int
    kind: int


@dataclass(frozen=True, slots=True)
class AnkiCollection:
    """What flashnotes reads from an Anki collection."""

    created: int  # crt: the collection's creation time, Unix seconds
    creation_offset: int | None  # minutes west of UTC when it was created (None: legacy day handling)
    rollover: int
    cards: tuple[AnkiCard, ...]
    reviews: tuple[AnkiReview, ...]


def _unicase(a: str, b: str) -> int:
    x, y = a.casefold(), b.casefold()
    return (x > y) - (x < y)


def read_collection(path: Path, label: Path | str) -> AnkiCollection:
    """Read an Anki collection file; ``label`` names the export in error messages."""
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro&immutable=1", uri=True)
    except sqlite3.Error as exc:
        raise InputError(label, f"cannot open the collection inside ({exc})") from None
    with closing(conn):
        conn.create_collation("unicase", _unicase)
        try:
            return _read(conn, label)
        except sqlite3.DatabaseError as exc:
            raise InputError(label, f"not an Anki collection ({exc}); export it from Anki again") from None


def _read(conn: sqlite3.Connection, label: Path | str) -> AnkiCollection:
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if not tables >= _TABLES:
        raise InputError(label, "not an Anki collection (it has no cards, notes and revlog tables)")
    created, conf = conn.execute("SELECT crt, conf FROM col").fetchone()
    config = _config(conn, tables, str(conf))
    offset = config.get("creationOffset")
    rollover = config.get("rollover", DEFAULT_ROLLOVER)
    return AnkiCollection(
        int(created),
        int(offset) if isinstance(offset, int) else None,
        int(rollover) if isinstance(rollover, int) and 0 <= rollover <= 23 else DEFAULT_ROLLOVER,
        tuple(
            _card(r)
            for r in conn.execute(
                "SELECT c.id, n.guid, c.ord, n.mid, c.type, c.queue, c.due, c.ivl, c.reps, c.lapses, c.left, c.data"
                " FROM cards c JOIN notes n ON n.id = c.nid ORDER BY c.id"
            )
        ),
        tuple(
            AnkiReview(*(int(v) for v in r))
            for r in conn.execute("SELECT id, cid, ease, ivl, lastIvl, factor, time, type FROM revlog ORDER BY id")
        ),
    )


def _config(conn: sqlite3.Connection, tables: set[str], conf: str) -> dict[str, object]:
    """The collection config: the ``config`` table (schema 18) or the ``col.conf`` JSON (schema 11)."""
    if "config" in tables:
        rows = conn.execute("SELECT key, val FROM config WHERE key IN ('rollover', 'creationOffset')")
        return {str(k): _json(v) for k, v in rows}
    data = _json(conf)
    return data if isinstance(data, dict) else {}


def _json(value: object) -> object:
    try:
        return json.loads(value.decode() if isinstance(value, bytes) else str(value))
    except (ValueError, UnicodeDecodeError):
        return None


def _card(row: Sequence[object]) -> AnkiCard:
    data = _json(row[11]) if row[11] else None
    memory = data if isinstance(data, dict) else {}
    s, d = memory.get("s"), memory.get("d")
    ord_, note_type, type_, queue, due, interval, reps, lapses, left = (int(str(v)) for v in row[2:11])
    return AnkiCard(
        int(str(row[0])),
        str(row[1]),
        ord_,
        note_type,
        type_,
        queue,
        due,
        interval,
        reps,
        lapses,
        left,
        float(s) if isinstance(s, int | float) else None,
        float(d) if isinstance(d, int | float) else None,
    )
