"""Inline scanning: math, code, links and HTML recognised before any rule looks at prose.

Math and code spans are replaced in the *masked* text by one private-use
character each, so sentence and definition rules can never see (or break)
LaTeX, and the original is restored exactly when a card is rendered.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from functools import lru_cache

from flashnotes.extract.finder import Finder
from flashnotes.extract.patterns import lazy

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


# Every alternative opens with a literal character, its name's group after it (the group that
# closes last, so ``m.lastgroup`` names the token): the engine then skips to the next character
# any token starts with at C speed, and tries the alternatives, in this order, only there.
_TOKEN = lazy(
    r":(?P<role>[a-z]+:`[^`\n]*`)"
    r"|\{(?P<liquid>%)"
    r"|`(?P<code>`*)"
    r"|\\(?P<dd>\\\()"
    r"|\\(?P<paren>\()"
    r"|\\(?P<brack>\[)"
    r"|\\(?P<esc>[$\\*_`\]#)])"
    r"|\\(?P<env>begin\{(?P<envname>[A-Za-z]+\*?)\})"
    r"|\$(?P<dollar2>\$)"
    r"|\$(?P<dollar>)"
    r"|!(?P<image>\[(?P<alt>[^\[\]\n]*)\]\((?P<src>[^()\[\]\s]*)(?:\s+\"[^\"\n]*\")?\))"
    r"|\[(?P<link>(?P<ltext>(?:[^\[\]\n]|\[[^\[\]\n]*\])*)\]\((?P<lurl>[^()\[\]\s]*)(?:\s+\"[^\"\n]*\")?\))"
    r"|<(?P<comment>!--)"
    r"|<(?P<html>/?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>)"
    r"|&(?P<entity>(?:[A-Za-z]+|#\d+|#x[0-9A-Fa-f]+);)",
)
# Every alternative above stops at the next character that could start another token
# (or at a line end), so trying them at every candidate costs linear time in total.

_MATHY = lazy(r"[\\^_=+{}<>|]|[A-Za-z]\(|\d\s*[-*/]")
_BREAK_TAGS = lazy(r"<(?:br|p|div|li|tr|pre)\b", re.I)
# Both open with the ``$`` itself (found at C speed) and only then look at the character before it.
_DOLLAR_CLOSE = lazy(r"\$(?<![\\\s]\$)(?!\d)")
_DOLLAR_LOOSE = lazy(r"\$(?:(?<=\s\$)|(?<!\\\$)(?=\d))")
_RUNS: dict[int, re.Pattern[str]] = {}
INLINE_MATH_LIMIT = 400


def _looks_like_math(content: str) -> bool:
    return bool(content.strip()) and "\\[" not in content and _MATHY.search(content) is not None


def _run_of(length: int) -> re.Pattern[str]:
    """A run of exactly ``length`` backticks (the run first, found at C speed, then no backtick before it)."""
    if length not in _RUNS:
        _RUNS[length] = re.compile(f"`{{{length}}}(?<!`{{{length + 1}}})(?!`)")
    return _RUNS[length]


def scan(text: str) -> Inline:
    """Mask math and code in ``text``; drop images, HTML tags and link targets. Linear in ``text``."""
    return Inline(*masking(text))


def masking(text: str) -> tuple[str, tuple[Span, ...]]:
    """:func:`scan`'s masked text and spans, for a caller that keeps them in a value of its own."""
    first = _TOKEN.search(text)
    if first is None:  # no token: the text is its own masking
        return text, ()
    scanner = _Scanner(text)
    scanner.run(first)
    return "".join(scanner.parts), tuple(scanner.spans)


