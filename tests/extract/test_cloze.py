"""Tests for cloze deletions: both syntaxes, never inside code, math or tags, linear scanning."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from flashnotes.extract.cloze import Cloze, find_cloze
from tests.helpers import HOSTILE_FRAGMENTS, work_ratio


def test_both_syntaxes_make_one_card_with_numbered_deletions() -> None:
    """``==x==`` is numbered like ``{{cN::x}}``; the back reveals every deletion, hints dropped."""
    assert find_cloze("==Adam== uses {{c2::moments::what?}}.", 1) == Cloze(
        "{{c1::Adam}} uses {{c2::moments::what?}}.", "Adam uses moments."
    )


@pytest.mark.parametrize(
    "raw",
    [
        "Use ==x {% if== y %} here.",
        "Write `{{c1::x}}` in a card.",
        "Write `==x==` to highlight.",
        "Math $a == b$ and $c == d$ is no deletion.",
        "<span title='==x=='>y</span>",
        "An unclosed {{c1::deletion",
    ],
)
def test_no_deletion_starts_or_ends_inside_code_math_or_tags(raw: str) -> None:
    """Markers inside code, math, HTML or template tags, or never closed, make no cloze card."""
    assert find_cloze(raw, 1) is None


def test_math_inside_a_deletion_is_kept_whole() -> None:
    """A formula inside a deletion is restored exactly, delimiters normalised."""
    found = find_cloze("The loss is =={{c1::$x^2$}}== here, ==$y_1$==.", 1)
    assert found is not None and found.front.endswith("{{c1::\\(y_1\\)}}.")


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(HOSTILE_FRAGMENTS), min_size=1, max_size=6).map("".join))
def test_finding_deletions_takes_linear_time(unit: str) -> None:
    """Four times the input takes about four times the work, whatever fragments repeat."""
    assert work_ratio(lambda text: find_cloze(text, 1), unit) < 10


@pytest.mark.parametrize("unit", ["{{c1::", "==a ", "{{c1::a::b::c ", "==a {{c1::b"])
def test_unclosed_markers_take_linear_time(unit: str) -> None:
    """Openers without closers (quadratic before) scale linearly."""
    assert work_ratio(lambda text: find_cloze(text, 1), unit) < 10


def test_cloze_syntax_in_code_stays_text_beside_a_real_deletion() -> None:
    """A code span's ``{{c1::x}}`` is shown as written but is no deletion; the real one is the only one."""
    found = find_cloze("Write `{{c1::x}}` in Anki, and ==this== is a real one.", 1)
    assert found is not None
    assert found.front.count("{{c") == 1 and "{{c1::this}}" in found.front
    assert "{{c" not in found.back and found.back.replace("\u2060", "").startswith("Write {{c1::x}} in Anki")
