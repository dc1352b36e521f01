"""Test helpers for the Anki round trip: a 24-card project, scripted reviews, an Anki collection's view."""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from click.testing import CliRunner, Result

from flashnotes.cli import main
from tests.helpers import Project

T0 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
GRADES = ("good", "again", "easy", "hard")


def glossary_project(root: Path, cards: int = 24) -> Project:
    """A project whose one deck holds ``cards`` definition cards."""
    project = Project(root)
    project.write("decks/g.yaml", "name: Test::Glossary\narticles:\n  - notes/*.md\n")
    lines = ["# Glossary", ""] + [f"term{i} :: definition number {i} of the glossary" for i in range(cards)]
    project.write("notes/g.md", "\n".join(lines) + "\n")
    return project


def flashnotes(project: Project, *args: str, now: datetime = T0, stdin: str | None = None) -> Result:
    """Run the CLI in the project with a pinned clock in UTC (rollover 4)."""
    old = Path.cwd()
    os.chdir(project.root)
    try:
        env = {"FLASHNOTES_TIMEZONE": "UTC", "FLASHNOTES_ROLLOVER": "4", "NO_COLOR": "1"}
        return CliRunner().invoke(main, ["--now", now.isoformat(), *args], input=stdin, env=env)
    finally:
        os.chdir(old)


def reviewed_project(root: Path) -> Project:
    """A 24-card project with 20 cards reviewed over two days in flashnotes, then built."""
    project = glossary_project(root)
    assert flashnotes(project, "build").exit_code == 0
    day1 = flashnotes(project, "review", "--new", "20", stdin=review_script(T0, 80))
    assert day1.exit_code == 0, day1.output
    later = T0 + timedelta(days=2)
    day2 = flashnotes(project, "review", "--new", "0", now=later, stdin=review_script(later, 30))
    assert day2.exit_code == 0, day2.output
    built = flashnotes(project, "build", now=later + timedelta(hours=1))
    assert built.exit_code == 0, built.output
    return project


def answer_in_anki(col: Any, answers: int, rating: int = 3) -> list[int]:
    """Answer up to ``answers`` due cards of the glossary deck in Anki now; returns the card ids answered."""
    col.decks.select(col.decks.id_for_name("Test::Glossary"))
    done = []
    for _ in range(answers):
        queued = col.sched.get_queued_cards()
        if not queued.cards:
            break
        top = queued.cards[0]
        card = col.get_card(top.card.id)
        card.start_timer()
        col.sched.answer_card(col.sched.build_answer(card=card, states=top.states, rating=rating - 1))
        done.append(card.id)
    return done


def review_script(start: datetime, answers: int, step: timedelta = timedelta(minutes=1)) -> str:
    """Protocol lines answering ``answers`` cards, one a minute, cycling through the four grades."""
    lines = []
    for i in range(answers):
        lines += [f"now {(start + i * step).isoformat()}", "reveal", GRADES[i % len(GRADES)]]
    return "\n".join([*lines, "quit"]) + "\n"


@dataclass(frozen=True, slots=True)
class AnkiCard:
    """What a test compares of one Anki card."""

    id: int
    queue: int
    type: int
    due_date: date | None
    interval: int
    stability: float | None
    difficulty: float | None
    revlog: tuple[int, ...]
    due_seconds: int | None = None  # a learning card due later today


def anki_day(col: Any, day: int) -> date:
    """The date Anki day number ``day`` of a collection stands for."""
    offset = col.get_config("creationOffset", 0) or 0
    created = datetime.fromtimestamp(col.crt, timezone(timedelta(minutes=-offset)))
    return created.date() + timedelta(days=day)


