"""Tests for the SQLite collection: schema, migrations, the connection."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest

from flashnotes.collection import MIGRATIONS, Collection
from flashnotes.errors import CollectionError
from flashnotes.model import Card, Kind, Source

T = datetime(2026, 1, 2, 3, 4, tzinfo=UTC)
CARD = Card("c1", Kind.QUIZ, "问？", "答。", "问？", Source("a.md", 3, ("标题", "小节")), ("t",))


def test_new_collection_is_migrated_to_the_latest_schema(tmp_path: Path) -> None:
    """Opening a new file creates every table and sets user_version; WAL is on."""
    with Collection(tmp_path / "c.db") as col:
        assert col.schema_version == len(MIGRATIONS)
        assert col.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert col.integrity_ok()


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
