"""Tests for learning progress in Anki's units: card columns, revlog rows, study days."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from flashnotes.progress import EPOCH, CardType, Queue, RevlogKind, difficulty_factor
from flashnotes.review.ankiexport import anki_interval, card_progress, revlog_row, scheduling
from flashnotes.review.memory import LogEntry, Memory, Phase, Rating, ReviewState
from flashnotes.settings import ReviewSettings
from flashnotes.studyday import StudyDays

T0 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
UTC_DAYS = StudyDays(UTC, 4)


def _review(due: datetime, last: datetime) -> Memory:
    return Memory(Phase.REVIEW, None, 5.12344, 4.56789, due, last, 3, 1)


def test_study_days_count_from_the_epoch_with_zone_and_rollover() -> None:
    """03:59 local belongs to the previous study day, 04:00 to the new one; Shanghai is 8 hours ahead."""
    assert UTC_DAYS.number(datetime(2000, 1, 2, 3, 59, tzinfo=UTC)) == 0
    assert UTC_DAYS.number(datetime(2000, 1, 2, 4, 0, tzinfo=UTC)) == 1
    shanghai = StudyDays(ZoneInfo("Asia/Shanghai"), 4)
    assert shanghai.date(datetime(2026, 3, 1, 19, 59, tzinfo=UTC)) == date(2026, 3, 1)
    assert shanghai.date(datetime(2026, 3, 1, 20, 0, tzinfo=UTC)) == date(2026, 3, 2)


def test_a_review_card_is_due_on_its_study_day_with_its_interval() -> None:
    """Type and queue review, due the day number of its due date, interval in days, memory rounded like Anki."""
    s = scheduling(_review(T0 + timedelta(days=5, hours=3), T0), False, ReviewSettings(), UTC_DAYS)
    assert (s.type, s.queue, s.interval, s.reps, s.lapses) == (CardType.REVIEW, Queue.REVIEW, 5, 3, 1)
    assert s.due == (date(2026, 3, 6) - EPOCH).days
    assert (s.stability, s.difficulty, s.last_review) == (5.1234, 4.568, int(T0.timestamp()))


def test_learning_due_today_waits_by_time_and_due_tomorrow_by_day() -> None:
    """A step due later today is due in Unix seconds; a step due on a later study day is due by day."""
    soon = Memory(Phase.LEARNING, 1, 1.0, 5.0, T0 + timedelta(minutes=10), T0, 2, 0)
    s = scheduling(soon, False, ReviewSettings(), UTC_DAYS)
    assert (s.queue, s.due, s.left) == (Queue.LEARNING, int((T0 + timedelta(minutes=10)).timestamp()), 1)
    later = Memory(Phase.RELEARNING, 0, 1.0, 5.0, T0 + timedelta(days=1), T0, 4, 1)
    s = scheduling(later, False, ReviewSettings(), UTC_DAYS)
    assert (s.type, s.queue, s.due) == (CardType.RELEARNING, Queue.DAY_LEARNING, UTC_DAYS.number(T0) + 1)


def test_a_suspended_card_keeps_its_type_in_the_suspended_queue() -> None:
    """Suspension is the queue, not the type."""
    s = scheduling(_review(T0 + timedelta(days=3), T0), True, ReviewSettings(), UTC_DAYS)
    assert (s.type, s.queue) == (CardType.REVIEW, Queue.SUSPENDED)


def test_revlog_rows_say_kind_rating_intervals_and_duration() -> None:
    """First answer is learning with last interval 0; a review answer logs days; cramming is filtered, factor 0."""
    learning = Memory(Phase.LEARNING, 1, 2.3, 5.0, T0 + timedelta(minutes=10), T0, 1, 0)
    first = LogEntry(1, "c", T0, Rating.GOOD, 4200, None, ReviewState(learning), 600.0)
    row = revlog_row(first, 17, UTC_DAYS)
    assert (row.id, row.ease, row.interval, row.last_interval, row.duration_ms) == (17, 3, -600, 0, 4200)
    assert (row.kind, row.factor) == (RevlogKind.LEARNING, difficulty_factor(5.0))
    before = _review(T0 + timedelta(days=4), T0)
    after = _review(T0 + timedelta(days=14), T0 + timedelta(days=4))
    answer = LogEntry(2, "c", T0 + timedelta(days=4), Rating.EASY, 900, ReviewState(before), ReviewState(after), 0.0)
    row = revlog_row(answer, 18, UTC_DAYS)
    assert (row.kind, row.interval, row.last_interval) == (RevlogKind.REVIEW, 10, 4)
    cram = LogEntry(3, "c", T0, Rating.GOOD, 1, ReviewState(before), ReviewState(before), 0.0, cram=True)
    assert (revlog_row(cram, 19, UTC_DAYS).kind, revlog_row(cram, 19, UTC_DAYS).factor) == (RevlogKind.FILTERED, 0)


def test_difficulty_factor_matches_what_anki_logs() -> None:
    """Anki logs difficulty 1 as 100 and 7.394 as 810."""
    assert (difficulty_factor(1.0), difficulty_factor(7.394), difficulty_factor(None)) == (100, 810, 0)


def test_cards_never_answered_carry_no_progress_and_rows_need_an_id() -> None:
    """A new card has no progress; answers without a revlog id yet are left out."""
    assert card_progress(None, [], {}, ReviewSettings(), UTC_DAYS) is None
    learning = Memory(Phase.LEARNING, 1, 2.3, 5.0, T0 + timedelta(minutes=10), T0, 1, 0)
    entry = LogEntry(1, "c", T0, Rating.GOOD, 4200, None, ReviewState(learning), 600.0)
    found = card_progress(ReviewState(learning), [entry], {}, ReviewSettings(), UTC_DAYS)
    assert found is not None and found.revlog == () and found.scheduling.type is CardType.LEARNING
    assert anki_interval(Memory(), None, UTC_DAYS) == 0


def test_manual_changes_made_in_anki_go_back_as_anki_logs_them() -> None:
    """A forget has factor 0, a set due date a factor; neither has a button; rows come in id order."""
    from flashnotes.review.ankiexport import manual_row
    from flashnotes.review.history_store import ManualEvent

    forget = manual_row(ManualEvent(5, "c", T0, "forget"))
    moved = manual_row(ManualEvent(6, "c", T0, "reschedule"))
    assert (forget.ease, forget.kind, forget.factor) == (0, RevlogKind.MANUAL, 0)
    assert (moved.ease, moved.kind) == (0, RevlogKind.MANUAL) and moved.factor > 0
    learning = Memory(Phase.LEARNING, 1, 2.3, 5.0, T0 + timedelta(minutes=10), T0, 1, 0)
    entry = LogEntry(1, "c", T0, Rating.GOOD, 4200, None, ReviewState(learning), 600.0)
    found = card_progress(
        ReviewState(learning), [entry], {1: 7}, ReviewSettings(), UTC_DAYS, events=[ManualEvent(6, "c", T0, "forget")]
    )
    assert found is not None and [r.id for r in found.revlog] == [6, 7]
