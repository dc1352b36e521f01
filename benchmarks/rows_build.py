"""Speed-table rows of builds: rebuilds, the parallel cold build, identity matching."""

from __future__ import annotations

import hashlib
import os
import random
import resource
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import corpus  # benchmarks/, beside this script
from table import T0, Row, cpu, report  # benchmarks/, beside this script

# -- builds -----------------------------------------------------------------------------------------


def make_project(folder: Path, decks: int, per_deck: int, first: int = 0, seed: int = 3) -> Path:
    """Generated articles, ``per_deck`` in each of ``decks`` decks (decks/dNN.yaml over notes/dNN/)."""
    rng = random.Random(seed + first)
    paragraphs = corpus.paragraphs()
    (folder / "decks").mkdir(parents=True, exist_ok=True)
    for d in range(first, first + decks):
        (folder / "decks" / f"d{d:03d}.yaml").write_text(
            f"name: Bench::d{d:03d}\narticles: [notes/d{d:03d}]\n", encoding="utf-8"
        )
        notes = folder / "notes" / f"d{d:03d}"
        notes.mkdir(parents=True)
        for n in range(per_deck):
            body = "\n\n".join(rng.choice(paragraphs) for _ in range(12))
            (notes / f"a{n:05d}.md").write_text(
                f"# 文章 {d}-{n}\n\n术语{d}x{n}是第 {n} 篇文章定义的概念。\n\n{body}\n", encoding="utf-8"
            )
    return folder


def build_all(root: Path, db: Path, now: datetime, jobs: int) -> None:
    """``flashnotes build`` in this process, as a user runs it (learning progress included)."""
    from click.testing import CliRunner

    from flashnotes.cli import main

    args = ["--collection", str(db), "--now", now.isoformat(), "build", "--jobs", str(jobs)]
    here = Path.cwd()
    os.chdir(root)
    try:
        result = CliRunner().invoke(main, args, catch_exceptions=False)
    finally:
        os.chdir(here)
    if result.exit_code != 0:
        raise SystemExit(f"build failed: {result.output}")


def read_and_hash(root: Path) -> int:
    n = 0
    for path in sorted((root / "notes").rglob("*.md")):
        n += len(hashlib.sha256(path.read_bytes()).hexdigest())
    return n


