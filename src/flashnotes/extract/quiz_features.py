"""Evidence about a quiz candidate, as named features in [0, 1] for the scorer.

Groups: ``src`` (where the question stands: heading, line, bold line, list item,
the lead of a paragraph, a sentence inside one, exercise), ``q`` (its form: mark,
question word, prompt, label, numbering, who it addresses, rhetorical and tag
marks, pointing back, length), ``ans`` (its answer: in the same block or after it,
length, what it opens with, whether it defers) and ``sib`` (the other questions in
its section). Only a question with nothing to put on the back is turned away before
the scorer; rhetorical questions, deferrals and the rest are weighed, not ruled out.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from flashnotes.extract.answers import non_answer_marks
from flashnotes.extract.draft import Draft
from flashnotes.extract.features import Features
from flashnotes.extract.patterns import lazy
from flashnotes.extract.questions import (
    ends_asking,
    is_prompt,
    is_question_label,
    points_back,
    rhetoric_marks,
    starts_with_question_word,
    strip_numbering,
    substance,
)
from flashnotes.extract.text import cjk_count
from flashnotes.model import Kind

# Prior weights for the scorer's training (scripts/train.py): what CARDS.md says of a
# question put to the reader, or of an answer that defers, before any data is seen. The
# dev set shows few of them (most in one article), too few to learn from by article;
# -5 alone takes a typical candidate (about 0.9) to about 0.1.
PRIORS: dict[str, float] = {"q:to_reader": -5.0, "ans:says_nothing": -5.0}

_BECAUSE = lazy(r"^(?:因为|由于|原因|主要是|because|since|due to)", re.I)
_LABEL = lazy(r"(?:^|[*_\s])(?:Q|问题?|Question)\s*\d*\s*[:：]|^\W*\d", re.I)
_COMMA = lazy(r"[，,；;]")
# The looks below are each one pattern split where it is asked whether it matches at all (the whole
# patterns are in the tests, which hold the two alike): a CJK word is found by the engine jumping
# between its first characters (or by a substring test), while one pattern tried every CJK word at
# every position; ``^`` and ``$`` parts are tried at their end.
_YES_NO_END = lazy(r"[吗么][?？]?$")
_YES_NO_START = lazy(r"(?:is|are|was|were|do|does|did|can|could|should|would|will|has|have)\b", re.I)
_WH_CJK = lazy(r"什么|为什么|为何|如何|怎么|怎样|哪|是否|多少")
_WH_WORD = lazy(r"\b(?:what|why|how|when|which|who|where)\b", re.I)
_YOU_WORD = lazy(r"\byou(?:r)?\b", re.I)
_WE_WORD = lazy(r"\b(?:we|us|our)\b", re.I)
_ME = lazy(r"我(?!们)")
_I_WORD = lazy(r"\bI\b|\b[Mm]y\b")


def _asks_yes_no(text: str) -> bool:
    """A final 吗/么, or an opening auxiliary verb (is, do, can…)."""
    return _YES_NO_END.search(text) is not None or _YES_NO_START.match(text) is not None


def _wh_inside(text: str) -> bool:
    """A question word anywhere (什么, 为什么, how, why…)."""
    return _WH_CJK.search(text) is not None or _WH_WORD.search(text) is not None


def _says_i(text: str) -> bool:
    """The writer speaks of themself: 我 (not 我们), I, my."""
    return ("我" in text and _ME.search(text) is not None) or _I_WORD.search(text) is not None


def _says_you(text: str) -> bool:
    """The reader is spoken to: 你, 您, you, your."""
    return "你" in text or "您" in text or _YOU_WORD.search(text) is not None


def _says_we(text: str) -> bool:
    """The writer speaks for a group: 我们, 咱们, we, us, our."""
    return "我们" in text or "咱们" in text or _WE_WORD.search(text) is not None


_YES_START = lazy(r"^(?:是的|对的?|不是|不会|不能|可以|能|会|没有|当然|yes|no|not|sure|indeed|of course)\b", re.I)


def _bucket(value: int, edges: tuple[int, ...], name: str, out: Features) -> None:
    label = "0"
    for edge in edges:
        if value >= edge:
            label = str(edge)
    out[f"{name}{label}"] = 1.0


def quiz_features(raw: str, question: str, answer: str, where: str, *, same_block: bool) -> Features:
    """The evidence for one quiz candidate: ``raw`` is the question as written, ``where`` its place."""
    out: Features = {f"src:{where}": 1.0, "src:quiz": 1.0}
    out.update(_question_features(raw, question))
    out.update(_answer_features(answer, same_block))
    return out


def _question_features(raw: str, question: str) -> Features:
    """The question's form: mark, question word, prompt, numbering, length."""
    out: Features = {}
    if ends_asking(question):
        out["q:mark"] = 1.0
    if starts_with_question_word(question):
        out["q:wh_start"] = 1.0
    elif _wh_inside(question):
        out["q:wh_inside"] = 1.0
    if is_prompt(question):
        out["q:prompt"] = 1.0
    if strip_numbering(raw) != raw.strip() and _LABEL.search(raw):
        out["q:numbered"] = 1.0
    if is_question_label(raw.strip().lstrip("#>- ")):
        out["q:label"] = 1.0
    if _asks_yes_no(question.rstrip("?？ ")) or question.rstrip().endswith(("吗？", "吗?")):
        out["q:yes_no"] = 1.0
    if _COMMA.search(question):
        out["q:clause"] = 1.0
    if question.count("?") + question.count("？") > 1:
        out["q:several"] = 1.0
    if cjk_count(question) == 0:
        out["q:latin"] = 1.0
    _bucket(substance(question), (6, 10, 20, 40), "q:len", out)
    out.update(_addressee_features(question))
    return out


