"""The last check every card passes: what CARDS.md promises of any card, verified on its final text.

Front and back are non-empty, every formula has balanced braces (an answer cut
inside a formula would render as garbage), and a cloze front holds well-formed
deletions outside its formulas while its back holds none. A card that breaks
the contract is dropped rather than shipped; the rules that made it are the
place to fix.
"""

from __future__ import annotations

import re

from flashnotes.extract.patterns import lazy
from flashnotes.model import Kind

_MATH = lazy(r"\\\((.+?)\\\)|\\\[(.+?)\\\]", re.S)
_ESCAPED_BRACE = lazy(r"\\[{}]")
_CLOZE_MARK = lazy(r"\{\{c\d+::|\}\}")


def balanced(latex: str) -> bool:
    """Whether ``{`` and ``}`` (not ``\\{``/``\\}``) pair up in order."""
    depth = 0
    for ch in _ESCAPED_BRACE.sub("", latex):
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
            if depth < 0:
                return False
    return depth == 0


def _formulas_balanced(text: str) -> bool:
    if "\\" not in text:  # every formula opens with a backslash: none here
        return True
    return all(balanced(m.group(1) or m.group(2) or "") for m in _MATH.finditer(text))


def _deletions_well_formed(front: str) -> bool:
    """At least one ``{{cN::…}}`` outside formulas, none nested, none left open."""
    marks = _CLOZE_MARK.findall(_MATH.sub(" ", front))
    opens = [m for m in marks if m != "}}"]
    if not opens or len(marks) != 2 * len(opens):
        return False
    return all((m == "}}") == (i % 2 == 1) for i, m in enumerate(marks))


def keeps_contract(kind: Kind, front: str, back: str) -> bool:
    """Whether a card's text keeps the promises every card makes (see the module docstring)."""
    if not front.strip() or not back.strip():
        return False
    if not (_formulas_balanced(front) and _formulas_balanced(back)):
        return False
    if kind is Kind.CLOZE:
        return _deletions_well_formed(front) and "{{c" not in _MATH.sub(" ", back)
    return True
