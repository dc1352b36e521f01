"""Building decks: extract (reusing unchanged articles), plan against the last build, export, record.

The plan is computed without writing anything, so ``--dry-run`` is the same
code path stopped early. A package is written before the collection records
the build, and atomically, so an interrupted build leaves the previous package
and the previous collection state intact.

Work is proportional to what changed: a deck whose code, deck file, articles and
learning progress are all as they were last time, and whose package is still the
one written then, is left alone (no package written, no row touched); in a deck
that is rebuilt only the rows that differ are written. Articles to extract are
extracted together, in a process pool when there are many.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import Executor
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

from flashnotes.collection import Collection
from flashnotes.deck import anki, checks
from flashnotes.deck.cards import deck_cards
from flashnotes.deck.deckfile import DeckSpec
from flashnotes.deck.fields import note_fields
from flashnotes.deck.identity import Change, Plan, Planned, content_hash, plan
from flashnotes.deck.media import Media
from flashnotes.deck.sources import (
    ArticleFile,
    extract_all,
    inputs_digest,
    read_articles,
    run_all,
    same_code,
    worker_pool,
)
from flashnotes.deck.store import Builds, DeckState, LastBuild, StoredCard
from flashnotes.errors import FlashnotesError
from flashnotes.model import Card, Kind
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


def _changed_rows(build: DeckBuild, now: datetime) -> list[StoredCard]:
    """The cards whose row differs from what the collection holds: only these are written."""
    out = []
    for item in build.plan.items:
        stored = _stored(item, build.spec.name, now)
        if item.change is Change.UNCHANGED and stored == item.previous:  # the same values make the same row
            continue
        out.append(stored)
    return out


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
    cached = set(Builds(collection).article_paths(build.spec.name))
    current = {a.path for a in build.articles}
    state = None
    if build.package is not None and inputs:
        stat = (written or build.package).stat()
        live = sum(1 for p in build.plan.items if p.change is not Change.RETIRED)
        state = DeckState(inputs, learning, str(build.package), stat.st_size, stat.st_mtime_ns, live, build.warnings)
    Builds(collection).save_build(
        build.spec.name,
        [(a.path, a.digest, list(a.cards)) for a in build.articles if a.parsed or a.path not in cached],
        _changed_rows(build, now),
        forget_articles=cached - current,
        state=state,
        last_build=LastBuild(
            now, {i.card.id: i.change.value for i in build.plan.items if i.change is not Change.UNCHANGED}
        ),
    )


def _note(
    card: Card, media: Media, modified: datetime, retired: bool, learning: Mapping[str, CardProgress]
) -> anki.NoteSpec:
    cloze = card.kind is Kind.CLOZE
    fields = note_fields(card, lambda src: media.rename(card, src))
    tags = (*card.tags, anki.RETIRED_TAG) if retired else card.tags
    return anki.NoteSpec(card.id, cloze, fields, tags, modified, learning.get(card.id))


@contextmanager
def _staging() -> Iterator[Path]:
    folder = Path(tempfile.mkdtemp(prefix="flashnotes-media-"))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def export(
    build: DeckBuild,
    root: Path,
    out: Path,
    now: datetime,
    learning: Learning = NO_LEARNING,
    *,
    then: Callable[[DeckBuild, Path], None] | None = None,
) -> DeckBuild:
    """Write the deck's package: live cards, plus cards retired in this build tagged for removal.

    Cards in ``learning`` carry their learning progress into the package. ``then`` records
    the build once the package is written and before it replaces the previous one, so a
    failed record leaves the previous package and collection together.
    """
    with _staging() as staging:
        media = Media(root, staging)
        notes = []
        for item in build.plan.items:
            retired = item.change is Change.RETIRED
            notes.append(_note(item.card, media, _modified(item, now), retired=retired, learning=learning.cards))
        built = replace(build, package=out, warnings=(*build.warnings, *media.warnings))
        anki.write_package(
            out,
            build.spec.name,
            notes,
            list(media.files.values()),
            now,
            rollover=learning.rollover,
            then=None if then is None else lambda written: then(built, written),
        )
    return built


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
    for spec in specs:
        files = read_articles(root, spec)
        inputs = inputs_digest(spec, files)
        out = None if dry_run or out_for is None else out_for(spec)
        learning = NO_LEARNING if out is None or learning_for is None else learning_for(spec)
        state = builds.deck_state(spec.name)
        if _is_untouched(state, inputs, learning_digest(learning), out):
            assert state is not None
            left = tuple(ArticleCards(f.path, f.digest, (), False) for f in files)
            kept = Plan(spec.name, (), kept=state.live)
            results[spec.name] = DeckBuild(spec, kept, left, out, state.warnings, untouched=True)
            progress(len(files))
            continue
        trusted = state is not None and same_code(state.inputs)
        cached = builds.article_paths(spec.name) if trusted else {}
        pending.append(_Pending(spec, files, inputs, learning, out, cached, state))
    tasks = [
        (f"{p.spec.name}/{f.path}", f.path, f.data, p.spec.min_confidence)
        for p in pending
        for f in p.files
        if p.cached.get(f.path) != f.digest
    ]
    with worker_pool(jobs, len(tasks)) as pool:
        extracted = iter(extract_all(tasks, pool))
        planned = []
        for p in pending:
            articles = []
            for f in p.files:
                if p.cached.get(f.path) == f.digest:
                    cards = builds.cached_cards(p.spec.name, f.path, f.digest)
                    assert cards is not None
                    articles.append(ArticleCards(f.path, f.digest, tuple(cards), False))
                else:
                    articles.append(ArticleCards(f.path, f.digest, next(extracted), True))
                progress(1)
            planned.append(_plan(p.spec, articles, collection))
        if dry_run or out_for is None or now is None:
            results.update((p.spec.name, b) for b, p in zip(planned, pending, strict=True))
            return [results[spec.name] for spec in specs]
        results.update(_write(planned, pending, root, collection, now=now, pool=pool))
    return [results[spec.name] for spec in specs]


def _write(
    planned: list[DeckBuild],
    pending: list[_Pending],
    root: Path,
    collection: Collection,
    *,
    now: datetime,
    pool: Executor | None,
) -> dict[str, DeckBuild]:
    """Write the planned decks' packages (in the pool when there is one) and record each, in order."""
    results: dict[str, DeckBuild] = {}
    rebuilt = []
    for b, p in zip(planned, pending, strict=True):
        if not _package_kept(b, p):
            rebuilt.append((b, p))
            continue
        # an edit that changed no card: the package stays, the collection learns the article's new text
        assert p.state is not None
        built = replace(b, package=p.out, warnings=tuple(dict.fromkeys((*b.warnings, *p.state.warnings))))
        record(built, collection, now, p.inputs, learning_digest(p.learning))
        results[p.spec.name] = replace(built, untouched=True)
    if pool is None or len(rebuilt) < 2:
        for b, p in rebuilt:
            results[p.spec.name] = _export_and_record(b, p, root, collection, now)
    else:
        # packages are written in the workers too (a deck each, under a temporary name); the collection
        # records each here, in order, before its package replaces the previous one
        exports = [(b, root, p.out, now, p.learning) for b, p in rebuilt]
        for staged, (_, p) in zip(run_all(pool, _export_in_worker, exports, _export), rebuilt, strict=True):
            results[p.spec.name] = _record_staged(staged, p, collection, now)
    return results


