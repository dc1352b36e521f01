"""Bar charts as inline SVG for the preview page: one bar per day, labelled, no script and no fonts to fetch."""

from __future__ import annotations

import html
from collections.abc import Sequence

_W, _H, _PAD, _AXIS = 600, 140, 28, 18


def bar_chart(values: Sequence[int], title: str, first: str, last: str, unit: str) -> str:
    """An SVG bar chart of daily counts: each bar has a tooltip, the axis names the first and last day."""
    top = max(values, default=0)
    label = html.escape(f"{title}: {sum(values)} {unit} in {len(values)} days")
    parts = [
        f'<svg class="fn-chart" viewBox="0 0 {_W} {_H}" role="img" aria-label="{label}" '
        f'xmlns="http://www.w3.org/2000/svg">',
        f"<title>{label}</title>",
        f'<line x1="{_PAD}" y1="{_H - _AXIS}" x2="{_W - 4}" y2="{_H - _AXIS}" class="fn-axis"/>',
    ]
    if top == 0:
        parts.append(f'<text x="{_W / 2}" y="{(_H - _AXIS) / 2}" text-anchor="middle">none yet</text>')
    step = (_W - _PAD - 4) / max(1, len(values))
    for i, value in enumerate(values):
        height = 0 if top == 0 else value / top * (_H - _AXIS - 16)
        x, y = _PAD + i * step + 1, _H - _AXIS - height
        day = i if first == "today" else i - len(values) + 1
        parts.append(
            f'<rect class="fn-bar" x="{x:.1f}" y="{y:.1f}" width="{max(1.0, step - 2):.1f}" height="{height:.1f}">'
            f"<title>{html.escape(_day(day))}: {value} {html.escape(unit)}</title></rect>"
        )
    parts += [
        f'<text x="{_PAD - 4}" y="14" text-anchor="end">{top}</text>',
        f'<text x="{_PAD}" y="{_H - 4}">{html.escape(first)}</text>',
        f'<text x="{_W - 4}" y="{_H - 4}" text-anchor="end">{html.escape(last)}</text>',
        "</svg>",
    ]
    return "".join(parts)


def _day(offset: int) -> str:
    if offset == 0:
        return "today"
    return f"in {offset} days" if offset > 0 else f"{-offset} days ago"
