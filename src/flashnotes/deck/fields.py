"""A card's note fields as the package holds them: front, back and source, rendered to HTML.

Shared by the package export and the preview page, so the page shows exactly
what Anki will.
"""

from __future__ import annotations

from collections.abc import Callable

from flashnotes.deck import render
from flashnotes.model import Card, Kind


def source_html(card: Card) -> str:
    """Article and the heading path, leaving out headings the front already shows (each appears once)."""
    parts = [card.source.path]
    heading = [h for h in card.source.heading if h not in card.front]
    if heading:
        parts.append(" › ".join(heading))
    return render.to_html(" · ".join(parts))


def note_fields(card: Card, rename: Callable[[str], str | None]) -> tuple[str, str, str]:
    """The three fields (Front/Text, Back/Extra, Source), images pointed where ``rename`` says."""
    front = render.replace_images(card.front, rename)
    back = render.replace_images(card.back, rename)
    cloze = card.kind is Kind.CLOZE
    return (render.to_html(front, cloze=cloze), "" if cloze else render.to_html(back), source_html(card))


Fields = tuple[str, str, str]


def media_free_fields(card: Card) -> Fields | None:
    """A card's fields when it shows no image (so they do not depend on a package's media), else None."""
    if render.images(card.front) or render.images(card.back):
        return None
    return note_fields(card, lambda _src: None)
