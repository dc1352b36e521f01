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
