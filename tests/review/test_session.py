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
