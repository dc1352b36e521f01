"""What a definition's term may be: the subject scan back from a definitor and the checks on its shape.

Shared by the definition rules; like them it works on masked prose (math and code
hidden). Only structural checks live here (length, math, links, placeholders); whether a
well-formed phrase is a term a learner would look up is evidence for the scorer
(:mod:`flashnotes.extract.features`), not a word list.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import lru_cache
from typing import NamedTuple

from flashnotes.extract import lexicon
from flashnotes.extract.draft import Draft
from flashnotes.extract.inline import (
    CODE_BASE,
    MATH_BASE,
    MAX_SPANS,
    SpanKind,
    is_masked,
    render,
    span_at,
    strip_emphasis,
    unmasked,
)
from flashnotes.extract.patterns import lazy
from flashnotes.extract.prose import SOFT_BREAK, Prose
from flashnotes.extract.text import cjk_count, has_cjk, is_cjk, truncate
from flashnotes.model import Kind

RANK_DEFINITOR = 1
RANK_GLOSSARY = 2
RANK_NAMING = 3
RANK_HEADING = 4

MAX_BACK = 590  # hygiene: a back over 600 characters is never a card
WINDOW = 130  # how far back a subject scan may look: a term is at most ~60 characters
BODY_WINDOW = 700  # how far forward a definition body may reach

_HARD_STOP = frozenset("。！？；!?;，,、：:（(）)「」『』【】《》<>…—\n|" + SOFT_BREAK)  # a subject stays on its line
_GLOSS_START = frozenset("。！？；!?;\n")
ALIAS_TAIL = lazy(r"\s*[（(]([^（）()]{1,60})[)）]\s*$")
BRACKET_TAIL = lazy(r"\s*[（(][^（）()]*[)）]\s*$")  # any bracketed tail, however long: cut from keys and clauses
_MID_ALIAS = lazy(
    r"^(?P<name>[^（）()]*[\u4e00-\u9fff])\s*[（(](?P<alias>[A-Za-z][A-Za-z0-9 .+\-]{0,60})[)）]"
    r"\s*(?P<head>[\u4e00-\u9fff]{1,4})$"
)
_QUOTES = "“”\"'‘’「」『』《》*_"
_QUOTES_BLANK = _QUOTES + " \t"
# a bold term may carry its English name, which can be long: "**长短期记忆网络（long short-term memory …，LSTM）**"
_EMPHASIS_TAIL = lazy(r"(?P<em>\*\*|__)(?P<term>[^*\n]{1,100}?)(?P=em)\s*$")
_VARIABLE = lazy(r"^(?:[a-z]{1,2}|.*[_^\\].*|[\u0370-\u03ff][\w]*)$")
# exactly the characters is_masked accepts (MAX_SPANS of each kind from its base)
_MASKED_CHAR = lazy(
    f"[{chr(MATH_BASE)}-{chr(MATH_BASE + MAX_SPANS - 1)}{chr(CODE_BASE)}-{chr(CODE_BASE + MAX_SPANS - 1)}]"
)
PLACEHOLDER = lazy(r"\[(?:公式|math|Math|MATH|图片|图|image)\]")
URL = lazy(r"https?://\S+|www\.\S+")
_LATIN = lazy(r"[A-Za-z0-9][A-Za-z0-9'\-+./]*")
_LATIN_TAIL = lazy(r"[A-Za-z][A-Za-z0-9 .,+\-]*$")
_NEXT_CLAUSE = lazy(r"[，,]\s*(?:而|但)")
_SYMBOL = lazy(r"\\?[A-Za-z]+(?:_\{?\w{1,3}\}?)?|\\mathcal\{[A-Z]\}|\\mathbf\{\w\}")  # \alpha, h, W_q, \mathcal{H}
_DANGLING = ";；,，、"  # a back cut at a clause mark ends there: "A thread is the unit of execution inside a process;"
_CLAUSE_STOP = lazy(r"[，,；;。！？!?\n]")
_HEAD_NOUN = lazy(r"的([\u4e00-\u9fff]{1,4})$")
_ABBREVIATED = lazy(r"\s*[，,]\s*(?:以下)?(?:简称|缩写为?|abbreviated(?:\s+as)?)\s*\S.*$", re.I)


class Term(NamedTuple):
    """A candidate term: its text without alias, the alias if any, and where it starts.

    ``emphasised`` when the source wrote it in bold or italics; ``cut`` when the scan
    back stopped inside a clause (at a space between scripts or the length limit)
    rather than at punctuation, so the real subject may be longer.

    A NamedTuple, not a frozen dataclass: as immutable and typed, and the rules build one per
    candidate, where a frozen dataclass's ``__init__`` (one ``object.__setattr__`` per field)
    cost five times as much.
    """

    core: str
    alias: str
    start: int
    emphasised: bool = False
    cut: bool = False


def ends_in_bracket(text: str) -> bool:
    """Whether ALIAS_TAIL can match: only text whose last visible character closes a bracket."""
    return text.rstrip()[-1:] in (")", "）")


def strip_term(text: str) -> str:
    """A term without soft breaks, emphasis markers, quotes, unopened brackets and surrounding space."""
    text = strip_emphasis(text.replace(SOFT_BREAK, "")).strip()
    text = text.strip(_QUOTES_BLANK).strip()
    while text[-1:] in ("）", ")") and text.count(text[-1]) > text.count("（" if text[-1] == "）" else "("):
        text = text[:-1].rstrip(_QUOTES_BLANK)
    return text


_ALIAS_LEAD = lazy(
    r"^(?:也叫做?|又称为?|也称为?|亦称|即|或|简称|英文|英语|abbreviated(?:\s+as)?|short\s+for|a\.?k\.?a\.?)\s*[:：]?\s*",
    re.I,
)


def clean_alias(alias: str) -> str:
    """An alias without its lead-in (``也叫``, ``英文``, ``即`` …); a Chinese gloss before a Latin name drops.

    ``Batch Normalization，简称 BN`` names the term first and its abbreviation second: the name is the alias
    (taking the Latin tail gave ``批归一化(BN)``).
    """
    if not alias:  # most terms have none, and every step below leaves an empty one empty
        return alias
    alias = _ABBREVIATED.sub("", strip_term(alias)).strip() or alias
    alias = _ALIAS_LEAD.sub(
        "",
        strip_term(alias),
    )
    latin = _LATIN_TAIL.search(alias)
    if latin and has_cjk(alias[: latin.start()]) and not has_cjk(latin.group()):
        return latin.group().strip()
    return alias


def split_alias(core: str) -> tuple[str, str]:
    """``重参数(Reparameterization)`` to its term and its alias; ``有模型（model-based）结构`` too.

    An English name may sit before the Chinese head noun it leaves out: the term is the whole
    Chinese name, ``有模型结构``, its alias the English one.
    """
    tail = ALIAS_TAIL.search(core) if ends_in_bracket(core) else None
    if tail and tail.start() > 0:
        return core[: tail.start()].strip(), clean_alias(tail.group(1))
    mid = _MID_ALIAS.match(core) if "（" in core or "(" in core else None
    if mid:
        return mid.group("name") + mid.group("head"), mid.group("alias").strip()
    return core, ""


def subject_before(
    masked: str, end: int, *, gloss: bool = False, hard: frozenset[str] = frozenset(), flat: bool = True
) -> Term | None:
    """The noun phrase that ends at ``end``: scanned back to a clause boundary (or a char in ``hard``).

    Looks at most WINDOW characters back, so a scan costs the same wherever it runs.
    """
    lo = max(0, end - WINDOW)
    head = masked[lo:end].rstrip()
    alias = ""
    tail = ALIAS_TAIL.search(head[-70:]) if ends_in_bracket(head) else None
    if tail:
        alias = tail.group(1).strip()
        head = head[: len(head) - len(tail.group(0))].rstrip()
    # head has no trailing blank, so an emphasis tail ends the head with its marker
    emphasised = _EMPHASIS_TAIL.search(head[-110:]) if head.endswith(("**", "__")) else None
    if emphasised:
        start = len(head) - len(emphasised.group(0)) + len(emphasised.group("em"))
        before = head[: start - len(emphasised.group("em"))].rstrip(" \t")
        glued = before and before[-1] not in _GLOSS_START and before[-1] not in hard
        if gloss and glued and not before.endswith(("-", "+", ".")):
            return None
        core, inner = split_alias(strip_term(emphasised.group("term")))
        return Term(core, clean_alias(alias or inner), lo + start, emphasised=True) if core else None
    j = len(head) - 1
    cut = False
    stops, low = (_scan_stops(hard) if hard else _PLAIN_STOPS), max(0, len(head) - 60)
    while j >= low:  # j >= 0 and len(head) - j <= 60
        ch = head[j]
        if ch not in stops:  # most characters: none of the checks below can stop here
            j -= 1
            continue
        if ch in _HARD_STOP or ch in hard:
            break
        if ch == "." and (j + 1 >= len(head) or head[j + 1] in " \t"):
            break
        if ch in " \t" and (_cjkish(head, j - 1) or (flat and _cjkish(head, j + 1) and not is_masked(head[j - 1]))):
            cut = _cjkish(head, j + 1) != _cjkish(head, j - 1)
            break
        j -= 1
    else:
        if j >= 0 or lo > 0:
            return None
    start = j + 1
    loose = " \t." if flat else ""
    if gloss and j >= 0 and head[j] not in _GLOSS_START and head[j] not in loose and head[j] not in hard:
        return None
    raw = head[start:]
    skip = _leading_connectives(raw)
    core = strip_term(raw[skip:])
    if not core:
        return None
    return _with_alias(core, alias, lo + start + skip, cut)


def _with_alias(core: str, alias: str, start: int, cut: bool) -> Term:
    """The term scanned back, its alias split off when the name holds it (``有模型（model-based）结构``)."""
    if not alias:
        core, alias = split_alias(core)
    return Term(core, clean_alias(alias), start, cut=cut)


@lru_cache(maxsize=64)
def _scan_stops(hard: frozenset[str]) -> frozenset[str]:
    """Every character at which the subject scan may stop: the hard stops, ``.`` and blanks."""
    return _HARD_STOP | hard | frozenset(". \t")


_PLAIN_STOPS = _scan_stops(frozenset())  # most blocks hold no display math: no cache look-up for them


def _leading_connectives(raw: str) -> int:
    """How many leading characters are conjunctions or sentence adverbs (``因此``, ``而``, ``and``)."""
    if len(raw) < 3:
        return 0
    tokens = lexicon.tag(raw[:12])
    skip = 0
    pos = 0
    for token in tokens[:-1]:
        at = raw.find(token.text, pos)
        connective = token.cls == "c" or (token.cls == "d" and len(token.text) >= 2 and token.zipf >= 5.0)
        if at < 0 or not connective:
            break
        pos = at + len(token.text)
        skip = pos
    while skip < len(raw) and raw[skip] in " \t":
        skip += 1
    return skip if skip < len(raw) else 0


def _cjkish(text: str, i: int) -> bool:
    if i < 0 or i >= len(text):
        return False
    ch = text[i]
    return is_cjk(ch) or ch in "。，、；：？！“”（）"


def before_notation(prose: Prose, end: int) -> int:
    """Where a subject ends once the symbol its author gives it is left out.

    ``学习率 $\\eta$ 是…``, ``The load factor $\\alpha$ is …``: the symbol is the
    term's notation, not part of its name (the subject scan stopped at it and proposed nothing).
    """
    j = end
    while j > 0 and prose.masked[j - 1] in " \t":
        j -= 1
    if j < 2 or not is_masked(prose.masked[j - 1]) or prose.masked[j - 2] not in " \t":
        return end
    span = span_at(prose.masked[j - 1], prose.spans)
    if span is None or span.kind is not SpanKind.MATH or span.display or not _SYMBOL.fullmatch(span.content.strip()):
        return end
    return j - 2


def names_an_instance(core: str) -> bool:
    """Whether a term given a symbol is one generic word (``The matrix $A$``, ``向量 $x$``): the article's object.

    ``The load factor $\\alpha$``, ``学习率 $\\eta$`` name a concept; a single word with a symbol names the
    thing this article works with, and what it "is" holds only there.
    """
    plain = unmasked(core)
    return latin_words(plain) < 2 and cjk_count(plain) < 3


def only_function_words(core: str) -> bool:
    """Whether a phrase is made of pronouns, connectives and particles only (``其中``, ``Here``): it names nothing."""
    tokens = lexicon.tag(unmasked(core))
    return bool(tokens) and all(t.cls in ("r", "c", "d", "p", "u") for t in tokens)


def latin_words(text: str) -> int:
    """How many Latin words (or numbers) the text holds."""
    return len(_LATIN.findall(text))


_NUMERAL = r"(?:[0-9]+|[一二三四五六七八九十]+)"
# a word and its number, and nothing else: "Case 1", "Step II", "参考1", "解法二", "第3步", "第1部分"
_NUMBERED_LABEL = lazy(
    rf"^(?:[A-Za-z][a-z]+\s+(?:[0-9]+|[IVX]+)|[\u4e00-\u9fff]{{2,3}}\s*{_NUMERAL}|第\s*{_NUMERAL}\s*(?:步|章|节|部分|题|问|条|点))$"
)


def numbered_label(core: str) -> bool:
    """Whether a phrase is a step, case or reference name: a word and its number (CARDS.md: never a term).

    Names that carry a number keep their other marks: ``GPT 4``, ``Word2Vec``, ``L1 正则化``, ``SM-2``.
    """
    return _NUMBERED_LABEL.match(core.strip()) is not None


def valid_term(core: str, *, allow_code: bool = False) -> bool:
    """Whether ``core`` has the shape of a term: a short phrase, not a formula, link, number or placeholder."""
    plain = unmasked(core).strip()
    if not plain and not allow_code:
        return False
    cjk = cjk_count(plain)
    words = latin_words(plain)
    if cjk > 16 or words > 6 or (cjk == 0 and words == 0) or (cjk == 1 and words == 0):
        return False
    if not allow_code and (is_masked(core[0]) or is_masked(core.rstrip()[-1]) or (cjk < 2 and _has_masked(core))):
        # a formula that ends the phrase is its value or its symbol ("时间复杂度 $O(n)$", "其中 $\eta$"), never a name
        return False
    if plain.isdigit() or _VARIABLE.match(plain) or numbered_label(plain):
        return False
    # a semicolon separates clauses, never the words of a name: "TL;DR" is a label
    return not ("=" in core or "\n" in core or ";" in plain or "；" in plain or has_placeholder(core) or has_url(core))


def _has_masked(text: str) -> bool:
    """Whether any character of the text is_masked: one search of its ranges, not a call per character."""
    return not text.isascii() and _MASKED_CHAR.search(text) is not None


def has_placeholder(text: str) -> bool:
    """Whether PLACEHOLDER matches: it opens with a bracket, so text without one is never searched."""
    return "[" in text and PLACEHOLDER.search(text) is not None


def has_url(text: str) -> bool:
    """Whether URL matches: each URL holds ``//`` or ``www.``, so text without them is never searched."""
    return ("//" in text or "www." in text) and URL.search(text) is not None


