"""Tests for definition cards in Chinese and English, and the sentences that are not definitions."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from flashnotes.model import Card, Kind

Extract = Callable[..., list[Card]]


def definition_keys(cards: list[Card]) -> list[str]:
    return [c.key for c in cards if c.kind is Kind.DEFINITION]


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("准确率指的是分类正确的样本占总样本个数的比率。", "准确率"),
        ("随机森林是一种由多棵决策树投票得到结果的集成学习方法。", "随机森林"),
        ("批归一化（Batch Normalization）是在每个小批量上对激活做标准化的技术。", "批归一化(Batch Normalization)"),
        ("所谓知识蒸馏，就是用大模型的软标签去训练一个小模型。", "知识蒸馏"),
        ("把输入映射到低维空间再重建回来的网络称为*自编码器*。", "自编码器"),
        ("- **学习率**：每一步沿梯度方向前进的步长，通常需要调参。", "学习率"),
        (
            "L1 正则化（也叫 Lasso）是在损失中加入参数绝对值之和的做法，而L2正则化则是加入参数平方和的做法。",
            "L1 正则化(Lasso)",
        ),
    ],
)
def test_chinese_definitors(cards_of: Extract, text: str, key: str) -> None:
    """Each Chinese definitor pattern yields a definition card keyed by its term."""
    keys = definition_keys(cards_of(text))
    assert key in keys


def test_two_definitions_in_one_sentence(cards_of: Extract) -> None:
    """``X是…，而Y则是…`` gives a card for both terms."""
    text = "精确率是预测为正的样本中真正为正的比例，而召回率则是真正为正的样本中被找出的比例。"
    assert definition_keys(cards_of(text)) == ["精确率", "召回率"]


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("Gradient descent is an iterative method that follows the negative gradient.", "Gradient descent"),
        ("Variational autoencoders (VAEs) are a family of latent-variable models.", "Variational autoencoders (VAEs)"),
        ("Perplexity refers to the exponentiated average negative log-likelihood.", "Perplexity"),
        ("This estimator is called the *score function* estimator in the literature.", "score function"),
        (
            "- **Explicit density estimation**: define and solve for the model density directly",
            "Explicit density estimation",
        ),
    ],
)
def test_english_definitors(cards_of: Extract, text: str, key: str) -> None:
    """Each English definitor pattern yields a definition card keyed by its term."""
    assert key in definition_keys(cards_of(text))


@pytest.mark.parametrize(
    "text",
    [
        "这是一个非常重要的结论，值得反复阅读。",
        "它是由多个模块组成的系统。",
        "Transformer是2017年提出的。",
        "注意力机制是非常重要的。",
        "It is a common mistake to forget the bias term.",
        "This is the main reason the model fails.",
        "The major drawback of these models is the slow sampling.",
        "In other words, the loss is the negative log-likelihood.",
        "注意：学习率太大会导致发散，需要小心调整。",
        "```\n梯度下降是一种优化方法。\n```",
    ],
)
def test_not_definitions(cards_of: Extract, text: str) -> None:
    """Pronoun subjects, evaluative or incidental sentences, labels and code make no definition."""
    assert definition_keys(cards_of(text)) == []


def test_definition_card_shape(cards_of: Extract) -> None:
    """The front asks for the term; the back is the defining sentence; the line is right."""
    [card] = cards_of("# 优化\n\n动量法是一种累积历史梯度来加速收敛的方法。")
    assert card.front == "什么是动量法？"
    assert card.back == "动量法是一种累积历史梯度来加速收敛的方法。"
    assert (card.source.line, card.source.heading) == (3, ("优化",))


def test_section_named_after_a_term_defines_it(cards_of: Extract) -> None:
    """A section titled with a term whose first sentence starts with the term is its definition."""
    cards = cards_of("## 跳元模型（Skip-Gram）\n\n跳元模型假设一个词可以用来生成它周围的词。")
    assert definition_keys(cards) == ["跳元模型（Skip-Gram）"]


def test_same_term_defined_twice_makes_one_card(cards_of: Extract) -> None:
    """A term defined again in a summary keeps the first, best definition only."""
    text = "词向量是用于表示单词意义的向量。\n\n## 小结\n\n* 词向量是表示词的向量。"
    assert definition_keys(cards_of(text)) == ["词向量"]


def test_each_of_two_definitions_in_a_sentence_gets_its_own_back(cards_of: Extract) -> None:
    """When one sentence defines two terms, each card's back stops where the next definition starts."""
    text = "精确率是预测为正的样本中真正为正的比例，召回率是真正为正的样本中被找出的比例。"
    backs = {c.key: c.back for c in cards_of(text)}
    assert backs == {
        "精确率": "精确率是预测为正的样本中真正为正的比例",
        "召回率": "召回率是真正为正的样本中被找出的比例。",
    }
