"""A deck's package: the plan's notes rendered with their images and written, here or in a worker.

Here, each package is written as soon as its deck is planned (while the workers extract the next
articles); in the pool, its notes go to a worker as plain values and only the file name and the media
warnings come back, and a package no worker has started when it is needed is written here instead.
Either way the package is left under a temporary name next to its place: the build records the deck
and only then moves it into place, so a failed record leaves the previous package, and a build that
stops early deletes the packages it did not place.
"""

from __future__ import annotations

import contextlib
import shutil
import tempfile
from collections.abc import Iterable, Iterator, Mapping
from concurrent.futures import Executor, Future
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from flashnotes.deck import anki
from flashnotes.deck.fields import Fields, note_fields
from flashnotes.deck.identity import Change, Plan, Planned
from flashnotes.deck.media import Media
from flashnotes.deck.store import CardRow, card_from_row, card_row
from flashnotes.errors import FlashnotesError
from flashnotes.model import Card, Kind
from flashnotes.progress import CardProgress, Learning

# One note to write: the card, when its content last changed, whether it is retired, its progress and
# its fields when they were rendered already.
NoteJob = tuple[Card, datetime, bool, CardProgress | None, Fields | None]
# What a card's note fields are rendered from (see deck/fields.py)
RenderKey = tuple[Kind, str, str, str, tuple[str, ...]]


def render_key(card: Card) -> RenderKey:
    """What a card's note fields depend on: not its id, tags or line."""
    return (card.kind, card.front, card.back, card.source.path, card.source.heading)


@dataclass(frozen=True, slots=True)
class PackageJob:
    """Everything writing one deck's package needs, as plain values."""

    deck: str
    root: Path
    out: Path
    now: datetime
    rollover: int
    notes: tuple[NoteJob, ...]


@dataclass(frozen=True, slots=True)
class Staged:
    """A package written under a temporary name (``file``), not yet in place, and its media warnings."""

    file: Path
    warnings: tuple[str, ...]


def note_time(item: Planned, now: datetime) -> datetime:
    """The note time a build exports and records: kept when unchanged, else strictly later than before."""
    prev = item.previous
    if item.change is Change.UNCHANGED and prev is not None:
        return prev.modified
    return anki.note_mod(prev.modified if prev is not None else None, now)


def package_job(
    plan: Plan,
    root: Path,
    out: Path,
    now: datetime,
    learning: Learning,
    *,
    rendered: Mapping[RenderKey, Fields] | None = None,
) -> PackageJob:
    """The job for a deck's package: live cards, plus cards retired in this build (tagged for removal);
    ``rendered`` holds fields rendered ahead, by :func:`render_key`."""
    progress, ready = learning.cards, rendered or {}
    notes = tuple(
        (i.card, note_time(i, now), i.change is Change.RETIRED, progress.get(i.card.id), ready.get(render_key(i.card)))
        for i in plan.items
    )
    return PackageJob(plan.deck, root, out, now, learning.rollover, notes)


def _note(note: NoteJob, media: Media) -> anki.NoteSpec:
    card, modified, retired, progress, ready = note
    fields = ready if ready is not None else note_fields(card, lambda src: media.rename(card, src))
    tags = (*card.tags, anki.RETIRED_TAG) if retired else card.tags
    return anki.NoteSpec(card.id, card.kind is Kind.CLOZE, fields, tags, modified, progress)


@contextmanager
def _staging() -> Iterator[Path]:
    folder = Path(tempfile.mkdtemp(prefix="flashnotes-media-"))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def write(job: PackageJob) -> Staged:
    """Render the job's notes and write its package under a temporary name next to ``job.out``."""
    with _staging() as staging:
        media = Media(job.root, staging)
        notes = [_note(note, media) for note in job.notes]
        files = list(media.files.values())
        file = anki.write_package(job.out, job.deck, notes, files, job.now, rollover=job.rollover, place=False)
    return Staged(file, tuple(media.warnings))


