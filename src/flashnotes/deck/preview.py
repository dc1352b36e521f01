"""The preview of a deck as last built: its cards from the collection, what that build changed, freshness.

The page shows the package as it is (the collection's cards, rendered exactly as
the export renders them); when the articles or the deck file have changed since,
it says so instead of silently showing something else.
"""

from __future__ import annotations

import os
from functools import partial
from pathlib import Path

from flashnotes.collection import Collection
from flashnotes.deck.build import plan_deck
from flashnotes.deck.cardview import sides
from flashnotes.deck.deckfile import DeckSpec
from flashnotes.deck.fields import note_fields
from flashnotes.deck.identity import Change
from flashnotes.deck.media import project_image
from flashnotes.deck.page import DeckHistory, DeckPage, PreviewCard
from flashnotes.deck.store import Builds
from flashnotes.errors import ExportError
from flashnotes.model import Card, Kind, normalise_key


class _Images:
    """Local images pointed at from the page's folder; remote ones dropped (the page never uses the network)."""

    def __init__(self, root: Path, out_dir: Path) -> None:
        self.root = root
        self.out_dir = out_dir

    def rename(self, card: Card, src: str) -> str | None:
        path, _ = project_image(self.root, card.source.path, src)  # the same images a package may hold
        return Path(os.path.relpath(path, self.out_dir.resolve())).as_posix() if path is not None else None


def _confidences(builds: Builds, deck: str) -> dict[object, float]:
    """Extraction's confidence for each extracted card, by id and by (kind, key): the cards table keeps none,
    the extraction cache does. Hand-written cards have none."""
    out: dict[object, float] = {}
    for path, digest in builds.article_paths(deck).items():
        for card in builds.cached_cards(deck, path, digest) or []:
            out[card.id] = out[(card.kind, normalise_key(card.key))] = card.confidence
    return out


def _cards(n: int) -> str:
    return "1 card" if n == 1 else f"{n} cards"


def deck_page(root: Path, spec: DeckSpec, collection: Collection, out_dir: Path, history: DeckHistory) -> DeckPage:
    """The page of one deck as last built, with a notice when its sources changed since."""
    builds = Builds(collection)
    last = builds.last_build(spec.name)
    changes = last.changes if last else {}
    stored = [s for s in builds.cards(spec.name) if s.retired is None or changes.get(s.id) == Change.RETIRED.value]
    planned = plan_deck(root, spec, collection, lambda _n: None)
    sure = _confidences(builds, spec.name)
    images = _Images(root, out_dir)
    cards = []
    for s in stored:
        fields = note_fields(s.card, partial(images.rename, s.card))
        shown = tuple(sides(fields, s.card.kind is Kind.CLOZE))
        confidence = sure.get(s.id, sure.get((s.card.kind, normalise_key(s.card.key))))
        cards.append(PreviewCard(s.card, shown, changes.get(s.id), confidence))
    pending = sum(1 for item in planned.plan.items if item.change is not Change.UNCHANGED)
    notices = []
    if pending:
        notices.append(
            f"The articles, {spec.file.as_posix()} or flashnotes itself changed since the last build "
            f"({_cards(pending)} would change): "
            f"run `flashnotes build {spec.slug}` to update the package, then preview again. "
            "This page shows the package as it is now."
        )
    if stored and last is None:
        notices.append("Changes are marked from the next build on (this collection predates them).")
    return DeckPage(
        spec.name, spec.file.as_posix(), last.built_at if last else None, tuple(cards), history, tuple(notices)
    )


def write_page(path: Path, text: str) -> None:
    """Write a page atomically (a temporary file next to it, then moved into place)."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise ExportError(f"{path}: cannot write the preview ({exc.strerror}); check the folder is writable") from None
