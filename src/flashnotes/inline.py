"""Inline scanning: math, code, links and HTML recognised before any rule looks at prose.

Math and code spans are replaced in the *masked* text by one private-use
character each, so sentence and definition rules can never see (or break)
LaTeX, and the original is restored exactly when a card is rendered.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from enum import Enum

MATH_BASE = 0xF0000
CODE_BASE = 0x100000
MAX_SPANS = 0xFFFD


class SpanKind(Enum):
    """What a masked span holds."""

    MATH = "math"
    CODE = "code"


@dataclass(frozen=True, slots=True)
class Span:
    """A math or code span lifted out of the prose; ``display`` for block-style math."""

    kind: SpanKind
    content: str
    display: bool = False


@dataclass(frozen=True, slots=True)
class Inline:
    """Prose with math and code masked; ``spans[i]`` sits at the i-th private-use character."""

    masked: str
    spans: tuple[Span, ...]


_TOKEN = re.compile(
    r"(?P<role>:[a-z]+:`[^`\n]*`)"
    r"|(?P<liquid>\{%.*?%\})"
    r"|(?P<code>`+)"
    r"|(?P<dd>\\\\\()"
    r"|(?P<paren>\\\()"
    r"|(?P<brack>\\\[)"
    r"|(?P<esc>\\[$\\*_`\]#)])"
    r"|(?P<env>\\begin\{(?P<envname>[A-Za-z]+\*?)\})"
    r"|(?P<dollar2>\$\$)"
    r"|(?P<dollar>\$)"
    r"|(?P<image>!\[[^\]\n]*\]\([^)\n]*\))"
    r"|(?P<link>\[(?P<ltext>(?:[^\[\]\n]|\[[^\[\]\n]*\])*)\]\((?P<lurl>[^)\s]*)(?:\s+\"[^\"\n]*\")?\))"
    r"|(?P<html><!--.*?-->|</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>)"
    r"|(?P<entity>&(?:[A-Za-z]+|#\d+|#x[0-9A-Fa-f]+);)",
    re.S,
)

_MATHY = re.compile(r"[\\^_=+{}<>|]|[A-Za-z]\(|\d\s*[-*/]")
_BREAK_TAGS = re.compile(r"<(?:br|p|div|li|tr|pre)\b", re.I)


def _looks_like_math(content: str) -> bool:
    return bool(content.strip()) and "\\[" not in content and _MATHY.search(content) is not None


def _close_dollar(text: str, start: int) -> int:
    """Index of the ``$`` closing an inline formula opened just before ``start``, or -1."""
    if start >= len(text) or text[start] in " \t\n$":
        return -1
    pos = start
    while True:
        end = text.find("$", pos)
        if end < 0:
            return -1
        if "\n\n" in text[start:end]:
            return -1
        if text[end - 1] == "\\":
            pos = end + 1
            continue
        if text[end - 1] in " \t\n" or (end + 1 < len(text) and text[end + 1].isdigit()):
            pos = end + 1
            if pos - start > 400:
                return -1
            continue
        return end


class _Builder:
    def __init__(self) -> None:
        self.parts: list[str] = []
        self.spans: list[Span] = []

    def text(self, s: str) -> None:
        self.parts.append(s)

    def span(self, kind: SpanKind, content: str, display: bool = False) -> None:
        if len(self.spans) >= MAX_SPANS:
            self.parts.append(content)
            return
        base = MATH_BASE if kind is SpanKind.MATH else CODE_BASE
        self.parts.append(chr(base + len(self.spans)))
        self.spans.append(Span(kind, content, display))


def scan(text: str) -> Inline:
    """Mask math and code in ``text``; drop images, HTML tags and link targets."""
    b = _Builder()
    _scan_into(text, b)
    return Inline("".join(b.parts), tuple(b.spans))


def _scan_into(text: str, b: _Builder) -> None:  # noqa: C901 - one dispatch over token kinds
    pos = 0
    n = len(text)
    while pos < n:
        m = _TOKEN.search(text, pos)
        if m is None:
            b.text(text[pos:])
            return
        b.text(text[pos : m.start()])
        kind = m.lastgroup
        end = m.end()
        if kind == "esc":
            b.text(m.group()[1])
        elif kind in ("role", "liquid", "image"):
            pass
        elif kind == "code":
            run = m.group()
            close = _find_run(text, run, end)
            if close < 0:
                b.text(run)
            else:
                b.span(SpanKind.CODE, text[end:close].strip())
                end = close + len(run)
        elif kind in ("dd", "paren"):
            closer = "\\\\)" if kind == "dd" else "\\)"
            close = text.find(closer, end, end + 2000)
            content = text[end:close] if close >= 0 else ""
            if close < 0 or not content.strip() or content.strip().isdigit():
                b.text("(")
            else:
                b.span(SpanKind.MATH, content)
                end = close + len(closer)
        elif kind == "brack":
            close = text.find("\\]", end, end + 4000)
            content = text[end:close] if close >= 0 else ""
            if close < 0 or not _looks_like_math(content):
                b.text("[")
            else:
                b.span(SpanKind.MATH, content, display=True)
                end = close + 2
        elif kind == "env":
            closer = "\\end{" + m.group("envname") + "}"
            close = text.find(closer, end)
            if close < 0:
                b.text(m.group())
            else:
                end = close + len(closer)
                b.span(SpanKind.MATH, text[m.start() : end], display=True)
        elif kind == "dollar2":
            close = text.find("$$", end)
            if close < 0 or not text[end:close].strip() or "\n\n" in text[end:close]:
                b.text("$$")
            else:
                b.span(SpanKind.MATH, text[end:close])
                end = close + 2
        elif kind == "dollar":
            close = _close_dollar(text, end)
            if close < 0 or _is_shell_variable(text, end, close):
                b.text("$")
            else:
                b.span(SpanKind.MATH, text[end:close])
                end = close + 1
        elif kind == "link":
            _scan_into(m.group("ltext"), b)
        elif kind == "html":
            if _BREAK_TAGS.match(m.group()):
                b.text(" ")
        elif kind == "entity":
            b.text(html.unescape(m.group()))
        pos = end


def _find_run(text: str, run: str, start: int) -> int:
    pos = start
    while True:
        close = text.find(run, pos)
        if close < 0:
            return -1
        after = close + len(run)
        if after < len(text) and text[after] == "`":
            pos = after
            while pos < len(text) and text[pos] == "`":
                pos += 1
            continue
        return close


_SHELL = re.compile(r"[A-Z_]{2,}[A-Z0-9_]*(?=[/\s.,;:'\"]|$)")


def _is_shell_variable(text: str, start: int, close: int) -> bool:
    """``$HOME/$USER``-style text: an upper-case identifier followed by prose, not math."""
    return _SHELL.match(text, start, close + 1) is not None


_EMPHASIS = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1|(?<![\w*])\*(?=[^\s*])(.+?)(?<=[^\s*])\*(?!\w)|(?<![\w_])_(?=\S)([^_]+?)(?<=\S)_(?![\w_])|~~(.+?)~~|==(.+?)==")
_SPACES = re.compile(r"[ \t\n]+")


def strip_emphasis(masked: str) -> str:
    """Remove Markdown emphasis markers, keeping the words they wrap."""
    prev = None
    while prev != masked:
        prev = masked
        masked = _EMPHASIS.sub(lambda m: next(g for g in m.groups()[1:] if g is not None), masked)
    return masked


def render(masked: str, spans: tuple[Span, ...], *, math: bool = True) -> str:
    """Plain card text: emphasis dropped, math as ``\\( \\)``/``\\[ \\]``, code as its content."""
    out: list[str] = []
    for ch in strip_emphasis(masked):
        code = ord(ch)
        if MATH_BASE <= code < MATH_BASE + MAX_SPANS and code - MATH_BASE < len(spans):
            span = spans[code - MATH_BASE]
            if not math:
                out.append(span.content.strip())
            elif span.display:
                out.append("\\[" + span.content.strip() + "\\]")
            else:
                out.append("\\(" + span.content.strip() + "\\)")
        elif CODE_BASE <= code < CODE_BASE + MAX_SPANS and code - CODE_BASE < len(spans):
            out.append(spans[code - CODE_BASE].content)
        else:
            out.append(ch)
    return _SPACES.sub(" ", "".join(out)).strip()


def is_masked(ch: str) -> bool:
    """Whether a character stands for a math or code span."""
    code = ord(ch)
    return MATH_BASE <= code < MATH_BASE + MAX_SPANS or CODE_BASE <= code < CODE_BASE + MAX_SPANS


def is_math(ch: str) -> bool:
    """Whether a character stands for a math span."""
    return MATH_BASE <= ord(ch) < MATH_BASE + MAX_SPANS


def span_at(ch: str, spans: tuple[Span, ...]) -> Span | None:
    """The span a masked character stands for, or None for an ordinary character."""
    code = ord(ch)
    if MATH_BASE <= code < MATH_BASE + len(spans):
        return spans[code - MATH_BASE]
    if CODE_BASE <= code < CODE_BASE + len(spans):
        return spans[code - CODE_BASE]
    return None
