"""Tests for review sessions: the protocol, queues, per-deck limits, undo of any action, study days, DST."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from click.testing import CliRunner

from flashnotes.cli import main
from flashnotes.collection import Collection
from flashnotes.deck.build import build_deck
from flashnotes.deck.deckfile import load_decks
from flashnotes.deck.store import Builds
from flashnotes.review import scheduler
from flashnotes.review.memory import Memory, Phase, Rating, ReviewState
from flashnotes.review.session import Options, Queue, Session
from flashnotes.review.store import Reviews
from flashnotes.settings import ReviewSettings
from flashnotes.studyday import StudyDays
from tests.helpers import Project, make_project

T0 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
ZONE = ZoneInfo("Asia/Shanghai")
DAYS = StudyDays(ZONE, 4)


@pytest.fixture
def built(tmp_path: Path) -> tuple[Project, Path]:
    project = make_project(tmp_path / "proj")
    [deck] = load_decks(project.root)
    collection = project.root / ".flashnotes" / "collection.sqlite3"
    with Collection(collection) as col:
        build_deck(project.root, deck, col, project.root / "dist" / "opt.apkg", T0)
    return project, collection


def protocol(project: Project, lines: list[str], now: datetime = T0) -> list[str]:
    result = CliRunner().invoke(
        main,
        ["--now", now.isoformat(), "review", "--timezone", "Asia/Shanghai"],
        input="\n".join(lines) + "\n",
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    return result.stdout.splitlines()


def test_whole_session_stores_what_the_scheduler_computes(
    built: tuple[Project, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A session driven through the line protocol stores exactly the states and intervals the scheduler gives."""
    project, collection = built
    monkeypatch.chdir(project.root)
    first = protocol(project, ["reveal", "good"])
    card_id = first[0].split()[1]
    with Collection(collection) as col:
        reviews = Reviews(col)
        for other in Builds(col).cards("机器学习::优化"):
            if other.id != card_id:
                reviews.set_state(other.id, ReviewState(suspended=True))
    times, ratings = [T0], [Rating.GOOD]
    for rating, step in (
        (Rating.GOOD, timedelta(minutes=10)),
        (Rating.HARD, timedelta(days=2)),
        (Rating.AGAIN, timedelta(days=6)),
        (Rating.GOOD, timedelta(minutes=10)),
        (Rating.EASY, timedelta(days=3)),
    ):
        with Collection(collection) as col:
            state = Reviews(col).state(card_id)
        assert state is not None
        memory = state.memory
        due = memory.due if memory.due_day is None else DAYS.start(memory.due_day)
        assert due is not None
        when = max(due, times[-1] + step)
        out = protocol(project, ["reveal", rating.name.lower()], when)
        assert out[0].startswith(f"card {card_id}") and out[4].startswith(f"answered {card_id} {rating.name.lower()}")
        times.append(when)
        ratings.append(rating)
    with Collection(collection) as col:
        log = [e for e in Reviews(col).log() if e.card_id == card_id]
    assert [e.rating for e in log] == ratings
    memory = Memory()
    for entry, when, rating in zip(log, times, ratings, strict=True):
        outcome = scheduler.answer(memory, card_id, rating, when, ReviewSettings(), days=DAYS)
        assert entry.after.memory == outcome.memory
        assert entry.interval_seconds == outcome.interval.total_seconds()
        memory = outcome.memory
    assert memory.phase is Phase.REVIEW and memory.due_day is not None and memory.due is None


