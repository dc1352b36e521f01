"""Card text to HTML for Anki: Markdown rendered, HTML escaped, LaTeX left exactly as written.

This is the only module that imports ``markdown``.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable

import markdown

_MATH = re.compile(r"\\\((.+?)\\\)|\\\[(.+?)\\\]", re.S)
_IMAGE = re.compile(r"!\[([^\]\n]*)\]\(([^)\s]+)\)")
_TOKEN = "@@FNMATH{}@@"
_RESTORE = re.compile(r"@@FNMATH(\d+)@@")


def images(text: str) -> list[str]:
    """The image sources a card's text refers to (``![](src)``)."""
    return [m.group(2) for m in _IMAGE.finditer(text)]


def replace_images(text: str, rename: Callable[[str], str | None]) -> str:
    """Point images at their packaged names; an image ``rename`` returns None for is dropped."""

    def swap(m: re.Match[str]) -> str:
        new = rename(m.group(2))
        return f"![{m.group(1)}]({new})" if new else ""

    return _IMAGE.sub(swap, text)


def to_html(text: str, *, cloze: bool = False) -> str:
    """HTML for one card field. In cloze text, ``}}`` inside LaTeX is split so it cannot end a deletion."""
    stash: list[str] = []

    def keep(m: re.Match[str]) -> str:
        latex = m.group(0)
        if cloze:
            latex = latex.replace("}}", "} }")
        stash.append(html.escape(latex, quote=False))
        return _TOKEN.format(len(stash) - 1)

    protected = _MATH.sub(keep, text)
    escaped = html.escape(protected, quote=False)
    escaped = _IMAGE.sub(lambda m: f'<img src="{html.escape(m.group(2))}" alt="{m.group(1)}">', escaped)
    if _MARKDOWN_SYNTAX.search(escaped):
        _CONVERTER.reset()
        rendered = _unwrap(_CONVERTER.convert(escaped))
    else:
        rendered = escaped.strip().replace("\n", "<br>\n")
    return _RESTORE.sub(lambda m: stash[int(m.group(1))], rendered)


# Text without any of these is rendered by escaping and line breaks alone (most cards): much faster.
_MARKDOWN_SYNTAX = re.compile(r"[*_`#|\[\]~]|^\s*(?:[-+]|\d+[.)])\s|\n\s*\n|^\s{4}", re.M)
_CONVERTER = markdown.Markdown(extensions=["nl2br", "sane_lists"], output_format="html")


def _unwrap(rendered: str) -> str:
    """A single paragraph needs no ``<p>`` around it on a card."""
    if rendered.startswith("<p>") and rendered.endswith("</p>") and rendered.count("<p>") == 1:
        return rendered[3:-4]
    return rendered
