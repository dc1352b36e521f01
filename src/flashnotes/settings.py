"""Scheduler settings: what a deck file's ``review:`` section says, shared by the build and the review."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta


@dataclass(frozen=True, slots=True)
class ReviewSettings:
    """Scheduler settings for one deck (used by ``flashnotes review``)."""

    desired_retention: float = 0.9
    learning_steps: tuple[timedelta, ...] = (timedelta(minutes=1), timedelta(minutes=10))
    relearning_steps: tuple[timedelta, ...] = (timedelta(minutes=10),)
    maximum_interval: int = 36500
    new_per_day: int = 20
    reviews_per_day: int = 200