def test_protocol_reveal_grade_undo_suspend_bury(built: tuple[Project, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    """The line protocol shows, grades, undoes (state restored exactly), suspends and buries."""
    project, collection = built
    monkeypatch.chdir(project.root)
    out = protocol(project, ["reveal", "again", "undo", "good", "suspend", "bury", "quit"])
    first = out[0].split()[1]
    assert out[1] == "front: 什么是动量法？"
    assert out[2] == "back: 动量法是一种累积历史梯度来加速收敛的方法。"
    shown = scheduler.preview(Memory(), first, T0, ReviewSettings(), DAYS)
    assert out[3] == "intervals: " + " ".join(
        f"{r.name.lower()}={scheduler.format_interval(o.interval)}" for r, o in shown.items()
    )
    assert out[4].startswith(f"answered {first} again interval=60s")
    assert f"undone {first}" in out
    assert any(line.startswith(f"answered {first} good interval=600s") for line in out)
    assert out[-1].startswith("summary answered=1 again=0")
    with Collection(collection) as col:
        reviews = Reviews(col)
        assert [e.rating for e in reviews.log()] == [Rating.GOOD]
        states = [reviews.state(line.split()[1]) for line in out if line.startswith(("suspended", "buried"))]
    assert states[0] is not None and states[0].suspended
    assert states[1] is not None and states[1].buried_until == DAYS.next_start(T0)


def test_unknown_command_is_an_error_line_not_a_crash(
    built: tuple[Project, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A bad protocol line prints an error with the list of commands and the session goes on."""
    project, _ = built
    monkeypatch.chdir(project.root)
    out = protocol(project, ["frobnicate", "good", "q"])
    assert out[2].startswith("error: unknown command 'frobnicate'; commands:")
    assert out[3].startswith("answered ")


def session(collection: Collection, **options: object) -> Session:
    settings = {"机器学习::优化": ReviewSettings(new_per_day=3, reviews_per_day=10)}
    return Session(Reviews(collection), settings, Options(ZONE, 4, **options))  # type: ignore[arg-type]


def test_queue_order_learning_first_and_new_limit(built: tuple[Project, Path]) -> None:
    """Due learning cards come before new ones; the daily new-card limit holds."""
    _, path = built
    with Collection(path) as col:
        s = session(col)
        first = s.next(T0)
        assert first is not None and first.queue is Queue.NEW
        s.answer(first, Rating.AGAIN, T0, 1000)
        later = T0 + timedelta(minutes=2)
        again = s.next(later)
        assert again is not None and (again.queue, again.studied.card.id) == (Queue.LEARNING, first.studied.card.id)
        s.answer(again, Rating.EASY, later, 1000)
        shown_new = {first.studied.card.id}
        while (due := s.next(later)) is not None and due.queue is Queue.NEW:
            shown_new.add(due.studied.card.id)
            s.answer(due, Rating.EASY, later, 1000)
        assert len(shown_new) == 3


def test_limit_and_cram(built: tuple[Project, Path]) -> None:
    """--limit stops the session; cramming answers cards without changing their schedule."""
    _, path = built
    with Collection(path) as col:
        limited = session(col, limit=1)
        due = limited.next(T0)
        assert due is not None
        limited.answer(due, Rating.GOOD, T0, 500)
        assert limited.next(T0) is None
        cram = session(col, cram=True)
        before = Reviews(col).state(due.studied.card.id)
        crammed = [
            d.studied.card.id
            for d in iter(lambda: cram.next(T0), None)
            if not cram.answer(d, Rating.GOOD, T0, 1) or True
        ]
        assert len(crammed) == 5
        assert Reviews(col).state(due.studied.card.id) == before


def test_regeneration_keeps_history_and_retired_cards_leave_the_queue(built: tuple[Project, Path]) -> None:
    """After a build that edits an answer the card keeps its history and due date; a retired card is never shown."""
    project, path = built
    [deck] = load_decks(project.root)
    with Collection(path) as col:
        s = session(col)
        first = s.next(T0)
        assert first is not None and first.studied.card.key == "动量法"
        s.answer(first, Rating.GOOD, T0, 1000)
        due_before = Reviews(col).state(first.studied.card.id)
        text = project.read("notes/opt.md").replace("加速收敛", "更快收敛")
        text = text.replace("学习率是每一步沿负梯度方向前进的步长。", "")
        project.write("notes/opt.md", text)
        build_deck(project.root, deck, col, project.root / "dist" / "opt.apkg", T0 + timedelta(hours=1))
        reviews = Reviews(col)
        assert reviews.state(first.studied.card.id) == due_before
        assert len([e for e in reviews.log() if e.card_id == first.studied.card.id]) == 1
        retired = next(c for c in Builds(col).cards(deck.name) if c.retired is not None)
        seen = set()
        fresh = session(col, new=100)
        while (due := fresh.next(T0 + timedelta(days=1))) is not None:
            seen.add(due.studied.card.id)
            fresh.answer(due, Rating.EASY, T0 + timedelta(days=1), 1)
        assert retired.id not in seen and first.studied.card.id in seen


def test_undo_restores_a_new_card_to_new(built: tuple[Project, Path]) -> None:
    """Undoing a first answer removes the review state entirely: the card is new again."""
    _, path = built
    with Collection(path) as col:
        s = session(col)
        due = s.next(T0)
        assert due is not None
        s.answer(due, Rating.GOOD, T0, 1)
        assert s.undo() == due
        assert Reviews(col).state(due.studied.card.id) is None and Reviews(col).log() == []
        assert s.summary.answered == 0


def test_migration_from_schema_one_keeps_cards(tmp_path: Path) -> None:
    """A collection written at schema 1 (before reviews existed) is migrated with its cards intact."""
    import sqlite3

    from flashnotes.collection import MIGRATIONS

    path = tmp_path / "old.db"
    conn = sqlite3.connect(path)
    conn.executescript(MIGRATIONS[0])
    conn.execute(
        "INSERT INTO cards VALUES ('c1', 'd', 'quiz', 'q', 'q', 'a', 'a.md', 1, '[]', '[]', 'h', ?, ?, NULL, 0)",
        (T0.isoformat(), T0.isoformat()),
    )
    conn.execute("PRAGMA user_version = 1")
    conn.commit()
    conn.close()
    with Collection(path) as col:
        assert col.schema_version == len(MIGRATIONS) and [c.id for c in Builds(col).cards("d")] == ["c1"]
        [new] = Reviews(col).new_cards(["d"], T0, 5)
        assert new.card.id == "c1" and new.state.memory.phase is Phase.NEW


def fill(path: Path, decks: dict[str, int], when: datetime = T0) -> None:
    """A collection holding ``count`` new cards in each deck."""
    from flashnotes.deck.store import StoredCard
    from flashnotes.model import Card, Kind, Source

    with Collection(path) as col:
        for deck, count in decks.items():
            cards = [
                StoredCard(
                    Card(f"{deck}-{n:03d}", Kind.QUIZ, f"q{n}", f"a{n}", f"q{n}", Source(f"{deck}.md", n + 1, ())),
                    deck,
                    "h",
                    when,
                    when,
                )
                for n in range(count)
            ]
            Builds(col).save_build(deck, [], cards)


def only(col: Collection, settings: dict[str, ReviewSettings], zone: str) -> Session:
    """A session in ``zone`` over decks where every card but the first is suspended."""
    reviews = Reviews(col)
    for n, card in enumerate(c for d in settings for c in Builds(col).cards(d)):
        if n:
            reviews.set_state(card.id, ReviewState(suspended=True))
    return Session(reviews, settings, Options(ZoneInfo(zone), 4))


@pytest.mark.parametrize(
    ("zone", "start"),
    [
        ("America/New_York", "2026-10-31T04:10:00-04:00"),  # summer time ends the next night
        ("America/New_York", "2026-03-07T04:10:00-05:00"),  # summer time starts the next night
        ("Europe/Berlin", "2026-10-24T04:10:00+02:00"),
        ("Europe/Berlin", "2026-03-28T04:10:00+01:00"),
    ],
)
def test_a_card_graduated_before_a_dst_change_is_due_on_whole_study_days(tmp_path: Path, zone: str, start: str) -> None:
    """Again, Good at +1 min, Good at +12 min: the card does not come back at once, and is due from the rollover."""
    path = tmp_path / "c.db"
    fill(path, {"d": 3})
    t0 = datetime.fromisoformat(start).astimezone(UTC)
    with Collection(path) as col:
        s = only(col, {"d": ReviewSettings()}, zone)
        for minutes, rating in ((0, Rating.AGAIN), (1, Rating.GOOD), (12, Rating.GOOD)):
            due = s.next(t0 + timedelta(minutes=minutes))
            assert due is not None and due.studied.card.id == "d-000"
            outcome = s.answer(due, rating, t0 + timedelta(minutes=minutes), 1000)
        assert outcome.memory.phase is Phase.REVIEW and outcome.days is not None
        assert s.next(t0 + timedelta(minutes=13)) is None
        day_start = s.days.start(s.days.number(t0) + outcome.days)
        assert day_start.astimezone(ZoneInfo(zone)).hour == 4
        assert s.next(day_start - timedelta(minutes=1)) is None
        back = s.next(day_start + timedelta(minutes=1))
        assert back is not None and back.studied.card.id == "d-000" and back.queue is Queue.REVIEW


def test_a_day_long_step_is_shown_all_day_and_counted_by_stats(tmp_path: Path) -> None:
    """With steps 10m and 1d, a card stepping to 1d at 22:00 is shown at 09:00 the next day, as stats count it."""
    from flashnotes.review.stats import compute

    path = tmp_path / "c.db"
    fill(path, {"d": 2})
    zone = ZoneInfo("Asia/Shanghai")
    settings = {"d": ReviewSettings(learning_steps=(timedelta(minutes=10), timedelta(days=1)))}
    evening = datetime(2026, 3, 2, 22, 0, tzinfo=zone).astimezone(UTC)
    morning = datetime(2026, 3, 3, 9, 0, tzinfo=zone).astimezone(UTC)
    with Collection(path) as col:
        s = only(col, settings, "Asia/Shanghai")
        first = s.next(evening)
        assert first is not None
        outcome = s.answer(first, Rating.GOOD, evening, 1000)
        assert outcome.memory.phase is Phase.LEARNING and outcome.days == 1
        assert s.next(evening + timedelta(hours=3)) is None  # still the evening's study day, until 04:00
        shown = s.next(morning)
        assert shown is not None and (shown.studied.card.id, shown.queue) == ("d-000", Queue.LEARNING)
        assert s.left(morning).learning == 1
        assert compute(Reviews(col), settings, morning, zone, 4).due_today == 1


def test_each_decks_daily_limits_hold_for_that_deck(tmp_path: Path) -> None:
    """Three decks with 20 new cards a day each serve 20 each, not one shared cap."""
    path = tmp_path / "c.db"
    fill(path, {"a": 30, "b": 45, "c": 25})
    settings = {name: ReviewSettings(new_per_day=20) for name in ("a", "b", "c")}
    served: dict[str, int] = {}
    with Collection(path) as col:
        s = Session(Reviews(col), settings, Options(ZONE, 4))
        assert s.left(T0).new == 60
        while (due := s.next(T0)) is not None:
            if due.queue is Queue.NEW:
                served[due.studied.deck] = served.get(due.studied.deck, 0) + 1
            s.answer(due, Rating.EASY, T0, 100)
        assert served == {"a": 20, "b": 20, "c": 20}
        assert s.left(T0).new == 0
        tomorrow = Session(Reviews(col), settings, Options(ZONE, 4))
        assert tomorrow.left(T0 + timedelta(days=1)).new == 10 + 20 + 5  # what is left in a, b (capped), c


def test_undo_takes_back_suspend_and_bury(tmp_path: Path) -> None:
    """Undo reverses the last action of any kind, most recent first, restoring the card's state exactly."""
    path = tmp_path / "c.db"
    fill(path, {"d": 3})
    with Collection(path) as col:
        reviews = Reviews(col)
        s = Session(reviews, {"d": ReviewSettings()}, Options(ZONE, 4))
        first = s.next(T0)
        assert first is not None
        s.answer(first, Rating.GOOD, T0, 1000)
        answered = reviews.state(first.studied.card.id)
        second = s.next(T0)
        assert second is not None and second.studied.card.id != first.studied.card.id
        s.suspend(second)
        third = s.next(T0)
        assert third is not None
        s.bury(third, T0)
        assert reviews.state(third.studied.card.id) is not None
        assert s.undo() == third and reviews.state(third.studied.card.id) is None
        assert s.undo() == second and reviews.state(second.studied.card.id) is None
        assert s.next(T0) is not None
        assert s.undo() == first and reviews.state(first.studied.card.id) is None and s.summary.answered == 0
        assert answered is not None and s.undo() is None
        s.answer(first, Rating.GOOD, T0, 1000)
        s.suspend(first)
        assert reviews.state(first.studied.card.id).suspended  # type: ignore[union-attr]
        s.undo()
        assert reviews.state(first.studied.card.id) == answered
