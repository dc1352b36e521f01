"""Tests for the build's tables: card round trips and rolled-back writes."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest

from flashnotes.collection import Collection
from flashnotes.deck.store import Builds, StoredCard
from flashnotes.model import Card, Kind, Source

T = datetime(2026, 1, 2, 3, 4, tzinfo=UTC)
CARD = Card("c1", Kind.QUIZ, "问？", "答。", "问？", Source("a.md", 3, ("标题", "小节")), ("t",))


def test_cards_round_trip(tmp_path: Path) -> None:
    """A stored card comes back equal, heading and tags included."""
    with Collection(tmp_path / "c.db") as col:
        Builds(col).save_build("d", [("a.md", "h", [CARD])], [StoredCard(CARD, "d", "x", T, T)])
        assert Builds(col).cards("d") == [StoredCard(CARD, "d", "x", T, T)]
        assert Builds(col).cached_cards("d", "a.md", "h") == [CARD]
        assert Builds(col).cached_cards("d", "a.md", "other") is None


def test_cached_cards_keep_their_confidence(tmp_path: Path) -> None:
    """An article's cached cards come back with the confidence extraction gave them (the preview shows it)."""
    scored = replace(CARD, confidence=0.878)
    with Collection(tmp_path / "c.db") as col:
        Builds(col).save_build("d", [("a.md", "h", [scored])], [StoredCard(scored, "d", "x", T, T)])
        assert Builds(col).cached_cards("d", "a.md", "h") == [scored]


def test_a_failed_write_rolls_back(tmp_path: Path) -> None:
    """An error inside a build transaction leaves nothing behind."""
    with Collection(tmp_path / "c.db") as col:
        naive = StoredCard(CARD, "d", "x", datetime(2026, 1, 1), T)
        with pytest.raises(ValueError, match="aware UTC"):
            Builds(col).save_build("d", [("a.md", "h", [CARD])], [naive])
        assert Builds(col).cards("d") == [] and Builds(col).article_paths("d") == {}
