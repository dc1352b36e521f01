"""Tests for the remembering closer search: its answers are what a fresh search gives."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from flashnotes.extract.finder import Finder

_DOLLAR = re.compile(r"\$(?!\d)")


@given(st.text(alphabet="$\n1a", max_size=20), st.lists(st.integers(0, 20), max_size=8))
def test_remembered_answers_equal_fresh_searches(text: str, positions: list[int]) -> None:
    """Asked from any sequence of positions, find, search and before_break answer as fresh searches do."""
    finder = Finder(text)
    for pos in positions:
        m = _DOLLAR.search(text, pos)
        assert finder.search(_DOLLAR, pos) == (m.start() if m else -1)
        assert finder.find("$", pos) == text.find("$", pos)
        gap = text.find("\n\n", pos)
        assert finder.before_break(pos, pos + 5) == (gap < 0 or gap + 2 > pos + 5)
