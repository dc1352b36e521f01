"""What a deck is built from: its article files read and hashed, one digest over all of it, and the
extraction of many articles at once, in a process pool over articles when there are enough of them.

Extraction is a pure function of an article's path, bytes and scope, so a pool gives exactly the
cards a serial run gives, in the same order.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Executor, Future
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TypeVar

from flashnotes.deck.deckfile import DeckSpec, article_path, resolve_articles
from flashnotes.deck.store import CardRow, card_from_row, card_row, cards_json
from flashnotes.errors import FlashnotesError, InputError
from flashnotes.model import Card

# Fewer articles than this are extracted in this process: starting workers would cost more.
MIN_PARALLEL = 32
T = TypeVar("T")
R = TypeVar("R")


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
    """One article's cards; ``encoded`` is them as the extraction cache stores them, when a worker encoded it."""

    cards: tuple[Card, ...]
    encoded: str | None = None


def _extract(task: Task) -> tuple[Card, ...]:
    from flashnotes.extract.pipeline import extract
    from flashnotes.extract.reader import parse_article

    scope, path, data = task[:3]
    min_confidence = task[3] if len(task) > 3 else None
    return tuple(extract(parse_article(path, data), scope=scope, min_confidence=min_confidence))


_Packed = tuple[tuple[CardRow, ...], str]


def _extract_in_worker(tasks: Sequence[Task]) -> list[_Packed | None]:
    """A chunk of articles extracted, each as compact rows plus its cache JSON (None: a FlashnotesError)."""
    out: list[_Packed | None] = []
    for task in tasks:
        try:
            cards = _extract(task)
        except FlashnotesError:
            out.append(None)  # the parent extracts it again to raise the very same error
            continue
        out.append((tuple(card_row(c) for c in cards), cards_json(cards)))
    return out


def _unpack(found: _Packed | None, task: Task) -> Extracted:
    if found is None:
        return Extracted(_extract(task))
    rows, encoded = found
    return Extracted(tuple(card_from_row(r) for r in rows), encoded)


@contextmanager
def worker_pool(jobs: int, articles: int) -> Iterator[Executor | None]:
    """Worker processes when there are ``jobs`` > 1 and enough articles to extract, else None."""
    if jobs <= 1 or articles < MIN_PARALLEL:
        yield None
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    import flashnotes.extract.pipeline  # noqa: F401 - imported once here, shared by the forked workers

    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
        yield pool


def _workers(pool: Executor) -> int:
    return int(getattr(pool, "_max_workers", 2))


def extract_stream(tasks: Sequence[Task], pool: Executor | None = None) -> Iterator[Extracted]:
    """Every article's cards, in task order, extracted lazily (here) or ahead in the pool when there is one.

    The pool gets chunks of articles, only a few more than it has workers ahead of the one being read:
    work the caller submits to the pool meanwhile (a deck's package, say) runs soon instead of after
    every article, and the caller's own work on the results overlaps the workers'.
    """
    if pool is None:
        yield from (Extracted(_extract(task)) for task in tasks)
        return
    workers = _workers(pool)
    size = max(1, min(16, len(tasks) // (workers * 4)))
    chunks = [tasks[i : i + size] for i in range(0, len(tasks), size)]
    queued: deque[tuple[Sequence[Task], Future[list[_Packed | None]]]] = deque()
    for chunk in chunks:
        if len(queued) >= workers * 3:
            yield from _results(*queued.popleft())
        queued.append((chunk, pool.submit(_extract_in_worker, chunk)))
    while queued:
        yield from _results(*queued.popleft())


def _results(chunk: Sequence[Task], future: Future[list[_Packed | None]]) -> Iterator[Extracted]:
    for task, found in zip(chunk, future.result(), strict=True):
        yield _unpack(found, task)


def run_all(pool: Executor | None, fn: Callable[[T], R | None], items: Sequence[T], again: Callable[[T], R]) -> list[R]:
    """``again`` over every item, in order; in the pool when there is one, where ``fn`` returns None
    for an item that failed with a FlashnotesError, so ``again`` repeats it here to raise the same error."""
    if pool is None:
        return [again(item) for item in items]
    chunk = max(1, len(items) // (_workers(pool) * 8))
    found = list(pool.map(fn, items, chunksize=chunk))
    return [out if out is not None else again(item) for out, item in zip(found, items, strict=True)]


def extract_all(tasks: Sequence[Task], pool: Executor | None = None) -> list[tuple[Card, ...]]:
    """The cards of every article, in order, in the pool when there is one."""
    return [e.cards for e in extract_stream(tasks, pool)]
