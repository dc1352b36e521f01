"""Tests for reading an Anki collection file: schema 18 config table, schema 11 conf JSON, bad files."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from flashnotes.errors import InputError
from flashnotes.review.ankistore import read_collection

_TABLES = """
CREATE TABLE notes (id INTEGER PRIMARY KEY, guid TEXT, mid INTEGER);
CREATE TABLE cards (id INTEGER PRIMARY KEY, nid INTEGER, ord INTEGER, type INTEGER, queue INTEGER, due INTEGER,
                    ivl INTEGER, reps INTEGER, lapses INTEGER, left INTEGER, data TEXT);
CREATE TABLE revlog (id INTEGER PRIMARY KEY, cid INTEGER, ease INTEGER, ivl INTEGER, lastIvl INTEGER,
                     factor INTEGER, time INTEGER, type INTEGER);
INSERT INTO notes VALUES (1, 'guid-1', 77);
INSERT INTO cards VALUES (5, 1, 0, 2, 2, 30, 6, 3, 1, 0, '{"s": 6.5, "d": 4.25, "lrt": 1}');
INSERT INTO revlog VALUES (1772355600123, 5, 3, 6, 2, 400, 4000, 1);
"""


def _collection(path: Path, *, schema18: bool) -> Path:
    conn = sqlite3.connect(path)
    conn.create_collation("unicase", lambda a, b: (a.lower() > b.lower()) - (a.lower() < b.lower()))
    conn.executescript(_TABLES)
    if schema18:
        conn.execute("CREATE TABLE col (crt INTEGER, conf TEXT)")
        conn.execute("INSERT INTO col VALUES (1700000000, '')")
        conn.execute("CREATE TABLE config (key TEXT COLLATE unicase, val BLOB)")
        conn.executemany("INSERT INTO config VALUES (?, ?)", [("rollover", b"2"), ("creationOffset", b"-480")])
    else:
        conn.execute("CREATE TABLE col (crt INTEGER, conf TEXT)")
        conn.execute("INSERT INTO col VALUES (1700000000, ?)", (json.dumps({"rollover": 6}),))
    conn.commit()
    conn.close()
    return path


def test_a_current_collection_gives_its_day_count_cards_and_reviews(tmp_path: Path) -> None:
    """Rollover and creation offset come from the config table (Anki's unicase collation is no obstacle)."""
    anki = read_collection(_collection(tmp_path / "c.db", schema18=True), "x.colpkg")
    assert (anki.created, anki.creation_offset, anki.rollover) == (1700000000, -480, 2)
    [card] = anki.cards
    assert (card.id, card.guid, card.note_type, card.due, card.interval, card.stability, card.difficulty) == (
        5,
        "guid-1",
        77,
        30,
        6,
        6.5,
        4.25,
    )
    [review] = anki.reviews
    assert (review.id, review.ease, review.interval, review.duration_ms, review.kind) == (1772355600123, 3, 6, 4000, 1)


def test_a_legacy_collection_reads_its_conf_json(tmp_path: Path) -> None:
    """Schema 11 keeps settings in col.conf; no creation offset means legacy day handling."""
    anki = read_collection(_collection(tmp_path / "c.db", schema18=False), "x.apkg")
    assert (anki.creation_offset, anki.rollover) == (None, 6)


def test_a_database_that_is_not_anki_is_an_error(tmp_path: Path) -> None:
    """A SQLite file without Anki's tables is named in the error."""
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE something (x)")
    conn.commit()
    conn.close()
    with pytest.raises(InputError, match=r"x\.colpkg: not an Anki collection"):
        read_collection(path, "x.colpkg")
    (tmp_path / "junk.db").write_bytes(b"not sqlite at all, just bytes" * 100)
    with pytest.raises(InputError, match="not an Anki collection"):
        read_collection(tmp_path / "junk.db", "x.colpkg")
