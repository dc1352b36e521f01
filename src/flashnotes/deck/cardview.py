"""A note as Anki shows it: its fields poured into the note type's own templates.

Only what flashnotes' two note types use is supported: ``{{Field}}``,
``{{FrontSide}}`` and ``{{cloze:Field}}``, with Anki's markup for deletions
(``[...]`` or the hint on the front, ``<span class="cloze">`` around the
answer). A cloze note makes one Anki card per deletion number.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from flashnotes.deck import anki

_FIELD = re.compile(r"\{\{([^{}]+)\}\}")
_CLOZE = re.compile(r"\{\{c(\d+)::(.*?)(?:::((?:(?!\}\}).)*))?\}\}", re.S)


@dataclass(frozen=True, slots=True)
class Side:
    """One Anki card of a note: the question and the answer, as HTML."""

    front: str
    back: str


_NAMED = {'"': "&quot;", "&": "&amp;", "<": "&lt;", ">": "&gt;"}


def _attribute(text: str) -> str:
    """Text for Anki's ``data-cloze`` attribute, escaped as Anki escapes it (ASCII other than letters and digits)."""
    return "".join(ch if not ch.isascii() or ch.isalnum() else _NAMED.get(ch, f"&#x{ord(ch):02X};") for ch in text)


def _cloze(text: str, ordinal: int, answer: bool) -> str:
    def swap(m: re.Match[str]) -> str:
        n, body, hint = int(m.group(1)), m.group(2), m.group(3)
        if n != ordinal:
            return f'<span class="cloze-inactive" data-ordinal="{n}">{body}</span>'
        if answer:
            return f'<span class="cloze" data-ordinal="{n}">{body}</span>'
        hidden = _attribute(body)
        return f'<span class="cloze" data-cloze="{hidden}" data-ordinal="{n}">[{hint or "..."}]</span>'

    return _CLOZE.sub(swap, text)


def fill(template: str, fields: dict[str, str], *, front_side: str = "", ordinal: int = 1, answer: bool = False) -> str:
    """One template with the note's fields put in."""

    def put(m: re.Match[str]) -> str:
        name = m.group(1).strip()
        if name == "FrontSide":
            return front_side
        if name.startswith("cloze:"):
            return _cloze(fields.get(name[len("cloze:") :], ""), ordinal, answer)
        return fields.get(name, "")

    return _FIELD.sub(put, template)


def ordinals(text: str) -> list[int]:
    """The deletion numbers of a cloze text, in order (each is its own Anki card)."""
    return sorted({int(n) for n in re.findall(r"\{\{c(\d+)::", text)}) or [1]


def sides(fields: tuple[str, str, str], cloze: bool) -> list[Side]:
    """Every Anki card a note makes, rendered with the package's own templates."""
    if not cloze:
        named = {"Front": fields[0], "Back": fields[1], "Source": fields[2]}
        front = fill(anki.BASIC_FRONT, named)
        return [Side(front, fill(anki.BASIC_BACK, named, front_side=front))]
    named = {"Text": fields[0], "Extra": fields[1], "Source": fields[2]}
    out = []
    for n in ordinals(fields[0]):
        front = fill(anki.CLOZE_FRONT, named, ordinal=n)
        out.append(Side(front, fill(anki.CLOZE_BACK, named, front_side=front, ordinal=n, answer=True)))
    return out