def _addressee_features(question: str) -> Features:
    """Who the question speaks to: the reader (you, we, I) and the marks of rhetoric or a tag."""
    out: Features = {}
    marks = rhetoric_marks(question) | ({"points_back"} if points_back(question) else set())
    for mark in sorted(marks):  # a set: sorted, so the features (and the sum scoring them) keep one order
        out[f"q:{mark}"] = 1.0
    if marks:  # each mark is rare; together they say the question is put to the reader
        out["q:to_reader"] = 1.0
    for name, says in (("q:i", _says_i), ("q:you", _says_you), ("q:we", _says_we)):
        if says(question):
            out[name] = 1.0
    return out


def _answer_features(answer: str, same_block: bool) -> Features:
    out: Features = {"ans:same_block" if same_block else "ans:after": 1.0}
    _bucket(substance(answer), (6, 15, 40, 100), "ans:len", out)
    if _BECAUSE.match(answer):
        out["ans:because"] = 1.0
    if answer.startswith("• "):
        out["ans:list"] = 1.0
    if "\\(" in answer or "\\[" in answer:
        out["ans:math"] = 1.0
    if "?" in answer or "？" in answer:
        out["ans:asks"] = 1.0
    if _YES_START.match(answer):
        out["ans:yes_no"] = 1.0
    marks = non_answer_marks(answer)
    for mark in sorted(marks):  # a set: sorted, so the features (and the sum scoring them) keep one order
        out[f"ans:{mark}"] = 1.0
    if marks:
        out["ans:says_nothing"] = 1.0
    return out


def section_evidence(drafts: Iterable[Draft]) -> list[Draft]:
    """Each scored quiz candidate with how many other questions share its section (``sib:0/1/3``).

    A page of interview questions asks under every heading; a lone question in a
    narrative section is more often the writer talking to the reader.
    """
    drafts = list(drafts)
    count: dict[tuple[str, ...], int] = {}
    for d in drafts:
        if d.kind is Kind.QUIZ and d.features:
            count[d.heading] = count.get(d.heading, 0) + 1
    out = []
    for d in drafts:
        if d.kind is Kind.QUIZ and d.features:
            extra: Features = {}
            _bucket(count[d.heading] - 1, (1, 3), "sib:", extra)
            # built whole rather than by dataclasses.replace, which walks the fields again for each draft
            features = {**d.features, **extra}
            out.append(Draft(d.kind, d.key, d.front, d.back, d.line, d.heading, d.rank, features, d.confidence))
        else:
            out.append(d)
    return out
