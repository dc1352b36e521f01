"""A card's state recomputed from its whole merged history: flashnotes' answers, Anki's, Anki's manual changes.

Pure. The history is replayed in time order through the scheduler, so when
both sides reviewed a card the order of the answers decides. The memory state
(stability, difficulty) always comes from the scheduler; an answer given in
Anki keeps the interval Anki showed for it. When the last thing that happened
to the card happened in Anki, its due date and phase are Anki's own.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo

from flashnotes.progress import EPOCH
from flashnotes.review import scheduler
from flashnotes.review.ankistore import AnkiCard, AnkiCollection
from flashnotes.review.history_store import ManualEvent
from flashnotes.review.memory import Memory, Phase, Rating, ReviewState
from flashnotes.settings import ReviewSettings
from flashnotes.studyday import StudyDays

_SECONDS_NOT_DAYS = 1_000_000_000  # a learning card's due is Unix seconds, a day number is far smaller


@dataclass(frozen=True, slots=True)
class Answer:
    """One answer of the merged history; ``key`` is the log id, or ``-revlog_id`` for one not yet logged."""

    key: int
    at: datetime
    rating: Rating
    duration_ms: int
    revlog_id: int | None
    anki_interval: int | None = None  # set for answers given in Anki
    cram: bool = False


@dataclass(frozen=True, slots=True)
class Replayed:
    """The log rows with their states before and after, and the card's state at the end (None: new again)."""

    rows: tuple[tuple[Answer, ReviewState | None, ReviewState, float], ...]
    final: ReviewState | None


@dataclass(frozen=True, slots=True)
class AnkiDays:
    """How an Anki collection counts days, in the learner's time zone with the collection's rollover."""

    days: StudyDays
    created: date

    @classmethod
    def of(cls, anki: AnkiCollection, zone: tzinfo) -> AnkiDays:
        """The day count of an Anki collection (its creation date as Anki reckons it)."""
        days = StudyDays(zone, anki.rollover)
        moment = datetime.fromtimestamp(anki.created, UTC)
        if anki.creation_offset is None:  # legacy day handling: the creation day in local time
            return cls(days, days.date(moment))
        return cls(days, moment.astimezone(timezone(timedelta(minutes=-anki.creation_offset))).date())

    def date_of_day(self, day: int) -> date:
        """The date Anki's day number ``day`` stands for."""
        return self.created + timedelta(days=day)


def day_number(day: date) -> int:
    """A date as the study day number it names."""
    return (day - EPOCH).days


def replay(
    card_id: str,
    answers: Sequence[Answer],
    events: Sequence[ManualEvent],
    *,
    settings: ReviewSettings,
    days: StudyDays,
    anki: AnkiDays,
    latest: AnkiCard | None,
    suspended: bool = False,
) -> Replayed:
    """Recompute a card's states from its history; ``latest`` is its card in the export being imported."""
    timeline: list[tuple[datetime, int, Answer | ManualEvent]] = [(a.at, a.revlog_id or 0, a) for a in answers]
    timeline += [(e.at, e.revlog_id, e) for e in events]
    timeline.sort(key=lambda item: (item[0], item[1]))
    state: ReviewState | None = None
    rows: list[tuple[Answer, ReviewState | None, ReviewState, float]] = []
    for _, _, item in timeline:
        if isinstance(item, ManualEvent):
            state = _manual(state, item, anki)
            if state.memory.phase is not Phase.NEW:
                state = replace(state, memory=_with_memory(state.memory, card_id, item.at, settings))
            continue
        current = state or ReviewState()
        if item.cram:
            rows.append((item, state, current, 0.0))
            continue
        outcome = scheduler.answer(current.memory, card_id, item.rating, item.at, settings, days=days)
        memory, seconds = outcome.memory, outcome.interval.total_seconds()
        if item.anki_interval is not None:
            memory, seconds = _anki_interval(current.memory, memory, item, days, anki)
        after = replace(current, memory=memory, buried_until=None)
        rows.append((item, state, after, seconds))
        state = after
    last = timeline[-1][2] if timeline else None
    from_anki = isinstance(last, ManualEvent) or (isinstance(last, Answer) and last.anki_interval is not None)
    if state is not None and latest is not None and from_anki:
        state = anki_state(state, latest, settings, days, anki)
        if state.memory.phase is not Phase.NEW:
            state = replace(state, memory=_with_memory(state.memory, card_id, timeline[-1][0], settings))
        if rows and rows[-1][0] is last:  # the log's last answer leaves the card as Anki holds it
            answer, before, _, seconds = rows[-1]
            rows[-1] = (answer, before, state, seconds)
    elif state is not None and suspended:
        state = replace(state, suspended=True)
    if state is not None and state.memory.phase is Phase.NEW:
        state = None
    return Replayed(tuple(rows), state)