class _Scanner:
    """One left-to-right pass over a text, each token handled where it starts."""

    def __init__(self, text: str, parts: list[str] | None = None, spans: list[Span] | None = None) -> None:
        self.text = text
        self.parts: list[str] = [] if parts is None else parts  # the masked text, piece by piece
        self.spans: list[Span] = [] if spans is None else spans
        self.find = Finder(text)

    def run(self, first: re.Match[str] | None = None) -> None:
        """Scan the whole text; ``first`` is its first token when the caller has found it already."""
        text, parts, next_token = self.text, self.parts, _TOKEN.search
        pos = 0
        m = first if first is not None else next_token(text)
        while m is not None:
            parts.append(text[pos : m.start()])
            pos = _HANDLERS[m.lastgroup or ""](self, m)
            m = next_token(text, pos) if pos < len(text) else None
        parts.append(text[pos:])

    def _span(self, kind: SpanKind, content: str, display: bool = False) -> None:
        n = len(self.spans)
        if n >= MAX_SPANS:
            self.parts.append(content)
            return
        self.parts.append(chr((MATH_BASE if kind is SpanKind.MATH else CODE_BASE) + n))
        self.spans.append(Span(kind, content, display))

    def _literal(self, m: re.Match[str], keep: str, resume: int | None = None) -> int:
        """Write ``keep`` as text; go on after it (or at ``resume``)."""
        self.parts.append(keep)
        return m.start() + len(keep) if resume is None else resume

    def _esc(self, m: re.Match[str]) -> int:
        self.parts.append(m.group()[1])
        return m.end()

    def _role(self, m: re.Match[str]) -> int:
        return m.end()

    def _liquid(self, m: re.Match[str]) -> int:
        close = self.find.find("%}", m.end())
        return close + 2 if close >= 0 else self._literal(m, "{%")

    def _comment(self, m: re.Match[str]) -> int:
        close = self.find.find("-->", m.end())
        return close + 3 if close >= 0 else self._literal(m, "<!--")

    def _code(self, m: re.Match[str]) -> int:
        run = m.group()
        close = self.find.search(_run_of(len(run)), m.end())
        if close < 0:
            return self._literal(m, run)
        self._span(SpanKind.CODE, self.text[m.end() : close].strip())
        return close + len(run)

    def _within(self, closer: str, start: int, limit: int) -> int:
        """Where ``closer`` next occurs wholly inside ``text[start:start + limit]``, or -1."""
        close = self.find.find(closer, start)
        return close if close >= 0 and close + len(closer) <= start + limit else -1

    def _paren(self, m: re.Match[str]) -> int:
        closer = "\\\\)" if m.lastgroup == "dd" else "\\)"
        close = self._within(closer, m.end(), 2000)
        content = self.text[m.end() : close] if close >= 0 else ""
        if close < 0 or not content.strip() or content.strip().isdigit():
            return self._literal(m, "(", m.end())
        self._span(SpanKind.MATH, content)
        return close + len(closer)

    _dd = _paren

    def _brack(self, m: re.Match[str]) -> int:
        close = self._within("\\]", m.end(), 4000)
        content = self.text[m.end() : close] if close >= 0 else ""
        if close < 0 or not _looks_like_math(content):
            return self._literal(m, "[", m.end())
        self._span(SpanKind.MATH, content, display=True)
        return close + 2

    def _env(self, m: re.Match[str]) -> int:
        closer = "\\end{" + m.group("envname") + "}"
        close = self.find.find(closer, m.end())
        if close < 0:
            self.parts.append(m.group())
            return m.end()
        end = close + len(closer)
        self._span(SpanKind.MATH, self.text[m.start() : end], display=True)
        return end

    def _dollar2(self, m: re.Match[str]) -> int:
        close = self.find.find("$$", m.end())
        content = self.text[m.end() : close] if close >= 0 else ""
        if close < 0 or not content.strip() or not self.find.before_break(m.end(), close):
            self.parts.append("$$")
            return m.end()
        self._span(SpanKind.MATH, content)
        return close + 2

    def _dollar(self, m: re.Match[str]) -> int:
        start = m.end()
        close = self._close_dollar(start)
        if close < 0 or _is_shell_variable(self.text, start, close):
            self.parts.append("$")
            return start
        self._span(SpanKind.MATH, self.text[start:close])
        return close + 1

    def _close_dollar(self, start: int) -> int:
        """Index of the ``$`` closing an inline formula opened just before ``start``, or -1.

        The closer is the first ``$`` not after a backslash or a space and not before a
        digit, within the paragraph; past ``INLINE_MATH_LIMIT`` characters a price-like
        ``$`` on the way means the first ``$`` was not math.
        """
        text = self.text
        if start >= len(text) or text[start] in " \t\n$":
            return -1
        close = self.find.search(_DOLLAR_CLOSE, start)
        if close < 0 or not self.find.before_break(start, close):
            return -1
        if close - start > INLINE_MATH_LIMIT:
            loose = self.find.search(_DOLLAR_LOOSE, start + INLINE_MATH_LIMIT)
            if 0 <= loose < close:
                return -1
        return close

    def _image(self, m: re.Match[str]) -> int:
        if m.group("src"):
            self._span(SpanKind.IMAGE, m.group("src"))
        return m.end()

    def _link(self, m: re.Match[str]) -> int:
        _Scanner(m.group("ltext"), self.parts, self.spans).run()
        return m.end()

    def _html(self, m: re.Match[str]) -> int:
        tag = m.group()
        if _BREAK_TAGS.match(tag):
            self.parts.append(" ")
        elif src := _IMG_SRC.match(tag):
            self._span(SpanKind.IMAGE, src.group(1))
        return m.end()

    def _entity(self, m: re.Match[str]) -> int:
        self.parts.append(_unescape(m.group()))
        return m.end()


