"""Closer search for a text read left to right: each needle's next occurrence is remembered."""

from __future__ import annotations

import re


class Finder:
    """``find`` and ``search`` for a text read left to right.

    The next occurrence of each needle is remembered, so asking again from a later
    position costs nothing until that occurrence is passed: searches for closers
    that never come cost linear time in total instead of a rescan per opener.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self.memo: dict[object, tuple[int, int]] = {}

    # a remembered (asked from, found at) answers any later ask up to the occurrence it found
    def find(self, needle: str, pos: int) -> int:
        hit = self.memo.get(needle)
        if hit is not None and hit[0] <= pos and (hit[1] < 0 or hit[1] >= pos):
            return hit[1]
        at = self.text.find(needle, pos)
        self.memo[needle] = (pos, at)
        return at

    def search(self, pattern: re.Pattern[str], pos: int) -> int:
        hit = self.memo.get(pattern)
        if hit is not None and hit[0] <= pos and (hit[1] < 0 or hit[1] >= pos):
            return hit[1]
        m = pattern.search(self.text, pos)
        at = m.start() if m else -1
        self.memo[pattern] = (pos, at)
        return at

    def before_break(self, start: int, end: int) -> bool:
        """Whether ``text[start:end]`` holds no blank line."""
        gap = self.find("\n\n", start)
        return gap < 0 or gap + 2 > end
