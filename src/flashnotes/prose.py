"""A prose block ready for the extractors: masked text, spans, and offset-to-line mapping."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from flashnotes.inline import MATH_BASE, Span, SpanKind, render, scan, span_at
from flashnotes.text import CJK, CJK_PUNCT

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
    _breaks: list[int] = field(default_factory=list, compare=False, repr=False)

    def text(self, start: int = 0, end: int | None = None) -> str:
        """Rendered card text for ``masked[start:end]``."""
        piece = self.masked[start:end].replace(SOFT_BREAK, "")
        return render(piece, self.spans)

    @property
    def display_chars(self) -> frozenset[str]:
        """The masked characters that stand for display math: clause boundaries for the rules."""
        return frozenset(chr(MATH_BASE + i) for i, span in enumerate(self.spans) if span.display and span.kind is SpanKind.MATH)

    def line_at(self, offset: int) -> int:
        """The 1-based source line of a masked offset."""
        if not self._breaks:
            self._breaks.append(-1)
            for i, ch in enumerate(self.masked):
                if ch in ("\n", SOFT_BREAK):
                    self._breaks.append(i)
                else:
                    span = span_at(ch, self.spans)
                    if span is not None:
                        self._breaks.extend([i] * span.content.count("\n"))
        count = 0
        for pos in self._breaks[1:]:
            if pos >= offset:
                break
            count += 1
        return self.line + count


def make_prose(raw: str, line: int, flat: bool = False) -> Prose:
    """Scan a block's raw Markdown into Prose; ``flat`` for plain text that lost its structure."""
    inline = scan(_CJK_BREAK.sub(SOFT_BREAK, raw))
    return Prose(inline.masked, inline.spans, line, flat)
