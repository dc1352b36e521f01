"""LaTeX as MathML for the offline preview page: the only module that imports ``latex2mathml``.

Article text is untrusted, and latex2mathml copies text and some arguments
(``\\text{…}``, ``\\href{…}``) into its output unescaped. So its element tree is
written out again here from an allow-list of MathML elements and attributes,
every text and attribute value escaped. A formula it cannot convert gives None
and stays visible as escaped LaTeX.
"""

from __future__ import annotations

import html
import re
from xml.etree.ElementTree import Element

from latex2mathml import exceptions
from latex2mathml.converter import convert_to_element

MAX_LATEX = 4000  # longer formulas stay LaTeX: conversion time grows with length

_ELEMENTS = frozenset(
    [
        "math",
        "mrow",
        "mi",
        "mn",
        "mo",
        "ms",
        "mtext",
        "mspace",
        "msub",
        "msup",
        "msubsup",
        "mfrac",
        "msqrt",
        "mroot",
        "mstyle",
        "mtable",
        "mtr",
        "mtd",
        "munder",
        "mover",
        "munderover",
        "mpadded",
        "mphantom",
        "menclose",
        "merror",
        "mmultiscripts",
        "mprescripts",
        "none",
    ]
)
_ATTRIBUTES = frozenset(
    [
        "display",
        "mathvariant",
        "stretchy",
        "fence",
        "form",
        "separator",
        "lspace",
        "rspace",
        "columnalign",
        "columnlines",
        "columnspacing",
        "rowspacing",
        "rowlines",
        "displaystyle",
        "scriptlevel",
        "minsize",
        "maxsize",
        "movablelimits",
        "accent",
        "accentunder",
        "width",
        "height",
        "depth",
        "linethickness",
        "notation",
        "mathsize",
        "symmetric",
        "largeop",
        "frame",
    ]
)
_VALUE = re.compile(r"^[\w.%# -]{0,64}$")
# Environments MathJax lays out that latex2mathml would flatten into one row: mapped to ones it knows.
_REWRITES = (
    (re.compile(r"\\(begin|end)\{(?:aligned|alignedat|align|flalign)\*?\}"), r"\\\1{align*}"),
    (re.compile(r"\\(begin|end)\{(?:gathered|gather\*?|multline\*?)\}"), r"\\\1{matrix}"),
    (re.compile(r"\\(?:begin|end)\{equation\*?\}|\\label\{[^{}]*\}|\\(?:nonumber|notag)(?![A-Za-z])"), ""),
    (re.compile(r"\\arg(?![A-Za-z])"), r"\\operatorname{arg}"),
)
# latex2mathml signals malformed input with its own exceptions and, for some inputs, with these.
_FAILURES: tuple[type[BaseException], ...] = (
    *(v for v in vars(exceptions).values() if isinstance(v, type) and issubclass(v, Exception)),
    StopIteration,
    ValueError,
    IndexError,
    KeyError,
    TypeError,
    RecursionError,
)


def _prepare(latex: str) -> str:
    for pattern, replacement in _REWRITES:
        latex = pattern.sub(replacement, latex)
    return latex


def _text(value: str | None) -> str:
    # latex2mathml keeps symbols as character references inside the text: decode them, then escape it all.
    return html.escape(html.unescape(value or ""))


def _write(element: Element, out: list[str]) -> None:
    tag = element.tag if element.tag in _ELEMENTS else "mrow"
    attributes = "".join(
        f' {name}="{html.escape(value)}"'
        for name, value in sorted(element.attrib.items())
        if name in _ATTRIBUTES and _VALUE.match(value)
    )
    out.append(f"<{tag}{attributes}>{_text(element.text)}")
    for child in element:
        _write(child, out)
        out.append(_text(child.tail))
    out.append(f"</{tag}>")


def to_mathml(latex: str, *, block: bool) -> str | None:
    """Sanitised MathML for one formula, or None when it cannot be converted."""
    if len(latex) > MAX_LATEX:
        return None
    try:
        tree = convert_to_element(_prepare(latex), display="block" if block else "inline")
        out: list[str] = []
        _write(tree, out)
    except _FAILURES:
        return None
    return "".join(out)
