"""Tests for the decision step: article evidence, scoring and thresholds."""

from __future__ import annotations

from flashnotes.extract.decide import article_evidence, passes, score
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
