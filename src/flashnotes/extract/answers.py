"""The answer to a question: the text after it, cleaned and cut for the back of a card.

The answer is the text up to the next question or heading, cut to its first
paragraph or about 300 characters at a sentence boundary, never inside a formula;
citation lines, answer labels (``答：``) and leading images are dropped.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from itertools import chain

from flashnotes.extract.blocks import Block, BlockKind
from flashnotes.extract.patterns import lazy
from flashnotes.extract.questions import asks, body_of, is_rhetorical, labelled_question, plainly_asks, substance
from flashnotes.extract.text import has_cjk, sentences

ANSWER_LIMIT = 300
_URL = lazy(r"https?://\S+|www\.\S+")
_MATH_OPEN = lazy(r"\\\(|\\\[")  # where rendered math opens: \( or \[
_CITATION = lazy(r"^\s*(?:参考|参考资料|参考文献|来源|出处|原文|链接|references?|sources?|see also|via)\s*[:：]?", re.I)
_LINKISH = lazy(r"的回答\s*-\s*知乎|discussions?$", re.I)
ANSWER_LABEL = lazy(
    r"^\s*(?:(?:答案?|回答|解答|解|证明|Answer|A|Solution|Proof)\s*[:：]|A[.．]\s+(?=(?-i:[A-Z]))|(?:Answer|Solution|Proof)[.．]\s+(?=(?-i:[^a-z]))"
    r"|【(?:答案|回答|答)】)\s*",
    re.I,
)
# A hint before the solution helps the solver; it is not what a learner must recall.
_HINT = lazy(r"^\s*(?:hints?|提示)\s*\d*\s*[:：.]", re.I)
# An answer label opening a line of the question's own block: ``…归一化\n答：…``.
LABELLED_ANSWER = lazy(r"[\n\u2063][ \t]*(?:(?:答案?|回答|解答|Answer|A)[ \t]*[:：]|【(?:答案|回答|答)】)", re.I)
_LABEL_LINE = lazy(r"^[^\s:：]{1,8}[:：]$")
# A line that only says the answer follows, as a collapsed ``<summary>`` does: ``Show answer``, ``查看答案``.
_ANSWER_TITLE = lazy(
    r"^(?:show|view|reveal|click(?: here)?(?: to)?(?: see)?|see|点击|查看|展开|点击查看)?\s*(?:the\s+)?"
    r"(?:answers?|solutions?|答案|解答|解析|参考答案)\s*[:：]?$",
    re.I,
)
_QUOTE_MARK = lazy(r"^\s*(?:>\s?)+")
# Who answers, in an interview transcript: ``我：…``, ``候选人：…``, ``Me: …``.
_RESPONDENT = lazy(r"^(?:我|本人|候选人|面试者|求职者|me|candidate|interviewee)\s*[:：]\s*", re.I)
_IMAGE = lazy(r"!\[[^\]]*\]\([^)]*\)")

# Answers that answer nothing: a deferral, an exclamation, a pointer elsewhere.
_DEFERRAL = lazy(
    r"^(?:让我们|我们(?:先|来|一起)|下面(?:我们)?(?:来|将)|接下来|请看|看看|别担心|不用担心|don't worry"
    r"|let's|let us|we(?:'ll| will) (?:see|find)|stay tuned|read on|here (?:is|are)\b[^.!?]{0,30}[:：]\s*$"
    # a pointer elsewhere: ``提示：查看论文第四节``, ``Hint: see section 4``, ``详见…``
    r"|(?:提示|hints?)\s*[:：]\s*(?:请)?(?:查看|参考|参阅|阅读|见|see|read|check|look)|参见|详见|请参[考阅]"
    r"|(?:见|同)(?:上|下)文?[。.]?$|同上[。.]?$|如上所述[。.]?$|(?:see|as) (?:above|below)\W*$"
    r"|see (?:section|chapter|the (?:paper|docs|documentation|appendix)))",
    re.I,
)
# An answer that only says the question is the subject: ``这就是 LoRA 要解决的问题。``, ``That is what
# this post is about.``
_RESTATE = lazy(
    r"^(?:这|那|而这)(?:就|正|也)?是[^。，,]{0,24}(?:要|所|想|试图)?(?:解决|回答|讨论|探讨|研究|介绍)的(?:问题|内容|重点)"
    r"|^(?:this|that) is (?:exactly |precisely )?(?:what|the question|the problem)\b[^.]{0,40}"
    r"(?:solves?|answers?|addresses|about|tackles?)\W*$",
    re.I,
)
_STOPS = ("。", ".", "；", ";", "！", "!", "？", "?", ":", "：")
_BARE_YES_NO = lazy(
    r"^(?:是的?|不是|对|不对|会|不会|能|不能|可以|不可以|不行|有|没有|需要|不需要|yes|no|nope|not really)[。.!！]?$",
    re.I,
)
_CLAUSE = lazy(r"[，,；;、]\s*")


def non_answer_marks(answer: str) -> frozenset[str]:
    """Why an answer may say nothing: ``defer`` (``让我们看看…``, ``详见…``), ``restate``
    (``这就是 X 要解决的问题。``), ``asks_back`` (it opens with a question), ``exclaim`` (a lone
    short exclamation), ``label``
    (a lone ``结论：``), ``empty``; empty when it looks like an answer."""
    first = answer.strip()
    if not first:
        return frozenset({"empty"})
    found = sentences(first)
    head = found[0][1]
    marks = {"defer"} if _DEFERRAL.match(first) else set()
    if len(found) == 1 and _RESTATE.match(head):
        marks.add("restate")
    if asks(head):
        marks.add("asks_back")  # an answer that opens with a question of its own answers nothing yet
    if head.endswith(("！", "!")) and len(head) < 40 and len(found) == 1:
        marks.add("exclaim")
    if _LABEL_LINE.match(first):
        marks.add("label")
    return frozenset(marks)


def non_answer(answer: str) -> bool:
    """An answer that says nothing: a deferral (``让我们看看…``), a short exclamation, a lone label."""
    return bool(non_answer_marks(answer))


def _math_zones(text: str) -> list[tuple[int, int]]:
    """Spans of rendered math ``\\(…\\)`` and ``\\[…\\]``: a cut must never fall inside one."""
    zones: list[tuple[int, int]] = []
    for m in _MATH_OPEN.finditer(text):
        if zones and m.start() < zones[-1][1]:
            continue
        closer = "\\)" if m.group() == "\\(" else "\\]"
        end = text.find(closer, m.end())
        zones.append((m.start(), len(text) if end < 0 else end + 2))
    return zones


def cut(text: str, limit: int, *, clause: bool = False) -> str:
    """Cut to at most ``limit`` characters at a sentence boundary or line end, never inside a formula.

    A list is cut between its items, not inside one. With ``clause`` (answers), a text
    with no such boundary early enough is cut after a clause (``，``/``;``) with ``…``,
    not inside a word.
    """
    if len(text) <= limit:
        return text
    zones = _math_zones(text)

    def inside(pos: int) -> bool:
        return any(a < pos < b for a, b in zones)

    best = 0
    for offset, sentence in sentences(text):
        end = offset + len(sentence)
        if end > limit:
            break
        if not inside(end):
            best = end
    line_end = text.rfind("\n", 0, limit + 1)
    if line_end > best and not inside(line_end):
        best = line_end
    if best >= limit // 3:
        return text[:best].rstrip()
    if clause:
        marks = [m.end() for m in _CLAUSE.finditer(text, 0, limit - 1) if not inside(m.end())]
        if marks and marks[-1] >= limit // 3:
            return text[: marks[-1]].rstrip(" ，,；;、") + "…"
    at = limit - 1
    for a, b in zones:
        if a < at < b:
            at = a
    return text[:at].rstrip() + "…"


def dangling(text: str) -> str:
    """Drop emphasis markers left unpaired (``**``), which would show raw on the card."""
    for mark in ("**", "__"):
        if text.count(mark) % 2:
            text = text.replace(mark, "")
    return text


def _linkish(line: str) -> bool:
    """``_LINKISH.search(line)`` for a line with no line break, tried only where it can match.

    It wants ``的回答`` or a line ending in ``discussion(s)``: case-blind, a final n is n/N
    and a final s is s/S/ſ.
    """
    return ("的回答" in line or line[-1:] in "nNsSſ") and _LINKISH.search(line) is not None


def _kept_lines(text: str) -> Iterator[str]:
    """The lines of an answer without citations and links; before the first, images, labels and hints too.

    Lazily: an answer is cut to its first lines, so the lines after them are never cleaned.
    """
    first = True
    for raw in text.split("\n"):
        line = (_QUOTE_MARK.sub("", raw) if ">" in raw else raw).strip()
        if first and not _IMAGE.sub("", line).strip():
            continue
        linked = "://" in line or "www." in line  # what _URL needs to match at all
        bare = (_URL.sub("", line) if linked else line).strip(" -–—:：")
        if _CITATION.match(line) or (linked and _URL.search(line) and len(bare) < 60) or _linkish(bare):
            continue
        if first:
            line = _RESPONDENT.sub("", ANSWER_LABEL.sub("", line), count=1)
            if _LABEL_LINE.match(line) or _ANSWER_TITLE.match(line) or (_HINT.match(line) and len(text) > len(raw) + 1):
                continue
        if line:
            first = False
            yield line


def _runs_on(taken: list[str], line: str) -> bool:
    """Whether the answer taken so far only leads in to ``line``: it ends with a colon, says little, or
    is a sentence that runs on into a display formula (``…adding the next odd number gives`` ``\\[…\\]``).

    Asked only when ``line`` does not continue a list, so a long list is not measured again at each item.
    """
    if taken[-1].rstrip().endswith((":", "：")) or substance("".join(taken)) < 12:
        return True
    return line.startswith("\\[") and not taken[-1].rstrip().endswith(_STOPS)


def clean_answer(text: str) -> str:
    """Drop citation lines, labels, lead-ins and images; what is left, cut to a first paragraph or ~300 characters."""
    lines = _kept_lines(text)
    lead, after = next(lines, None), next(lines, None)
    if lead is None:
        return ""
    while after is not None and (non_answer(lead) or not _IMAGE.sub("", lead).strip()):
        lead, after = after, next(lines, None)  # ``我们来看一个例子：`` leads in; the answer is what follows it
    taken = [lead]
    for line in chain([after] if after is not None else [], lines):
        # a list runs on item by item; else a line follows only a lead-in (a colon, or too little said so far)
        if not (line.startswith("• ") and taken[-1].startswith("• ")) and not _runs_on(taken, line):
            break
        head = sentences(body_of(line.removeprefix("• ")))
        if head and asks(head[0][1]) and not is_rhetorical(head[0][1]):
            break  # ``不会。`` then ``**那训练时呢？**``: a short answer does not run into the next question
        taken.append(line)
    return dangling(cut("\n".join(taken), ANSWER_LIMIT, clause=True))


def leads_in(answer: str) -> bool:
    """An answer that only announces what follows it: ``原因如下：``, ``Here is why:``, ``让我们看看。``."""
    lead = answer.strip()
    return lead.endswith((":", "：")) or not answered(clean_answer(lead)) or "defer" in non_answer_marks(lead)


def table_answer(rows: list[list[str]]) -> str:
    """A table (rendered cells, header row first) as answer lines: ``• 归一化维度：BN batch 维；LN 特征维``.

    Each body row is a bullet led by its first cell; with three columns or more, each
    further cell follows its column's header, as a comparison table reads.
    """
    if len(rows) < 2:
        return ""
    head, lines = rows[0], []
    for row in rows[1:]:
        rest = [c for c in row[1:] if c]
        if len(head) > 2:
            rest = [f"{h} {c}".strip() for h, c in zip(head[1:], row[1:], strict=False) if c]
        colon, semicolon = ("：", "；") if has_cjk("".join(row)) else (": ", "; ")
        if row and row[0] and rest:
            lines.append(f"• {row[0]}{colon}{semicolon.join(rest)}")
    return "\n".join(lines)


def answered(answer: str) -> bool:
    """Whether an answer says something: more than a few characters of prose or math (images aside),
    or a bare yes or no (``不会。``, ``No.``), which answers a yes/no question."""
    answer = _IMAGE.sub("", answer)
    if _BARE_YES_NO.match(answer.strip()):
        return True
    return len(answer.strip()) >= 4 and (substance(answer) >= 3 or "\\(" in answer or "\\[" in answer)


def answer_from(texts: Iterable[str]) -> str:
    """The answer in the rendered blocks after a question: up to the next question, images skipped.

    A rhetorical question opening the answer (``看到…了吗？``) is dropped; any other
    question there ends the answer (with nothing before it, the question is answered nowhere).
    """
    taken: list[str] = []
    for n, text in enumerate(texts):
        if n >= 12 or len(taken) >= 8:
            break
        body = text.strip()
        if substance(_IMAGE.sub("", body)) < 2 and not (taken and body.startswith("\\[")):
            continue  # an image or a stray symbol; a display formula continues the answer before it
        found = sentences(body)
        if found and asks(found[0][1]):
            if not is_rhetorical(found[0][1]):
                break
            body = body[found[0][0] + len(found[0][1]) :].strip()
        elif body.startswith("• ") and plainly_asks(body[2:]):
            break  # the next numbered question or prompt in the list
        elif labelled_question(body) and (bare := sentences(body_of(body))) and asks(bare[0][1]):
            break  # the next labelled question: ``Question 2. Which sorts are stable?``
        if body:
            taken.append(body)
    return "\n".join(taken)


# A section holding the answers to questions asked earlier: ``## Answers``, ``## 参考答案``.
_KEY_HEAD = lazy(
    r"^(?:answers?(?: key)?|solutions?|answers? to (?:the )?(?:exercises|questions|review questions)|"
    r"参考答案|答案|习题答案|答案与解析|解答)\s*[:：]?$",
    re.I,
)


def answer_key(blocks: list[Block], asks: Callable[[int], bool]) -> dict[int, int]:
    """Each question item of a list, paired with the same-numbered item of a later answer section.

    ``1. What is X?`` / ``2. Why Y?`` under one heading and ``## Answers`` with ``1. X is…`` /
    ``2. Because…``: the n-th answer answers the n-th question. Only when the answer section's
    first list has exactly as many items as the last list of questions before it.
    """
    out: dict[int, int] = {}
    for k, block in enumerate(blocks):
        if block.kind is not BlockKind.HEADING or not _KEY_HEAD.match(block.text.strip("*_ ")):
            continue
        answers = _first_list(blocks, k + 1)
        questions = _question_list(blocks, k, asks)
        if answers and len(answers) == len(questions):
            out.update(zip(questions, answers, strict=True))
    return out


def has_answer_key(blocks: list[Block]) -> bool:
    """A cheap test: does any heading name an answer section?"""
    return any(b.kind is BlockKind.HEADING and _KEY_HEAD.match(b.text.strip("*_ ")) for b in blocks)


def _top_items(blocks: list[Block], start: int) -> list[int]:
    """The items of the list starting at ``start`` at its own indent (nested items and paragraphs skipped)."""
    indent = blocks[start].indent
    out = []
    for j in range(start, len(blocks)):
        block = blocks[j]
        if block.kind is BlockKind.HEADING or (block.kind is not BlockKind.ITEM and block.indent <= indent):
            break
        if block.kind is BlockKind.ITEM and block.indent == indent:
            out.append(j)
    return out


def _first_list(blocks: list[Block], start: int) -> list[int]:
    for j in range(start, len(blocks)):
        if blocks[j].kind is BlockKind.HEADING:
            return []
        if blocks[j].kind is BlockKind.ITEM:
            return _top_items(blocks, j)
    return []


def _question_list(blocks: list[Block], before: int, asks: Callable[[int], bool]) -> list[int]:
    """The last list before block ``before`` whose items all ask."""
    last: list[int] = []
    j = 0
    while j < before:
        if blocks[j].kind is not BlockKind.ITEM:
            j += 1
            continue
        last = _top_items(blocks, j)
        j = last[-1] + 1
        while j < before and blocks[j].kind is not BlockKind.HEADING and blocks[j].indent > blocks[last[0]].indent:
            j += 1  # the blocks nested in the list's last item
    return last if last and all(asks(i) for i in last) else []
