"""Tests for the card contract: non-empty sides, balanced formulas, well-formed cloze deletions."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from flashnotes.extract.contract import balanced, keeps_contract
from flashnotes.model import Card, Kind


@pytest.mark.parametrize(
    ("kind", "front", "back", "kept"),
    [
        (Kind.QUIZ, "What is Adam?", r"It scales by \(\frac{1}{\sqrt{v_t}}\).", True),
        (Kind.QUIZ, "What is Adam?", r"It scales by \(\frac{1}{\sqrt{v_t\).", False),
        (Kind.QUIZ, "What is Adam?", r"Sets \(\{x\}\) and \(a}\)", False),
        (Kind.QUIZ, "What is Adam?", "", False),
        (Kind.CLOZE, "The {{c1::learning rate}} matters.", "The learning rate matters.", True),
        (Kind.CLOZE, r"{{c1::\(\frac{a}{b^{2}}\)}} is a fraction", r"\(\frac{a}{b^{2}}\) is a fraction", True),
        (Kind.CLOZE, "Use {{c1::x here.", "Use x here.", False),
        (Kind.CLOZE, "Use x}} here.", "Use x here.", False),
        (Kind.CLOZE, "{{c1::a {{c2::b}} c}}", "a b c", False),
        (Kind.CLOZE, "{{c1::a}} b", "{{c1::a}} b", False),
    ],
)
def test_cards_that_break_the_contract_are_refused(kind: Kind, front: str, back: str, kept: bool) -> None:
    """Unbalanced formulas, empty sides and broken deletions fail the check; good cards pass."""
    assert keeps_contract(kind, front, back) is kept


def test_escaped_braces_do_not_count() -> None:
    """``\\{`` and ``\\}`` are literal braces in LaTeX, not grouping."""
    assert balanced(r"\{ x \mid x > 0 \}") and not balanced(r"\frac{a}{b")


def test_a_broken_cloze_never_leaves_the_pipeline(cards_of: Callable[..., list[Card]]) -> None:
    """``Use ==x {% if== y %} here.`` and a cloze in code make no card with a broken or fake deletion."""
    cards = cards_of("Use ==x {% if== y %} here.\n\nWrite `{{c1::x}}` in Anki.\n")
    assert all(keeps_contract(c.kind, c.front, c.back) for c in cards)
    assert not any(c.kind is Kind.CLOZE for c in cards)
