"""Learning progress for packages: a card's review state and log in Anki's units.

Pure: the state, the log entries and their revlog ids are passed in. Days are
the learner's study days (time zone and rollover), counted from
:data:`flashnotes.progress.EPOCH`, which is the creation day packages declare;
Anki shifts them onto its own collection's days when it imports the package.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime

from flashnotes.progress import (
    CardProgress,
    CardType,
    Queue,
    RevlogKind,
    RevlogRow,
    Scheduling,
    difficulty_factor,
)
from flashnotes.review.history_store import History, ManualEvent
from flashnotes.review.memory import LogEntry, Memory, Phase, ReviewState
from flashnotes.review.store import Reviews
from flashnotes.settings import ReviewSettings
from flashnotes.studyday import StudyDays

REVIEW_FACTOR = 2500  # Anki's starting ease, for review cards of collections not using FSRS
_MAX_MS = 2**31 - 1


def deck_progress(
    reviews: Reviews, history: History, deck: str, settings: ReviewSettings, days: StudyDays
) -> dict[str, CardProgress]:
    """The progress of every answered card of a deck (give answers revlog ids first)."""
    ids = history.revlog_ids([deck])
    by_card: dict[str, list[LogEntry]] = {}
    for entry in reviews.log([deck]):
        by_card.setdefault(entry.card_id, []).append(entry)
    events: dict[str, list[ManualEvent]] = {}
    for event in history.events(by_card):
        events.setdefault(event.card_id, []).append(event)
    out = {}
    for item in reviews.states([deck], answered=True):
        card_id = item.studied.card.id
        entries = by_card.get(card_id, [])
        found = card_progress(item.studied.state, entries, ids, settings, days, events=events.get(card_id, ()))
        if found is not None:
            out[card_id] = found
    return out


def card_progress(
    state: ReviewState | None,
    entries: Sequence[LogEntry],
    revlog_ids: Mapping[int, int],
    settings: ReviewSettings,
    days: StudyDays,
    *,
    events: Sequence[ManualEvent] = (),
) -> CardProgress | None:
    """A card's progress, or None for a card never answered; manual changes made in Anki go back with it."""
    if not entries and (state is None or state.memory.phase is Phase.NEW):
        return None
    memory = state.memory if state else Memory()
    rows = [revlog_row(e, revlog_ids[e.id], days) for e in entries if e.id in revlog_ids]
    rows += [manual_row(e) for e in events]
    rows.sort(key=lambda r: r.id)
    return CardProgress(scheduling(memory, bool(state and state.suspended), settings, days), tuple(rows))


def manual_row(event: ManualEvent) -> RevlogRow:
    """A forget (interval and factor 0) or set due date (a factor) as Anki logs it: no button, kind manual."""
    factor = 0 if event.kind == "forget" else REVIEW_FACTOR
    return RevlogRow(event.revlog_id, 0, 0, 0, factor, 0, RevlogKind.MANUAL)


def scheduling(memory: Memory, suspended: bool, settings: ReviewSettings, days: StudyDays) -> Scheduling:
    """A memory state as Anki's card columns."""
    kind = _card_type(memory.phase)
    queue, due, interval, left = Queue.NEW, 0, 0, 0
    due_day = _due_day(memory, days)
    if memory.phase is Phase.REVIEW and due_day is not None and memory.last_review:
        queue, due = Queue.REVIEW, due_day
        interval = memory.interval or max(1, due - days.number(memory.last_review))
    elif memory.phase in (Phase.LEARNING, Phase.RELEARNING) and memory.last_review:
        steps = settings.learning_steps if memory.phase is Phase.LEARNING else settings.relearning_steps
        left = max(1, len(steps) - (memory.step or 0))
        interval = 0 if memory.phase is Phase.LEARNING else max(1, memory.interval)
        if due_day is not None and due_day > days.number(memory.last_review):
            queue, due = Queue.DAY_LEARNING, due_day
        elif memory.due is not None:
            queue, due = Queue.LEARNING, int(memory.due.timestamp())
    return Scheduling(
        kind,
        Queue.SUSPENDED if suspended and kind is not CardType.NEW else queue,
        due,
        interval,
        REVIEW_FACTOR if kind in (CardType.REVIEW, CardType.RELEARNING) else 0,
        memory.reps,
        memory.lapses,
        left,
        None if memory.stability is None else round(memory.stability, 4),
        None if memory.difficulty is None else round(memory.difficulty, 3),
        int(memory.last_review.timestamp()) if memory.last_review else None,
    )


def _due_day(memory: Memory, days: StudyDays) -> int | None:
    """The study day a card is due by day (states logged before due days were stored give a due instant)."""
    if memory.due_day is not None:
        return memory.due_day
    if memory.due is not None and (memory.phase is Phase.REVIEW or memory.last_review is None):
        return days.number(memory.due)
    if memory.due is not None and memory.last_review and days.number(memory.due) > days.number(memory.last_review):
        return days.number(memory.due)
    return None


def _card_type(phase: Phase) -> CardType:
    return {
        Phase.NEW: CardType.NEW,
        Phase.LEARNING: CardType.LEARNING,
        Phase.REVIEW: CardType.REVIEW,
        Phase.RELEARNING: CardType.RELEARNING,
    }[phase]


def revlog_row(entry: LogEntry, revlog_id: int, days: StudyDays) -> RevlogRow:
    """One answer as Anki logs it."""
    before = entry.before.memory if entry.before else Memory()
    after = entry.after.memory
    if entry.cram:
        kind, factor = RevlogKind.FILTERED, 0
    else:
        kind = {Phase.REVIEW: RevlogKind.REVIEW, Phase.RELEARNING: RevlogKind.RELEARNING}.get(
            before.phase, RevlogKind.LEARNING
        )
        factor = difficulty_factor(after.difficulty)
    return RevlogRow(
        revlog_id,
        int(entry.rating),
        anki_interval(after, entry.reviewed_at, days),
        anki_interval(before, before.last_review, days) if before.phase is not Phase.NEW else 0,
        factor,
        min(max(entry.duration_ms, 0), _MAX_MS),
        kind,
    )


def anki_interval(memory: Memory, since: datetime | None, days: StudyDays) -> int:
    """The interval Anki logs for a state reached at ``since``: days in review, negative seconds while learning."""
    if since is None:
        return 0
    due_day = _due_day(memory, days)
    if memory.phase is Phase.REVIEW and memory.interval:
        return memory.interval
    if due_day is not None:
        return max(1, due_day - days.number(since))
    if memory.due is None:
        return 0
    return -max(1, round((memory.due - since).total_seconds()))
