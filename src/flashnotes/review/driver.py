"""The review driver: commands in, events out, the same for the terminal and the line protocol."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import Enum

from flashnotes.review.memory import Rating
from flashnotes.review.protocol import Action, Command
from flashnotes.review.scheduler import Outcome
from flashnotes.review.session import Due, Session


class EventKind(Enum):
    """What happened after a command."""

    REVEALED = "revealed"
    ANSWERED = "answered"
    UNDONE = "undone"
    NOTHING_TO_UNDO = "nothing-to-undo"
    SUSPENDED = "suspended"
    BURIED = "buried"
    EDIT = "edit"
    RAW = "raw"
    CLOCK = "clock"
    QUIT = "quit"


_ENDS_CARD = {EventKind.ANSWERED, EventKind.UNDONE, EventKind.SUSPENDED, EventKind.BURIED, EventKind.QUIT}


@dataclass(frozen=True, slots=True)
class Event:
    """One event; ``due`` is the card it concerns."""

    kind: EventKind
    due: Due
    rating: Rating | None = None
    outcome: Outcome | None = None
    previews: dict[Rating, Outcome] | None = None

    @property
    def ends_card(self) -> bool:
        """Whether the card on screen is done with (the next one comes up)."""
        return self.kind in _ENDS_CARD


class Driver:
    """Keeps the card on screen, whether it is revealed, and raw-LaTeX mode."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.current: Due | None = None
        self.pending: Due | None = None
        self.revealed = False
        self.raw = False

    def advance(self, now: datetime) -> Due | None:
        """Bring up the next card (an undone card first); None when the session is over."""
        self.current = self.pending or self.session.next(now)
        self.pending = None
        self.revealed = False
        return self.current

    def handle(self, command: Command, now: datetime, spent_ms: int = 0) -> Event:
        """Carry out one command on the current card."""
        due = self.current
        if due is None:
            raise RuntimeError("handle() called with no card on screen; call advance() first")
        action = command.action
        if action is Action.REVEAL:
            self.revealed = True
            return Event(EventKind.REVEALED, due, previews=self.session.preview(due, now))
        if action is Action.GRADE:
            assert command.rating is not None
            outcome = self.session.answer(due, command.rating, now, spent_ms)
            return Event(EventKind.ANSWERED, due, command.rating, outcome)
        return self._other(action, due, now)

    def _other(self, action: Action, due: Due, now: datetime) -> Event:
        if action is Action.UNDO:
            back = self.session.undo()
            if back is None:
                return Event(EventKind.NOTHING_TO_UNDO, due)
            self.pending = back
            return Event(EventKind.UNDONE, back)
        if action is Action.SUSPEND:
            self.session.suspend(due)
            return Event(EventKind.SUSPENDED, due)
        if action is Action.BURY:
            self.session.bury(due, now)
            return Event(EventKind.BURIED, due)
        if action is Action.RAW:
            self.raw = not self.raw
            return Event(EventKind.RAW, due)
        if action is Action.EDIT:
            return Event(EventKind.EDIT, due)
        if action is Action.NOW:
            return Event(EventKind.CLOCK, due)
        return Event(EventKind.QUIT, due)
