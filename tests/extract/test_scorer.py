"""Tests for the learned scorer: the model file, the logistic confidence and the packaged weights."""

from __future__ import annotations

import math

import pytest

from flashnotes.errors import ModelError
from flashnotes.extract.scorer import KindModel, Model, packaged_model, parse_model


def test_confidence_is_the_logistic_of_the_weighted_features() -> None:
    """bias + sum(weight * value), squashed; unknown features weigh nothing."""
    model = KindModel(bias=-1.0, threshold=0.5, weights={"a": 2.0, "b": -0.5})
    assert model.confidence({"a": 1.0, "b": 2.0, "unknown": 9.0}) == pytest.approx(1 / (1 + math.exp(0.0)))
    assert model.confidence({"a": 1.0}) == pytest.approx(1 / (1 + math.exp(-1.0)))
    assert model.confidence({"b": 1000.0}) == 0.0


def test_a_model_round_trips_through_its_json() -> None:
    """What train.py writes is what the extractor reads."""
    model = Model({"definition": KindModel(-0.25, 0.7, {"src:zh_zhi": 1.5})})
    assert parse_model(model.to_json()) == model


@pytest.mark.parametrize(
    "data",
    [{"version": 2, "kinds": {}}, [], {"version": 1, "kinds": {"definition": {"bias": "x", "weights": {}}}}],
)
def test_a_malformed_model_file_is_a_model_error(data: object) -> None:
    """A broken data file is reported as such, never as a traceback deep in extraction."""
    with pytest.raises(ModelError):
        parse_model(data)


def test_the_packaged_model_scores_definitions() -> None:
    """The shipped model has learned weights and a threshold in (0, 1) for definitions."""
    definition = packaged_model().get("definition")
    assert definition is not None and definition.weights
    assert 0.0 < definition.threshold < 1.0
