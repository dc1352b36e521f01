"""Tests for question shapes: marks, question words, prompts, numbering and rhetoric."""

from __future__ import annotations

import re
from collections.abc import Callable
from re import _constants as sre  # type: ignore[attr-defined]
from re import _parser  # type: ignore[attr-defined]
from typing import Any

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from flashnotes.extract import questions
from flashnotes.extract.questions import (
    body_of,
    is_exercise_heading,
    is_prompt,
    is_question,
    is_question_label,
    is_rhetorical,
    plainly_asks,
    points_back,
    strip_numbering,
    substance,
)
from flashnotes.model import Card, Kind


@pytest.mark.parametrize(
    ("raw", "bare"),
    [
        ("5.逻辑回归有什么优点", "逻辑回归有什么优点"),
        ("**1-2** 为什么训练更难？", "为什么训练更难？"),
        ("Q3：为什么要用残差？", "为什么要用残差？"),
        ("> [ ] What is a tensor?", "What is a tensor?"),
        ("3D 卷积是什么？", "3D 卷积是什么？"),
        ("问题一：为什么需要虚拟内存？", "为什么需要虚拟内存？"),
        ("第三题：进程和线程有什么区别？", "进程和线程有什么区别？"),
        ("**Question two.** Why is paging better?", "Why is paging better?"),
        ("问一下如何训练？", "问一下如何训练？"),
        ("第一步：初始化", "第一步：初始化"),
    ],
)
def test_numbering_labels_and_marks_are_stripped(raw: str, bare: str) -> None:
    """Section numbers, ``Q3：`` labels, quote marks and task boxes go; a leading ``3D`` stays."""
    assert strip_numbering(raw) == bare


def test_question_words_count_anywhere_only_in_headings_and_bold_lines() -> None:
    """``有什么优点`` asks in a heading; in running text a question needs its mark or an opening question word."""
    assert is_question("逻辑回归有什么优点", anywhere=True)
    assert not is_question("逻辑回归有什么优点")
    assert is_question("为什么使用深层表示")
    assert not is_question("为什么使用深层表示", needs_mark=True)


def test_prompts_and_their_look_alikes() -> None:
    """Imperative prompts ask; the same verbs opening a topic or a label do not."""
    assert is_prompt("请详细描述批归一化")
    assert is_prompt("Derive the gradient of softmax")
    assert is_prompt("比较 LSTM 和 GRU 的门控结构")
    assert not is_prompt("推导过程")
    assert not is_prompt("说明：仅作示意")
    assert not is_prompt("介绍 Transformer 架构")


@pytest.mark.parametrize(
    "question",
    [
        "Ready to dive in?",
        "So we're finished, right?",
        "Simple, isn't it?",
        "面对遗忘我们怎能坐以待毙？",
        "很简单吧？",
        "Sounds complicated?",
        "What could possibly go wrong with a learning rate of ten?",
        "这个结果是不是很神奇？",
        "你猜最后谁的误差最小？",
    ],
)
def test_rhetorical_shapes(question: str) -> None:
    """Tag questions, rhetoric and reader-directed asides are rhetorical."""
    assert is_rhetorical(question)


def test_real_questions_are_not_rhetorical() -> None:
    """A question that asks for knowledge is not rhetorical, in either language."""
    assert not is_rhetorical("为什么 ReLU 能缓解梯度消失？")
    assert not is_rhetorical("What is the size of the Markov blanket?")
    assert not is_rhetorical("注意力的计算量是不是太大了？")


def test_exercise_headings_name_one_exercise() -> None:
    """``习题1.2`` and ``Exercise 3`` name an exercise; ``习题`` alone heads a list of them."""
    assert is_exercise_heading("习题1.2")
    assert is_exercise_heading("Exercise 3")
    assert not is_exercise_heading("习题")


def test_full_width_parenthesis_numbering() -> None:
    """``1）为什么…`` loses its number like ``1)`` does."""
    assert strip_numbering("1）为什么要归一化？") == "为什么要归一化？"


def test_plainly_asks_leaves_out_steps() -> None:
    """Marks, question words and 请/简述 prompts plainly ask; a step like ``写出伯努利模型；`` does not."""
    assert plainly_asks("简单介绍一下 Transformer 的结构。")
    assert plainly_asks("为什么要归一化？")
    assert not plainly_asks("写出伯努利模型的似然函数；")


@pytest.mark.parametrize(
    ("term", "label"),
    [
        ("Q1", True),
        ("**Question 6**: pruning", True),
        ("问题 4", True),
        ("第2题", True),
        ("Exercise 2.1:", True),
        ("Q-learning", False),
        ("A* search", False),
        ("Answer 2:", True),
        ("第3章", False),
        ("问题空间", False),
    ],
)
def test_question_labels(term: str, label: bool) -> None:
    """``Q1``, ``Question 6:``, ``问题 4``, ``第2题`` are question labels; ``Q-learning`` and ``问题空间`` are not."""
    assert is_question_label(term) is label


