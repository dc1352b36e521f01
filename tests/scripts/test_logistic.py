"""Tests for the scorer's logistic regression: the fit, the prior it pulls towards, the signs it keeps."""

from __future__ import annotations

import math

from logistic import fit

# "good" marks most positives, "noise" fires on two positives and no negative
ROWS = [{"good": 1.0}] * 8 + [{"good": 1.0, "noise": 1.0}] * 2 + [{}] * 10 + [{"good": 1.0}] * 2
YS = [1] * 10 + [0] * 10 + [0] * 2


def test_a_feature_that_marks_positives_gets_a_positive_weight() -> None:
    """The fit finds what separates the labels: 'good' weighs for, the bias against."""
    bias, weights = fit(ROWS, YS, 1.0)
    assert weights["good"] > 1.0
    assert bias < 0.0


def test_a_stronger_penalty_gives_smaller_weights() -> None:
    """The L2 penalty shrinks every weight towards 0."""
    _, weak = fit(ROWS, YS, 0.3)
    _, strong = fit(ROWS, YS, 30.0)
    assert abs(strong["good"]) < abs(weak["good"])


def test_the_penalty_pulls_towards_the_prior_not_towards_zero() -> None:
    """A feature the data never shows keeps its prior weight; one it shows moves off it."""
    _, weights = fit(ROWS, YS, 3.0, priors={"unseen": -5.0, "good": -2.0})
    assert math.isclose(weights["unseen"], -5.0)
    assert weights["good"] > -2.0


def test_a_feature_with_a_dictated_sign_never_takes_the_other() -> None:
    """'noise' would weigh for the card by chance; told it can only count against, it weighs 0."""
    _, free = fit(ROWS, YS, 1.0)
    _, signed = fit(ROWS, YS, 1.0, signs={"noise": -1})
    assert free["noise"] > 0.0
    assert "noise" not in signed
    assert signed["good"] > 1.0


def test_a_dictated_sign_the_data_agrees_with_changes_nothing() -> None:
    """A sign constraint that holds anyway leaves the fit as it was."""
    bias, weights = fit(ROWS, YS, 1.0)
    signed_bias, signed = fit(ROWS, YS, 1.0, signs={"good": 1})
    assert math.isclose(bias, signed_bias)
    assert weights.keys() == signed.keys()
    assert all(math.isclose(weights[n], signed[n]) for n in weights)


def test_rare_and_dropped_features_get_no_weight() -> None:
    """min_support leaves out a feature seen in too few rows; drop leaves out a group by prefix."""
    _, weights = fit(ROWS, YS, 1.0, min_support=3)
    assert "noise" not in weights and "good" in weights
    _, dropped = fit(ROWS, YS, 1.0, drop=("go",))
    assert "good" not in dropped
