"""Explicit card markup, which always wins over the heuristics.

``term :: definition`` (``:::`` adds the reversed card), a ``?`` line between a
question block and its answer block, ``Q:``/``A:`` (``问:``/``答:``), cloze
deletions ``{{c1::…}}`` or ``==…==``, tables headed ``问题 | 答案`` (``Question |
Answer``), and the prompts of the mnemonic medium (``<orbit-prompt question="…"
answer="…">``) that spaced-repetition essays embed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from flashnotes.extract.answers import cut, dangling
from flashnotes.extract.blocks import Block, BlockKind
from flashnotes.extract.cloze import find_cloze
from flashnotes.extract.draft import Draft
from flashnotes.extract.patterns import lazy
from flashnotes.extract.prose import make_prose
from flashnotes.extract.text import has_cjk
from flashnotes.model import Kind

RANK_EXPLICIT = 0
BACK_LIMIT = 600
_PAIR = lazy(r"^\s*(?P<term>\S.*?)\s+(?P<op>:::?)\s+(?P<defn>\S.*?)\s*$")
_Q = lazy(
    r"^\s*[*_]*(?:(?:Q|问|Question|问题)\s*\d*\s*[:：]|【(?:问题|问|Q)\s*\d*】)\s*[*_]*\s*(?P<text>.*?)[*_]*\s*$", re.I
)
_A = lazy(
    r"^\s*[*_]*(?:(?:A|答|Answer|答案|回答)\s*\d*\s*[:：]|【(?:答案|回答|答|A)】)\s*[*_]*\s*(?P<text>.*?)\s*$", re.I
)
_PROSE = (BlockKind.PARAGRAPH, BlockKind.ITEM)
_ORBIT = lazy(r"<orbit-prompt\b([^<>]*)>", re.I)
# What an orbit prompt, a cloze deletion or a ``term :: definition`` pair cannot be written without.
_MARKUP = lazy(r"orbit-prompt|\{\{c|==|::")


def _has_markup(text: str) -> bool:
    """``_MARKUP.search(text)``, as four substring tests (each a fast scan; the pattern tries every position)."""
    return "::" in text or "==" in text or "{{c" in text or "orbit-prompt" in text


_ATTRIBUTE = lazy(r"""([A-Za-z][\w-]*)\s*=\s*(?:"([^"]*)"|'([^']*)')""")


@dataclass
class Explicit:
    """Drafts from explicit markup and the blocks they used up."""

    drafts: list[Draft] = field(default_factory=list)
    used: set[int] = field(default_factory=set)


def _render(raw: str, line: int) -> str:
    return dangling(make_prose(raw, line).text())


def _question(term: str) -> str:
    return f"什么是{term}？" if has_cjk(term) else f"What is {term}?"


def _pairs(block: Block, out: Explicit) -> bool:
    found = False
    for n, raw in enumerate(block.text.split("\n")):
        if "{{c" in raw or "::" not in raw:  # every pair has its "::": most lines are skipped unscanned
            continue
        m = _PAIR.match(raw)
        if not m:
            continue
        found = True
        term, defn = _render(m.group("term"), block.line), _render(m.group("defn"), block.line)
        line = block.line + n
        out.drafts.append(Draft(Kind.DEFINITION, term, _question(term), defn, line, block.heading, RANK_EXPLICIT))
        if m.group("op") == ":::":
            out.drafts.append(
                Draft(Kind.DEFINITION, f"{defn} ⇄ {term}", defn, term, line, block.heading, RANK_EXPLICIT)
            )
    return found


def _qa(blocks: list[Block], i: int, out: Explicit) -> int:
    """Parse Q:/A: pairs starting at block i; return how many blocks were used.

    A last question with no answer is not used up: the rules may still answer it.
    """
    question: list[str] = []
    answer: list[str] = []
    q_line = blocks[i].line
    used = 0
    mode = ""

    def flush() -> None:
        if question and answer:
            q = _render("\n".join(question), q_line)
            a = cut(_render("\n".join(answer), q_line), BACK_LIMIT)
            if q and a:
                out.drafts.append(Draft(Kind.QUIZ, q, q, a, q_line, blocks[i].heading, RANK_EXPLICIT))

    complete = 0
    for j in range(i, len(blocks)):
        block = blocks[j]
        lines = block.text.split("\n")
        starts_qa = _Q.match(lines[0]) is not None or _A.match(lines[0]) is not None
        if block.kind not in _PROSE or not starts_qa or (j > i and mode == "a" and answer and not _Q.match(lines[0])):
            break
        if j > i and mode == "q" and _Q.match(lines[0]):
            break  # the question before got no answer: the run ends (and each start looks ahead only this far)
        for n, raw in enumerate(lines):
            if q := _Q.match(raw):
                flush()
                complete = used if n == 0 else used + 1
                question, answer, mode, q_line = [q.group("text")], [], "q", block.line + n
            elif (a := _A.match(raw)) and mode:
                answer, mode = [a.group("text")], "a"
            elif mode == "q":
                question.append(raw)
            elif mode == "a":
                answer.append(raw)
        used += 1
    flush()
    return used if answer else complete


