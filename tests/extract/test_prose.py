"""Tests for prose blocks: the per-block lookups give exactly what the direct computations give."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from flashnotes.extract.inline import MASKED, scan, span_at
from flashnotes.extract.prose import SOFT_BREAK, Prose, make_prose
from flashnotes.extract.text import CJK, CJK_PUNCT, sentences

# Pieces that exercise sentence ends, abbreviations, CJK line breaks and multi-line math.
PIECES = st.sampled_from(
    [
        "word",
        " ",
        "  ",
        "\n",
        ".",
        ". ",
        "e.g. ",
        "Dr. Who",
        "?",
        "! ",
        ";",
        "。",
        "！",
        "”",
        ")",
        "术语",
        "是",
        "，",
        "a",
        "B",
        "$x$",
        "$$\na\n=b\n$$",
        "\\[\na_1\n\\]",
        "`code`",
        ":",
    ]
)
TEXTS = st.lists(PIECES, max_size=40).map("".join)


def _naive_line(prose: Prose, offset: int) -> int:
    lines = prose.line + prose.masked.count("\n", 0, offset) + prose.masked.count(SOFT_BREAK, 0, offset)
    for m in MASKED.finditer(prose.masked, 0, offset):
        span = span_at(m.group(), prose.spans)
        if span is not None:
            lines += span.content.count("\n")
    return lines


def _naive_sentence_at(prose: Prose, pos: int) -> tuple[int, int]:
    spans = [(off, off + len(s)) for off, s in prose.sentences()]
    for start, end in spans:
        if start <= pos < end:
            return start, end
    return (0, 0) if not spans else spans[-1]


@settings(max_examples=300, deadline=None)
@given(TEXTS)
def test_line_at_counts_breaks_and_multiline_spans(raw: str) -> None:
    """line_at equals counting line breaks (and the lines inside masked math) before the offset."""
    prose = make_prose(raw, 3)
    for offset in range(len(prose.masked) + 1):
        assert prose.line_at(offset) == _naive_line(prose, offset)


@settings(max_examples=300, deadline=None)
@given(TEXTS)
def test_sentence_at_finds_the_holding_sentence(raw: str) -> None:
    """sentence_at equals scanning the sentences for the one holding the offset."""
    prose = make_prose(raw, 1)
    for pos in range(len(prose.masked) + 1):
        assert prose.sentence_at(pos) == _naive_sentence_at(prose, pos)


@settings(max_examples=300, deadline=None)
@given(TEXTS)
def test_sentences_before_equals_splitting_the_prefix(raw: str) -> None:
    """sentences_before(end, n) is the last n sentences of masked[:end], for every end."""
    prose = make_prose(raw, 1, flat=True)
    for end in range(len(prose.masked) + 1):
        whole = sentences(prose.masked[:end])
        for count in (1, 3):
            assert prose.sentences_before(end, count) == whole[-count:]


def test_display_chars_are_the_display_math_placeholders() -> None:
    """Display math placeholders are clause boundaries; inline math and code are not."""
    prose = make_prose("a $x$ b \\[y = 1\\] c `z`", 1)
    display = [ch for ch in prose.masked if span_at(ch, prose.spans) is not None and ch in prose.display_chars]
    assert len(display) == 1
    assert prose.spans[ord(display[0]) - 0xF0000].content == "y = 1"


_BREAK_PIECES = st.lists(
    st.sampled_from(["术语", "，", "。", "“", "「", "*", "`", "$", "a", " ", "\t", "\n"]), max_size=30
)


@given(_BREAK_PIECES.map("".join))
def test_soft_breaks_are_where_the_lookbehind_first_pattern_puts_them(raw: str) -> None:
    """The break pattern that finds the line break first joins exactly the lines the lookbehind-first one joined."""
    before = f"[{CJK}{CJK_PUNCT}*`$]"
    old = f"(?<={before})\n(?=[ \t]*[{CJK}*`$“「])|(?<=[{CJK}])\n(?=[ \t]*[{CJK_PUNCT}])"
    expected = scan(re.sub(old, SOFT_BREAK, raw)).masked
    assert make_prose(raw, 1).masked == expected
