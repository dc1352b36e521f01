"""The preview page in a real headless Chromium: every card, every formula drawn, nothing too wide, the filter.

Chromium comes from the system's packages (`.ci/run` installs it when it is
missing). Outside CI, the test is skipped with the reason when it is not installed.
"""

from __future__ import annotations

import os
import re
import struct
import zlib
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from flashnotes.cli import main
from flashnotes.collection import Collection
from flashnotes.deck.store import Builds
from tests.browser import WIDE_FORMULA, Browser, require_chromium
from tests.helpers import Project

ARTICLE = f"""# 注意力 Attention

注意力机制是一种让模型按相关程度加权输入的方法。

Softmax is a function that turns scores into probabilities that sum to one.

缩放点积注意力的计算公式为：

$$\\mathrm{{Attention}}(Q,K,V) = \\mathrm{{softmax}}\\left(\\frac{{QK^T}}{{\\sqrt{{d_k}}}}\\right)V$$

The full loss sums one term per output, which makes a very wide line:

$$ {WIDE_FORMULA} $$

The two moments of Adam are updated as:

$$\\begin{{aligned}} m_t &= \\beta_1 m_{{t-1}} + (1-\\beta_1) g_t \\\\
  v_t &= \\beta_2 v_{{t-1}} + (1-\\beta_2) g_t^2 \\end{{aligned}}$$

## 为什么要除以 $\\sqrt{{d_k}}$？

点积的方差随维度 $d_k$ 增大，除以 $\\sqrt{{d_k}}$ 让 softmax 不至于饱和。

The ==temperature== of a softmax divides the logits before it is applied.

Q: What does <script>window.pwned = 1</script> do in an article?
A: Nothing: <img src=x onerror="window.pwned = 2"> stays text, and $\\text{{<b onclick=alert(1)>bold</b>}}$ too.

Q: What does a local image look like on the page?
A: Like this: ![a dot](img/dot.png)

Supercalifragilistic :: averyveryveryveryveryveryveryveryveryveryveryveryveryveryveryverylongwordwithoutanyspaceatall
"""
DECK = "name: 注意力\narticles: [notes/]\n"


