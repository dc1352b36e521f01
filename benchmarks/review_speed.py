"""Review benchmark: a collection of 100,000 cards with a realistic review history; the time to
show the first card (open, queue, intervals) and the time per answer. Targets: < 0.5 s, < 20 ms.

    python benchmarks/review_speed.py [--cards 100000] [--studied 0.6] [--answers 200]
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from flashnotes.collection import Collection
from flashnotes.deck.store import Builds, StoredCard
from flashnotes.model import Card, Kind, Source
from flashnotes.review import scheduler
from flashnotes.review.memory import Memory, Phase, Rating, ReviewState
from flashnotes.review.session import Options, Session
from flashnotes.review.store import Reviews, state_to_json
from flashnotes.settings import ReviewSettings
from flashnotes.studyday import StudyDays

T0 = datetime(2026, 1, 1, 8, 0, tzinfo=UTC)
DECK = "Bench"
SETTINGS = ReviewSettings()  # the defaults a user gets: 20 new and 200 reviews a day
DAYS = StudyDays(UTC)


def _history(rng: random.Random, card_id: str, start: datetime) -> tuple[Memory, list[tuple[object, ...]]]:
    """A card's review history: answers at the scheduled times, mostly Good, some Again (as real learners do),
    ending, as most histories do, with the card in the review phase."""
    memory, now, rows = Memory(), start, []
    answers = rng.randint(2, 8)
    for n in range(answers + 6):
        if n >= answers and memory.phase is Phase.REVIEW:
            break
        settling = n >= answers
        rating = (
            Rating.GOOD
            if settling
            else Rating.AGAIN
            if rng.random() < 0.15
            else Rating.GOOD
            if rng.random() < 0.9
            else Rating.EASY
        )
        outcome = scheduler.answer(memory, card_id, rating, now, SETTINGS, days=DAYS)
        before = None if memory.reps == 0 else state_to_json(ReviewState(memory))
        rows.append(
            (
                card_id,
                now.isoformat(),
                int(rating),
                rng.randint(2000, 15000),
                before,
                state_to_json(ReviewState(outcome.memory)),
                outcome.interval.total_seconds(),
            )
        )
        memory = outcome.memory
        due = memory.due if memory.due_day is None else DAYS.start(memory.due_day)
        now = (due or now) + timedelta(hours=rng.randint(0, 30))
        if now >= T0:  # the history ends before the benchmark's "now"
            break
    return memory, rows


def make_collection(path: Path, cards: int, studied: float, seed: int = 11) -> int:
    """Fill a collection; returns the number of log entries written."""
    rng = random.Random(seed)
    with Collection(path) as col:
        stored = [
            StoredCard(
                Card(
                    f"c{n:06d}",
                    Kind.DEFINITION,
                    f"什么是术语{n}？",
                    f"术语{n}的定义。",
                    f"术语{n}",
                    Source(f"notes/a{n // 50:04d}.md", n % 50 + 1),
                ),
                DECK,
                "h",
                T0,
                T0,
            )
            for n in range(cards)
        ]
        Builds(col).save_build(DECK, [], stored)
        reviews = Reviews(col)
        logs: list[tuple[object, ...]] = []
        states = []
        for n in range(int(cards * studied)):
            card_id = f"c{n:06d}"
            start = T0 - timedelta(days=rng.randint(2, 365))
            memory, rows = _history(rng, card_id, start)
            logs.extend(rows)
            states.append((card_id, memory))
        with col.transaction() as conn:
            conn.executemany(
                "INSERT INTO review_log (card_id, reviewed_at, rating, duration_ms, before, after,"
                " interval_seconds) VALUES (?, ?, ?, ?, ?, ?, ?)",
                logs,
            )
            for card_id, memory in states:
                reviews._write_state(conn, card_id, ReviewState(memory))
    return len(logs)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cards", type=int, default=100_000)
    parser.add_argument("--studied", type=float, default=0.6, help="share of cards with a review history")
    parser.add_argument("--answers", type=int, default=200)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "c.db"
        start = time.perf_counter()
        entries = make_collection(path, args.cards, args.studied)
        print(
            f"collection   {args.cards} cards, {entries} review-log entries"
            f" (made in {time.perf_counter() - start:.1f} s)"
        )
        now = T0 + timedelta(days=1)
        start = time.perf_counter()
        with Collection(path) as col:
            session = Session(Reviews(col), {DECK: SETTINGS}, Options(ZoneInfo("Asia/Shanghai"), 4))
            due = session.next(now)
            assert due is not None
            session.left(now)
            session.preview(due, now)
            first = time.perf_counter() - start
            print(f"first card   {first * 1000:8.1f} ms   (target < 500 ms; open, queue, counts, intervals)")
            times = []
            for n in range(args.answers):
                tick = time.perf_counter()
                session.answer(due, Rating.GOOD if n % 7 else Rating.AGAIN, now, 3000)
                due = session.next(now)
                if due is not None:
                    session.preview(due, now)
                times.append(time.perf_counter() - tick)
                if due is None:
                    break
        times.sort()
        print(
            f"per answer   {sum(times) / len(times) * 1000:8.1f} ms mean,"
            f" {times[len(times) // 2] * 1000:.1f} ms median,"
            f" {times[int(len(times) * 0.95)] * 1000:.1f} ms p95 over {len(times)} answers   (target < 20 ms;"
            " answer committed + next card + its intervals)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
