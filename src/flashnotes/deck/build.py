"""Building decks: extract (reusing unchanged articles), plan against the last build, export, record.

The plan is computed without writing anything, so ``--dry-run`` is the same
code path stopped early. A build writes the collection in one transaction and
its packages under temporary names, moved into place only once it committed, so
an interrupted or failed build leaves the previous packages and collection intact.

Work is proportional to what changed: a deck whose code, deck file, articles and
learning progress are all as they were last time, and whose package is still the
one written then, is left alone (no package written, no row touched); in a deck
that is rebuilt only the rows that differ are written. Articles to extract are
extracted together, in a process pool when there is enough to extract; while the
workers go on, each deck is planned as soon as its articles are in, its rows are
written and its package too (deck/package.py; in the pool as well when the build runs
three jobs or more).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

from flashnotes.collection import Collection
from flashnotes.deck import anki, checks
from flashnotes.deck.cards import deck_cards
from flashnotes.deck.deckfile import DeckSpec
from flashnotes.deck.fields import Fields
from flashnotes.deck.identity import Change, Plan, Planned, content_hash, plan
from flashnotes.deck.package import (
    Packages,
    RenderKey,
    Staged,
    note_time,
    package_job,
    removed_if_failed,
    render_key,
    write,
)
from flashnotes.deck.sources import (
    ArticleFile,
    Extracted,
    Extraction,
    Task,
    inputs_digest,
    read_articles,
    same_code,
)
from flashnotes.deck.store import (
    BuildRecord,
    Builds,
    DeckState,
    LastBuild,
    Recording,
    StoredCard,
    cards_json,
    stored_row,
)
from flashnotes.errors import FlashnotesError
from flashnotes.model import Card
from flashnotes.progress import NO_LEARNING, Learning

Progress = Callable[[int], None]

# With fewer jobs (processes) than this the packages are written here, while the workers extract. From two
# on they are written in the pool too (their cards sent as plain rows: about a fifth of what writing them costs), so
# this process keeps only what must be done here: planning, recording, and what it takes back.
PACKAGES_IN_POOL = 2


@dataclass(frozen=True, slots=True)
class ArticleCards:
    """One article's cards and content hash; ``parsed`` is False when they came from the cache."""

    path: str
    digest: str
    cards: tuple[Card, ...]
    parsed: bool
    encoded: str | None = None  # the cards as the extraction cache stores them, when a worker encoded them
    fields: tuple[Fields | None, ...] | None = None  # their note fields, when rendered with the extraction


@dataclass(frozen=True, slots=True)
class DeckBuild:
    """A planned (and, unless a dry run, written) deck build."""

    spec: DeckSpec
    plan: Plan
    articles: tuple[ArticleCards, ...]
    package: Path | None = None
    warnings: tuple[str, ...] = ()
    untouched: bool = False  # nothing it is built from changed: nothing was extracted, written or recorded

    @property
    def parsed(self) -> int:
        """How many articles were parsed (not served from the cache)."""
        return sum(a.parsed for a in self.articles)


def _plan(spec: DeckSpec, articles: list[ArticleCards], collection: Collection) -> DeckBuild:
    """Plan one deck's extracted articles against the collection, writing nothing."""
    the_plan = plan(spec.name, Builds(collection).cards(spec.name), deck_cards(spec, articles))
    warnings = checks.deck_warnings(spec, [(a.path, a.cards) for a in articles])
    return DeckBuild(spec, the_plan, tuple(articles), warnings=tuple(warnings))


def plan_deck(root: Path, spec: DeckSpec, collection: Collection, progress: Progress, *, jobs: int = 1) -> DeckBuild:
    """Extract and plan one deck against the collection, writing nothing."""
    [planned] = build_decks(root, [spec], collection, None, dry_run=True, jobs=jobs, progress=progress)
    return planned


def _stored(item: Planned, deck: str, now: datetime) -> StoredCard:
    prev = item.previous
    digest = content_hash(item.card)
    modified = note_time(item, now)
    if item.change is Change.RETIRED:
        assert prev is not None
        return replace(prev, retired=now, retired_exported=True, modified=modified)
    if prev is None:
        return StoredCard(item.card, deck, digest, now, modified)
    return StoredCard(item.card, deck, digest, prev.created, modified)


