"""Tests for card HTML: escaping, Markdown, LaTeX untouched, cloze safety, images."""

from __future__ import annotations

from flashnotes.deck.render import images, replace_images, to_html


def test_html_is_escaped_outside_math_and_latex_is_untouched() -> None:
    """Angle brackets in prose are escaped; LaTeX keeps its underscores, stars and backslashes."""
    html = to_html(r"if a<b then \(x_1 * y_2 < \frac{a}{b}\) holds")
    assert html == r"if a&lt;b then \(x_1 * y_2 &lt; \frac{a}{b}\) holds"


def test_markdown_is_rendered() -> None:
    """Line breaks and bullets become HTML."""
    assert to_html("第一行\n• 第二行") == "第一行<br>\n• 第二行"


def test_cloze_braces_inside_latex_are_made_safe() -> None:
    """``}}`` inside LaTeX cannot end a cloze deletion early."""
    html = to_html(r"{{c1::\(\frac{a}{b^{2}}\)}} 是分数", cloze=True)
    assert html == r"{{c1::\(\frac{a}{b^{2} }\)}} 是分数"


def test_images_are_found_and_renamed() -> None:
    """Image references are listed, and can be pointed at packaged names or dropped."""
    text = "见 ![图](fig/a.png) 和 ![](b.png)"
    assert images(text) == ["fig/a.png", "b.png"]
    renamed = replace_images(text, lambda src: "h.png" if src == "fig/a.png" else None)
    assert renamed == "见 ![图](h.png) 和 "
    assert '<img src="h.png" alt="图">' in to_html(renamed)
