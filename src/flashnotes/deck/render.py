"""Card text to HTML for Anki: Markdown rendered, HTML escaped, LaTeX left exactly as written.

Every field then goes through a maintained sanitiser (nh3) with a short allow-list
of tags and attributes: no script, no event attribute, no link, and images only
from relative sources (the package's own media). This is the only module that
imports ``markdown`` and ``nh3``.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable

import markdown
import nh3

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

    def keep(piece: str) -> str:
        stash.append(piece)
        return _TOKEN.format(len(stash) - 1)

    def latex(m: re.Match[str]) -> str:
        found = m.group(0).replace("}}", "} }") if cloze else m.group(0)
        return keep(html.escape(found, quote=False))

    def image(m: re.Match[str]) -> str:
        return keep(f'<img src="{html.escape(m.group(2))}" alt="{html.escape(m.group(1))}">')

    protected = _IMAGE.sub(image, _MATH.sub(latex, text))
    escaped = html.escape(protected, quote=False)
    if _MARKDOWN_SYNTAX.search(escaped):
        _CONVERTER.reset()
        rendered = _unwrap(_CONVERTER.convert(escaped))
    else:
        rendered = escaped.strip().replace("\n", "<br>\n")
    return sanitise(_RESTORE.sub(lambda m: stash[int(m.group(1))], rendered))


_TAGS = {"b", "strong", "i", "em", "u", "s", "del", "code", "pre", "br", "p", "div", "span", "hr", "blockquote"}
_TAGS |= {"ul", "ol", "li", "sub", "sup", "img", "table", "thead", "tbody", "tr", "th", "td", "h1", "h2", "h3", "h4"}
_SCHEME = re.compile(r"^\s*[a-z][a-z0-9+.-]*:|^\s*[/\\]", re.I)


def _attribute(tag: str, name: str, value: str) -> str | None:
    """Image sources must be relative paths (the package's media): no scheme, host or absolute path."""
    if tag == "img" and name == "src" and _SCHEME.search(value):
        return None
    return value


_CLEANER = nh3.Cleaner(
    tags=_TAGS,
    clean_content_tags={"script", "style"},
    attributes={"img": {"src", "alt"}},
    attribute_filter=_attribute,
    url_schemes=set(),
    link_rel=None,
)


def sanitise(fragment: str) -> str:
    """An HTML fragment with only allowed tags and attributes left: no script, event handler or remote source."""
    return _CLEANER.clean(fragment)


# Text without any of these is rendered by escaping and line breaks alone (most cards): much faster.
_MARKDOWN_SYNTAX = re.compile(r"[*_`#|\[\]~]|^\s*(?:[-+]|\d+[.)])\s|\n\s*\n|^\s{4}", re.M)
_CONVERTER = markdown.Markdown(extensions=["nl2br", "sane_lists"], output_format="html")
# Cards never hold links (extraction keeps a link's text only), so link syntax that
# survives, in code or in hand-written cards, stays text instead of becoming <a href>.
for _name in ("reference", "link", "image_link", "image_reference", "short_reference", "short_image_ref"):
    _CONVERTER.inlinePatterns.deregister(_name)
for _name in ("autolink", "automail"):
    _CONVERTER.inlinePatterns.deregister(_name)
_CONVERTER.parser.blockprocessors.deregister("reference")


def _unwrap(rendered: str) -> str:
    """A single paragraph needs no ``<p>`` around it on a card."""
    if rendered.startswith("<p>") and rendered.endswith("</p>") and rendered.count("<p>") == 1:
        return rendered[3:-4]
    return rendered
