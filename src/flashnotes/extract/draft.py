"""A card before it has an id: what the extractors hand to the assembler."""

from __future__ import annotations

from dataclasses import dataclass

from flashnotes.model import Kind


@dataclass(frozen=True, slots=True)
class Draft:
    """A candidate card; among drafts with the same key the lowest ``rank`` wins."""

    kind: Kind
    key: str
    front: str
    back: str
    line: int
    heading: tuple[str, ...]
    rank: int = 5
