"""Regeneration with stable identity: match a new extraction to the previous build.

A card keeps its id (and so its review history and its Anki note) when its key
is unchanged, when its article was renamed or moved, and when its key was
edited a little (one-to-one, same article, same kind). Cards that disappear
are retired, never deleted.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, replace
from difflib import SequenceMatcher
from enum import Enum

from flashnotes.deck.store import StoredCard
from flashnotes.model import Card, Kind, normalise_key

SIMILAR = 0.75
SIMILAR_SHORT = 0.8
AMBIGUITY_MARGIN = 0.05


class Change(Enum):
    """What a build does to one card."""

    ADDED = "added"
    CHANGED = "changed"
    UNCHANGED = "unchanged"
    RETIRED = "retired"


@dataclass(frozen=True, slots=True)
class Planned:
    """One card's fate in a build; ``previous`` is what the collection held."""

    change: Change
    card: Card
    previous: StoredCard | None = None


@dataclass(frozen=True, slots=True)
class Plan:
    """Everything a deck build will do, before anything is written."""

    deck: str
    items: tuple[Planned, ...]
    kept: int = 0  # live cards of a deck left alone because nothing it is built from changed

    def of(self, change: Change) -> list[Planned]:
        """The planned items of one kind of change."""
        return [p for p in self.items if p.change is change]

    def counts(self) -> dict[str, int]:
        """How many cards each kind of change touches (cards kept as they were count as unchanged)."""
        counts = {c.value: len(self.of(c)) for c in Change}
        counts[Change.UNCHANGED.value] += self.kept
        return counts


# Bump when the HTML that card text renders to changes (deck/render.py, deck/fields.py): every
# note then counts as changed once, gets a later time, and Anki takes the new HTML.
FIELDS_VERSION = "2"  # 2: sanitised HTML, Source without the line


def content_hash(card: Card) -> str:
    """What makes a note's content: a change here is an update on re-import (the line is not part of it)."""
    parts = [FIELDS_VERSION, card.kind.value, card.front, card.back, card.source.path, *card.source.heading]
    parts += ["\x1e", *card.tags]
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:20]


_ALIAS = re.compile(r"[(（][^()（）]*[)）]$")


def identity_key(card: Card) -> str:
    """What identifies a card within its kind: the normalised key, a definition's alias left out."""
    key = normalise_key(card.key)
    return _ALIAS.sub("", key) or key if card.kind is Kind.DEFINITION else key


def _threshold(a: str, b: str) -> float:
    return SIMILAR_SHORT if min(len(a), len(b)) < 6 else SIMILAR


class _Matcher:
    def __init__(self, old: list[StoredCard], new: list[Card]) -> None:
        self.old = old
        self.new = new
        self.pairs: dict[int, StoredCard] = {}
        self.taken: set[str] = set()
        # each key normalised once, not once per comparison
        self.old_keys = [identity_key(s.card) for s in old]
        self.new_keys = [identity_key(c) for c in new]

    def take(self, i: int, stored: StoredCard) -> None:
        self.pairs[i] = stored
        self.taken.add(stored.id)

    def exact(self, same_path: bool) -> None:
        index: dict[tuple[object, ...], list[StoredCard]] = defaultdict(list)
        for s, key in zip(self.old, self.old_keys, strict=True):
            if s.id not in self.taken:
                index[self._key(s.card, key, same_path)].append(s)
        for i, (card, key) in enumerate(zip(self.new, self.new_keys, strict=True)):
            if i in self.pairs:
                continue
            found = [s for s in index.get(self._key(card, key, same_path), []) if s.id not in self.taken]
            if found:
                self.take(i, min(found, key=lambda s: s.retired is not None))

    @staticmethod
    def _key(card: Card, key: str, same_path: bool) -> tuple[object, ...]:
        return (card.kind, key, card.source.path) if same_path else (card.kind, key)

    def moved_paths(self) -> dict[str, set[str]]:
        """Old article paths that now live under a new path, voted by exactly matched cards."""
        votes: Counter[tuple[str, str]] = Counter()
        for i, stored in self.pairs.items():
            if stored.card.source.path != self.new[i].source.path:
                votes[(self.new[i].source.path, stored.card.source.path)] += 1
        out: dict[str, set[str]] = defaultdict(set)
        for (new_path, old_path), _ in votes.items():
            out[new_path].add(old_path)
        return out

    def fuzzy(self) -> None:
        """Edited keys: the most similar old card of the same kind and article (or the article it moved from).

        Old cards are indexed by (kind, path), so each new card is compared with its own article's
        cards only; a cheap upper bound on the similarity skips pairs that cannot be the best match
        or come within the ambiguity margin of it.
        """
        moved = self.moved_paths()
        index: dict[tuple[Kind, str], list[tuple[int, StoredCard, str]]] = defaultdict(list)
        for n, s in enumerate(self.old):
            if s.retired is None and s.id not in self.taken:
                index[(s.card.kind, s.card.source.path)].append((n, s, self.old_keys[n]))
        if not index:  # nothing left to match (a deck's first build): no new card needs looking at
            return
        candidates: list[tuple[float, int, StoredCard]] = []
        for i, card in enumerate(self.new):
            if i in self.pairs:
                continue
            paths = {card.source.path} | moved.get(card.source.path, set())
            pool = [entry for path in paths for entry in index.get((card.kind, path), ())]
            if len(paths) > 1:
                pool.sort(key=lambda entry: entry[0])  # the order of a scan over every old card
            best = _best(self.new_keys[i], [(s, k) for _, s, k in pool if s.id not in self.taken])
            if best is not None:
                candidates.append((best[0], i, best[1]))
        for _, i, stored in sorted(candidates, key=lambda c: -c[0]):
            if stored.id not in self.taken:
                self.take(i, stored)


