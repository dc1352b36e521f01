"""Tests for the scheduler: seeded fuzz, button order, leeches, and study days across time zones."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from flashnotes.review import scheduler
from flashnotes.review.memory import LEECH_LAPSES, Memory, Phase, Rating
from flashnotes.settings import ReviewSettings

T0 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
SETTINGS = ReviewSettings()


def graduated(card: str = "c1") -> Memory:
    """A card taken to the review phase with a few Good answers a day apart."""
    memory, now = Memory(), T0
    for _ in range(4):
        memory = scheduler.answer(memory, card, Rating.GOOD, now, SETTINGS).memory
        now = memory.due or now
    return memory


def test_preview_is_exactly_what_answer_applies() -> None:
    """The interval shown for each grade is the one applied when that grade is given."""
    memory = graduated()
    later = memory.due or T0
    shown = scheduler.preview(memory, "c1", later, SETTINGS)
    for rating in Rating:
        assert scheduler.answer(memory, "c1", rating, later, SETTINGS) == shown[rating]


def test_fuzz_is_seeded_per_card_and_review_count() -> None:
    """Same card and count: same fuzz; the global random state does not matter."""
    import random

    memory = graduated()
    later = (memory.due or T0) + timedelta(days=3)
    random.seed(1)
    first = scheduler.preview(memory, "c1", later, SETTINGS)
    random.seed(2)
    assert scheduler.preview(memory, "c1", later, SETTINGS) == first
    assert scheduler.fuzz_seed("c1", 3) != scheduler.fuzz_seed("c1", 4)


@pytest.mark.parametrize("card", [f"card{n}" for n in range(30)])
def test_hard_good_easy_are_ordered(card: str) -> None:
    """Hard <= Good <= Easy for every card, whatever the fuzz drew."""
    memory = graduated(card)
    for days in (0, 5, 40):
        shown = scheduler.preview(memory, card, (memory.due or T0) + timedelta(days=days), SETTINGS)
        assert shown[Rating.HARD].interval <= shown[Rating.GOOD].interval <= shown[Rating.EASY].interval


def test_lapses_make_a_leech_at_eight() -> None:
    """A review card answered Again counts a lapse; at eight it is a leech."""
    memory = graduated()
    for _ in range(LEECH_LAPSES):
        assert not memory.leech
        now = memory.due or T0
        memory = scheduler.answer(memory, "c1", Rating.AGAIN, now, SETTINGS).memory
        while memory.phase is not Phase.REVIEW:
            memory = scheduler.answer(memory, "c1", Rating.GOOD, memory.due or now, SETTINGS).memory
    assert memory.lapses == LEECH_LAPSES and memory.leech


def test_naive_times_are_refused() -> None:
    """Scheduler times must be aware UTC."""
    with pytest.raises(ValueError, match="aware UTC"):
        scheduler.preview(Memory(), "c1", datetime(2026, 3, 1, 9), SETTINGS)


@pytest.mark.parametrize("zone", ["Asia/Shanghai", "America/New_York", "Europe/Berlin"])
def test_card_due_at_three_am_is_due_today_the_evening_before(zone: str) -> None:
    """With a 4 am rollover, a card due at 03:00 local counts as today at 21:00 the evening before."""
    tz = ZoneInfo(zone)
    evening = datetime(2026, 3, 10, 21, 0, tzinfo=tz).astimezone(UTC)
    due = datetime(2026, 3, 11, 3, 0, tzinfo=tz).astimezone(UTC)
    assert due < scheduler.next_day_start(evening, tz, 4)
    after_rollover = datetime(2026, 3, 11, 5, 0, tzinfo=tz).astimezone(UTC)
    assert after_rollover >= scheduler.next_day_start(evening, tz, 4)
    assert scheduler.day_start(datetime(2026, 3, 11, 3, 30, tzinfo=tz).astimezone(UTC), tz, 4) == datetime(
        2026, 3, 10, 4, 0, tzinfo=tz
    ).astimezone(UTC)


def test_study_day_across_a_daylight_saving_change() -> None:
    """A study day that contains the spring-forward change is 23 hours long and still ends at the rollover."""
    tz = ZoneInfo("America/New_York")
    before = datetime(2026, 3, 7, 12, 0, tzinfo=tz).astimezone(UTC)  # DST starts 2026-03-08 02:00 there
    start = scheduler.day_start(before, tz, 4)
    end = scheduler.next_day_start(before, tz, 4)
    assert (start.astimezone(tz).hour, end.astimezone(tz).hour) == (4, 4)
    assert end - start == timedelta(hours=23)


def test_format_interval() -> None:
    """Intervals print short: seconds, minutes, hours, days, months, years."""
    got = [scheduler.format_interval(timedelta(seconds=s)) for s in (30, 600, 7200, 86400 * 3, 86400 * 60, 86400 * 800)]
    assert got == ["30s", "10m", "2h", "3d", "2.0mo", "2.2y"]
