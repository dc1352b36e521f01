"""``flashnotes import-anki``: merge the reviews of an Anki export into flashnotes' review log.

Reads the export (``ankifile``, ``ankistore``), works out what is new
(``merge``), recomputes every touched card from its whole merged history
(``replay``) and writes it all in one transaction (``history_store``). Reading
fails before anything is written, so a corrupt or unrelated file changes
nothing.
"""

from __future__ import annotations

from collections.abc import Mapping, Set
from dataclasses import dataclass
from pathlib import Path

from flashnotes.collection import Collection
from flashnotes.review.ankifile import unpacked
from flashnotes.review.ankistore import read_collection
from flashnotes.review.history_store import History, ManualEvent, Rewrite, answers_of, apply_merge
from flashnotes.review.merge import MergePlan, Unknown, plan_merge
from flashnotes.review.replay import AnkiDays, Answer, replay
from flashnotes.review.store import Reviews
from flashnotes.settings import ReviewSettings
from flashnotes.studyday import StudyDays


@dataclass(frozen=True, slots=True)
class Known:
    """What flashnotes knows of its own cards: note GUID to card id, every card's deck, live ones, settings."""

    guids: Mapping[str, str]
    decks: Mapping[str, str]
    live: Set[str]
    note_types: Set[int]
    settings: Mapping[str, ReviewSettings]


@dataclass(frozen=True, slots=True)
class ImportReport:
    """What an import merged (or, in a dry run, would merge) and what it left alone."""

    answers: int
    forgotten: int
    rescheduled: int
    cards: int
    already: int
    unknown: tuple[Unknown, ...]
    missing: tuple[str, ...]
    other_cards: int
    dry_run: bool
    touched: tuple[str, ...] = ()
    no_history: bool = False  # no review at all: exported without scheduling?


def import_anki(collection: Collection, path: Path, known: Known, days: StudyDays, *, dry_run: bool) -> ImportReport:
    """Merge an Anki export's reviews of flashnotes' cards into the log and recompute the touched cards."""
    with unpacked(path) as db:
        anki = read_collection(db, path)
    history = History(collection)
    live = {c: known.decks[c] for c in known.live if c in known.decks}
    plan = plan_merge(anki, known.guids, known.note_types, history.known_revlog_ids(), live)
    if not dry_run and plan.touched:
        _apply(collection, history, plan, known, days=days, anki=AnkiDays.of(anki, days.zone))
    kinds = [e.kind for e in plan.events]
    return ImportReport(
        len(plan.answers),
        kinds.count("forget"),
        kinds.count("reschedule"),
        len(plan.touched),
        plan.already,
        plan.unknown,
        plan.missing,
        plan.other_cards,
        dry_run,
        tuple(sorted(plan.touched)),
        not anki.reviews,
    )


def _apply(
    collection: Collection, history: History, plan: MergePlan, known: Known, *, days: StudyDays, anki: AnkiDays
) -> None:
    touched = sorted(plan.touched)
    answers: dict[str, list[Answer]] = {c: [] for c in touched}
    for a in answers_of(history, touched):
        answers[a.card_id].append(Answer(a.log_id, a.at, a.rating, a.duration_ms, a.revlog_id, a.anki_interval, a.cram))
    for new in plan.answers:
        answers[new.card_id].append(
            Answer(-new.revlog_id, new.at, new.rating, new.duration_ms, new.revlog_id, new.anki_interval, new.cram)
        )
    events: dict[str, list[ManualEvent]] = {c: [] for c in touched}
    for event in [*history.events(touched), *plan.events]:
        events[event.card_id].append(event)
    reviews = Reviews(collection)
    rows: list[Rewrite] = []
    states = {}
    for card_id in touched:
        stored = reviews.state(card_id)
        settings = known.settings.get(known.decks.get(card_id, ""), ReviewSettings())
        result = replay(
            card_id,
            answers[card_id],
            events[card_id],
            settings=settings,
            days=days,
            anki=anki,
            latest=plan.matched.get(card_id),
            suspended=bool(stored and stored.suspended),
        )
        states[card_id] = result.final
        for answer, before, after, seconds in result.rows:
            log_id = answer.key if answer.key > 0 else None
            rows.append(
                Rewrite(
                    card_id,
                    log_id,
                    answer.revlog_id,
                    answer.at,
                    answer.rating,
                    answer.duration_ms,
                    answer.cram,
                    answer.anki_interval,
                    before,
                    after,
                    seconds,
                )
            )
    apply_merge(history, rows, plan.events, states)
