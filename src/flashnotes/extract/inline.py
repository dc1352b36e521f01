"""Inline scanning: math, code, links and HTML recognised before any rule looks at prose.

Math and code spans are replaced in the *masked* text by one private-use
character each, so sentence and definition rules can never see (or break)
LaTeX, and the original is restored exactly when a card is rendered.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum

MATH_BASE = 0xF0000
CODE_BASE = 0x100000
MAX_SPANS = 0xFFFD


class SpanKind(Enum):
    """What a masked span holds."""

    MATH = "math"
    CODE = "code"
    IMAGE = "image"


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
    r"|(?P<image>!\[(?P<alt>[^\]\n]*)\]\((?P<src>[^)\s]*)(?:\s+\"[^\"\n]*\")?\))"
    r"|(?P<link>\[(?P<ltext>(?:[^\[\]\n]|\[[^\[\]\n]*\])*)\]\((?P<lurl>[^)\s]*)(?:\s+\"[^\"\n]*\")?\))"
    r"|(?P<html><!--.*?-->|</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>)"
    r"|(?P<entity>&(?:[A-Za-z]+|#\d+|#x[0-9A-Fa-f]+);)",
    re.S,
)

_CANDIDATE = re.compile(r"[\\:{`$!\[<&]")


def _next_token(text: str, pos: int) -> re.Match[str] | None:
    """The next token at or after ``pos``: jump between candidate characters, then match there."""
    while True:
        c = _CANDIDATE.search(text, pos)
        if c is None:
            return None
        m = _TOKEN.match(text, c.start())
        if m is not None:
            return m
        pos = c.start() + 1


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


def _scan_into(text: str, b: _Builder) -> None:
    pos = 0
    while pos < len(text):
        m = _next_token(text, pos)
        if m is None:
            b.text(text[pos:])
            return
        b.text(text[pos : m.start()])
        pos = _HANDLERS[m.lastgroup or ""](text, m, b)


Handler = Callable[[str, re.Match[str], "_Builder"], int]


def _literal(text: str, m: re.Match[str], b: _Builder) -> int:
    b.text(m.group()[1])
    return m.end()


def _drop(text: str, m: re.Match[str], b: _Builder) -> int:
    return m.end()


def _code(text: str, m: re.Match[str], b: _Builder) -> int:
    run = m.group()
    close = _find_run(text, run, m.end())
    if close < 0:
        b.text(run)
        return m.end()
    b.span(SpanKind.CODE, text[m.end() : close].strip())
    return close + len(run)


def _paren(text: str, m: re.Match[str], b: _Builder) -> int:
    closer = "\\\\)" if m.lastgroup == "dd" else "\\)"
    close = text.find(closer, m.end(), m.end() + 2000)
    content = text[m.end() : close] if close >= 0 else ""
    if close < 0 or not content.strip() or content.strip().isdigit():
        b.text("(")
        return m.end()
    b.span(SpanKind.MATH, content)
    return close + len(closer)


def _bracket(text: str, m: re.Match[str], b: _Builder) -> int:
    close = text.find("\\]", m.end(), m.end() + 4000)
    content = text[m.end() : close] if close >= 0 else ""
    if close < 0 or not _looks_like_math(content):
        b.text("[")
        return m.end()
    b.span(SpanKind.MATH, content, display=True)
    return close + 2


def _environment(text: str, m: re.Match[str], b: _Builder) -> int:
    closer = "\\end{" + m.group("envname") + "}"
    close = text.find(closer, m.end())
    if close < 0:
        b.text(m.group())
        return m.end()
    end = close + len(closer)
    b.span(SpanKind.MATH, text[m.start() : end], display=True)
    return end


def _double_dollar(text: str, m: re.Match[str], b: _Builder) -> int:
    close = text.find("$$", m.end())
    content = text[m.end() : close] if close >= 0 else ""
    if close < 0 or not content.strip() or "\n\n" in content:
        b.text("$$")
        return m.end()
    b.span(SpanKind.MATH, content)
    return close + 2


def _dollar(text: str, m: re.Match[str], b: _Builder) -> int:
    close = _close_dollar(text, m.end())
    if close < 0 or _is_shell_variable(text, m.end(), close):
        b.text("$")
        return m.end()
    b.span(SpanKind.MATH, text[m.end() : close])
    return close + 1


def _image(text: str, m: re.Match[str], b: _Builder) -> int:
    if m.group("src"):
        b.span(SpanKind.IMAGE, m.group("src"))
    return m.end()


_IMG_SRC = re.compile(r"""<img\b[^>]*?\bsrc\s*=\s*["']?([^"'\s>]+)""", re.I)


def _link(text: str, m: re.Match[str], b: _Builder) -> int:
    _scan_into(m.group("ltext"), b)
    return m.end()


def _html(text: str, m: re.Match[str], b: _Builder) -> int:
    tag = m.group()
    if _BREAK_TAGS.match(tag):
        b.text(" ")
    elif src := _IMG_SRC.match(tag):
        b.span(SpanKind.IMAGE, src.group(1))
    return m.end()


def _entity(text: str, m: re.Match[str], b: _Builder) -> int:
    b.text(html.unescape(m.group()))
    return m.end()


_HANDLERS: dict[str, Handler] = {
    "esc": _literal,
    "role": _drop,
    "liquid": _drop,
    "image": _image,
    "code": _code,
    "dd": _paren,
    "paren": _paren,
    "brack": _bracket,
    "env": _environment,
    "dollar2": _double_dollar,
    "dollar": _dollar,
    "link": _link,
    "html": _html,
    "entity": _entity,
}


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


_EMPHASIS = re.compile(
    r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1|(?<![\w*])\*(?=[^\s*])(.+?)(?<=[^\s*])\*(?!\w)|(?<![\w_])_(?=\S)([^_]+?)(?<=\S)_(?![\w_])|~~(.+?)~~|==(.+?)=="
)
_SPACES = re.compile(r"[ \t\n]+")


def strip_emphasis(masked: str) -> str:
    """Remove Markdown emphasis markers, keeping the words they wrap."""
    prev = None
    while prev != masked:
        prev = masked
        masked = _EMPHASIS.sub(lambda m: next(g for g in m.groups()[1:] if g is not None), masked)
    return masked


MASKED = re.compile("[\U000f0000-\U000ffffd\U00100000-\U0010fffd]")


def unmasked(text: str) -> str:
    """The text with every math and code placeholder removed."""
    return MASKED.sub("", text)


def render(masked: str, spans: tuple[Span, ...], *, math: bool = True) -> str:
    """Plain card text: emphasis dropped, math as ``\\( \\)``/``\\[ \\]``, code as its content."""

    def restore(m: re.Match[str]) -> str:
        span = span_at(m.group(), spans)
        if span is None:
            return m.group()
        if span.kind is SpanKind.CODE:
            return span.content
        if span.kind is SpanKind.IMAGE:
            return f" ![]({span.content}) "
        if not math:
            return span.content.strip()
        if span.display:
            return "\\[" + span.content.strip() + "\\]"
        return "\\(" + span.content.strip() + "\\)"

    text = strip_emphasis(masked) if ("*" in masked or "_" in masked or "~" in masked or "=" in masked) else masked
    if spans:
        text = MASKED.sub(restore, text)
    return _SPACES.sub(" ", text).strip()


def is_masked(ch: str) -> bool:
    """Whether a character stands for a math or code span."""
    code = ord(ch)
    return MATH_BASE <= code < MATH_BASE + MAX_SPANS or CODE_BASE <= code < CODE_BASE + MAX_SPANS


def span_at(ch: str, spans: tuple[Span, ...]) -> Span | None:
    """The span a masked character stands for, or None for an ordinary character."""
    code = ord(ch)
    if MATH_BASE <= code < MATH_BASE + len(spans):
        return spans[code - MATH_BASE]
    if CODE_BASE <= code < CODE_BASE + len(spans):
        return spans[code - CODE_BASE]
    return None