def _changed_rows(build: DeckBuild, now: datetime) -> list[StoredCard]:
    """The cards whose row differs from what the collection holds: only these are written."""
    out = []
    for item in build.plan.items:
        stored = _stored(item, build.spec.name, now)
        if item.change is Change.UNCHANGED and stored == item.previous:  # the same values make the same row
            continue
        out.append(stored)
    return out


def _encoded(build: DeckBuild, builds: Builds, now: datetime) -> BuildRecord:
    """What recording the build writes, encoded: the extraction cache of the articles parsed (or new to the
    deck), the rows that differ, the articles the deck no longer has and what changed."""
    cached = set(builds.article_paths(build.spec.name))
    articles = tuple(
        (a.path, a.digest, a.encoded if a.encoded is not None else cards_json(a.cards))
        for a in build.articles
        if a.parsed or a.path not in cached
    )
    rows = tuple(stored_row(s) for s in _changed_rows(build, now))
    changes = {i.card.id: i.change.value for i in build.plan.items if i.change is not Change.UNCHANGED}
    forget = tuple(sorted(cached - {a.path for a in build.articles}))
    return BuildRecord(build.spec.name, articles, rows, forget, LastBuild(now, changes))


def _state(build: DeckBuild, inputs: str, learning: str, written: Path | None) -> DeckState:
    """What the deck is now built from and into (``written``: the package file, before it is moved)."""
    assert build.package is not None
    stat = (written or build.package).stat()
    live = sum(1 for p in build.plan.items if p.change is not Change.RETIRED)
    return DeckState(inputs, learning, str(build.package), stat.st_size, stat.st_mtime_ns, live, build.warnings)


def record(
    build: DeckBuild,
    collection: Collection,
    now: datetime,
    inputs: str = "",
    learning: str = "",
    *,
    written: Path | None = None,
) -> None:
    """Save a deck build in the collection, in one transaction: changed rows and what it was built from.

    ``written`` is the package file as written (its temporary name, before it is moved into place).
    """
    builds = Builds(collection)
    state = _state(build, inputs, learning, written) if build.package is not None and inputs else None
    builds.save(_encoded(build, builds, now), state)


def export(build: DeckBuild, root: Path, out: Path, now: datetime, learning: Learning = NO_LEARNING) -> DeckBuild:
    """Write the deck's package: live cards, plus cards retired in this build tagged for removal.

    Cards in ``learning`` carry their learning progress into the package.
    """
    staged = write(package_job(build.plan, root, out, now, learning))
    anki.place_package(staged.file, out)
    return replace(build, package=out, warnings=(*build.warnings, *staged.warnings))


def build_deck(
    root: Path,
    spec: DeckSpec,
    collection: Collection,
    out: Path,
    now: datetime,
    *,
    progress: Progress = lambda _: None,
    learning: Learning = NO_LEARNING,
    jobs: int = 1,
) -> DeckBuild:
    """Plan, export and record one deck (nothing at all when nothing it is built from changed)."""
    [built] = build_decks(
        root,
        [spec],
        collection,
        now,
        out_for=lambda _: out,
        learning_for=lambda _: learning,
        jobs=jobs,
        progress=progress,
    )
    return built


def learning_digest(learning: Learning) -> str:
    """A digest of the learning progress a package carries: new answers make the package change."""
    text = repr((learning.rollover, sorted(learning.cards.items())))
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def _is_untouched(state: DeckState | None, inputs: str, learning: str, out: Path | None) -> bool:
    """Whether the last build of the deck was made from exactly this, into a package still as written."""
    if state is None or state.inputs != inputs:
        return False
    if out is None:  # a dry run: the cards would be the same
        return True
    if state.learning != learning or state.package != str(out):
        return False
    try:
        stat = out.stat()
    except OSError:
        return False
    return stat.st_size == state.package_size and stat.st_mtime_ns == state.package_mtime_ns


