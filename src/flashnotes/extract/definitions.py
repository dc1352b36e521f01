"""Definition candidates in Chinese: ``X是…``, ``X是指…``, ``所谓X，就是…``, ``…称为X`` and friends.

The patterns propose candidates with high recall; each carries its features and the
scorer decides (:mod:`flashnotes.extract.scorer`). Every rule works on masked prose
(math and code hidden), so a definitor inside a formula or a code span never fires, and
every scan is bounded by a window, so a long line costs time in proportion to its length.
English rules, glossary lines and headings live in :mod:`flashnotes.extract.definitions_en`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import NamedTuple

from flashnotes.extract import lexicon
from flashnotes.extract.definitions_en import (
    english_definitions,
    english_namings,
    glossary,
    heading_definition,
    may_define,
)
from flashnotes.extract.draft import Draft
from flashnotes.extract.features import Features, definition_features
from flashnotes.extract.patterns import lazy
from flashnotes.extract.prose import Prose
from flashnotes.extract.terms import (
    BODY_WINDOW,
    RANK_DEFINITOR,
    RANK_NAMING,
    WINDOW,
    Sentences,
    Term,
    asks,
    before_notation,
    body_ok,
    clause_end,
    latin_words,
    make_draft,
    names_an_instance,
    only_function_words,
    split_alias,
    strip_term,
    subject_before,
    valid_term,
)
from flashnotes.extract.text import cjk_count, has_cjk

__all__ = ["definitions", "heading_definition"]

# The lookahead names every first character a match can have (keep it in step with the
# alternatives): without it the engine tries all of them at every position, 7x slower.
_ZH_DEFINITOR = lazy(
    r"(?=[实其本事则就是指即被定可又也亦])"
    r"(?P<adv>实际上|其实|本质上|事实上|实际|则|(?<!也)就(?!是))?"
    r"(?P<verb>就是指|是指|指的是|就是|即是|即为|被定义为|定义为|可以定义为|是(?!否|不是)|"
    r"(?<![手食中拇])指(?![出定向标数令针导南示明引代挥])|又称为|又称作|又称|也称为|也称作|也称|也叫做|也叫作|也叫|"
    r"也被称为|亦称为|亦称)"
)
_ZH_FIRST = lazy(r"[实其本事则就是指即被定可又也亦]")  # the class _ZH_DEFINITOR's lookahead names
_SOURCE = {
    "是": "zh_shi",
    "就是": "zh_jiushi",
    "即是": "zh_jiushi",
    "即为": "zh_jiushi",
    "是指": "zh_zhi",
    "就是指": "zh_zhi",
    "指的是": "zh_zhi",
    "指": "zh_zhi",
    "被定义为": "zh_define",
    "定义为": "zh_define",
    "可以定义为": "zh_define",
}
_ZH_NAMING = lazy(  # the lookahead names the first characters a match can have: a fast scan past the rest
    r"(?=[被称叫命])(?<![名简又也亦或被])(?:被)?(?:称之为|称为|称作|叫做|叫作|命名为|(?<![不也又])叫(?=[“\"「*]))"
)
# opened by the literal 称 (its lookbehind after it), so the engine skips to each 称 in C instead of
# trying the lookbehind at every position; test_patterns pins the first-op rule
_ZH_NAMING_FIRST = lazy(r"[被称叫命]")  # the class _ZH_NAMING's lookahead names
_ZH_CALL_AS = lazy(r"称(?<![名简又也亦被声]称)(?![为作之])(?P<obj>[^，,。；;：:！？!?\n]{1,24}?)为(?![了止])")
_SO_CALLED = lazy(r"所谓(?:的)?(?P<term>[^，,。；;：:！？!?\n]{1,30}?)\s*[，,]\s*(?:其实)?(?:就是|即|是|指)")
_NAMING_STOP = lazy(r"[。！？；!?;，,：:、\n]|(?<![\U000F0000-\U0010FFFF])\s(?=[A-Za-z]*[\u3400-\u9fff])")
_CLAUSE_MARK = lazy(r"[，,；;：:]")
_TRIM = " ，,、；;而且"
_DEFINITION_OF = lazy(r"(?<=.{2})的(?:定义|概念|含义)$")


class _Hit(NamedTuple):
    """One definitor match that passed the shape checks (a NamedTuple, like Term: built per candidate)."""

    term: Term
    start: int
    body_end: int
    sentence_end: int
    features: Features


def coordinated(masked: str, term: Term, clause_start: int) -> bool:
    """Whether the term is the last part of ``A 和 B``: the real subject is longer, so no card."""
    before = masked[max(clause_start, term.start - 12) : term.start]
    if not before.strip():
        return False
    tokens = lexicon.tag(before)
    return len(tokens) >= 2 and tokens[-1].cls in ("c", "p")


def _fused_copula(masked: str, at: int) -> bool:
    """Whether the 是 at ``at`` is the end of another word (``但是``, ``于是``, ``总是`` …)."""
    if at == 0:
        return False
    word = lexicon.word(masked[at - 1 : at + 1])
    return word is not None and word.cls in ("c", "d")


def chinese_definitions(prose: Prose, heading: tuple[str, ...]) -> Iterator[Draft]:
    """``X是…``, ``X是指…``, ``X指的是…``, ``X就是…``, ``X被定义为…``, ``X又称为Y`` and friends."""
    masked = prose.masked
    sentences = Sentences(prose)
    found = [hit for m in _definitor_matches(masked) if (hit := _chinese_definition(prose, sentences, m))]
    for n, hit in enumerate(found):
        end = hit.body_end
        if n + 1 < len(found) and found[n + 1].start < hit.sentence_end:
            cut = found[n + 1].term.start
            while cut > hit.start and masked[cut - 1] in _TRIM:
                cut -= 1
            end = min(end, cut)
        yield make_draft(prose, hit.term, (hit.start, end), RANK_DEFINITOR, heading, features=hit.features)


def _definitor_matches(masked: str) -> Iterator[re.Match[str]]:
    """``_ZH_DEFINITOR.finditer(masked)``, the pattern tried only where its lookahead lets a match start."""
    return _matches_at(_ZH_DEFINITOR, _ZH_FIRST, masked)


def _matches_at(pattern: re.Pattern[str], first_class: re.Pattern[str], masked: str) -> Iterator[re.Match[str]]:
    """``pattern.finditer(masked)`` for a pattern whose lookahead ``first_class`` names where a match may start.

    The engine tries a pattern that opens with a lookahead at every position; the class alone
    skips in C to the next character that can start one, and a match there is the one finditer finds.
    """
    pos = 0
    while (first := first_class.search(masked, pos)) is not None:
        m = pattern.match(masked, first.start())
        if m is None:
            pos = first.start() + 1
        else:
            yield m
            pos = m.end()


def _chinese_definition(prose: Prose, sentences: Sentences, m: re.Match[str]) -> _Hit | None:
    """One definitor match checked for shape, with its features; None when it cannot be a definition."""
    masked = prose.masked
    at, after = m.span()
    verb, adv = m.group("verb", "adv")
    if verb == "是" and not adv and _fused_copula(masked, at):
        return None
    end = before_notation(prose, at)
    term = subject_before(masked, end, hard=prose.display_chars, flat=prose.flat)
    if term is not None and end != at and (only_function_words(term.core) or names_an_instance(term.core)):
        return None  # "其中 $x$ 是…", "矩阵 $A$ 是…": the symbol is the subject, or names this article's object
    if term is not None and "的" in term.core and _DEFINITION_OF.search(term.core):  # "X的定义是…" defines X
        term = Term(_DEFINITION_OF.sub("", term.core), term.alias, term.start, term.emphasised, term.cut)
    # (the match itself is Chinese, so the text around it always is: no check needed for that)
    if term is None or not valid_term(term.core):
        return None
    s_start, s_end = sentences.of(at)
    if asks(masked[s_start : min(s_end, after + BODY_WINDOW)]) or coordinated(masked, term, s_start):
        return None
    body_end = clause_end(masked, after, s_end)
    body = masked[after:body_end]
    alias = verb not in _SOURCE
    if not alias and (not body_ok(body) or cjk_count(body) + 2 * latin_words(body) < 5):
        return None
    features = definition_features(
        "zh_alias" if alias else _SOURCE[verb],
        term.core,
        term.alias,
        body,
        sentence=sentences.index(at),
        emphasised=term.emphasised,
        cut=term.cut,
    )
    if adv:
        features["src:zh_adverb"] = 1.0
    return _Hit(term, max(term.start, s_start), body_end, s_end, features)


def so_called(prose: Prose, heading: tuple[str, ...]) -> Iterator[Draft]:
    """``所谓X，就是…``: the term sits between 所谓 and the comma."""
    masked = prose.masked
    sentences = Sentences(prose)
    for m in _SO_CALLED.finditer(masked):
        core, alias = split_alias(strip_term(m.group("term")))
        if not valid_term(core):
            continue
        s_start, s_end = sentences.of(m.start())
        body = masked[m.end() : min(s_end, m.end() + BODY_WINDOW)]
        features = definition_features("zh_so_called", core, alias, body, sentence=sentences.index(m.start()))
        term = Term(core, alias, m.start())
        yield make_draft(
            prose, term, (s_start, min(s_end, m.end() + BODY_WINDOW)), RANK_DEFINITOR, heading, features=features
        )


def chinese_namings(prose: Prose, heading: tuple[str, ...]) -> Iterator[Draft]:
    """``描述称为X`` / ``我们把…叫做X`` / ``称…为X``: the term comes after the verb."""
    yield from _namings(prose, heading, _matches_at(_ZH_NAMING, _ZH_NAMING_FIRST, prose.masked), "zh_naming")
    if "为" in prose.masked:
        yield from _namings(prose, heading, _ZH_CALL_AS.finditer(prose.masked), "zh_call_as")


def _namings(prose: Prose, heading: tuple[str, ...], matches: Iterator[re.Match[str]], source: str) -> Iterator[Draft]:
    masked = prose.masked
    sentences = Sentences(prose)
    for m in matches:
        s_start, s_end = sentences.of(m.start())
        after = masked[m.end() : min(s_end, m.end() + 80)]
        stop = _NAMING_STOP.search(after)
        core, alias = split_alias(after[: stop.start()] if stop else after)
        term = Term(strip_term(core), strip_term(alias), m.end())
        lo = max(s_start, m.start() - BODY_WINDOW)
        if (
            not valid_term(term.core)
            or _ZH_NAMING.search(term.core)
            or not has_cjk(masked[lo : min(s_end, m.end() + 80)])
        ):
            continue
        if asks(masked[m.end() : min(s_end, m.end() + BODY_WINDOW)]):
            continue
        subject = subject_before(masked, m.start(), flat=prose.flat)
        if subject and valid_term(subject.core) and cjk_count(subject.core) <= 8 and "的" not in subject.core:
            continue  # "A 也称为 B" with a short A: an alias, not a naming
        desc_end = m.start() if source == "zh_naming" else m.end()  # 称A为X: A is the description
        desc_start = _description_start(masked, lo, m.start())
        if not body_ok(masked[desc_start:desc_end]):
            continue
        features = definition_features(
            source, term.core, term.alias, masked[desc_start:desc_end], sentence=sentences.index(m.start())
        )
        yield make_draft(prose, term, (lo, min(s_end, m.end() + BODY_WINDOW)), RANK_NAMING, heading, features=features)


def _description_start(masked: str, lo: int, verb: int) -> int:
    """Where the description named by a ``称为`` starts: its clause, or the sentence when the clause is a pronoun."""
    start = lo
    for mark in _CLAUSE_MARK.finditer(masked, max(lo, verb - WINDOW), verb):
        start = mark.end()
    if not body_ok(masked[start:verb]):
        return lo
    tail = lexicon.tag(masked[max(start, verb - 6) : verb])
    if tail and (tail[-1].cls == "r" or (len(tail) >= 2 and tail[-2].cls == "p" and tail[-1].cls == "r")):
        return lo
    return start


# one character class first (not an alternation ending in a class, not a repeat): the engine then
# skips in C to the next character that can start a match, instead of trying each position
_ANY_ZH = lazy(r"[是指即称叫定]")  # every verb of _ZH_DEFINITOR holds one of these: 定 for (被|可以)定义为


def may_name(masked: str) -> bool:
    """Whether a block can hold a Chinese naming (称为, 叫做, 命名为, 称…为); the namings are looked for only then."""
    return "称" in masked or "叫" in masked or "命名为" in masked


_LATIN_WORD = lazy(r"[A-Za-z][A-Za-z]")


def definitions(prose: Prose, heading: tuple[str, ...]) -> list[Draft]:
    """Every definition candidate the rules find in one prose block."""
    masked = prose.masked
    out: list[Draft] = []
    if ":" in masked or "：" in masked or "—" in masked or "–" in masked:
        out.extend(glossary(prose, heading))
    if has_cjk(masked):
        if _ANY_ZH.search(masked):
            out.extend(chinese_definitions(prose, heading))
        if "所谓" in masked:
            out.extend(so_called(prose, heading))
        if may_name(masked):
            out.extend(chinese_namings(prose, heading))
    # the English rules need a definitor (may_define) or an emphasised term: '*' or '_' (any naming)
    if _LATIN_WORD.search(masked) and ("*" in masked or "_" in masked or may_define(masked)):
        out.extend(english_definitions(prose, heading))
        out.extend(english_namings(prose, heading))
    return out
