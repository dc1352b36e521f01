"""Exercise cards: a problem statement with worked examples (LeetCode style).

The front is the statement with its first example's input; the back is what a
learner must recall: the article's solution idea with its time and space
complexity, or, when the article gives no solution, the example's output.
Every scan here is one left-to-right pass: no lazy match runs over the article.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from flashnotes.extract.answers import dangling
from flashnotes.extract.blocks import Block, BlockKind
from flashnotes.extract.draft import Draft
from flashnotes.extract.hints import INPUT_WORD
from flashnotes.extract.inline import render, scan
from flashnotes.extract.patterns import lazy
from flashnotes.extract.text import has_cjk, sentences, truncate
from flashnotes.model import Kind

SOLUTION_LIMIT = 300
BACK_LIMIT = 600
_EXAMPLE = lazy(r"(?:示例|样例|例子|Example)\s*[1１一]?\s*[:：]?", re.I)
_EXAMPLE_HEAD = lazy(r"^\s*(?:示例|样例|Example)\s*\d*\s*[:：]?\s*$", re.I)
_EXAMPLE_ONE = lazy(r"(?:示例|Example)\s*1\s*[:：]", re.I)
_PROBLEM_HEAD = lazy(r"题目|题目描述|问题描述|problem|description", re.I)
# One pass over an example finds every marker; the parts are the text between them.
_MARK = lazy(
    r"(?P<input>输入|Input)\s*[:：]|(?P<output>输出|Output)\s*[:：]|(?P<why>解释|Explanation)\s*[:：]"
    r"|(?P<stop>(?:示例|样例|Example)\s*\d|提示\s*[:：]|Constraints\s*:)",
    re.I,
)
_TITLE = lazy(r"(?:题目描述|题目|Description)\s*[:：]?\s*")
_SOLUTION_HEAD = lazy(
    r"解法|题解|解题|解答|思路|分析|方法\s*[一二三四五1-9]|算法|approach|solution|intuition|algorithm|explanation", re.I
)
_COMPLEXITY_HEAD = lazy(r"复杂度|complexity", re.I)
# A paragraph that names itself the solution: ``**思路**：…``, ``解法一：…``, ``Approach: …``, ``Idea: …``.
_SOLUTION_LABEL = lazy(
    r"^[*_\s]*(?:解题思路|思路|解法|题解|分析|方法\s*[一二三四五1-9]?|approach|solution|intuition|idea|algorithm)"
    r"[^:：\n]{0,12}?[*_]*\s*[:：]\s*[*_]*\s*(?=\S)",
    re.I,
)
# Sections after the examples that are not the solution: limits, follow-ups, sources, related problems.
_NOT_SOLUTION_HEAD = lazy(
    r"提示|约束|限制|说明|进阶|来源|相关|参考|示例|样例|constraints?|notes?|follow[- ]?up|sources?|related|references?|"
    r"examples?",
    re.I,
)
_QUOTE_MARK = lazy(r"^[ \t]*(?:>[ \t]?)+", re.M)
_LABEL_BLOCK = lazy(r"^\s*(?:\*\*|__)[^*_\n]{1,40}(?:\*\*|__)\s*[:：]?\s*$|^[^\n。.!?！？:：]{1,30}[:：]\s*$")
_HTML_TAG = lazy(r"<[^>]+>")
_SOURCE_LINE = lazy(r"^\s*(?:来源|链接|出处|著作权|source|link)\s*[:：]|https?://", re.I)
_COMPLEXITY = lazy(
    r"时间复杂度|空间复杂度|time complexity|space complexity|复杂度\s*[:：为是]|\bcomplexity\s*[:：]", re.I
)


@dataclass(frozen=True, slots=True)
class Found:
    """The exercise card drafted and the blocks it used."""

    draft: Draft
    used: frozenset[int]


def _plain(block: Block) -> str:
    """A block's text rendered, without block-quote markers."""
    return _rendered(block.text, block.kind in (BlockKind.CODE, BlockKind.PRE))


@cache
def _rendered(text: str, code: bool) -> str:
    """A block's text rendered, kept while one article's problems are looked for (each public finder
    clears it first): the examples, the solution and the next problem's sections are read more than once."""
    if code:
        return _HTML_TAG.sub("", text).replace("&nbsp;", " ").replace("&lt;", "<").replace("&gt;", ">")
    text = _QUOTE_MARK.sub("", text) if text.lstrip().startswith(">") else text
    inline = scan(text)
    return render(inline.masked, inline.spans)


def _may_name_example(raw: str) -> bool:
    """Whether a block's rendered text could say ``示例``, ``样例`` or ``Example``, asked before rendering it.

    Rendering keeps the raw characters or drops them, decodes entities (``&…;``) and adds only
    spaces, brackets, math delimiters and joiners; case-blind, the ``x`` of Example matches only
    ``x``/``X``. So without one of x, X, 示, 样 or &, the rendered text names no example.
    """
    return "x" in raw or "X" in raw or "示" in raw or "样" in raw or "&" in raw


