"""Tests for `flashnotes import-anki` against real Anki exports: both sides' reviews once, Anki's due dates."""

from __future__ import annotations

import itertools
import json
import os
import time
import zipfile
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from tests.ankisync import (
    T0,
    anki_cards,
    answer_in_anki,
    collection_dump,
    flashnotes,
    flashnotes_cards,
    import_package,
    open_anki,
    review_script,
    reviewed_project,
)
from tests.helpers import Project

pytest.importorskip("anki")
os.environ["ANKI_TEST_MODE"] = "1"  # Anki's fuzz off
os.environ["TZ"] = "UTC"  # Anki counts days in the process's time zone; flashnotes is told UTC
time.tzset()


@pytest.fixture
def project(tmp_path: Path) -> Project:
    """20 cards reviewed in flashnotes, built into a package."""
    return reviewed_project(tmp_path / "proj")


def _anki_with_progress(project: Project, path: Path) -> Any:
    col = open_anki(path)
    import_package(col, project.root / "dist" / "g.apkg", with_scheduling=True)
    return col


def _export(col: Any, out: Path, *, legacy: bool = False) -> Path:
    col.export_collection_package(str(out), include_media=True, legacy=legacy)  # closes the collection
    return out


def test_round_trip_holds_both_sides_reviews_once_and_anki_due_dates(project: Project, tmp_path: Path) -> None:
    """After answering in Anki and importing its .colpkg, the log holds every review once; due dates are Anki's."""
    before = flashnotes_cards(project.root)
    col = _anki_with_progress(project, tmp_path / "anki.anki2")
    answered = answer_in_anki(col, 6, rating=3) + answer_in_anki(col, 2, rating=1)
    theirs = anki_cards(col)
    package = _export(col, tmp_path / "collection.colpkg")
    assert len(set(answered)) >= 6
    with zipfile.ZipFile(package) as z:
        assert "collection.anki21b" in z.namelist()  # the current, zstd-compressed format
    result = flashnotes(project, "import-anki", str(package), "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["answers"] == len(answered) and report["already_known"] == sum(len(c.revlog) for c in before.values())
    ours = flashnotes_cards(project.root)
    for guid, card in theirs.items():
        assert ours[guid].revlog == card.revlog  # both sides' reviews, each once
        assert ours[guid].due_date == card.due_date
        if card.id in answered:
            assert (ours[guid].phase, ours[guid].due_seconds) == (card.type, card.due_seconds)
    assert any(c.due_seconds for g, c in theirs.items() if c.id in answered)  # a learning card among them
    dump = collection_dump(project.root)
    again = flashnotes(project, "import-anki", str(package), "--json")
    assert again.exit_code == 0 and json.loads(again.stdout)["answers"] == 0
    assert collection_dump(project.root) == dump


def test_when_both_sides_reviewed_a_card_the_merged_history_in_time_order_decides(
    project: Project, tmp_path: Path
) -> None:
    """Answered in Anki now and in the terminal later: every answer is kept, the later one replays from Anki's."""
    from flashnotes.collection import Collection
    from flashnotes.review.store import Reviews

    col = _anki_with_progress(project, tmp_path / "anki.anki2")
    answered = set(answer_in_anki(col, 8))
    in_anki = {flashnotes_cards(project.root)[g].card_id for g, c in anki_cards(col).items() if c.id in answered}
    package = _export(col, tmp_path / "c.colpkg")
    later = datetime.now(UTC) + timedelta(days=60)
    terminal = flashnotes(project, "review", "--new", "0", now=later, stdin=review_script(later, 40))
    assert terminal.exit_code == 0, terminal.output
    with Collection(project.root / ".flashnotes" / "collection.sqlite3") as fc:
        count = len(Reviews(fc).log())
    assert flashnotes(project, "import-anki", str(package)).exit_code == 0
    with Collection(project.root / ".flashnotes" / "collection.sqlite3") as fc:
        reviews = Reviews(fc)
        log = reviews.log()
        assert len(log) == count + len(answered)  # nothing dropped
        both = 0
        for card_id in {e.card_id for e in log}:
            mine = sorted((e for e in log if e.card_id == card_id), key=lambda e: e.reviewed_at)
            for previous, entry in itertools.pairwise(mine):
                assert entry.before == previous.after  # each answer starts where the one before it left off
            both += card_id in in_anki and mine[-1].reviewed_at >= later  # answered in Anki, then in the terminal
            assert reviews.state(card_id) == (mine[-1].after if mine[-1].after.memory.phase else None)
        assert both > 0


def test_memory_state_after_anki_answers_matches_anki(project: Project, tmp_path: Path) -> None:
    """Stability and difficulty recomputed from the merged history equal Anki's own (to its 4 and 3 decimals)."""
    col = _anki_with_progress(project, tmp_path / "anki.anki2")
    answered = set(answer_in_anki(col, 5, rating=3))
    theirs = anki_cards(col)
    flashnotes(project, "import-anki", str(_export(col, tmp_path / "c.colpkg")))
    ours = flashnotes_cards(project.root)
    for guid, card in theirs.items():
        if card.id in answered:
            assert (ours[guid].stability, ours[guid].difficulty) == (card.stability, card.difficulty)


def test_set_due_date_and_forget_are_state_changes_and_a_deleted_card_is_reported(
    project: Project, tmp_path: Path
) -> None:
    """Set due date moves the card to Anki's day, forget makes it new, neither is an answer; a deletion is named."""
    before = flashnotes_cards(project.root)
    col = _anki_with_progress(project, tmp_path / "anki.anki2")
    cards = anki_cards(col)
    reviewed = [g for g, c in before.items() if c.revlog]
    moved, forgotten, deleted = (cards[g].id for g in reviewed[:3])
    col.sched.set_due_date([moved], "9!")
    col.sched.schedule_cards_as_new([forgotten])
    col.remove_notes([col.get_card(deleted).nid])
    theirs = anki_cards(col)
    result = flashnotes(project, "import-anki", str(_export(col, tmp_path / "c.colpkg")), "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert (report["answers"], report["forgotten"], report["rescheduled"]) == (0, 1, 1)
    assert report["card_ids"] == sorted([before[reviewed[0]].card_id, before[reviewed[1]].card_id])
    assert report["missing"] == [before[reviewed[2]].card_id]
    ours = flashnotes_cards(project.root)
    assert ours[reviewed[0]].revlog == before[reviewed[0]].revlog  # no answer added
    assert ours[reviewed[0]].due_date == theirs[reviewed[0]].due_date
    assert ours[reviewed[1]].phase == 0 and ours[reviewed[1]].revlog == before[reviewed[1]].revlog
    text = flashnotes(project, "import-anki", str(tmp_path / "c.colpkg"))
    assert "not in the file" in text.output and before[reviewed[2]].card_id in text.output
    # the changes go back to Anki with the next package: a fresh collection gets the same history and due day
    assert flashnotes(project, "build", now=T0 + timedelta(days=5)).exit_code == 0
    fresh = open_anki(tmp_path / "fresh.anki2")
    try:
        import_package(fresh, project.root / "dist" / "g.apkg", with_scheduling=True)
        again = anki_cards(fresh)
    finally:
        fresh.close()
    for guid in reviewed[:2]:
        assert again[guid].revlog == theirs[guid].revlog  # answers and the manual entry, once each
    assert again[reviewed[0]].due_date == theirs[reviewed[0]].due_date
    assert (again[reviewed[1]].queue, again[reviewed[1]].type) == (0, 0)


def test_dry_run_writes_nothing_and_legacy_exports_read_the_same(project: Project, tmp_path: Path) -> None:
    """--dry-run reports the merge without writing; a legacy .colpkg (collection.anki21) is read too."""
    col = _anki_with_progress(project, tmp_path / "anki.anki2")
    answered = answer_in_anki(col, 4)
    package = _export(col, tmp_path / "legacy.colpkg", legacy=True)
    with zipfile.ZipFile(package) as z:
        assert "collection.anki21" in z.namelist()
    dump = collection_dump(project.root)
    dry = flashnotes(project, "import-anki", str(package), "--dry-run")
    assert dry.exit_code == 0 and f"would merge {len(answered)} answer(s)" in dry.output
    assert collection_dump(project.root) == dump
    assert flashnotes(project, "import-anki", str(package)).exit_code == 0
    assert collection_dump(project.root) != dump


def test_a_deck_package_exported_with_scheduling_is_read(project: Project, tmp_path: Path) -> None:
    """An .apkg Anki exports with scheduling (current format) merges like a collection package."""
    from anki.collection import DeckIdLimit, ExportAnkiPackageOptions

    col = _anki_with_progress(project, tmp_path / "anki.anki2")
    answered = answer_in_anki(col, 3)
    options = ExportAnkiPackageOptions(with_scheduling=True, with_deck_configs=True, with_media=True, legacy=False)
    limit = DeckIdLimit(col.decks.id_for_name("Test::Glossary"))
    col.export_anki_package(out_path=str(tmp_path / "deck.apkg"), options=options, limit=limit)
    theirs = anki_cards(col)
    col.close()
    result = flashnotes(project, "import-anki", str(tmp_path / "deck.apkg"), "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["answers"] == len(answered)
    ours = flashnotes_cards(project.root)
    assert all(ours[g].revlog == c.revlog and ours[g].due_date == c.due_date for g, c in theirs.items())


def test_a_package_without_scheduling_merges_nothing_and_says_why(project: Project, tmp_path: Path) -> None:
    """A deck exported without scheduling holds no reviews: nothing changes and a warning says how to export."""
    from anki.collection import DeckIdLimit, ExportAnkiPackageOptions

    col = _anki_with_progress(project, tmp_path / "anki.anki2")
    answer_in_anki(col, 3)
    options = ExportAnkiPackageOptions(with_scheduling=False, with_deck_configs=False, with_media=True, legacy=False)
    limit = DeckIdLimit(col.decks.id_for_name("Test::Glossary"))
    col.export_anki_package(out_path=str(tmp_path / "plain.apkg"), options=options, limit=limit)
    col.close()
    dump = collection_dump(project.root)
    result = flashnotes(project, "import-anki", str(tmp_path / "plain.apkg"))
    assert result.exit_code == 0 and "export with scheduling information" in result.stderr
    assert collection_dump(project.root) == dump


def test_cards_anki_has_and_flashnotes_does_not_are_reported_not_imported(project: Project, tmp_path: Path) -> None:
    """A note added in Anki with a flashnotes note type is counted as unknown; its reviews stay out."""
    col = _anki_with_progress(project, tmp_path / "anki.anki2")
    note = col.new_note(col.models.by_name("flashnotes Basic"))
    note["Front"], note["Back"] = "added in Anki", "not from an article"
    col.add_note(note, col.decks.id_for_name("Test::Glossary"))
    plain = col.new_note(col.models.by_name("Basic"))
    plain["Front"] = "someone else's card"
    col.add_note(plain, 1)
    result = flashnotes(project, "import-anki", str(_export(col, tmp_path / "c.colpkg")), "--json")
    report = json.loads(result.stdout)
    assert [u["guid"] for u in report["unknown"]] == [note.guid] and report["other_cards"] == 1


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("random.colpkg", b"\x00\x01 not a zip at all", "not a zip archive"),
        ("notes.apkg", None, "holds no collection"),
        ("damaged.colpkg", b"zstd", "damaged"),
        ("other.colpkg", b"sqlite", "not an Anki collection"),
    ],
)
def test_corrupt_or_unrelated_files_are_a_clear_error_and_write_nothing(
    project: Project, tmp_path: Path, name: str, content: bytes | None, message: str
) -> None:
    """Random bytes, a zip without a collection, a damaged zstd stream, a foreign database: Error, nothing written."""
    path = tmp_path / name
    if content is None or content in (b"zstd", b"sqlite"):
        with zipfile.ZipFile(path, "w") as z:
            if content is None:
                z.writestr("readme.txt", "hello")
            elif content == b"zstd":
                z.writestr("collection.anki21b", b"(\xb5/\xfd garbage")
            else:
                z.write(project.root / ".flashnotes" / "collection.sqlite3", "collection.anki21")
    else:
        path.write_bytes(content)
    dump = collection_dump(project.root)
    result = flashnotes(project, "import-anki", str(path))
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert result.output.startswith(f"Error: {path}") and message in result.output
    assert collection_dump(project.root) == dump


def test_a_missing_file_or_collection_is_a_clear_error(tmp_path: Path) -> None:
    """No such export, or no flashnotes collection yet: Error naming it."""
    from tests.ankisync import glossary_project

    project = glossary_project(tmp_path / "p")
    result = flashnotes(project, "import-anki", str(tmp_path / "none.colpkg"), now=T0)
    assert result.exit_code == 1 and "run `flashnotes build` first" in result.output
    flashnotes(project, "build")
    result = flashnotes(project, "import-anki", str(tmp_path / "none.colpkg"))
    assert result.exit_code == 1 and result.output.startswith(f"Error: {tmp_path / 'none.colpkg'}: no such file")