def _with_memory(memory: Memory, card_id: str, at: datetime, settings: ReviewSettings) -> Memory:
    """A card scheduled by hand before any review gets the memory state of a first Good answer at that time."""
    if memory.stability is not None and memory.difficulty is not None and memory.last_review is not None:
        return memory
    seed = scheduler.answer(Memory(), card_id, Rating.GOOD, at, settings, days=StudyDays(UTC), fuzz=False).memory
    return replace(memory, stability=seed.stability, difficulty=seed.difficulty, last_review=at)


def _manual(state: ReviewState | None, event: ManualEvent, anki: AnkiDays) -> ReviewState:
    """Forget makes the card new (its counts kept); set due date makes it a review card due by day."""
    current = state or ReviewState()
    m = current.memory
    if event.kind == "forget":
        return replace(current, memory=Memory(reps=m.reps, lapses=m.lapses))
    day = anki.date_of_day(event.due_day) if event.due_day is not None else anki.days.date(event.at)
    since = anki.days.date(m.last_review) if m.last_review else day
    interval = m.interval if m.phase in (Phase.REVIEW, Phase.RELEARNING) and m.interval else (day - since).days
    memory = replace(m, phase=Phase.REVIEW, step=None, due=None, due_day=day_number(day), interval=max(1, interval))
    return replace(current, memory=memory)


def _anki_interval(
    before: Memory, memory: Memory, answer: Answer, days: StudyDays, anki: AnkiDays
) -> tuple[Memory, float]:
    """The scheduler's memory with the interval Anki gave: days after Anki's study day, or seconds."""
    interval = answer.anki_interval or 0
    if interval > 0:
        day = day_number(anki.days.date(answer.at)) + interval
        memory = replace(memory, phase=Phase.REVIEW, step=None, due=None, due_day=day, interval=interval)
        return memory, (days.start(day) - answer.at).total_seconds()
    if memory.phase is Phase.REVIEW:
        phase = Phase.RELEARNING if before.phase in (Phase.REVIEW, Phase.RELEARNING) else Phase.LEARNING
        memory = replace(memory, phase=phase, step=0)
    due = answer.at + timedelta(seconds=-interval)
    # a step past the rollover is due by day, as the scheduler does it
    memory = scheduler.by_study_day(replace(memory, due=due, due_day=None), days)
    return memory, float(-interval)


def anki_state(
    state: ReviewState, card: AnkiCard, settings: ReviewSettings, days: StudyDays, anki: AnkiDays
) -> ReviewState:
    """The state with the phase, step, interval and due day or time Anki holds for the card (and suspension)."""
    phase = {0: Phase.NEW, 1: Phase.LEARNING, 2: Phase.REVIEW, 3: Phase.RELEARNING}.get(card.type, Phase.NEW)
    m = state.memory
    if phase is Phase.NEW:
        return replace(state, memory=Memory(reps=m.reps, lapses=m.lapses), suspended=False)
    step = None
    if phase is not Phase.REVIEW:
        steps = settings.learning_steps if phase is Phase.LEARNING else settings.relearning_steps
        step = max(0, min(len(steps) - 1, len(steps) - card.left % 1000)) if steps else 0
    interval = card.interval if phase is not Phase.LEARNING else 0
    memory = replace(m, phase=phase, step=step, interval=max(interval, 0))
    if card.due > _SECONDS_NOT_DAYS:  # a learning step due at a moment
        memory = scheduler.by_study_day(replace(memory, due=datetime.fromtimestamp(card.due, UTC), due_day=None), days)
    else:
        memory = replace(memory, due=None, due_day=day_number(anki.date_of_day(card.due)))
    return replace(state, memory=memory, suspended=card.queue == -1)
