"""Tests that packages carry learning progress into real Anki: reviews, due days, FSRS memory state."""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import pytest

from tests.ankisync import T0, anki_cards, flashnotes, flashnotes_cards, import_package, open_anki, reviewed_project
from tests.helpers import Project

pytest.importorskip("anki")
os.environ.setdefault("ANKI_TEST_MODE", "1")  # Anki's fuzz off


@pytest.fixture
def reviewed(tmp_path: Path) -> Path:
    """A 24-card project with 20 cards reviewed over two days, then built."""
    return reviewed_project(tmp_path / "proj").root


def _flashnotes_side(root: Path) -> dict[str, tuple[object, ...]]:
    """Per note GUID: revlog ids, due date (review cards) and rounded stability/difficulty."""
    return {g: (c.revlog, c.due_date, c.stability, c.difficulty) for g, c in flashnotes_cards(root).items()}


def test_import_with_progress_continues_where_the_terminal_left_off(reviewed: Path, tmp_path: Path) -> None:
    """Anki gets 24 cards; the 20 reviewed ones with exactly our reviews, due days and FSRS memory state."""
    ours = _flashnotes_side(reviewed)
    col = open_anki(tmp_path / "anki.anki2")
    try:
        log = import_package(col, reviewed / "dist" / "g.apkg", with_scheduling=True)
        theirs = anki_cards(col)
    finally:
        col.close()
    assert len(log.new) == 24 and set(theirs) == set(ours)
    reviewed_cards = [g for g, (revlog, *_) in ours.items() if revlog]
    assert len(reviewed_cards) == 20
    for guid, (revlog, due, s, d) in ours.items():
        card = theirs[guid]
        assert card.revlog == revlog
        assert (card.stability, card.difficulty) == (s, d)
        if due is not None:
            assert (card.queue, card.type, card.due_date) == (2, 2, due)
        if not revlog:
            assert (card.queue, card.type, card.stability) == (0, 0, None)


def test_import_without_progress_gives_plain_notes(reviewed: Path, tmp_path: Path) -> None:
    """Without "Import any learning progress" every card is new and no review is imported."""
    col = open_anki(tmp_path / "anki.anki2")
    try:
        import_package(col, reviewed / "dist" / "g.apkg", with_scheduling=False)
        theirs = anki_cards(col)
        assert col.db.scalar("SELECT COUNT(*) FROM revlog") == 0
    finally:
        col.close()
    assert len(theirs) == 24 and {(c.queue, c.type) for c in theirs.values()} == {(0, 0)}


def test_repeated_builds_and_imports_never_duplicate_a_review(reviewed: Path, tmp_path: Path) -> None:
    """Building again and importing both packages twice leaves one revlog row per flashnotes answer."""
    first = (reviewed / "dist" / "g.apkg").read_bytes()
    (tmp_path / "first.apkg").write_bytes(first)
    again = flashnotes(Project(reviewed), "build", now=T0 + timedelta(days=3))
    assert again.exit_code == 0, again.output
    col = open_anki(tmp_path / "anki.anki2")
    try:
        for package in (tmp_path / "first.apkg", reviewed / "dist" / "g.apkg") * 2:
            import_package(col, package, with_scheduling=True)
        rows = col.db.scalar("SELECT COUNT(*) FROM revlog")
        distinct = col.db.scalar("SELECT COUNT(DISTINCT id) FROM revlog")
    finally:
        col.close()
    answers = sum(len(revlog) for revlog, *_ in _flashnotes_side(reviewed).values())
    assert rows == distinct == answers > 20
