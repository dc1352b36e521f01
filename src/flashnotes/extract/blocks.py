"""Block-level parsing of Markdown and plain text: headings, paragraphs, list items,
code, display math, tables, preformatted text and comments, each with its line and
heading path. Code and math are recognised here, before any rule reads the prose."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum

from flashnotes.extract.inline import SpanKind, render, scan
from flashnotes.extract.patterns import lazy


class BlockKind(Enum):
    """What a block is."""

    HEADING = "heading"
    PARAGRAPH = "paragraph"
    ITEM = "item"
    CODE = "code"
    MATH = "math"
    TABLE = "table"
    PRE = "pre"
    COMMENT = "comment"
    RULE = "rule"
    QSEP = "qsep"


@dataclass(frozen=True, slots=True)
class Block:
    """One block: ``text`` is raw Markdown for prose, content for code, LaTeX for math.

    ``indent`` is the column the block starts at; for list items ``level`` is the
    column their content starts at, for headings their level.
    """

    kind: BlockKind
    line: int
    end: int
    indent: int
    text: str
    heading: tuple[str, ...] = ()
    level: int = 0


_FENCE = lazy(r"(`{3,}|~{3,})")
_HEADING_OPEN = lazy(r"(#{1,6})(?:[ \t]+|(?=[^\s#]))")
_HEADING_CLOSE = lazy(r"[ \t]#+$")
_RULE = lazy(r"(?:-[ \t]*){3,}|(?:\*[ \t]*){3,}|(?:_[ \t]*){3,}")
_ITEM = lazy(r"(?:[-*+•][ \t]+|\d{1,3}[.)、．](?:[ \t]+|(?=[\u3400-\u9fff])))(?=\S)")
# On an ASCII line no ideograph can follow the number: the same match without the class,
# which is slow to compile (an English article never needs it).
_ITEM_ASCII = lazy(r"(?:[-*+•][ \t]+|\d{1,3}[.)、．][ \t]+)(?=\S)")


def _item(line: str) -> re.Match[str] | None:
    return (_ITEM_ASCII if line.isascii() else _ITEM).match(line)


_ENV = lazy(r"\\begin\{(equation|align|gather|multline|eqnarray|displaymath|math|split|flalign|alignat)\*?\}")
_CLOSE_PUNCT = frozenset(["", ".", ",", "，", "。", ";", "；", ":", "："])
_PRE = lazy(r"<pre\b", re.I)
_ANCHOR = lazy(r"\s*\{#[^}]*\}\s*$")


def _indent(raw: str) -> int:
    if raw[:1] not in (" ", "\t"):  # most lines start at the margin
        return 0
    width = 0
    for ch in raw:
        if ch == " ":
            width += 1
        elif ch == "\t":
            width += 4 - width % 4
        else:
            break
    return width


_QUOTE = lazy(r"^\s*(?:>\s?)+")


def _unquote(line: str) -> str:
    """A line without its block-quote markers."""
    return _QUOTE.sub("", line, count=1)


def _heading(s: str) -> tuple[int, str] | None:
    """An ATX heading's level and text (closing ``#``s dropped), or None; linear in the line."""
    m = _HEADING_OPEN.match(s)
    if m is None:
        return None
    text = s[m.end() :].rstrip(" \t")
    close = _HEADING_CLOSE.search(text)
    if close is not None:
        text = text[: close.start()].rstrip(" \t")
    return len(m.group(1)), text


def _math_start(s: str) -> bool:
    return s.startswith(("$$", "\\[")) or _ENV.match(s) is not None


def _quoted_math(s: str) -> bool:
    """A block-quote line that opens display math: ``> $$``."""
    return s.startswith(">") and _math_start(_unquote(s))


# Every block but a paragraph opens with one of these marks or a digit (a list item's number):
# a line opening with anything else (most prose) is a paragraph line, told without the checks.
_BLOCK_MARKS = frozenset("`~#$\\>|<-*+•_?")


def _plain_start(s: str) -> bool:
    """Whether a non-empty stripped line cannot open any block but a paragraph (nor be lone math)."""
    return s[0] not in _BLOCK_MARKS and not s[0].isdecimal()


def _interrupts(s: str) -> bool:
    """Whether a stripped line that opens with a block mark interrupts a paragraph."""
    return (
        _FENCE.match(s) is not None
        or (s.startswith("#") and _heading(s) is not None)
        or _math_start(s)
        or _quoted_math(s)
        or s.startswith(("|", "<!--"))
        or _PRE.match(s) is not None
        or _item(s) is not None
        or _RULE.fullmatch(s) is not None
        or s == "?"
    )