def _export_and_record(build: DeckBuild, p: _Pending, root: Path, collection: Collection, now: datetime) -> DeckBuild:
    assert p.out is not None
    digest = learning_digest(p.learning)

    def save(built: DeckBuild, written: Path) -> None:
        record(built, collection, now, p.inputs, digest, written=written)

    return export(build, root, p.out, now, p.learning, then=save)


def _record_staged(staged: DeckBuild, p: _Pending, collection: Collection, now: datetime) -> DeckBuild:
    """Record a package a worker wrote under a temporary name, then move it into place."""
    assert p.out is not None and staged.package is not None
    written = staged.package
    built = replace(staged, package=p.out)
    try:
        record(built, collection, now, p.inputs, learning_digest(p.learning), written=written)
        os.replace(written, p.out)
    finally:
        with contextlib.suppress(FileNotFoundError):
            written.unlink()
    return built


_Export = tuple[DeckBuild, Path, Path | None, datetime, Learning]


def _export(job: _Export) -> DeckBuild:
    """A deck's package written under a temporary name next to its place (as a killed build leaves them)."""
    build, root, out, now, learning = job
    assert out is not None
    return export(build, root, out.with_name(f".{out.name}.{os.getpid()}.tmp"), now, learning)


def _export_in_worker(job: _Export) -> DeckBuild | None:
    try:
        return _export(job)
    except FlashnotesError:
        return None  # written again here, to raise the very same error
