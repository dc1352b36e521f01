"""Tests for what a definition's term and back may be: labels, aliases, symbols, cuts and fronts (terms.py)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from flashnotes.extract import features, lexicon, terms
from flashnotes.extract.inline import CODE_BASE, MATH_BASE, MAX_SPANS, is_masked
from flashnotes.extract.terms import numbered_label
from flashnotes.model import Card, Kind

Extract = Callable[..., list[Card]]


def definition_keys(cards: list[Card]) -> list[str]:
    return [c.key for c in cards if c.kind is Kind.DEFINITION]


def candidate_keys(cards_of: Extract, text: str) -> list[str]:
    """Every definition the patterns propose, before the scorer decides."""
    return definition_keys(cards_of(text, min_confidence=0))


def backs_of(cards_of: Extract, text: str) -> dict[str, str]:
    """Every proposed definition's back, by key."""
    return {c.key: c.back for c in cards_of(text, min_confidence=0) if c.kind is Kind.DEFINITION}


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("**Note:** A hash function is a map that assigns each key a slot in the table.", "hash function"),
        ("Important: the load factor is the number of keys divided by the number of slots.", "load factor"),
        ("**注意：** 哈希函数是把每个键映射到表中一个槽位的函数。", "哈希函数"),
    ],
)
def test_a_label_opening_the_sentence_is_not_part_of_the_term(cards_of: Extract, text: str, key: str) -> None:
    """``Note: X is …`` proposes X, and its back starts at X: the label never joins the term or the answer."""
    backs = backs_of(cards_of, text)
    assert key in backs
    assert backs[key].startswith(("A hash", "the load", "哈希"))
    assert not any(k.lower().startswith(("note", "important", "注意")) and ":" in k for k in backs)


@pytest.mark.parametrize(
    ("text", "key"),
    [
        (
            "批归一化（Batch Normalization，简称 BN）是一种对每个小批量内同一通道的激活做标准化的方法。",
            "批归一化(Batch Normalization)",
        ),
        (
            "Batch normalization (abbreviated BN) is a technique that standardises activations per batch.",
            "Batch normalization (BN)",
        ),
    ],
)
def test_an_alias_with_its_abbreviation_keys_the_full_name(cards_of: Extract, text: str, key: str) -> None:
    """``（English，简称 BN）`` names the term by its English name; ``(abbreviated BN)`` by the abbreviation."""
    assert key in candidate_keys(cards_of, text)


@pytest.mark.parametrize(
    ("text", "key", "kept"),
    [
        ("过拟合是指模型在训练集上表现很好，但在测试集上表现较差的现象。", "过拟合", "测试集上表现较差的现象"),
        (
            "Overfitting is a failure mode in which a model does well on training data, but poorly on new data.",
            "Overfitting",
            "but poorly on new data",
        ),
    ],
)
def test_a_but_clause_leading_to_the_head_noun_stays_in_the_back(
    cards_of: Extract, text: str, key: str, kept: str
) -> None:
    """``X是指…很好，但…较差的现象``: the clause after 但 holds the definition's head, so the back keeps it."""
    assert kept in backs_of(cards_of, text)[key]


def test_a_contrast_with_another_subject_still_ends_the_back(cards_of: Extract) -> None:
    """``X是…的方法，而Y是…的方法``: the back of X stops before Y's own definition."""
    text = "监督学习是从带标签的数据中学习规律的方法，而无监督学习是从没有标签的数据中发现结构的方法。"
    assert "无监督" not in backs_of(cards_of, text)["监督学习"]


@pytest.mark.parametrize(
    ("text", "key"),
    [
        (
            "## Pre-LN\n\nPre-LN 是先对输入做归一化再送进子层的结构：\n\n"
            "$$\nx_{l+1} = x_l + F(\\mathrm{LN}(x_l))\n$$\n",
            "Pre-LN",
        ),
        (
            "## Softmax\n\nThe softmax function is the map that turns a vector of scores into probabilities:\n\n"
            "$$\n\\sigma(z)_i = \\frac{e^{z_i}}{\\sum_j e^{z_j}}\n$$\n",
            "softmax function",
        ),
    ],
)
def test_a_back_ending_in_a_colon_takes_the_formula_below(cards_of: Extract, text: str, key: str) -> None:
    """A definition that leads into a display formula carries it: the back no longer dangles at the colon."""
    back = backs_of(cards_of, text)[key]
    assert back.endswith("\\]")
    assert "\\[" in back


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("学习率 $\\eta$ 是每一步沿梯度方向更新参数时的步长。", "学习率"),
        ("The load factor $\\alpha$ is the ratio $n/m$, the average number of keys per slot.", "load factor"),
    ],
)
def test_a_term_followed_by_its_symbol_is_proposed(cards_of: Extract, text: str, key: str) -> None:
    """``学习率 $\\eta$ 是…`` / ``The load factor $\\alpha$ is …``: the symbol is notation, the term is the name."""
    assert key in candidate_keys(cards_of, text)


