"""The scheduler against Anki's own (the `anki` package): real and generated histories, same settings, fuzz off.

Anki answers each card at the review's past time under a clock shim (see
``tests/ankiclock.py``); flashnotes answers the same grades at the same times.
Both run in New York time with a 4 am rollover.
"""

from __future__ import annotations

import csv
import os
import random
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from flashnotes.review import scheduler
from flashnotes.review.memory import Memory, Rating
from flashnotes.settings import ReviewSettings
from flashnotes.studyday import StudyDays
from tests import ankiclock

# ../shared beside the repository; CI runs a copy elsewhere and says where the logs are
REVLOGS = Path(os.environ.get("FLASHNOTES_REVLOGS", Path(__file__).resolve().parents[3] / "shared/eval/revlogs"))
JOSH = REVLOGS / "anki-reviews-josh.csv"
ZONE = "America/New_York"
DAYS = StudyDays(ZoneInfo(ZONE), 4)
SETTINGS = ReviewSettings()
History = dict[str, list[tuple[str, int]]]


@pytest.fixture(scope="module")
def shim(tmp_path_factory: pytest.TempPathFactory) -> Path:
    pytest.importorskip("anki", reason="the official anki package (test extra) is not installed")
    if ankiclock.compiler() is None:
        pytest.skip("no C compiler to build the clock shim that lets Anki answer at past times")
    return ankiclock.build_shim(tmp_path_factory.mktemp("shim"))


def job(cards: History) -> dict[str, Any]:
    """Anki's deck options set to flashnotes' settings."""
    minutes = [step.total_seconds() / 60 for step in SETTINGS.learning_steps]
    return {
        "cards": cards,
        "rollover": DAYS.rollover,
        "parameters": list(scheduler.parameters()),
        "desired_retention": SETTINGS.desired_retention,
        "learning_steps": minutes,
        "relearning_steps": [step.total_seconds() / 60 for step in SETTINGS.relearning_steps],
        "maximum_interval": SETTINGS.maximum_interval,
    }


def ours(cards: History) -> Iterator[dict[str, Any]]:
    """flashnotes' interval (days, or negative seconds while learning), stability and difficulty per review."""
    for card, history in sorted(cards.items()):
        memory = Memory()
        for n, (at, rating) in enumerate(history):
            outcome = scheduler.answer(
                memory, card, Rating(rating), datetime.fromisoformat(at), SETTINGS, days=DAYS, fuzz=False
            )
            memory = outcome.memory
            interval = outcome.days if outcome.days is not None else -int(outcome.interval.total_seconds())
            yield {"card": card, "n": n, "interval": interval, "s": memory.stability, "d": memory.difficulty}


def compare(cards: History, theirs: list[dict[str, Any]]) -> dict[str, float]:
    """Figures of agreement between the two replays."""
    mine = list(ours(cards))
    assert [(r["card"], r["n"]) for r in mine] == [(r["card"], r["n"]) for r in theirs]
    pairs = list(zip(mine, theirs, strict=True))
    return {
        "reviews": len(pairs),
        "interval_differences": sum(a["interval"] != b["interval"] for a, b in pairs),
        "stability_equal": sum(f"{a['s']:.4f}" == f"{b['s']:.4f}" for a, b in pairs),
        "difficulty_equal": sum(f"{a['d']:.3f}" == f"{b['d']:.3f}" for a, b in pairs),
        "stability_max_relative": max(abs(a["s"] - b["s"]) / b["s"] for a, b in pairs),
        "difficulty_max": max(abs(a["d"] - b["d"]) for a, b in pairs),
    }


def assert_same(figures: dict[str, float]) -> None:
    """Every interval equal; stability and difficulty equal at Anki's 4 and 3 decimals but for 32-bit rounding.

    Anki computes FSRS in 32-bit floats, the fsrs library in 64-bit; the last
    stored decimal then differs now and then by one, and a later review can
    carry that on, so the bound is relative for stability.
    """
    assert figures["interval_differences"] == 0, figures
    assert figures["difficulty_equal"] >= 0.99 * figures["reviews"], figures
    assert figures["stability_max_relative"] < 5e-4 and figures["difficulty_max"] < 0.0011, figures


def josh_histories() -> History:
    cards: History = {}
    with JOSH.open(newline="") as handle:
        for row in csv.DictReader(handle):
            cards.setdefault(row["card_id"], []).append((row["review_time"], int(row["review_rating"])))
    return cards


def test_a_real_anki_log_replays_to_ankis_intervals_and_memory(shim: Path, tmp_path: Path) -> None:
    """All 1,205 card histories (12,580 reviews) of a real Anki log give Anki's intervals, stability, difficulty."""
    if not JOSH.exists():
        pytest.skip(f"{JOSH} is not there (the shared review logs sit beside the repository)")
    cards = josh_histories()
    assert len(cards) >= 300
    figures = compare(cards, ankiclock.replay_in_anki(shim, job(cards), tmp_path, ZONE))
    assert figures["reviews"] == sum(len(h) for h in cards.values())
    assert_same(figures)


def generated_histories(count: int, seed: int = 11) -> History:
    """Histories with every grade, same-day repeats, early and late reviews, over a summer without DST changes.

    Reviews between 02:00 and 04:00 local time are left out: Anki 26.9 makes a
    learning step answered then due two hours early (see the README).
    """
    rng, zone = random.Random(seed), ZoneInfo(ZONE)
    cards: History = {}
    for n in range(count):
        at = datetime(2024, 5, 1, tzinfo=UTC) + timedelta(seconds=rng.randrange(5 * 86400))
        history = []
        for _ in range(rng.randrange(3, 15)):
            history.append((at.isoformat(), rng.choice([1, 2, 3, 3, 3, 4])))
            gap = rng.choice([timedelta(seconds=rng.randrange(30, 3600)), timedelta(hours=rng.randrange(1, 30))])
            at += rng.choice([gap, timedelta(days=rng.randrange(1, 60), seconds=rng.randrange(86400))])
        if not any(2 <= datetime.fromisoformat(t).astimezone(zone).hour < 4 for t, _ in history):
            cards[f"g{n:04d}"] = history
    return cards


def test_every_grade_at_any_time_gives_ankis_intervals(shim: Path, tmp_path: Path) -> None:
    """Generated histories with Hard and Easy, early and same-day reviews schedule exactly as Anki does."""
    cards = generated_histories(600)
    assert {r for h in cards.values() for _, r in h} == {1, 2, 3, 4}
    assert_same(compare(cards, ankiclock.replay_in_anki(shim, job(cards), tmp_path, ZONE)))
