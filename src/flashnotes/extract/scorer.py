"""The learned decision: per-kind logistic weights turn a candidate's features into a confidence.

The weights live in ``data/scorer.json`` inside the package, written by
``scripts/train.py`` from the labelled dev set; nothing is downloaded and the run-time
cost is one sparse dot product per candidate. A kind without weights in the file is
not scored: its drafts keep the confidence their rule gave them (1.0).

File format (one object per kind)::

    {"version": 1,
     "kinds": {"definition": {"bias": -1.2, "threshold": 0.55,
                              "weights": {"src:zh_shi": 0.8, "term:digit": -2.1}}}}
"""

from __future__ import annotations

import json
import math
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from flashnotes.errors import ModelError

MODEL_FILE = "scorer.json"


@dataclass(frozen=True, slots=True)
class KindModel:
    """Weights, bias and decision threshold for one kind of card."""

    bias: float
    threshold: float
    weights: Mapping[str, float] = field(default_factory=dict)

    def confidence(self, features: Mapping[str, float]) -> float:
        """The logistic of bias plus the weighted features: an estimated chance a learner keeps the card."""
        z = self.bias
        weights = self.weights
        for name, value in features.items():
            w = weights.get(name)
            if w is not None:
                z += w * value
        if z < -40:
            return 0.0
        return 1.0 / (1.0 + math.exp(-z))


@dataclass(frozen=True, slots=True)
class Model:
    """The learned models by kind name (``definition``, ``quiz``, ...)."""

    kinds: Mapping[str, KindModel] = field(default_factory=dict)

    def get(self, kind: str) -> KindModel | None:
        """The model of one kind, or None when that kind is not scored."""
        return self.kinds.get(kind)

    def to_json(self) -> dict[str, Any]:
        """The JSON object written to the data file, weights sorted for stable diffs."""
        return {
            "version": 1,
            "kinds": {
                name: {
                    "bias": round(m.bias, 6),
                    "threshold": round(m.threshold, 4),
                    "weights": {k: round(v, 6) for k, v in sorted(m.weights.items())},
                }
                for name, m in sorted(self.kinds.items())
            },
        }


def parse_model(data: object) -> Model:
    """A Model from the decoded JSON object; raise ModelError naming what is wrong."""
    if not isinstance(data, dict) or data.get("version") != 1 or not isinstance(data.get("kinds"), dict):
        raise ModelError("the scorer data file is not a version-1 model; reinstall flashnotes or retrain")
    kinds: dict[str, KindModel] = {}
    for name, raw in data["kinds"].items():
        try:
            weights = {str(k): float(v) for k, v in raw["weights"].items()}
            kinds[str(name)] = KindModel(float(raw["bias"]), float(raw["threshold"]), weights)
        except (KeyError, TypeError, ValueError, AttributeError):
            raise ModelError(f"the scorer data file has a malformed entry for '{name}'") from None
    return Model(kinds)


@cache
def packaged_model() -> Model:
    """The model shipped in the package, read once."""
    # not importlib.resources, nor pathlib: both cost more to import than reading the file
    path = os.path.join(os.path.dirname(__file__), "data", MODEL_FILE)
    try:
        with open(path, encoding="utf-8") as file:
            text = file.read()
    except OSError:
        return Model()
    try:
        return parse_model(json.loads(text))
    except json.JSONDecodeError:
        raise ModelError("the scorer data file is not valid JSON; reinstall flashnotes or retrain") from None
