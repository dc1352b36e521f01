"""Cloze deletions, ``{{c1::…}}`` and ``==…==``, found in masked prose.

Code, math, HTML and template tags are masked or dropped before a deletion is
looked for, so a deletion can never start or end inside one of them (a cloze
in a code span is text, not a deletion), and each marker's body stops at the
next marker, so the scan is linear even when markers are never closed.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from flashnotes.extract.inline import render
from flashnotes.extract.patterns import lazy
from flashnotes.extract.prose import SOFT_BREAK, make_prose

_DELETION = lazy(r"\{\{c(\d+)::([^{}\n]*)\}\}")
_HIGHLIGHT = lazy(r"==(?=[^\s{}])((?:(?!==)[^{}\n])+?)(?<=\S)==")


@dataclass(frozen=True, slots=True)
class Cloze:
    """A cloze card's text: ``front`` with its deletions marked, ``back`` with them revealed."""

    front: str
    back: str


def _reveal(m: re.Match[str]) -> str:
    return m.group(2).split("::", 1)[0]


def find_cloze(raw: str, line: int) -> Cloze | None:
    """The cloze card a block's raw Markdown makes, if it has a deletion outside code, math and tags."""
    if "{{c" not in raw and "==" not in raw:  # masking only removes text: nothing to find
        return None
    prose = make_prose(raw, line)
    masked = prose.masked.replace(SOFT_BREAK, "")
    if "{{c" not in masked and "==" not in masked:
        return None
    counter = itertools.count(1)
    marked = _HIGHLIGHT.sub(lambda m: f"{{{{c{next(counter)}::{m.group(1)}}}}}", masked)
    if _DELETION.search(marked) is None:
        return None
    return Cloze(render(marked, prose.spans), render(_DELETION.sub(_reveal, marked), prose.spans))
