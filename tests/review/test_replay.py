"""Tests for recomputing a card's state from its merged history."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from flashnotes.collection import Collection
from flashnotes.review.ankistore import AnkiCard
from flashnotes.review.history_store import History, ManualEvent, answers_of
from flashnotes.review.memory import Phase, Rating
from flashnotes.review.replay import AnkiDays, Answer, day_number, replay
from flashnotes.review.store import Reviews
from flashnotes.settings import ReviewSettings
from flashnotes.studyday import StudyDays
from tests.ankisync import reviewed_project

T0 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
DAYS = StudyDays(UTC, 4)
ANKI = AnkiDays(DAYS, date(2026, 1, 1))


def _run(answers: list[Answer], events: list[ManualEvent] = [], latest: AnkiCard | None = None):  # noqa: B006
    return replay("card", answers, events, settings=ReviewSettings(), days=DAYS, anki=ANKI, latest=latest)


def test_replaying_flashnotes_own_history_gives_back_the_stored_states(tmp_path: Path) -> None:
    """A card reviewed only in the terminal replays to exactly the state and log the session wrote."""
    project = reviewed_project(tmp_path / "p")
    with Collection(project.root / ".flashnotes" / "collection.sqlite3") as col:
        reviews, history = Reviews(col), History(col)
        entries = {e.id: e for e in reviews.log()}
        by_card: dict[str, list[Answer]] = {}
        for a in answers_of(history, {e.card_id for e in entries.values()}):
            by_card.setdefault(a.card_id, []).append(Answer(a.log_id, a.at, a.rating, a.duration_ms, None))
        assert len(by_card) == 20
        for card_id, answers in by_card.items():
            result = replay(card_id, answers, [], settings=ReviewSettings(), days=DAYS, anki=ANKI, latest=None)
            assert result.final == reviews.state(card_id)
            for answer, before, after, _ in result.rows:
                assert (before, after) == (entries[answer.key].before, entries[answer.key].after)


def test_the_merged_history_in_time_order_decides() -> None:
    """An Anki answer between two terminal answers is replayed between them; the later terminal answer decides."""
    first = Answer(1, T0, Rating.GOOD, 1000, 1)
    anki = Answer(-5, T0 + timedelta(minutes=10), Rating.GOOD, 1000, 5, anki_interval=2)
    last = Answer(2, T0 + timedelta(days=3), Rating.AGAIN, 1000, 2)
    result = _run([last, first, anki])
    assert [r[0].key for r in result.rows] == [1, -5, 2]
    after_anki = result.rows[1][2].memory
    due_day = day_number(date(2026, 3, 3))
    assert after_anki.phase is Phase.REVIEW and (after_anki.due, after_anki.due_day) == (None, due_day)
    assert after_anki.interval == 2  # the interval Anki gave, not the one flashnotes would have fuzzed
    assert result.rows[2][1] == result.rows[1][2]  # the terminal answer starts from the Anki one
    assert (
        result.final is not None and result.final.memory.phase is Phase.RELEARNING and result.final.memory.lapses == 1
    )


def test_forget_makes_the_card_new_and_cramming_changes_nothing() -> None:
    """After a forget the card is new again (no state); a cram answer leaves its state as it was."""
    answers = [Answer(1, T0, Rating.GOOD, 1, 1), Answer(2, T0 + timedelta(minutes=1), Rating.EASY, 1, 2, cram=True)]
    result = _run(answers, [ManualEvent(9, "card", T0 + timedelta(hours=1), "forget")])
    assert result.rows[1][1] == result.rows[1][2] and result.final is None


def test_set_due_date_as_the_last_change_takes_anki_due_day_and_memory() -> None:
    """A card rescheduled in Anki is a review card due on Anki's day, with a memory state to schedule from."""
    latest = AnkiCard(7, "g", 0, 1, 2, 2, 40, 9, 1, 0, 0, None, None)
    event = ManualEvent(9, "card", T0 + timedelta(hours=1), "reschedule")
    result = _run([Answer(1, T0, Rating.GOOD, 1, 1)], [event], latest)
    assert result.final is not None
    m = result.final.memory
    due_day = day_number(date(2026, 2, 10))
    assert (m.phase, m.due, m.due_day, m.interval) == (Phase.REVIEW, None, due_day, 9)
    assert m.stability is not None and m.difficulty is not None and m.last_review is not None
    never = _run([], [event], latest).final
    assert never is not None and never.memory.stability is not None  # scheduled before any review


def test_anki_day_numbers_follow_its_creation_date_in_its_creation_offset() -> None:
    """A collection created at 04:00 in Shanghai counts days from that local date, whatever zone reads it."""
    from zoneinfo import ZoneInfo

    from flashnotes.review.ankistore import AnkiCollection

    created = int(datetime(2026, 12, 1, 4, 0, tzinfo=ZoneInfo("Asia/Shanghai")).timestamp())
    shanghai = AnkiDays.of(AnkiCollection(created, -480, 4, (), ()), ZoneInfo("Asia/Shanghai"))
    assert shanghai.created == date(2026, 12, 1) and shanghai.date_of_day(3) == date(2026, 12, 4)
    # legacy collections (no creation offset) count from the creation day in the learner's zone and rollover
    legacy = AnkiDays.of(AnkiCollection(created, None, 4, (), ()), ZoneInfo("America/New_York"))
    assert legacy.created == date(2026, 11, 30)
    # an Anki answer at 03:30 Shanghai time belongs to the previous study day there
    late = datetime(2026, 12, 2, 3, 30, tzinfo=ZoneInfo("Asia/Shanghai"))
    assert shanghai.days.date(late) == date(2026, 12, 1)
