"""Tests for card HTML: escaping, Markdown, LaTeX untouched, cloze safety, images."""

from __future__ import annotations

import pytest

from flashnotes.deck.render import images, replace_images, to_html
from tests.helpers import unsafe_markup


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


@pytest.mark.parametrize(
    "text",
    [
        "see [a[b[c]]](javascript:alert(1)) now",
        "code [x](javascript:alert(2)) text",
        '![x" onerror="alert(3)](f.png)',
        "![](http://evil.example/t.png) and ![](//evil.example/t.png)",
        "![](/etc/passwd) ![](javascript:alert(1))",
        "<img src=x onerror=alert(4)> <script>alert(5)</script>",
        "[click](JaVaScRiPt:alert(6)) <a href='javascript:alert(7)'>x</a>",
        "{{c1::<b onmouseover=alert(8)>x</b>}}",
    ],
)
def test_card_html_holds_no_script_event_attribute_link_or_remote_source(text: str) -> None:
    """Whatever the text, the field's HTML has no script, on* attribute, javascript: URL, link or remote image."""
    for cloze in (False, True):
        assert unsafe_markup(to_html(text, cloze=cloze)) == []


def test_link_syntax_stays_text_and_a_packaged_image_stays_an_image() -> None:
    """``[a](url)`` is shown as written; an image pointing at packaged media is kept with its alt text."""
    assert to_html("[a](http://x.example) ok") == "[a](http://x.example) ok"
    assert to_html('![图 "1"](0123456789abcdef.png)') == '<img src="0123456789abcdef.png" alt="图 &quot;1&quot;">'


def test_allowed_markup_survives_sanitising() -> None:
    """Lists, emphasis, code and line breaks written by hand still render."""
    out = to_html("**bold** and `code`\n\n- one\n- two")
    assert "<strong>bold</strong>" in out and "<code>code</code>" in out and "<li>one</li>" in out
