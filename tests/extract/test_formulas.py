"""Tests for formula cards: display math, fronts from context, and what is not a formula."""

from __future__ import annotations

import re
import sys
from collections.abc import Callable

import pytest
from hypothesis import given
from hypothesis import strategies as st

from flashnotes.extract import formulas as formulas_module
from flashnotes.extract.formulas import formula_key, is_formula, tidy
from flashnotes.model import Card, Kind

Extract = Callable[..., list[Card]]


def formulas(cards: list[Card]) -> list[Card]:
    return [c for c in cards if c.kind is Kind.FORMULA]


def test_display_formula_front_from_heading_and_intro(cards_of: Extract) -> None:
    """The front is the heading path plus the sentence introducing the formula, with its tag."""
    text = "# Adam\n\n## 更新\n\n一阶动量的更新公式如下：\n\n\\[m_t = \\beta_1 m_{t-1} + (1-\\beta_1) g_t \\tag{1}\\]\n"
    [card] = formulas(cards_of(text))
    assert card.front == "Adam > 更新: 一阶动量的更新公式如下：（式 1）"
    assert card.back == "\\[m_t = \\beta_1 m_{t-1} + (1-\\beta_1) g_t \\tag{1}\\]"
    assert card.key == "m_t=\\beta_1m_{t-1}+(1-\\beta_1)g_t"


def test_an_intro_never_starts_at_a_clause_that_leans_on_the_one_before(cards_of: Extract) -> None:
    """``…most, which makes the model smoother.`` before a formula: the front keeps the clause ``which`` refers to."""
    text = (
        "## Weight decay\n\nEvery update pulls each weight towards zero in proportion to its size. "
        "Large weights are punished most, which makes the model smoother.\n\n$$\nJ(w) = L(w) + \\lambda \\|w\\|^2\n$$\n"
    )
    [card] = formulas(cards_of(text))
    assert card.front == "Weight decay: Large weights are punished most, which makes the model smoother."


def test_latex_is_never_altered(cards_of: Extract) -> None:
    """Underscores, asterisks and backslashes in LaTeX survive Markdown exactly."""
    latex = r"a_{*}^{**} = \frac{b\_c}{d * e}"
    [card] = formulas(cards_of(f"式子：\n\n$$\n{latex}\n$$\n"))
    assert card.back == f"\\[{latex}\\]"


def test_placeholders_lone_symbols_and_macros_are_not_formulas(cards_of: Extract) -> None:
    """[公式], [Math], a lone symbol and a macro-only block make no card."""
    text = "如下 [公式] 和 [Math]。\n\n$$x$$\n\n$$\n\\DeclareMathOperator{\\diag}{diag}\n$$\n\n\\(\\theta\\)\n"
    assert formulas(cards_of(text)) == []


def test_same_formula_twice_is_one_card(cards_of: Extract) -> None:
    """A formula repeated with different spacing is one card."""
    text = "第一次：\n\n$$p(x) = \\int p(x|z) dz$$\n\n第二次：\n\n$$p(x)=\\int p(x|z)dz$$\n"
    assert len(formulas(cards_of(text))) == 1


def test_display_bracket_inside_running_text_is_a_formula(cards_of: Extract) -> None:
    """\\[…\\] is display math by its delimiters even mid-line (flattened previews)."""
    text = r"目标函数如下: \[L_{\theta}=\mathbb{E}_{z}[f(z)]\tag{1}\] 这样的目标很常见。"
    [card] = formulas(cards_of(text, "preview.txt"))
    assert card.key == r"L_{\theta}=\mathbb{E}_{z}[f(z)]"


def test_formula_helpers() -> None:
    """Keys drop white space and tags; outer equation environments become MathJax-safe."""
    assert formula_key("a = b \\label{x} \\tag{2}") == "a=b"
    assert not is_formula("[公式]")
    assert tidy("\\begin{align}a &= b\\end{align}") == "\\begin{aligned}a &= b\\end{aligned}"


def test_connective_intro_takes_the_front_from_the_sentence_that_names_it(cards_of: Extract) -> None:
    """``也即：`` / ``This yields:`` name nothing: the nearest sentence that says what the formula is does."""
    text = (
        "## 动态规划\n\n它的状态转移方程为：\n\n$$f_i = \\max(f_{i-1} + a_i, a_i)$$\n\n"
        "也即：\n\n$$f_i = \\max(f_{i-1}, 0) + a_i$$\n\n"
        "## Bound\n\nThe evidence lower bound of the model is\n\n$$\\log p(x) \\ge \\mathrm{ELBO}$$\n\n"
        "This yields:\n\n$$\\log p(x) = \\mathrm{ELBO} + \\mathrm{KL}$$\n\n"
        "## Softmax\n\nSo we get:\n\n$$s_i = e^{z_i} / Z$$\n"
    )
    fronts = [c.front for c in formulas(cards_of(text))]
    assert fronts == [
        "动态规划: 它的状态转移方程为：（1）",
        "动态规划: 它的状态转移方程为：（2）",
        "Bound: The evidence lower bound of the model is (1)",
        "Bound: The evidence lower bound of the model is (2)",
        "Softmax",
    ]


