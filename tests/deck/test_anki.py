"""Tests that our packages import into real Anki and re-import as updates, never duplicates."""

from __future__ import annotations

import hashlib
import html
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from flashnotes.collection import Collection
from flashnotes.deck.anki import RETIRED_TAG, deck_id, note_guid
from flashnotes.deck.build import build_deck
from flashnotes.deck.deckfile import load_decks
from tests.helpers import anki_note_types, anki_notes, import_into, make_project

T1 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
T2 = T1 + timedelta(days=1)


def test_package_imports_into_anki_with_fields_decks_and_tags(tmp_path: Path) -> None:
    """Note and card counts, fields, the deck hierarchy and tags are right in real Anki."""
    project = make_project(tmp_path / "proj")
    [deck] = load_decks(project.root)
    with Collection(tmp_path / "c.db") as col:
        result = build_deck(project.root, deck, col, tmp_path / "opt.apkg", T1)
    log = import_into(tmp_path / "anki.anki2", tmp_path / "opt.apkg")
    assert (len(log.new), len(log.updated), len(log.duplicate)) == (5, 0, 0)
    notes = anki_notes(tmp_path / "anki.anki2")
    assert len(notes) == 5 and sum(n["cards"] for n in notes.values()) == 5
    momentum = notes[note_guid(next(p.card.id for p in result.plan.items if p.card.key == "动量法"))]
    assert momentum["fields"][0] == "什么是动量法？"
    assert momentum["fields"][1] == "动量法是一种累积历史梯度来加速收敛的方法。"
    assert momentum["fields"][2] == "notes/opt.md · 优化方法"
    assert momentum["decks"] == ["机器学习::优化"]
    assert sorted(momentum["tags"]) == ["heading::优化方法", "ml"]
    formula = next(n for n in notes.values() if n["fields"][1].startswith("\\["))
    assert formula["fields"][1] == "\\[\\theta_{t+1} = \\theta_t - \\eta g_t\\]"
    cloze = next(n for n in notes.values() if n["type"] == "flashnotes Cloze")
    assert cloze["fields"][0] == "The {{c1::bias term}} shifts the decision boundary."


def test_reimport_updates_edited_notes_adds_new_ones_and_duplicates_nothing(tmp_path: Path) -> None:
    """A second build re-imported into the same collection updates, adds, and keeps untouched notes' mtime."""
    project = make_project(tmp_path / "proj")
    [deck] = load_decks(project.root)
    anki_path = tmp_path / "anki.anki2"
    with Collection(tmp_path / "c.db") as col:
        build_deck(project.root, deck, col, tmp_path / "v1.apkg", T1)
        import_into(anki_path, tmp_path / "v1.apkg")
        before = anki_notes(anki_path)
        text = project.read("notes/opt.md")
        text = text.replace("加速收敛", "更快地收敛").replace("学习率是每一步", "学习率(step size)是每一步")
        text = text.replace("The ==bias term== shifts the decision boundary.\n", "")
        project.write("notes/opt.md", text + "\n牛顿法是一种利用二阶导数信息的优化方法。\n")
        second = build_deck(project.root, deck, col, tmp_path / "v2.apkg", T2)
    log = import_into(anki_path, tmp_path / "v2.apkg")
    # Anki logs a note it skipped because it is not newer as a "duplicate"; no note is duplicated.
    assert (len(log.new), len(log.updated), len(log.conflicting)) == (1, 3, 0)
    unchanged = {note_guid(p.card.id) for p in second.plan.items if p.change.value == "unchanged"}
    assert {html.unescape(n.fields[0]) for n in log.duplicate} == {
        html.unescape(before[g]["fields"][0]) for g in unchanged
    }
    after = anki_notes(anki_path)
    assert len(after) == 6 and len({tuple(n["fields"]) for n in after.values()}) == 6
    assert anki_note_types(anki_path).count("flashnotes Basic") == 1
    changed = {p.card.key: note_guid(p.card.id) for p in second.plan.items}
    assert after[changed["动量法"]]["fields"][1] == "动量法是一种累积历史梯度来更快地收敛的方法。"
    assert after[changed["学习率(step size)"]]["fields"][0] == "什么是学习率(step size)？"
    untouched = changed["为什么要做学习率衰减？"]
    assert after[untouched]["mod"] == before[untouched]["mod"]
    retired = [n for n in after.values() if RETIRED_TAG in n["tags"]]
    assert len(retired) == 1 and retired[0]["type"] == "flashnotes Cloze"


def test_edits_made_in_anki_to_untouched_notes_survive_reimport(tmp_path: Path) -> None:
    """A note edited inside Anki keeps the user's edit when the article did not change it."""
    from anki.collection import Collection as AnkiCollection

    project = make_project(tmp_path / "proj")
    [deck] = load_decks(project.root)
    anki_path = tmp_path / "anki.anki2"
    with Collection(tmp_path / "c.db") as col:
        first = build_deck(project.root, deck, col, tmp_path / "v1.apkg", T1)
        import_into(anki_path, tmp_path / "v1.apkg")
        guid = note_guid(next(p.card.id for p in first.plan.items if p.card.key == "动量法"))
        anki_col = AnkiCollection(str(anki_path))
        note = anki_col.get_note(anki_col.db.scalar("SELECT id FROM notes WHERE guid = ?", guid))
        note["Back"] = "my own wording"
        anki_col.update_note(note)
        anki_col.close()
        build_deck(project.root, deck, col, tmp_path / "v2.apkg", T2)
    import_into(anki_path, tmp_path / "v2.apkg")
    assert anki_notes(anki_path)[guid]["fields"][1] == "my own wording"


