"""The review line protocol: one command per line, for scripts and tests."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from enum import Enum

from flashnotes.errors import ReviewError
from flashnotes.review.memory import Rating


class Action(Enum):
    """What a command asks for."""

    REVEAL = "reveal"
    GRADE = "grade"
    UNDO = "undo"
    SUSPEND = "suspend"
    BURY = "bury"
    EDIT = "edit"
    RAW = "raw"
    NOW = "now"
    QUIT = "quit"


@dataclass(frozen=True, slots=True)
class Command:
    """A parsed command: the action and, for grades and clock moves, its argument."""

    action: Action
    rating: Rating | None = None
    when: datetime | None = None


_WORDS = {
    "": Action.REVEAL,
    "reveal": Action.REVEAL,
    "show": Action.REVEAL,
    " ": Action.REVEAL,
    "u": Action.UNDO,
    "undo": Action.UNDO,
    "s": Action.SUSPEND,
    "suspend": Action.SUSPEND,
    "b": Action.BURY,
    "bury": Action.BURY,
    "e": Action.EDIT,
    "edit": Action.EDIT,
    "l": Action.RAW,
    "raw": Action.RAW,
    "latex": Action.RAW,
    "q": Action.QUIT,
    "quit": Action.QUIT,
}
_GRADES = {
    "1": Rating.AGAIN,
    "2": Rating.HARD,
    "3": Rating.GOOD,
    "4": Rating.EASY,
    "again": Rating.AGAIN,
    "hard": Rating.HARD,
    "good": Rating.GOOD,
    "easy": Rating.EASY,
}

HELP = "commands: reveal, 1-4 or again/hard/good/easy, undo, suspend, bury, edit, raw, now TIME, quit"


def parse(line: str) -> Command:
    """Parse one protocol line; raise ReviewError with the list of commands when it is unknown."""
    word, _, rest = line.strip().partition(" ")
    word = word.lower()
    if word in _GRADES:
        return Command(Action.GRADE, _GRADES[word])
    if word in _WORDS:
        return Command(_WORDS[word])
    if word == "now":
        try:
            when = datetime.fromisoformat(rest.strip().replace("Z", "+00:00"))
        except ValueError:
            raise ReviewError(f"'now' needs an ISO time with a zone, e.g. now 2026-03-01T09:00:00Z ({HELP})") from None
        if when.tzinfo is None:
            raise ReviewError("'now' needs a time zone, e.g. 2026-03-01T09:00:00+08:00")
        return Command(Action.NOW, when=when.astimezone(UTC))
    raise ReviewError(f"unknown command '{line.strip()}'; {HELP}")
