"""Tests for revlog ids and manual events in the collection."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from flashnotes.collection import Collection
from flashnotes.review.history_store import History, ManualEvent, event_row, from_millis, millis
from flashnotes.review.memory import Rating, ReviewState
from flashnotes.review.store import Reviews

T0 = datetime(2026, 3, 1, 9, 0, 0, 123000, tzinfo=UTC)


def test_millis_round_trips_exactly() -> None:
    """A moment with milliseconds survives the trip to Unix ms and back."""
    assert millis(T0) == 1772355600123 and from_millis(millis(T0)) == T0


def test_answers_get_their_time_in_ms_made_unique_once(tmp_path: Path) -> None:
    """Two answers in the same millisecond get consecutive ids; ids once given never change."""
    with Collection(tmp_path / "c.db") as col:
        reviews, history = Reviews(col), History(col)
        for card in ("a", "b"):
            reviews.record_answer(card, Rating.GOOD, T0, duration_ms=1, after=ReviewState(), interval_seconds=60)
        assert history.assign_revlog_ids() == 2
        ids = {e.card_id: e.id for e in reviews.log()}
        col.conn.execute(
            "INSERT INTO cards (id, deck, kind, key, front, back, path, line, heading, tags,"
            " content_hash, created, modified) VALUES ('a', 'd', 'quiz', 'k', 'f', 'b', 'p', 1, '[]',"
            " '[]', 'h', 'x', 'x'), ('b', 'd', 'quiz', 'k', 'f', 'b', 'p', 2, '[]', '[]', 'h', 'x', 'x')"
        )
        given = history.revlog_ids(["d"])
        assert sorted(given.values()) == [millis(T0), millis(T0) + 1] and set(given) == set(ids.values())
        assert history.assign_revlog_ids() == 0 and history.revlog_ids(["d"]) == given
        assert history.known_revlog_ids() == set(given.values())


def test_manual_events_are_stored_and_read_back_in_time_order(tmp_path: Path) -> None:
    """Events come back as stored, oldest first, and their ids count as known."""
    late = ManualEvent(5, "a", T0.replace(hour=10), "forget")
    early = ManualEvent(9, "a", T0, "reschedule", 9500)
    with Collection(tmp_path / "c.db") as col:
        with col.transaction() as conn:
            conn.executemany("INSERT INTO anki_events VALUES (?, ?, ?, ?, ?)", [event_row(late), event_row(early)])
        history = History(col)
        assert history.events(["a", "b"]) == [early, late] and history.known_revlog_ids() == {5, 9}