def body_ok(body: str) -> bool:
    """Whether a definition body says something: two CJK characters or two words besides links."""
    plain = unmasked(body)
    plain = (URL.sub("", plain) if has_url(plain) else plain).strip(" ，,。.;；:：")
    if not plain or PLACEHOLDER.fullmatch(plain.strip()):
        return False
    return cjk_count(plain) >= 2 or latin_words(plain) >= 2


def asks(sentence: str) -> bool:
    """Whether a sentence is a question."""
    return sentence.rstrip().rstrip("”\"'）)*_ ").endswith(("?", "？"))


def question(term: str, context: str = "") -> str:
    """The front of a definition card."""
    return f"什么是{term}？" if has_cjk(term) or has_cjk(context) else f"What is {term}?"


def key_of(term: Term) -> str:
    """The card key: the term with its alias in parentheses."""
    if not term.alias:
        return term.core
    space = " " if term.core[-1:].isascii() and term.core[-1:].isalnum() else ""
    return f"{term.core}{space}({term.alias})"


class Sentences:
    """The sentence spans of one prose block, found by bisection.

    The block is split into sentences only when a rule first asks (most blocks a finder is
    given hold no candidate, and need no split).
    """

    def __init__(self, prose: Prose) -> None:
        self.prose = prose

    def of(self, pos: int) -> tuple[int, int]:
        """The (start, end) of the sentence holding ``pos`` (the last one past the end)."""
        starts = self.prose.sentence_starts()  # shared with the prose: read, never changed
        if not starts:
            return 0, 0
        i = max(0, bisect_right(starts, pos) - 1)
        return starts[i], self.prose.sentence_ends()[i]

    def index(self, pos: int) -> int:
        """The 0-based number of the sentence holding ``pos``."""
        return max(0, bisect_right(self.prose.sentence_starts(), pos) - 1)


