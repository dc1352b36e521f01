"""Exercise cards: a problem statement with worked examples (LeetCode style)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from flashnotes.extract.blocks import Block, BlockKind
from flashnotes.extract.draft import Draft
from flashnotes.extract.inline import render, scan
from flashnotes.extract.text import has_cjk, truncate
from flashnotes.model import Kind

_EXAMPLE = re.compile(r"(?:示例|样例|例子|Example)\s*[1１一]?\s*[:：]?", re.I)
_EXAMPLE_HEAD = re.compile(r"^\s*(?:示例|样例|Example)\s*\d*\s*[:：]?\s*$", re.I)
_PROBLEM_HEAD = re.compile(r"题目|题目描述|问题描述|problem|description", re.I)
_IO = re.compile(
    r"(?:输入|Input)\s*[:：]\s*(?P<input>.+?)\s*(?:输出|Output)\s*[:：]\s*(?P<output>.+?)"
    r"(?:\s*(?:解释|Explanation)\s*[:：]\s*(?P<why>.+?))?\s*(?=(?:示例|样例|Example)\s*\d|提示\s*[:：]|Constraints\s*:|$)",
    re.S | re.I,
)
_TITLE = re.compile(r"^.*?(?:题目描述|题目|Description)\s*[:：]?\s*", re.S)


@dataclass(frozen=True, slots=True)
class Found:
    """The exercise card drafted and the blocks it used."""

    draft: Draft
    used: frozenset[int]


def _plain(block: Block) -> str:
    if block.kind in (BlockKind.CODE, BlockKind.PRE):
        return re.sub(r"<[^>]+>", "", block.text).replace("&nbsp;", " ").replace("&lt;", "<").replace("&gt;", ">")
    inline = scan(block.text)
    return render(inline.masked, inline.spans)


def _statement_start(blocks: list[Block], marker: int) -> int:
    for i in range(marker - 1, -1, -1):
        if blocks[i].kind is BlockKind.HEADING:
            if _PROBLEM_HEAD.search(blocks[i].text):
                return i + 1
            if i < marker - 1:
                return i + 1
    return 0


_HINT = re.compile(r"(?:示例|样例|Example)[\s\S]*?(?:输入|Input)\s*[:：]", re.I)


def might_have_exercise(text: str) -> bool:
    """A cheap test: could the article hold a worked-example problem at all?"""
    return _HINT.search(text) is not None


def find_exercise(blocks: list[Block]) -> Found | None:
    """The first worked-example problem in the article, as one quiz card."""
    for i, block in enumerate(blocks):
        if block.kind is BlockKind.CODE:
            continue
        text = _plain(block)
        if (block.kind is BlockKind.HEADING and _EXAMPLE_HEAD.match(text)) or _EXAMPLE_HEAD.match(text):
            return _from_blocks(blocks, i)
        if re.search(r"(?:示例|Example)\s*1\s*[:：]", text, re.I) and re.search(r"(?:输入|Input)\s*[:：]", text, re.I):
            return _from_line(block, text)
    return None


def _from_blocks(blocks: list[Block], marker: int) -> Found | None:
    start = _statement_start(blocks, marker)
    statement_blocks = [i for i in range(start, marker) if blocks[i].kind in (BlockKind.PARAGRAPH, BlockKind.ITEM)]
    statement = "\n".join(_plain(blocks[i]) for i in statement_blocks).strip()
    example_blocks = [marker]
    j = marker + 1
    while j < len(blocks) and blocks[j].kind is not BlockKind.HEADING and not _EXAMPLE_HEAD.match(_plain(blocks[j])):
        example_blocks.append(j)
        j += 1
    example = "\n".join(_plain(blocks[k]) for k in example_blocks)
    draft = _draft(statement, example, blocks[statement_blocks[0]] if statement_blocks else blocks[marker])
    if draft is None:
        return None
    return Found(draft, frozenset(statement_blocks))


def _from_line(block: Block, text: str) -> Found | None:
    m = _EXAMPLE.search(text)
    if m is None:
        return None
    head = text[: m.start()]
    statement = _TITLE.sub("", head, count=1) if re.search(r"题目|Description", head) else head
    draft = _draft(statement.strip(), text[m.start() :], block)
    return Found(draft, frozenset()) if draft else None


def _draft(statement: str, example: str, block: Block) -> Draft | None:
    io = _IO.search(example)
    if not statement or io is None:
        return None
    cjk = has_cjk(statement)
    given = io.group("input").strip()
    output = io.group("output").strip()
    why = (io.group("why") or "").strip()
    front = truncate(statement, 300) + ("\n\n输入：" if cjk else "\n\nInput: ") + truncate(given, 80)
    back = ("输出：" if cjk else "Output: ") + output
    if why:
        back += ("\n解释：" if cjk else "\nExplanation: ") + truncate(why, 200)
    key = truncate(statement.split("\n", maxsplit=1)[0], 120)
    return Draft(Kind.QUIZ, key, front, back, block.line, block.heading, 0)
