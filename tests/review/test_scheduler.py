"""Tests for the scheduler: study-day elapsed time, Anki's buttons, fuzz ranges, steps, leeches."""

from __future__ import annotations

import random
from collections import Counter
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from flashnotes.review import scheduler
from flashnotes.review.memory import LEECH_LAPSES, Memory, Phase, Rating
from flashnotes.settings import ReviewSettings
from flashnotes.studyday import StudyDays

T0 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
SETTINGS = ReviewSettings()
DAYS = StudyDays(ZoneInfo("Asia/Shanghai"), 4)


def answer(memory: Memory, rating: Rating, now: datetime, card: str = "c1") -> scheduler.Outcome:
    return scheduler.answer(memory, card, rating, now, SETTINGS, days=DAYS)


def due_at(memory: Memory) -> datetime:
    """When the card is due: its step's end, or the start of its due study day."""
    if memory.due_day is not None:
        return DAYS.start(memory.due_day)
    assert memory.due is not None
    return memory.due


def graduated(card: str = "c1") -> Memory:
    """A card taken to the review phase with a few Good answers, each when due."""
    memory, now = Memory(), T0
    for _ in range(4):
        memory = answer(memory, Rating.GOOD, now, card).memory
        now = due_at(memory) + timedelta(hours=2)
    assert memory.phase is Phase.REVIEW
    return memory


def test_preview_is_exactly_what_answer_applies() -> None:
    """The interval shown for each grade is the one applied when that grade is given."""
    memory = graduated()
    later = due_at(memory) + timedelta(hours=3)
    shown = scheduler.preview(memory, "c1", later, SETTINGS, DAYS)
    for rating in Rating:
        assert answer(memory, rating, later) == shown[rating]


def test_fuzz_is_seeded_per_card_and_review_count() -> None:
    """Same card and count: same fuzz; the global random state does not matter."""
    memory = graduated()
    later = due_at(memory) + timedelta(days=3)
    random.seed(1)
    first = scheduler.preview(memory, "c1", later, SETTINGS, DAYS)
    random.seed(2)
    assert scheduler.preview(memory, "c1", later, SETTINGS, DAYS) == first
    assert scheduler.fuzz_seed("c1", 3) != scheduler.fuzz_seed("c1", 4)


def test_elapsed_time_is_counted_in_study_days() -> None:
    """Good, Good 11 minutes later, Good 20 hours later on the next study day: 7 days, as in Anki (not 2)."""
    start = datetime(2026, 3, 2, 20, 0, tzinfo=ZoneInfo("Asia/Shanghai")).astimezone(UTC)
    memory = Memory()
    for after in (timedelta(0), timedelta(minutes=11), timedelta(hours=20, minutes=11)):
        outcome = scheduler.answer(memory, "c1", Rating.GOOD, start + after, SETTINGS, days=DAYS, fuzz=False)
        memory = outcome.memory
    assert outcome.days == 7 and memory.due_day == DAYS.number(start) + 1 + 7


@pytest.mark.parametrize("card", [f"card{n}" for n in range(30)])
def test_review_buttons_are_a_day_apart(card: str) -> None:
    """On a review card Hard < Good < Easy, each at least a day after the one before, whatever the fuzz drew."""
    memory = graduated(card)
    for late in (0, 5, 40):
        shown = scheduler.preview(memory, card, due_at(memory) + timedelta(days=late), SETTINGS, DAYS)
        hard, good, easy = (shown[r].days for r in (Rating.HARD, Rating.GOOD, Rating.EASY))
        assert hard is not None and good is not None and easy is not None
        assert good >= hard + 1 and easy >= good + 1


def test_passing_review_keeps_at_least_the_current_interval() -> None:
    """Reviewed early, a card whose interval sits inside the new one's fuzz range keeps at least that interval."""
    memory = graduated()
    same_day = (memory.last_review or T0) + timedelta(minutes=5)
    shown = scheduler.preview(memory, "c1", same_day, SETTINGS, DAYS)
    assert shown[Rating.HARD].days is not None and shown[Rating.HARD].days >= memory.interval
    assert scheduler.passing_floor(8.3, 8) == 8 and scheduler.passing_floor(8.3, 11) == 0
    assert scheduler.passing_floor(12.0, 8) == 9


