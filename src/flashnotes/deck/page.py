"""The preview page's HTML: every card as Anki shows it, grouped by article, with a filter and charts.

Everything on the page comes from escaped or sanitised text: card fields are the
package's own (rendered and escaped by ``render``), formulas become sanitised
MathML, and every other value is escaped here. A Content-Security-Policy allows
only this page's own style and script (by hash) and local images, so nothing is
fetched from the network and no injected script could run.
"""

from __future__ import annotations

import base64
import hashlib
import html
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from importlib import resources

from flashnotes.deck import anki
from flashnotes.deck.cardview import Side
from flashnotes.deck.charts import bar_chart
from flashnotes.deck.mathml import to_mathml
from flashnotes.model import Card, Kind

_MATH = re.compile(r"\\\((.+?)\\\)|\\\[(.+?)\\\]", re.S)
_TAGS = re.compile(r"(<[^>]*>)")


@dataclass(frozen=True, slots=True)
class PreviewCard:
    """One card on the page: the card, its Anki cards, what the last build did to it, how sure extraction was."""

    card: Card
    sides: tuple[Side, ...]
    change: str | None = None
    confidence: float | None = None


@dataclass(frozen=True, slots=True)
class DeckHistory:
    """The deck's 30-day due forecast, its reviews per day for the last 30 days, its true retention in words."""

    forecast: tuple[int, ...]
    history: tuple[int, ...]
    retention: str


@dataclass(frozen=True, slots=True)
class DeckPage:
    """Everything the page of one deck shows."""

    name: str
    deck_file: str
    built_at: datetime | None
    cards: tuple[PreviewCard, ...]
    history: DeckHistory
    notices: tuple[str, ...] = ()


def with_math(fragment: str) -> str:
    """HTML with each ``\\(…\\)`` / ``\\[…\\]`` replaced by MathML in a box that scrolls when too wide."""

    def swap(m: re.Match[str]) -> str:
        block = m.group(2) is not None
        mathml = to_mathml(html.unescape(m.group(2) if block else m.group(1)), block=block)
        if mathml is None:  # m.group(0) is already escaped HTML
            return f'<code class="fn-latex" title="the preview cannot draw this formula; Anki will">{m.group(0)}</code>'
        return f'<span class="fn-math-{"block" if block else "inline"}">{mathml}</span>'

    # only text between tags: a formula inside an attribute value (an image's alt) stays as it is
    return "".join(part if part.startswith("<") else _MATH.sub(swap, part) for part in _TAGS.split(fragment))


def _asset(name: str) -> str:
    return (resources.files("flashnotes.deck") / "page" / name).read_text(encoding="utf-8")


def _hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def _card(item: PreviewCard) -> str:
    card = item.card
    text = " ".join((card.front, card.back, card.key, card.source.path, card.kind.value)).lower()
    meta = [f'<span class="fn-kind fn-kind-{card.kind.value}">{card.kind.value}</span>']
    change = html.escape(item.change or "")
    if change:
        meta.append(f'<span class="fn-change fn-change-{change}">{change}</span>')
    if item.confidence is not None:
        sure = f"confidence {item.confidence:.2f}"
        meta.append(f'<span class="fn-confidence" title="how sure extraction is">{sure}</span>')
    meta.append(f'<span class="fn-where">{html.escape(card.source.path)}:{card.source.line}</span>')
    sides = "".join(
        f'<div class="fn-side"><div class="fn-label">{label}</div><div class="card">{with_math(body)}</div></div>'
        for side in item.sides
        for label, body in (("Front", side.front), ("Back", side.back))
    )
    return (
        f'<article class="fn-card" data-id="{html.escape(card.id)}" data-kind="{card.kind.value}" '
        f'data-change="{change}" data-text="{html.escape(text)}">'
        f'<div class="fn-meta">{"".join(meta)}</div><div class="fn-sides">{sides}</div></article>'
    )


def _articles(cards: Sequence[PreviewCard]) -> str:
    groups: dict[str, list[PreviewCard]] = {}
    for item in sorted(cards, key=lambda c: (c.card.source.path, c.card.source.line, c.card.id)):
        groups.setdefault(item.card.source.path, []).append(item)
    return "".join(
        f'<section class="fn-article" data-path="{html.escape(path)}"><h2>{html.escape(path)} '
        f"<small>{len(items)} card{'s' if len(items) != 1 else ''}</small></h2>{''.join(map(_card, items))}</section>"
        for path, items in groups.items()
    )


def _controls(cards: Sequence[PreviewCard]) -> str:
    kinds = Counter(c.card.kind for c in cards)
    boxes = "".join(
        f'<label><input type="checkbox" name="kind" value="{k.value}" checked> {k.value} ({kinds[k]})</label>'
        for k in Kind
        if kinds[k]
    )
    changed = sum(1 for c in cards if c.change)
    return (
        f'<div class="fn-controls">{boxes}'
        f'<label><input type="checkbox" id="fn-changed"> only changed by the last build ({changed})</label>'
        '<input type="search" id="fn-search" placeholder="Search fronts, backs, keys and paths" '
        'aria-label="Search the cards">'
        f'<span><output id="fn-shown">{len(cards)}</output> of {len(cards)} shown</span></div>'
    )


def _summary(page: DeckPage) -> str:
    changes = Counter(c.change for c in page.cards if c.change)
    when = f"built {page.built_at:%Y-%m-%d %H:%M} UTC" if page.built_at else "not built yet"
    marks = ", ".join(f"{n} {what}" for what in ("added", "changed", "retired") if (n := changes[what]))
    last = f"; the last build: {marks}" if marks else "; the last build changed nothing"
    return (
        f'<p class="fn-sub">{html.escape(page.deck_file)} · {len(page.cards)} cards · {when}'
        f"{last if page.built_at else ''}</p>"
    )


def _stats(history: DeckHistory) -> str:
    forecast = bar_chart(history.forecast, "Due in the next 30 days", "today", "+29 days", "cards due")
    reviews = bar_chart(history.history, "Reviews in the last 30 days", "29 days ago", "today", "reviews")
    return (
        '<section class="fn-stats"><h2>Due in the next 30 days</h2>'
        f"{forecast}<h2>Reviews in the last 30 days</h2>{reviews}"
        f"<p><strong>True retention (30 days):</strong> {html.escape(history.retention)}</p></section>"
    )


def render_page(page: DeckPage) -> str:
    """The whole page as one self-contained HTML document."""
    style = anki.CSS + _asset("preview.css")
    script = _asset("preview.js")
    policy = (
        f"default-src 'none'; style-src {_hash(style)}; script-src {_hash(script)}; "
        "img-src 'self' file: data:; base-uri 'none'; form-action 'none'"
    )
    notices = "".join(f'<p class="fn-notice">{html.escape(n)}</p>' for n in page.notices)
    return (
        '<!DOCTYPE html>\n<html lang="und"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{policy}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{html.escape(page.name)} · flashnotes preview</title><style>{style}</style></head>"
        f"<body><main><h1>{html.escape(page.name)}</h1>{_summary(page)}{notices}{_controls(page.cards)}"
        f"{_articles(page.cards)}{_stats(page.history)}</main><script>{script}</script></body></html>\n"
    )
