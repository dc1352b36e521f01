"""Tests for study days: numbering with the rollover, day starts and elapsed days across daylight-saving changes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from flashnotes.progress import EPOCH
from flashnotes.studyday import StudyDays


def local(zone: str, *parts: int) -> datetime:
    return datetime(*parts, tzinfo=ZoneInfo(zone)).astimezone(UTC)  # type: ignore[misc]


@pytest.mark.parametrize("zone", ["Asia/Shanghai", "America/New_York", "Europe/Berlin"])
def test_the_day_turns_at_the_rollover_hour(zone: str) -> None:
    """03:59 still belongs to the day before; 04:00 starts the next study day, numbered from the epoch."""
    days = StudyDays(ZoneInfo(zone), 4)
    assert days.date(local(zone, 2026, 3, 11, 3, 59)).isoformat() == "2026-03-10"
    assert days.date(local(zone, 2026, 3, 11, 4, 0)).isoformat() == "2026-03-11"
    assert days.number(local(zone, 2026, 3, 11, 12)) == (datetime(2026, 3, 11).date() - EPOCH).days
    assert days.start(days.number(local(zone, 2026, 3, 11, 12))) == local(zone, 2026, 3, 11, 4)


@pytest.mark.parametrize(
    ("zone", "spring", "autumn"),
    [("America/New_York", (2026, 3, 7), (2026, 10, 31)), ("Europe/Berlin", (2026, 3, 28), (2026, 10, 24))],
)
def test_days_across_daylight_saving_changes_in_both_directions(
    zone: str, spring: tuple[int, int, int], autumn: tuple[int, int, int]
) -> None:
    """The study day holding a change is 23 or 25 hours long, starts and ends at 04:00, and counts as one day."""
    days = StudyDays(ZoneInfo(zone), 4)
    for date, hours in ((spring, 23), (autumn, 25)):
        noon = local(zone, *date, 12)
        start, end = days.day_start(noon), days.next_start(noon)
        assert (start.astimezone(ZoneInfo(zone)).hour, end.astimezone(ZoneInfo(zone)).hour) == (4, 4)
        assert end - start == timedelta(hours=hours)
        assert days.number(end) == days.number(noon) + 1
        assert days.elapsed(noon, end + timedelta(hours=1)) == 1
        assert days.elapsed(noon, noon + timedelta(hours=3)) == 0


def test_elapsed_days_count_rollovers_not_24_hour_periods() -> None:
    """20 hours later but past the rollover is one study day; 27 hours later within the next day is also one."""
    days = StudyDays(ZoneInfo("Asia/Shanghai"), 4)
    evening = local("Asia/Shanghai", 2026, 3, 2, 20)
    assert days.elapsed(evening, evening + timedelta(hours=20)) == 1
    assert days.elapsed(evening, evening + timedelta(hours=7, minutes=59)) == 0
    assert days.elapsed(evening, evening + timedelta(hours=27)) == 1
    assert days.elapsed(evening + timedelta(days=1), evening) == 0


def test_naive_times_are_refused() -> None:
    """Study days need aware times."""
    with pytest.raises(ValueError, match="aware"):
        StudyDays(UTC).number(datetime(2026, 3, 1, 9))
