"""Plain-text tables whose columns line up with Chinese (wide) characters."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence


def width(text: str) -> int:
    """Display width in terminal cells: wide and full-width characters count two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 0 if unicodedata.combining(ch) else 1 for ch in text)


def pad(text: str, cells: int, right: bool = False) -> str:
    """Pad to ``cells`` display cells (left-aligned, or right-aligned for numbers)."""
    fill = " " * max(0, cells - width(text))
    return fill + text if right else text + fill


def table(headers: Sequence[str], rows: Sequence[Sequence[str]], numeric: Sequence[bool] = ()) -> str:
    """Render rows under headers, two spaces between columns."""
    cols = len(headers)
    numeric = list(numeric) + [False] * (cols - len(numeric))
    widths = [max([width(headers[i])] + [width(r[i]) for r in rows]) for i in range(cols)]
    lines = ["  ".join(pad(headers[i], widths[i], numeric[i]) for i in range(cols)).rstrip()]
    lines += ["  ".join(pad(row[i], widths[i], numeric[i]) for i in range(cols)).rstrip() for row in rows]
    return "\n".join(lines)
