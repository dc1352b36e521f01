"""Tests for explicit markup: ::, :::, the ? separator, Q:/A:, cloze and skip."""

from __future__ import annotations

from collections.abc import Callable

from hypothesis import given
from hypothesis import strategies as st

from flashnotes.extract import explicit
from flashnotes.extract.blocks import Block, BlockKind
from flashnotes.model import Card, Kind

Extract = Callable[..., list[Card]]


def test_double_colon_definition_and_reversed_triple_colon(cards_of: Extract) -> None:
    """``term :: definition`` makes one card; ``:::`` adds the reversed card."""
    cards = cards_of("梯度 :: 函数增长最快的方向\n\nEpoch ::: one pass over the data\n")
    assert [(c.kind, c.front, c.back) for c in cards] == [
        (Kind.DEFINITION, "什么是梯度？", "函数增长最快的方向"),
        (Kind.DEFINITION, "What is Epoch?", "one pass over the data"),
        (Kind.DEFINITION, "one pass over the data", "Epoch"),
    ]


def test_question_separator_line(cards_of: Extract) -> None:
    """A line holding only ``?`` splits a question block from its answer block."""
    [card] = cards_of("Dropout 为什么在测试时关闭\n?\n因为测试需要确定的输出。\n")
    assert (card.kind, card.front, card.back) == (Kind.QUIZ, "Dropout 为什么在测试时关闭", "因为测试需要确定的输出。")


def test_q_and_a_lines_in_both_languages(cards_of: Extract) -> None:
    """``Q:``/``A:`` and ``问:``/``答:`` pairs are quiz cards, and do not swallow the next paragraph."""
    cards = cards_of("Q: What is 2+2?\nA: Four.\n\n问：一加一？\n答：二。\n\n普通段落。\n")
    assert [(c.front, c.back) for c in cards] == [("What is 2+2?", "Four."), ("一加一？", "二。")]


def test_cloze_in_both_syntaxes(cards_of: Extract) -> None:
    """``{{c1::…}}`` and ``==…==`` make cloze cards whose back reveals the text."""
    cards = cards_of("The {{c1::learning rate}} matters.\n\n==Adam== 很常用。\n")
    assert [(c.kind, c.front, c.back) for c in cards] == [
        (Kind.CLOZE, "The {{c1::learning rate}} matters.", "The learning rate matters."),
        (Kind.CLOZE, "{{c1::Adam}} 很常用。", "Adam 很常用。"),
    ]


def test_skip_comment_drops_the_next_block(cards_of: Extract) -> None:
    """``<!-- flashnotes: skip -->`` before a block means no card from that block."""
    text = "<!-- flashnotes: skip -->\n动量法是一种加速方法。\n\n牛顿法是一种二阶优化方法。\n"
    assert [c.key for c in cards_of(text, min_confidence=0)] == ["牛顿法"]


def test_explicit_markup_wins_over_heuristics(cards_of: Extract) -> None:
    """A ``::`` line is not also read as a glossary or definition sentence."""
    cards = cards_of("动量法 :: 动量法是一种累积梯度的方法\n")
    assert len(cards) == 1


def test_orbit_prompts_are_quiz_cards(cards_of: Extract) -> None:
    """Each ``<orbit-prompt question=… answer=…>`` of the mnemonic medium is a quiz card, on its own line."""
    text = (
        '{{< withorbit >}}\n    <orbit-prompt\n        question="遗忘曲线刻画了什么？"\n'
        '        answer="记忆保留随时间的变化"\n    ></orbit-prompt>\n'
        "    <orbit-prompt question='What does spacing change?'"
        " answer='The &quot;forgetting&quot; rate'></orbit-prompt>\n"
        "{{< /withorbit >}}\n"
    )
    cards = [c for c in cards_of(text) if c.kind is Kind.QUIZ]
    assert [(c.front, c.back, c.source.line) for c in cards] == [
        ("遗忘曲线刻画了什么？", "记忆保留随时间的变化", 3),
        ("What does spacing change?", 'The "forgetting" rate', 6),
    ]


