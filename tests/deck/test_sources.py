"""Tests for a deck's sources: reading and hashing articles, the inputs digest, extraction in a pool."""

from __future__ import annotations

import io
import random
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from flashnotes.collection import Collection
from flashnotes.deck.build import PACKAGES_IN_POOL, build_decks
from flashnotes.deck.deckfile import load_decks
from flashnotes.deck.sources import (
    MIN_PARALLEL,
    MIN_PARALLEL_BYTES,
    Extraction,
    Task,
    inputs_digest,
    read_articles,
)
from tests.helpers import ARTICLE, Project, make_project

T1 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
LINES = [
    "动量法是一种累积历史梯度来加速收敛的方法。",
    "Gradient descent is an iterative method that follows the negative gradient.",
    "## 为什么要做学习率衰减？\n\n训练后期需要更小的步长。",
    "$$\\theta_{t+1} = \\theta_t - \\eta g_t$$",
    "Q: What is a tensor?\nA: A multi-dimensional array.",
    "所谓正则化，就是在目标中加入惩罚。",
    "Q: What does the loss curve look like?\nA: ![曲线](../img/loss.png) It falls, then flattens.",
    "Q: Which picture is missing?\nA: ![缺失](../img/missing.png) This one.",
]


IMAGE = b"not really a PNG, but a regular image file by its name"


def _media(package: bytes) -> list[bytes]:
    """The media files a package holds."""
    with zipfile.ZipFile(io.BytesIO(package)) as z:
        return [z.read(name) for name in z.namelist() if name.isdigit()]


def _many(root: Path, count: int) -> Project:
    project = make_project(root)
    (root / "img").mkdir(parents=True)
    (root / "img" / "loss.png").write_bytes(IMAGE)
    rng = random.Random(4)
    for n in range(count):
        body = "\n\n".join(rng.choice(LINES) for _ in range(6))
        project.write(f"notes/a{n:03d}.md", f"# 文章 {n}\n\n术语{n}是第 {n} 篇文章的概念。\n\n{body}\n")
    return project


