"""Formula cards: display math with the sentence that says what it is.

A bare connective (``This yields:``, ``即：``, ``所以``) names nothing, so the front
then comes from the nearest sentence before it that does, or from the heading
path alone. Line breaks ``\\`` outside an aligned block get a ``gathered`` or
``aligned`` wrapper so MathJax renders them; the key stays the LaTeX as written.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import replace
from functools import lru_cache

from flashnotes.extract.draft import Draft
from flashnotes.extract.inline import MATH_BASE, SpanKind
from flashnotes.extract.patterns import lazy
from flashnotes.extract.prose import Prose
from flashnotes.extract.text import cjk_count, has_cjk
from flashnotes.model import Kind

_TAG = lazy(r"\\(?:tag|label)\*?\{[^{}]*\}")
_MACRO_ONLY = lazy(r"^(?:\s*\\(?:DeclareMathOperator\*?|newcommand|renewcommand|def|let)\b[^\n]*)+\s*$")
_TAG_ONLY = lazy(r"\\tag\*?\{[^{}]*\}")
_PLACEHOLDER = lazy(r"\[(?:公式|math|Math|MATH)\]")
_SPACE = lazy(r"\s+")
_LONE = lazy(r"^\\?[A-Za-z]+(?:_\{?\w+\}?)?(?:\^\{?\w+\}?)?$|^.$")


@lru_cache(maxsize=256)
def formula_key(latex: str) -> str:
    """The LaTeX with white space and ``\\tag``/``\\label`` removed.

    Kept for the last formulas: a formula's key is asked when it is drafted, told apart and deduplicated.
    """
    if "\\tag" in latex or "\\label" in latex:  # _TAG starts with one of them
        latex = _TAG.sub("", latex)
    return "".join(latex.split())  # str.split and the pattern's \s know the same white space: _SPACE.sub("", …)


_TEXT_MACRO = lazy(r"\\(?:text|mathrm|mbox|textbf|textit|operatorname|mathbf|boldsymbol)\s*\{[^{}]*\}")


_ENTITY_LEAK = lazy(r"&(?:emsp|nbsp|ensp);")
_QUOTE_LEAK = lazy(r"\s*>\s")


def _leaks_prose(latex: str) -> bool:
    """Whether prose leaked into the LaTeX: an entity, a quote marker, an image or a link.

    Each is looked for only where it can stand (one pattern of all four tried every position): an
    entity needs its ``&``, a quote marker stands at the start, and an image or link holds ``![`` or ``](``.
    """
    if "![" in latex or "](" in latex:
        return True
    return ("&" in latex and _ENTITY_LEAK.search(latex) is not None) or _QUOTE_LEAK.match(latex) is not None


def _is_prose(latex: str) -> bool:
    """Text that a stray ``$$`` pair turned into math: mostly CJK prose or Markdown, not LaTeX."""
    if _leaks_prose(latex):
        return True
    if latex.isascii():  # no ideograph at all, so never the six it takes
        return False
    bare = _TEXT_MACRO.sub("", latex)
    cjk = cjk_count(bare)
    return cjk >= 6 and cjk * 3 > len(_SPACE.sub("", bare))


def is_formula(latex: str) -> bool:
    """Whether display math is worth a card: not empty, a lone symbol, macros only, a placeholder or prose."""
    key = formula_key(latex)
    if not key or _PLACEHOLDER.search(latex) or _MACRO_ONLY.match(latex) or _is_prose(latex):
        return False
    body = key.strip(".,;")
    return _LONE.match(body) is None and len(body) > 2


_OUTER_ENV = lazy(r"^\\begin\{(?P<env>[A-Za-z]+)(?P<star>\*?)\}(?P<body>.*)\\end\{(?P=env)\*?\}$", re.S)
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
    body = latex.strip("\n")
    if "\n" in body:  # one line is dedented by the strip below: only several lines need textwrap
        import textwrap

        body = textwrap.dedent(body)
    body = body.strip()
    m = _OUTER_ENV.match(body)
    if m and m.group("env") in _INNER:
        inner = _LABEL.sub("", m.group("body")).strip()
        env = _INNER[m.group("env")]
        return f"\\begin{{{env}}}{inner}\\end{{{env}}}" if env else inner
    return body


_LINE_TOKEN = lazy(r"\\\\|\\[{}&]|\\begin\{[^{}]*\}|\\end\{[^{}]*\}|[{}&]")


def _loose_breaks(latex: str) -> tuple[bool, bool]:
    """(a ``\\\\`` outside every group and environment, an ``&`` there too), in one pass."""
    depth = 0
    breaks = amp = False
    for m in _LINE_TOKEN.finditer(latex):
        token = m.group()
        if token == "{" or token.startswith("\\begin"):
            depth += 1
        elif token == "}" or token.startswith("\\end"):
            depth = max(0, depth - 1)
        elif depth == 0:
            breaks = breaks or token == "\\\\"
            amp = amp or token == "&"
    return breaks, amp


def display(latex: str) -> str:
    """The tidied LaTeX ready for MathJax: loose ``\\\\`` line breaks wrapped in ``aligned``/``gathered``."""
    return _wrapped(tidy(latex))


def _wrapped(body: str) -> str:
    """Tidied LaTeX with its loose ``\\\\`` line breaks wrapped in ``aligned``/``gathered``."""
    if "\\\\" not in body:  # no line break at all, loose or not
        return body
    breaks, amp = _loose_breaks(body)
    if not breaks:
        return body
    tags = "".join(m.group() for m in _TAG_ONLY.finditer(body))
    body = _TAG_ONLY.sub("", body).strip()
    env = "aligned" if amp else "gathered"
    return f"\\begin{{{env}}}{body}\\end{{{env}}}{tags}"


def _tag(latex: str) -> str:
    m = _TAG_NUMBER.search(latex)
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


_CJK_CONNECTIVES = (
    r"也就是说|也就是|也即|即有|即为|即|所以|因此|于是|从而|那么|故|则|可得|得到|得出|得|有|如下所示|如下|下式|以下|"
    r"最后|然后|接着|此时|这时|这里|其中|这样|我们|就|便|可以|可|能|写成|写为|表示为|化简|整理|展开|代入|带入|请注意|注意|"
    r"一下|是|为|的"
)
_WORD_CONNECTIVES = (
    r"\b(?:this|that|it|which|yields?|gives?|we|get|have|obtain|then|thus|so|hence|therefore|i\.?e|"
    r"that is|as follows|follows|following|becomes?|finally|can|be|written|write|rewrite|rewritten|as|is|are|the|"
    r"now|and|or|in|to|form|with|simplif(?:y|ies)|expand(?:ing)?|substitut(?:e|ing)|plug(?:ging)?|note|below|above)\b"
)
# Every connective, CJK or English, is removed, as one substitution of both would (a test holds it),
# in two steps, each fast: the CJK words (no case, so the engine jumps between their first
# characters) and the English ones (tried only at word starts). An English connective is bounded by
# characters that are not word characters, so removing it never joins CJK text into a new CJK connective,
# and the two kinds never overlap: English first, then CJK, removes just what the one pattern removes.
_CJK_CONNECTIVE = lazy(_CJK_CONNECTIVES)
_WORD_CONNECTIVE = lazy(_WORD_CONNECTIVES, re.I)
_RENDERED_MATH = lazy(r"\\\(.*?\\\)|\\\[.*?\\\]", re.S)


def names_nothing(intro: str) -> bool:
    """Whether an introducing sentence is a bare connective (``This yields:``, ``即：``, ``所以``)."""
    rest = _CJK_CONNECTIVE.sub("", _WORD_CONNECTIVE.sub("", _RENDERED_MATH.sub("", intro)))
    return _substance(rest) < 2


def intro_of(prose: Prose | None, end: int | None = None) -> str:
    """The last sentence before ``end`` that says what the formula is; "" when only connectives do."""
    if prose is None:
        return ""
    # only the last sentences before the formula are split again, not the whole text before it
    found = prose.sentences()[-3:] if end is None else prose.sentences_before(end, 3, _INTRO_WINDOW)
    # a front shows 240 characters at most: only a sentence's tail is looked at, so work per formula is bounded
    found = [(offset + max(0, len(sentence) - _INTRO_WINDOW), sentence[-_INTRO_WINDOW:]) for offset, sentence in found]
    for offset, sentence in reversed(found):
        start = offset
        substance, tail_end = 0, len(sentence)
        for m in reversed(list(_CLAUSE.finditer(sentence))):
            # a clause's substance is the sum of its pieces', so it grows piece by piece from the end
            substance += _substance(sentence[m.end() : tail_end])
            tail_end = m.start()
            if substance >= 10 and not _DEPENDENT.match(sentence, m.end()):
                start = offset + m.end()
                break
        text = prose.text(start, offset + len(sentence))
        if names_nothing(text):
            continue
        return "…" + text[-239:] if len(text) > 240 else text
    return ""


_CLAUSE = lazy(r"[，,；;]\s*")
# a clause that leans on the one before it (``…, which makes the model smoother``) is no intro alone
_DEPENDENT = lazy(r"(?:which|who|whose|whom|where)\b", re.I)
# masked characters of text before a formula that its intro is looked for in: far more than the
# 240 characters a front shows, so only a block with no sentence end for pages is cut
_INTRO_WINDOW = 600


def _substance(text: str) -> int:
    return cjk_count(text) + 2 * len(_WORD.findall(text))


BACK_LIMIT = 596  # 600 with the delimiters
_COMMENT = lazy(r"(?<!\\)%")


def _fit(latex: str) -> str:
    """A long formula's white space squeezed (it means nothing in math) so its card stays under the limit.

    Not when it holds a ``%`` comment, which a line break ends.
    """
    if len(latex) <= BACK_LIMIT or _COMMENT.search(latex):
        return latex
    return _SPACE.sub(" ", latex)


def block_formula(latex: str, line: int, heading: tuple[str, ...], intro: str, label: str = "") -> Draft | None:
    """A card for a display-math block, or None when it is not a formula worth learning.

    ``label`` is a bold line standing as a sub-heading above it (``**Variance**``): the front names it too.
    """
    if not is_formula(latex):
        return None
    body = tidy(latex)
    back = f"\\[{_fit(_wrapped(body))}\\]"
    path = (*heading, label) if label and label not in intro else heading
    return Draft(Kind.FORMULA, formula_key(body), front_for(path, intro, body, line), back, line, heading, 1)


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


_EQUALS = lazy(r"\\[{}]|[{}]|\\(?:begin|end)\{[^{}]*\}|\\(?:leftarrow|gets)\b|:=|(?<![<>!:\\])=")
_TRIVIAL = lazy(r"^[\d.\s]*$|^\\?[A-Za-z]$")
_LABEL = lazy(r"\\label\{[^{}]*\}")
_TAG_NUMBER = lazy(r"\\tag\*?\{([^{}]*)\}")
_WORD = lazy(r"[A-Za-z]{2,}")


def left_side(latex: str) -> str:
    """What a formula defines: the text before its first top-level ``=`` (or ``\\leftarrow``), when short."""
    depth = 0
    for m in _EQUALS.finditer(latex):
        token = m.group()
        if token == "{" or token.startswith("\\begin"):
            depth += 1
        elif token == "}" or token.startswith("\\end"):
            depth = max(0, depth - 1)
        elif depth == 0 and token not in ("\\{", "\\}"):
            lhs = latex[: m.start()].replace("&", "").strip()
            ok = 0 < len(lhs) <= 40 and lhs.count("{") == lhs.count("}") and not _TRIVIAL.match(lhs)
            return lhs if ok else ""
    return ""


def distinct_fronts(drafts: list[Draft]) -> list[Draft]:
    """Formulas that would share one front (one sentence introducing two) are told apart.

    Each gets what it defines (the left side of its ``=``) when those differ, else its place (1), (2), …
    """
    groups: dict[str, dict[str, str]] = defaultdict(dict)
    for d in drafts:
        if d.kind is Kind.FORMULA:
            groups[d.front].setdefault(formula_key(d.key), d.back)
    labels: dict[tuple[str, str], str] = {}
    for front, backs in groups.items():
        if len(backs) < 2:
            continue  # a front of its own: what its formula defines is never asked
        sides = {key: left_side(back[2:-2]) for key, back in backs.items()}
        named = all(sides.values()) and len(set(sides.values())) == len(sides)
        for n, (key, lhs) in enumerate(sides.items(), start=1):
            labels[(front, key)] = f"\\({lhs}\\)" if named else str(n)
    if not labels:
        return list(drafts)
    out = []
    for d in drafts:
        mark = labels.get((d.front, formula_key(d.key))) if d.kind is Kind.FORMULA else None
        if mark is None:
            out.append(d)
            continue
        out.append(replace(d, front=d.front + (f"（{mark}）" if has_cjk(d.front) else f" ({mark})")))
    return out
