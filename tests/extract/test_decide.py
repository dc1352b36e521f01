"""Tests for the decision step: article evidence, scoring and thresholds."""

from __future__ import annotations

import dataclasses

from flashnotes.extract.decide import article_evidence, evolved, passes, repeated_labels, score
from flashnotes.extract.draft import Draft
from flashnotes.extract.scorer import KindModel, Model
from flashnotes.model import Kind

MODEL = Model({"definition": KindModel(0.0, 0.6, {"src:x": 2.0})})


def _draft(key: str, features: dict[str, float], line: int = 1) -> Draft:
    return Draft(Kind.DEFINITION, key, f"什么是{key}？", "…", line, (), features=features)


def test_recurring_terms_and_heading_terms_get_article_evidence() -> None:
    """A term used again in the article and named in a heading says so in its features."""
    drafts = [_draft("梯度", {"src:x": 1.0})]
    [out] = article_evidence(drafts, "梯度是方向。梯度很重要。梯度下降。沿梯度走。", ["梯度下降"])
    assert out.features["a:recur"] > 0 and out.features["a:in_heading"] == 1.0


def test_scored_drafts_pass_their_threshold_or_the_users_bar() -> None:
    """Confidence ≥ the kind's threshold passes; a user's min_confidence replaces the threshold."""
    sure, unsure = score([_draft("甲", {"src:x": 1.0}), _draft("乙", {"other": 1.0})], MODEL)
    assert sure.confidence > 0.6 > unsure.confidence
    assert passes(sure, MODEL, None) and not passes(unsure, MODEL, None)
    assert passes(unsure, MODEL, 0.4) and not passes(sure, MODEL, 0.99)


def test_rule_made_drafts_are_not_scored() -> None:
    """A draft without features keeps confidence 1.0 and passes any bar."""
    [rule] = score([Draft(Kind.QUIZ, "q", "q？", "a", 1, ())], MODEL)
    assert rule.confidence == 1.0 and passes(rule, MODEL, 1.0)


def test_a_glossary_label_used_twice_is_marked_as_a_repeated_label() -> None:
    """``思路：`` heading the content of two sections is a field name; a term glossed once is not."""
    drafts = [
        _draft("思路", {"src:gloss": 1.0}, 3),
        _draft("思路", {"src:gloss": 1.0}, 9),
        _draft("动态规划", {"src:gloss": 1.0}, 5),
        _draft("动态规划", {"src:zh_shi": 1.0}, 7),
    ]
    assert repeated_labels(drafts) == {"思路"}
    out = article_evidence(drafts, "思路：…\n动态规划：…\n动态规划是…\n思路：…", [])
    assert [d.features.get("a:label_repeats", 0.0) for d in out] == [1.0, 1.0, 0.0, 0.0]


def test_evolved_keeps_every_other_field_as_replace_would() -> None:
    """The fast copy of a draft equals ``dataclasses.replace`` on every field, so a new field cannot be dropped."""
    values = {f.name: f"v:{f.name}" for f in dataclasses.fields(Draft)}
    draft = Draft(**values)  # type: ignore[arg-type]  # distinct values: a swapped or reset field shows
    new = evolved(draft, {"src:y": 1.0}, 0.25)
    assert new == dataclasses.replace(draft, features={"src:y": 1.0}, confidence=0.25)
    assert [getattr(new, f.name) for f in dataclasses.fields(Draft)] == [
        {"src:y": 1.0} if f.name == "features" else 0.25 if f.name == "confidence" else v
        for f, v in zip(dataclasses.fields(Draft), values.values(), strict=True)
    ]