@pytest.mark.parametrize(("interval", "low", "high"), [(3.0, 2, 4), (10.0, 8, 12), (100.0, 93, 107)])
def test_fuzz_ranges_are_ankis(interval: float, low: int, high: int) -> None:
    """Fuzz spreads 3 days over 2-4, 10 over 8-12 and 100 over 93-107, every day in range reachable."""
    assert scheduler.fuzz_bounds(interval, 1, 36500) == (low, high)
    drawn = Counter(scheduler.with_fuzz(interval, 1, 36500, random.Random(n).random()) for n in range(4000))
    assert set(drawn) == set(range(low, high + 1))
    assert max(drawn.values()) < 2 * min(drawn.values())  # the ends are not weighted by half
    assert scheduler.with_fuzz(interval, 1, 36500, None) == round(interval)


def test_fuzz_respects_minimum_and_maximum() -> None:
    """The fuzz range is cut to the allowed interval range."""
    assert scheduler.fuzz_bounds(100.0, 101, 1000) == (101, 108)
    assert scheduler.fuzz_bounds(100.0, 1, 99) == (92, 99)
    assert scheduler.with_fuzz(2.0, 3, 3, 0.9) == 3


def test_learning_steps_follow_anki() -> None:
    """Again restarts the steps, Hard on the first step waits halfway to the next, Good moves on, Easy graduates."""
    shown = scheduler.preview(Memory(), "c1", T0, SETTINGS, DAYS)
    assert [shown[r].interval for r in (Rating.AGAIN, Rating.HARD, Rating.GOOD)] == [
        timedelta(minutes=1),
        timedelta(minutes=5, seconds=30),
        timedelta(minutes=10),
    ]
    assert shown[Rating.EASY].memory.phase is Phase.REVIEW and shown[Rating.EASY].days is not None
    assert scheduler.hard_delay((600,), 0) == 900 and scheduler.hard_delay((3 * 86400,), 0) == 4 * 86400


def test_a_step_past_the_rollover_is_due_by_day() -> None:
    """A learning step ending after the study day ends is due for the whole next study day."""
    steps = ReviewSettings(learning_steps=(timedelta(minutes=10), timedelta(days=1)))
    first = scheduler.answer(Memory(), "c1", Rating.AGAIN, T0, steps, days=DAYS)
    assert first.memory.due_day is None and first.memory.due == T0 + timedelta(minutes=10)
    second = scheduler.answer(first.memory, "c1", Rating.GOOD, T0 + timedelta(minutes=10), steps, days=DAYS)
    assert second.memory.phase is Phase.LEARNING and second.memory.due is None
    assert second.memory.due_day == DAYS.number(T0) + 1 and second.days == 1
    assert scheduler.as_days(600, 300) == 1 and scheduler.as_days(600, 601) is None


def test_lapses_make_a_leech_at_eight() -> None:
    """A review card answered Again counts a lapse and relearns; at eight it is a leech."""
    memory = graduated()
    for _ in range(LEECH_LAPSES):
        assert not memory.leech
        now = due_at(memory) + timedelta(hours=1)
        memory = answer(memory, Rating.AGAIN, now).memory
        assert memory.phase is Phase.RELEARNING and memory.interval >= 1
        while memory.phase is not Phase.REVIEW:
            memory = answer(memory, Rating.GOOD, due_at(memory)).memory
    assert memory.lapses == LEECH_LAPSES and memory.leech


def test_memory_is_stored_as_anki_rounds_it() -> None:
    """Stability keeps 4 decimals and difficulty 3, as Anki keeps them between answers."""
    memory = graduated()
    assert memory.stability == round(memory.stability or 0, 4) and memory.difficulty == round(memory.difficulty or 0, 3)
    assert scheduler.anki_round(2.5) == 3 and scheduler.anki_round(3.5) == 4


def test_naive_times_are_refused() -> None:
    """Scheduler times must be aware UTC."""
    with pytest.raises(ValueError, match="aware UTC"):
        scheduler.preview(Memory(), "c1", datetime(2026, 3, 1, 9), SETTINGS, DAYS)


def test_format_interval() -> None:
    """Intervals print short: seconds, minutes, hours, days, months, years."""
    got = [scheduler.format_interval(timedelta(seconds=s)) for s in (30, 600, 7200, 86400 * 3, 86400 * 60, 86400 * 800)]
    assert got == ["30s", "10m", "2h", "3d", "2.0mo", "2.2y"]