def _package_kept(build: DeckBuild, p: _Pending) -> bool:
    """Whether a rebuilt deck's package can stay: the same code, no card added, changed or retired, the
    same learning progress, and the package still as last written."""
    if p.state is None or not same_code(p.state.inputs):  # new code may render the same cards differently
        return False
    if any(i.change is not Change.UNCHANGED for i in build.plan.items):
        return False
    return _is_untouched(p.state, p.state.inputs, learning_digest(p.learning), p.out)


@dataclass(frozen=True, slots=True)
class _Pending:
    spec: DeckSpec
    files: list[ArticleFile]
    inputs: str
    learning: Learning
    out: Path | None
    cached: dict[str, str]  # article path to content hash, for the articles whose cache can be used
    state: DeckState | None = None


@dataclass(frozen=True, slots=True)
class _Planned:
    """A deck planned and its rows written; its package (unless ``kept``) is being written meanwhile."""

    build: DeckBuild
    pending: _Pending
    kept: bool


def build_decks(
    root: Path,
    specs: Sequence[DeckSpec],
    collection: Collection,
    now: datetime | None,
    *,
    out_for: Callable[[DeckSpec], Path] | None = None,
    learning_for: Callable[[DeckSpec], Learning] | None = None,
    dry_run: bool = False,
    jobs: int = 1,
    progress: Progress = lambda _: None,
) -> list[DeckBuild]:
    """Build (or with ``dry_run`` only plan) decks, in order: decks whose sources did not change are
    left alone, and every article to extract, across all decks, is extracted in one go."""
    builds = Builds(collection)
    results: dict[str, DeckBuild] = {}
    pending: list[_Pending] = []
    with Extraction(jobs) as extraction:
        for spec in specs:  # each deck's articles go to the workers while the next deck is read
            p = _pending(root, spec, builds, out_for=out_for, learning_for=learning_for, dry_run=dry_run)
            if isinstance(p, DeckBuild):
                results[spec.name] = p
                progress(len(p.articles))
                continue
            pending.append(p)
            extraction.add([_task(p, f) for f in p.files if p.cached.get(f.path) != f.digest])
        extracted = extraction.results()
        if dry_run or out_for is None or now is None:
            for p in pending:
                results[p.spec.name] = _plan(p.spec, _articles(p, builds, extracted, progress), collection)
        elif pending:
            writer = _Writer(root, builds, now, Packages(extraction.pool if jobs >= PACKAGES_IN_POOL else None))
            with removed_if_failed(p.out for p in pending if p.out is not None), writer.packages:
                results.update(writer.build(pending, extracted, progress))
    return [results[spec.name] for spec in specs]


def _pending(
    root: Path,
    spec: DeckSpec,
    builds: Builds,
    *,
    out_for: Callable[[DeckSpec], Path] | None,
    learning_for: Callable[[DeckSpec], Learning] | None,
    dry_run: bool,
) -> _Pending | DeckBuild:
    """A deck read and hashed, to build; or, when nothing it is built from changed, its build as it stands."""
    files = read_articles(root, spec)
    inputs = inputs_digest(spec, files)
    out = None if dry_run or out_for is None else out_for(spec)
    learning = NO_LEARNING if out is None or learning_for is None else learning_for(spec)
    state = builds.deck_state(spec.name)
    if _is_untouched(state, inputs, learning_digest(learning), out):
        assert state is not None
        left = tuple(ArticleCards(f.path, f.digest, (), False) for f in files)
        kept = Plan(spec.name, (), kept=state.live)
        return DeckBuild(spec, kept, left, out, state.warnings, untouched=True)
    trusted = state is not None and same_code(state.inputs)
    cached = builds.article_paths(spec.name) if trusted else {}
    return _Pending(spec, files, inputs, learning, out, cached, state)


def _task(p: _Pending, f: ArticleFile) -> Task:
    return (f"{p.spec.name}/{f.path}", f.path, f.data, p.spec.min_confidence)


