"""Tests for the scorer's training: the penalty chosen on inner folds, and how much each article weighs."""

from __future__ import annotations

import pytest
import train
from trainset import Doc, Item

from flashnotes.extract.draft import Draft
from flashnotes.model import Kind


def _draft(key: str, features: dict[str, float]) -> Draft:
    return Draft(Kind.DEFINITION, key, f"What is {key}?", "a thing.", 1, (), features=features)


def _article(name: str, good: int, bad: int, *, noise: float = 0.0) -> Doc:
    """An article whose ``good`` candidates are gold and carry 'sure'; its ``bad`` ones are not."""
    drafts = [_draft(f"{name}good{i}", {"sure": 1.0, "noise": noise}) for i in range(good)]
    drafts += [_draft(f"{name}bad{i}", {"noise": 1.0 - noise}) for i in range(bad)]
    gold = [Item("definition", f"{name}good{i}", False) for i in range(good)]
    return Doc(name, drafts, gold)


def test_a_kind_with_enough_negatives_chooses_its_penalty_from_the_grid(monkeypatch: pytest.MonkeyPatch) -> None:
    """The chosen penalty is the grid's with the lowest out-of-fold log loss."""
    monkeypatch.setattr(train, "L2_GRID", (0.1, 100.0))
    monkeypatch.setattr(train, "CHOOSE_NEGATIVES", 5)
    docs = [_article(f"a{n}x", 3, 4, noise=float(n % 2)) for n in range(10)]
    chosen = train.choose_l2(docs, 5, 3.0)
    assert isinstance(chosen, dict)
    losses = {p: train.deviance(docs, train.out_of_fold(docs, 5, p))["definition"] for p in (0.1, 100.0)}
    assert chosen["definition"] == min(losses, key=lambda p: losses[p])


def test_a_kind_with_few_negatives_keeps_the_given_penalty(monkeypatch: pytest.MonkeyPatch) -> None:
    """Too few negatives to judge a log loss by: the kind keeps the fixed penalty."""
    monkeypatch.setattr(train, "L2_GRID", (0.1, 100.0))
    monkeypatch.setattr(train, "CHOOSE_NEGATIVES", 1000)
    docs = [_article(f"a{n}x", 3, 4) for n in range(10)]
    assert train.choose_l2(docs, 5, 3.0) == {"definition": 3.0}


def test_without_a_grid_the_penalty_is_the_given_one(monkeypatch: pytest.MonkeyPatch) -> None:
    """--l2 fixes the penalty: nothing is chosen."""
    monkeypatch.setattr(train, "L2_GRID", ())
    assert train.choose_l2([_article("a", 3, 4)], 5, 7.0) == 7.0


@pytest.mark.parametrize(("power", "sign"), [(1.0, -1.0), (0.5, -1.0), (0.0, 1.0)])
def test_an_article_weighs_a_power_of_its_candidates(
    monkeypatch: pytest.MonkeyPatch, power: float, sign: float
) -> None:
    """One long article of 40 negatives against five of one positive each: it wins by count, not as one article."""
    monkeypatch.setattr(train, "ARTICLE_POWER", power)
    long = Doc("long", [_draft(f"long{i}", {"any": 1.0}) for i in range(40)], [])
    short = [Doc(f"s{n}x", [_draft(f"s{n}x", {"any": 1.0})], [Item("definition", f"s{n}x", False)]) for n in range(5)]
    confidence = train.train([long, *short], 1.0, {}).kinds["definition"].confidence({"any": 1.0})
    assert (confidence - 0.5) * sign > 0.0


def test_the_report_names_the_signed_features_their_sign_held_at_zero(monkeypatch: pytest.MonkeyPatch) -> None:
    """With --signs, a feature CARDS.md says counts against a card, seen only on good ones, weighs 0 and is named."""
    monkeypatch.setattr(train, "SIGNS", {"noise": -1, "sure": 1})
    monkeypatch.setattr(train, "SIGNED", True)
    docs = [_article(f"a{n}x", 3, 4, noise=1.0) for n in range(6)]
    model = train.train(docs, 1.0, {})
    assert "noise" not in model.kinds["definition"].weights
    assert train.held(docs, model) == ["noise"]
    monkeypatch.setattr(train, "SIGNED", False)
    assert "noise" in train.train(docs, 1.0, {}).kinds["definition"].weights