@pytest.mark.parametrize("name", ["Default", "机器学习::优化", "a::b::c"])
def test_deck_ids_are_stable_and_in_range(name: str) -> None:
    """Deck ids depend only on the name and fit Anki's id range."""
    assert deck_id(name) == deck_id(name)
    assert 1 << 30 <= deck_id(name) < 1 << 31


def _term(n: int) -> str:
    """A term unlike every other one, so no edit is mistaken for a renamed key."""
    return hashlib.sha256(str(n).encode()).hexdigest()[:12]


def _glossary(terms: dict[int, str], heading: str) -> str:
    return f"# {heading}\n\n" + "\n\n".join(f"{_term(n)} :: {text}" for n, text in sorted(terms.items())) + "\n"


def test_a_hundred_builds_in_one_second_reach_anki_with_every_edit_addition_and_retirement(tmp_path: Path) -> None:
    """100 build-and-import cycles at the same instant: Anki holds exactly what each build says, every time."""
    import random

    from anki.collection import Collection as AnkiCollection
    from anki.collection import ImportAnkiPackageOptions, ImportAnkiPackageRequest
    from anki.import_export_pb2 import ImportAnkiPackageUpdateCondition

    rng = random.Random(9)
    project = make_project(tmp_path / "proj")
    (project.root / "notes" / "opt.md").unlink()
    terms = {n: f"meaning {n} version 0" for n in range(6)}
    retired: set[int] = set()
    ids: dict[int, str] = {}
    options = ImportAnkiPackageOptions(
        merge_notetypes=True,
        update_notes=ImportAnkiPackageUpdateCondition.IMPORT_ANKI_PACKAGE_UPDATE_CONDITION_IF_NEWER,
    )
    anki_col = AnkiCollection(str(tmp_path / "anki.anki2"))
    try:
        with Collection(tmp_path / "c.db") as col:
            for cycle in range(100):
                for n in rng.sample(sorted(terms), k=min(2, len(terms))):
                    terms[n] = f"meaning {n} version {cycle}"
                if cycle % 3 == 0 and len(terms) > 2:
                    gone = rng.choice(sorted(terms))
                    del terms[gone]
                    if gone in ids:
                        retired.add(gone)
                if cycle % 2 == 0:
                    new = rng.choice([*sorted(retired), 100 + cycle])
                    retired.discard(new)
                    terms[new] = f"meaning {new} version {cycle}"
                project.write("notes/glossary.md", _glossary(terms, f"Glossary {cycle % 4}"))
                [deck] = load_decks(project.root)
                result = build_deck(project.root, deck, col, tmp_path / "g.apkg", T1)
                by_key = {p.card.key: p.card.id for p in result.plan.items}
                ids.update({n: by_key[_term(n)] for n in terms})
                anki_col.import_anki_package(
                    ImportAnkiPackageRequest(package_path=str(tmp_path / "g.apkg"), options=options)
                )
                for n, text in terms.items():
                    note = anki_col.get_note(
                        anki_col.db.scalar("SELECT id FROM notes WHERE guid = ?", note_guid(ids[n]))
                    )
                    assert (note["Back"], note["Source"], RETIRED_TAG in note.tags) == (
                        text,
                        f"notes/glossary.md · Glossary {cycle % 4}",
                        False,
                    ), f"cycle {cycle}, term {n}"
                for n in retired:
                    note = anki_col.get_note(
                        anki_col.db.scalar("SELECT id FROM notes WHERE guid = ?", note_guid(ids[n]))
                    )
                    assert RETIRED_TAG in note.tags, f"cycle {cycle}, term {n}"
    finally:
        anki_col.close()


def test_the_same_notes_at_the_same_time_give_the_same_bytes(tmp_path: Path) -> None:
    """A package is reproducible: written twice, seconds apart, from the same notes and time, it is byte-identical."""
    import time
    import zipfile

    from flashnotes.deck.anki import NoteSpec, write_package

    notes = [NoteSpec(f"c{n}", n % 2 == 1, (f"front {{{{c1::{n}}}}}", "back", "a.md"), ("t",), T1) for n in range(5)]
    write_package(tmp_path / "a.apkg", "D", notes, [], T1)
    time.sleep(2.1)  # zip entry times have a two-second resolution
    write_package(tmp_path / "b.apkg", "D", notes, [], T1)
    assert (tmp_path / "a.apkg").read_bytes() == (tmp_path / "b.apkg").read_bytes()
    with zipfile.ZipFile(tmp_path / "a.apkg") as z:
        assert z.namelist() == ["collection.anki2", "media"]
        assert z.getinfo("collection.anki2").date_time == (2026, 3, 1, 9, 0, 0)