@pytest.fixture
def pools(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """The pools builds start, with the size threshold lowered so that these small builds use one."""
    from flashnotes.deck import sources

    monkeypatch.setattr(sources, "MIN_PARALLEL_BYTES", 0)
    started: list[object] = []
    real = sources.worker_pool

    @contextmanager
    def recording(jobs: int, articles: int, size: int) -> Iterator[object]:
        with real(jobs, articles, size) as pool:
            started.append(pool)
            yield pool

    monkeypatch.setattr(sources, "worker_pool", recording)
    return started


def _state(col: Collection, out: Path) -> tuple[object, ...]:
    """Everything a build leaves: packages (bytes), card rows, the extraction cache, what changed, deck states."""
    packages = sorted((p.name, p.read_bytes()) for p in out.iterdir())
    cards = list(col.conn.execute("SELECT * FROM cards ORDER BY id"))
    cache = list(col.conn.execute("SELECT deck, path, hash, cards FROM articles ORDER BY deck, path"))
    changes = list(col.conn.execute("SELECT * FROM build_changes ORDER BY deck"))
    decks = list(col.conn.execute("SELECT deck, inputs, learning, package_size, live, warnings FROM deck_builds"))
    return packages, cards, cache, changes, sorted(decks)


def _build(project: Project, col: Collection, out: Path, when: datetime, jobs: int) -> list[dict[str, int]]:

    specs = load_decks(project.root)
    results = build_decks(project.root, specs, col, when, out_for=lambda s: out / f"{s.slug}.apkg", jobs=jobs)
    return [r.plan.counts() for r in results]


def test_a_parallel_build_equals_a_serial_one(tmp_path: Path, pools: list[object]) -> None:
    """In a process pool (packages written in the pool too, by one worker or two), a cold build, a no-change
    rebuild and a rebuild after edits leave exactly what a serial build leaves: packages byte for byte, every
    row, the cache, and the same counts."""
    found = []
    for jobs in (1, PACKAGES_IN_POOL, PACKAGES_IN_POOL + 1):
        project = _many(tmp_path / f"p{jobs}", MIN_PARALLEL + 8)
        project.write("decks/more.yaml", "name: More\narticles: [notes/a00*.md]\ntags: [more]\n")
        out = tmp_path / f"out{jobs}"
        with Collection(tmp_path / f"c{jobs}.db") as col:
            counts = [_build(project, col, out, T1, jobs)]
            first = _state(col, out)
            counts.append(_build(project, col, out, T1 + timedelta(days=1), jobs))
            assert _state(col, out) == first
            for n in range(MIN_PARALLEL + 8):  # every article edited (so that the pool extracts them), one grows
                rel = f"notes/a{n:03d}.md"
                grown = "\n牛顿法是一种二阶优化方法。\n" if n == 7 else ""
                project.write(rel, project.read(rel).replace("概念", "新概念") + grown)
            counts.append(_build(project, col, out, T1 + timedelta(days=2), jobs))
            found.append((first, _state(col, out), counts))
        assert len(pools) == 2 * (jobs - 1)  # the cold build and the edit: the no-change one extracts nothing
    (packages, *_, decks), _, counts = found[0]
    assert len(packages) == 2 and sum(c["added"] for c in counts[0]) > MIN_PARALLEL
    assert all(_media(data) == [IMAGE] for _, data in packages) and "missing.png" in str(decks)  # and a warning
    assert counts[2][1]["changed"] > 0 and counts[2][1]["added"] > 0
    assert found[0] == found[1] == found[2]


def test_a_parallel_no_change_rebuild_touches_no_package_and_no_row(tmp_path: Path, pools: list[object]) -> None:
    """With a pool, a rebuild where nothing changed leaves every package's bytes and mtime and writes no row."""
    project = _many(tmp_path / "p", MIN_PARALLEL + 8)
    out = tmp_path / "out"
    with Collection(tmp_path / "c.db") as col:
        _build(project, col, out, T1, 2)
        before = [(p.read_bytes(), p.stat().st_mtime_ns) for p in sorted(out.iterdir())]
        changes = col.conn.total_changes
        assert _build(project, col, out, T1 + timedelta(days=1), 2)[0]["added"] == 0
        assert [(p.read_bytes(), p.stat().st_mtime_ns) for p in sorted(out.iterdir())] == before
        assert col.conn.total_changes == changes and len(pools) == 1


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_bad_article_stops_a_build_with_nothing_written(tmp_path: Path, jobs: int, pools: list[object]) -> None:
    """An article that cannot be read, in a later deck, is its own error, and no deck is written or recorded:
    not even the package folder the build created is left."""
    from flashnotes.errors import InputError

    project = _many(tmp_path / "p", MIN_PARALLEL + 8)
    project.write("decks/zz.yaml", "name: More\narticles: [more]\n")  # after the other deck
    (project.root / "more").mkdir()
    (project.root / "more" / "bad.md").write_bytes(b"\x00\x01binary")
    out = tmp_path / "out"
    with Collection(tmp_path / "c.db") as col:
        with pytest.raises(InputError, match=r"^more/bad\.md"):
            _build(project, col, out, T1, jobs)
        assert col.conn.execute("SELECT count(*) FROM cards").fetchone() == (0,)
        assert col.conn.execute("SELECT count(*) FROM articles").fetchone() == (0,)
    assert not out.exists()


@pytest.mark.parametrize("jobs", [1, PACKAGES_IN_POOL, PACKAGES_IN_POOL + 1])
def test_a_package_that_cannot_be_written_stops_the_build_at_that_deck(
    tmp_path: Path, jobs: int, pools: list[object]
) -> None:
    """A deck whose package folder is a file fails with the same error with or without a pool: the decks
    before it are built, the ones after are not, and no temporary package is left anywhere."""
    from flashnotes.errors import ExportError

    project = _many(tmp_path / "p", MIN_PARALLEL + 8)
    for name in ("b", "c"):
        project.write(f"decks/{name}.yaml", f"name: {name.upper()}\narticles: [notes/a00*.md]\n")
    (tmp_path / "blocked").write_text("a file")
    folders = {"b": tmp_path / "out", "c": tmp_path / "blocked", "opt": tmp_path / "out"}
    with Collection(tmp_path / "c.db") as col:
        specs = load_decks(project.root)
        assert [s.slug for s in specs] == ["b", "c", "opt"]
        with pytest.raises(ExportError, match=r"blocked: is a file, not a folder"):
            build_decks(project.root, specs, col, T1, out_for=lambda s: folders[s.slug] / f"{s.slug}.apkg", jobs=jobs)
        decks = [d for (d,) in col.conn.execute("SELECT DISTINCT deck FROM cards")]
    assert decks == ["B"] and [p.name for p in (tmp_path / "out").iterdir()] == ["b.apkg"]
    assert len(pools) == (jobs > 1)


@pytest.mark.parametrize("first", [1, 5])  # among the articles extracted before the pool starts, or after
def test_an_error_is_raised_in_article_order_whoever_extracted_it(pools: list[object], first: int) -> None:
    """With workers and this process sharing the chunks, the first bad article in order is the error."""
    from flashnotes.errors import InputError

    tasks = [(f"d/{n}.md", f"{n}.md", ARTICLE.replace("动量法", f"动量法{n}").encode()) for n in range(64)]
    for bad in (first, 60):
        tasks[bad] = (f"d/bad{bad}.md", f"bad{bad}.md", b"\x00\x01binary")
    with Extraction(2) as extraction:
        extraction.add(tasks)
        assert extraction.pool is not None
        with pytest.raises(InputError, match=rf"^bad{first}\.md"):
            list(extraction.results())


def _serial(tasks: list[Task]) -> list[tuple[object, ...]]:
    """Every article's cards, extracted one after another in this process."""
    with Extraction(1) as extraction:
        extraction.add(tasks)
        assert extraction.pool is None
        return [e.cards for e in extraction.results()]


def test_the_pool_starts_only_for_enough_to_extract() -> None:
    """A few small articles are extracted here; enough bytes of them go to a pool; the cards are the same."""
    small = [(f"d/{n}.md", f"{n}.md", ARTICLE.replace("动量法", f"动量法{n}").encode()) for n in range(MIN_PARALLEL)]
    pad = "\n\n" + "填充的句子没有定义。" * (MIN_PARALLEL_BYTES // MIN_PARALLEL // 20)
    big = [(scope, path, data + pad.encode()) for scope, path, data in small]
    for tasks, pooled in ((small, False), (big, True)):
        with Extraction(2) as extraction:
            extraction.add(tasks[:5])
            assert extraction.pool is None
            extraction.add(tasks[5:])
            assert (extraction.pool is not None) == pooled
            assert [e.cards for e in extraction.results()] == _serial(tasks)


def test_the_workers_are_forked_after_the_first_chunk_is_extracted_here(monkeypatch: pytest.MonkeyPatch) -> None:
    """This process extracts the first few articles before starting the pool (the workers start warm); same cards."""
    import os

    from flashnotes.deck import sources

    monkeypatch.setattr(sources, "MIN_PARALLEL_BYTES", 0)
    parent, events = os.getpid(), []
    real_pool, real_extract = sources.worker_pool, sources._extract

    @contextmanager
    def pool(jobs: int, articles: int, size: int) -> Iterator[object]:
        events.append("pool")
        with real_pool(jobs, articles, size) as started:
            yield started

    def extract(task: Task) -> object:
        if os.getpid() == parent:
            events.append(task[1])
        return real_extract(task)

    monkeypatch.setattr(sources, "worker_pool", pool)
    monkeypatch.setattr(sources, "_extract", extract)
    tasks = [(f"d/{n}.md", f"{n}.md", ARTICLE.replace("动量法", f"动量法{n}").encode()) for n in range(64)]
    with Extraction(2) as extraction:
        extraction.add(tasks)
        cards = [e.cards for e in extraction.results()]
    assert events[: Extraction.FIRST + 1] == [t[1] for t in tasks[: Extraction.FIRST]] + ["pool"]
    assert cards == _serial(tasks)


def test_an_article_taken_back_from_the_workers_comes_as_a_worker_sends_it() -> None:
    """Extracted here, an article queued for the workers has the same cards, cache JSON and note fields."""
    from flashnotes.deck.sources import _extract_here, _extract_in_worker, _unpack

    task = ("d/a.md", "a.md", ("\n\n".join(LINES[:6]) + "\n").encode())
    [packed] = _extract_in_worker([task])
    here = _extract_here(task)
    assert here is not None and here.encoded is not None and here.fields is not None and len(here.cards) > 2
    assert here == _unpack(packed, task)


def test_inputs_digest_follows_every_article_and_the_deck_file(tmp_path: Path) -> None:
    """The digest changes when an article's content or the deck's settings change, and only then."""
    project = make_project(tmp_path / "p")
    [deck] = load_decks(project.root)
    first = inputs_digest(deck, read_articles(project.root, deck))
    assert inputs_digest(deck, read_articles(project.root, deck)) == first
    project.write("notes/opt.md", ARTICLE + "\n新的一段。\n")
    edited = inputs_digest(deck, read_articles(project.root, deck))
    project.write("decks/opt.yaml", project.read("decks/opt.yaml").replace("[ml]", "[ml, extra]"))
    [retagged] = load_decks(project.root)
    assert len({first, edited, inputs_digest(retagged, read_articles(project.root, retagged))}) == 3
