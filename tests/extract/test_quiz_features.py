"""Tests for quiz evidence: the features a quiz candidate carries to the scorer."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

from hypothesis import given
from hypothesis import strategies as st

from flashnotes.extract import quiz_features as quiz_features_module
from flashnotes.extract.draft import Draft
from flashnotes.extract.pipeline import candidates
from flashnotes.extract.quiz_features import quiz_features, section_evidence
from flashnotes.extract.reader import parse_article
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


def test_reader_addressed_questions_are_weighed_not_ruled_out(cards_of: Extract) -> None:
    """Tag and rhetorical questions are candidates marked ``q:to_reader``: the scorer turns them down."""
    text = (
        "So we can simply average the two gradients, right? Not quite: the batches differ in size.\n\n"
        "你是否想过为什么总是记不住单词？其实是复习的时机不对。\n"
    )
    every = [c.front for c in cards_of(text, min_confidence=0.0) if c.kind is Kind.QUIZ]
    assert len(every) == 2
    assert [c for c in cards_of(text) if c.kind is Kind.QUIZ] == []


def test_rhetoric_and_deferral_marks_become_features() -> None:
    """A tag question and an answer that only defers carry their marks to the scorer."""
    tag = quiz_features("Simple, isn't it?", "Simple, isn't it?", "Let's see why.", "lead", same_block=True)
    assert {"q:tag", "q:to_reader", "ans:defer", "ans:says_nothing"} <= set(tag)
    asked = quiz_features("为什么要归一化？", "为什么要归一化？", "因为尺度不同。", "heading", same_block=False)
    assert not {"q:to_reader", "ans:says_nothing"} & set(asked)


def test_sibling_questions_in_a_section_are_counted(cards_of: Extract) -> None:
    """Each quiz candidate knows how many other questions its section asks (``sib:``)."""
    text = (
        "# 面试题\n\n## 什么是过拟合？\n\n模型记住了噪声。\n\n## 如何缓解过拟合？\n\n加正则或更多数据。\n\n"
        "## 为什么要早停？\n\n验证误差开始上升时停下。\n\n"
        "# Notes\n\n## What does a residual block add?\n\nAn identity path.\n"
    )
    found = [d for d in candidates(parse_article("note.md", text.encode())) if d.kind is Kind.QUIZ]
    assert [sorted(k for k in d.features if k.startswith("sib:")) for d in found] == [["sib:1"]] * 3 + [["sib:0"]]


def test_section_evidence_keeps_every_other_field() -> None:
    """The draft built with its sibling count differs from the one it was built from only in its features."""
    draft = Draft(Kind.QUIZ, "k", "Why?", "Because.", 3, ("H",), 2, {"src:line": 1.0}, 0.5)
    (out,) = section_evidence([draft])
    assert replace(out, features=draft.features) == draft
    assert out.confidence == draft.confidence and out.features == {"src:line": 1.0, "sib:0": 1.0}


# Each split look of quiz_features written as the one pattern it stands for.
_SECOND = re.compile(r"[你您]|\byou(?:r)?\b", re.I)
_WE = re.compile(r"我们|咱们|\bwe\b|\bus\b|\bour\b", re.I)
_YES_NO = re.compile(r"[吗么][?？]?$|^(?:is|are|was|were|do|does|did|can|could|should|would|will|has|have)\b", re.I)
_WH_ANY = re.compile(r"什么|为什么|为何|如何|怎么|怎样|哪|是否|多少|\b(?:what|why|how|when|which|who|where)\b", re.I)
_FIRST_PERSON = re.compile(r"我(?!们)|\bI\b|\b[Mm]y\b")


@given(
    st.lists(
        st.sampled_from(
            [
                "我",
                "们",
                "咱们",
                "你",
                "您",
                "吗",
                "么",
                "?",
                "？",
                "\n",
                "I",
                "my",
                "My",
                "you",
                "your",
                "we",
                "us",
                "our",
                "what",
                "Which",
                "为什么",
                "哪",
                "是否",
                "is",
                "Do",
                "x",
                " ",
                "_",
                "2",
                "ı",
            ]
        ),
        max_size=8,
    )
)
def test_split_patterns_match_where_the_whole_ones_do(pieces: list[str]) -> None:
    """Each split look answers whether the one pattern it stands for matches anywhere."""
    text = "".join(pieces)
    assert quiz_features_module._asks_yes_no(text) == bool(_YES_NO.search(text))
    assert quiz_features_module._wh_inside(text) == bool(_WH_ANY.search(text))
    assert quiz_features_module._says_i(text) == bool(_FIRST_PERSON.search(text))
    assert quiz_features_module._says_you(text) == bool(_SECOND.search(text))
    assert quiz_features_module._says_we(text) == bool(_WE.search(text))
