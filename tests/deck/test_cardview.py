"""Tests that the preview renders each note exactly as the real Anki renders the imported package."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

from flashnotes.collection import Collection
from flashnotes.deck.build import build_deck
from flashnotes.deck.cardview import sides
from flashnotes.deck.deckfile import load_decks
from flashnotes.deck.fields import note_fields
from flashnotes.deck.starter import create_project
from flashnotes.deck.store import Builds
from flashnotes.model import Kind
from tests.helpers import import_into, make_project

T0 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
_STYLE = re.compile(r"^<style>.*?</style>", re.S)


def _anki_cards(collection: Path, package: Path) -> dict[str, list[tuple[str, str]]]:
    from anki.collection import Collection as AnkiCollection

    import_into(collection, package)
    col = AnkiCollection(str(collection))
    try:
        out: dict[str, list[tuple[str, str]]] = {}
        for nid in col.find_notes(""):
            note = col.get_note(nid)
            cards = sorted(note.cards(), key=lambda c: c.ord)
            out[note.guid] = [(_STYLE.sub("", c.question()), _STYLE.sub("", c.answer())) for c in cards]
        return out
    finally:
        col.close()


def _ours(root: Path) -> dict[str, list[tuple[str, str]]]:
    from flashnotes.deck.anki import note_guid

    [deck] = load_decks(root)
    with Collection(root / ".flashnotes" / "collection.sqlite3") as col:
        build_deck(root, deck, col, root / "dist" / "deck.apkg", T0)
        stored = Builds(col).cards(deck.name)
    return {
        note_guid(s.id): [
            (v.front, v.back) for v in sides(note_fields(s.card, lambda src: src), s.card.kind is Kind.CLOZE)
        ]
        for s in stored
    }


def test_preview_sides_equal_what_anki_renders(tmp_path: Path) -> None:
    """For every note of two projects (basic and cloze), question and answer HTML match Anki's, card by card."""
    create_project(tmp_path / "starter")
    make_project(tmp_path / "sample")
    for name in ("starter", "sample"):
        ours = _ours(tmp_path / name)
        anki = _anki_cards(tmp_path / f"{name}.anki2", tmp_path / name / "dist" / "deck.apkg")
        assert anki == ours
        assert any(len(v) == 1 and "cloze" in v[0][0] for v in ours.values())


def test_heading_path_appears_once_on_a_formula_card(tmp_path: Path) -> None:
    """A formula front names its heading path, so the source line under the answer does not repeat it."""
    create_project(tmp_path / "p")
    ours = _ours(tmp_path / "p")
    [(front, back)] = next(v for v in ours.values() if "forgetting curve" in v[0][0])
    assert "The scheduler&#x27;s model" in front or "The scheduler's model" in front
    assert back.count("The scheduler's model") + back.count("The scheduler&#x27;s model") == 1
    definitions = [v for v in ours.values() if "What is Stability?" in v[0][0]]
    assert "Spaced repetition › Cards you write yourself" in definitions[0][0][1]
