"""Cheap whole-article tests that tell whether a stage can find anything, so its module is not even imported.

A small article pays for every module it imports: an article that never gives a worked
example (``Example 1: … Input: …``) leaves the exercise finder unloaded.
"""

from __future__ import annotations

import re

from flashnotes.extract.patterns import lazy

EXAMPLE_WORD = lazy(r"示例|样例|Example", re.I)
INPUT_WORD = lazy(r"(?:输入|Input)\s*[:：]", re.I)


def might_have_exercise(text: str) -> bool:
    """A cheap test: could the article hold a worked-example problem at all?

    The first example marker, then an input marker after it. A case-blind search tries
    every position of the article; here ``str.find`` jumps to the only characters a
    marker can hold there (case-blind, ``x`` matches only ``x``/``X`` and ``p`` only
    ``p``/``P``) and the patterns are tried at those places alone, with the same answer.
    """
    start = _first_example(text)
    return start is not None and _input_after(text, start)


def _first_example(text: str) -> int | None:
    """Where ``EXAMPLE_WORD.search(text)`` would match: the first ``示例``/``样例``, or ``Example`` by its ``x``."""
    found = [at for at in (text.find("示例"), text.find("样例")) if at >= 0]
    for x in "xX":
        at = text.find(x, 1)
        while at > 0 and EXAMPLE_WORD.match(text, at - 1) is None:
            at = text.find(x, at + 1)
        if at > 0:
            found.append(at - 1)
    return min(found) if found else None


def _input_after(text: str, start: int) -> bool:
    """Whether ``INPUT_WORD.search(text, start)`` would match: at a ``输入``, or at an ``Input`` by its ``p``."""
    at = text.find("输入", start)
    while at >= 0:
        if INPUT_WORD.match(text, at) is not None:
            return True
        at = text.find("输入", at + 1)
    for p in "pP":
        at = text.find(p, start + 2)
        while at >= 0:
            if INPUT_WORD.match(text, at - 2) is not None:
                return True
            at = text.find(p, at + 1)
    return False