def _articles(p: _Pending, builds: Builds, extracted: Iterator[Extracted], progress: Progress) -> list[ArticleCards]:
    """A deck's articles with their cards: from the cache when unchanged, else the next extracted."""
    articles = []
    for f in p.files:
        if p.cached.get(f.path) == f.digest:
            cards = builds.cached_cards(p.spec.name, f.path, f.digest)
            assert cards is not None
            articles.append(ArticleCards(f.path, f.digest, tuple(cards), False))
        else:
            found = next(extracted)  # encoded now, between results, not all at once when the deck is planned
            encoded = found.encoded if found.encoded is not None else cards_json(found.cards)
            articles.append(ArticleCards(f.path, f.digest, found.cards, True, encoded, found.fields))
        progress(1)
    return articles


class _Writer:
    """Writes planned decks: each deck's rows go into the collection as soon as it is planned (in one
    transaction for the build, so nothing is recorded unless every article was extracted) and its package
    is written meanwhile; once all are written their states are recorded, the transaction committed,
    and only then are the packages moved into place. A package that cannot be written stops the build
    at its deck: the decks before it are built, that one and the ones after are not."""

    def __init__(self, root: Path, builds: Builds, now: datetime, packages: Packages) -> None:
        self.root, self.builds, self.now, self.packages = root, builds, now, packages

    def build(
        self, pending: list[_Pending], extracted: Iterator[Extracted], progress: Progress
    ) -> dict[str, DeckBuild]:
        done: list[tuple[DeckBuild, Staged | None]] = []
        try:
            with self.builds.recording() as recording:
                planned = [self._plan(p, extracted, progress, recording) for p in pending]
                failed = self._finish(planned, recording, done)
        except BaseException:
            for _, staged in done:
                if staged is not None:
                    staged.file.unlink(missing_ok=True)
            raise
        _place(done)
        if failed is not None:
            raise failed
        return {b.spec.name: b for b, _ in done}

    def _plan(self, p: _Pending, extracted: Iterator[Extracted], progress: Progress, recording: Recording) -> _Planned:
        built = _plan(p.spec, _articles(p, self.builds, extracted, progress), self.builds.col)
        stays = _package_kept(built, p)
        if not stays:
            assert p.out is not None
            job = package_job(built.plan, self.root, p.out, self.now, p.learning, rendered=_rendered(built))
            self.packages.submit(p.spec.name, job)
        recording.deck(_encoded(built, self.builds, self.now))
        return _Planned(built, p, stays)

    def _finish(
        self, planned: list[_Planned], recording: Recording, done: list[tuple[DeckBuild, Staged | None]]
    ) -> FlashnotesError | None:
        """Each deck's state, in order, as its package is done; the error of a package that cannot be written."""
        for step in planned:
            b, p = step.build, step.pending
            assert p.out is not None
            digest = learning_digest(p.learning)
            if step.kept:  # an edit that changed no card: the package stays, the collection learns the new text
                assert p.state is not None
                built = replace(b, package=p.out, warnings=tuple(dict.fromkeys((*b.warnings, *p.state.warnings))))
                recording.state(p.spec.name, _state(built, p.inputs, digest, None))
                done.append((replace(built, untouched=True), None))
                continue
            try:
                staged = self.packages.take(p.spec.name)
            except FlashnotesError as exc:
                recording.undo_from(p.spec.name)
                return exc
            built = replace(b, package=p.out, warnings=(*b.warnings, *staged.warnings))
            done.append((built, staged))  # from here on deleted, unless placed
            recording.state(p.spec.name, _state(built, p.inputs, digest, staged.file))
        return None


def _rendered(build: DeckBuild) -> dict[RenderKey, Fields]:
    """The note fields rendered with the extraction, by what they are rendered from."""
    out = {}
    for a in build.articles:
        for card, fields in zip(a.cards, a.fields or (), strict=False):
            if fields is not None:
                out[render_key(card)] = fields
    return out


def _place(done: list[tuple[DeckBuild, Staged | None]]) -> None:
    """Move the new packages into place (each temporary file is gone afterwards, placed or not)."""
    moves = [(staged.file, b.package) for b, staged in done if staged is not None and b.package is not None]
    try:
        for tmp, out in moves:
            anki.place_package(tmp, out)
    finally:
        for tmp, _ in moves:
            tmp.unlink(missing_ok=True)
