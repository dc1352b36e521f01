"""Tests for extraction as a whole: ids, keys, hygiene, and never crashing."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from flashnotes.extract.pipeline import extract
from flashnotes.extract.reader import Article, parse_article
from flashnotes.extract.text import clean
from flashnotes.model import Card, Kind, card_id
from tests.helpers import HOSTILE_FRAGMENTS, work_ratio

Extract = Callable[..., list[Card]]

ARTICLE = """# 优化

动量法是一种累积历史梯度来加速收敛的方法。

更新公式为：

$$v_t = \\beta v_{t-1} + g_t$$

## 为什么需要动量？

在狭长的山谷里，梯度方向来回振荡，动量可以抵消横向分量。
"""


def test_ids_are_stable_and_derived_from_kind_key_and_article(cards_of: Extract) -> None:
    """The same article gives the same ids; an edited answer keeps the id; another article does not."""
    first = cards_of(ARTICLE, min_confidence=0)
    edited = cards_of(ARTICLE.replace("加速收敛", "更快收敛"), min_confidence=0)
    assert [c.id for c in first] == [c.id for c in cards_of(ARTICLE, min_confidence=0)]
    assert [c.id for c in first] == [c.id for c in edited]
    assert first[0].id == card_id("note.md", Kind.DEFINITION, "动量法")
    assert first[0].id != cards_of(ARTICLE, "other.md", min_confidence=0)[0].id


def test_no_two_cards_share_a_key(cards_of: Extract) -> None:
    """Within one article every card key is unique."""
    cards = cards_of(ARTICLE + "\n\n## 小结\n\n动量法是一种加速梯度下降的方法。\n", min_confidence=0)
    keys = [(c.kind, c.key) for c in cards]
    assert len(keys) == len(set(keys))


def test_every_card_is_traceable_and_non_empty(cards_of: Extract) -> None:
    """Cards have non-empty sides, a real line, and the heading path they sit under."""
    cards = cards_of(ARTICLE, min_confidence=0)
    assert [c.kind for c in cards] == [Kind.DEFINITION, Kind.FORMULA, Kind.QUIZ]
    assert all(c.front.strip() and c.back.strip() for c in cards)
    assert [c.source.line for c in cards] == [3, 7, 9]
    assert cards[2].source.heading == ("优化",)


def test_article_tags_reach_the_cards() -> None:
    """Front-matter tags are carried on every card."""
    article = parse_article("a.md", "---\ntags: [ml]\n---\n动量法是一种加速收敛的方法。\n".encode())
    assert [c.tags for c in extract(article, min_confidence=0)] == [("ml",)]


MARKDOWNISH = st.lists(
    st.sampled_from(
        [
            "$",
            "$$",
            "\\[",
            "\\]",
            "\\(",
            "\\)",
            "{",
            "}",
            "```",
            "#",
            "- ",
            "1. ",
            "|",
            "?",
            "？",
            "：",
            ":",
            "::",
            "是",
            "指的是",
            " is a ",
            "**",
            "*",
            "_",
            "==",
            "{{c1::",
            "}}",
            "\n",
            "\n\n",
            "<!--",
            "-->",
            "<pre>",
            "示例 1：",
            "输入：",
            "输出：",
            "Q: ",
            "A: ",
            "[公式]",
            "\\begin{equation}",
            "\\end{equation}",
            "x",
            "词",
        ]
    ),
    max_size=60,
).map("".join)


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(st.characters(blacklist_categories=("Cs",)), max_size=300), MARKDOWNISH))
def test_extraction_never_crashes(text: str) -> None:
    """No text (random Unicode, random Markdown, unbalanced $ and braces) crashes the extractor."""
    for name in ("a.md", "a.txt"):
        for card in extract(Article(name, clean(text))):
            assert card.front.strip() and card.back.strip()


_PROSE_FRAGMENTS = ["是", "称为", "是指", "Example", "Input:", "Q: ", "A: ", "？", "。", "**", "1. ", "- ", "(", "）"]


@settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(HOSTILE_FRAGMENTS + _PROSE_FRAGMENTS), min_size=1, max_size=5).map("".join))
@example("\\begin{x}\\end{x}称为")  # display math in a block with no sentence end: each intro re-rendered it all
@example("Why does it help? It averages past gradients. ")  # one paragraph of questions: each read all before it
def test_the_whole_extractor_takes_linear_time_on_repeated_fragments(unit: str) -> None:
    """Four times the article takes about four times the work, whichever rules the fragments wake up."""
    assert work_ratio(lambda text: extract(parse_article("a.md", text.encode())), unit, size=10_000) < 10


def test_question_labels_never_become_terms(cards_of: Extract) -> None:
    """An unclaimed ``Q1: …`` or ``问题4：…`` line proposes no ``What is Q1?`` card, even with no threshold."""
    text = (
        "Q1: The network memorises the noise of its training data.\n\n"
        "- **Question 6**: a pruned tree is smaller and generalises better.\n\n"
        "问题4：模型在训练集上表现好，在测试集上表现差。\n\n"
        "**第2题**：学习率太大时损失会发散。\n"
    )
    terms = [c.key for c in cards_of(text, min_confidence=0.0) if c.kind is Kind.DEFINITION]
    assert not any(t.lower().startswith(("q1", "question", "问题", "第2题")) for t in terms)


def test_a_question_under_a_heading_defines_nothing(cards_of: Extract) -> None:
    """A heading whose first sentence asks makes a quiz, never a definition whose back is that question."""
    text = (
        "## Batch normalization\n\nBatch normalization makes training faster, but why does it help so much?\n\n"
        "It keeps the activations of every layer in a stable range.\n\n"
        "## Softmax\n\nSoftmax 是什么？它把一组实数变成和为一的概率分布。\n"
    )
    cards = cards_of(text, min_confidence=0.0)
    assert not [c for c in cards if c.kind is Kind.DEFINITION and c.back.rstrip().endswith(("?", "？"))]
    fronts = [c.front for c in cards if c.kind is Kind.QUIZ]
    assert "Softmax 是什么？" in fronts
    assert any(f.startswith("Batch normalization makes training faster") for f in fronts)


def test_answer_labels_never_become_terms(cards_of: Extract) -> None:
    """``A:``, ``Answer 2:``, ``Solution:``, ``答：``, ``解：`` label an answer: no ``What is A?`` card is proposed."""
    text = (
        "A: The model memorises the noise in its training data.\n\n"
        "Answer 2: a residual block adds an identity path around two layers.\n\n"
        "Solution: the gradient is the prediction minus the label.\n\n"
        "答案：偏置让决策边界可以不过原点。\n\n解：设损失为平方误差，对参数求导并令其为零。\n"
    )
    terms = {c.key for c in cards_of(text, min_confidence=0.0) if c.kind is Kind.DEFINITION}
    assert not terms & {"A", "Answer 2", "Solution", "答案", "解"}


@pytest.mark.parametrize(
    "text",
    [
        "## My questions\n\n1. Does the optimal rank depend on the dataset size? The paper does not say.\n"
        "2. How does LoRA interact with quantisation? (QLoRA answers this one, a year later.)\n\n"
        "Overall: 4.5/5. A paper that changed how everyone fine-tunes.\n",
        "## 我的疑问\n\n1. 最优的秩是否取决于数据集的大小？论文里没有说。\n"
        "2. LoRA 和量化怎么结合？（一年后的 QLoRA 回答了这个问题。）\n\n"
        "总体评分：4.5/5，一篇改变了大家微调方式的论文。\n",
    ],
)
def test_the_last_of_a_list_of_questions_is_not_answered_by_the_text_after_the_list(
    cards_of: Extract, text: str
) -> None:
    """Items that each ask (answered on their line or not at all) are a list of questions: what follows answers none."""
    assert not any("4.5/5" in c.back for c in cards_of(text))


@pytest.mark.parametrize(
    ("text", "outro"),
    [
        (
            "## 9. 为什么要用残差连接？\n\n```python\nx = x + f(x)\n```\n\n---\n\n"
            "以上就是这次的整理，觉得有用就点个赞吧！\n",
            "点个赞",
        ),
        (
            "## Why use residual connections?\n\n```python\nx = x + f(x)\n```\n\n---\n\n"
            "That's all for today. Thanks for reading, and see you next week!\n",
            "Thanks for reading",
        ),
    ],
)
def test_a_thematic_break_ends_a_questions_answer(cards_of: Extract, text: str, outro: str) -> None:
    """The outro after a ``---`` is not the answer of the question above it (its section held only code)."""
    assert not any(outro in c.back for c in cards_of(text, min_confidence=0) if c.kind is Kind.QUIZ)


def test_a_definition_asking_what_the_articles_question_asks_is_left_to_the_quiz(cards_of: Extract) -> None:
    """``1. 什么是临界区？`` answered by ``…称为临界区。`` is one card, the quiz, in either language."""
    text = (
        "1. 什么是临界区？\n   访问共享资源的那段代码称为临界区。同一时刻只允许一个进程进入。\n\n"
        "2. What is a semaphore?\n   A semaphore is a counter that guards a resource. Any process may signal it.\n"
    )
    cards = cards_of(text, name="notes.txt")
    assert [(c.kind, c.front) for c in cards] == [
        (Kind.QUIZ, "什么是临界区？"),
        (Kind.QUIZ, "What is a semaphore?"),
    ]
    assert cards[0].back == "访问共享资源的那段代码称为临界区。同一时刻只允许一个进程进入。"


def test_the_last_of_a_list_of_exercises_is_answered_by_a_labelled_proof_after_it(cards_of: Extract) -> None:
    """``2. 证明：若…则…。`` then ``证明：…`` below the list: the proof answers the last item, and is no question."""
    text = (
        "## 思考\n\n1. 写出二维正态分布的密度函数。\n2. 证明：若 X 与 Y 独立，则 D(X+Y)=DX+DY。\n\n"
        "证明：D(X+Y)=DX+DY+2Cov(X,Y)，独立时协方差为 0。\n\n"
        "## Exercises\n\n1. Count the bit strings of length 8.\n2. Prove: if n is odd, then n squared is odd.\n\n"
        "Proof. Write n = 2k + 1; then n squared is 4k(k + 1) + 1, which is odd.\n"
    )
    cards = [c for c in cards_of(text) if c.kind is Kind.QUIZ]
    assert [(c.front, c.back) for c in cards] == [
        ("证明：若 X 与 Y 独立，则 D(X+Y)=DX+DY。", "D(X+Y)=DX+DY+2Cov(X,Y)，独立时协方差为 0。"),
        (
            "Prove: if n is odd, then n squared is odd.",
            "Write n = 2k + 1; then n squared is 4k(k + 1) + 1, which is odd.",
        ),
    ]