# each token's handler by its group name (``m.lastgroup``), looked up once rather than built per token
_HANDLERS: dict[str, Callable[[_Scanner, re.Match[str]], int]] = {
    name: getattr(_Scanner, "_" + name)
    for name in (
        *("role", "liquid", "code", "dd", "paren", "brack", "esc", "env"),
        *("dollar2", "dollar", "image", "link", "comment", "html", "entity"),
    )
}


@lru_cache(maxsize=256)  # an article writes the same few entities (&amp;, &lt;, &nbsp;) again and again
def _unescape(entity: str) -> str:
    """One HTML entity's text."""
    import html  # only articles that write entities pay for its table

    return html.unescape(entity)


_IMG_SRC = lazy(r"""<img\b[^>]*?\bsrc\s*=\s*["']?([^"'\s>]+)""", re.I)


_SHELL = lazy(r"[A-Z_]{2,}[A-Z0-9_]*(?=[/\s.,;:'\"]|$)")


def _is_shell_variable(text: str, start: int, close: int) -> bool:
    """``$HOME/$USER``-style text: an upper-case identifier followed by prose, not math."""
    return _SHELL.match(text, start, close + 1) is not None


# Each body stops at the next marker of its kind (a tempered token), so a marker that is
# never closed costs the distance to the next marker, not a rescan to the end of the line.
# Every alternative opens with its marker (the check on the character before a single ``*``
# or ``_`` looks back past the marker just read), so the engine skips to the next ``*_~=``
# at C speed instead of trying five alternatives at every character. Each has one group.
_EMPHASIS = lazy(
    r"\*\*(?=\S)((?:(?!\*\*).)+?)(?<=\S)\*\*"
    r"|__(?=\S)((?:(?!__).)+?)(?<=\S)__"
    r"|\*(?<![\w*]\*)(?=[^\s*])([^*\n]+?)(?<=[^\s*])\*(?!\w)"
    r"|_(?<![\w_]_)(?=\S)([^_]+?)(?<=\S)_(?![\w_])"
    r"|~~((?:(?!~~).)+?)~~"
    r"|==((?:(?!==).)+?)=="
)
_SPACES = lazy(r"[ \t\n]+")
EMPHASIS_DEPTH = 4
# Markup written inside a code span is text: a word joiner (invisible) keeps image syntax
# from reading as an image and doubled braces from reading as an Anki cloze deletion.
WORD_JOINER = "\u2060"
CODE_IMAGE = "!" + WORD_JOINER + "["
_DOUBLED_BRACE = lazy(r"(?<=\{)(?=\{)|(?<=\})(?=\})")