def clause_end(masked: str, start: int, end: int) -> int:
    """Where a definition body ends: the sentence end, or a ``，而`` that starts another.

    A ``，但…的现象`` that leads to the head noun of a body still without one is still the body
    (``过拟合是指模型在训练集上表现很好，但在测试集上表现较差的现象``): cut there, the back said only
    half and taught a false fact.
    """
    end = min(end, start + BODY_WINDOW)
    for cut in _NEXT_CLAUSE.finditer(masked, start, end):
        if _ends_in_head(masked[start : cut.start()]):
            return cut.start()
        stop = _CLAUSE_STOP.search(masked, cut.end(), end)
        clause = masked[cut.end() : stop.start() if stop else end]
        if "是" in clause or not _ends_in_head(clause):
            return cut.start()
    return end


def _ends_in_head(text: str) -> bool:
    """Whether a clause ends in ``的`` + a noun: the head of a noun phrase (``…较差的现象``)."""
    head = _HEAD_NOUN.search(text.rstrip())
    if head is None:
        return False
    tokens = lexicon.tag(head.group(1))
    return bool(tokens) and tokens[-1].cls in ("n", "vn")


def clean_back(text: str) -> str:
    """A back fit for a card: no dangling emphasis markers, at most MAX_BACK characters."""
    for marker in ("**", "__"):
        if text.count(marker) % 2:
            text = text.replace(marker, "").strip()
    return truncate(text, MAX_BACK)


def render_masked(prose: Prose, masked: str) -> str:
    """Card text for a piece of masked prose."""
    return render(masked.replace(SOFT_BREAK, ""), prose.spans)


def _closed(text: str) -> str:
    """A back cut at a clause mark (``…a process;``, ``…归一化，``) ends as a sentence instead."""
    bare = text.rstrip(_DANGLING).rstrip()
    if bare == text or not bare:
        return text
    return bare + ("。" if is_cjk(bare[-1]) else ".")


def make_draft(
    prose: Prose,
    term: Term,
    span: tuple[int, int],
    rank: int,
    heading: tuple[str, ...],
    *,
    features: dict[str, float],
    article: str = "",
) -> Draft:
    """A definition draft whose back is ``masked[span]``; ``article`` is the one the author put before the term.

    ``A process is …`` asks ``What is a process?`` (not ``What is process?``); the key stays the term.
    """
    key = render_masked(prose, key_of(term))
    back = clean_back(_closed(prose.text(*span).strip()))
    front = f"What is {article.lower()} {key}?" if article and not has_cjk(key) else question(key, back)
    return Draft(Kind.DEFINITION, key, front, back, prose.line_at(span[0]), heading, rank, features=features)