def _png() -> bytes:
    """A 1x1 PNG, made here so the test needs no image file."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\0\xff\0\0"))
        + chunk(b"IEND", b"")
    )


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, set[str], int]]:
    """A built project and its preview page; the live card ids and the number of formulas on its Anki cards."""
    project = Project(tmp_path_factory.mktemp("preview"))
    project.write("decks/attention.yaml", DECK)
    project.write("notes/attention.md", ARTICLE)
    (project.root / "notes" / "img").mkdir()
    (project.root / "notes" / "img" / "dot.png").write_bytes(_png())
    cwd = Path.cwd()
    os.chdir(project.root)
    try:
        runner = CliRunner()
        built = runner.invoke(main, ["--now", "2026-03-01T09:00:00Z", "build"])
        assert built.exit_code == 0, built.output
        shown = runner.invoke(main, ["--now", "2026-03-01T09:00:00Z", "preview", "--timezone", "UTC"])
        assert shown.exit_code == 0, shown.output
    finally:
        os.chdir(cwd)
    with Collection(project.root / ".flashnotes" / "collection.sqlite3") as col:
        ids = {s.id for s in Builds(col).cards("注意力") if s.retired is None}
    from flashnotes.deck.cardview import sides
    from flashnotes.deck.fields import note_fields
    from flashnotes.model import Kind

    with Collection(project.root / ".flashnotes" / "collection.sqlite3") as col:
        formulas = 0
        for s in Builds(col).cards("注意力"):
            for side in sides(note_fields(s.card, lambda src: src), s.card.kind is Kind.CLOZE):
                formulas += len(re.findall(r"\\\(|\\\[", side.front + side.back))
    yield project.root / "dist" / "attention.html", ids, formulas


@pytest.fixture(scope="module", params=[420, 1200], ids=["phone", "desktop"])
def browser(request: pytest.FixtureRequest, page: tuple[Path, set[str], int]) -> Iterator[Browser]:
    with Browser(require_chromium(), width=request.param, height=900) as b:
        b.open(page[0])
        yield b


def test_every_card_is_on_the_page(browser: Browser, page: tuple[Path, set[str], int]) -> None:
    """Each live card of the deck has its box on the page, and no other card does."""
    ids = browser.js("Array.from(document.querySelectorAll('.fn-card'), c => c.dataset.id)")
    assert len(ids) == len(set(ids)) and set(ids) == page[1] and len(ids) >= 8


def test_every_formula_is_drawn_as_math_with_a_size(browser: Browser, page: tuple[Path, set[str], int]) -> None:
    """Every formula of every Anki card became a MathML element with a non-zero box; no raw LaTeX is left."""
    sizes = browser.js(
        "Array.from(document.querySelectorAll('math'), m => { const r = m.getBoundingClientRect();"
        " return [r.width, r.height]; })"
    )
    assert len(sizes) == page[2] and page[2] >= 10
    assert all(w > 0 and h > 0 for w, h in sizes), sizes
    assert browser.js("document.querySelectorAll('.fn-latex').length") == 0
    text = browser.js("document.body.innerText")
    assert "\\(" not in text and "\\[" not in text and "\\frac" not in text


def test_no_card_is_wider_than_the_page(browser: Browser) -> None:
    """Every card box fits the page width; the very wide formula scrolls inside its own box instead."""
    boxes = browser.js(
        "Array.from(document.querySelectorAll('.fn-card'), c => { const r = c.getBoundingClientRect();"
        " return [r.left, r.right, c.scrollWidth, c.clientWidth]; })"
    )
    page_width = browser.js("document.documentElement.clientWidth")
    assert all(left >= 0 and right <= page_width + 0.5 for left, right, _, _ in boxes), (page_width, boxes)
    assert all(scroll <= client + 1 for _, _, scroll, client in boxes), boxes
    assert browser.js("document.documentElement.scrollWidth") <= page_width
    wide = browser.js(
        "Array.from(document.querySelectorAll('.fn-math-block')).filter(b => b.scrollWidth > b.clientWidth + 1).length"
    )
    assert wide >= 1  # the wide formula really is wider than its box: it scrolls there


def _visible(browser: Browser) -> dict[str, list[str]]:
    shown = browser.js(
        "Array.from(document.querySelectorAll('.fn-card')).filter(c => c.offsetParent !== null)"
        ".map(c => [c.dataset.kind, c.dataset.id])"
    )
    out: dict[str, list[str]] = {}
    for kind, card_id in shown:
        out.setdefault(kind, []).append(card_id)
    return out


def test_kind_filter_hides_and_shows_cards(browser: Browser) -> None:
    """Unticking a kind hides exactly its cards; ticking it again brings them all back."""
    before = _visible(browser)
    assert before.get("formula") and before.get("definition")
    browser.js("document.querySelector('input[name=kind][value=formula]').click()")
    hidden = _visible(browser)
    assert "formula" not in hidden and hidden == {k: v for k, v in before.items() if k != "formula"}
    assert browser.js("document.getElementById('fn-shown').textContent") == str(sum(map(len, hidden.values())))
    browser.js("document.querySelector('input[name=kind][value=formula]').click()")
    assert _visible(browser) == before


def test_search_box_narrows_to_matching_cards(browser: Browser) -> None:
    """Typing a word in the search box leaves only the cards containing it; clearing it shows all again."""
    before = _visible(browser)
    browser.js("document.getElementById('fn-search').focus()")
    browser.call("Input.insertText", {"text": "temperature"}, session=True)
    assert _visible(browser) == {"cloze": before["cloze"]}
    browser.js("const s = document.getElementById('fn-search'); s.value = ''; s.dispatchEvent(new Event('input'))")
    assert _visible(browser) == before


def test_article_html_stays_text(browser: Browser) -> None:
    """Script and event handlers written in the article (or inside its LaTeX) neither run nor become elements."""
    assert browser.js("typeof window.pwned") == "undefined"
    assert browser.js("document.scripts.length") == 1
    handlers = browser.js(
        "Array.from(document.querySelectorAll('*')).flatMap(e => e.getAttributeNames()).filter(n => n.startsWith('on'))"
    )
    assert handlers == []
    text = browser.js("document.body.innerText")
    assert "What does window.pwned = 1 do in an article?" in text and "onclick=alert(1)" in text


def test_aligned_formula_lines_up_at_its_ampersands(browser: Browser) -> None:
    """In an aligned formula the relation signs after `&` start at the same x, as MathJax draws them."""
    lefts = browser.js(
        "Array.from(document.querySelectorAll('.fn-side:last-child mtable mtd[columnalign=left]'),"
        " cell => Math.round(cell.querySelector('mo').getBoundingClientRect().left))"
    )
    assert len(lefts) >= 2 and len(set(lefts)) == 1, lefts


def test_local_image_loads_under_the_page_policy(browser: Browser) -> None:
    """An image next to the article is shown (the policy allows local files), at its real size."""
    sizes = browser.js("Array.from(document.images, i => [i.complete, i.naturalWidth, i.getAttribute('src')])")
    assert sizes and all(done and width == 1 for done, width, _ in sizes), sizes
    assert {src for _, _, src in sizes} == {"../notes/img/dot.png"}