def test_a_symbol_alone_is_still_no_term(cards_of: Extract) -> None:
    """``其中 $x$ 是输入`` / ``where $x$ is the input`` propose no term made of the symbol or a connective."""
    keys = candidate_keys(
        cards_of, "其中 $x$ 是输入的特征向量，维度为 d。\n\nHere $x$ is the input feature vector of size d."
    )
    assert all(k not in ("其中", "Here", "x") for k in keys)


@pytest.mark.parametrize(
    ("text", "key"),
    [
        (
            "**Confidence interval** — a range computed from the sample that covers the parameter 95% of the time.",
            "Confidence interval",
        ),
        ("- **Recall** – the share of actual positives that the model finds.", "Recall"),
        ("**过拟合**——模型在训练集上表现很好、在测试集上却表现很差的现象。", "过拟合"),
    ],
)
def test_a_bold_term_then_a_dash_is_a_glossary_line(cards_of: Extract, text: str, key: str) -> None:
    """``**X** — …`` and ``**X**——…`` are glossary lines like ``**X**: …``, in both languages."""
    assert key in candidate_keys(cards_of, text)


@pytest.mark.parametrize("text", ["The results — shown in Table 2 — are strong.", "结果——见表 2——非常好。"])
def test_a_dash_without_a_bold_term_proposes_nothing(cards_of: Extract, text: str) -> None:
    """A dash inside running prose is punctuation, not a glossary mark."""
    assert candidate_keys(cards_of, text) == []


@pytest.mark.parametrize(
    "text",
    [
        "**Type I error**: rejecting a true null hypothesis when it holds (a false positive).",
        "**第一类错误（Type I error）**：原假设为真时却拒绝了原假设的错误，也叫假阳性。",
    ],
)
def test_a_roman_numeral_in_a_term_is_not_a_pronoun(cards_of: Extract, text: str) -> None:
    """``Type I error`` reads as a term with a numeral, not a phrase with the pronoun I: it makes a card."""
    assert any("Type I error" in k for k in definition_keys(cards_of(text)))


@pytest.mark.parametrize(
    "text",
    [
        "**TL;DR**: Freeze the pretrained weights and learn a low-rank update instead.",
        "**优点；缺点**：训练快，但是需要很多显存才能跑起来。",
    ],
)
def test_a_phrase_with_a_semicolon_is_no_term(cards_of: Extract, text: str) -> None:
    """A semicolon separates clauses, never the words of a name: ``TL;DR:`` labels a summary, it defines nothing."""
    assert candidate_keys(cards_of, text) == []


@pytest.mark.parametrize(
    ("text", "key", "tail"),
    [
        (
            "**Confidence interval**: a range that covers the true parameter a stated share of the time (e.g. 95%).",
            "Confidence interval",
            "(e.g. 95%).",
        ),
        ("**置信区间**：在重复抽样下以给定比例（e.g. 95%）覆盖真实参数的区间。", "置信区间", "覆盖真实参数的区间。"),
    ],
)
def test_a_glossary_back_runs_past_an_abbreviation(cards_of: Extract, text: str, key: str, tail: str) -> None:
    """``e.g.`` inside a glossary line is no sentence end: the back no longer stops at ``(e.g.``."""
    assert backs_of(cards_of, text)[key].endswith(tail)


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("A thread is the unit of execution inside a process; threads of one process share memory.", "thread"),
        ("反向传播是按链式法则从输出层向输入层逐层计算梯度的算法；它的代价与前向传播相当。", "反向传播"),
        ("BN 是在 batch 维度上做归一化的方法，LN 是在特征维度上做归一化的方法。", "BN"),
    ],
)
def test_a_back_cut_at_a_clause_mark_does_not_end_with_it(cards_of: Extract, text: str, key: str) -> None:
    """A back cut at ``;``/``；``/``，`` never ends on the dangling mark (it closes with ``.``/``。``)."""
    back = backs_of(cards_of, text)[key]
    assert back[-1] not in ";；,，、"
    assert key in back


@pytest.mark.parametrize(
    ("text", "front"),
    [
        ("A process is an instance of a running program with its own address space.", "What is a process?"),
        (
            "The load factor is the ratio of stored keys to the number of slots in the table.",
            "What is the load factor?",
        ),
        ("Perplexity refers to the exponentiated average negative log-likelihood.", "What is Perplexity?"),
        ("进程是正在运行的程序的一个实例，拥有自己独立的地址空间。", "什么是进程？"),
    ],
)
def test_an_english_front_keeps_the_article_its_author_wrote(cards_of: Extract, text: str, front: str) -> None:
    """``A process is …`` asks ``What is a process?``; a bare term or a Chinese one asks as before."""
    fronts = [c.front for c in cards_of(text, min_confidence=0) if c.kind is Kind.DEFINITION]
    assert front in fronts


@pytest.mark.parametrize(
    "text",
    [
        "The function $f$ is a map from inputs to outputs that we want to learn.",
        "矩阵 $A$ 是一个对称正定的矩阵，下面的推导都要用到它。",
    ],
)
def test_one_generic_word_with_a_symbol_is_the_articles_object_not_a_term(cards_of: Extract, text: str) -> None:
    """``The function $f$ is …`` / ``矩阵 $A$ 是…`` say what this article's f or A is: no candidate at all."""
    assert candidate_keys(cards_of, text) == []


