"""Tests for definition cards: what the rules propose, what the learned scorer keeps, and each failure class."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from flashnotes.extract import definitions, definitions_en, features
from flashnotes.model import Card, Kind

Extract = Callable[..., list[Card]]


def definition_keys(cards: list[Card]) -> list[str]:
    return [c.key for c in cards if c.kind is Kind.DEFINITION]


def candidate_keys(cards_of: Extract, text: str) -> list[str]:
    """Every definition the patterns propose, before the scorer decides."""
    return definition_keys(cards_of(text, min_confidence=0))


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("准确率指的是分类正确的样本占总样本个数的比率。", "准确率"),
        ("随机森林是一种由多棵决策树投票得到结果的集成学习方法。", "随机森林"),
        ("批归一化（Batch Normalization）是在每个小批量上对激活做标准化的技术。", "批归一化(Batch Normalization)"),
        ("所谓知识蒸馏，就是用大模型的软标签去训练一个小模型。", "知识蒸馏"),
        ("把输入映射到低维空间再重建回来的网络称为*自编码器*。", "自编码器"),
        ("- **学习率**：每一步沿梯度方向前进的步长，通常需要调参。", "学习率"),
        ("- **利用（exploitation）**：在当前情况下继续执行已知能获得最大奖励的动作。", "利用(exploitation)"),
        ("L1 正则化（也叫 Lasso）是在损失中加入参数绝对值之和的做法。", "L1 正则化(Lasso)"),
        ("Gradient descent is an iterative method that follows the negative gradient.", "Gradient descent"),
        ("Variational autoencoders (VAEs) are a family of latent-variable models.", "Variational autoencoders (VAEs)"),
        ("Perplexity refers to the exponentiated average negative log-likelihood.", "Perplexity"),
        ("This estimator is called the *score function* estimator in the literature.", "score function"),
    ],
)
def test_patterns_propose_each_definitor(cards_of: Extract, text: str, key: str) -> None:
    """Each Chinese and English definitor pattern proposes a candidate keyed by its term."""
    assert key in candidate_keys(cards_of, text)


@pytest.mark.parametrize(
    ("text", "key"),
    [
        (
            "## 感知机\n\n**感知机**（Perceptron）是一种二分类的线性模型。感知机的输出是 +1 或 -1，"
            "训练感知机时只更新分错的样本。",
            "感知机(Perceptron)",
        ),
        ("准确率指的是分类正确的样本占总样本个数的比率。准确率越高，分错的样本越少。", "准确率"),
        ("## 模型评估\n\n过拟合是指模型在训练集上表现很好，但在测试集上表现较差的现象。", "过拟合"),
        (
            "Self-information is the amount of surprise carried by one outcome, measured in bits. "
            "Self-information of independent events adds up.",
            "Self-information",
        ),
    ],
)
def test_clear_definitions_are_kept(cards_of: Extract, text: str, key: str) -> None:
    """A marked, recurring term with a defining verb is confident enough to become a card."""
    assert key in definition_keys(cards_of(text))


@pytest.mark.parametrize(
    "text",
    [
        "## 解法\n\n第1步：计算每个样本的损失，然后把它们加起来得到总损失。",
        "参考1：周志华，机器学习，清华大学出版社，2016年出版。",
        "Case 1: the advantage is positive and the ratio is clipped at one plus epsilon.",
        "通常是先做归一化，然后再训练模型。",
        "通俗地说就是让模型自己从数据里找规律，而不是人来写规则。",
        "Therefore, this is the reason the loss explodes in the first epoch.",
        "![](figure.png)\n\n**Left**: the generator maps noise to images step by step.",
        "![](figure.png)\n\n**左图**：生成器一步一步地把噪声变成图片。",
        "这是一个非常重要的结论，值得反复阅读。",
        "It is a common mistake to forget the bias term.",
    ],
)
def test_labels_and_sentence_openers_are_not_terms(cards_of: Extract, text: str) -> None:
    """Step and case names, references, captions and discourse words never become a definition card."""
    assert definition_keys(cards_of(text)) == []


@pytest.mark.parametrize(
    "text",
    [
        "Layer Norm 和 Batch Norm 是完全一样的归一化方法，只是统计的维度不同。",
        "动量法与 Adam 是两种常见的优化方法。",
    ],
)
def test_a_subject_cut_short_makes_no_card(cards_of: Extract, text: str) -> None:
    """``A 和 B 是…`` has the pair as its subject: no candidate for B alone, not even below the threshold."""
    assert candidate_keys(cards_of, text) == []


def test_an_english_pair_subject_is_never_one_of_its_terms(cards_of: Extract) -> None:
    """``A and B are …`` never becomes ``What is B?``; the pair itself is no term to keep either."""
    text = "Layer Norm and Batch Norm are the same normalisation applied along different axes."
    assert "Batch Norm" not in candidate_keys(cards_of, text)
    assert definition_keys(cards_of(text)) == []


@pytest.mark.parametrize(
    "text",
    [
        "例如，我们的数据集是一个包含十张猫狗图片的小数据集。",
        "在这个例子里，输出是 3，因为两个数相加得到 3。",
        "For example, our dataset is a folder of ten pictures of cats.",
    ],
)
def test_statements_true_only_in_the_example_are_not_definitions(cards_of: Extract, text: str) -> None:
    """What holds only in the article's example is not a definition a learner should keep."""
    assert definition_keys(cards_of(text)) == []