def _is_label(block: Block) -> bool:
    """A block that only labels what follows: ``**Intuition**``, ``Algorithm:``."""
    return _LABEL_BLOCK.match(block.text) is not None


def _statement_start(blocks: list[Block], marker: int) -> int:
    for i in range(marker - 1, -1, -1):
        if blocks[i].kind is BlockKind.HEADING:
            if _PROBLEM_HEAD.search(blocks[i].text):
                return i + 1
            if i < marker - 1:
                return i + 1
    return 0


def find_exercise(blocks: list[Block]) -> Found | None:
    """The first worked-example problem in the article, as one quiz card."""
    _rendered.cache_clear()
    found = _exercise_from(blocks, 0)
    return found[0] if found else None


def find_exercises(blocks: list[Block]) -> list[Found]:
    """Every worked-example problem in the article, one quiz card each.

    After a problem, the next one starts at a later section that holds an example of
    its own (``## 2. 有效的括号`` with its ``示例 1``), not at the first problem's
    further examples, limits or solution.
    """
    _rendered.cache_clear()
    out: list[Found] = []
    start = 0
    while (hit := _exercise_from(blocks, start)) is not None:
        found, at = hit
        out.append(found)
        start = _next_problem(blocks, at)
    return out


def _exercise_from(blocks: list[Block], start: int) -> tuple[Found, int] | None:
    """The first problem whose example is at or after block ``start``, and where its example is."""
    for i in range(start, len(blocks)):
        block = blocks[i]
        if block.kind is BlockKind.CODE or not _may_name_example(block.text):
            continue
        text = _plain(block)
        if _EXAMPLE_HEAD.match(text):
            found = _from_blocks(blocks, i)
        elif _inline_example(text):
            found = _from_line(blocks, i, text)
        else:
            continue
        return (found, i) if found else None
    return None


def _inline_example(text: str) -> bool:
    """Whether a block gives its first example inline (``示例 1：输入：…``); never without a ``1``."""
    return "1" in text and _EXAMPLE_ONE.search(text) is not None and INPUT_WORD.search(text) is not None


def _next_problem(blocks: list[Block], after: int) -> int:
    """The first later heading that poses a problem of its own, or the end."""
    for k in range(after + 1, len(blocks)):
        block = blocks[k]
        if (
            block.kind is not BlockKind.HEADING
            or _NOT_SOLUTION_HEAD.search(block.text)
            or _SOLUTION_HEAD.search(block.text)
        ):
            continue
        if _holds_example(blocks, k):
            return k
    return len(blocks)


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
    solution = solution_of(blocks, j)
    draft = _draft(statement, example, solution, blocks[statement_blocks[0]] if statement_blocks else blocks[marker])
    if draft is None:
        return None
    return Found(draft, frozenset(statement_blocks))


def _from_line(blocks: list[Block], i: int, text: str) -> Found | None:
    """An example written inline (``示例 1：输入：… 输出：…``): the statement before it in its
    block, or in the blocks before it when the example opens its block."""
    m = _EXAMPLE.search(text)
    if m is None:
        return None
    head = text[: m.start()]
    title = _TITLE.search(head)
    statement = (head[title.end() :] if title else head).strip()
    used: frozenset[int] = frozenset()
    first = blocks[i]
    if len(statement) < 8:
        start = _statement_start(blocks, i)
        before = [k for k in range(start, i) if blocks[k].kind in (BlockKind.PARAGRAPH, BlockKind.ITEM)]
        statement = "\n".join(_plain(blocks[k]) for k in before).strip()
        used = frozenset(before)
        first = blocks[before[0]] if before else first
    draft = _draft(statement, text[m.start() :], solution_of(blocks, i + 1), first)
    return Found(draft, used) if draft else None


@dataclass(frozen=True, slots=True)
class Example:
    """The parts of a worked example: input, output and the explanation if any."""

    given: str
    output: str
    why: str


def parse_example(text: str) -> Example | None:
    """The first input/output pair of an example text, found in one pass over its markers."""
    parts: dict[str, str] = {}
    current, last = "", 0
    for m in _MARK.finditer(text):
        kind = m.lastgroup or "stop"
        if current:
            parts[current] = text[last : m.start()].strip()
            current = ""
        if kind in parts or ("output" in parts and kind in ("stop", "input")):
            break
        if kind == "stop" or (kind != "input" and "input" not in parts):
            continue
        current, last = kind, m.end()
    if current:
        parts[current] = text[last:].strip()
    if not parts.get("input") or not parts.get("output"):
        return None
    return Example(parts["input"], parts["output"], parts.get("why", ""))


def _section_end(blocks: list[Block], i: int) -> int:
    """The index after the section that heading ``i`` opens (the next heading of its level or above)."""
    level = blocks[i].level
    j = i + 1
    while j < len(blocks) and not (blocks[j].kind is BlockKind.HEADING and blocks[j].level <= level):
        j += 1
    return j


