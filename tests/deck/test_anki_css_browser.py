"""The note types' CSS in a real browser: a formula wider than the card scrolls inside its own box.

Anki draws formulas with MathJax as ``mjx-container`` elements; the card HTML here
is what the real Anki renders from our package, with each formula replaced by a
MathJax-shaped element as wide as a long formula.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

from tests.browser import WIDE_FORMULA, Browser, require_chromium
from tests.helpers import Project, import_into

T0 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
_WIDE_MATH = (
    '<mjx-container class="MathJax" jax="CHTML" display="true">'
    '<mjx-math style="display: inline-block; width: 2400px; height: 40px">x</mjx-math></mjx-container>'
)


def _anki_answer(tmp_path: Path) -> str:
    """Build a one-formula deck, import it into a real Anki collection and return Anki's answer HTML."""
    from anki.collection import Collection as AnkiCollection

    from flashnotes.collection import Collection
    from flashnotes.deck.build import build_deck
    from flashnotes.deck.deckfile import load_decks

    project = Project(tmp_path / "p")
    project.write("decks/d.yaml", "name: D\narticles: [notes/]\n")
    project.write("notes/a.md", f"# Loss\n\nThe full loss sums one term per output:\n\n$$ {WIDE_FORMULA} $$\n")
    [deck] = load_decks(project.root)
    with Collection(tmp_path / "c.sqlite3") as col:
        build_deck(project.root, deck, col, tmp_path / "d.apkg", T0)
    import_into(tmp_path / "anki.anki2", tmp_path / "d.apkg")
    anki = AnkiCollection(str(tmp_path / "anki.anki2"))
    try:
        [nid] = anki.find_notes("")
        return str(anki.get_note(nid).cards()[0].answer())
    finally:
        anki.close()


def test_wide_formula_scrolls_inside_the_anki_card(tmp_path: Path) -> None:
    """With the package's CSS, the MathJax box stays within the card and scrolls; the card itself does not widen."""
    answer = _anki_answer(tmp_path)
    assert "mjx-container" in answer  # the CSS rule travels in the note type
    body = re.sub(r"\\\[.*?\\\]", _WIDE_MATH, answer, flags=re.S)
    page = tmp_path / "card.html"
    page.write_text(f'<!DOCTYPE html><html><body class="card">{body}</body></html>', encoding="utf-8")
    with Browser(require_chromium(), width=400, height=700) as browser:
        browser.open(page)
        box = browser.js(
            "(() => { const m = document.querySelector('mjx-container'); const r = m.getBoundingClientRect();"
            " return [r.right, m.scrollWidth, m.clientWidth, document.documentElement.scrollWidth,"
            " document.documentElement.clientWidth]; })()"
        )
    right, scroll, client, page_scroll, page_width = box
    assert right <= page_width and scroll > client >= 100
    assert page_scroll <= page_width