def _cloze(block: Block, out: Explicit) -> bool:
    found = find_cloze(block.text, block.line)
    if found is None:
        return False
    out.drafts.append(Draft(Kind.CLOZE, found.back, found.front, found.back, block.line, block.heading, RANK_EXPLICIT))
    return True


def _orbit(block: Block, out: Explicit) -> bool:
    """Each ``<orbit-prompt question="…" answer="…">`` tag in a block is a quiz card."""
    if "orbit-prompt" not in block.text:
        return False
    found = False
    for m in _ORBIT.finditer(block.text):
        fields: dict[str, tuple[str, int]] = {}
        for attr in _ATTRIBUTE.finditer(m.group(1)):
            import html  # only orbit-prompt tags pay for its entity table

            value = html.unescape(attr.group(2) or attr.group(3) or "")
            fields[attr.group(1).lower()] = (value, m.start(1) + attr.start())
        question, at = fields.get("question", ("", m.start()))
        answer = fields.get("answer", ("", 0))[0]
        if question.strip() and answer.strip():
            line = block.line + block.text.count("\n", 0, at)
            front, back = _render(question, line), _render(answer, line)
            out.drafts.append(Draft(Kind.QUIZ, front, front, back, line, block.heading, RANK_EXPLICIT))
            found = True
    return found


_QUESTION_HEAD = lazy(r"^(?:问题|题目|问|Q|Questions?)$", re.I)
_ANSWER_HEAD = lazy(r"^(?:答案|回答|答|解答|解析|要点|答案要点|参考答案|A|Answers?|Key points?|Explanation)$", re.I)
_TABLE_RULE = lazy(r"^[|:\-\s]+$")


def _cells(row: str) -> list[str]:
    return [c.strip() for c in row.strip().strip("|").split("|")]


def _qa_table(block: Block, out: Explicit) -> bool:
    """A table headed ``问题 | 答案`` (``Question | Answer``): each row is a quiz card."""
    rows = block.text.split("\n")
    head = [c.strip("*_ ") for c in _cells(rows[0])]
    if len(head) < 2 or not _QUESTION_HEAD.match(head[0]) or not _ANSWER_HEAD.match(head[1]):
        return False
    for n, row in enumerate(rows[1:], start=1):
        cells = _cells(row)
        if _TABLE_RULE.match(row) or len(cells) < 2:
            continue
        line = block.line + n
        question, answer = _render(cells[0], line), cut(_render(cells[1], line), BACK_LIMIT)
        if question and answer:
            out.drafts.append(Draft(Kind.QUIZ, question, question, answer, line, block.heading, RANK_EXPLICIT))
    return True


def find_explicit(blocks: list[Block], skip: set[int]) -> Explicit:
    """Every explicitly marked card, and the blocks the heuristics must leave alone."""
    out = Explicit()
    i = 0
    while i < len(blocks):
        block = blocks[i]
        if i in skip or i in out.used:
            i += 1
            continue
        if block.kind is BlockKind.QSEP and 0 < i < len(blocks) - 1:
            q, a = blocks[i - 1], blocks[i + 1]
            if q.kind in _PROSE and a.kind in _PROSE and i - 1 not in skip:
                question, answer = _render(q.text, q.line), _render(a.text, a.line)
                out.drafts.append(Draft(Kind.QUIZ, question, question, answer, q.line, q.heading, RANK_EXPLICIT))
                out.used.update({i - 1, i, i + 1})
                i += 2
                continue
        if block.kind is BlockKind.TABLE and _qa_table(block, out):
            out.used.add(i)
        if block.kind in _PROSE:
            before = len(out.drafts)
            if _Q.match(block.text.partition("\n")[0]) and (used := _qa(blocks, i, out)) and len(out.drafts) > before:
                out.used.update(range(i, i + used))
                i += used
                continue
            # each markup has its sign in the raw text (``orbit-prompt``, ``{{c``/``==``, ``::``): most blocks have none
            if _has_markup(block.text) and (_orbit(block, out) or _cloze(block, out) or _pairs(block, out)):
                out.used.add(i)
        i += 1
    return out
