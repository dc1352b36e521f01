"""Building decks: extract (reusing unchanged articles), plan against the last build, export, record.

The plan is computed without writing anything, so ``--dry-run`` is the same
code path stopped early. A package is written before the collection records
the build, and atomically, so an interrupted build leaves the previous package
and the previous collection state intact.
"""

from __future__ import annotations

import hashlib
import re
import shutil
import tempfile
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

from flashnotes.collection import Collection
from flashnotes.deck import anki, checks, render
from flashnotes.deck.deckfile import DeckSpec, resolve_articles
from flashnotes.deck.identity import Change, Plan, Planned, content_hash, plan
from flashnotes.deck.store import Builds, StoredCard
from flashnotes.errors import InputError
from flashnotes.extract.pipeline import extract
from flashnotes.extract.reader import parse_article
from flashnotes.model import Card, Kind, Source, card_id, normalise_key
from flashnotes.progress import NO_LEARNING, CardProgress, Learning

Progress = Callable[[int], None]


@dataclass(frozen=True, slots=True)
class ArticleCards:
    """One article's cards and content hash; ``parsed`` is False when they came from the cache."""

    path: str
    digest: str
    cards: tuple[Card, ...]
    parsed: bool


@dataclass(frozen=True, slots=True)
class DeckBuild:
    """A planned (and, unless a dry run, written) deck build."""

    spec: DeckSpec
    plan: Plan
    articles: tuple[ArticleCards, ...]
    package: Path | None = None
    warnings: tuple[str, ...] = ()

    @property
    def parsed(self) -> int:
        """How many articles were parsed (not served from the cache)."""
        return sum(a.parsed for a in self.articles)


def _tag(text: str) -> str:
    return re.sub(r"[\s\"]+", "_", text.replace("::", "_")).strip("_")


def card_tags(spec: DeckSpec, card: Card) -> tuple[str, ...]:
    """Deck tags, article tags and the heading path as one hierarchical tag (no spaces, Chinese kept)."""
    tags = [_tag(t) for t in (*spec.tags, *card.tags)]
    heading = [_tag(h) for h in card.source.heading if _tag(h)]
    if heading:
        tags.append("heading::" + "::".join(heading))
    return tuple(dict.fromkeys(t for t in tags if t))


def read_deck_articles(root: Path, spec: DeckSpec, collection: Collection, progress: Progress) -> list[ArticleCards]:
    """Every article of a deck with its cards: unchanged articles (same content hash) are not parsed again."""
    out = []
    for file in resolve_articles(root, spec):
        rel = file.relative_to(root).as_posix()
        try:
            data = file.read_bytes()
        except OSError as exc:
            raise InputError(rel, f"cannot open this article ({exc.strerror})") from None
        digest = hashlib.sha256(data).hexdigest()
        cached = Builds(collection).cached_cards(spec.name, rel, digest)
        if cached is None:
            cards = extract(parse_article(rel, data), scope=f"{spec.name}/{rel}")
            out.append(ArticleCards(rel, digest, tuple(cards), True))
        else:
            out.append(ArticleCards(rel, digest, tuple(cached), False))
        progress(1)
    return out


def _hand_cards(spec: DeckSpec) -> list[Card]:
    path = spec.file.as_posix()
    return [
        Card(
            card_id(f"{spec.name}/{path}", Kind.QUIZ, hand.front),
            Kind.QUIZ,
            hand.front,
            hand.back,
            hand.front,
            Source(path, hand.line),
            hand.tags,
        )
        for hand in spec.cards
    ]


def deck_cards(spec: DeckSpec, articles: list[ArticleCards]) -> list[Card]:
    """The deck's cards: extracted ones filtered by kind and ``exclude``, plus hand-written ones, tagged."""
    excluded = {normalise_key(e) for e in spec.exclude} | set(spec.exclude)
    cards = [c for a in articles for c in a.cards if c.kind in spec.kinds]
    cards = [c for c in cards if c.id not in excluded and normalise_key(c.key) not in excluded]
    cards.extend(_hand_cards(spec))
    return [replace(c, tags=card_tags(spec, c)) for c in cards]


def plan_deck(root: Path, spec: DeckSpec, collection: Collection, progress: Progress) -> DeckBuild:
    """Extract and plan one deck against the collection, writing nothing."""
    articles = read_deck_articles(root, spec, collection, progress)
    the_plan = plan(spec.name, Builds(collection).cards(spec.name), deck_cards(spec, articles))
    warnings = checks.deck_warnings(spec, [(a.path, a.cards) for a in articles])
    return DeckBuild(spec, the_plan, tuple(articles), warnings=tuple(warnings))