# No pair scoring below this can be the match or come within the ambiguity margin of one.
_FLOOR = min(SIMILAR, SIMILAR_SHORT) - AMBIGUITY_MARGIN - 1e-9


def _best(key: str, pool: list[tuple[StoredCard, str]]) -> tuple[float, StoredCard] | None:
    """The unambiguous most similar old card above the threshold, if there is one."""
    scored: list[tuple[float, StoredCard, str]] = []
    for stored, old_key in pool:
        matcher = SequenceMatcher(None, key, old_key, autojunk=False)
        if matcher.real_quick_ratio() < _FLOOR or matcher.quick_ratio() < _FLOOR:
            continue
        scored.append((matcher.ratio(), stored, old_key))
    scored.sort(key=lambda entry: -entry[0])
    if not scored or scored[0][0] < _threshold(key, scored[0][2]):
        return None
    if len(scored) > 1 and scored[0][0] - scored[1][0] < AMBIGUITY_MARGIN:
        return None
    return scored[0][0], scored[0][1]


def match(old: list[StoredCard], new: list[Card]) -> dict[int, StoredCard]:
    """For each new card (by index) the previous card it continues, if any."""
    matcher = _Matcher(old, new)
    matcher.exact(same_path=True)
    matcher.exact(same_path=False)
    matcher.fuzzy()
    return matcher.pairs


def _unique_id(card: Card, used: set[str]) -> Card:
    if card.id not in used:
        return card
    salt = 0
    while True:
        salt += 1
        candidate = hashlib.sha256(f"{card.id}:{card.source.path}:{salt}".encode()).hexdigest()[:16]
        if candidate not in used:
            return replace(card, id=candidate)


def plan(deck: str, old: list[StoredCard], new: list[Card]) -> Plan:
    """What a build changes: added, changed, unchanged and retired cards, ids carried over."""
    pairs = match(old, new)
    used = {s.id for s in old}
    items: list[Planned] = []
    for i, found in enumerate(new):
        stored = pairs.get(i)
        if stored is None:
            fresh = _unique_id(found, used)
            used.add(fresh.id)
            items.append(Planned(Change.ADDED, fresh))
            continue
        card = replace(found, id=stored.id)
        if stored.retired is not None:
            items.append(Planned(Change.ADDED, card, stored))
        elif content_hash(card) != stored.content_hash or card.key != stored.card.key:
            items.append(Planned(Change.CHANGED, card, stored))
        else:
            items.append(Planned(Change.UNCHANGED, card, stored))
    matched = {s.id for s in pairs.values()}
    for stored in old:
        if stored.id not in matched and stored.retired is None:
            items.append(Planned(Change.RETIRED, stored.card, stored))
    return Plan(deck, tuple(items))
