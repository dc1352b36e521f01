"""Build benchmarks: a cold build and a one-article-changed rebuild of a generated project,
the cost of writing a 50,000-note package against bare genanki writing the same notes, and
where a process pool starts to pay for a small cold build.

    python benchmarks/build_speed.py [--articles 2000] [--notes 50000]
    python benchmarks/build_speed.py --break-even [--repeat 5]

``--break-even`` runs `flashnotes build` in a fresh process, as a user does, on 16 to 512 small
articles, serially and with a pool of two workers forced on whatever the size, and prints their
wall-clock medians and ratio: below a ratio of 1 the pool saves time. The pool's threshold
(deck/sources.py: MIN_PARALLEL, MIN_PARALLEL_BYTES) sits where the ratio crosses 1.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import genanki

import corpus  # benchmarks/, beside this script
import rows_build
from flashnotes.collection import Collection
from flashnotes.deck import anki
from flashnotes.deck.build import DeckBuild, build_deck, export, plan_deck, record
from flashnotes.deck.deckfile import load_decks

ROOT = Path(__file__).resolve().parent.parent
T0 = datetime(2026, 1, 1, tzinfo=UTC)


def make_project(folder: Path, articles: int, seed: int = 3) -> Path:
    """A project with ``articles`` generated articles in one deck."""
    rng = random.Random(seed)
    paragraphs = corpus.paragraphs()
    (folder / "decks").mkdir(parents=True)
    (folder / "decks" / "big.yaml").write_text("name: Big\narticles: [notes]\n", encoding="utf-8")
    notes = folder / "notes"
    notes.mkdir()
    for n in range(articles):
        body = "\n\n".join(rng.choice(paragraphs) for _ in range(12))
        (notes / f"a{n:05d}.md").write_text(
            f"# 文章 {n}\n\n术语{n}是第 {n} 篇文章定义的概念。\n\n{body}\n", encoding="utf-8"
        )
    return folder


def timed(label: str, fn: object) -> float:
    start = time.perf_counter()
    result = fn()  # type: ignore[operator]
    elapsed = time.perf_counter() - start
    print(f"{label:<44} {elapsed:8.2f} s   {result}")
    return elapsed


def bench_builds(articles: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = make_project(Path(tmp) / "proj", articles)
        [deck] = load_decks(root)
        with Collection(Path(tmp) / "c.db") as col:
            out = Path(tmp) / "big.apkg"

            def cold() -> str:
                b = build_deck(root, deck, col, out, T0)
                return f"{len(b.plan.items)} cards, {b.parsed} articles parsed"

            timed(f"cold build ({articles} articles)", cold)
            target = root / "notes" / "a00007.md"
            target.write_text(
                target.read_text(encoding="utf-8") + "\n新概念是为基准测试追加的一个定义。\n", encoding="utf-8"
            )

            planned: list[DeckBuild] = []

            def rebuild_plan() -> str:
                planned.append(plan_deck(root, deck, col, lambda _: None))
                counts = planned[0].plan.counts()
                return f"{planned[0].parsed} parsed, {counts['added']} added, {counts['unchanged']} unchanged"

            def rebuild_write() -> str:
                built = export(planned[0], root, out, T0 + timedelta(days=1))
                record(built, col, T0 + timedelta(days=1))
                return f"{len(built.plan.items)} notes written"

            a = timed("rebuild, one article edited: extract + plan", rebuild_plan)
            b = timed("rebuild, one article edited: package + record", rebuild_write)
            print(f"{'rebuild, one article edited: total':<44} {a + b:8.2f} s")


def bench_package(notes: int) -> None:
    fields = [
        (f"什么是术语{n}？", f"术语{n}是一个用于基准测试的概念，公式 \\(x_{{{n}}} = {n}\\)。", f"notes/a.md · line {n}")
        for n in range(notes)
    ]
    with tempfile.TemporaryDirectory() as tmp:

        def ours() -> str:
            specs = [anki.NoteSpec(f"id{n}", False, f, ("bench",), T0) for n, f in enumerate(fields)]
            anki.write_package(Path(tmp) / "ours.apkg", "Bench", specs, [], T0)
            return f"{notes} notes"

        def bare() -> str:
            model = anki.basic_model()
            deck = genanki.Deck(anki.deck_id("Bench"), "Bench")
            for n, f in enumerate(fields):
                deck.add_note(genanki.Note(model=model, fields=list(f), guid=anki.note_guid(f"id{n}"), tags=["bench"]))
            genanki.Package(deck).write_to_file(str(Path(tmp) / "bare.apkg"), timestamp=T0.timestamp())
            return f"{notes} notes"

        a = timed(f"flashnotes package ({notes} notes)", ours)
        b = timed(f"bare genanki package ({notes} notes)", bare)
        print(f"{'overhead of flashnotes over bare genanki':<44} {a / b:8.2f} x")


# `flashnotes` itself, with the pool's thresholds lowered to nothing when asked (argv[1] == "pool")
_CLI = (
    "import sys\n"
    "if sys.argv.pop(1) == 'pool':\n"
    "    from flashnotes.deck import sources\n"
    "    sources.MIN_PARALLEL = sources.MIN_PARALLEL_BYTES = 0\n"
    "from flashnotes.cli import main\n"
    "main()\n"
)


def _fresh_build(root: Path, db: Path, pool: bool) -> float:
    db.unlink(missing_ok=True)
    args = ["--collection", str(db), "--now", T0.isoformat(), "build", "--jobs", "2" if pool else "1"]
    start = time.perf_counter()
    command = [sys.executable, "-c", _CLI, "pool" if pool else "serial", *args]
    subprocess.run(command, cwd=root, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def bench_break_even(repeat: int) -> None:
    print(f"load average {os.getloadavg()[0]:.2f}; fresh `flashnotes build` processes, wall-clock medians")
    print(f"{'articles':>8} {'KB':>6} {'serial':>8} {'pool of 2':>10} {'ratio':>7}   two busy loops in parallel")
    for count in (16, 32, 64, 128, 256, 512):
        with tempfile.TemporaryDirectory() as tmp:
            root = make_project(Path(tmp) / "proj", count)
            size = sum(f.stat().st_size for f in (root / "notes").iterdir())
            times: dict[bool, list[float]] = {False: [], True: []}
            free = []
            for _ in range(repeat):  # interleaved, so a change in the machine's load hits both alike
                for pool in (False, True):
                    times[pool].append(_fresh_build(root, Path(tmp) / "c.db", pool))
                free.append(rows_build.machine_capacity())
            serial, pooled = statistics.median(times[False]), statistics.median(times[True])
            print(
                f"{count:>8} {size // 1024:>6} {serial:>7.3f}s {pooled:>9.3f}s {pooled / serial:>6.2f}x"
                f"   {statistics.median(free):.2f}x (what the load leaves: 0.5 on two free cores)",
                flush=True,
            )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--notes", type=int, default=50000)
    parser.add_argument("--break-even", action="store_true", help="where a pool starts to pay, in fresh processes")
    parser.add_argument("--repeat", type=int, default=5, help="runs per size for --break-even (median)")
    args = parser.parse_args()
    if args.break_even:
        bench_break_even(args.repeat)
        return 0
    bench_builds(args.articles)
    bench_package(args.notes)
    return 0


if __name__ == "__main__":
    sys.exit(main())
