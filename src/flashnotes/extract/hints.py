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

    Two linear searches: the first example marker, then an input marker after it.
    """
    m = EXAMPLE_WORD.search(text)
    return m is not None and INPUT_WORD.search(text, m.start()) is not None