def _lone_math(s: str) -> str | None:
    """The LaTeX of a line that is one inline formula and nothing else, if it is one."""
    if not s.startswith(("$", "\\(", "\\\\(")):
        return None
    inline = scan(s)
    masked = inline.masked.strip().rstrip(".,，。;；")
    if len(masked) == 1 and len(inline.spans) == 1 and inline.spans[0].kind is SpanKind.MATH:
        return inline.spans[0].content
    return None


def _finishes_the_sentence(before: str, s: str, latex: str) -> bool:
    """Whether a lone expression only finishes the sentence the line before began (``… scaled by`` / ``$1-p$.``).

    A formula set on its own line follows an introduction (``输出为：``) or a finished
    sentence, or states a relation (``$L = (y - t)^2$.``); an expression without one that
    closes with a full stop after a line broken mid-sentence is inline text.
    """
    return s.endswith((".", "。")) and not before.endswith(_SENTENCE_ENDS) and _RELATION.search(latex) is None


_SENTENCE_ENDS = (".", "。", ":", "：", "!", "！", "?", "？", ";", "；", "$", "\\")
_RELATION = lazy(r"[=<>≈≤≥∝]|\\(?:approx|le|ge|leq|geq|neq|ne|propto|sim|equiv|coloneqq|to|mapsto|in)(?![A-Za-z])")
BLANK = ""
QUOTED_BLANK = ">"


def _holds(line: str, needle: str) -> bool:
    if needle == BLANK:
        return not line.strip()
    if needle == QUOTED_BLANK:
        return not _unquote(line).strip()
    return needle in line