def test_filler_word_must_be_a_whole_word(cards_of: Callable[..., list[Card]]) -> None:
    """``So,`` before a question goes, but the ``So`` of ``Softmax`` stays."""
    text = (
        "## Softmax\n\nSoftmax 是什么？它把一组实数变成概率分布。\n\n"
        "So, why does the exponential keep the order of scores? It is monotonic.\n"
    )
    fronts = [c.front for c in cards_of(text) if c.kind is Kind.QUIZ]
    assert fronts == ["Softmax 是什么？", "Why does the exponential keep the order of scores?"]


def test_a_reaction_word_is_rhetoric_only_in_a_short_question() -> None:
    """``Simple?`` and ``Makes sense?`` are reactions; a question that opens with ``Simple …`` or ``Easy …`` asks."""
    assert is_rhetorical("Makes sense?")
    assert is_rhetorical("Easy, right?")
    assert not is_rhetorical("Simple linear regression: what is it?")
    assert not is_rhetorical("Easy ways to regularise a model?")


@pytest.mark.parametrize(
    "question",
    [
        "Can we do better?",
        "Still have questions?",
        "Any questions?",
        "还有问题吗？",
        "你有没有遇到过这样的情况：单词背了一遍又一遍，考试时还是想不起来？",
        "面试其实不可怕，你是否也曾遇到过被问住的时候？",
    ],
)
def test_questions_that_name_nothing_or_ask_about_the_reader_are_rhetorical(question: str) -> None:
    """Only function words (``Can we do better?``) or the reader's experience (``你有没有遇到过…？``): rhetorical."""
    assert is_rhetorical(question)


def test_a_short_question_with_a_subject_still_asks() -> None:
    """``Can dropout be combined?`` and ``还有哪些问题？`` name something: not rhetorical."""
    assert not is_rhetorical("Can dropout be combined with batch norm?")
    assert not is_rhetorical("Is my data encrypted?")
    assert not is_rhetorical("这个方法还有哪些问题？")


def test_a_title_telling_how_the_writer_did_it_does_not_ask() -> None:
    """``Why I stopped…`` and ``我是怎么…的`` narrate; ``Why does…`` and ``钢铁是怎样炼成的`` ask."""
    assert not is_question("Why I Stopped Rereading My Notes", anywhere=True)
    assert not is_question("我是怎么用间隔重复背下 3000 个单词的", anywhere=True)
    assert not is_question("我们是如何把延迟降到 100ms 的", anywhere=True)
    assert is_question("我们如何评估模型", anywhere=True)
    assert is_question("Why does L2 regularization shrink weights", anywhere=True)
    assert is_question("钢铁是怎样炼成的", anywhere=True)


def test_exercise_headings_may_carry_a_title() -> None:
    """``Problem 5: Pigeonhole`` and ``例题3 二分查找`` name one exercise; ``Problem 5: why?`` asks instead."""
    assert is_exercise_heading("Problem 5: Pigeonhole")
    assert is_exercise_heading("例题3 二分查找")
    assert not is_exercise_heading("Problem 5: why does it fail?")
    assert not is_exercise_heading("Problems and solutions")


def test_that_opening_a_clause_does_not_point_back() -> None:
    """``Show that √2 is irrational`` states what to prove; ``Why is that?`` points back."""
    assert not points_back("Show that \\(\\sqrt{2}\\) is irrational.")
    assert points_back("Why is that?")
    assert points_back("这是为什么？")


def test_a_claim_after_a_proof_label_is_a_prompt() -> None:
    """``证明：若…则…`` and ``Prove: if … then …`` ask for a proof; ``证明：由定义可得`` and ``说明：`` label."""
    assert is_prompt("证明：若 X 与 Y 独立，则 D(X+Y)=DX+DY。")
    assert is_prompt("Prove: if n is odd, then n squared is odd.")
    assert not is_prompt("证明：由定义可得结论。")
    assert not is_prompt("说明：仅作示意")


def test_statements_to_judge_are_prompts() -> None:
    """``True or false: …`` and ``判断对错：…`` ask; ``True or false`` alone, or a bare ``判断``, do not."""
    assert is_prompt("True or false: heapsort is stable.")
    assert is_prompt("判断对错：快速排序是稳定的。")
    assert not is_prompt("True or false")
    assert not is_prompt("判断条件")


