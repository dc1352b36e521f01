"""Tests for what an Anki export adds: revlog rows classified, cards matched, unknown and missing ones."""

from __future__ import annotations

from flashnotes.progress import RevlogKind
from flashnotes.review.ankistore import AnkiCard, AnkiCollection, AnkiReview
from flashnotes.review.history_store import millis
from flashnotes.review.memory import Rating
from flashnotes.review.merge import classify, plan_merge

OURS = 1733516801


def _row(id_: int, cid: int, ease: int, kind: RevlogKind, *, ivl: int = 1, factor: int = 500) -> AnkiReview:
    return AnkiReview(id_, cid, ease, ivl, 0, factor, 3000, kind)


def _card(id_: int, guid: str, ord_: int = 0, mid: int = OURS) -> AnkiCard:
    return AnkiCard(id_, guid, ord_, mid, 2, 2, 10, 3, 1, 0, 0, 3.0, 5.0)


def test_rows_are_answers_cramming_forget_or_set_due_date() -> None:
    """Buttons are answers; filtered with factor 0 is cramming; manual with interval and factor 0 is forget."""
    assert classify(_row(1, 1, 3, RevlogKind.REVIEW)) == "answer"
    assert classify(_row(1, 1, 3, RevlogKind.FILTERED, factor=0)) == "cram"
    assert classify(_row(1, 1, 0, RevlogKind.MANUAL, ivl=0, factor=0)) == "forget"
    assert classify(_row(1, 1, 0, RevlogKind.MANUAL, ivl=0, factor=2500)) == "reschedule"
    assert classify(_row(1, 1, 0, RevlogKind.MANUAL, ivl=7, factor=100)) == "reschedule"
    assert classify(_row(1, 1, 0, RevlogKind.RESCHEDULED, ivl=7)) == "reschedule"
    assert classify(_row(1, 1, 9, RevlogKind.REVIEW)) == "skip"


def test_plan_keeps_new_rows_skips_known_ones_and_reports_strangers() -> None:
    """Known ids are counted not merged; a second cloze card and a new note are unknown; other types are counted."""
    cards = (_card(10, "g1"), _card(11, "g1", 1), _card(12, "g2"), _card(13, "new"), _card(14, "x", mid=5))
    reviews = (
        _row(1000, 10, 3, RevlogKind.LEARNING),
        _row(2000, 10, 1, RevlogKind.REVIEW),
        _row(2500, 11, 3, RevlogKind.REVIEW),
        _row(3000, 12, 0, RevlogKind.MANUAL, ivl=0, factor=0),
        _row(4000, 14, 3, RevlogKind.REVIEW),
    )
    anki = AnkiCollection(0, 0, 4, cards, reviews)
    live = {"c1": "d", "c2": "d", "gone": "d", "elsewhere": "e"}
    plan = plan_merge(anki, {"g1": "c1", "g2": "c2", "gg": "gone"}, {OURS}, {1000}, live)
    [answer] = plan.answers
    assert (answer.card_id, answer.revlog_id, answer.rating, millis(answer.at)) == ("c1", 2000, Rating.AGAIN, 2000)
    assert [(e.card_id, e.kind) for e in plan.events] == [("c2", "forget")]
    assert plan.already == 1 and plan.other_cards == 1 and plan.touched == {"c1", "c2"}
    assert sorted((u.guid, u.ord, u.reviews) for u in plan.unknown) == [("g1", 1, 1), ("new", 0, 0)]
    assert plan.missing == ("gone",) and set(plan.matched) == {"c1", "c2"}
