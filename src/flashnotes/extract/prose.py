"""A prose block ready for the extractors: masked text, spans, and offset-to-line mapping."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from flashnotes.extract.inline import MASKED, MATH_BASE, Span, SpanKind, render, scan, span_at
from flashnotes.extract.text import CJK, CJK_PUNCT, sentences

# A line break inside CJK text is not a space: it becomes this invisible
# separator, which keeps offsets (and so line numbers) intact.
SOFT_BREAK = "\u2063"
_CJK_BREAK = re.compile(f"(?<=[{CJK}{CJK_PUNCT}*`$])\n(?=[ \t]*[{CJK}*`$“「])|(?<=[{CJK}])\n(?=[ \t]*[{CJK_PUNCT}])")


@dataclass(frozen=True, slots=True)
class Prose:
    """Masked prose of one block starting at ``line``, with the spans it hides."""

    masked: str
    spans: tuple[Span, ...]
    line: int
    flat: bool = False
    _breaks: list[int] | None = field(default=None, compare=False, repr=False)
    _sentences: list[list[tuple[int, str]]] = field(default_factory=list, compare=False, repr=False)

    def sentences(self) -> list[tuple[int, str]]:
        """The masked text split into (offset, sentence) pairs, computed once."""
        if not self._sentences:
            self._sentences.append(sentences(self.masked))
        return self._sentences[0]

    def text(self, start: int = 0, end: int | None = None) -> str:
        """Rendered card text for ``masked[start:end]``."""
        piece = self.masked[start:end].replace(SOFT_BREAK, "")
        return render(piece, self.spans)

    @property
    def display_chars(self) -> frozenset[str]:
        """The masked characters that stand for display math: clause boundaries for the rules."""
        return frozenset(
            chr(MATH_BASE + i) for i, span in enumerate(self.spans) if span.display and span.kind is SpanKind.MATH
        )

    def line_at(self, offset: int) -> int:
        """The 1-based source line of a masked offset."""
        lines = self.line + self.masked.count("\n", 0, offset) + self.masked.count(SOFT_BREAK, 0, offset)
        if self._breaks is None or self._breaks:
            for m in MASKED.finditer(self.masked, 0, offset):
                span = span_at(m.group(), self.spans)
                if span is not None:
                    lines += span.content.count("\n")
        return lines


def make_prose(raw: str, line: int, flat: bool = False) -> Prose:
    """Scan a block's raw Markdown into Prose; ``flat`` for plain text that lost its structure."""
    inline = scan(_CJK_BREAK.sub(SOFT_BREAK, raw) if "\n" in raw else raw)
    multiline = [1] if any("\n" in span.content for span in inline.spans) else []
    return Prose(inline.masked, inline.spans, line, flat, multiline)
