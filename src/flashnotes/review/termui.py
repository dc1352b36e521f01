"""Text for the terminal review screen: wrapping by display width, the card, the buttons."""

from __future__ import annotations

import re

from flashnotes.review.latex import render_math
from flashnotes.review.termtable import width

_MARKDOWN = re.compile(r"\*\*(.+?)\*\*|`([^`]+)`")


def wrap(text: str, columns: int) -> list[str]:
    """Wrap text to ``columns`` display cells; CJK breaks anywhere, Latin at spaces."""
    out: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        for token in re.findall(r"\s+|[A-Za-z0-9_\-.,;:!?'\"()\[\]{}/\\+=*^<>|~`@#$%&]+|.", paragraph):
            if width(line) + width(token) > columns and line.strip():
                out.append(line.rstrip())
                line = token.lstrip()
            else:
                line += token
        out.append(line.rstrip())
    return out


def card_text(text: str, raw: bool) -> str:
    """A card side for the terminal: LaTeX as Unicode (unless raw), Markdown markers dropped."""
    return _MARKDOWN.sub(lambda m: m.group(1) or m.group(2), render_math(text, raw))


def buttons(intervals: dict[str, str]) -> str:
    """The grade buttons with the interval each gives."""
    return "   ".join(f"[{n}] {name} {ivl}" for n, (name, ivl) in enumerate(intervals.items(), start=1))


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