def _modified(item: Planned, now: datetime) -> datetime:
    """The note time a build exports and records: kept when unchanged, else strictly later than before."""
    prev = item.previous
    if item.change is Change.UNCHANGED and prev is not None:
        return prev.modified
    return anki.note_mod(prev.modified if prev is not None else None, now)


def _stored(item: Planned, deck: str, now: datetime) -> StoredCard:
    prev = item.previous
    digest = content_hash(item.card)
    modified = _modified(item, now)
    if item.change is Change.RETIRED:
        assert prev is not None
        return replace(prev, retired=now, retired_exported=True, modified=modified)
    if prev is None:
        return StoredCard(item.card, deck, digest, now, modified)
    return StoredCard(item.card, deck, digest, prev.created, modified)


def record(build: DeckBuild, collection: Collection, now: datetime) -> None:
    """Save a deck build in the collection, in one transaction."""
    cached = set(Builds(collection).article_paths(build.spec.name))
    current = {a.path for a in build.articles}
    Builds(collection).save_build(
        build.spec.name,
        [(a.path, a.digest, list(a.cards)) for a in build.articles if a.parsed or a.path not in cached],
        [_stored(item, build.spec.name, now) for item in build.plan.items],
        forget_articles=cached - current,
    )


def _source_html(card: Card) -> str:
    """Article and heading path: both part of the note's content, so the field never goes stale."""
    parts = [card.source.path]
    if card.source.heading:
        parts.append(" › ".join(card.source.heading))
    return render.to_html(" · ".join(parts))


class _Media:
    """Images referenced by cards, copied under content-hashed names into a staging folder."""

    def __init__(self, root: Path, staging: Path) -> None:
        self.root = root
        self.staging = staging
        self.files: dict[str, Path] = {}
        self.warnings: list[str] = []

    def _line_of(self, card: Card, src: str) -> int:
        """The line of the article that refers to ``src`` (the card's line if it cannot be found)."""
        try:
            lines = (self.root / card.source.path).read_text(encoding="utf-8", errors="replace").split("\n")
        except OSError:
            return card.source.line
        return next((n for n, line in enumerate(lines, 1) if src in line), card.source.line)

    def rename(self, card: Card, src: str) -> str | None:
        if re.match(r"^[a-z]+://", src):
            return src
        path = (self.root / card.source.path).parent / src
        if not path.is_file():
            line = self._line_of(card, src)
            self.warnings.append(f"{card.source.path}:{line}: image '{src}' not found; the card is kept without it")
            return None
        data = path.read_bytes()
        name = hashlib.sha256(data).hexdigest()[:16] + path.suffix.lower()
        if name not in self.files:
            target = self.staging / name
            target.write_bytes(data)
            self.files[name] = target
        return name


def _note(
    card: Card, media: _Media, modified: datetime, retired: bool, learning: Mapping[str, CardProgress]
) -> anki.NoteSpec:
    front = render.replace_images(card.front, lambda src: media.rename(card, src))
    back = render.replace_images(card.back, lambda src: media.rename(card, src))
    cloze = card.kind is Kind.CLOZE
    fields = (
        render.to_html(front, cloze=cloze),
        "" if cloze else render.to_html(back),
        _source_html(card),
    )
    tags = (*card.tags, anki.RETIRED_TAG) if retired else card.tags
    return anki.NoteSpec(card.id, cloze, fields, tags, modified, learning.get(card.id))


@contextmanager
def _staging() -> Iterator[Path]:
    folder = Path(tempfile.mkdtemp(prefix="flashnotes-media-"))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def export(build: DeckBuild, root: Path, out: Path, now: datetime, learning: Learning = NO_LEARNING) -> DeckBuild:
    """Write the deck's package: live cards, plus cards retired in this build tagged for removal.

    Cards in ``learning`` carry their learning progress into the package.
    """
    with _staging() as staging:
        media = _Media(root, staging)
        notes = []
        for item in build.plan.items:
            retired = item.change is Change.RETIRED
            notes.append(_note(item.card, media, _modified(item, now), retired=retired, learning=learning.cards))
        anki.write_package(out, build.spec.name, notes, list(media.files.values()), now, rollover=learning.rollover)
    return replace(build, package=out, warnings=(*build.warnings, *media.warnings))


def build_deck(
    root: Path,
    spec: DeckSpec,
    collection: Collection,
    out: Path,
    now: datetime,
    *,
    progress: Progress = lambda _: None,
    learning: Learning = NO_LEARNING,
) -> DeckBuild:
    """Plan, export and record one deck."""
    planned = plan_deck(root, spec, collection, progress)
    built = export(planned, root, out, now, learning)
    record(built, collection, now)
    return built
