"""Tests for formula cards: display math, fronts from context, and what is not a formula."""

from __future__ import annotations

from collections.abc import Callable

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
