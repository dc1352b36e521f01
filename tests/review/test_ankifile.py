"""Tests for reading Anki export archives: which collection file is read, limits, damage."""

from __future__ import annotations

import sqlite3
import zipfile
from pathlib import Path

import pytest
import zstandard

from flashnotes.errors import InputError
from flashnotes.review import ankifile
from flashnotes.review.ankifile import unpacked


def _sqlite_bytes(tmp_path: Path, marker: str) -> bytes:
    path = tmp_path / f"{marker}.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE marker (name TEXT)")
    conn.execute("INSERT INTO marker VALUES (?)", (marker,))
    conn.commit()
    conn.close()
    return path.read_bytes()


def _marker(db: Path) -> str:
    conn = sqlite3.connect(db)
    try:
        return str(conn.execute("SELECT name FROM marker").fetchone()[0])
    finally:
        conn.close()


def test_the_current_zstd_collection_wins_over_the_stub(tmp_path: Path) -> None:
    """collection.anki21b is decompressed and read; the stub collection.anki2 next to it is not."""
    path = tmp_path / "x.colpkg"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("collection.anki2", _sqlite_bytes(tmp_path, "stub"))
        z.writestr("collection.anki21b", zstandard.ZstdCompressor().compress(_sqlite_bytes(tmp_path, "current")))
    with unpacked(path) as db:
        assert _marker(db) == "current"
    assert not db.exists()


def test_a_legacy_collection_is_read_as_it_is(tmp_path: Path) -> None:
    """collection.anki21 comes before collection.anki2."""
    path = tmp_path / "x.apkg"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("collection.anki2", _sqlite_bytes(tmp_path, "old"))
        z.writestr("collection.anki21", _sqlite_bytes(tmp_path, "legacy"))
    with unpacked(path) as db:
        assert _marker(db) == "legacy"


def test_a_collection_unpacking_past_the_limit_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A zip bomb is an error, not a full disk."""
    monkeypatch.setattr(ankifile, "MAX_COLLECTION", 1000)
    path = tmp_path / "bomb.colpkg"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("collection.anki21b", zstandard.ZstdCompressor().compress(b"\0" * 100_000))
    with pytest.raises(InputError, match="unpacks to more than"), unpacked(path):
        pass


def test_a_folder_is_not_an_export(tmp_path: Path) -> None:
    """Giving a folder says so."""
    with pytest.raises(InputError, match="is a folder"), unpacked(tmp_path):
        pass
