"""Shared fixtures: helpers to extract cards from a snippet."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from flashnotes.extract.pipeline import extract
from flashnotes.extract.reader import parse_article
from flashnotes.model import Card


@pytest.fixture
def cards_of() -> Callable[..., list[Card]]:
    """Extract the cards of a snippet given as text (Markdown unless the name says .txt)."""

    def run(text: str, name: str = "note.md") -> list[Card]:
        return extract(parse_article(name, text.encode("utf-8")))

    return run
