"""Tests for the preview page's HTML: policy, escaping, marks, formulas, charts."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from html.parser import HTMLParser

from hypothesis import given, settings
from hypothesis import strategies as st

from flashnotes.deck.cardview import Side, sides
from flashnotes.deck.fields import note_fields
from flashnotes.deck.page import DeckHistory, DeckPage, PreviewCard, render_page, with_math
from flashnotes.model import Card, Kind, Source

HISTORY = DeckHistory(tuple([0] * 29 + [3]), tuple([1] * 30), "87.5% of 8 reviews")


def _card(key: str, kind: Kind = Kind.DEFINITION, path: str = "a.md") -> Card:
    return Card(f"id-{key}", kind, f"What is {key}?", "answer", key, Source(path, 3))


def _page(*cards: PreviewCard, notices: tuple[str, ...] = ()) -> str:
    return render_page(DeckPage("D <b>", "decks/d.yaml", datetime(2026, 3, 1, 9, tzinfo=UTC), cards, HISTORY, notices))


def test_page_allows_only_its_own_style_and_script() -> None:
    """The Content-Security-Policy names the page's style and script by hash and allows no network source."""
    html = _page(PreviewCard(_card("x"), (Side("F", "B"),)))
    [policy] = re.findall(r'http-equiv="Content-Security-Policy" content="([^"]+)"', html)
    assert "default-src 'none'" in policy and "http" not in policy
    assert re.search(r"script-src 'sha256-[A-Za-z0-9+/=]+';", policy)
    assert html.count("<script>") == 1 and "src=" not in html.split("<script>")[1]


def test_names_and_paths_are_escaped() -> None:
    """The deck name, a path and a key with markup in them appear escaped, never as elements."""
    card = Card("i", Kind.QUIZ, "Q", "A", "<img src=x>", Source("notes/<x>.md", 9))
    html = _page(PreviewCard(card, (Side("Q", "A"),)))
    assert "<b>" not in html and "D &lt;b&gt;" in html
    assert "notes/&lt;x&gt;.md:9" in html and "<img src=x>" not in html


def test_changes_kinds_and_confidence_are_marked() -> None:
    """Added, changed and retired cards carry their mark; the filter counts kinds; confidence shows when known."""
    html = _page(
        PreviewCard(_card("a"), (Side("F", "B"),), "added", 0.83),
        PreviewCard(_card("b", Kind.FORMULA), (Side("F", "B"),), "changed"),
        PreviewCard(_card("c", Kind.QUIZ, "b.md"), (Side("F", "B"),), "retired"),
        PreviewCard(_card("d"), (Side("F", "B"),)),
    )
    assert [m for m in re.findall(r'data-change="(\w*)"', html)] == ["added", "changed", "", "retired"]
    assert "confidence 0.83" in html and html.count("confidence ") == 1
    assert "definition (2)" in html and "formula (1)" in html and "cloze (" not in html
    assert "the last build: 1 added, 1 changed, 1 retired" in html
    assert re.findall(r'<section class="fn-article" data-path="([^"]+)"', html) == ["a.md", "b.md"]


def test_formulas_become_mathml_and_failures_stay_visible_latex() -> None:
    """Inline and display LaTeX turn into MathML boxes; LaTeX that cannot convert stays as marked, escaped text."""
    out = with_math(r"a \(x^2\) b \[\frac{1}{2}\] c \(\frac{a}{\) d")
    assert '<span class="fn-math-inline"><math display="inline">' in out
    assert '<span class="fn-math-block"><math display="block">' in out
    assert r'<code class="fn-latex"' in out and r"\(\frac{a}{\)" in out


def test_charts_and_retention_are_below_the_cards() -> None:
    """Two SVG charts of 30 bars each and the retention sentence follow the last card."""
    html = _page(PreviewCard(_card("a"), (Side("F", "B"),)))
    stats = html[html.index('class="fn-stats"') :]
    assert stats.count("<svg") == 2 and stats.count('<rect class="fn-bar"') == 60
    assert "in 29 days: 3 cards due" in stats and "87.5% of 8 reviews" in stats
    assert html.index('class="fn-card"') < html.index('class="fn-stats"')


def test_notices_are_shown() -> None:
    """A notice (such as sources changed since the build) is on the page, escaped."""
    assert '<p class="fn-notice">run &lt;build&gt;</p>' in _page(notices=("run <build>",))


def test_formula_inside_an_attribute_is_left_alone() -> None:
    """Only text between tags becomes MathML: LaTeX inside an attribute value cannot break out of it."""
    out = with_math('<img src="a.png" alt="\\(x\\)"> and \\(y\\)')
    assert out.startswith('<img src="a.png" alt="\\(x\\)"> and <span class="fn-math-inline">')


class _Tags(HTMLParser):
    """Every start tag and attribute name of a document."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.attributes: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attributes |= {name for name, _ in attrs}


_PIECES = ["<script>x</script>", "<img src=x onerror=y>", '"', "'", "&", "<", ">", r"\(", r"\)", r"\[", r"\]",
           r"\text{", "}", "{{c1::", "}}", "![a](b.png)", "**", "`", "\n", "x", "中", " "]  # fmt: skip


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=30).map("".join), st.sampled_from(list(Kind)))
def test_no_card_text_puts_script_or_handlers_on_the_page(text: str, kind: Kind) -> None:
    """Whatever a card says, the page has exactly its own script and no event-handler attribute."""
    card = Card("i", kind, text or "x", text or "y", text or "k", Source(text or "a.md", 1, (text,)))
    fields = note_fields(card, lambda src: src)
    page = _page(PreviewCard(card, tuple(sides(fields, kind is Kind.CLOZE))))
    parser = _Tags()
    parser.feed(page)
    assert parser.tags.count("script") == 1
    assert not {a for a in parser.attributes if a.startswith("on")}
    assert not {"iframe", "object", "embed", "link", "base", "form"} & set(parser.tags)
