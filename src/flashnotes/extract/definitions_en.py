"""Definition candidates in English, glossary lines (both languages) and sections named after a term.

Like the Chinese rules these only propose: each candidate carries its features and the
scorer decides. Scans are bounded by windows so a long line stays linear.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from flashnotes.extract.draft import Draft
from flashnotes.extract.features import definition_features
from flashnotes.extract.inline import unmasked
from flashnotes.extract.patterns import lazy
from flashnotes.extract.prose import Prose
from flashnotes.extract.terms import (
    ALIAS_TAIL,
    BODY_WINDOW,
    RANK_DEFINITOR,
    RANK_GLOSSARY,
    RANK_HEADING,
    RANK_NAMING,
    URL,
    Sentences,
    Term,
    before_notation,
    body_ok,
    clean_alias,
    ends_in_bracket,
    has_placeholder,
    latin_words,
    make_draft,
    names_an_instance,
    only_function_words,
    render_masked,
    split_alias,
    strip_term,
    subject_before,
    valid_term,
)
from flashnotes.extract.text import abbreviation_at, cjk_count, has_cjk

_EN_DEF = lazy(
    r"\s(?P<verb>(?:is|are)\s+(?:formally\s+)?defined\s+as|refers?\s+to|denotes|"
    r"(?:is|are)\s+an?\s+(?:type|kind|class|family|form)\s+of|(?:is|are)\s+(?:an?|the)(?=\s))\s+",
    re.I,
)
_EN_AKA = lazy(r"\s*,\s*(?:also\s+)?(?:known|called|referred\s+to)\s+as\s+([^,]{1,60}),\s*$", re.I)
_EN_NAMING = lazy(  # the lookahead names each alternative's first character: a fast scan past the rest
    r"(?=[ckrtnwds])(?:\bcalled|\bknown\s+as|\breferred\s+to\s+as|\brefers?\s+(?:to\s+)?(?:\S+\s+){0,3}?as|\btermed|\bnamed|"
    r"\bwe\s+call\s+(?:\S+\s+){0,3}?|\bdefin(?:e|es|ed|ing)(?:\s+\S+){0,3}?(?:\s+as)?|\bso-called)"
    r"\s+(?:the\s+|an?\s+)?(?P<em>\*\*|\*|_)(?P<term>[^*_\n]{1,60}?)(?P=em)",
    re.I,
)
_EMPHASIS_TERM = lazy(r"(?<![\w*])(?P<em>\*\*|\*|_)(?P<term>[^*_\n]{1,60}?)(?P=em)(?![\w*])")
_GLOSS_MARK = lazy(r"[:：](?!//)")
# a dash after a bold term ("**X** — …", "**X**——…"): the same glossary line written another way
_GLOSS_DASH = lazy(r"(?<=\*\*|__)[ \t]*(?:——|—|–)")
_BOLD_AFTER = lazy(r"[ \t]*(\*\*|__)")
# a stop, or a full stop before a blank or the end: one class first, so the engine skips to it in C
_GLOSS_END = lazy(r"[。！？!?；;\n.](?:(?<!\.)|(?=\s|$))")
_ARTICLE = lazy(r"^(?:the|an?)\s+", re.I)
_PAIR = lazy(r"\s(?:and|or|&)\s", re.I)
_DIGIT = lazy(r"\d")
_CONCEPT_TAIL = lazy(r"(?:的)?(?:概念|定义)$")  # "X的概念：…" names X
_BIG_O = lazy(r"\s*O\(")
_LATIN_LETTER = lazy(r"[A-Za-z]")
_DEFINITION_HEADING = lazy(r"definition|定义", re.I)
# Keyword tests for a whole block, on its lower-cased text: each pattern below needs its keyword, and
# re.IGNORECASE equates an ASCII letter only with its two cases, K (KELVIN SIGN, which lower() turns
# into k) and İ, ı, ſ (which it does not turn into i or s: a text holding one is searched as it is).
_DEFINES = lazy(r"[\s](?:is|are|refers?|denotes)[\s]")  # what every _EN_DEF match holds, lower-cased
_NAMING_WORDS = ("call", "known", "refer", "termed", "named", "defin")  # one is in every _EN_NAMING match
_LABEL_COLON = lazy(r"^[*_]*[A-Za-z][\w ./&'-]{0,30}?[*_]*[:：](?!//)[*_]*\s")  # "Important: ", "**Note:** "


def _lowered(text: str) -> str | None:
    """The text lower-cased, or None when lower-casing would hide an IGNORECASE match (İ, ı, ſ)."""
    if "İ" in text or "ı" in text or "ſ" in text:
        return None
    return text.lower()


def may_define(text: str) -> bool:
    """False only when no sentence of the text can hold an ``X is a …`` definition (_EN_DEF finds none)."""
    low = _lowered(text)
    return _EN_DEF.search(text) is not None if low is None else _DEFINES.search(low) is not None


def may_name(text: str) -> bool:
    """False only when no sentence of the text can hold an emphasised naming (_EN_NAMING finds none)."""
    if "*" not in text and "_" not in text:  # the named term is emphasised
        return False
    low = _lowered(text)
    return low is None or any(word in low for word in _NAMING_WORDS)


def _en_source(verb: str) -> str:
    verb = verb.lower()
    if "defined" in verb:
        return "en_defined"
    if verb.startswith("refer") or verb == "denotes":
        return "en_refers"
    if " of" in verb:
        return "en_kind_of"
    return "en_is_the" if verb.endswith("the") else "en_is_a"


def english_definitions(prose: Prose, heading: tuple[str, ...]) -> Iterator[Draft]:
    """``X is a/an/the …``, ``X refers to …``, ``X is defined as …``, ``X, also known as Y, is …``."""
    for n, (offset, sentence) in enumerate(prose.sentences()):
        if has_cjk(sentence[:200]):
            continue
        m = _EN_DEF.search(sentence, 0, 200)
        if m is None or m.start() > 90:
            continue
        start = _after_label(sentence, m.start())
        if start and _DIGIT.search(sentence, 0, start):
            continue  # "Step 1: The input is …", "Case 2: …": a numbered step or case describes its procedure
        end = max(start, before_notation(prose, offset + m.start()) - offset)
        subject = sentence[start:end]
        alias = ""
        aka = _EN_AKA.search(subject)
        if aka:
            alias = aka.group(1).strip()
            subject = subject[: aka.start()]
        tail = ALIAS_TAIL.search(subject)
        if tail:
            alias = alias or tail.group(1).strip()
            subject = subject[: tail.start()]
        article = _ARTICLE.match(strip_term(subject))
        core = _ARTICLE.sub("", strip_term(subject))
        if not core or not valid_term(core) or not core[0].isalnum():
            continue
        if end != m.start() and (only_function_words(core) or names_an_instance(core)):
            continue  # "Here $x$ is …", "The matrix $A$ is …": the symbol is the subject, or this article's object
        if _PAIR.search(core) and m.group("verb")[:3].lower() == "are":
            continue  # "Layer Norm and Batch Norm are …": two terms; a name ("Divide and conquer is …") stays
        body = sentence[m.end() : m.end() + BODY_WINDOW]
        if not body_ok(body):
            continue
        emphasised = "*" in subject or "_" in subject
        features = definition_features(
            _en_source(m.group("verb")), core, alias, body, sentence=n, emphasised=emphasised
        )
        term = Term(core, clean_alias(alias), offset + start)
        span = (offset + start, offset + len(sentence))
        said = article.group().strip() if article else ""
        yield make_draft(prose, term, span, RANK_DEFINITOR, heading, features=features, article=said)


def _after_label(sentence: str, verb: int) -> int:
    """Where the subject starts: after a label that opens the sentence (``Important: X is …``, ``**Note:** the X``).

    A label names the remark, not the term; left in, the card asked ``What is Important: universality?``.
    """
    colon = _LABEL_COLON.search(sentence, 0, verb)
    if colon is None:
        return 0
    start = colon.end()
    while start < verb and sentence[start] in " \t*_":
        start += 1
    return start


def english_namings(prose: Prose, heading: tuple[str, ...]) -> Iterator[Draft]:
    """An emphasised term introduced by ``called``, ``known as``, ``refer to … as``, ``defining``."""
    in_definition_section = bool(heading) and _DEFINITION_HEADING.search(heading[-1]) is not None
    if not in_definition_section and not may_name(prose.masked):
        return  # a sentence's match is in its block, keyword and emphasis: a hypothesis property pins it
    for n, (offset, sentence) in enumerate(prose.sentences()):
        found = list(_EN_NAMING.finditer(sentence))
        source = "en_naming"
        if not found and in_definition_section:
            found = list(_EMPHASIS_TERM.finditer(sentence))[:1]
            source = "en_emphasis"
        for m in found:
            core = strip_term(m.group("term"))
            if not valid_term(core) or (has_cjk(core) and not has_cjk(sentence)):
                continue
            body = sentence[: m.start()] + sentence[m.end() :]
            features = definition_features(source, core, "", body, sentence=n, emphasised=True)
            term = Term(core, "", offset + m.start())
            span = (offset, offset + len(sentence))
            yield make_draft(prose, term, span, RANK_NAMING, heading, features=features)


def glossary(prose: Prose, heading: tuple[str, ...]) -> Iterator[Draft]:
    """Glossary lines ``X：…`` / ``- **X**: …`` / ``X(English)：…`` / ``**X** — …``, also run together on one line."""
    masked = prose.masked
    sentences = Sentences(prose)
    found: list[tuple[Term, int]] = []
    for m in _gloss_marks(masked):
        if m.start() + 1 < len(masked) and masked[m.start() + 1] in ":：":
            continue
        body_start = m.end()
        closer = _BOLD_AFTER.match(masked, m.end())
        if closer:  # "**X：** …": the label's colon sits inside the bold
            term = _bold_label(masked, m.start(), closer.group(1))
            body_start = closer.end()
        else:
            term = subject_before(masked, m.start(), gloss=True, hard=prose.display_chars, flat=prose.flat)
        if term is None or not valid_term(term.core):
            continue
        if term.core.endswith(("概念", "的定义", "定义")) and len(term.core) > 2:
            term = Term(_CONCEPT_TAIL.sub("", term.core), term.alias, term.start, term.emphasised)
            if not valid_term(term.core):
                continue
        found.append((term, body_start))
    for i, (term, body_start) in enumerate(found):
        limit = min(found[i + 1][0].start if i + 1 < len(found) else len(masked), body_start + BODY_WINDOW)
        stop = _GLOSS_END.search(masked, body_start, limit)
        body_end = stop.end() if stop else limit
        back_end = _past_abbreviations(masked, stop, limit)
        body = masked[body_start:body_end]
        lists = body.rstrip().endswith((":", "："))
        if lists:
            cut = max(body.rfind("，"), body.rfind(","))
            body_end = body_start + cut if cut > 0 else body_start
            body = masked[body_start:body_end]
        if not body_ok(body) or _BIG_O.match(body) or URL.match(body.strip()) or has_placeholder(body):
            continue
        plain = unmasked(body)
        if cjk_count(plain) < 4 and latin_words(plain) < 3:
            continue
        features = _gloss_features(prose, term, body, sentences.index(term.start), lists=lists)
        if lists:
            back_end = body_end
        yield make_draft(prose, term, (body_start, back_end), RANK_GLOSSARY, heading, features=features)


def _gloss_features(prose: Prose, term: Term, body: str, sentence: int, *, lists: bool) -> dict[str, float]:
    """The evidence of one glossary line; ``lists`` when its body only leads into what follows."""
    features = definition_features("gloss", term.core, term.alias, body, sentence=sentence, emphasised=term.emphasised)
    if lists:
        features["b:colon_end"] = 1.0
    if not prose.flat and not term.emphasised and not term.alias:
        # Markdown authors mark a glossary term (bold, or its other name in brackets); an unmarked
        # run-in "X：" / "X: " opening a line is a label: "第1步：", "策略：", "Proof sketch: "
        features["t:unmarked"] = 1.0
    return features


def _gloss_marks(masked: str) -> list[re.Match[str]]:
    """Every glossary mark in order: colons, and dashes after a bold term (scanned only when a dash is there)."""
    marks = list(_GLOSS_MARK.finditer(masked))
    if "—" in masked or "–" in masked:
        marks = sorted([*marks, *_GLOSS_DASH.finditer(masked)], key=lambda m: m.start())
    return marks


def _past_abbreviations(masked: str, stop: re.Match[str] | None, limit: int) -> int:
    """Where a glossary back ends: its first sentence end that is not an abbreviation's stop (``(e.g. 95%)``).

    The evidence still reads the body up to the first stop, as the scorer learned it.
    """
    while stop is not None and abbreviation_at(masked, stop.start()):
        stop = _GLOSS_END.search(masked, stop.end(), limit)
    return stop.end() if stop else limit


def _bold_label(masked: str, colon: int, marker: str) -> Term | None:
    """The term of ``**X：**``: the text between the opening marker and the colon, at a line or sentence start."""
    opener = masked.rfind(marker, max(0, colon - 62), colon)
    if opener < 0:
        return None
    before = masked[max(0, opener - 3) : opener].strip(" \t-*+>")
    if before and before[-1] not in "。！？；!?;\n":
        return None
    core, alias = split_alias(strip_term(masked[opener + len(marker) : colon]))
    return Term(core, alias, opener + len(marker), emphasised=True) if core else None


_LEADING_NUMBER = lazy(r"^[\d.、．\s]+")


def heading_definition(prose: Prose, title: str, heading: tuple[str, ...]) -> Draft | None:
    """A section named after a term whose first sentence starts with that term defines it."""
    clean_title = _LEADING_NUMBER.sub("", title).strip()
    bracketed = ends_in_bracket(clean_title)  # else ALIAS_TAIL cannot match: no search, no substitution
    core_title = ALIAS_TAIL.sub("", clean_title).strip() if bracketed else clean_title
    if not core_title or not valid_term(core_title) or clean_title.endswith(("?", "？")):
        return None
    if has_cjk(core_title) and cjk_count(core_title) < 3 and not _LATIN_LETTER.search(core_title):
        return None
    first = prose.sentences()
    if not first:
        return None
    offset, sentence = first[0]
    plain = render_masked(prose, sentence[:BODY_WINDOW])
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
    tail = ALIAS_TAIL.search(clean_title) if bracketed else None
    alias = clean_alias(tail.group(1)) if tail else ""
    features = definition_features("heading", core_title, alias, rest)
    term = Term(clean_title, "", offset)
    return make_draft(prose, term, (offset, offset + len(sentence)), RANK_HEADING, heading, features=features)
