"""Tests for the preview's inline SVG bar charts."""

from __future__ import annotations

import re

from flashnotes.deck.charts import bar_chart


def _heights(svg: str) -> list[float]:
    return [float(h) for h in re.findall(r'<rect class="fn-bar"[^>]* height="([\d.]+)"', svg)]


def test_bars_scale_to_the_largest_day_and_say_their_day() -> None:
    """One bar per day, heights in proportion to the counts, each with a tooltip naming its day."""
    svg = bar_chart([0, 2, 4], "Due", "today", "+2 days", "cards due")
    heights = _heights(svg)
    assert len(heights) == 3 and heights[0] == 0 and abs(heights[2] - 2 * heights[1]) < 0.2
    assert "<title>in 2 days: 4 cards due</title>" in svg and "<title>today: 0 cards due</title>" in svg
    assert 'aria-label="Due: 6 cards due in 3 days"' in svg


def test_past_days_count_back_to_today() -> None:
    """A history chart's last bar is today and the first one the oldest day."""
    svg = bar_chart([1, 0, 3], "Reviews", "2 days ago", "today", "reviews")
    assert "<title>2 days ago: 1 reviews</title>" in svg and "<title>today: 3 reviews</title>" in svg


def test_an_empty_chart_says_so() -> None:
    """All zeros draw flat bars and the words 'none yet' instead of an empty box."""
    svg = bar_chart([0] * 30, "Due", "today", "+29 days", "cards due")
    assert "none yet" in svg and set(_heights(svg)) == {0.0}