def code_text(content: str) -> str:
    """A code span's content as card text: shown as written, never read as an image or a deletion."""
    content = content.replace("![", CODE_IMAGE)
    return _DOUBLED_BRACE.sub(WORD_JOINER, content) if "{{" in content or "}}" in content else content


def _has_marker(text: str) -> bool:
    """Whether the text holds a character every emphasis match needs."""
    return "*" in text or "_" in text or "~" in text or "=" in text


def _emphasised(m: re.Match[str]) -> str:
    """The words an emphasis match wraps: the one group of the alternative that matched."""
    return m[m.lastindex or 0]


@lru_cache(maxsize=512)  # the same term or body is stripped again and again within an article
def strip_emphasis(masked: str) -> str:
    """Remove Markdown emphasis markers, keeping the words they wrap (nested up to ``EMPHASIS_DEPTH``)."""
    if not _has_marker(masked):
        return masked
    for _ in range(EMPHASIS_DEPTH):
        prev = masked
        masked = _EMPHASIS.sub(_emphasised, masked)
        if masked == prev:
            break
    return masked


MASKED = lazy("[\U000f0000-\U000ffffd\U00100000-\U0010fffd]")


@lru_cache(maxsize=512)  # likewise asked again of the same term or body
def unmasked(text: str) -> str:
    """The text with every math and code placeholder removed."""
    return text if text.isascii() else MASKED.sub("", text)


def _shown(span: Span, math: bool) -> str:
    """What a span's placeholder becomes in card text."""
    if span.kind is SpanKind.CODE:
        return code_text(span.content)
    if span.kind is SpanKind.IMAGE:
        return f" ![]({span.content}) "
    if not math:
        return span.content.strip()
    if span.display:
        return "\\[" + span.content.strip() + "\\]"
    return "\\(" + span.content.strip() + "\\)"


# The placeholder table of the spans last rendered (a block's text is rendered piece by piece
# with the same spans): the spans tuple it was built for is held, so ``is`` cannot be fooled.
_LAST_TABLE: list[tuple[tuple[Span, ...], bool, Callable[[re.Match[str]], str]]] = []


def _restorer(spans: tuple[Span, ...], math: bool) -> Callable[[re.Match[str]], str]:
    """The text each placeholder stands for (as :func:`span_at` finds its span), worked out once per spans.

    A substitution with this callback passes over the text once (``str.translate`` costs far more
    per character); a span's text is made when its placeholder is first met, and a placeholder
    with no span stays as it is.
    """
    for held, held_math, found in _LAST_TABLE:
        if held is spans and held_math is math:
            return found
    table: dict[str, str] = {}

    def restore(m: re.Match[str]) -> str:
        ch = m[0]
        shown = table.get(ch)
        if shown is None:
            span = span_at(ch, spans)
            shown = table[ch] = ch if span is None else _shown(span, math)
        return shown

    _LAST_TABLE[:] = [(spans, math, restore), *_LAST_TABLE[:1]]
    return restore


def render(masked: str, spans: tuple[Span, ...], *, math: bool = True) -> str:
    """Plain card text: emphasis dropped, math as ``\\( \\)``/``\\[ \\]``, code as its content."""
    text = strip_emphasis(masked)
    if spans and not text.isascii():  # an ASCII text holds no placeholder
        text = MASKED.sub(_restorer(spans, math), text)
    if "\n" in text or "\t" in text or "  " in text:  # else every white-space run is one space already
        text = _SPACES.sub(" ", text)
    return text.strip()


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