def bench_rebuilds(decks: int, per_deck: int, repeat: int) -> None:
    articles = decks * per_deck
    added_decks = max(1, decks // 4)
    with tempfile.TemporaryDirectory() as tmp:
        root = make_project(Path(tmp) / "p", decks, per_deck)
        db = Path(tmp) / "c.db"
        day = [0]

        def later() -> datetime:
            day[0] += 1
            return T0 + timedelta(days=day[0])

        cold = cpu(lambda: build_all(root, db, T0, jobs=1), 1)
        nothing = cpu(lambda: build_all(root, db, later(), jobs=1), repeat)
        hashing = cpu(lambda: read_and_hash(root), repeat)
        report(
            Row(
                f"rebuild, {articles} articles in {decks} decks, nothing changed",
                f"{nothing:.3f} s",
                f"read + hash every file {hashing:.3f} s",
                nothing / hashing,
                "<= 5x",
                nothing / hashing <= 5,
            )
        )
        edits = iter(sorted((root / "notes").rglob("*.md"))[7::97])

        def one_article() -> None:
            target = next(edits)
            target.write_text(target.read_text(encoding="utf-8") + "\n新概念是为基准测试追加的一个定义。\n", "utf-8")
            build_all(root, db, later(), jobs=1)

        one = cpu(one_article, repeat)
        report(
            Row(
                "rebuild, one article changed",
                f"{one:.3f} s",
                f"no-change rebuild {nothing:.3f} s",
                one / nothing,
                "<= 1.5x",
                one / nothing <= 1.5,
            )
        )
        make_project(root, added_decks, per_deck, first=decks)
        added = cpu(lambda: build_all(root, db, later(), jobs=1), 1)
    with tempfile.TemporaryDirectory() as tmp:
        root = make_project(Path(tmp) / "p", decks, per_deck)
        make_project(root, added_decks, per_deck, first=decks)
        cold_all = cpu(lambda: build_all(root, Path(tmp) / "c.db", T0, jobs=1), 1)
    report(
        Row(
            f"{added_decks * per_deck} articles ({added_decks} new decks) added to {articles}",
            f"{added:.2f} s",
            f"cold build of {articles + added_decks * per_deck}: {cold_all:.2f} s",
            added / cold_all,
            "<= 0.4x",
            added / cold_all <= 0.4,
        )
    )
    report(Row(f"  cold build of {articles} (serial)", f"{cold:.2f} s", "(for comparison)", None, "", None))


def _spin(n: int) -> int:
    total = 0
    for i in range(n):
        total += i
    return total


def machine_capacity() -> float:
    """How much two busy processes gain over one right now: what the other users of the machine leave us."""
    from concurrent.futures import ProcessPoolExecutor

    n = 5_000_000
    start = time.perf_counter()
    _spin(n)
    _spin(n)
    one = time.perf_counter() - start
    with ProcessPoolExecutor(2) as pool:
        start = time.perf_counter()
        list(pool.map(_spin, [n, n]))
        two = time.perf_counter() - start
    return two / one


def _timing_taken_back(taken: list[float]) -> None:
    """Count in ``taken`` the CPU this process spends on work queued for the workers and taken back (articles
    extracted, packages written here while the workers are busy): not the parent's own part of the build."""
    from flashnotes.deck import package, sources

    parent = os.getpid()

    def timed(fn: Callable[[Any], Any]) -> Callable[[Any], Any]:
        def run(arg: Any) -> Any:
            if os.getpid() != parent:  # a forked worker: its time is the workers'
                return fn(arg)
            start = time.thread_time()
            try:
                return fn(arg)
            finally:
                taken[0] += time.thread_time() - start

        return run

    sources._extract_here = timed(sources._extract_here)  # type: ignore[assignment]
    package._write_in_worker = timed(package._write_in_worker)  # type: ignore[assignment]


def bench_parallel(decks: int, per_deck: int, repeat: int) -> None:
    jobs = os.cpu_count() or 1
    serial: list[float] = []
    parallel: list[float] = []
    capacity: list[float] = []
    cpu_of: dict[str, list[float]] = {"serial": [], "parent": [], "workers": [], "taken": []}
    taken = [0.0]
    _timing_taken_back(taken)
    with tempfile.TemporaryDirectory() as tmp:
        root = make_project(Path(tmp) / "p", decks, per_deck)
        for n in range(repeat):  # interleaved, so a change in the machine's load hits both alike
            for j, into in ((1, serial), (jobs, parallel)):
                before, mine = resource.getrusage(resource.RUSAGE_CHILDREN), time.process_time()
                taken[0] = 0.0
                start = time.perf_counter()
                build_all(root, Path(tmp) / f"c{n}-{j}.db", T0, jobs=j)
                into.append(time.perf_counter() - start)
                after = resource.getrusage(resource.RUSAGE_CHILDREN)
                workers = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
                cpu_of["parent" if j > 1 else "serial"].append(time.process_time() - mine)
                if j > 1:
                    cpu_of["workers"].append(workers)
                    cpu_of["taken"].append(taken[0])
            capacity.append(machine_capacity())
    ratio = statistics.median(parallel) / statistics.median(serial)
    report(
        Row(
            f"cold build, {decks * per_deck} articles, {jobs} cores (wall)",
            f"{statistics.median(parallel):.2f} s",
            f"serial build {statistics.median(serial):.2f} s",
            ratio,
            "<= 0.65x",
            ratio <= 0.65,
        )
    )
    mine, theirs, alone = (statistics.median(cpu_of[k]) for k in ("parent", "workers", "serial"))
    own = statistics.median(p - t for p, t in zip(cpu_of["parent"], cpu_of["taken"], strict=True))
    # the parent's own work overlaps the workers': the build can take no less than its total CPU spread
    # over the cores, nor less than the parent's own part (what it takes back, a worker could have done)
    best = max(own, (mine + theirs) / jobs) / alone
    report(
        Row(
            "  CPU of the parallel build: parent + workers",
            f"{mine:.2f} + {theirs:.2f} s",
            f"serial {alone:.2f} s: at best {best:.2f}x on {jobs} free cores",
            None,
            "",
            None,
        )
    )
    report(
        Row(
            "  the parent's own part (not taken back)",
            f"{own:.2f} s",
            f"took back {statistics.median(cpu_of['taken']):.2f} s of the workers' jobs",
            own / alone,
            "",
            None,
        )
    )
    report(
        Row(
            "  two busy loops in parallel / one after the other",
            f"{statistics.median(capacity):.2f}x",
            "(what the machine's load leaves)",
            None,
            "",
            None,
        )
    )


# -- identity ---------------------------------------------------------------------------------------


def bench_identity(old_count: int, new_count: int) -> None:
    from flashnotes.deck.identity import plan
    from flashnotes.deck.store import StoredCard
    from flashnotes.model import Card, Kind, Source

    rng = random.Random(9)
    kinds = [Kind.DEFINITION, Kind.QUIZ, Kind.FORMULA, Kind.CLOZE]
    words = ["attention", "gradient", "注意力", "正则化", "loss", "softmax", "矩阵", "batch", "dropout", "先验"]

    def key(n: int) -> str:
        return " ".join(rng.choice(words) for _ in range(3)) + f" {n}"

    old = []
    for n in range(old_count):
        card = Card(f"o{n:07d}", kinds[n % 4], "front", "back", key(n), Source(f"notes/a{n // 7:05d}.md", n % 50 + 1))
        old.append(StoredCard(card, "Bench", "h", T0, T0))
    new = []
    for i, n in enumerate(rng.sample(range(old_count), new_count)):
        o = old[n].card
        edited = o.key + "s" if i % 3 else o.key[:-1] + "x"
        new.append(Card(f"n{i:07d}", o.kind, "front", "back", edited, o.source))
    seconds = cpu(lambda: plan("Bench", old, new), 1)
    report(
        Row(
            f"{new_count} new cards against {old_count} old",
            f"{seconds:.2f} s",
            "(identity matching)",
            None,
            "<= 2 s",
            seconds <= 2,
        )
    )
