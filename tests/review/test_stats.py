"""Tests for statistics: states, due counts, forecast, history, retention, recall, the empty case."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from click.testing import CliRunner

from flashnotes.cli import main
from flashnotes.collection import Collection
from flashnotes.deck.store import Builds
from flashnotes.review.memory import Memory, Rating, ReviewState
from flashnotes.review.session import Options, Session
from flashnotes.review.stats import compute
from flashnotes.review.store import Reviews
from flashnotes.settings import ReviewSettings
from flashnotes.studyday import StudyDays
from tests.helpers import Project, built_project

T0 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
UTCZ = ZoneInfo("UTC")
DECK = "机器学习::优化"


def due_at(memory: Memory) -> datetime:
    """When a card falls due: its learning step's end, or the start of its due study day."""
    if memory.due_day is not None:
        return StudyDays(UTCZ).start(memory.due_day)
    assert memory.due is not None
    return memory.due


@pytest.fixture
def project(tmp_path: Path) -> Project:
    return built_project(tmp_path / "proj", T0)


def test_stats_of_a_studied_deck(project: Project) -> None:
    """States, due counts, the forecast, history and true retention follow the answers given."""
    settings = {DECK: ReviewSettings()}
    with Collection(project.root / ".flashnotes" / "collection.sqlite3") as col:
        reviews = Reviews(col)
        session = Session(reviews, settings, Options(UTCZ, 4, new=2))
        answered = []
        for _ in range(2):
            due = session.next(T0)
            assert due is not None
            session.answer(due, Rating.EASY, T0, 2000)
            answered.append(due)
        later = max(due_at(reviews.state(d.studied.card.id).memory) for d in answered)  # type: ignore[union-attr]
        review_session = Session(reviews, settings, Options(UTCZ, 4, new=0))
        for rating in (Rating.GOOD, Rating.AGAIN):
            due = review_session.next(later)
            assert due is not None
            review_session.answer(due, rating, later, 1000)
        reviews.set_state(
            next(c.id for c in Builds(col).cards(DECK) if c.card.key == "为什么要做学习率衰减？"),
            ReviewState(suspended=True),
        )
        report = compute(reviews, settings, later, UTCZ, 4)
        dues = [due_at(s.studied.state.memory) for s in reviews.states([DECK]) if s.studied.state.memory.phase]
        within = sum(1 for d in dues if d < later + timedelta(days=29))
    assert report.by_state == {"new": 2, "learning": 1, "review": 1, "suspended": 1, "retired": 0, "leech": 0}
    assert report.retention == 0.5 and report.retention_reviews == 2
    assert sum(report.history) == 4 and report.history[-1] == 2
    assert report.due_today == 1 and sum(report.forecast) == within
    assert report.average_recall is not None and 0 < report.average_recall <= 1


