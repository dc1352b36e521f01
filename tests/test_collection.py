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


def test_due_instants_become_study_days_without_losing_a_review(tmp_path: Path) -> None:
    """Schema 7 turns stored due instants into study days in the learner's zone; every state and answer stays."""
    from zoneinfo import ZoneInfo

    from flashnotes.review.memory import Phase
    from flashnotes.review.store import Reviews
    from flashnotes.studyday import StudyDays

    path = tmp_path / "v3.db"
    conn = sqlite3.connect(path)
    for script in MIGRATIONS[:3]:
        assert isinstance(script, str)
        conn.executescript(script)
    card = "INSERT INTO cards VALUES (?, 'd', 'quiz', ?, 'q', 'a', 'a.md', 1, '[]', '[]', 'h', ?, ?, NULL, 0, 1)"
    state = "INSERT INTO review_state VALUES (?, ?, ?, 5.0, 5.0, ?, ?, 3, 0, 0, NULL)"
    # New York, rollover 4: 2026-03-07 22:00 EST is study day 2026-03-07; 03:30 the next night still is too
    rows = [
        ("review", 2, None, "2026-03-08T03:00:00+00:00", "2026-03-01T15:00:00+00:00"),
        ("late", 2, None, "2026-03-08T08:30:00+00:00", "2026-03-02T15:00:00+00:00"),
        ("step", 1, 1, "2026-03-02T16:00:00+00:00", "2026-03-01T15:00:00+00:00"),
        ("short", 1, 0, "2026-03-01T15:10:00+00:00", "2026-03-01T15:00:00+00:00"),
    ]
    for card_id, phase, step, due, last in rows:
        conn.execute(card, (card_id, card_id, last, last))
        conn.execute(state, (card_id, phase, step, due, last))
        conn.execute(
            "INSERT INTO review_log (card_id, reviewed_at, rating, duration_ms, before, after, interval_seconds)"
            " VALUES (?, ?, 3, 1000, NULL, '{}', 60)",
            (card_id, last),
        )
    conn.execute("PRAGMA user_version = 3")
    conn.commit()
    conn.close()
    days = StudyDays(ZoneInfo("America/New_York"), 4)
    with Collection(path, days) as col:
        assert col.schema_version == len(MIGRATIONS)
        reviews = Reviews(col)
        got = {c: reviews.state(c) for c, *_ in rows}
        assert len(col.conn.execute("SELECT * FROM review_log").fetchall()) == 4
    memory = {c: s.memory for c, s in got.items() if s is not None}
    assert len(memory) == 4
    assert memory["review"].due is None and days.start(memory["review"].due_day or 0).isoformat().startswith(
        "2026-03-07"
    )
    assert memory["review"].interval == 6 and memory["review"].phase is Phase.REVIEW
    assert memory["late"].due_day == days.number(datetime(2026, 3, 8, 8, 30, tzinfo=UTC))
    assert memory["step"].due is None and memory["step"].due_day == days.number(datetime(2026, 3, 2, 16, tzinfo=UTC))
    assert memory["short"].due == datetime(2026, 3, 1, 15, 10, tzinfo=UTC) and memory["short"].due_day is None


def test_a_read_only_collection_is_a_collection_error(tmp_path: Path) -> None:
    """Writing through a read-only connection ends in a CollectionError saying what to check."""
    import sqlite3

    with Collection(tmp_path / "c.db") as col:
        col.conn.close()
        col.conn = sqlite3.connect(f"file:{tmp_path / 'c.db'}?mode=ro", uri=True, isolation_level=None)
        with (
            pytest.raises(CollectionError, match=r"cannot write the collection .*readonly.*writable"),
            col.transaction() as conn,
        ):
            conn.execute("PRAGMA user_version = 99")