@pytest.mark.parametrize(
    "text",
    [
        "- **空间开销 $O(n^2)$：** 需要一张 n 行 n 列的表来保存所有中间结果。",
        "- **Running time $O(n \\log n)$:** sorting the edges dominates the cost of the whole method.",
    ],
)
def test_a_phrase_ending_in_a_formula_is_a_label_with_its_value(cards_of: Extract, text: str) -> None:
    """``空间开销 $O(n^2)$：`` gives a value, not a name: no candidate (a term's own symbol is dropped instead)."""
    assert candidate_keys(cards_of, text) == []


def test_a_bold_term_with_a_long_english_name_is_a_glossary_term(cards_of: Extract) -> None:
    """``**中文名（a long English name，ABBR）**：…`` is proposed whole, its English name as the alias."""
    text = (
        "- **双向编码器表示模型（Bidirectional Encoder Representations from Transformers，BERT）**："
        "一种只用 Transformer 编码器、按掩码语言模型目标预训练的语言模型。"
    )
    keys = candidate_keys(cards_of, text)
    assert any(k.startswith("双向编码器表示模型(Bidirectional Encoder") for k in keys), keys


@pytest.mark.parametrize(
    ("phrase", "label"),
    [
        ("Case 3", True),
        ("Step IV", True),
        ("示例2", True),
        ("方法三", True),
        ("第2步", True),
        ("第一部分", True),
        ("GPT 4", False),
        ("ResNet 50", False),
        ("L2 正则化", False),
        ("第一范式", False),
    ],
)
def test_a_word_and_its_number_is_a_numbered_label(phrase: str, label: bool) -> None:
    """Step, case and example names are labels; names that carry a number keep their other marks."""
    assert numbered_label(phrase) is label


def test_a_numbered_bold_label_proposes_no_definition(cards_of: Extract) -> None:
    """``- **Case 3**: …`` is a case of the argument, not a term, even below the threshold."""
    text = "- **Case 3**: the gradient vanishes and the update leaves the weights almost unchanged."
    assert candidate_keys(cards_of, text) == []


def test_an_english_name_before_the_head_noun_is_the_alias(cards_of: Extract) -> None:
    """``**无模型（model-free）方法**：…`` is keyed by the whole Chinese name, the English one as its alias."""
    text = "- **无模型（model-free）方法**：不学习环境的转移，只从交互中直接学习价值或策略的做法。"
    assert "无模型方法(model-free)" in candidate_keys(cards_of, text)


# pieces of terms and bodies: links, placeholders, emphasis, brackets, 的-clauses, blanks
_PIECES = st.sampled_from(
    ["http://a.b", "https://", "www.x", "www ", "//", "[公式]", "[图]", "[math]", "[", "]", "**", "__", "*", "_",
     "（", "）", "(", ")", "的方法", "的", "了", "模型", "x", " ", "\n", "\t", "，", "。"]
)  # fmt: skip
_TEXT = st.lists(_PIECES, max_size=20).map("".join)


@settings(max_examples=400, deadline=None)
@given(_TEXT)
def test_the_cheap_guards_agree_with_the_patterns_they_guard(text: str) -> None:
    """A substring test skips a search only where the pattern cannot match: same answer as the search."""
    assert terms.has_url(text) == (terms.URL.search(text) is not None)
    assert terms.has_placeholder(text) == (terms.PLACEHOLDER.search(text) is not None)
    head = text.rstrip()
    if terms._EMPHASIS_TAIL.search(head[-110:]):
        assert head.endswith(("**", "__"))


def _genus_by_full_search(plain: str) -> bool:
    """_genus_head as written before its early returns: every clause cut and searched."""
    stop = features._CLAUSE.search(plain)
    clause = terms.BRACKET_TAIL.sub("", (plain[: stop.start()] if stop else plain).strip())
    head = features._GENUS.search(clause)
    if head is None or "了" in clause:
        return False
    tokens = lexicon.tag(head.group(1))
    first = lexicon.tag(clause[:6])
    return bool(tokens) and tokens[-1].cls in ("n", "vn") and bool(first) and first[0].cls != "p"


@settings(max_examples=400, deadline=None)
@given(_TEXT)
def test_the_genus_check_skips_only_clauses_without_a_genus(text: str) -> None:
    """_genus_head's early returns give the answer of the full search they stand for."""
    assert features._genus_head(text) == _genus_by_full_search(text)


def test_the_masked_search_accepts_exactly_what_is_masked_does() -> None:
    """_has_masked agrees with is_masked at every edge of the placeholder ranges and on ordinary text."""
    edges = [MATH_BASE - 1, MATH_BASE, MATH_BASE + MAX_SPANS - 1, MATH_BASE + MAX_SPANS, CODE_BASE - 1, CODE_BASE]
    edges += [CODE_BASE + MAX_SPANS - 1, CODE_BASE + MAX_SPANS, 0x10FFFF, ord("中"), ord("a")]
    for code in edges:
        assert terms._has_masked(f"词{chr(code)}") == is_masked(chr(code)), hex(code)
