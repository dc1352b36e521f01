"""Tests for the SQLite collection: schema, migrations, round trips, transactions."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest

from flashnotes.errors import CollectionError
from flashnotes.model import Card, Kind, Source
from flashnotes.storage import MIGRATIONS, Collection, StoredCard

T = datetime(2026, 1, 2, 3, 4, tzinfo=UTC)
CARD = Card("c1", Kind.QUIZ, "问？", "答。", "问？", Source("a.md", 3, ("标题", "小节")), ("t",))


def test_new_collection_is_migrated_to_the_latest_schema(tmp_path: Path) -> None:
    """Opening a new file creates every table and sets user_version; WAL is on."""
    with Collection(tmp_path / "c.db") as col:
        assert col.schema_version == len(MIGRATIONS)
        assert col.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert col.integrity_ok()


def test_cards_round_trip(tmp_path: Path) -> None:
    """A stored card comes back equal, heading and tags included."""
    with Collection(tmp_path / "c.db") as col:
        col.save_build("d", [("a.md", "h", [CARD])], [StoredCard(CARD, "d", "x", T, T)])
        assert col.cards("d") == [StoredCard(CARD, "d", "x", T, T)]
        assert col.cached_cards("d", "a.md", "h") == [CARD]
        assert col.cached_cards("d", "a.md", "other") is None


def test_a_failed_write_rolls_back(tmp_path: Path) -> None:
    """An error inside a build transaction leaves nothing behind."""
    with Collection(tmp_path / "c.db") as col:
        naive = StoredCard(CARD, "d", "x", datetime(2026, 1, 1), T)
        with pytest.raises(ValueError, match="aware UTC"):
            col.save_build("d", [("a.md", "h", [CARD])], [naive])
        assert col.cards("d") == [] and col.article_paths("d") == {}


def test_a_newer_schema_is_refused(tmp_path: Path) -> None:
    """A collection from a newer flashnotes is a clear error, not a silent downgrade."""
    conn = sqlite3.connect(tmp_path / "c.db")
    conn.execute(f"PRAGMA user_version = {len(MIGRATIONS) + 5}")
    conn.close()
    with pytest.raises(CollectionError, match="newer flashnotes"):
        Collection(tmp_path / "c.db")


def test_a_file_that_is_not_a_database_is_refused(tmp_path: Path) -> None:
    """Pointing --collection at some other file is a CollectionError naming it."""
    (tmp_path / "notes.md").write_text("# not sqlite\n" * 200, encoding="utf-8")
    with pytest.raises(CollectionError, match=r"notes\.md: cannot open the collection"):
        Collection(tmp_path / "notes.md")
