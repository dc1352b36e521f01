"""Study days: the learner's days, starting at a rollover hour in their time zone, numbered like Anki's.

A study day is named by the local date it starts on and numbered in days since
:data:`flashnotes.progress.EPOCH`. Review due dates are stored as these numbers,
so a daylight-saving change cannot move a card onto another day.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo

from flashnotes.progress import EPOCH


@dataclass(frozen=True, slots=True)
class StudyDays:
    """The learner's days: a time zone and the hour (0-23) a new day starts."""

    zone: tzinfo
    rollover: int = 4

    def date(self, when: datetime) -> date:
        """The local date the study day of ``when`` started on."""
        # Anki: rslib/src/scheduler/timing.rs, days_elapsed(): the local date, minus one before the rollover hour
        local = _aware(when).astimezone(self.zone)
        return local.date() - timedelta(days=1) if local.hour < self.rollover else local.date()

    def number(self, when: datetime) -> int:
        """The study day ``when`` falls on, as a day number."""
        return (self.date(when) - EPOCH).days

    def start(self, day: int) -> datetime:
        """When study day ``day`` begins (UTC), daylight saving included."""
        local = datetime.combine(EPOCH + timedelta(days=day), time(self.rollover), tzinfo=self.zone)
        return local.astimezone(UTC)

    def day_start(self, when: datetime) -> datetime:
        """When the study day of ``when`` began (UTC)."""
        return self.start(self.number(when))

    def next_start(self, when: datetime) -> datetime:
        """When the study day after that of ``when`` begins (UTC)."""
        return self.start(self.number(when) + 1)

    def elapsed(self, since: datetime, now: datetime) -> int:
        """Study days from ``since`` to ``now`` as Anki counts them: whole days from ``since`` to the end of today.

        That is the number of rollovers in between (0 on the same study day),
        except that across a daylight-saving change an answer given within an
        hour of the rollover can count one day more or less, as in Anki.
        """
        # Anki: rslib/src/scheduler/answering/mod.rs, card_state_updater(): next_day_at.elapsed_days_since(lrt);
        # rslib/src/timestamp.rs, elapsed_days_since(): (next_day_at - last review) / 86400, floored, at least 0
        return max(0, (self.next_start(now) - _aware(since)) // timedelta(days=1))


def _aware(when: datetime) -> datetime:
    if when.tzinfo is None:
        raise ValueError("study-day times must be timezone-aware")
    return when
