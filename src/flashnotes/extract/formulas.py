"""Formula cards: display math with the sentence that introduces it."""

from __future__ import annotations

import re
import textwrap

from flashnotes.extract.draft import Draft
from flashnotes.extract.inline import MATH_BASE, SpanKind
from flashnotes.extract.prose import Prose
from flashnotes.extract.text import CJK, has_cjk, sentences
from flashnotes.model import Kind

_TAG = re.compile(r"\\(?:tag|label)\*?\{[^{}]*\}")
_MACRO_ONLY = re.compile(r"^(?:\s*\\(?:DeclareMathOperator\*?|newcommand|renewcommand|def|let)\b[^\n]*)+\s*$")
_PLACEHOLDER = re.compile(r"\[(?:公式|math|Math|MATH)\]")
_SPACE = re.compile(r"\s+")
_LONE = re.compile(r"^\\?[A-Za-z]+(?:_\{?\w+\}?)?(?:\^\{?\w+\}?)?$|^.$")


def formula_key(latex: str) -> str:
    """The LaTeX with white space and ``\\tag``/``\\label`` removed."""
    return _SPACE.sub("", _TAG.sub("", latex))


def is_formula(latex: str) -> bool:
    """Whether display math is worth a card: not empty, a lone symbol, macros only, or a placeholder."""
    key = formula_key(latex)
    if not key or _PLACEHOLDER.search(latex) or _MACRO_ONLY.match(latex):
        return False
    body = key.strip(".,;")
    return _LONE.match(body) is None and len(body) > 2


_OUTER_ENV = re.compile(r"^\\begin\{(?P<env>[A-Za-z]+)(?P<star>\*?)\}(?P<body>.*)\\end\{(?P=env)\*?\}$", re.S)
_INNER = {
    "equation": "",
    "displaymath": "",
    "math": "",
    "align": "aligned",
    "flalign": "aligned",
    "gather": "gathered",
    "multline": "gathered",
    "eqnarray": "aligned",
    "alignat": "alignedat",
}


def tidy(latex: str) -> str:
    """Display LaTeX as written, dedented; an outer equation environment becomes its MathJax-safe form."""
    body = textwrap.dedent(latex.strip("\n")).strip()
    m = _OUTER_ENV.match(body)
    if m and m.group("env") in _INNER:
        inner = re.sub(r"\\label\{[^{}]*\}", "", m.group("body")).strip()
        env = _INNER[m.group("env")]
        return f"\\begin{{{env}}}{inner}\\end{{{env}}}" if env else inner
    return body


def _tag(latex: str) -> str:
    m = re.search(r"\\tag\*?\{([^{}]*)\}", latex)
    return m.group(1) if m else ""


def front_for(heading: tuple[str, ...], intro: str, latex: str, line: int) -> str:
    """What the formula is: heading path plus the introducing sentence, with its tag number."""
    parts = [" > ".join(heading)] if heading else []
    if intro:
        parts.append(intro)
    tag = _tag(latex)
    cjk = has_cjk(intro) or any(has_cjk(h) for h in heading)
    text = ": ".join(parts) if parts else (f"第 {line} 行的公式" if cjk else f"Formula at line {line}")
    if tag:
        text += f"（式 {tag}）" if cjk else f" (eq. {tag})"
    return text


def intro_of(prose: Prose | None, end: int | None = None) -> str:
    """The last sentence of a prose block before ``end``: what introduces the formula."""
    if prose is None:
        return ""
    found = prose.sentences() if end is None else sentences(prose.masked[:end])
    if not found:
        return ""
    offset, sentence = found[-1]
    start = offset
    for m in reversed(list(_CLAUSE.finditer(sentence))):
        clause = sentence[m.end() :]
        if _substance(clause) >= 10:
            start = offset + m.end()
            break
    text = prose.text(start, offset + len(sentence))
    if len(text) > 240:
        text = "…" + text[-239:]
    return text


_CLAUSE = re.compile(r"[，,；;]\s*")


def _substance(text: str) -> int:
    return len(re.findall(f"[{CJK}]", text)) + 2 * len(re.findall(r"[A-Za-z]{2,}", text))


def block_formula(latex: str, line: int, heading: tuple[str, ...], intro: str) -> Draft | None:
    """A card for a display-math block, or None when it is not a formula worth learning."""
    if not is_formula(latex):
        return None
    body = tidy(latex)
    return Draft(
        Kind.FORMULA, formula_key(body), front_for(heading, intro, body, line), f"\\[{body}\\]", line, heading, 1
    )


def inline_display(prose: Prose, heading: tuple[str, ...]) -> list[Draft]:
    """``\\[…\\]`` and environments written inside a paragraph: display math by their delimiters."""
    out: list[Draft] = []
    for n, span in enumerate(prose.spans):
        if span.kind is SpanKind.MATH and span.display:
            i = prose.masked.find(chr(MATH_BASE + n))
            if i < 0:
                continue
            draft = block_formula(span.content, prose.line_at(i), heading, intro_of(prose, i))
            if draft is not None:
                out.append(draft)
    return out
