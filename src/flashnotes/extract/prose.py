"""A prose block ready for the extractors: masked text, spans, and offset-to-line mapping."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from typing import Any

from flashnotes.extract.inline import MASKED, MATH_BASE, Span, SpanKind, masking, render, span_at
from flashnotes.extract.patterns import lazy
from flashnotes.extract.text import CJK, CJK_PUNCT, sentences

# A line break inside CJK text is not a space: it becomes this invisible
# separator, which keeps offsets (and so line numbers) intact.
SOFT_BREAK = "\u2063"
# Compiled when first needed (the CJK ranges are slow to compile); in ASCII text only the
# Markdown marks around a line break can join it.
# Each pattern opens with the line break itself, which the engine finds at C speed, and only
# then looks at the character before it (a lookbehind first would be tried at every character).
_CJK_BREAK_ASCII = lazy("\n(?<=[*`$]\n)(?=[ \t]*[*`$])")


_CJK_BREAK = lazy(f"\n(?:(?<=[{CJK}{CJK_PUNCT}*`$]\n)(?=[ \t]*[{CJK}*`$“「])|(?<=[{CJK}]\n)(?=[ \t]*[{CJK_PUNCT}]))")


@dataclass(frozen=True, slots=True)
class Prose:
    """Masked prose of one block starting at ``line``, with the spans it hides.

    What the rules ask of a block again and again (its sentences, the display-math
    characters, line numbers) is computed once per block and then looked up, so every
    rule stays linear in the block however many matches it finds.
    """

    masked: str
    spans: tuple[Span, ...]
    line: int
    flat: bool = False
    _cache: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    def sentences(self) -> list[tuple[int, str]]:
        """The masked text split into (offset, sentence) pairs, computed once."""
        found = self._cache.get("sentences")
        if found is None:
            found = self._cache["sentences"] = sentences(self.masked)
        return found

    def sentence_spans(self) -> list[tuple[int, int]]:
        """(start, end) offsets of every sentence, computed once."""
        spans = self._cache.get("spans")
        if spans is None:
            spans = self._cache["spans"] = [(off, off + len(s)) for off, s in self.sentences()]
        return spans

    def sentence_starts(self) -> list[int]:
        """The offset where each sentence starts, computed once (do not modify)."""
        starts = self._cache.get("starts")
        if starts is None:
            starts = self._cache["starts"] = [off for off, _ in self.sentences()]
        return starts

    def sentence_ends(self) -> list[int]:
        """The offset where each sentence ends, computed once (do not modify)."""
        ends = self._cache.get("ends")
        if ends is None:
            ends = self._cache["ends"] = [end for _, end in self.sentence_spans()]
        return ends

    def sentence_at(self, pos: int) -> tuple[int, int]:
        """The (start, end) of the sentence holding ``pos``; the last sentence when none does."""
        spans = self.sentence_spans()
        i = bisect_right(self.sentence_starts(), pos) - 1
        if i >= 0 and pos < spans[i][1]:
            return spans[i]
        return (0, 0) if not spans else spans[-1]

    def sentences_before(self, end: int, count: int = 1, within: int | None = None) -> list[tuple[int, str]]:
        """The last ``count`` sentences of ``masked[:end]``, as :func:`sentences` would split that prefix.

        Only the tail from the ``count``-th last sentence starting before ``end`` is split again:
        every sentence boundary before that start is decided by text before ``end``, so it is the
        same in the prefix as in the whole block. With ``within``, at most that many characters
        before ``end`` are looked at, so a block with no sentence end is not split again whole
        for each formula in it (the first sentence returned may then be a sentence's tail).
        """
        i = bisect_left(self.sentence_starts(), end) - count
        window = self.sentence_starts()[i] if i >= 0 else 0
        if within is not None:
            window = max(window, end - within)
        tail = sentences(self.masked[window:end])
        return [(window + offset, sentence) for offset, sentence in tail[-count:]]

    def text(self, start: int = 0, end: int | None = None) -> str:
        """Rendered card text for ``masked[start:end]``; the whole block's is rendered once."""
        whole = start == 0 and end is None
        if whole and "text" in self._cache:
            return str(self._cache["text"])
        piece = self.masked[start:end].replace(SOFT_BREAK, "")
        rendered = render(piece, self.spans)
        if whole:
            self._cache["text"] = rendered
        return rendered

    @property
    def display_chars(self) -> frozenset[str]:
        """The masked characters that stand for display math: clause boundaries for the rules."""
        chars = self._cache.get("display")
        if chars is None:
            chars = self._cache["display"] = frozenset(
                chr(MATH_BASE + i) for i, span in enumerate(self.spans) if span.display and span.kind is SpanKind.MATH
            )
        return chars

    def _breaks(self) -> list[int]:
        """Offsets of every line break in the masked text, one entry per source line it ends."""
        breaks = self._cache.get("breaks")
        if breaks is None:
            weighted: list[tuple[int, int]] = [(m.start(), 1) for m in _BREAK.finditer(self.masked)]
            if any("\n" in span.content for span in self.spans):
                for m in MASKED.finditer(self.masked):
                    span = span_at(m.group(), self.spans)
                    if span is not None and "\n" in span.content:
                        weighted.append((m.start(), span.content.count("\n")))
                weighted.sort()
            breaks = self._cache["breaks"] = [pos for pos, times in weighted for _ in range(times)]
        return breaks

    def line_at(self, offset: int) -> int:
        """The 1-based source line of a masked offset."""
        return self.line + bisect_left(self._breaks(), offset)


_BREAK = lazy(f"[\n{SOFT_BREAK}]")


def make_prose(raw: str, line: int, flat: bool = False) -> Prose:
    """Scan a block's raw Markdown into Prose; ``flat`` for plain text that lost its structure."""
    if "\n" in raw:
        raw = (_CJK_BREAK_ASCII if raw.isascii() else _CJK_BREAK).sub(SOFT_BREAK, raw)
    masked, spans = masking(raw)
    return Prose(masked, spans, line, flat)