class _Parser:
    def __init__(self, text: str) -> None:
        self.lines = text.split("\n")
        self.i = 0
        self.blocks: list[Block] = []
        self.headings: list[tuple[int, str]] = []
        self._path: tuple[str, ...] = ()  # the headings' titles, rebuilt when a heading comes
        self._next: dict[str, tuple[int, int]] = {}

    def line_with(self, needle: str, start: int) -> int:
        """The first line at or after ``start`` holding ``needle``, or -1.

        ``BLANK`` finds the first blank line, ``QUOTED_BLANK`` the first that is blank
        once its quote markers are gone. Remembered per needle, so openers that are
        never closed cost linear time in total.
        """
        hit = self._next.get(needle)
        if hit is not None and hit[0] <= start and (hit[1] < 0 or hit[1] >= start):
            return hit[1]
        at = next((j for j in range(start, len(self.lines)) if _holds(self.lines[j], needle)), -1)
        self._next[needle] = (start, at)
        return at

    def path(self) -> tuple[str, ...]:
        return self._path

    def add(self, kind: BlockKind, start: int, text: str, indent: int, level: int = 0) -> None:
        self.blocks.append(Block(kind, start + 1, self.i, indent, text, self._path, level))

    def run(self) -> list[Block]:
        lines = self.lines
        while self.i < len(lines):
            raw = lines[self.i]
            s = raw.strip()
            if not s:
                self.i += 1
            elif _plain_start(s):  # most lines: a paragraph opens, told without the block tests
                self.paragraph(_indent(raw), s)
            else:
                self.step(raw, s, _indent(raw))
        return self.blocks

    def step(self, raw: str, s: str, indent: int) -> None:
        """Read the block that opens with the stripped line ``s`` (one that opens with a block mark)."""
        start, mark = self.i, s[0]  # each test below can only hold for a line opening with its marks
        fence = _FENCE.match(s) if mark in "`~" else None
        if fence:
            self.code(fence.group(1), indent)
        elif s.startswith("<!--"):
            self.until(lambda line: "-->" in line, BlockKind.COMMENT, indent)
        elif mark == "<" and _PRE.match(s):
            self.until(lambda line: "</pre>" in line.lower(), BlockKind.PRE, indent)
        elif mark == "#" and (found := _heading(s)) is not None:
            self.heading(*found, indent)
        elif (mark in "$\\" and _math_start(s) and self.display_math(s, indent)) or (
            _quoted_math(s) and self.display_math(_unquote(s), indent, quoted=True)
        ):
            pass
        elif (latex := _lone_math(s)) is not None:
            self.i += 1
            self.add(BlockKind.MATH, start, latex, indent)
        elif s == "?":
            self.i += 1
            self.add(BlockKind.QSEP, start, "?", indent)
        elif mark in "-*_" and _RULE.fullmatch(s):
            self.i += 1
            self.add(BlockKind.RULE, start, s, indent)
        elif mark == "|":
            self.table(indent)
        elif m := _item(s):
            self.item(raw, m, indent)
        else:
            self.paragraph(indent, s)

    def code(self, fence: str, indent: int) -> None:
        start, lines = self.i, self.lines
        closer, mark = fence[0] * len(fence), fence[0]
        end = start + 1
        while end < len(lines):
            s = lines[end].strip()
            if s.startswith(closer) and not s.strip(mark):
                break
            end += 1
        self.i = min(end + 1, len(lines))
        self.add(BlockKind.CODE, start, "\n".join(lines[start + 1 : end]), indent)

    def until(self, done: object, kind: BlockKind, indent: int) -> None:
        start = self.i
        body: list[str] = []
        while self.i < len(self.lines):
            line = self.lines[self.i]
            body.append(line)
            self.i += 1
            if callable(done) and done(line):
                break
        self.add(kind, start, "\n".join(body), indent)

    def heading(self, level: int, text: str, indent: int) -> None:
        start = self.i
        self.i += 1
        inline = scan(_ANCHOR.sub("", text) if "{#" in text else text)
        title = render(inline.masked, inline.spans).strip()
        while self.headings and self.headings[-1][0] >= level:
            self.headings.pop()
        self.headings.append((level, title))
        self._path = tuple(t for _, t in self.headings)
        self.add(BlockKind.HEADING, start, text.strip(), indent, level)

    def display_math(self, s: str, indent: int, quoted: bool = False) -> bool:
        """Consume a display-math block starting at this line; False if it is inline after all.

        ``quoted``: the math opens inside a block quote (``> $$``); its lines lose their ``>``.
        """
        env = _ENV.match(s)
        if env:
            return self._environment(env.group(0), indent)
        opener, closer = ("$$", "$$") if s.startswith("$$") else ("\\[", "\\]")
        rest = s[len(opener) :]
        close = rest.find(closer)
        if close >= 0:
            if rest[close + len(closer) :].strip() not in _CLOSE_PUNCT:
                return False
            self._emit_math(self.i, self.i + 1, rest[:close], indent)
            return True
        end = self.line_with(closer, self.i + 1)
        blank = self.line_with(QUOTED_BLANK if quoted else BLANK, self.i + 1)
        # a blank line ends the paragraph, as Markdown renderers do
        if end < 0 or end >= self.i + 400 or 0 <= blank < end:
            return False
        lines = [_unquote(line) if quoted else line for line in self.lines[self.i + 1 : end + 1]]
        body = [rest, *lines[:-1], lines[-1][: lines[-1].find(closer)]]
        self._emit_math(self.i, end + 1, "\n".join(body), indent)
        return True

    def _environment(self, begin: str, indent: int) -> bool:
        name = begin[len("\\begin{") : -1]
        closer = "\\end{" + name + "}"
        j = self.line_with(closer, self.i)
        if j < 0 or j >= self.i + 400:
            return False
        first = self.lines[self.i].strip()
        body = [first, *self.lines[self.i + 1 : j + 1]] if j > self.i else [first]
        body[-1] = body[-1][: body[-1].find(closer) + len(closer)]
        self._emit_math(self.i, j + 1, "\n".join(body), indent)
        return True

    def _emit_math(self, start: int, end: int, latex: str, indent: int) -> None:
        self.i = end
        self.add(BlockKind.MATH, start, latex, indent)

    def table(self, indent: int) -> None:
        start = self.i
        body: list[str] = []
        while self.i < len(self.lines) and self.lines[self.i].strip().startswith("|"):
            body.append(self.lines[self.i].strip())
            self.i += 1
        self.add(BlockKind.TABLE, start, "\n".join(body), indent)

    def item(self, raw: str, m: re.Match[str], indent: int) -> None:
        start = self.i
        stripped = raw.lstrip()
        content_col = indent + m.end()
        body = [stripped[m.end() :]]
        self.i += 1
        self.continuation(body)
        self.add(BlockKind.ITEM, start, "\n".join(body), indent, content_col)

    def paragraph(self, indent: int, first: str) -> None:
        """A paragraph whose first line, stripped, is ``first``."""
        start = self.i
        body = [first]
        self.i += 1
        self.continuation(body)
        self.add(BlockKind.PARAGRAPH, start, "\n".join(body), indent)

    def continuation(self, body: list[str]) -> None:
        lines, i = self.lines, self.i
        while i < len(lines):
            s = lines[i].strip()
            if not s:
                break
            if not _plain_start(s):  # only a line opening with a block mark can end the paragraph
                if _interrupts(s):
                    break
                if (latex := _lone_math(s)) is not None and not _finishes_the_sentence(body[-1], s, latex):
                    break
            body.append(s)
            i += 1
        self.i = i


def parse_blocks(text: str) -> list[Block]:
    """Split an article's text into blocks, in order, with 1-based line numbers."""
    return _Parser(text).run()