def test_stats_cli_json_and_empty_report(project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """--json prints the report; an empty collection gives a friendly message, not an error."""
    monkeypatch.chdir(project.root)
    result = CliRunner().invoke(main, ["--now", T0.isoformat(), "stats", "--json", "--timezone", "UTC"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["cards"]["new"] == 5 and data["true_retention_30_days"] is None
    with Collection(tmp_path / "empty.db"):
        pass
    empty = CliRunner().invoke(main, ["--collection", str(tmp_path / "empty.db"), "stats"])
    assert empty.exit_code == 0 and "No cards yet" in empty.stdout


def test_stats_text_has_bar_charts(project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    """The text report draws the forecast and the history as bar charts."""
    monkeypatch.chdir(project.root)
    runner = CliRunner()
    runner.invoke(main, ["--now", T0.isoformat(), "review"], input="good\ngood\nq\n")
    later = (T0 + timedelta(hours=1)).isoformat()
    result = runner.invoke(main, ["--now", later, "stats", "--timezone", "UTC"])
    assert result.exit_code == 0, result.output
    assert "Due, next 30 days" in result.stdout and "Reviews, last 30 days" in result.stdout
    assert "█" in result.stdout and "-29d" in result.stdout


def test_review_with_nothing_built_says_what_to_do(tmp_path: Path) -> None:
    """Reviewing an empty collection explains how to get cards, and exits 0."""
    with Collection(tmp_path / "c.db"):
        pass
    result = CliRunner().invoke(main, ["--collection", str(tmp_path / "c.db"), "review"], input="")
    assert result.exit_code == 0 and "flashnotes build" in result.stdout


def test_unknown_timezone_is_a_usage_error(project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    """--timezone with a name that does not exist exits 2 and names the option."""
    monkeypatch.chdir(project.root)
    result = CliRunner().invoke(main, ["stats", "--timezone", "Mars/Olympus"])
    assert result.exit_code == 2 and "unknown time zone" in result.output


def _card_by_card(reviews: Reviews, settings: dict[str, ReviewSettings], now: datetime, zone: ZoneInfo) -> tuple:
    """Statistics computed one card and one answer at a time, with the scheduler's own functions: the oracle."""
    from flashnotes.review import scheduler
    from flashnotes.review.memory import Phase
    from flashnotes.studyday import StudyDays

    days = StudyDays(zone, 4)
    today = days.number(now)
    counts = dict.fromkeys(("new", "learning", "review", "suspended", "retired", "leech"), 0)
    forecast, history, recalls = [0] * 30, [0] * 30, []
    for item in reviews.states(list(settings)):
        state, memory = item.studied.state, item.studied.state.memory
        if item.retired:
            counts["retired"] += 1
            continue
        counts["leech"] += memory.leech
        if state.suspended:
            counts["suspended"] += 1
            continue
        phase = memory.phase
        counts["new" if phase is Phase.NEW else "review" if phase is Phase.REVIEW else "learning"] += 1
        due = memory.due_day if memory.due_day is not None else days.number(memory.due) if memory.due else None
        if due is not None and phase is not Phase.NEW and due - today < 30:
            forecast[max(0, due - today)] += 1
        if phase is Phase.REVIEW:
            recalls.append(scheduler.retrievability(memory, now, settings[item.studied.deck], days))
    judged = retained = 0
    for entry in reviews.log(list(settings), days.start(today - 29)):
        if entry.cram or entry.reviewed_at > now:
            continue
        if 0 <= 29 + days.number(entry.reviewed_at) - today < 30:
            history[29 + days.number(entry.reviewed_at) - today] += 1
        if entry.before is not None and entry.before.memory.phase is Phase.REVIEW:
            judged += 1
            retained += entry.rating is not Rating.AGAIN
    recall = sum(recalls) / len(recalls) if recalls else None
    return counts, forecast, history, (retained, judged), recall


def test_sql_aggregates_equal_counting_card_by_card(project: Project) -> None:
    """Counts, forecast, history, retention and recall from SQL equal a card-by-card count over a varied history."""
    import random

    settings = {DECK: ReviewSettings()}
    zone = ZoneInfo("America/New_York")  # a daylight-saving change falls inside the 30 days
    rng = random.Random(5)
    with Collection(project.root / ".flashnotes" / "collection.sqlite3") as col:
        reviews = Reviews(col)
        now = T0
        for _ in range(40):
            session = Session(reviews, settings, Options(zone, 4, new=5, cram=rng.random() < 0.1))
            due = session.next(now)
            if due is not None:
                session.answer(due, rng.choice(list(Rating)), now, 1000)
            now += timedelta(hours=rng.choice([1, 5, 20, 50]))
        cards = Builds(col).cards(DECK)
        reviews.set_state(cards[0].id, ReviewState(suspended=True))
        report = compute(reviews, settings, now, zone, 4)
        counts, forecast, history, (retained, judged), recall = _card_by_card(reviews, settings, now, zone)
    assert sum(history) > 10 and judged > 0
    assert report.by_state == counts
    assert list(report.forecast) == forecast and list(report.history) == history
    assert (report.retention_reviews, report.retention) == (judged, retained / judged)
    assert report.average_recall == pytest.approx(recall)


def test_the_stats_command_loads_no_latex_renderer(project: Project) -> None:
    """``flashnotes stats`` prints its report without importing pylatexenc (only showing a card needs it)."""
    import subprocess
    import sys

    code = (
        "import sys; from flashnotes.cli import main;"
        "main(['stats'], standalone_mode=False); print('pylatexenc' in sys.modules)"
    )
    run = subprocess.run([sys.executable, "-c", code], cwd=project.root, capture_output=True, text=True, check=True)
    assert "Cards" in run.stdout and run.stdout.splitlines()[-1] == "False"