def test_loose_line_breaks_get_a_wrapper_and_keep_their_key(cards_of: Extract) -> None:
    """``\\\\`` outside an aligned block is wrapped (gathered, or aligned with ``&``); matrices are left alone."""
    text = (
        "$$\nP(X=1)=p \\\\ P(X=0)=1-p\n$$\n\n$$\na &= b + c \\\\ &= d\n$$\n\n"
        "$$\nA = \\begin{pmatrix} 1 & 0 \\\\ 0 & 1 \\end{pmatrix}\n$$\n"
    )
    cards = formulas(cards_of(text))
    assert [c.back for c in cards] == [
        "\\[\\begin{gathered}P(X=1)=p \\\\ P(X=0)=1-p\\end{gathered}\\]",
        "\\[\\begin{aligned}a &= b + c \\\\ &= d\\end{aligned}\\]",
        "\\[A = \\begin{pmatrix} 1 & 0 \\\\ 0 & 1 \\end{pmatrix}\\]",
    ]
    assert cards[0].key == "P(X=1)=p\\\\P(X=0)=1-p"


def test_matrix_form_is_not_a_duplicate_of_the_vector_form(cards_of: Extract) -> None:
    """Formulas are deduplicated by their LaTeX only: ``\\mathbf{W}`` and ``\\mathbf{w}`` are two cards."""
    text = (
        "单个样本：\n\n$$y = \\mathbf{w}^\\top \\mathbf{x} + b$$\n\n"
        "写成矩阵形式：\n\n$$Y = \\mathbf{W}^\\top \\mathbf{X} + b$$\n\n"
        "再写一次：\n\n$$y = \\mathbf{w}^\\top  \\mathbf{x} + b$$\n"
    )
    cards = formulas(cards_of(text))
    assert [c.key for c in cards] == ["y=\\mathbf{w}^\\top\\mathbf{x}+b", "Y=\\mathbf{W}^\\top\\mathbf{X}+b"]
    assert cards[0].id != cards[1].id


def test_prose_between_stray_dollars_is_not_a_formula() -> None:
    """Text a stray ``$$`` pair turned into math (CJK prose, ``&emsp;``, quote markers) is no formula."""
    assert not is_formula("&emsp;&emsp;似然函数与第三步相同：")
    assert not is_formula("> 4. 利用求导，得到后验概率最大时的参数取值")
    assert is_formula("\\text{损失函数} = \\sum_i (y_i - \\hat{y}_i)^2")


def test_formulas_sharing_an_intro_get_fronts_of_their_own(cards_of: Extract) -> None:
    """Two formulas under one sentence are told apart by what they define, else by their place."""
    text = (
        "## Adam\n\n对两个变量作偏差修正：\n\n$$\\hat{v}_t = v_t / (1 - \\beta_1^t)$$\n\n"
        "$$\\hat{s}_t = s_t / (1 - \\beta_2^t)$$\n\n"
        "## DP\n\nThe recurrence is\n\n$$f_i = f_{i-1} + a_i$$\n\n$$f_i = \\max(f_{i-1}, 0) + a_i$$\n"
    )
    fronts = [c.front for c in formulas(cards_of(text))]
    assert fronts == [
        "Adam: 对两个变量作偏差修正：（\\(\\hat{v}_t\\)）",
        "Adam: 对两个变量作偏差修正：（\\(\\hat{s}_t\\)）",
        "DP: The recurrence is (1)",
        "DP: The recurrence is (2)",
    ]


def test_long_formula_white_space_is_squeezed_to_fit_a_card(cards_of: Extract) -> None:
    """A long derivation loses its insignificant white space to stay under 600 characters; a % comment keeps it."""
    lines = "\n".join(f"    &= x_{{{k}}} + y_{{{k}}}        \\\\" for k in range(20))
    text = f"$$\n\\begin{{aligned}}\nL {lines}\n\\end{{aligned}}\n$$\n"
    assert len(text) > 620
    [card] = formulas(cards_of(text))
    assert len(card.back) <= 600
    assert "&= x_{19} + y_{19}" in card.back
    [kept] = formulas(cards_of(text.replace("L ", "L % loss\n")))
    assert "% loss\n" in kept.back


