"""Tests for quiz cards: question headings, numbered questions, sentences, unanswered ones."""

from __future__ import annotations

from collections.abc import Callable

from flashnotes.model import Card, Kind

Extract = Callable[..., list[Card]]


def quizzes(cards: list[Card]) -> list[Card]:
    return [c for c in cards if c.kind is Kind.QUIZ]


def test_question_heading_full_and_half_width(cards_of: Extract) -> None:
    """Headings ending in ？ or ? (or starting with 为何/What…) are answered by their section."""
    text = (
        "## 为什么要归一化？\n\n不同特征尺度差异大时，梯度下降会走之字形。\n\n"
        "### 3.1.1 What is a loss?\n\nA number to minimise.\n"
    )
    cards = quizzes(cards_of(text))
    assert [(c.front, c.back) for c in cards] == [
        ("为什么要归一化？", "不同特征尺度差异大时，梯度下降会走之字形。"),
        ("What is a loss?", "A number to minimise."),
    ]


def test_numbered_questions_answered_by_nested_text(cards_of: Extract) -> None:
    """A numbered question gets its indented answer; one with no answer makes no card."""
    text = "1. 偏置的作用是什么？\n\n   偏置让决策边界可以不过原点。\n\n2. 如何选择学习率？\n\n3. 下一个问题？\n"
    cards = quizzes(cards_of(text))
    assert [(c.front, c.back) for c in cards] == [("偏置的作用是什么？", "偏置让决策边界可以不过原点。")]


def test_question_mid_paragraph_is_answered_by_what_follows(cards_of: Extract) -> None:
    """A question sentence inside a paragraph takes the following sentences as its answer."""
    text = "We now turn to logs. First, why do we use a logarithm? Because it turns products into sums."
    [card] = quizzes(cards_of(text))
    assert card.front == "First, why do we use a logarithm?"
    assert card.back == "Because it turns products into sums."


def test_rhetorical_and_link_only_answers_make_no_card(cards_of: Extract) -> None:
    """Very short rhetorical questions and answers that are only a link are not quiz points."""
    text = "怎么办呢？\n\n1. 逻辑回归是线性模型吗？\n\n   参考：https://example.com/answer\n"
    assert quizzes(cards_of(text)) == []


def test_question_inside_code_is_ignored(cards_of: Extract) -> None:
    """A question in a code block is never a quiz point."""
    assert quizzes(cards_of("```\n# 为什么这样写？\nx = 1\n```\n")) == []


def test_leetcode_exercise(cards_of: Extract) -> None:
    """A problem statement with a worked example becomes one quiz: statement + input, output."""
    text = (
        "# 1. 两数之和\n\n## 题目描述\n\n给定整数数组 nums 和目标值 target，找出和为目标值的两个数的下标。\n\n"
        "### 示例 1\n\n```\n输入：nums = [2,7,11,15], target = 9\n输出：[0,1]\n```\n"
    )
    [card] = quizzes(cards_of(text))
    assert card.front.startswith("给定整数数组 nums 和目标值 target")
    assert card.front.endswith("输入：nums = [2,7,11,15], target = 9")
    assert card.back == "输出：[0,1]"
