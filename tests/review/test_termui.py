"""Tests for the terminal review screen's text: wrapping, the header, the width it holds, retention."""

from __future__ import annotations

from flashnotes.review.termtable import width
from flashnotes.review.termui import Screen, Style, retention_text, screen, wrap

INTERVALS = {"again": "1m", "hard": "6m", "good": "10m", "easy": "3d"}


def _view(decks: int = 1, revealed: bool = True) -> Screen:
    return Screen(
        deck="机器学习::注意力机制",
        decks=decks,
        left=(2, 17, 5),
        queue="new",
        leech=True,
        front="什么是缩放点积注意力(Scaled Dot-Product Attention)？ It is asked in every interview about transformers.",
        back="softmax(QKᵀ/√d)V where " + "a_very_long_identifier_" * 4 if revealed else None,
        intervals=INTERVALS if revealed else {},
        where="articles/interview/transformers-and-attention-zh.md:128",
        raw=False,
    )


def test_screen_holds_at_fifty_columns() -> None:
    """At 50 columns no line of the revealed screen is wider than 50 cells, and nothing is lost."""
    lines = screen(_view(decks=3), 50)
    assert all(width(text) <= 50 for text, _ in lines), [t for t, _ in lines if width(t) > 50]
    joined = "".join(text.strip() for text, _ in lines).replace(" ", "")
    for piece in ("[1]again1m", "[4]easy3d", "q quit", "l raw LaTeX", "transformers-and-attention-zh.md:128"):
        assert piece.replace(" ", "") in joined
    assert "a_very_long_identifier_" * 4 in joined


def test_header_says_what_the_counts_count() -> None:
    """The counts are labelled: this deck when one deck is reviewed, all N decks otherwise."""
    one = [text for text, style in screen(_view(decks=1), 80) if style is Style.HEAD]
    three = [text for text, style in screen(_view(decks=3), 80) if style is Style.HEAD]
    assert "Left today in this deck: learning 2 · review 17 · new 5" in one
    assert "Left today in all 3 decks: learning 2 · review 17 · new 5" in three
    assert one[0] == "机器学习::注意力机制  [new]"


def test_hidden_answer_shows_no_buttons() -> None:
    """Before the answer is revealed the screen offers space, not the grade buttons."""
    texts = [text for text, _ in screen(_view(revealed=False), 80)]
    assert not any("[1]" in t for t in texts)
    assert any("space reveal" in t for t in texts)


def test_wrap_cuts_a_word_longer_than_the_line() -> None:
    """A token wider than the line is cut into line-sized pieces instead of running off the screen."""
    lines = wrap("x = " + "y" * 45, 20)
    assert max(width(line) for line in lines) <= 20
    assert "".join(lines).replace(" ", "") == "x=" + "y" * 45


def test_retention_text_explains_an_empty_figure() -> None:
    """No retention yet: nothing answered says so; only learning answers explain why the figure is empty."""
    assert retention_text(None, 0, 0) == "no reviews yet"
    why = retention_text(None, 0, 4)
    assert "all 4 answers" in why and "new or learning" in why and "learning steps" in why
    assert retention_text(0.875, 8, 12) == "87.5% of 8 reviews"