def test_numbered_and_bold_q_and_a_labels(cards_of: Extract) -> None:
    """``Q1:``/``A1:`` and bold ``**问题：**``/``**答案：**`` are explicit Q/A; a Q with no A is left to the rules."""
    text = (
        "Q1: What is overfitting?\nA1: The model memorises noise.\n\n"
        "**问题：** 为什么要归一化？\n\n**答案：** 让特征处于同一尺度。\n\n"
        "Q: 为什么要用残差连接？\n\n残差让梯度直接回流。\n"
    )
    cards = [c for c in cards_of(text) if c.kind is Kind.QUIZ]
    assert [(c.front, c.back) for c in cards] == [
        ("What is overfitting?", "The model memorises noise."),
        ("为什么要归一化？", "让特征处于同一尺度。"),
        ("为什么要用残差连接？", "残差让梯度直接回流。"),
    ]
    assert not [c for c in cards_of(text) if c.kind is Kind.DEFINITION and c.source.line < 7]


def test_question_answer_table_rows_are_quiz_cards(cards_of: Extract) -> None:
    """Under a ``问题 | 答案`` or ``Question | Answer`` header each row is a card; other tables are not."""
    text = (
        "| 问题 | 答案 |\n| --- | --- |\n| 什么是过拟合？ | 模型记住了噪声 |\n| 如何缓解？ | 正则化、早停 |\n\n"
        "| **Question** | **Answer** |\n|:--|:--|\n| What is a tensor? | An n-dimensional array |\n\n"
        "| 模型 | 参数量 |\n| --- | --- |\n| BERT 是什么？ | 110M |\n"
    )
    cards = [c for c in cards_of(text) if c.kind is Kind.QUIZ]
    assert [(c.front, c.back, c.source.line) for c in cards] == [
        ("什么是过拟合？", "模型记住了噪声", 3),
        ("如何缓解？", "正则化、早停", 4),
        ("What is a tensor?", "An n-dimensional array", 8),
    ]


def test_explicit_backs_never_keep_a_dangling_emphasis_mark(cards_of: Extract) -> None:
    """An unpaired ``**`` in hand-written Q/A markup is dropped, not shown raw on the card."""
    [card] = [c for c in cards_of("Q: 什么是偏置？\nA: 让**决策边界不过原点的常数项。\n") if c.kind is Kind.QUIZ]
    assert card.back == "让决策边界不过原点的常数项。"


def test_a_question_table_with_a_key_points_column_is_quiz_cards(cards_of: Extract) -> None:
    """A table headed ``问题 | 要点`` (``Question | Key points``) makes one quiz card per row."""
    text = (
        "| 问题 | 要点 |\n| --- | --- |\n| 滑动窗口的作用？ | 流量控制 |\n\n"
        "| Question | Key points |\n| --- | --- |\n| What does a checksum detect? | Bit errors |\n"
    )
    cards = [c for c in cards_of(text) if c.kind is Kind.QUIZ]
    assert [(c.front, c.back) for c in cards] == [
        ("滑动窗口的作用？", "流量控制"),
        ("What does a checksum detect?", "Bit errors"),
    ]


_RAW = st.lists(
    st.sampled_from(
        [
            "term",
            " ",
            "\n",
            ":",
            "::",
            ":::",
            "=",
            "==",
            "{",
            "{{",
            "}}",
            "c1",
            "{{c1::x}}",
            "==hi==",
            "<orbit-prompt",
            ' question="Q?" answer="A"',
            ">",
            "orbit",
            "-prompt",
            "梯度",
            "`",
            "$",
        ]
    ),
    max_size=12,
).map("".join)


@given(_RAW)
def test_a_block_without_a_markup_sign_holds_no_markup(text: str) -> None:
    """The search that lets a block skip the orbit, cloze and pair finders skips only blocks they find nothing in."""
    assert explicit._has_markup(text) == (explicit._MARKUP.search(text) is not None)
    if explicit._MARKUP.search(text) is None:
        block = Block(BlockKind.PARAGRAPH, 1, 1, 0, text)
        out = explicit.Explicit()
        assert not (explicit._orbit(block, out) or explicit._cloze(block, out) or explicit._pairs(block, out))
        assert out.drafts == []
