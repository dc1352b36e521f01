"""Build benchmarks: a cold build and a one-article-changed rebuild of a generated project,
and the cost of writing a 50,000-note package against bare genanki writing the same notes.

    python benchmarks/build_speed.py [--articles 2000] [--notes 50000]
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import genanki

import corpus  # benchmarks/, beside this script
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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--notes", type=int, default=50000)
    args = parser.parse_args()
    bench_builds(args.articles)
    bench_package(args.notes)
    return 0


if __name__ == "__main__":
    sys.exit(main())
