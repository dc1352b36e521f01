"""Tests for block parsing: headings, lists, code, display math, tables."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from flashnotes.extract.blocks import BlockKind, parse_blocks
from tests.helpers import HOSTILE_FRAGMENTS, work_ratio


def kinds(text: str) -> list[tuple[BlockKind, int]]:
    return [(b.kind, b.line) for b in parse_blocks(text)]


def test_display_math_in_every_delimiter_is_one_block() -> None:
    """$$…$$, \\[…\\], equation environments and a lone \\(…\\) line are display math."""
    text = "\n".join(
        [
            "$$",
            "a = b",
            "$$",
            "",
            r"\[ c = d \]",
            "",
            r"\begin{align}",
            r"e &= f \\",
            r"\end{align}",
            "",
            r"\( g = h \)",
        ]
    )
    blocks = parse_blocks(text)
    assert [b.kind for b in blocks] == [BlockKind.MATH] * 4
    assert [b.line for b in blocks] == [1, 5, 7, 11]
    assert blocks[0].text.strip() == "a = b"


def test_mid_sentence_double_dollar_is_not_a_block() -> None:
    """$$…$$ inside a sentence stays in its paragraph (it is inline math)."""
    assert kinds("with observed $$x \\in X$$, where X is finite") == [(BlockKind.PARAGRAPH, 1)]


def test_a_lone_expression_that_finishes_a_broken_sentence_stays_in_its_paragraph() -> None:
    """``… scaled by`` then ``$1-p$.`` is one sentence; a relation or an introduced formula alone is a block."""
    assert kinds("the activations are scaled by\n$1-p$.\n") == [(BlockKind.PARAGRAPH, 1)]
    assert kinds("激活值再乘以\n$1-p$。\n") == [(BlockKind.PARAGRAPH, 1)]
    assert kinds("The loss is\n$L = (y - t)^2$.\n") == [(BlockKind.PARAGRAPH, 1), (BlockKind.MATH, 2)]
    assert kinds("输出为：\n$Wx + b$.\n") == [(BlockKind.PARAGRAPH, 1), (BlockKind.MATH, 2)]
    assert kinds("so that\n$x \\le 1$\n") == [(BlockKind.PARAGRAPH, 1), (BlockKind.MATH, 2)]


def test_code_fences_hide_their_content() -> None:
    """A fenced block is one CODE block, whatever Markdown or math it holds."""
    blocks = parse_blocks("```python\n# 标题\n$$x$$\n```\n\ntext")
    assert [b.kind for b in blocks] == [BlockKind.CODE, BlockKind.PARAGRAPH]
    assert "$$x$$" in blocks[0].text


def test_headings_give_every_block_its_path() -> None:
    """Blocks carry the heading path in force, and deeper headings nest."""
    blocks = parse_blocks("# A\n\n## B\n\ntext\n\n## C\n\nmore")
    assert blocks[2].heading == ("A", "B")
    assert blocks[4].heading == ("A", "C")


def test_list_items_record_their_content_column() -> None:
    """Numbered and bulleted items are ITEM blocks whose level is where their text starts."""
    blocks = parse_blocks("1. 问题？\n\n   答案\n   - 子项")
    assert [(b.kind, b.indent, b.level) for b in blocks] == [
        (BlockKind.ITEM, 0, 3),
        (BlockKind.PARAGRAPH, 3, 0),
        (BlockKind.ITEM, 3, 5),
    ]


def test_tables_and_comments_are_their_own_blocks() -> None:
    """Pipe tables and HTML comments are recognised as blocks."""
    assert [k for k, _ in kinds("| a | b |\n|---|---|\n| 1 | 2 |\n\n<!-- note -->")] == [
        BlockKind.TABLE,
        BlockKind.COMMENT,
    ]


def test_display_math_inside_a_block_quote() -> None:
    """``> $$`` opens display math inside a quote; its lines lose their ``>`` markers."""
    blocks = parse_blocks("> 3. 写出公式：\n> $$\n> a = b\n$$\n\n后文。\n")
    assert [(b.kind, b.line) for b in blocks] == [
        (BlockKind.PARAGRAPH, 1),
        (BlockKind.MATH, 2),
        (BlockKind.PARAGRAPH, 6),
    ]
    assert blocks[1].text.strip() == "a = b"


def test_unclosed_double_dollar_stops_at_a_blank_line() -> None:
    """A ``$$`` that no line closes before a blank line is text, so it cannot pair with a later ``$$``."""
    blocks = parse_blocks("$$ \n> 4. 下一步\n\n中间的段落。\n\n$$\nx = 1\n$$\n")
    assert [b.kind for b in blocks] == [BlockKind.PARAGRAPH, BlockKind.PARAGRAPH, BlockKind.MATH]
    assert blocks[2].text.strip() == "x = 1"


@pytest.mark.parametrize(
    ("line", "title"),
    [("# Title", "Title"), ("## Title ##", "Title"), ("### a # b", "a # b"), ("# #", "#"), ("#tag", "tag")],
)
def test_headings_and_their_closing_hashes(line: str, title: str) -> None:
    """ATX headings keep their text; a closing run of ``#`` after a space is dropped."""
    [block] = parse_blocks(line)
    assert (block.kind, block.heading) == (BlockKind.HEADING, (title,))


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(HOSTILE_FRAGMENTS), min_size=1, max_size=6).map("".join))
def test_block_parsing_takes_linear_time(unit: str) -> None:
    """Four times the input takes about four times the work, whatever fragments repeat."""
    assert work_ratio(parse_blocks, unit) < 10


@pytest.mark.parametrize("unit", ["$$\n", "\\[\n", "\\begin{equation}\n", "# a" + " " * 500 + "b\n"])
def test_unclosed_display_math_and_long_headings_take_linear_time(unit: str) -> None:
    """Display-math openers without closers and headings with long space runs scale linearly."""
    assert work_ratio(parse_blocks, unit) < 10


@given(st.text(alphabet="-*+109. \t)xa", max_size=12))
def test_ascii_item_marker_matches_as_the_full_pattern(line: str) -> None:
    """On an ASCII line the fast item pattern finds exactly what the CJK-aware one finds."""
    from flashnotes.extract import blocks

    full, fast = blocks._ITEM.match(line), blocks._item(line)
    assert (full and full.span()) == (fast and fast.span())


_LINE_STARTS = [*"`~#$\\>|<-*+•_?!=:（[{ a中1١１", "$$", "\\[", "\\begin{align}", "<!--", "<pre>", "1. ", "- ", "> $$"]


@given(st.lists(st.sampled_from([*_LINE_STARTS, "x", " ", "$", "。"]), min_size=1, max_size=8).map("".join))
def test_a_plain_line_start_opens_no_block(line: str) -> None:
    """A line the first-character test calls plain is no block opener and no lone formula, by the full checks."""
    from flashnotes.extract import blocks

    s = line.strip()
    if s and blocks._plain_start(s):
        assert not blocks._interrupts(s) and blocks._lone_math(s) is None
        assert [b.kind for b in parse_blocks(s)] == [BlockKind.PARAGRAPH]
