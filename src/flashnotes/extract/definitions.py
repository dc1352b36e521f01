"""Definition cards: sentences that state what a named term *is*, in Chinese and English.

Every rule here works on masked prose (math and code hidden), so a definitor
inside a formula or a code span can never fire. What may count as a term lives in
:mod:`flashnotes.extract.terms`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from flashnotes.extract.draft import Draft
from flashnotes.extract.inline import unmasked
from flashnotes.extract.prose import Prose
from flashnotes.extract.terms import (
    _ALIAS_TAIL,
    _ALIAS_VERBS,
    _BAD_ADJ_EN,
    _BAD_BEFORE_SHI,
    _BODY_BAD_ZH,
    _EMPHASIS_TERM,
    _EN_AKA,
    _EN_DEF,
    _EN_NAMING,
    _PLACEHOLDER,
    _URL,
    _ZH_DEFINITOR,
    _ZH_NAMING,
    RANK_DEFINITOR,
    RANK_GLOSSARY,
    RANK_HEADING,
    RANK_NAMING,
    Term,
    _asks,
    _body_ok,
    _clause_end,
    _clean_alias,
    _draft,
    _key,
    _latin_words,
    _question,
    _render_masked,
    _sentence_of,
    _sentence_spans,
    _strip_term,
    _subject_before,
    valid_term,
)
from flashnotes.extract.text import cjk_count, has_cjk
from flashnotes.model import Kind


def chinese_definitions(prose: Prose, heading: tuple[str, ...]) -> Iterator[Draft]:
    """``X是…``, ``X是指…``, ``X指的是…``, ``X就是…``, ``X，即…``, ``X又称为Y`` and friends."""
    masked = prose.masked
    spans = _sentence_spans(prose)
    found: list[tuple[Term, int, int, int]] = []
    for m in _ZH_DEFINITOR.finditer(masked):
        hit = _chinese_definition(prose, spans, m)
        if hit is not None:
            found.append(hit)
    for n, (term, start, clause_end, s_end) in enumerate(found):
        following = [t.start for t, st, _, _ in found[n + 1 :] if st < s_end]
        end = min(clause_end, len(masked[: following[0]].rstrip(" ，,、；;而且"))) if following else clause_end
        yield _draft(prose, term, (start, end), RANK_DEFINITOR, heading)


def _chinese_definition(
    prose: Prose, spans: list[tuple[int, int]], m: re.Match[str]
) -> tuple[Term, int, int, int] | None:
    """One definitor match checked: (term, back start, back end, sentence end), or None."""
    masked = prose.masked
    verb = m.group("verb")
    before = masked[m.start() - 1] if m.start() > 0 else ""
    if verb == "是" and before in _BAD_BEFORE_SHI and before not in "则就" and not m.group("adv"):
        return None
    term = _subject_before(masked, m.start(), hard=prose.display_chars, flat=prose.flat)
    if term is None or not has_cjk(masked[max(0, m.start() - 20) : m.end() + 20]) or not valid_term(term.core):
        return None
    s_start, s_end = _sentence_of(spans, m.start())
    if _asks(masked[s_start:s_end]):
        return None
    body_end = _clause_end(masked, m.end(), s_end)
    body = masked[m.end() : body_end]
    if verb not in _ALIAS_VERBS:
        stripped = body.strip().rstrip("。.;；，,!！")
        if _BODY_BAD_ZH.match(body.strip()) or stripped.endswith(("的", "之一")):
            return None
        if not _body_ok(body) or cjk_count(body) + 2 * _latin_words(body) < 5:
            return None
    return term, max(term.start, s_start), body_end, s_end


_SO_CALLED = re.compile(r"所谓(?:的)?(?P<term>[^，,。；;：:！？!?\n]{1,30}?)\s*[，,]\s*(?:其实)?(?:就是|即|是|指)")


def so_called(prose: Prose, heading: tuple[str, ...]) -> Iterator[Draft]:
    """``所谓X，就是…``: the term sits between 所谓 and the comma."""
    masked = prose.masked
    spans = _sentence_spans(prose)
    for m in _SO_CALLED.finditer(masked):
        core = _strip_term(m.group("term"))
        tail = _ALIAS_TAIL.search(core)
        alias = _clean_alias(tail.group(1)) if tail else ""
        core = core[: tail.start()].strip() if tail else core
        if not valid_term(core):
            continue
        s_start, s_end = _sentence_of(spans, m.start())
        yield _draft(prose, Term(core, alias, m.start()), (s_start, s_end), RANK_DEFINITOR, heading)


def chinese_namings(prose: Prose, heading: tuple[str, ...]) -> Iterator[Draft]:
    """``描述称为X`` / ``我们把…叫做X``: the term comes after the verb."""
    masked = prose.masked
    spans = _sentence_spans(prose)
    for m in _ZH_NAMING.finditer(masked):
        s_start, s_end = _sentence_of(spans, m.start())
        if _asks(masked[s_start:s_end]):
            continue
        after = masked[m.end() : s_end]
        stop = re.search(r"[。！？；!?;，,：:、\n]|(?<![\U000F0000-\U0010FFFF])\s(?=[A-Za-z]*[\u3400-\u9fff])", after)
        raw_term = after[: stop.start()] if stop else after
        alias_m = re.match(r"(.*?)\s*[（(]([^（）()]{1,40})[)）]\s*$", raw_term)
        core, alias = (alias_m.group(1), alias_m.group(2)) if alias_m else (raw_term, "")
        term = Term(_strip_term(core), _strip_term(alias), m.end())
        if not has_cjk(masked[s_start:s_end]) or not valid_term(term.core):
            continue
        subject = _subject_before(masked, m.start(), flat=prose.flat)
        if subject and valid_term(subject.core) and cjk_count(subject.core) <= 8 and "的" not in subject.core:
            continue  # "A 也称为 B" with a short A: an alias, not a naming
        clause = re.search(r"[，,；;：:]\s*[^，,；;：:]*$", masked[s_start : m.start()])
        desc_start = s_start + clause.start() + 1 if clause else s_start
        if not _body_ok(masked[desc_start : m.start()]):
            desc_start = s_start
        desc = masked[desc_start : m.start()]
        if re.search(r"[把将](?:它|其|这个|这|此|他们|它们)\s*[，,]?\s*$", desc) or re.search(
            r"^我们\s*[把将]?\s*(?:它|其)?\s*$", desc
        ):
            desc_start = s_start
        if not _body_ok(masked[desc_start : m.start()]):
            continue
        key = _render_masked(prose, _key(term))
        back = prose.text(s_start, s_end)
        yield Draft(Kind.DEFINITION, key, _question(key), back, prose.line_at(m.start()), heading, RANK_NAMING)


def _sentence_draft(prose: Prose, key: str, where: tuple[int, str], heading: tuple[str, ...], rank: int) -> Draft:
    """A definition whose back is the whole sentence at ``where`` (offset, masked sentence)."""
    offset, sentence = where
    back = prose.text(offset, offset + len(sentence))
    return Draft(Kind.DEFINITION, key, _question(key), back, prose.line_at(offset), heading, rank)


def english_definitions(prose: Prose, heading: tuple[str, ...]) -> Iterator[Draft]:
    """``X is a/an/the …``, ``X refers to …``, ``X is defined as …``, ``X, also known as Y, is …``."""
    for offset, sentence in prose.sentences():
        if has_cjk(sentence):
            continue
        m = _EN_DEF.search(sentence)
        if m is None or m.start() > 90:
            continue
        subject = sentence[: m.start()]
        alias = ""
        aka = _EN_AKA.search(subject)
        if aka:
            alias = aka.group(1).strip()
            subject = subject[: aka.start()]
        tail = _ALIAS_TAIL.search(subject)
        if tail:
            alias = alias or tail.group(1).strip()
            subject = subject[: tail.start()]
        core = re.sub(r"^(?:the|an?)\s+", "", _strip_term(subject), flags=re.I)
        if not core or not valid_term(core) or not core[0].isalnum():
            continue
        body = sentence[m.end() :]
        if _BAD_ADJ_EN.match(body) or not _body_ok(body):
            continue
        term = Term(core, _strip_term(alias), offset)
        key = _render_masked(prose, _key(term))
        yield _sentence_draft(prose, key, (offset, sentence), heading, RANK_DEFINITOR)


def english_namings(prose: Prose, heading: tuple[str, ...]) -> Iterator[Draft]:
    """An emphasised term introduced by ``called``, ``known as``, ``refer to … as``, ``defining``."""
    in_definition_section = bool(heading) and re.search(r"definition|定义", heading[-1], re.I) is not None
    for offset, sentence in prose.sentences():
        found = list(_EN_NAMING.finditer(sentence))
        if not found and in_definition_section:
            found = list(_EMPHASIS_TERM.finditer(sentence))[:1]
        for m in found:
            core = _strip_term(m.group("term"))
            if not valid_term(core) or (has_cjk(core) and not has_cjk(sentence)):
                continue
            key = _render_masked(prose, core)
            yield _sentence_draft(prose, key, (offset, sentence), heading, RANK_NAMING)


def glossary(prose: Prose, heading: tuple[str, ...]) -> Iterator[Draft]:
    """Glossary lines ``X：…`` / ``- **X**: …`` / ``X(English)：…``, also run together on one line."""
    masked = prose.masked
    found: list[tuple[Term, int]] = []
    for m in re.finditer(r"[:：](?!//)", masked):
        if m.start() + 1 < len(masked) and masked[m.start() + 1] in ":：":
            continue
        term = _subject_before(masked, m.start(), gloss=True, hard=prose.display_chars, flat=prose.flat)
        if term is None or not valid_term(term.core):
            continue
        if term.core.endswith(("概念", "的定义", "定义")) and len(term.core) > 2:
            term = Term(re.sub(r"(?:的)?(?:概念|定义)$", "", term.core), term.alias, term.start)
            if not valid_term(term.core):
                continue
        found.append((term, m.end()))
    for i, (term, body_start) in enumerate(found):
        limit = found[i + 1][0].start if i + 1 < len(found) else len(masked)
        body_end = _gloss_end(masked, body_start, limit)
        body = masked[body_start:body_end]
        if body.rstrip().endswith((":", "：")):
            cut = max(body.rfind("，"), body.rfind(","))
            body_end = body_start + cut if cut > 0 else body_start
            body = masked[body_start:body_end]
        if not _body_ok(body) or re.match(r"\s*O\(", body) or _URL.match(body.strip()) or _PLACEHOLDER.search(body):
            continue
        plain = unmasked(body)
        if cjk_count(plain) < 4 and _latin_words(plain) < 3:
            continue
        key = _render_masked(prose, _key(term))
        back = prose.text(body_start, body_end).strip()
        yield Draft(Kind.DEFINITION, key, _question(key), back, prose.line_at(term.start), heading, RANK_GLOSSARY)


def _gloss_end(masked: str, start: int, limit: int) -> int:
    for m in re.finditer(r"[。！？!?；;\n]|\.(?=\s|$)", masked[start:limit]):
        return start + m.end()
    return limit


def heading_definition(prose: Prose, title: str, heading: tuple[str, ...]) -> Draft | None:
    """A section named after a term whose first sentence starts with that term defines it."""
    clean_title = re.sub(r"^[\d.、．\s]+", "", title).strip()
    core_title = _ALIAS_TAIL.sub("", clean_title).strip()
    if not core_title or not valid_term(core_title) or clean_title.endswith(("?", "？")):
        return None
    if has_cjk(core_title) and cjk_count(core_title) < 3 and not re.search(r"[A-Za-z]", core_title):
        return None
    first = prose.sentences()
    if not first:
        return None
    offset, sentence = first[0]
    plain = _render_masked(prose, sentence)
    squeezed = plain.casefold().replace(" ", "")
    if not plain.casefold().startswith(core_title.casefold()) and not squeezed.startswith(
        clean_title.casefold().replace(" ", "")
    ):
        return None
    rest = plain[len(core_title) :].lstrip()
    if (
        not rest
        or rest[0] in ",，:：、"
        or (not has_cjk(rest[:1]) and rest[:1] not in "（(" and not rest[:1].isalpha())
    ):
        return None
    back = prose.text(offset, offset + len(sentence))
    return Draft(
        Kind.DEFINITION, clean_title, _question(clean_title), back, prose.line_at(offset), heading, RANK_HEADING
    )


_ANY_ZH = re.compile(r"是|指|即|称|叫|[:：]")
_ANY_EN = re.compile(r"\b(?:is|are|refers?|denotes|called|known|termed|named|call|defin\w*)\b|:|\*|_", re.I)


def definitions(prose: Prose, heading: tuple[str, ...]) -> list[Draft]:
    """Every definition the rules find in one prose block."""
    masked = prose.masked
    out: list[Draft] = []
    if ":" in masked or "：" in masked:
        out.extend(glossary(prose, heading))
    if has_cjk(masked) and _ANY_ZH.search(masked):
        out.extend(chinese_definitions(prose, heading))
        if "所谓" in masked:
            out.extend(so_called(prose, heading))
        if "称" in masked or "叫" in masked:
            out.extend(chinese_namings(prose, heading))
    if _LATIN_WORD.search(masked) and _ANY_EN.search(masked):
        out.extend(english_definitions(prose, heading))
        out.extend(english_namings(prose, heading))
    return out


_LATIN_WORD = re.compile(r"[A-Za-z]{2}")
