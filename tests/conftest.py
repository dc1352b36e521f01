"""Shared fixtures: helpers to extract cards from a snippet."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from flashnotes.extract.pipeline import extract
from flashnotes.extract.reader import parse_article
from flashnotes.model import Card


@pytest.fixture
def cards_of() -> Callable[..., list[Card]]:
    """Extract the cards of a snippet given as text (Markdown unless the name says .txt).

    ``min_confidence=0`` keeps every candidate the rules propose, whatever the scorer thinks.
    """

    def run(text: str, name: str = "note.md", min_confidence: float | None = None) -> list[Card]:
        return extract(parse_article(name, text.encode("utf-8")), min_confidence=min_confidence)

    return run