@pytest.mark.parametrize(
    ("text", "named"),
    [
        (
            "# Glossary\n\n**Variance**\n\nThe expected squared deviation from the mean:\n\n"
            "$$\\operatorname{Var}(X) = E[(X - \\mu)^2]$$\n",
            "Glossary > Variance: The expected",
        ),
        (
            "## 归一化\n\n**1. 计算均值**\n\n对 batch 内的样本求平均：\n\n$$\n\\mu = \\frac{1}{m}\\sum_i x_i\n$$\n",
            "归一化 > 1. 计算均值: ",
        ),
    ],
)
def test_a_bold_line_standing_as_a_sub_heading_names_the_formula(cards_of: Extract, text: str, named: str) -> None:
    """A bold line above a formula (``**Variance**``, ``**1. 计算均值**``) is its sub-heading: the front says it."""
    fronts = [c.front for c in cards_of(text) if c.kind is Kind.FORMULA]
    assert len(fronts) == 1
    assert fronts[0].startswith(named)


def test_a_bold_line_past_a_heading_does_not_name_the_formula(cards_of: Extract) -> None:
    """A bold line in an earlier section is not this formula's sub-heading."""
    text = "**Variance**\n\n## Mean\n\nThe average of the values:\n\n$$\\mu = \\frac{1}{n}\\sum_i x_i$$\n"
    fronts = [c.front for c in cards_of(text) if c.kind is Kind.FORMULA]
    assert fronts and "Variance" not in fronts[0]


_LATEX = st.lists(
    st.sampled_from(
        [
            "\\\\",
            "\\",
            "{",
            "}",
            "&",
            "x",
            " ",
            "\n",
            "=",
            "\\tag{1}",
            "\\tag*{2}",
            "\\label{a}",
            "\\lab",
            "\\ta",
            "\\begin{aligned}",
            "\\end{aligned}",
            "\\{",
            "a_i",
        ]
    ),
    max_size=12,
).map("".join)


@given(_LATEX)
def test_formula_shortcuts_skip_only_what_finds_nothing(latex: str) -> None:
    """Without ``\\tag``/``\\label`` the tag removal, and without ``\\\\`` the line-break scan, find nothing."""
    assert formula_key(latex) == formulas_module._SPACE.sub("", formulas_module._TAG.sub("", latex))
    if "\\\\" not in latex:
        assert formulas_module._loose_breaks(latex)[0] is False


@given(
    st.lists(
        st.sampled_from(
            [
                "也就是说",
                "也就",
                "是",
                "的",
                "即",
                "有",
                "损失",
                "this",
                "is",
                "that is",
                "i.e",
                "ie",
                "yields",
                "x",
                " ",
                ".",
                "_",
                "2",
                "，",
                "as follows",
                "Thus",
                "loss",
            ]
        ),
        max_size=10,
    )
)
def test_connectives_removed_in_two_steps_as_in_one(pieces: list[str]) -> None:
    """English connectives, then CJK ones, leave what removing both in one substitution leaves."""
    text = "".join(pieces)
    two_steps = formulas_module._CJK_CONNECTIVE.sub("", formulas_module._WORD_CONNECTIVE.sub("", text))
    whole = re.compile(f"{formulas_module._CJK_CONNECTIVES}|{formulas_module._WORD_CONNECTIVES}", re.I)
    assert two_steps == whole.sub("", text)


_PROSE_LEAK = re.compile(r"&(?:emsp|nbsp|ensp);|^\s*>\s|!\[|\]\(")  # formulas._leaks_prose as one pattern


@given(
    st.lists(
        st.sampled_from(["&nbsp;", "&emsp", ";", "&", " ", "\n", ">", "> ", "![", "]", "(", "](", "x", "\t"]),
        max_size=8,
    )
)
def test_prose_leaks_found_by_parts_as_by_the_pattern(pieces: list[str]) -> None:
    """Looking for each leak where it can stand finds a leak exactly when the one pattern does."""
    latex = "".join(pieces)
    assert formulas_module._leaks_prose(latex) == (_PROSE_LEAK.search(latex) is not None)


def test_split_knows_the_white_space_the_pattern_knows() -> None:
    """Every character ``\\s`` matches is one ``str.split`` splits on, and no other: formula_key joins the split."""
    space = re.compile(r"\s")
    assert all((space.match(ch) is not None) == ch.isspace() for ch in map(chr, range(sys.maxunicode + 1)))
