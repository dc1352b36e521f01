"""Tests for identity through regeneration: which cards keep their id, which are added or retired."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

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


def _scan_fuzzy(old: list[StoredCard], new: list[Card]) -> dict[int, str]:
    """The matching by a scan over every old card, as it was before the index: the oracle."""
    from difflib import SequenceMatcher

    from flashnotes.deck.identity import AMBIGUITY_MARGIN, _Matcher, _threshold, identity_key

    m = _Matcher(old, new)
    m.exact(same_path=True)
    m.exact(same_path=False)
    moved = m.moved_paths()
    found: list[tuple[float, int, StoredCard]] = []
    for i, c in enumerate(new):
        if i in m.pairs:
            continue
        paths = {c.source.path} | moved.get(c.source.path, set())
        key = identity_key(c)
        scored = sorted(
            (
                (SequenceMatcher(None, key, identity_key(s.card), autojunk=False).ratio(), s)
                for s in old
                if s.id not in m.taken and s.retired is None and s.card.kind is c.kind and s.card.source.path in paths
            ),
            key=lambda pair: -pair[0],
        )
        if not scored or scored[0][0] < _threshold(key, identity_key(scored[0][1].card)):
            continue
        if len(scored) > 1 and scored[0][0] - scored[1][0] < AMBIGUITY_MARGIN:
            continue
        found.append((scored[0][0], i, scored[0][1]))
    for _, i, s in sorted(found, key=lambda f: -f[0]):
        if s.id not in m.taken:
            m.take(i, s)
    return {i: s.id for i, s in m.pairs.items()}


KEYS = st.lists(
    st.sampled_from(["学习率", "学习速率", "动量", "动量法", "rate", "rates", "ab", "abc", "x"]), max_size=3
)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.tuples(KEYS, st.sampled_from(["a.md", "b.md"]), st.booleans()), max_size=12),
    st.lists(st.tuples(KEYS, st.sampled_from(["a.md", "b.md", "c.md"])), max_size=12),
)
def test_indexed_matching_equals_a_scan_of_every_old_card(
    old_spec: list[tuple[list[str], str, bool]], new_spec: list[tuple[list[str], str]]
) -> None:
    """Matching through the (kind, article) index pairs exactly the cards a scan over all old cards pairs."""
    from flashnotes.deck.identity import match

    old = [
        stored(card(" ".join(words) + str(n % 3), path=path), T0 if retired else None)
        for n, (words, path, retired) in enumerate(old_spec)
    ]
    old = list({s.id: s for s in old}.values())
    new = [card(" ".join(words) + "1", path=path) for words, path in new_spec]
    assert {i: s.id for i, s in match(old, new).items()} == _scan_fuzzy(old, new)


def test_a_new_fields_version_changes_every_content_hash(monkeypatch: pytest.MonkeyPatch) -> None:
    """Bumping FIELDS_VERSION makes each card count as changed once, so Anki takes the new HTML."""
    from flashnotes.deck import identity

    before = content_hash(card("x"))
    monkeypatch.setattr(identity, "FIELDS_VERSION", "next")
    assert content_hash(card("x")) != before
