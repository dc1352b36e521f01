"""Tests for LaTeX to MathML: real conversion, untrusted text escaped, failures reported as None."""

from __future__ import annotations

import re
from xml.etree import ElementTree

from hypothesis import given, settings
from hypothesis import strategies as st

from flashnotes.deck.mathml import MAX_LATEX, to_mathml


def test_fraction_becomes_mathml_with_display_mode() -> None:
    """A fraction converts to <mfrac> inside <math display="block">, symbols decoded once."""
    out = to_mathml(r"\frac{a}{b} = \alpha", block=True)
    assert out is not None
    assert out.startswith('<math display="block">') and "<mfrac>" in out and "α" in out
    assert "&amp;#" not in out


def test_text_and_links_from_the_article_cannot_become_markup() -> None:
    """HTML inside \\text{} is escaped and \\href's target is dropped: no element or attribute is injected."""
    out = to_mathml(r"\text{<img src=x onerror=alert(1)>} \href{javascript:alert(1)}{x} a<b", block=False)
    assert out is not None
    assert "<img" not in out and "&lt;img" in out and "alert(1)&gt;" in out
    assert "javascript" not in out and "href" not in out
    assert set(re.findall(r"<(\w+)", out)) <= {"math", "mrow", "mi", "mo", "mtext"}


def test_aligned_environment_becomes_a_table() -> None:
    """\\begin{aligned} (which MathJax knows) is laid out as rows of a table rather than one flat row."""
    out = to_mathml(r"\begin{aligned} a &= b \\ c &= d \end{aligned}", block=True)
    assert out is not None and out.count("<mtr>") == 2 and ">&amp;<" not in out


def test_malformed_or_huge_latex_gives_none() -> None:
    """Unbalanced, infinitely recursive or over-long LaTeX is reported as not convertible."""
    assert to_mathml(r"\frac{a}{", block=False) is None
    assert to_mathml("{" * 3000 + "x" + "}" * 3000, block=False) is None
    assert to_mathml("x+" * (MAX_LATEX // 2 + 1), block=False) is None


ALLOWED = {
    "math", "mrow", "mi", "mn", "mo", "mtext", "mspace", "msub", "msup", "msubsup", "mfrac", "msqrt",
    "mroot", "mstyle", "mtable", "mtr", "mtd", "munder", "mover", "munderover", "mpadded", "mphantom",
}  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from([*"\\{}^_&<>\"'abx12 ", r"\frac", r"\text{", r"\left(", r"\right)", r"\\"])).map("".join)
)
def test_any_input_gives_none_or_well_formed_mathml_of_allowed_tags(latex: str) -> None:
    """Whatever the LaTeX, the result is None or well-formed MathML made only of allowed elements."""
    out = to_mathml(latex, block=False)
    if out is not None:
        tags = {element.tag for element in ElementTree.fromstring(out).iter()}
        assert tags <= ALLOWED
