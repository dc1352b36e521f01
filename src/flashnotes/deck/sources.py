"""What a deck is built from: its article files read and hashed, one digest over all of it, and the
extraction of many articles at once, in a process pool over articles when there are enough of them.

Extraction is a pure function of an article's path, bytes and scope, so a pool gives exactly the
cards a serial run gives, in the same order.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
from collections.abc import Iterator, Sequence
from concurrent.futures import Executor, Future
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from flashnotes.deck.deckfile import DeckSpec, article_path, resolve_articles
from flashnotes.deck.fields import Fields, media_free_fields
from flashnotes.deck.store import CardRow, card_from_row, card_row, cards_json
from flashnotes.errors import FlashnotesError, InputError
from flashnotes.model import Card

# Fewer articles, or fewer bytes, than this are extracted in this process: starting workers (each loads
# what extraction needs afresh) would cost about what they save (benchmarks/build_speed.py --break-even).
MIN_PARALLEL = 32
MIN_PARALLEL_BYTES = 256 * 1024
# This process extracts too, while it waits for the workers: ``jobs`` processes are jobs - 1 workers and
# this one (one process per core, not one more; a chunk extracted here is not sent back and forth).
HELPING = 1


@dataclass(frozen=True, slots=True)
class ArticleFile:
    """One article of a deck: its path relative to the project root, content hash and bytes."""

    path: str
    digest: str
    data: bytes


def read_articles(root: Path, spec: DeckSpec) -> list[ArticleFile]:
    """Every article file of a deck, read and hashed, in the deck's order."""
    out = []
    for file in resolve_articles(root, spec):
        rel = article_path(root, file)
        try:
            data = file.read_bytes()
        except OSError as exc:
            raise InputError(rel, f"cannot open this article ({exc.strerror})") from None
        out.append(ArticleFile(rel, hashlib.sha256(data + _extraction_salt(spec)).hexdigest(), data))
    return out


def _extraction_salt(spec: DeckSpec) -> bytes:
    """What besides an article's bytes decides its cards: the deck's ``min_confidence`` (unset: nothing)."""
    return b"" if spec.min_confidence is None else f"\x00min_confidence={spec.min_confidence}".encode()


@cache
def code_digest() -> str:
    """A digest of flashnotes' own source: a new version (or any edit) re-extracts and re-renders."""
    package = Path(__file__).resolve().parent.parent
    digest = hashlib.sha256()
    for file in sorted([*package.rglob("*.py"), *package.glob("extract/data/*")]):  # the learned model too
        digest.update(file.relative_to(package).as_posix().encode())
        digest.update(file.read_bytes())
    return digest.hexdigest()[:20]


