"""Tests for identity through regeneration: which cards keep their id, which are added or retired."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from flashnotes.deck.identity import Change, content_hash, plan
from flashnotes.deck.store import StoredCard
from flashnotes.model import Card, Kind, Source, card_id

T0 = datetime(2026, 1, 1, tzinfo=UTC)


def card(key: str, back: str = "答案", path: str = "a.md", kind: Kind = Kind.DEFINITION, line: int = 1) -> Card:
    return Card(card_id(f"d/{path}", kind, key), kind, f"什么是{key}？", back, key, Source(path, line))


def stored(c: Card, retired: datetime | None = None) -> StoredCard:
    return StoredCard(c, "d", content_hash(c), T0, T0, retired)


def changes(old: list[Card], new: list[Card]) -> list[tuple[str, str, str]]:
    result = plan("d", [stored(c) for c in old], new)
    return [(p.change.value, p.card.key, p.card.id) for p in result.items]


def test_unchanged_cards_keep_their_ids() -> None:
    """The same extraction again changes nothing."""
    old = [card("动量法"), card("学习率")]
    assert [c for c, _, _ in changes(old, old)] == ["unchanged", "unchanged"]


def test_an_edited_answer_keeps_the_card() -> None:
    """Changing the back keeps the id and counts as changed."""
    old = [card("动量法")]
    [(change, _, cid)] = changes(old, [card("动量法", back="新的答案")])
    assert (change, cid) == ("changed", old[0].id)


def test_a_small_key_edit_keeps_the_card() -> None:
    """A typo fixed in a term (same article, same kind) keeps the id."""
    old = [card("Gradient descnet"), card("学习率")]
    new = [card("Gradient descent"), card("学习率")]
    result = changes(old, new)
    assert result[0] == ("changed", "Gradient descent", old[0].id)


def test_a_reworded_question_keeps_the_card() -> None:
    """A question reworded a little keeps its id."""
    old = [card("为什么要对输入做归一化？", kind=Kind.QUIZ)]
    new = [card("为什么需要对输入做归一化？", kind=Kind.QUIZ)]
    assert changes(old, new)[0][2] == old[0].id


def test_a_different_term_is_not_mistaken_for_an_edit() -> None:
    """A genuinely different key is an added card, and the old one is retired."""
    old = [card("梯度")]
    new = [card("随机森林")]
    assert sorted(c for c, _, _ in changes(old, new)) == ["added", "retired"]


def test_ambiguous_edits_are_not_matched() -> None:
    """When two old cards are equally close to a new one, neither is taken (one-to-one, clearly the same)."""
    old = [card("模型A"), card("模型B")]
    new = [card("模型C")]
    assert sorted(c for c, _, _ in changes(old, new)) == ["added", "retired", "retired"]


def test_a_renamed_article_keeps_its_cards() -> None:
    """Moving an article to another path keeps every card's id, even with a small edit among them."""
    old = [card("动量法"), card("学习率"), card("批量归一化层")]
    new = [card("动量法", path="b/moved.md"), card("学习率", path="b/moved.md"), card("批归一化层", path="b/moved.md")]
    result = changes(old, new)
    assert [cid for _, _, cid in result] == [c.id for c in old]
    assert "retired" not in {c for c, _, _ in result}


def test_reordering_keeps_identity() -> None:
    """Cards moved around inside the article keep their ids; only the line changes."""
    old = [card("甲方法", line=1), card("乙方法", line=5)]
    new = [card("乙方法", line=1), card("甲方法", line=9)]
    result = plan("d", [stored(c) for c in old], new)
    assert {p.card.key: p.card.id for p in result.items} == {c.key: c.id for c in old}
    assert {p.change for p in result.items} == {Change.UNCHANGED}


def test_a_retired_card_that_comes_back_is_revived_with_its_id() -> None:
    """A key that reappears after retirement continues the retired card."""
    gone = card("动量法")
    result = plan("d", [stored(gone, retired=T0)], [gone])
    assert [(p.change, p.card.id, p.previous is not None) for p in result.items] == [(Change.ADDED, gone.id, True)]


def test_the_line_alone_is_not_a_content_change() -> None:
    """A card that only moved lines is unchanged (its note is not updated in Anki)."""
    assert content_hash(card("x", line=1)) == content_hash(replace(card("x"), source=Source("a.md", 40)))