def _first_prose(blocks: list[Block], start: int, end: int) -> str:
    for k in range(start, end):
        if blocks[k].kind in (BlockKind.PARAGRAPH, BlockKind.ITEM) and not _is_label(blocks[k]):
            text = _plain(blocks[k]).strip()
            if len(text) >= 8:
                return text
    return ""


def _complexity(blocks: list[Block], start: int) -> str:
    """The first statement of time/space complexity after ``start``, up to the next problem: a sentence,
    or a complexity section."""
    for k in range(start, len(blocks)):
        block = blocks[k]
        if block.kind is BlockKind.HEADING and not _COMPLEXITY_HEAD.search(block.text) and _holds_example(blocks, k):
            return ""  # the next problem's cost is not this one's
        if block.kind is BlockKind.HEADING and _COMPLEXITY_HEAD.search(block.text):
            items = [
                _plain(blocks[n])
                for n in range(k + 1, _section_end(blocks, k))
                if blocks[n].kind in (BlockKind.PARAGRAPH, BlockKind.ITEM)
            ]
            parts = [i.rstrip("。；;. ") for i in items[:2] if i.strip()]
            return truncate(("；" if has_cjk("".join(parts)) else "; ").join(parts), 200)
        if block.kind in (BlockKind.PARAGRAPH, BlockKind.ITEM):
            text = _plain(block)
            if _COMPLEXITY.search(text) is None:
                continue
            found = [s for _, s in sentences(text) if _COMPLEXITY.search(s)]
            if len(found) < 2 and block.kind is BlockKind.ITEM and k + 1 < len(blocks):
                after = blocks[k + 1]  # ``* Time complexity: …`` then ``* Space complexity: …``
                if after.kind is BlockKind.ITEM and _COMPLEXITY.search(nxt := _plain(after)):
                    found += [s for _, s in sentences(nxt) if _COMPLEXITY.search(s)]
            return truncate(" ".join(found[:2]), 200)
    return ""


def solution_of(blocks: list[Block], start: int) -> str:
    """The solution idea after the examples, with its complexity when the article states it.

    The idea is the first paragraph under a solution heading (``解法``, ``Approach``) or
    a paragraph labelled so (``**思路**：…``); failing both, the first paragraph of the
    first later section that is not a limit, follow-up or source (``## Idea``, after a
    code-only ``## Python``). Empty when the article gives no solution.
    """
    fallback: tuple[str, int] | None = None
    plain_section = False
    for k in range(start, len(blocks)):
        block = blocks[k]
        if block.kind is BlockKind.HEADING:
            if _COMPLEXITY_HEAD.search(block.text):  # ``复杂度分析`` is the cost, not the idea
                plain_section = False
                continue
            if _SOLUTION_HEAD.search(block.text):
                return _with_cost(blocks, _first_prose(blocks, k + 1, len(blocks)), k + 1)
            plain_section = _NOT_SOLUTION_HEAD.search(block.text) is None
            if plain_section and _holds_example(blocks, k):
                break  # the next problem: its statement and solution are not this one's
            continue
        if block.kind not in (BlockKind.PARAGRAPH, BlockKind.ITEM):
            continue
        if _is_label(block):
            continue
        text = _plain(block).strip()
        label = _SOLUTION_LABEL.match(text)
        if label:
            return _with_cost(blocks, text[label.end() :], k)
        if fallback is None and plain_section and len(text) >= 8 and not _SOURCE_LINE.match(text):
            fallback = (text, k)
    return _with_cost(blocks, *fallback) if fallback else ""


def _holds_example(blocks: list[Block], heading: int) -> bool:
    """Whether the section a heading opens holds a worked example (so it poses another problem)."""
    for k in range(heading + 1, _section_end(blocks, heading)):
        if blocks[k].kind is BlockKind.CODE or not _may_name_example(blocks[k].text):
            continue
        text = _plain(blocks[k])
        if _EXAMPLE_HEAD.match(text) or _inline_example(text):
            return True
    return False


def _with_cost(blocks: list[Block], idea: str, start: int) -> str:
    """The idea cut to its limit, with the complexity stated from ``start`` on when the idea lacks it."""
    if not idea:
        return ""
    idea = truncate(idea, SOLUTION_LIMIT)
    cost = _complexity(blocks, start)
    return f"{idea}\n{cost}" if cost and cost not in idea else idea


def _draft(statement: str, example: str, solution: str, block: Block) -> Draft | None:
    io = parse_example(example)
    if not statement or io is None:
        return None
    cjk = has_cjk(statement)
    front = truncate(statement, 300) + ("\n\n输入：" if cjk else "\n\nInput: ") + truncate(io.given, 80)
    if solution:
        back = solution
    else:
        back = ("输出：" if cjk else "Output: ") + io.output
        if io.why:
            back += ("\n解释：" if cjk else "\nExplanation: ") + truncate(io.why, 200)
    key = truncate(statement.split("\n", maxsplit=1)[0], 120)
    return Draft(Kind.QUIZ, key, dangling(front), dangling(truncate(back, BACK_LIMIT)), block.line, block.heading, 0)