def _canonical(value: object) -> object:
    """A value with its sets sorted, so its repr is the same in every process."""
    if isinstance(value, frozenset | set):
        return sorted(repr(_canonical(v)) for v in value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return [(f.name, _canonical(getattr(value, f.name))) for f in dataclasses.fields(value)]
    if isinstance(value, tuple | list):
        return [_canonical(v) for v in value]
    return value


def inputs_digest(spec: DeckSpec, files: Sequence[ArticleFile]) -> str:
    """What the deck's cards are made from: the code, the deck file's settings and every article."""
    digest = hashlib.sha256(repr(_canonical(spec)).encode())
    for f in files:
        digest.update(f"\x1e{f.path}\x1f{f.digest}".encode())
    return f"{code_digest()}:{digest.hexdigest()[:40]}"


def same_code(inputs: str) -> bool:
    """Whether an inputs digest was made by this very code (so its extraction cache can be trusted)."""
    return inputs.split(":", 1)[0] == code_digest()


def default_jobs() -> int:
    """How many processes a build may use: every core this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not on Linux
        return max(1, os.cpu_count() or 1)


# (scope for card ids, article path, bytes[, the deck's min_confidence])
Task = tuple[str, str, bytes] | tuple[str, str, bytes, float | None]


@dataclass(frozen=True, slots=True)
class Extracted:
    """One article's cards; ``encoded`` is them as the extraction cache stores them, when a worker encoded
    it, and ``fields`` their note fields when rendered with the extraction (None for a card with images)."""

    cards: tuple[Card, ...]
    encoded: str | None = None
    fields: tuple[Fields | None, ...] | None = None


def _rendered(cards: tuple[Card, ...]) -> tuple[Fields | None, ...]:
    return tuple(media_free_fields(c) for c in cards)


def _extract(task: Task) -> tuple[Card, ...]:
    from flashnotes.extract.pipeline import extract
    from flashnotes.extract.reader import parse_article

    scope, path, data = task[:3]
    min_confidence = task[3] if len(task) > 3 else None
    return tuple(extract(parse_article(path, data), scope=scope, min_confidence=min_confidence))


_Packed = tuple[tuple[CardRow, ...], str, tuple[Fields | None, ...]]


def _extract_in_worker(tasks: Sequence[Task]) -> list[_Packed | None]:
    """A chunk of articles extracted, each as compact rows plus its cache JSON (None: a FlashnotesError)."""
    out: list[_Packed | None] = []
    for task in tasks:
        try:
            cards = _extract(task)
        except FlashnotesError:
            out.append(None)  # the parent extracts it again to raise the very same error
            continue
        out.append((tuple(card_row(c) for c in cards), cards_json(cards), _rendered(cards)))
    return out


def _unpack(found: _Packed | None, task: Task) -> Extracted:
    if found is None:
        return Extracted(_extract(task))
    rows, encoded, fields = found
    return Extracted(tuple(card_from_row(r) for r in rows), encoded, fields)


def use_pool(jobs: int, articles: int, size: int) -> bool:
    """Whether extracting ``articles`` articles of ``size`` bytes in all is worth starting workers."""
    return jobs > 1 and articles >= MIN_PARALLEL and size >= MIN_PARALLEL_BYTES


@contextmanager
def worker_pool(jobs: int, articles: int, size: int = MIN_PARALLEL_BYTES) -> Iterator[Executor | None]:
    """``jobs - 1`` worker processes (at least one) when there are ``jobs`` > 1 and enough to extract
    (see :func:`use_pool`), else None."""
    if not use_pool(jobs, articles, size):
        yield None
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    import flashnotes.extract.pipeline  # noqa: F401 - imported once here, shared by the forked workers

    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    pool = ProcessPoolExecutor(max_workers=max(1, jobs - HELPING), mp_context=context)
    try:
        yield pool
    finally:
        pool.shutdown(wait=True, cancel_futures=True)  # a build that stopped early waits for no more articles


class Extraction:
    """Articles to extract, added deck by deck and extracted in order: by a pool of workers and this
    process once enough are waiting (then each is submitted as soon as it is added, so reading the next
    deck overlaps the workers), else here, lazily, when :meth:`results` reaches it. A context manager:
    leaving it stops the pool."""

    CHUNK = 16  # articles per job sent to a worker: fewer round trips, yet the last job is short
    FIRST = 4  # articles extracted here before the workers start: the warm-up is in the first ones

    def __init__(self, jobs: int) -> None:
        self.jobs = jobs
        self.pool: Executor | None = None
        self._stack = ExitStack()
        self._waiting: list[Task] = []  # not submitted (yet)
        self._size = 0
        self._queued: list[tuple[Sequence[Task], Future[list[_Packed | None]]]] = []
        self._first: list[tuple[Task, Extracted | None]] = []  # extracted here before the pool started

    def __enter__(self) -> Extraction:
        return self

    def __exit__(self, *exc: object) -> None:
        self._stack.close()

    def add(self, tasks: Sequence[Task]) -> None:
        """More articles to extract, after those added before."""
        self._waiting.extend(tasks)
        self._size += sum(len(t[2]) for t in tasks)
        articles = len(self._waiting)
        if self.pool is None and not self._queued and use_pool(self.jobs, articles, self._size):
            self._first_here()
            self.pool = self._stack.enter_context(worker_pool(self.jobs, articles, self._size))
        if self.pool is not None:
            self._submit(len(self._waiting) - len(self._waiting) % self.CHUNK, self.CHUNK)

    def _first_here(self) -> None:
        """Extract the first few articles here, before the workers are forked: they start with what extraction
        loads and compiles on first use already done (a tenth of a second, on every worker). Only a few, as
        nothing else runs meanwhile."""
        self._first = [(task, _extract_here(task)) for task in self._waiting[: self.FIRST]]
        del self._waiting[: self.FIRST]

    def _submit(self, count: int, size: int) -> None:
        assert self.pool is not None
        for start in range(0, count, size):
            chunk = self._waiting[start : min(start + size, count)]
            self._queued.append((chunk, self.pool.submit(_extract_in_worker, chunk)))
        del self._waiting[:count]

    def results(self) -> Iterator[Extracted]:
        """Every article's cards, in the order added (the articles added so far).

        While the next chunk is not back from the workers, this process takes the first chunk no worker
        has started yet and extracts it itself, so it keeps up with its own work on the results (planning
        each deck as soon as its articles are in) and the workers never wait for it at the end.
        """
        if self.pool is not None and self._waiting:  # the last few
            self._submit(len(self._waiting), self.CHUNK)
        for task, found in self._first:
            yield found if found is not None else Extracted(_extract(task))
        here: dict[int, list[tuple[Task, Extracted | None]]] = {}
        ahead = 0  # chunks before this one were started by a worker, done or taken back
        for n, (chunk, future) in enumerate(self._queued):
            ahead = max(ahead, n + 1)
            while n not in here and not future.done() and ahead < len(self._queued):
                if self._queued[ahead][1].cancel():
                    here[ahead] = [(task, _extract_here(task)) for task in self._queued[ahead][0]]
                ahead += 1
            if n not in here:
                yield from _results(chunk, future)
                continue
            for task, found in here.pop(n):  # an article that failed is extracted again, to raise in order
                yield found if found is not None else Extracted(_extract(task))
        for task in self._waiting:
            yield Extracted(_extract(task))


def _extract_here(task: Task) -> Extracted | None:
    """An article queued for the workers but extracted here, with all a worker would have sent back."""
    try:
        cards = _extract(task)
    except FlashnotesError:
        return None
    return Extracted(cards, cards_json(cards), _rendered(cards))


def _results(chunk: Sequence[Task], future: Future[list[_Packed | None]]) -> Iterator[Extracted]:
    for task, found in zip(chunk, future.result(), strict=True):
        yield _unpack(found, task)
