"""The decision step: article-wide evidence added to each candidate, the scorer's confidence, the threshold.

Generic over kinds: any draft that carries features is scored by its kind's model
(when the packaged model has one) and kept when its confidence reaches the kind's
learned threshold, or the user's ``min_confidence`` when one is given. Drafts without
features (explicit markup, rules not yet learned) keep confidence 1.0 and always pass.
"""

from __future__ import annotations

from collections.abc import Iterable

from flashnotes.extract.draft import Draft
from flashnotes.extract.features import Features, norm
from flashnotes.extract.scorer import Model
from flashnotes.extract.terms import ALIAS_TAIL, ends_in_bracket

RECUR_WINDOW = 20_000  # characters of article searched for a term's other uses, around its own place


def evolved(draft: Draft, features: Features, confidence: float) -> Draft:
    """The draft with new features and confidence: ``dataclasses.replace``, at a tenth of its cost per draft.

    ``replace`` looks up the fields and builds keyword arguments for each call; a pass scores every
    candidate three times over. A test pins that every other field is kept.
    """
    d = draft
    return Draft(d.kind, d.key, d.front, d.back, d.line, d.heading, d.rank, features, confidence)


def with_features(drafts: Iterable[Draft], extra: Features) -> list[Draft]:
    """The drafts with ``extra`` merged into the features of those that have features."""
    if not extra:
        return list(drafts)
    return [evolved(d, {**d.features, **extra}, d.confidence) if d.features else d for d in drafts]


def _term(draft: Draft) -> str:
    key = draft.key
    return norm(ALIAS_TAIL.sub("", key) if ends_in_bracket(key) else key)


def repeated_labels(drafts: Iterable[Draft]) -> set[str]:
    """Glossary terms the article writes as a label more than once (``原理：…``, ``缺点：…`` in each section).

    A term is defined once; a field name heads the same kind of content again and again.
    """
    drafts = list(drafts)
    return _repeated(drafts, [_term(d) if d.features else "" for d in drafts])


def _repeated(drafts: list[Draft], terms: list[str]) -> set[str]:
    """repeated_labels, given each draft's term (computed once for the whole evidence step)."""
    seen: dict[str, int] = {}
    for draft, term in zip(drafts, terms, strict=True):
        if draft.features and "src:gloss" in draft.features:
            seen[term] = seen.get(term, 0) + 1
    return {term for term, n in seen.items() if n >= 2 and term}


def article_evidence(drafts: list[Draft], text: str, headings: Iterable[str]) -> list[Draft]:
    """Add what the whole article says about each candidate: the term recurs, sits in a heading."""
    flat = norm(text)
    lines = max(1, text.count("\n") + 1)
    heading_text = "\x00".join(norm(h) for h in headings)[:RECUR_WINDOW]
    own: dict[str, str] = {}
    terms = [_term(d) if d.features else "" for d in drafts]
    labels = _repeated(drafts, terms)
    out = []
    for draft, term in zip(drafts, terms, strict=True):
        if not draft.features:
            out.append(draft)
            continue
        extra: Features = {}
        if term in labels and "src:gloss" in draft.features:
            extra["a:label_repeats"] = 1.0
        if term:
            centre = int(len(flat) * min(1.0, (draft.line - 1) / lines))
            lo = max(0, centre - RECUR_WINDOW // 2)
            uses = flat.count(term, lo, lo + RECUR_WINDOW)
            extra["a:recur"] = min(1.0, max(0, uses - 1) / 4)
            if uses >= 3:
                extra["a:recur3"] = 1.0
            if term in heading_text:
                extra["a:in_heading"] = 1.0
        if draft.heading and term:
            title = draft.heading[-1]
            if title not in own:
                own[title] = norm(title)
            if term in own[title]:
                extra["w:own_heading"] = 1.0
        out.append(evolved(draft, {**draft.features, **extra}, draft.confidence))
    return out


def score(drafts: Iterable[Draft], model: Model) -> list[Draft]:
    """Each draft with features gets its kind's confidence; the others keep theirs."""
    out = []
    for draft in drafts:
        kind_model = model.get(draft.kind.value) if draft.features else None
        out.append(evolved(draft, draft.features, kind_model.confidence(draft.features)) if kind_model else draft)
    return out


def passes(draft: Draft, model: Model, min_confidence: float | None) -> bool:
    """Whether a scored draft is confident enough: the user's bar if given, else its kind's threshold."""
    kind_model = model.get(draft.kind.value) if draft.features else None
    if kind_model is None:
        return min_confidence is None or draft.confidence >= min_confidence
    bar = kind_model.threshold if min_confidence is None else min_confidence
    return draft.confidence >= bar