def test_blog_asides_put_to_the_reader_are_rhetorical() -> None:
    """``What if we could…?`` and ``Why should you care?`` are asides; ``What if the rate is too high?`` asks."""
    assert is_rhetorical("What if we could skip the deserialisation entirely?")
    assert is_rhetorical("Why should you care?")
    assert not is_rhetorical("What if the learning rate is too high?")


def test_that_after_a_verb_of_showing_opens_a_clause() -> None:
    """``Prove that …``/``Note that …`` open a clause; ``that`` alone still points back (``Is that so?``)."""
    assert not points_back("Prove that the sum is even.")
    assert not points_back("Note that the sum is even?")
    assert points_back("Is that so?")


def test_request_verbs_ask_only_after_a_request_word() -> None:
    """``请举例说明…``, ``试计算…``, ``请设计…`` ask; a bare ``计算每列的均值。`` is a step."""
    assert is_prompt("请举例说明什么是过拟合。")
    assert is_prompt("试计算该矩阵的特征值。")
    assert is_prompt("请设计一个 LRU 缓存。")
    assert not is_prompt("计算每列的均值。")
    assert not is_prompt("实现一个线程池")


# Pieces a question line is made of where body_of's shortcuts could go wrong: marks, labels, speakers, breaks.
_PIECES = st.sampled_from(
    [
        "**",
        "__",
        "*",
        "_",
        " ",
        "\n",
        "\t",
        "\u2063",
        "#",
        "> ",
        "[ ] ",
        "Q",
        "Q3",
        "问题",
        "第二",
        "题",
        "1",
        "1.2",
        ".",
        "、",
        ":",
        "：",
        "（1）",
        "(2)",
        "①",
        "面试官",
        "Interviewer",
        "candidate",
        "为什么",
        "What is",
        "Why",
        "?",
        "？",
        "吗",
        "abc",
        "梯度",
        "简述",
        "请",
        "Explain",
        "true or false",
        "判断对错：",
    ]
)
_LINES = st.lists(_PIECES, max_size=14).map("".join)


_EDGE_EMPHASIS = re.compile(r"^[*_]+|[*_]+$")  # what questions.strip_edge_emphasis does without a regex


def _body_by_substitution(text: str) -> str:
    """body_of as three substitutions, before its shortcuts."""
    head = questions.SPEAKER.sub("", text.replace("\u2063", "").lstrip("*_ "), count=1)
    bare = questions._NUMBERING.sub("", head, count=1).strip()
    return _EDGE_EMPHASIS.sub("", bare.strip("*_ ")).strip()


@given(_LINES)
@example("**梯度**\n**")  # marks before a final break, only exposed by the strip
@example("面试官：为什么？")
def test_body_of_equals_its_substitutions(text: str) -> None:
    """Skipping SPEAKER without a colon and the edge emphasis without a final break leaves the same body."""
    assert body_of(text) == _body_by_substitution(text)
    assert strip_numbering(text) == questions._NUMBERING.sub("", text, count=1).strip()


@given(_LINES)
def test_a_marked_question_needs_a_mark_in_its_text(text: str) -> None:
    """The no-mark shortcut of ``needs_mark`` answers as the body's own test would."""
    body = body_of(text)
    slow = substance(body) >= 5 and questions.Q_END.search(body) is not None
    assert is_question(text, needs_mark=True) == slow


@given(_LINES)
def test_one_opening_match_is_any_of_the_three(text: str) -> None:
    """The combined opening pattern matches exactly when the question-word, prompt or judge pattern does."""
    body = body_of(text)
    alone = any(p.match(body) for p in (questions._Q_START, questions._PROMPT, questions._JUDGE))
    assert (questions._OPENS.match(body) is not None) == alone


_EDGES = st.text(alphabet="*_\n a？?)”'", max_size=10)


@given(_EDGES)
def test_edge_emphasis_and_mark_shortcuts_equal_their_patterns(text: str) -> None:
    """The string-method stand-ins answer as the edge-emphasis substitution and Q_END.search do."""
    assert questions.strip_edge_emphasis(text) == _EDGE_EMPHASIS.sub("", text)
    assert questions.ends_asking(text) == (questions.Q_END.search(text) is not None)


@given(_LINES)
def test_speaker_and_filler_are_cut_where_their_substitution_cuts(text: str) -> None:
    """Slicing after the one anchored match of SPEAKER and FILLER leaves what substituting them left."""
    assert questions.drop_speaker(text) == questions.SPEAKER.sub("", text)
    filler = questions.FILLER.match(text)
    assert (text[filler.end() :] if filler else text) == questions.FILLER.sub("", text)