@pytest.mark.parametrize(
    "text",
    [
        "- **优点**：\n  - 训练快\n  - 占用内存少\n",
        "**Advantages:**\n\n- fast to train\n- small memory footprint\n",
    ],
)
def test_a_bold_label_over_a_list_is_a_heading(cards_of: Extract, text: str) -> None:
    """A bold glossary label whose content is the list below it proposes no definition at all."""
    assert candidate_keys(cards_of, text) == []


def test_a_dangling_emphasis_marker_never_reaches_the_back(cards_of: Extract) -> None:
    """An unmatched ``**`` in the source is dropped from the back."""
    cards = cards_of("**学习率**是每一步沿负梯度方向前进的**步长，需要调参。", min_confidence=0)
    [card] = [c for c in cards if c.key == "学习率"]
    assert "**" not in card.back and "步长" in card.back


def test_a_dangling_marker_in_an_english_back_is_dropped(cards_of: Extract) -> None:
    """The same holds in English: ``**`` without its pair never shows on a card."""
    cards = cards_of("**Dropout** is a regularisation method that zeroes random **activations.", min_confidence=0)
    [card] = [c for c in cards if c.key == "Dropout"]
    assert "**" not in card.back and "activations" in card.back


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("**梯度下降**是一种优化方法，" + "它沿着负梯度方向不断更新参数，" * 60 + "直到收敛。", "梯度下降"),
        (
            "**Gradient descent** is an optimisation method that "
            + "moves the parameters a little against the gradient, " * 30
            + "until the loss stops falling.",
            "Gradient descent",
        ),
    ],
)
def test_backs_stay_under_600_characters(cards_of: Extract, text: str, key: str) -> None:
    """A definition sentence of a thousand characters is cut, under 600, in Chinese and in English."""
    [card] = [c for c in cards_of(text, min_confidence=0) if c.key == key]
    assert 0 < len(card.back) <= 600


def test_two_definitions_in_one_sentence_each_get_their_back(cards_of: Extract) -> None:
    """``X是…，Y是…`` proposes both terms, each back stopping where the next definition starts."""
    text = "精确率是预测为正的样本中真正为正的比例，召回率是真正为正的样本中被找出的比例。"
    backs = {c.key: c.back for c in cards_of(text, min_confidence=0)}
    assert backs == {
        "精确率": "精确率是预测为正的样本中真正为正的比例",
        "召回率": "召回率是真正为正的样本中被找出的比例。",
    }


def test_definition_card_shape(cards_of: Extract) -> None:
    """The front asks for the term; the back is the defining sentence; line and heading are right."""
    [card] = cards_of("# 优化\n\n动量法是一种累积历史梯度来加速收敛的方法。", min_confidence=0)
    assert card.front == "什么是动量法？"
    assert card.back == "动量法是一种累积历史梯度来加速收敛的方法。"
    assert (card.source.line, card.source.heading) == (3, ("优化",))


def test_section_named_after_a_term_defines_it(cards_of: Extract) -> None:
    """A section titled with a term whose first sentence starts with that term proposes its definition."""
    cards = cards_of("## 跳元模型（Skip-Gram）\n\n跳元模型假设一个词可以用来生成它周围的词。", min_confidence=0)
    assert definition_keys(cards) == ["跳元模型（Skip-Gram）"]


def test_same_term_defined_twice_makes_one_card(cards_of: Extract) -> None:
    """A term defined again in a summary keeps the first, best definition only."""
    text = "词向量是用于表示单词意义的向量。\n\n## 小结\n\n* 词向量是表示词的向量。"
    assert definition_keys(cards_of(text, min_confidence=0)) == ["词向量"]


def test_confidence_orders_cards_and_min_confidence_trades_recall_for_precision(cards_of: Extract) -> None:
    """Every card carries a confidence; a higher bar keeps a subset, a bar of 0 keeps every candidate."""
    text = "准确率指的是分类正确的样本占总样本个数的比率。准确率越高越好。\n\n通常是先做归一化，然后再训练模型。"
    every = cards_of(text, min_confidence=0)
    kept = cards_of(text)
    strict = cards_of(text, min_confidence=0.99)
    assert {c.key for c in strict} <= {c.key for c in kept} <= {c.key for c in every}
    assert len(every) > len(kept)
    assert all(0.0 <= c.confidence <= 1.0 for c in every)


