"""Evidence about a quiz candidate, as named features in [0, 1] for the scorer.

Groups: ``src`` (where the question stands: heading, line, list item, sentence,
exercise), ``q`` (its form: mark, question word, prompt, numbering, who it
addresses, length) and ``ans`` (its answer: in the same block or after it, length,
what it opens with). Hard rules have already turned away rhetorical questions and
unanswered ones; the scorer weighs what is left.
"""

from __future__ import annotations

import re

from flashnotes.extract.features import Features
from flashnotes.extract.patterns import lazy
from flashnotes.extract.questions import Q_END, is_prompt, starts_with_question_word, strip_numbering, substance
from flashnotes.extract.text import cjk_count

_SECOND = lazy(r"[你您]|\byou(?:r)?\b", re.I)
_WE = lazy(r"我们|咱们|\bwe\b|\bus\b|\bour\b", re.I)
_YES_NO = lazy(r"[吗么][?？]?$|^(?:is|are|was|were|do|does|did|can|could|should|would|will|has|have)\b", re.I)
_WH_ANY = lazy(r"什么|为什么|为何|如何|怎么|怎样|哪|是否|多少|\b(?:what|why|how|when|which|who|where)\b", re.I)
_BECAUSE = lazy(r"^(?:因为|由于|原因|主要是|because|since|due to)", re.I)
_LABEL = lazy(r"(?:^|[*_\s])(?:Q|问题?|Question)\s*\d*\s*[:：]|^\W*\d", re.I)
_COMMA = lazy(r"[，,；;]")


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
    out: Features = {}
    if Q_END.search(question):
        out["q:mark"] = 1.0
    if starts_with_question_word(question):
        out["q:wh_start"] = 1.0
    elif _WH_ANY.search(question):
        out["q:wh_inside"] = 1.0
    if is_prompt(question):
        out["q:prompt"] = 1.0
    if strip_numbering(raw) != raw.strip() and _LABEL.search(raw):
        out["q:numbered"] = 1.0
    if _YES_NO.search(question.rstrip("?？ ")) or question.rstrip().endswith(("吗？", "吗?")):
        out["q:yes_no"] = 1.0
    if _SECOND.search(question):
        out["q:you"] = 1.0
    if _WE.search(question):
        out["q:we"] = 1.0
    if _COMMA.search(question):
        out["q:clause"] = 1.0
    if question.count("?") + question.count("？") > 1:
        out["q:several"] = 1.0
    if cjk_count(question) == 0:
        out["q:latin"] = 1.0
    _bucket(substance(question), (6, 10, 20, 40), "q:len", out)
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
    return out
