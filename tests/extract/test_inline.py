"""Tests for inline scanning: math, code, escapes and prose dollars."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from flashnotes.extract import inline
from flashnotes.extract.inline import (
    MASKED,
    Inline,
    Span,
    SpanKind,
    _Scanner,
    code_text,
    render,
    scan,
    span_at,
    strip_emphasis,
)
from tests.helpers import HOSTILE_FRAGMENTS, work_ratio


def rendered(text: str) -> str:
    inline = scan(text)
    return render(inline.masked, inline.spans)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (r"词元 \[MASK] 与引用 \[5\] 以及 \(1\)", "词元 [MASK] 与引用 [5] 以及 (1)"),
        ("costs $5 and $10 today", "costs $5 and $10 today"),
        ("run echo $HOME/$USER now", "run echo $HOME/$USER now"),
        ("a `x_1 = *y*` b", "a x_1 = *y* b"),
    ],
)
def test_things_that_are_not_math_stay_text(text: str, expected: str) -> None:
    """Escaped brackets, prices, shell variables and code spans never become formulas."""
    assert rendered(text) == expected
    assert all(span.kind is not SpanKind.MATH for span in scan(text).spans)


@pytest.mark.parametrize(
    ("text", "latex"),
    [
        (r"若 $a_1 * b_2 = c$ 成立", "a_1 * b_2 = c"),
        (r"see \(x^2_{i}\) here", "x^2_{i}"),
        (r"double \\(\alpha_t\\) form", r"\alpha_t"),
        (r"mid $$p(x|z)$$ sentence", "p(x|z)"),
    ],
)
def test_inline_math_is_recognised_and_left_untouched(text: str, latex: str) -> None:
    """Every inline math form is masked and its LaTeX survives byte for byte."""
    spans = [s for s in scan(text).spans if s.kind is SpanKind.MATH]
    assert [s.content for s in spans] == [latex]
    assert f"\\({latex}\\)" in rendered(text)


def test_links_images_html_and_emphasis_are_rendered_to_text() -> None:
    """Link targets and tags disappear, images stay as Markdown images, emphasis markers go."""
    text = '见 [文档](https://x.org "t") ![图](a.png) <b>粗</b> **重点** *斜体* &lt; <img src="b.svg" width=3>'
    assert rendered(text) == "见 文档 ![](a.png) 粗 重点 斜体 < ![](b.svg)"


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(HOSTILE_FRAGMENTS), min_size=1, max_size=6).map("".join))
def test_scanning_and_rendering_take_linear_time_on_repeated_fragments(unit: str) -> None:
    """Four times the input takes about four times the work, never sixteen (no rescans per opener)."""
    assert work_ratio(rendered, unit) < 10


@pytest.mark.parametrize(
    "unit", ["\\\\$a", "![a](", "[a](", "{%", "<!--", "==a ", "**a ", "~~a ", "`a``", "\\begin{x}", "$a "]
)
def test_inputs_that_used_to_hang_take_linear_time(unit: str) -> None:
    """The hostile inputs of issue 9 (each was quadratic or cubic) now scale linearly."""
    assert work_ratio(rendered, unit) < 10


def test_unclosed_openers_stay_text() -> None:
    """An unclosed template tag, comment, code run or formula is kept as written, not swallowed."""
    assert rendered("a {% b") == "a {% b"
    assert rendered("a <!-- b") == "a <!-- b"
    assert rendered("a `` b") == "a `` b"
    assert rendered("a {% x %} b <!-- c --> d") == "a b d"


def test_image_syntax_inside_code_is_not_an_image() -> None:
    """``![](path)`` written in a code span stays text and is never read as an image reference."""
    text = rendered("see `![x](/etc/passwd)` here")
    assert "![" not in text and "(/etc/passwd)" in text


def _render_by_sub(masked: str, spans: tuple[Span, ...], math: bool) -> str:
    """The renderer as it was first written: one regex callback per placeholder, then every space run."""

    def restore(m: re.Match[str]) -> str:
        span = span_at(m.group(), spans)
        if span is None:
            return m.group()
        if span.kind is SpanKind.CODE:
            return code_text(span.content)
        if span.kind is SpanKind.IMAGE:
            return f" ![]({span.content}) "
        if not math:
            return span.content.strip()
        return ("\\[" if span.display else "\\(") + span.content.strip() + ("\\]" if span.display else "\\)")

    text = strip_emphasis(masked)
    if spans:
        text = MASKED.sub(restore, text)
    return re.sub(r"[ \t\n]+", " ", text).strip()


_PIECES = st.lists(st.sampled_from([*HOSTILE_FRAGMENTS, "  ", "\t", "x\u3000y", "é", "$a_1$", "`c`"]), max_size=14)


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(_PIECES, st.booleans(), st.integers(0, 40), st.integers(0, 40))
def test_render_equals_the_per_placeholder_renderer(pieces: list[str], math: bool, start: int, length: int) -> None:
    """Rendering by a table of placeholders, with its fast paths, gives what the per-placeholder callback gave."""
    inline = scan("".join(pieces))
    piece = inline.masked[start : start + length]
    assert render(piece, inline.spans, math=math) == _render_by_sub(piece, inline.spans, math)
    assert render(inline.masked, inline.spans, math=math) == _render_by_sub(inline.masked, inline.spans, math)


@given(st.lists(st.sampled_from([*HOSTILE_FRAGMENTS, "plain words", "。"]), max_size=12))
def test_scan_without_a_token_start_is_the_full_scan(pieces: list[str]) -> None:
    """The shortcut for text with no token, and the first token handed over, mask exactly as the full scanner does."""
    text = "".join(pieces)
    scanner = _Scanner(text)
    scanner.run()
    assert scan(text) == Inline("".join(scanner.parts), tuple(scanner.spans))


# The emphasis pattern as first written: lookbehinds before the markers, a backreference for ``**``/``__``.
_LOOKBEHIND_FIRST_EMPHASIS = re.compile(
    r"(\*\*|__)(?=\S)((?:(?!\1).)+?)(?<=\S)\1"
    r"|(?<![\w*])\*(?=[^\s*])([^*\n]+?)(?<=[^\s*])\*(?!\w)"
    r"|(?<![\w_])_(?=\S)([^_]+?)(?<=\S)_(?![\w_])"
    r"|~~((?:(?!~~).)+?)~~"
    r"|==((?:(?!==).)+?)=="
)


def _strip_by_lookbehinds(text: str) -> str:
    for _ in range(4):
        before = text
        text = _LOOKBEHIND_FIRST_EMPHASIS.sub(lambda m: next(g for g in m.groups()[1:] if g is not None), text)
        if text == before:
            break
    return text


@settings(max_examples=500)
@given(
    st.lists(st.sampled_from(["*", "**", "***", "_", "__", "~~", "==", "a", "b", " ", "\n", "中", "é"]), max_size=16)
)
def test_marker_first_emphasis_strips_as_the_lookbehind_first_pattern(pieces: list[str]) -> None:
    """The emphasis pattern that opens every alternative with its marker strips exactly what the first one did."""
    text = "".join(pieces)
    assert strip_emphasis(text) == _strip_by_lookbehinds(text)


@given(st.text(alphabet="$\\ \n1a中", max_size=12), st.integers(0, 12))
def test_dollar_patterns_find_what_their_lookbehind_first_forms_find(text: str, pos: int) -> None:
    """The closing and price-like dollar patterns, opening with the dollar, match where the old forms did."""
    pairs = [
        (inline._DOLLAR_CLOSE, re.compile(r"(?<![\\\s])\$(?!\d)")),
        (inline._DOLLAR_LOOSE, re.compile(r"(?<=\s)\$|(?<!\\)\$(?=\d)")),
    ]
    for ours, first in pairs:
        found, expected = ours.search(text, pos), first.search(text, pos)
        assert (found and found.span()) == (expected and expected.span())


# The token pattern as first written, each token's group around the whole alternative, tried with
# ``match`` at each character a token can start with.
_GROUP_FIRST_TOKEN = re.compile(
    r"(?P<role>:[a-z]+:`[^`\n]*`)|(?P<liquid>\{%)|(?P<code>`+)|(?P<dd>\\\\\()|(?P<paren>\\\()|(?P<brack>\\\[)"
    r"|(?P<esc>\\[$\\*_`\]#)])|(?P<env>\\begin\{(?P<envname>[A-Za-z]+\*?)\})|(?P<dollar2>\$\$)|(?P<dollar>\$)"
    r"|(?P<image>!\[(?P<alt>[^\[\]\n]*)\]\((?P<src>[^()\[\]\s]*)(?:\s+\"[^\"\n]*\")?\))"
    r"|(?P<link>\[(?P<ltext>(?:[^\[\]\n]|\[[^\[\]\n]*\])*)\]\((?P<lurl>[^()\[\]\s]*)(?:\s+\"[^\"\n]*\")?\))"
    r"|(?P<comment><!--)|(?P<html></?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>)|(?P<entity>&(?:[A-Za-z]+|#\d+|#x[0-9A-Fa-f]+);)"
)


def _token_by_candidates(text: str, pos: int) -> re.Match[str] | None:
    while (c := re.compile(r"[\\:{`$!\[<&]").search(text, pos)) is not None:
        if (m := _GROUP_FIRST_TOKEN.match(text, c.start())) is not None:
            return m
        pos = c.start() + 1
    return None


_TOKEN_PIECES = [*HOSTILE_FRAGMENTS, ":ab:`x`", "``", "![a](b)", "[t](u)", "<b>", "&amp;", "\\$", "\\begin{align}"]


@settings(max_examples=400)
@given(st.lists(st.sampled_from(_TOKEN_PIECES), max_size=12), st.integers(0, 30))
def test_token_search_finds_what_matching_at_each_candidate_found(pieces: list[str], pos: int) -> None:
    """One search for the next token finds the token, its kind and its parts that the candidate loop found."""
    text = "".join(pieces)
    found, expected = inline._TOKEN.search(text, pos), _token_by_candidates(text, pos)
    assert (found is None) == (expected is None)
    if found is not None and expected is not None:
        assert (found.span(), found.lastgroup) == (expected.span(), expected.lastgroup)
        assert all(found[g] == expected[g] for g in ("envname", "alt", "src", "ltext", "lurl"))


@given(st.text(alphabet="`a \n", max_size=14), st.integers(1, 4), st.integers(0, 14))
def test_backtick_run_pattern_finds_what_the_lookbehind_first_one_found(text: str, length: int, pos: int) -> None:
    """The closing run of exactly n backticks is found where the lookbehind-first pattern found it."""
    found = inline._run_of(length).search(text, pos)
    expected = re.compile(f"(?<!`)`{{{length}}}(?!`)").search(text, pos)
    assert (found and found.span()) == (expected and expected.span())
