"""The labelled article set the scorer learns from: gold items, candidates, and their labels.

Used by scripts/train.py. A candidate is labelled by matching it against the gold cards
exactly as the dev-set scorer matches (see train.py's docstring).
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import yaml

from flashnotes.extract.draft import Draft
from flashnotes.extract.pipeline import candidates, dedupe_key
from flashnotes.extract.reader import load_articles
from flashnotes.extract.terms import ALIAS_TAIL

# which gold kinds a card of each kind may meet (the scorer's rule)
COMPATIBLE = {"definition": {"definition", "quiz"}, "quiz": {"quiz", "definition"}, "formula": {"formula"}}


def norm(text: str) -> str:
    """The scorer's normal form: NFKC, lower case, no tag/label, no white space."""
    text = unicodedata.normalize("NFKC", text or "").lower()
    text = re.sub(r"\\(tag|label)\{[^}]*\}", "", text)
    return re.sub(r"\s+", "", text)


@dataclass
class Item:
    kind: str
    match: str
    optional: bool


@dataclass
class Doc:
    name: str
    drafts: list[Draft]
    gold: list[Item]


def haystacks(kind: str, key: str, front: str, back: str) -> list[str]:
    fields = [key, front] + ([back] if kind in ("formula", "cloze") else [])
    return [norm(f) for f in fields if f]


def load(set_dir: Path) -> list[Doc]:
    articles, _ = load_articles([str(set_dir / "articles")])
    docs = []
    for article in sorted(articles, key=lambda a: Path(a.path).name):
        name = Path(article.path).name
        gfile = set_dir / "gold" / f"{name}.yaml"
        raw = (yaml.safe_load(gfile.read_text(encoding="utf-8")) or {}).get("cards") or [] if gfile.exists() else []
        gold = [Item(g["kind"], norm(str(g["match"])), bool(g.get("optional"))) for g in raw]
        docs.append(Doc(name, candidates(article), gold))
    return docs


_HITS: dict[tuple[str, str, str, str, str], list[Item]] = {}


def gold_hits(doc: Doc, draft: Draft) -> list[Item]:
    """The gold items a card meets (memoised: threshold sweeps ask again and again)."""
    slot = (doc.name, draft.kind.value, draft.key, draft.front, draft.back)
    found = _HITS.get(slot)
    if found is None:
        hay = haystacks(draft.kind.value, draft.key, draft.front, draft.back)
        found = [
            g for g in doc.gold if draft.kind.value in COMPATIBLE.get(g.kind, ()) and any(g.match in h for h in hay)
        ]
        _HITS[slot] = found
    return found


def labels(doc: Doc) -> list[int | None]:
    """1, 0 or None (left out) for each draft, as the scorer would count the card.

    Only the closest key meeting an item is positive: the scorer counts the others as duplicates.
    """
    best: list[Item | None] = []
    for draft in doc.drafts:
        hits = gold_hits(doc, draft) if draft.features else []
        best.append(max(hits, key=lambda g: len(g.match)) if hits else None)
    closest: dict[tuple[str, int], tuple[int, object]] = {}
    for draft, item in zip(doc.drafts, best, strict=True):
        if item is not None and not item.optional:
            slot = (draft.kind.value, id(item))
            here = (_extra(draft, item), dedupe_key(draft))
            if slot not in closest or here[0] < closest[slot][0]:
                closest[slot] = here
    out: list[int | None] = []
    for draft, item in zip(doc.drafts, best, strict=True):
        if not draft.features:
            out.append(None)
        elif item is None:
            out.append(0)
        elif item.optional:
            out.append(None)
        else:
            out.append(int(dedupe_key(draft) == closest[(draft.kind.value, id(item))][1]))
    return out


def _extra(draft: Draft, item: Item) -> int:
    """How much more than the gold text the candidate's term says (its alias aside)."""
    return len(norm(ALIAS_TAIL.sub("", draft.key))) - len(item.match)


def learned_from(docs: list[Doc]) -> str:
    """How many labelled candidates (and negatives among them) each kind learns from."""
    seen: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for doc in docs:
        for draft, label in zip(doc.drafts, labels(doc), strict=True):
            if label is not None:
                seen[draft.kind.value][0] += 1
                seen[draft.kind.value][1] += label == 0
    parts = [f"{kind} {n} ({neg} negative)" for kind, (n, neg) in sorted(seen.items())]
    return "learning from " + ", ".join(parts)
