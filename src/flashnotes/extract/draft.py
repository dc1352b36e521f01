"""A card before it has an id: what the extractors hand to the assembler."""

from __future__ import annotations

from dataclasses import dataclass, field

from flashnotes.model import Kind


@dataclass(frozen=True, slots=True)
class Draft:
    """A candidate card; among drafts with the same key the lowest ``rank`` wins.

    ``features`` is the evidence the scorer weighs (empty: a rule-made card that is not
    scored); ``confidence`` is the scorer's verdict, 1.0 for rule-made cards.
    """

    kind: Kind
    key: str
    front: str
    back: str
    line: int
    heading: tuple[str, ...]
    rank: int = 5
    features: dict[str, float] = field(default_factory=dict, compare=False)
    confidence: float = 1.0