def test_a_label_line_above_a_definition_is_not_glued_to_its_term(cards_of: Extract) -> None:
    """A list label ``1. 梯度消失`` above ``梯度消失是指…`` keys the card 梯度消失, not the two run together."""
    text = "1. 梯度消失\n    梯度消失是指梯度在反向传播中越来越小，前面层的学习因此很慢。"
    assert "梯度消失" in candidate_keys(cards_of, text)
    assert not any(key.startswith("梯度消失梯度消失") for key in candidate_keys(cards_of, text))


def test_the_definition_of_x_defines_x(cards_of: Extract) -> None:
    """``X的定义是…`` is keyed X, not ``X的定义``."""
    text = "斐波那契数列的定义是每一项等于前两项之和的数列，斐波那契数列从 0 和 1 开始。"
    assert "斐波那契数列" in candidate_keys(cards_of, text)


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("# 笔记\n\n学习率（learning rate）是指每次参数更新的步长。", "学习率(learning rate)"),
        ("# Notes\n\nThe learning rate refers to the step size of each parameter update.", "learning rate"),
        (
            "# Notes\n\nDropout, also known as random deactivation, is a regularisation method "
            "that zeroes random units during training.",
            "Dropout (random deactivation)",
        ),
    ],
)
def test_a_textbook_definition_in_a_short_note_makes_a_card(cards_of: Extract, text: str, key: str) -> None:
    """An explicit definitor or a named alias is enough on its own: the term need not recur in a short note."""
    assert key in definition_keys(cards_of(text))


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("# 笔记\n\nTransformer是2017年提出的。", "Transformer"),
        ("# 笔记\n\n注意力机制是非常重要的。", "注意力机制"),
        ("# 笔记\n\n朴素贝叶斯是一个好例子，下一节再展开。", "朴素贝叶斯"),
    ],
)
def test_an_incidental_copula_sentence_is_proposed_but_not_kept(cards_of: Extract, text: str, key: str) -> None:
    """A date or a judgement after ``X是`` is a candidate the scorer turns down at the default threshold."""
    assert key in candidate_keys(cards_of, text)
    assert key not in definition_keys(cards_of(text))


GLOSSED_ZH = (
    "# 强化学习的基本概念\n\n智能体根据当前局面选择动作；动作改变环境，环境再给出奖励。\n\n"
    "- 动作(action)：智能体在某个时刻可以执行的操作。\n\n## 评价\n\n- 缺点：需要大量交互样本才能收敛，这是它的缺点。\n"
)
GLOSSED_EN = (
    "# Basic ideas\n\nThe agent picks an action; the action changes the environment, which returns a reward.\n\n"
    "- Action (动作): an operation the agent can perform at a given moment.\n"
)


@pytest.mark.parametrize(("text", "key"), [(GLOSSED_ZH, "动作(action)"), (GLOSSED_EN, "Action (动作)")])
def test_an_everyday_word_glossed_with_its_other_name_is_a_term(cards_of: Extract, text: str, key: str) -> None:
    """A glossary line whose everyday word carries its name in the other language makes a card."""
    assert key in definition_keys(cards_of(text))


def test_the_same_everyday_word_without_a_gloss_stays_a_label(cards_of: Extract) -> None:
    """``缺点：…`` in the same note is a label over its content, not a term."""
    assert "缺点" in candidate_keys(cards_of, GLOSSED_ZH)
    assert "缺点" not in definition_keys(cards_of(GLOSSED_ZH))


def test_a_genus_sentence_in_a_short_textbook_note_makes_a_card(cards_of: Extract) -> None:
    """``动量法是一种…的优化方法`` under its own heading, named again after: a definition even in a short note."""
    text = "## 动量法\n\n动量法是一种利用历史梯度加速收敛的优化方法。动量法在梯度方向一致时步子更大。\n"
    assert definition_keys(cards_of(text)) == ["动量法"]


SOLUTIONS = (
    "# 爬楼梯\n\n## 方法一：递归\n\n原理：把问题拆成规模更小的两个子问题，然后递归求解。\n\n"
    "## 方法二：动态规划\n\n原理：自底向上地填一张表，避免重复计算。\n\n"
    "## 方法三：矩阵快速幂\n\n原理：把递推关系写成矩阵乘法，再用快速幂求解。\n"
)


