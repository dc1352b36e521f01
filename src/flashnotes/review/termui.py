"""Text for the terminal review screen: wrapping by display width, the screen's lines, the buttons."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum

from flashnotes.review.termtable import width

_MARKDOWN = re.compile(r"\*\*(.+?)\*\*|`([^`]+)`")
_TOKENS = re.compile(r"\s+|[A-Za-z0-9_\-.,;:!?'\"()\[\]{}/\\+=*^<>|~`@#$%&]+|.")


def _chunks(token: str, columns: int) -> list[str]:
    """A token cut into pieces no wider than ``columns`` (only tokens wider than a line are cut)."""
    pieces, piece = [], ""
    for ch in token:
        if piece and width(piece + ch) > columns:
            pieces.append(piece)
            piece = ""
        piece += ch
    return [*pieces, piece] if piece else pieces


def wrap(text: str, columns: int) -> list[str]:
    """Wrap text to ``columns`` display cells; CJK breaks anywhere, Latin at spaces, over-long words are cut."""
    out: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        for token in _TOKENS.findall(paragraph):
            for piece in _chunks(token, columns) if width(token) > columns else [token]:
                if width(line) + width(piece) > columns and line.strip():
                    out.append(line.rstrip())
                    line = piece.lstrip()
                else:
                    line += piece
        out.append(line.rstrip())
    return out


def wrap_items(items: Sequence[str], separator: str, columns: int) -> list[str]:
    """Join items with ``separator``, starting a new line rather than splitting an item."""
    lines: list[str] = []
    line = ""
    for item in items:
        candidate = f"{line}{separator}{item}" if line else item
        if line and width(candidate) > columns:
            lines.append(line)
            line = item
        else:
            line = candidate
    return [*lines, line] if line else lines


def card_text(text: str, raw: bool) -> str:
    """A card side for the terminal: LaTeX as Unicode (unless raw), Markdown markers dropped."""
    from flashnotes.review.latex import render_math  # pylatexenc: only for showing cards (not for stats)

    return _MARKDOWN.sub(lambda m: m.group(1) or m.group(2), render_math(text, raw))


def buttons(intervals: dict[str, str]) -> str:
    """The grade buttons with the interval each gives."""
    return "   ".join(_buttons(intervals))


def _buttons(intervals: dict[str, str]) -> list[str]:
    return [f"[{n}] {name} {ivl}" for n, (name, ivl) in enumerate(intervals.items(), start=1)]


class Style(Enum):
    """How the terminal shows a line of the review screen."""

    PLAIN = "plain"
    HEAD = "head"
    ALERT = "alert"
    BOLD = "bold"
    DIM = "dim"


@dataclass(frozen=True, slots=True)
class Screen:
    """What the review screen shows for one card (card sides already as terminal text)."""

    deck: str
    decks: int
    left: tuple[int, int, int]
    queue: str
    leech: bool
    front: str
    back: str | None
    intervals: dict[str, str]
    where: str
    raw: bool


def counts(decks: int, left: tuple[int, int, int]) -> list[str]:
    """What is left today, saying what it counts: this deck, or every deck in the session."""
    scope = "this deck" if decks == 1 else f"all {decks} decks"
    learning, review, new = left
    return [f"Left today in {scope}:", f"learning {learning} · review {review} · new {new}"]


_LEECH = "LEECH: forgotten again and again; s suspends it, e edits it"


def screen(view: Screen, columns: int) -> list[tuple[str, Style]]:
    """Every line of the review screen, none wider than ``columns`` cells, each with its style."""
    inner = max(10, columns - 2)
    lines = [(line, Style.HEAD) for line in wrap(f"{view.deck}  [{view.queue}]", columns)]
    if view.leech:
        lines += [(line, Style.ALERT) for line in wrap(_LEECH, columns)]
    lines += [(line, Style.HEAD) for line in wrap_items(counts(view.decks, view.left), " ", columns)]
    lines.append(("", Style.PLAIN))
    lines += [("  " + line, Style.PLAIN) for line in wrap(view.front, inner)]
    if view.back is not None:
        lines.append(("  " + "─" * min(40, inner), Style.PLAIN))
        lines += [("  " + line, Style.PLAIN) for line in wrap(view.back, inner)]
        lines.append(("", Style.PLAIN))
        lines += [("  " + line, Style.BOLD) for line in wrap_items(_buttons(view.intervals), "   ", inner)]
    lines.append(("", Style.PLAIN))
    lines += [("  " + line, Style.DIM) for line in wrap(view.where, inner)]
    first = "1-4 grade" if view.back is not None else "space reveal"
    keys = [first, "u undo", "s suspend", "b bury", "e edit", f"l {'Unicode' if view.raw else 'raw'} LaTeX", "q quit"]
    lines += [("  " + line, Style.DIM) for line in wrap_items(keys, " · ", inner)]
    return [(text if width(text) <= columns else wrap(text, columns)[0], style) for text, style in lines]


def retention_text(retention: float | None, judged: int, answers: int) -> str:
    """True retention, or why there is none yet."""
    if retention is not None:
        return f"{retention:.1%} of {judged} reviews"
    if answers == 0:
        return "no reviews yet"
    those = "your one answer" if answers == 1 else f"all {answers} answers"
    return (
        f"none yet. It counts answers to cards already in review, and {those} of the last "
        "30 days went to new or learning cards; a card reaches review once it passes its "
        "learning steps."
    )


_BLOCKS = " ▁▂▃▄▅▆▇█"


def bars(values: tuple[int, ...] | list[int], left: str, right: str, height: int = 4) -> str:
    """A small vertical bar chart, one column per day, with the scale and end labels."""
    top = max(values) if values else 0
    if top == 0:
        return "  (none)"
    rows = []
    for level in range(height, 0, -1):
        row = ""
        for v in values:
            filled = v / top * height
            row += (
                _BLOCKS[8]
                if filled >= level
                else _BLOCKS[round((filled - level + 1) * 8)]
                if filled > level - 1
                else " "
            )
        label = f" {top}" if level == height else ""
        rows.append("  " + row + label)
    rows.append("  " + left + " " * max(1, len(values) - len(left) - len(right)) + right)
    return "\n".join(rows)