# _DEMONSTRATIVE as it was written, its fifteen lookbehinds tried at every character.
_DEMONSTRATIVE_AT_EACH = re.compile(
    r"[这那它此]|\b(?:this|it|these|those)\b|"
    r"(?<!show )(?<!shows )(?<!prove )(?<!verify )(?<!check )(?<!note )(?<!given )(?<!assume )(?<!so )(?<!such )"
    r"(?<!means )(?<!mean )(?<!say )(?<!says )(?<!know )\bthat\b",
    re.I,
)


@given(
    st.lists(st.sampled_from(["that", "That", "show ", "so ", "know ", "it", "x", " ", "这", "thats", "?"]), max_size=8)
)
def test_demonstrative_lookahead_finds_what_the_lookbehinds_found(pieces: list[str]) -> None:
    """Trying the lookbehinds only where a ``that`` starts finds the same first match."""
    text = "".join(pieces)
    new, old = questions._DEMONSTRATIVE.search(text), _DEMONSTRATIVE_AT_EACH.search(text)
    assert (new.span() if new else None) == (old.span() if old else None)


def _first_items(pattern: Any) -> tuple[set[str], bool]:
    """What a parsed pattern's match can start with (characters or ``CATEGORY_*`` names), and if it can be empty."""
    found: set[str] = set()
    for op, av in pattern.data:
        items, empty = _first_of(op, av)
        found |= items
        if not empty:
            return found, False
    return found, True


def _first_of(op: Any, av: Any) -> tuple[set[str], bool]:
    if op is sre.LITERAL:
        return {chr(av)}, False
    if op in (sre.AT, sre.ASSERT, sre.ASSERT_NOT):
        return set(), True
    if op is sre.IN:
        items: set[str] = set()
        for kind, value in av:
            if kind is sre.LITERAL:
                items.add(chr(value))
            elif kind is sre.RANGE:
                items |= {chr(c) for c in range(value[0], value[1] + 1)}
            else:
                assert kind is sre.CATEGORY, kind  # anything else: extend this walk
                items.add(str(value))
        return items, False
    if op is sre.BRANCH:
        found: set[str] = set()
        empty = False
        for branch in av[1]:
            items, may = _first_items(branch)
            found, empty = found | items, empty or may
        return found, empty
    if op is sre.SUBPATTERN:
        return _first_items(av[3])
    assert op in (sre.MAX_REPEAT, sre.MIN_REPEAT), op  # anything else: extend this walk
    items, empty = _first_items(av[2])
    return items, empty or av[0] == 0


def test_the_opening_lookahead_lists_every_first_character() -> None:
    """Every opening word (question, prompt, judge) starts with one of OPENING_CHARS, which is_prompt relies on."""
    for pattern in (questions._Q_START, questions._PROMPT, questions._JUDGE):
        first, empty = _first_items(_parser.parse(pattern.pattern, re.I))
        assert not empty
        assert first <= set(questions.OPENING_CHARS), first - set(questions.OPENING_CHARS)


def test_the_numbering_shortcut_knows_every_first_character() -> None:
    """A numbering's match can only start with a character _NUMBERING_START accepts, white space and digits too."""
    start, _ = _first_items(_parser.parse(questions._NUMBERING_START.pattern, re.I))
    for pattern in (questions._NUMBERING, questions._NUMBERED_QUESTION):  # a question label opens a numbering too
        first, _ = _first_items(_parser.parse(pattern.pattern, re.I))
        assert first <= start, first - start


@given(_LINES)
@example("\u2063为什么")
@example("面试官：为什么？")
def test_the_first_character_shortcut_never_turns_an_opening_away(text: str) -> None:
    """opens_like_question answers as the body's own look does, with or without its shortcut."""
    head = text[:80]
    full = questions._OPENS.match(body_of(head)) is not None or questions.labelled_question(head)
    assert questions.opens_like_question(text) == full


@given(
    st.lists(
        st.sampled_from(
            [
                "你",
                "您",
                "大家",
                "有没有",
                "遇到",
                "难道",
                "是不是",
                "很",
                "What could go wrong",
                "so, ",
                "Ready",
                "ready to",
                "have you ever",
                "why not",
                " ",
                "?",
                "x",
                "这还用说",
                "Who cares",
            ]
        ),
        max_size=7,
    )
)
def test_rhetoric_found_by_script_as_by_the_whole_pattern(pieces: list[str]) -> None:
    """Looking for the Chinese and the English rhetoric apart finds it exactly when the one pattern does."""
    text = "".join(pieces)
    split = bool(questions._RHETORIC_IN_CJK.search(text) or questions._RHETORIC_IN_WORDS.search(text))
    whole = re.compile(f"{questions._RHETORIC_CJK}|{questions._RHETORIC_WORDS}", re.I)
    assert split == bool(whole.search(text))
    assert all(ch.lower() == ch == ch.upper() for ch in questions._RHETORIC_CJK)  # no case: re.I changes nothing