def test_a_label_heading_each_section_is_no_term(cards_of: Extract) -> None:
    """``原理：`` repeated under every solution is a field name: proposed, never kept."""
    assert "原理" in candidate_keys(cards_of, SOLUTIONS)
    assert "原理" not in definition_keys(cards_of(SOLUTIONS))


def test_or_called_gives_an_alias_not_a_naming(cards_of: Extract) -> None:
    """``“A”或称为“B”`` says B is another name of A, like ``也称为``: no card asking what B is."""
    text = "# 笔记\n\n推导之前先说明一下“最小二乘解”或称为“正规方程解”。最小二乘解让残差平方和最小。"
    assert "正规方程解" not in candidate_keys(cards_of, text)


def test_a_block_defining_only_by_dingyiwei_or_mingmingwei_is_looked_at(cards_of: Extract) -> None:
    """``X被定义为…`` or ``…被命名为X`` alone in its block (no 是, 指, 即, 称, 叫) is still a candidate."""
    text = "# 笔记\n\n梯度下降被定义为沿着负梯度方向反复更新参数，使损失函数逐步减小的优化方法。"
    assert "梯度下降" in candidate_keys(cards_of, text)
    named = "# 笔记\n\n沿着负梯度方向反复更新参数、使损失逐步减小的方法被命名为梯度下降。"
    assert "梯度下降" in candidate_keys(cards_of, named)


# pieces around every definitor, naming and stop: the adverbs and verbs, the characters their
# lookbehinds and lookaheads test, full stops before blanks and not, Latin words, blanks and ends
_ZH_PIECES = st.sampled_from(
    ["是", "是指", "就是", "也就是", "其实", "实际上", "本质上", "事实上", "则", "指", "指出", "手指", "的是", "即",
     "即为", "被定义为", "可以定义为", "又称", "也称为", "亦称", "也叫", "叫做", "称", "称为", "简称", "声称", "为",
     "为了", "名", "不", "是否", "被称为", "或称为", "命名为", "叫“", "也叫“", "称之为",
     "模型", "梯度", "。", "，", "；", "!", "?", ".", ". ", ".x", "\n", " ", "ab", "Z", "GPT4", "LSTM", "_", "9"]
)  # fmt: skip
_ZH_TEXT = st.lists(_ZH_PIECES, max_size=30).map("".join)
# each rewritten pattern beside the source it replaced (reordered so the engine skips in C)
_REWRITTEN = [
    (definitions._ZH_CALL_AS, r"(?<![名简又也亦被声])称(?![为作之])(?P<obj>[^，,。；;：:！？!?\n]{1,24}?)为(?![了止])"),
    (definitions._ANY_ZH, r"是|指|即|称|叫|定"),
    (definitions._LATIN_WORD, r"[A-Za-z]{2}"),
    (definitions_en._GLOSS_END, r"[。！？!?；;\n]|\.(?=\s|$)"),
    (features._LATIN_WORD, r"[A-Za-z]+"),
    (features._ACRONYM, r"\b[A-Z][A-Z0-9]{1,7}\b"),
]


@settings(max_examples=400, deadline=None)
@given(_ZH_TEXT)
def test_the_chinese_gate_lets_every_definitor_and_naming_through(text: str) -> None:
    """A block holding a Chinese definitor or naming passes the gate that decides whether it is looked for."""
    if definitions._ZH_DEFINITOR.search(text):
        assert definitions._ANY_ZH.search(text)
    if definitions._ZH_NAMING.search(text) or definitions._ZH_CALL_AS.search(text):
        assert definitions.may_name(text)


@settings(max_examples=400, deadline=None)
@given(_ZH_TEXT)
def test_the_definitor_scan_finds_what_finditer_finds(text: str) -> None:
    """Trying _ZH_DEFINITOR or _ZH_NAMING only where its lookahead allows gives finditer's matches."""
    ours = [(m.span(), m.groupdict()) for m in definitions._definitor_matches(text)]
    assert ours == [(m.span(), m.groupdict()) for m in definitions._ZH_DEFINITOR.finditer(text)]
    naming = definitions._matches_at(definitions._ZH_NAMING, definitions._ZH_NAMING_FIRST, text)
    assert [m.span() for m in naming] == [m.span() for m in definitions._ZH_NAMING.finditer(text)]


@settings(max_examples=400, deadline=None)
@given(_ZH_TEXT, st.integers(0, 8))
def test_rewritten_patterns_match_as_their_sources_did(text: str, start: int) -> None:
    """Each pattern reordered for speed finds the same spans and groups as the source it replaced."""
    for pattern, source in _REWRITTEN:
        old = re.compile(source)
        assert [(m.span(), m.groups()) for m in pattern.finditer(text, start)] == [
            (m.span(), m.groups()) for m in old.finditer(text, start)
        ], source