def _write_in_worker(job: PackageJob) -> Staged | None:
    try:
        return write(job)
    except FlashnotesError:
        return None  # written again here, to raise the very same error


# A package job as plain values (its cards as rows): pickled several times faster than the dataclasses,
# which cost a worker about as much to receive as writing the package does.
_PackedNote = tuple[CardRow, datetime, bool, CardProgress | None, Fields | None]
_PackedJob = tuple[str, Path, Path, datetime, int, tuple[_PackedNote, ...]]


def _packed(job: PackageJob) -> _PackedJob:
    notes = tuple((card_row(c), mod, retired, progress, fields) for c, mod, retired, progress, fields in job.notes)
    return (job.deck, job.root, job.out, job.now, job.rollover, notes)


def _unpacked(packed: _PackedJob) -> PackageJob:
    deck, root, out, now, rollover, notes = packed
    cards = tuple((card_from_row(r), mod, retired, progress, fields) for r, mod, retired, progress, fields in notes)
    return PackageJob(deck, root, out, now, rollover, cards)


def _write_packed(packed: _PackedJob) -> Staged | None:
    return _write_in_worker(_unpacked(packed))


class Packages:
    """Deck packages being written: in the pool when there is one, else here at once (the caller
    submits each deck while the workers extract the next ones). Packages taken are the caller's to
    place; on leaving, every other one is deleted."""

    def __init__(self, pool: Executor | None) -> None:
        self.pool = pool
        self.jobs: dict[str, PackageJob] = {}
        self.futures: dict[str, Future[Staged | None]] = {}
        self.staged: dict[str, Staged] = {}

    def submit(self, key: str, job: PackageJob) -> None:
        """Start writing a package (in the pool, if there is one; else write it now)."""
        self.jobs[key] = job
        if self.pool is not None:
            self.futures[key] = self.pool.submit(_write_packed, _packed(job))
            return
        self._write_here(key)

    def _write_here(self, key: str) -> None:
        staged = _write_in_worker(self.jobs[key])
        if staged is not None:
            self.staged[key] = staged

    def _take_back(self) -> bool:
        """Write here the last package no worker has started (the one the workers would reach last)."""
        for key in reversed(list(self.futures)):
            if self.futures[key].cancel():
                del self.futures[key]
                self._write_here(key)
                return True
        return False

    def take(self, key: str) -> Staged:
        """A submitted package, written. While a worker has it, this process writes the packages no worker
        has started yet. A job that failed is repeated to raise its error now: a build stops at the deck
        whose package cannot be written, whichever process wrote it."""
        while key in self.futures and not self.futures[key].done() and self._take_back():
            pass
        job, future = self.jobs.pop(key), self.futures.pop(key, None)
        staged = self.staged.pop(key, None) if future is None else future.result()
        return staged or write(job)

    def __enter__(self) -> Packages:
        return self

    def __exit__(self, *exc: object) -> None:
        for future in self.futures.values():
            future.cancel()
        left = [f.result() for f in self.futures.values() if not f.cancelled()]
        for staged in [*self.staged.values(), *left]:
            if staged is not None:
                staged.file.unlink(missing_ok=True)


@contextmanager
def removed_if_failed(outs: Iterable[Path]) -> Iterator[None]:
    """Remove again, if what runs inside fails, the folders of these packages it created and left empty."""
    created = _new_folders(outs)
    try:
        yield
    except BaseException:
        for folder in created:  # deepest first; one holding a placed package or anything else stays
            with contextlib.suppress(OSError):
                folder.rmdir()
        raise


def _new_folders(outs: Iterable[Path]) -> list[Path]:
    """The folders (and their parents) of these packages that do not exist yet, deepest first."""
    new: set[Path] = set()
    for out in outs:
        for folder in (out.parent, *out.parent.parents):
            if folder.exists() or folder.is_symlink():
                break
            new.add(folder)
    return sorted(new, key=lambda folder: len(folder.parts), reverse=True)