def anki_cards(col: Any) -> dict[str, AnkiCard]:
    """Every card of an open Anki collection by note GUID (first card of each note)."""
    out: dict[str, AnkiCard] = {}
    rows = col.db.all("SELECT c.id, n.guid FROM cards c JOIN notes n ON n.id = c.nid ORDER BY c.ord")
    for cid, guid in rows:
        if guid in out:
            continue
        card = col.get_card(cid)
        by_day = card.queue in (2, 3) or (card.type == 2 and card.queue < 0)
        memory = card.memory_state
        out[guid] = AnkiCard(
            cid,
            card.queue,
            card.type,
            anki_day(col, card.due) if by_day else None,
            card.ivl,
            round(memory.stability, 4) if memory else None,
            round(memory.difficulty, 3) if memory else None,
            tuple(col.db.list("SELECT id FROM revlog WHERE cid = ? ORDER BY id", cid)),
            card.due if card.queue == 1 else None,
        )
    return out


def open_anki(path: Path) -> Any:
    """An Anki collection with FSRS on (created if new)."""
    from anki.collection import Collection

    col = Collection(str(path))
    col.set_config("fsrs", True)
    return col


def import_package(col: Any, package: Path, *, with_scheduling: bool) -> Any:
    """Import a package into an open Anki collection, with or without learning progress."""
    from anki.collection import ImportAnkiPackageOptions, ImportAnkiPackageRequest
    from anki.import_export_pb2 import ImportAnkiPackageUpdateCondition

    options = ImportAnkiPackageOptions(
        merge_notetypes=True,
        with_scheduling=with_scheduling,
        update_notes=ImportAnkiPackageUpdateCondition.IMPORT_ANKI_PACKAGE_UPDATE_CONDITION_IF_NEWER,
    )
    return col.import_anki_package(ImportAnkiPackageRequest(package_path=str(package), options=options)).log


@dataclass(frozen=True, slots=True)
class OurCard:
    """What a test compares of one flashnotes card (by note GUID)."""

    card_id: str
    revlog: tuple[int, ...]
    phase: int
    due_date: date | None
    stability: float | None
    difficulty: float | None
    due_seconds: int | None = None  # a learning card due later today


def flashnotes_cards(root: Path) -> dict[str, OurCard]:
    """Every flashnotes card of a project by note GUID: its revlog ids, phase, due study day, memory."""
    from flashnotes.collection import Collection
    from flashnotes.deck.anki import note_guid
    from flashnotes.progress import EPOCH
    from flashnotes.review.history_store import History
    from flashnotes.review.store import Reviews
    from flashnotes.studyday import StudyDays

    days = StudyDays(UTC, 4)
    out = {}
    with Collection(root / ".flashnotes" / "collection.sqlite3") as col:
        reviews, history = Reviews(col), History(col)
        history.assign_revlog_ids()
        ids = history.revlog_ids(reviews.decks())
        entries: dict[str, list[int]] = {}
        for entry in reviews.log():
            entries.setdefault(entry.card_id, []).append(ids[entry.id])
        for item in reviews.states(reviews.decks()):
            card, memory = item.studied.card, item.studied.state.memory
            due_day = getattr(memory, "due_day", None)  # study-day due dates, where the scheduler stores them
            if due_day is not None:
                due = EPOCH + timedelta(days=due_day)
            else:
                due = days.date(memory.due) if memory.phase == 2 and memory.due else None
            s = None if memory.stability is None else round(memory.stability, 4)
            d = None if memory.difficulty is None else round(memory.difficulty, 3)
            revlog = tuple(sorted(entries.get(card.id, [])))
            by_day = due is not None
            seconds = int(memory.due.timestamp()) if memory.phase in (1, 3) and memory.due and not by_day else None
            out[note_guid(card.id)] = OurCard(card.id, revlog, int(memory.phase), due, s, d, seconds)
    return out


def collection_dump(root: Path) -> list[tuple[object, ...]]:
    """Every row of the review tables, to show that something wrote nothing."""
    import sqlite3

    conn = sqlite3.connect(root / ".flashnotes" / "collection.sqlite3")
    try:
        rows: list[tuple[object, ...]] = []
        for table in ("review_log", "review_state", "anki_events"):
            rows += [(table, *r) for r in conn.execute(f"SELECT * FROM {table} ORDER BY 1")]
        return rows
    finally:
        conn.close()
