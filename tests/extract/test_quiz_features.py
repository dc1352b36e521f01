"""Tests for quiz evidence: the features a quiz candidate carries to the scorer."""

from __future__ import annotations

from collections.abc import Callable

from flashnotes.extract.quiz_features import quiz_features
from flashnotes.model import Card, Kind

Extract = Callable[..., list[Card]]


def test_question_form_and_place() -> None:
    """Mark, question word, numbering, person and place become named features."""
    got = quiz_features(
        "3.1 为什么我们要用残差？", "为什么我们要用残差？", "因为梯度可以直接回流。", "heading", same_block=False
    )
    assert {"src:heading", "q:mark", "q:wh_start", "q:numbered", "q:we", "ans:after", "ans:because"} <= set(got)
    assert "q:you" not in got


def test_prompt_and_answer_shape() -> None:
    """A prompt answered in its own block, with a formula and a list, says so."""
    got = quiz_features("Derive the gradient", "Derive the gradient", "• It is \\(p - y\\)", "item", same_block=True)
    assert {"src:item", "q:prompt", "q:latin", "ans:same_block", "ans:list", "ans:math"} <= set(got)
    assert "q:mark" not in got


def test_quiz_cards_carry_a_confidence(cards_of: Extract) -> None:
    """Heuristic quiz cards are scored (a confidence below 1); explicit Q/A cards keep 1.0."""
    text = (
        "## 为什么要归一化？\n\n特征尺度差异大时，梯度下降会走之字形。\n\n"
        + "Q: 什么是偏置？\nA: 让边界不过原点的常数项。\n"
    )
    cards = [c for c in cards_of(text) if c.kind is Kind.QUIZ]
    assert [c.front for c in cards] == ["为什么要归一化？", "什么是偏置？"]
    assert 0.0 < cards[0].confidence < 1.0
    assert cards[1].confidence == 1.0
